"""The participation form: organisation, contact, partners, a pledge and/or an initiative."""

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.models import Municipality
from core.municipalities import NATIONWIDE, municipality_choices
from core.regions import sorted_region_choices
from pledges.models import Award, Initiative, Organisation
from pledges.services import (
    CONSENT_TEXT,
    InitiativeData,
    OrganisationData,
    PartnerData,
    PledgeData,
)
from pledges.validators import validate_business_id
from themes.models import Theme

MAX_PARTNERS = 10
EMPTY_CHOICE = [("", _("Choose…"))]


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Theme) -> str:
        return obj.name  # modeltranslation: the active language, falling back to the other


def _text(max_length: int, *, required: bool = True, **kwargs) -> forms.CharField:
    # max_length gives both the browser's maxlength and a server-side check.
    return forms.CharField(max_length=max_length, required=required, **kwargs)


def _textarea(max_length: int, rows: int = 6, **kwargs) -> forms.CharField:
    return forms.CharField(
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class ParticipateForm(forms.Form):
    # Organisation
    organisation_name = _text(250, label=_("Name of the organisation"))
    organisation_type = forms.ChoiceField(
        label=_("Type of organisation"), choices=EMPTY_CHOICE + Organisation.Type.choices
    )
    business_id = _text(
        9,
        required=False,
        label=_("Business ID (optional)"),
        help_text=_("Finnish business ID (Y-tunnus) in the form 1234567-8."),
        validators=[validate_business_id],
    )
    # The official list in the page's language, plus "Nationwide" (core.municipalities).
    municipality = forms.ChoiceField(
        label=_("Municipality"),
        help_text=_("Choose “Nationwide” if your organisation works all over Finland."),
    )
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        help_text=_("Leave empty if your organisation works all over Finland."),
    )
    website = forms.URLField(
        label=_("Website (optional)"), max_length=200, required=False, assume_scheme="https"
    )
    # Contact person (private)
    contact_name = _text(200, label=_("Name"), widget=forms.TextInput({"autocomplete": "name"}))
    contact_email = forms.EmailField(
        label=_("Email"), max_length=254, widget=forms.EmailInput({"autocomplete": "email"})
    )
    contact_phone = _text(
        40,
        required=False,
        label=_("Phone (optional)"),
        widget=forms.TextInput({"autocomplete": "tel", "type": "tel"}),
    )
    # Pledge
    pledge_title = _text(200, required=False, label=_("Title of the pledge"))
    pledge_text = _textarea(
        5000,
        required=False,
        label=_("What do you pledge to do?"),
        help_text=_("At most 5,000 characters."),
    )
    # Initiative
    initiative_title = _text(200, required=False, label=_("Title of the initiative"))
    initiative_text = _textarea(
        5000,
        required=False,
        label=_("Describe the initiative"),
        help_text=_("At most 5,000 characters."),
    )
    initiative_partners_sought = _textarea(
        1000,
        rows=3,
        required=False,
        label=_("What kind of partners are you looking for? (optional)"),
    )
    initiative_seeking_partners = forms.BooleanField(
        label=_("We are still looking for partners"), required=False, initial=True
    )
    initiative_stage = forms.ChoiceField(
        label=_("Stage of the initiative"),
        choices=Initiative.Stage.choices,
        initial=Initiative.Stage.IDEA,
    )
    themes = ThemeChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.order_by("number"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose one or more."),
        error_messages={"required": _("Choose at least one theme.")},
    )
    consent = forms.BooleanField(label=CONSENT_TEXT, required=False)
    # Honeypot: hidden from people by CSS; a bot that fills it gets a fake success.
    nickname = _text(
        100,
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput({"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [
            ("", _("Whole country or not specified")),
            *sorted_region_choices(translation.get_language()),
        ]
        self.fields["municipality"].choices = [
            *EMPTY_CHOICE,
            *municipality_choices(translation.get_language()),
        ]

    def clean_business_id(self) -> str:
        return self.cleaned_data["business_id"].strip()

    def is_honeypot_hit(self) -> bool:
        return bool(self.data.get(self.add_prefix("nickname"), "").strip())

    def clean(self) -> dict:
        data = super().clean()
        pledge = self._pair(
            "pledge_title",
            "pledge_text",
            _("Give the pledge a title too."),
            _("Write the text of the pledge too."),
        )
        initiative = self._pair(
            "initiative_title",
            "initiative_text",
            _("Give the initiative a title too."),
            _("Describe the initiative too."),
        )
        if not pledge and not initiative and not self.has_error("pledge_title"):
            self.add_error(
                "pledge_title",
                _("Fill in a pledge, an initiative or both: a title and a text."),
            )
        return data

    def _pair(self, title_name: str, text_name: str, no_title: str, no_text: str) -> bool:
        """Whether the title/text pair was attempted; an error on the missing half if so."""
        title = (self.cleaned_data.get(title_name) or "").strip()
        text = (self.cleaned_data.get(text_name) or "").strip()
        if self.has_error(title_name) or self.has_error(text_name):
            return True
        if title and not text:
            self.add_error(text_name, no_text)
        elif text and not title:
            self.add_error(title_name, no_title)
        return bool(title or text)

    # What the service needs, once the form (and the partner formset) are valid.
    def organisation_data(self) -> OrganisationData:
        d = self.cleaned_data
        return OrganisationData(
            name=d["organisation_name"],
            type=d["organisation_type"],
            business_id=d["business_id"],
            municipality=(
                None
                if d["municipality"] == NATIONWIDE
                else Municipality.objects.get(code=d["municipality"])
            ),
            nationwide=d["municipality"] == NATIONWIDE,
            region=d["region"],
            website=d["website"],
        )

    def pledge_data(self) -> PledgeData | None:
        d = self.cleaned_data
        if not d["pledge_title"]:
            return None
        return PledgeData(title=d["pledge_title"], text=d["pledge_text"])

    def initiative_data(self) -> InitiativeData | None:
        d = self.cleaned_data
        if not d["initiative_title"]:
            return None
        return InitiativeData(
            title=d["initiative_title"],
            text=d["initiative_text"],
            partners_sought=d["initiative_partners_sought"],
            seeking_partners=d["initiative_seeking_partners"],
            stage=d["initiative_stage"],
        )


class PartnerForm(forms.Form):
    """One partner row; a wholly empty row is ignored, a partly filled one is an error."""

    name = _text(250, required=False, label=_("Name of the partner organisation"))
    type = forms.ChoiceField(
        label=_("Type of organisation"),
        required=False,
        choices=EMPTY_CHOICE + Organisation.Type.choices,
    )
    email = forms.EmailField(
        label=_("Contact email of the partner"),
        max_length=254,
        required=False,
        help_text=_("We ask the partner by email to confirm taking part."),
    )

    def clean(self) -> dict:
        data = super().clean()
        filled = [name for name in ("name", "type", "email") if data.get(name)]
        errors = [name for name in ("name", "type", "email") if self.has_error(name)]
        if filled or errors:
            messages = {
                "name": _("Give the partner organisation's name."),
                "type": _("Choose the type of the partner organisation."),
                "email": _("Give an email address for the partner."),
            }
            for name, message in messages.items():
                if not data.get(name) and name not in errors:
                    self.add_error(name, message)
        return data

    def is_filled(self) -> bool:
        return bool(self.cleaned_data.get("name"))


class BasePartnerFormSet(forms.BaseFormSet):
    def __init__(self, *args, contact_email: str = "", **kwargs) -> None:
        # The submitter's own address (as typed): a partner may not use it, so that each
        # address in one submission gets at most one mail.
        self.contact_email = (contact_email or "").strip().casefold()
        super().__init__(*args, **kwargs)

    def clean(self) -> None:
        if any(self.errors):
            return
        seen = set()
        seen_emails = {self.contact_email} - {""}
        for form in self.forms:
            name = (form.cleaned_data.get("name") or "").strip().casefold()
            if not name:
                continue
            if name in seen:
                form.add_error("name", _("This partner is already on the list."))
            seen.add(name)
            email = (form.cleaned_data.get("email") or "").strip().casefold()
            if email == self.contact_email:
                form.add_error(
                    "email",
                    _("This is your own address: give the partner organisation's address."),
                )
            elif email in seen_emails:
                form.add_error("email", _("This address is already given for another partner."))
            seen_emails.add(email)

    def partner_data(self) -> list[PartnerData]:
        return [
            PartnerData(
                name=form.cleaned_data["name"],
                type=form.cleaned_data["type"],
                email=form.cleaned_data["email"],
            )
            for form in self.forms
            if form.is_filled()
        ]


PartnerFormSet = forms.formset_factory(
    PartnerForm,
    formset=BasePartnerFormSet,
    extra=2,
    max_num=MAX_PARTNERS,
    validate_max=True,
    absolute_max=MAX_PARTNERS,
)
PARTNER_PREFIX = "partners"


def initial_from_data(form: forms.Form) -> dict:
    """A bound form's values as `initial`, to show them again in an unbound form."""
    return {
        name: field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
        for name, field in form.fields.items()
    }


class WithdrawForm(forms.Form):
    entry = forms.RegexField(regex=r"^(pledge|initiative)-\d{1,18}$", max_length=40)

    def entry_key(self) -> tuple[str, int]:
        kind, pk = self.cleaned_data["entry"].split("-")
        return kind, int(pk)


class PartnerAnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("confirm", "confirm"), ("decline", "decline")])


class AwardForm(forms.Form):
    """Staff choose an existing award, or name a new one in both languages."""

    award = forms.ModelChoiceField(
        label=_("Existing award"),
        queryset=Award.objects.all(),
        required=False,
        help_text=_("Choose an award, or fill in the names below to create a new one."),
    )
    name_fi = forms.CharField(
        label=_("Name of a new award in Finnish"), required=False, max_length=250
    )
    name_sv = forms.CharField(
        label=_("Name of a new award in Swedish"), required=False, max_length=250
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, can_create: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.can_create = can_create
        if not can_create:
            for name in ("name_fi", "name_sv", "year"):
                del self.fields[name]
            self.fields["award"].required = True
            self.fields["award"].help_text = ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("award") or not self.can_create:
            return cleaned
        if not cleaned.get("name_fi") or not cleaned.get("name_sv"):
            raise forms.ValidationError(
                _("Choose an existing award, or give a new award a name in Finnish and Swedish.")
            )
        return cleaned
