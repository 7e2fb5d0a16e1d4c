"""The workspace's one form: the address a sign-in link is sent to."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SignInRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("The address you gave as the contact person or at which you were invited."),
        widget=forms.EmailInput({"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address in the form name@example.fi."),
        },
    )
    # Honeypot: hidden from people by CSS; a bot that fills it gets the usual answer.
    website = forms.CharField(required=False, max_length=200)

    def is_honeypot_hit(self) -> bool:
        return bool(self.data.get(self.add_prefix("website"), "").strip())
