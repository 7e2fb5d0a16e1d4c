from django.urls import path

from pledges import browse_views

app_name = "search"
urlpatterns = [
    path("", browse_views.search, name="search"),
]
