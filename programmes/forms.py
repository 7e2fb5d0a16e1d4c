"""Forms of the public pages of the programme app: the filters of the measures list."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from programmes.models import Measure
from themes.models import Theme


class ThemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Theme) -> str:
        return obj.name  # modeltranslation: the page language


class MeasureFilterForm(forms.Form):
    """The filters of the measures list; every field optional, bad values simply ignored."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    theme = ThemeChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.order_by("number"),
        to_field_name="number",
        required=False,
        empty_label=_("All themes"),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        # Built per request so that the labels follow the page language.
        self.fields["status"].choices = [
            ("", _("All statuses")),
            *((value, capfirst(label)) for value, label in Measure.Status.choices),
        ]
        self.fields["kind"].choices = [
            ("", _("All kinds")),
            *((value, capfirst(label)) for value, label in Measure.Kind.choices),
        ]

    def filters(self) -> dict:
        """The valid filters (an invalid value is dropped, never an error page)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "status": data.get("status") or "",
            "kind": data.get("kind") or "",
            "theme": data.get("theme"),
        }
