from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy

from events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path(pgettext_lazy("url", "calendar.ics"), views.calendar_feed, name="calendar"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>-<slug:slug>/", views.event_detail, name="detail_slug"),
    path(
        format_lazy("<int:pk>/{}", pgettext_lazy("url", "register/")),
        views.event_register,
        name="register",
    ),
    path(
        format_lazy("<int:pk>/{}", pgettext_lazy("url", "event.ics")),
        views.event_ics_view,
        name="ics",
    ),
    path(
        format_lazy("{}<str:token>/", pgettext_lazy("url", "registered/")),
        views.event_registered,
        name="registered",
    ),
    path(
        format_lazy("{}<str:token>/", pgettext_lazy("url", "cancel/")),
        views.registration_cancel,
        name="cancel",
    ),
]
