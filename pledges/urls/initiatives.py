from django.urls import path
from django.utils.text import format_lazy
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
    # The partner-interest form on a page of its own (like events:register), so that the
    # initiative page carries no CSRF token and is cached whole.
    path(
        format_lazy("<int:pk>/{}", pgettext_lazy("url", "join/")),
        browse_views.initiative_join,
        name="join",
    ),
    path(
        format_lazy(
            "<int:pk>/{}{}<str:token>/",
            pgettext_lazy("url", "join/"),
            pgettext_lazy("url", "sent/"),
        ),
        browse_views.initiative_joined,
        name="joined",
    ),
]
