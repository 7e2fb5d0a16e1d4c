from django.urls import path
from django.utils.translation import pgettext_lazy

from mailings import views

app_name = "newsletter"
urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path(pgettext_lazy("url", "sent/"), views.subscribe_sent, name="subscribe_sent"),
    path(pgettext_lazy("url", "confirm/<str:token>/"), views.confirm, name="confirm"),
    path(pgettext_lazy("url", "preferences/<str:token>/"), views.manage, name="manage"),
    path(
        pgettext_lazy("url", "unsubscribe/<str:token>/"), views.unsubscribe_view, name="unsubscribe"
    ),
    path(pgettext_lazy("url", "archive/"), views.archive, name="archive"),
    path(pgettext_lazy("url", "archive/<int:pk>/"), views.archive_detail, name="archive_detail"),
]
