from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy

from pledges import progress_views, views

app_name = "participate"
urlpatterns = [
    path("", views.participate, name="form"),
    path(pgettext_lazy("url", "received/"), views.received, name="received"),
    path(
        format_lazy("{}<str:token>/", pgettext_lazy("url", "status/")),
        views.status,
        name="status",
    ),
    path(
        format_lazy(
            "{}<str:token>/{}<str:entry>/",
            pgettext_lazy("url", "status/"),
            pgettext_lazy("url", "withdraw/"),
        ),
        views.withdraw,
        name="withdraw",
    ),
    path(
        format_lazy("{}<str:token>/", pgettext_lazy("url", "confirm/")),
        views.confirm,
        name="confirm",
    ),
    path(
        format_lazy("{}<str:token>/", pgettext_lazy("url", "partner/")),
        views.partner,
        name="partner",
    ),
    path(
        format_lazy(
            "{}<str:token>/{}<int:pk>/",
            pgettext_lazy("url", "status/"),
            pgettext_lazy("url", "indicators/"),
        ),
        progress_views.indicators,
        name="indicators",
    ),
    path(
        format_lazy("{}<int:pk>/<str:token>/", pgettext_lazy("url", "report/")),
        progress_views.report,
        name="report",
    ),
]
