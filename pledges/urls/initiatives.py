from django.urls import path
from django.utils.translation import pgettext_lazy

from pledges import browse_views
from pledges.feeds import InitiativeFeed

app_name = "initiatives"
urlpatterns = [
    path("", browse_views.initiative_list, name="list"),
    path(pgettext_lazy("url", "feed/"), InitiativeFeed(), name="feed"),
    # One name for both forms: reverse() with a slug gives the canonical address.
    path("<int:pk>/", browse_views.initiative_detail, name="detail"),
    path("<int:pk>-<slug:slug>/", browse_views.initiative_detail, name="detail"),
]
