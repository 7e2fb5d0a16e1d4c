"""Forms of progress reporting: the indicators (status link) and a period's report."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pledges.models import Pledge
from pledges.progress import REPORT_STATUSES, Indicator
from pledges.progress_services import MAX_INDICATORS, IndicatorData

NO_REPORTING = ""
MAX_VALUE = 10**12


def _number(label, *, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=14,
        decimal_places=2,
        min_value=-MAX_VALUE,
        max_value=MAX_VALUE,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


class IntervalForm(forms.Form):
    report_interval_months = forms.TypedChoiceField(
        label=_("How often do you report progress?"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("We send a reminder by email when a report is due."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["report_interval_months"].choices = [
            (NO_REPORTING, _("No progress reports")),
            *Pledge.ReportInterval.choices,
        ]


class IndicatorForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name_fi = forms.CharField(label=_("Name in Finnish"), max_length=200, required=False)
    name_sv = forms.CharField(label=_("Name in Swedish"), max_length=200, required=False)
    unit = forms.CharField(
        label=_("Unit"),
        max_length=40,
        required=False,
        help_text=_("For example: participants, events, per cent."),
    )
    baseline = _number(_("Baseline"))
    target = _number(_("Target"))
    target_date = forms.DateField(
        label=_("Target date"),
        required=False,
        localize=True,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    remove = forms.BooleanField(label=_("Remove this indicator"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("remove") and not (data.get("name_fi") or data.get("name_sv")):
            raise forms.ValidationError(_("Give the indicator a name in Finnish or in Swedish."))
        return data

    def indicator_data(self) -> IndicatorData:
        data = self.cleaned_data
        return IndicatorData(
            id=data.get("id"),
            name_fi=data["name_fi"],
            name_sv=data["name_sv"],
            unit=data["unit"],
            baseline=data["baseline"],
            target=data["target"],
            target_date=data.get("target_date"),
        )


class BaseIndicatorFormSet(forms.BaseFormSet):
    def indicators(self) -> list[IndicatorData]:
        return [
            form.indicator_data()
            for form in self.forms
            if form.has_changed() or form.cleaned_data.get("id")
            if form.cleaned_data and not form.cleaned_data.get("remove")
        ]


IndicatorFormSet = forms.formset_factory(
    IndicatorForm,
    formset=BaseIndicatorFormSet,
    extra=1,
    max_num=MAX_INDICATORS,
    absolute_max=MAX_INDICATORS,
    validate_max=True,
)


def indicator_initial(indicator: Indicator) -> dict:
    return {
        "id": indicator.pk,
        "name_fi": indicator.name_fi or "",
        "name_sv": indicator.name_sv or "",
        "unit": indicator.unit,
        "baseline": indicator.baseline,
        "target": indicator.target,
        "target_date": indicator.target_date,
    }


class ReportForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status of progress"), choices=REPORT_STATUSES, widget=forms.RadioSelect
    )
    text_fi = forms.CharField(
        label=_("Report in Finnish"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Write in Finnish, in Swedish or in both."),
    )
    text_sv = forms.CharField(
        label=_("Report in Swedish"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Write in Finnish, in Swedish or in both."),
    )
    link = forms.URLField(
        label=_("Link (optional)"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("For example, a news item or a report on your own site."),
    )

    def __init__(self, *args, indicators: list[Indicator], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            label = str(indicator.name)
            if indicator.unit:
                label = f"{label} ({indicator.unit})"
            self.fields[f"value_{indicator.pk}"] = _number(label)

    def clean(self):
        data = super().clean()
        if not ((data.get("text_fi") or "").strip() or (data.get("text_sv") or "").strip()):
            self.add_error("text_fi", _("Write the report in Finnish, in Swedish or in both."))
        return data

    def value_fields(self):
        return [self[f"value_{indicator.pk}"] for indicator in self.indicators]

    def values(self) -> dict:
        return {i.pk: self.cleaned_data[f"value_{i.pk}"] for i in self.indicators}
