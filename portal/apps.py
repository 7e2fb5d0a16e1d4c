from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    default = True
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from portal import security  # noqa: F401  (connects the login log receivers)


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with a site that demands the second factor."""

    default = False
    default_site = "portal.admin_site.PortalAdminSite"
