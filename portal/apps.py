from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    default = True
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from portal import checks, security  # noqa: F401  (registers checks, log receivers)
        from portal.cache_invalidation import connect as connect_cache_invalidation
        from portal.third_party_i18n import install as install_third_party_translations
        from portal.validators import install_form_field_checks

        # Every form's text and email fields refuse control characters and unreachable
        # addresses (portal/validators.py says why this is one hook and not a base form).
        install_form_field_checks()
        # django-otp's and django-axes' admin texts in Finnish and Swedish.
        install_third_party_translations()
        # Writes to public models bump the content versions the page cache keys on.
        connect_cache_invalidation()


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with a site that demands the second factor."""

    default = False
    default_site = "portal.admin_site.PortalAdminSite"
