from django.urls import path
from django.utils.translation import pgettext_lazy

from programmes import news_views
from programmes.feeds import NewsFeed

app_name = "news"
urlpatterns = [
    path("", news_views.news_list, name="list"),
    path(pgettext_lazy("url", "feed.atom"), NewsFeed(), name="feed"),
    path("<int:pk>/", news_views.news_detail, name="detail"),
    path("<int:pk>-<slug:slug>/", news_views.news_detail, name="detail_slug"),
]
