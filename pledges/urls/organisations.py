from django.urls import path

from pledges import organisation_views

app_name = "organisations"
urlpatterns = [
    # One name for both forms: reverse() with a slug gives the canonical address.
    path("<int:pk>/", organisation_views.organisation_detail, name="detail"),
    path("<int:pk>-<slug:slug>/", organisation_views.organisation_detail, name="detail"),
]
