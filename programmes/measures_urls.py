from django.urls import path
from django.utils.translation import pgettext_lazy

from programmes import measures_views
from programmes.feeds import MeasureStatusFeed

app_name = "measures"
urlpatterns = [
    path("", measures_views.measure_list, name="list"),
    path(pgettext_lazy("url", "feed.atom"), MeasureStatusFeed(), name="feed"),
    path("<int:pk>/", measures_views.measure_detail, name="detail"),
    path("<int:pk>-<slug:slug>/", measures_views.measure_detail, name="detail_slug"),
]
