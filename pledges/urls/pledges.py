from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy

from pledges import browse_views
from pledges.feeds import PledgeFeed, ProgressReportFeed

app_name = "pledges"
urlpatterns = [
    path("", browse_views.pledge_list, name="list"),
    path(pgettext_lazy("url", "feed/"), PledgeFeed(), name="feed"),
    path(
        format_lazy("{}{}", pgettext_lazy("url", "reports/"), pgettext_lazy("url", "feed/")),
        ProgressReportFeed(),
        name="reports_feed",
    ),
    # One name for both forms: reverse() with a slug gives the canonical address.
    path("<int:pk>/", browse_views.pledge_detail, name="detail"),
    path("<int:pk>-<slug:slug>/", browse_views.pledge_detail, name="detail"),
]
