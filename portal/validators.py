"""Rules that every text and email field of every form follows, the admin's included.

They are installed once, for every `forms.CharField` (and so every EmailField, URLField,
SlugField, RegexField and modeltranslation's `_fi`/`_sv` fields), by
`install_form_field_checks()` from `PortalConfig.ready()`. One place, rather than a base
class every form must remember to use: the public forms, the admin's ModelForms and
inlines, forms of the libraries (login, OTP) and forms added later all get the rules.
tests/portal/test_form_text_rules.py walks every form and every registered ModelAdmin.

- No control characters (core.text) in any text: one `\\x01` stored from a form used to
  break every XLSX export and the public Atom feeds.
- Tabs and line breaks only in a text area (and a password, which is never shown).
- Email addresses must have a domain that mail can reach on the internet: not
  `user@localhost`, not an IP address (`user@[127.0.0.1]`, `user@10.0.0.1`).
"""

import ipaddress

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.text import has_control_characters, has_line_breaks

CONTROL_CHARACTERS_MESSAGE = _(
    "The text contains invisible control characters (often left by copying and pasting). "
    "Remove them and try again."
)
LINE_BREAKS_MESSAGE = _("Write this on one line, without line breaks or tabs.")
EMAIL_DOMAIN_MESSAGE = _(
    "Enter an email address with a full domain name, such as name@example.fi. "
    "Addresses without a dot in the domain or with an IP address cannot be used."
)


def _texts(value) -> list[str]:
    # A CharField's cleaned value is a string; SimpleArrayField's is a list of them.
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [item for item in value if isinstance(item, str)]
    return []


def validate_text(value, *, multiline: bool) -> None:
    """Refuse control characters, and tabs and line breaks unless `multiline`."""
    for text in _texts(value):
        if has_control_characters(text):
            raise ValidationError(CONTROL_CHARACTERS_MESSAGE, code="control_characters")
        if not multiline and has_line_breaks(text):
            raise ValidationError(LINE_BREAKS_MESSAGE, code="line_breaks")


def _is_ip_address(domain: str) -> bool:
    try:
        ipaddress.ip_address(domain)
    except ValueError:
        # No top-level domain is numeric: "10.1", "127.0.0.1" and the like are addresses.
        return domain.rsplit(".", 1)[-1].isdigit()
    return True


def validate_email_domain(value: str) -> None:
    """Refuse an address whose domain has no dot or is an IP address (literal or not).

    Django's `validate_email` accepts `user@localhost` and `user@[127.0.0.1]`: fine for an
    intranet, but mail to them from this portal goes nowhere or to our own machines.
    """
    _local, at, domain = str(value).rpartition("@")
    if not at:
        return  # not an address at all: Django's own validator says so
    domain = domain.rstrip(".")
    if domain.startswith("[") or "." not in domain or _is_ip_address(domain):
        raise ValidationError(EMAIL_DOMAIN_MESSAGE, code="email_domain")


def _multiline(field: forms.Field) -> bool:
    return isinstance(field.widget, forms.Textarea | forms.PasswordInput)


def install_form_field_checks() -> None:
    """Make every form CharField (and subclass) check its value with the rules above.

    `CharField.validate` is wrapped rather than a validator added in `__init__`: the widget
    (text area or not) is looked up when the value is checked, so a widget set after the
    field was made (in a form's `__init__`, by the admin) counts, and fields made before
    the apps were ready (admin modules import forms early) are covered too.
    """
    if getattr(forms.CharField.validate, "portal_checks", False):
        return
    field_validate = forms.CharField.validate

    def validate(self: forms.CharField, value) -> None:
        field_validate(self, value)
        if value in self.empty_values:
            return
        validate_text(value, multiline=_multiline(self))
        if isinstance(self, forms.EmailField):
            validate_email_domain(value)

    validate.portal_checks = True
    forms.CharField.validate = validate
