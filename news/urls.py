from django.urls import path
from django.utils.translation import pgettext_lazy

from news import views
from news.feeds import NewsFeed

app_name = "news"
urlpatterns = [
    path("", views.news_list, name="list"),
    path(pgettext_lazy("url", "feed.atom"), NewsFeed(), name="feed"),
    path("<int:pk>/", views.news_detail, name="detail"),
    path("<int:pk>-<slug:slug>/", views.news_detail, name="detail_slug"),
]
