"""Forms of the public pages: the list filters and the "join as a partner" message."""

from functools import cache

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.content_versions import cached_value
from core.models import Municipality
from core.municipalities import municipality_choices
from core.regions import sorted_region_choices
from pledges.models import Initiative, Organisation
from pledges.progress import ProgressStatus
from pledges.selectors import municipalities_public
from programmes.models import Campaign
from themes.models import Theme

SORT_NEWEST = "newest"
SORT_TITLE = "title"
# What the pledge list filters by progress (discontinued pledges are not singled out).
PROGRESS_FILTERS = (
    ProgressStatus.ON_TRACK,
    ProgressStatus.DELAYED,
    ProgressStatus.COMPLETED,
    ProgressStatus.OVERDUE,
)


def _public_municipalities():
    """The municipalities with public entries. Finding them reads every public entry, so the
    codes are cached until the entries change (portal.cache_invalidation bumps the topics)."""
    codes = cached_value(
        "public-municipality-codes",
        ("pledges", "initiatives"),
        lambda: list(municipalities_public().values_list("pk", flat=True)),
    )
    return Municipality.objects.filter(pk__in=codes)


class StrictCheckbox(forms.CheckboxInput):
    """A filter checkbox that is on only for the values a browser sends (not for any text)."""

    def value_from_datadict(self, data, files, name) -> bool:
        return data.get(name) in ("1", "on", "true", "True")


class ThemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Theme) -> str:
        return obj.name  # modeltranslation: the page language


class EntryFilterForm(forms.Form):
    """GET filters of the pledge list. Invalid values are ignored, never an error page."""

    theme = ThemeChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.order_by("number"),
        required=False,
        empty_label=_("All themes"),
    )
    type = forms.ChoiceField(label=_("Organisation type"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.order_by("-opens_at"),
        required=False,
        empty_label=_("All campaigns"),
    )
    selected = forms.BooleanField(
        label=_("Selected for the programme"), required=False, widget=StrictCheckbox
    )
    awarded = forms.BooleanField(label=_("Awarded"), required=False, widget=StrictCheckbox)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(SORT_NEWEST, _("Newest first")), (SORT_TITLE, _("Title A–Ö"))],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Built per request so the labels follow the page language.
        self.fields["type"].choices = [("", _("All types")), *Organisation.Type.choices]
        self.fields["region"].choices = [("", _("All regions")), *sorted_region_choices()]
        # Only municipalities that have something to show, named in the page language.
        # A cached callable: one query, and only when the choices are shown or checked.
        self.fields["municipality"].choices = cache(
            lambda: [
                ("", _("All municipalities")),
                *municipality_choices(queryset=_public_municipalities()),
            ]
        )

    def filters(self) -> dict:
        """The valid filter values; a field with a bad value counts as not chosen."""
        self.is_valid()
        return {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if value not in (None, "", False)
        }


class PledgeFilterForm(EntryFilterForm):
    progress = forms.ChoiceField(label=_("Status of progress"), required=False)

    field_order = [
        "theme",
        "type",
        "region",
        "municipality",
        "campaign",
        "progress",
        "selected",
        "awarded",
        "sort",
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["progress"].choices = [
            ("", _("Any progress")),
            *[(status.value, capfirst(status.label)) for status in PROGRESS_FILTERS],
        ]


class InitiativeFilterForm(EntryFilterForm):
    seeking = forms.BooleanField(label=_("Seeking partners"), required=False, widget=StrictCheckbox)
    stage = forms.ChoiceField(label=_("Stage"), required=False)

    field_order = [
        "theme",
        "type",
        "region",
        "municipality",
        "campaign",
        "stage",
        "selected",
        "awarded",
        "seeking",
        "sort",
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", _("All stages")), *Initiative.Stage.choices]


class PartnerInterestForm(forms.Form):
    """An organisation tells the submitter of an initiative that it would like to join."""

    organisation_name = forms.CharField(
        label=_("Organisation"),
        max_length=250,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    contact_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Tell briefly who you are and how you would like to take part."),
    )
    # Honeypot: hidden from people, filled in by bots.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def clean_website(self) -> str:
        value = self.cleaned_data.get("website", "")
        if value:
            raise forms.ValidationError(_("Leave this field empty."))
        return value
