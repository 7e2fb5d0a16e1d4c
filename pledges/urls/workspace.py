from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy

from pledges import workspace_views

app_name = "workspace"
urlpatterns = [
    path("", workspace_views.workspace, name="workspace"),
    path(pgettext_lazy("url", "sent/"), workspace_views.sent, name="sent"),
    path(
        format_lazy("{}<str:token>/", pgettext_lazy("url", "sign-in/")),
        workspace_views.sign_in,
        name="sign_in",
    ),
    path(pgettext_lazy("url", "sign-out/"), workspace_views.sign_out, name="sign_out"),
]
