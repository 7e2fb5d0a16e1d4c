from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import AccessibilityFeedback


class AccessibilityFeedbackForm(forms.ModelForm):
    # A field people do not see; bots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = AccessibilityFeedback
        fields = ["message", "page", "wants_accessible_copy", "name", "email"]
        labels = {
            "message": _("Your feedback"),
            "page": _("Which page or content does it concern? (optional)"),
            "wants_accessible_copy": _("I would like the content in an accessible form"),
            "name": _("Your name (optional)"),
            "email": _("Your email address (optional, needed for a reply)"),
        }
        widgets = {
            "message": forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("wants_accessible_copy") and not cleaned.get("email"):
            self.add_error(
                "email", _("Give your email address so that we can send you the content.")
            )
        return cleaned
