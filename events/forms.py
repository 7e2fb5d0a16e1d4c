from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.regions import sorted_region_choices
from events.models import Event
from themes.models import Theme


class EventFilterForm(forms.Form):
    """The filters of the event list; every field optional, bad values simply ignored."""

    WHEN_CHOICES = [("upcoming", _("Upcoming")), ("past", _("Past"))]

    when = forms.ChoiceField(
        label=_("Time"), choices=WHEN_CHOICES, required=False, widget=forms.RadioSelect
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.order_by("number"),
        to_field_name="number",
        required=False,
        empty_label=_("All themes"),
    )
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        self.fields["kind"].choices = [
            ("", _("All kinds")),
            *((value, capfirst(label)) for value, label in Event.Kind.choices),
        ]
        self.fields["region"].choices = [("", _("All regions")), *sorted_region_choices()]

    def filters(self) -> dict:
        """The valid filters (an invalid value is dropped, never an error page)."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "when": data.get("when") or "upcoming",
            "kind": data.get("kind") or "",
            "theme": data.get("theme"),
            "region": data.get("region") or "",
        }


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("The confirmation and a link to cancel are sent here."),
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=250, required=False)
    language = forms.ChoiceField(
        label=_("Language for mails"), choices=settings.LANGUAGES, widget=forms.RadioSelect
    )
    needs = forms.CharField(
        label=_("Accessibility or other needs"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("E.g. diet, interpretation or accessibility. Only the organisers see this."),
    )
    # Left empty by people; bots fill it in. Hidden with CSS, out of the tab order.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Leave this field empty."))
        return ""
