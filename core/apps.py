from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor: what every app uses (docs/architecture.md). Its one model is the
    list of municipalities."""

    name = "core"
    verbose_name = _("Shared data")
