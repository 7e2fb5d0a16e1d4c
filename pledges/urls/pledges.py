from django.urls import path
from django.utils.translation import pgettext_lazy

from pledges import browse_views
from pledges.feeds import PledgeFeed

app_name = "pledges"
urlpatterns = [
    path("", browse_views.pledge_list, name="list"),
    path(pgettext_lazy("url", "feed/"), PledgeFeed(), name="feed"),
    # One name for both forms: reverse() with a slug gives the canonical address.
    path("<int:pk>/", browse_views.pledge_detail, name="detail"),
    path("<int:pk>-<slug:slug>/", browse_views.pledge_detail, name="detail"),
]
