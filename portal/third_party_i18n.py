"""Finnish and Swedish names for what django-otp and django-axes show in the admin.

django-axes marks its strings for translation but ships no fi/sv catalogue: our own
locale/*/django.po translates them (LOCALE_PATHS wins over app catalogues). django-otp's
device models and admin use plain English strings that no catalogue can reach, so
`install()` (called from PortalConfig.ready) replaces them with lazy translations of the
*same* English text. The English text stays identical on purpose: migrations compare
these values with translations deactivated, so no migration is generated for the
third-party apps. Only runtime attributes are set (`Options.verbose_name`, not
`original_attrs`; `Field.verbose_name`, not `_verbose_name`) for the same reason.
"""

from typing import Any

from django.apps import apps
from django.contrib import admin
from django.utils import translation
from django.utils.translation import gettext_lazy as _

APP_NAMES = {
    "otp_totp": _("Authenticator apps"),
    "otp_static": _("Backup codes"),
    "axes": _("Login attempts"),
}

MODEL_NAMES = {
    ("otp_totp", "totpdevice"): (_("TOTP device"), _("TOTP devices")),
    ("otp_static", "staticdevice"): (_("static device"), _("static devices")),
    ("otp_static", "statictoken"): (_("static token"), _("static tokens")),
}

# Field name → (verbose name, help text or None), for every django-otp model above.
FIELD_TEXTS = {
    "user": (_("user"), _("The user that this device belongs to.")),
    "name": (_("name"), _("The human-readable name of this device.")),
    "confirmed": (_("confirmed"), _("Is this device ready for use?")),
    "created_at": (
        _("created at"),
        _("The date and time when this device was initially created in the system."),
    ),
    "last_used_at": (_("last used at"), _("The most recent date and time this device was used.")),
    "throttling_failure_timestamp": (
        _("throttling failure timestamp"),
        _("A timestamp of the last failed verification attempt. Null if last attempt succeeded."),
    ),
    "throttling_failure_count": (
        _("throttling failure count"),
        _("Number of successive failed attempts."),
    ),
    "key": (_("key"), _("A hex-encoded secret key of up to 40 bytes.")),
    "step": (_("step"), _("The time step in seconds.")),
    "t0": (_("t0"), _("The Unix time at which to begin counting steps.")),
    "digits": (_("digits"), _("The number of digits to expect in a token.")),
    "tolerance": (
        _("tolerance"),
        _("The number of time steps in the past or future to allow."),
    ),
    "drift": (
        _("drift"),
        _("The number of time steps the prover is known to deviate from our clock."),
    ),
    "last_t": (
        _("last t"),
        _(
            "The t value of the latest verified token. "
            "The next token must be at a higher time step."
        ),
    ),
    "token": (_("token"), None),
    "device": (_("device"), None),
}

FIELDSET_NAMES = {
    "Identity": _("Identity"),
    "Timestamps": _("Timestamps"),
    "Configuration": _("Configuration"),
    "State": _("State"),
    "Throttling": _("Throttling"),
}


def _translate_models() -> None:
    for app_label, verbose_name in APP_NAMES.items():
        if apps.is_installed(f"django_otp.plugins.{app_label}") or app_label == "axes":
            apps.get_app_config(app_label).verbose_name = verbose_name
    for (app_label, model_name), (singular, plural) in MODEL_NAMES.items():
        model = apps.get_model(app_label, model_name)
        model._meta.verbose_name = singular
        model._meta.verbose_name_plural = plural
        for field in model._meta.get_fields():
            texts = FIELD_TEXTS.get(field.name)
            if texts is None or not hasattr(field, "verbose_name"):
                continue
            verbose_name, help_text = texts
            # Only where the English matches (compared untranslated), so a text that
            # changes upstream shows in English rather than with an outdated meaning.
            with translation.override(None):
                if str(field.verbose_name) == str(verbose_name):
                    field.verbose_name = verbose_name
                if help_text is not None and str(field.help_text) == str(help_text):
                    field.help_text = help_text


def _translated_fieldsets(get_fieldsets: Any) -> Any:
    def wrapper(self: admin.ModelAdmin, request: Any, obj: Any = None) -> list:
        return [
            (FIELDSET_NAMES.get(name, name) if name else name, options)
            for name, options in get_fieldsets(self, request, obj)
        ]

    return wrapper


def _translate_admins() -> None:
    for app_label, model_name in (("otp_totp", "totpdevice"), ("otp_static", "staticdevice")):
        model = apps.get_model(app_label, model_name)
        model_admin = admin.site._registry.get(model)
        if model_admin is None:
            continue
        admin_class = type(model_admin)
        if not getattr(admin_class, "_portal_translated", False):
            admin_class.get_fieldsets = _translated_fieldsets(admin_class.get_fieldsets)
            admin_class._portal_translated = True
        model_admin.search_help_text = _("Search by username or email address")
        qrcode_link = getattr(admin_class, "qrcode_link", None)
        if qrcode_link is not None:
            qrcode_link.short_description = _("QR code")


def install() -> None:
    _translate_models()
    _translate_admins()
