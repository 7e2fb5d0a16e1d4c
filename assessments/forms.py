from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import SCORE_MAX, SCORE_MIN, Criterion
from pledges.forms import AwardForm

SCORE_CHOICES = [(str(v), str(v)) for v in range(SCORE_MIN, SCORE_MAX + 1)]


class ConflictForm(forms.Form):
    # No initial value: a juror must answer the question, not accept a preselected "no".
    has_conflict = forms.TypedChoiceField(
        error_messages={
            "required": _("Answer whether you have a conflict of interest with this entry.")
        },
        label=_("Do you have a conflict of interest with this entry?"),
        choices=[
            ("no", _("No, I have no conflict of interest")),
            ("yes", _("Yes, I have a conflict of interest and will not score this entry")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=_(
            "For example, you work for or are a member of the organisation or one of its "
            "partners, or you helped to prepare the entry."
        ),
    )
    explanation = forms.CharField(
        label=_("Explanation (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ScoreForm(forms.Form):
    """One score (0–5) and a comment per criterion of the rubric."""

    def __init__(self, *args, criteria: list[Criterion], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"value_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("Score from 0 to 5"),
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def rows(self):
        """(criterion, value field, comment field) per criterion, for the template."""
        return [(c, self[f"value_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def values(self) -> dict[int, tuple[int, str]]:
        return {
            c.pk: (self.cleaned_data[f"value_{c.pk}"], self.cleaned_data[f"comment_{c.pk}"])
            for c in self.criteria
        }


class AwardStageForm(AwardForm):
    """The award at the end of assessment: its reasoning must exist in both languages."""

    reasoning_fi = forms.CharField(
        label=_("Reasoning in Finnish"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Published on the entry’s page. Leave empty to keep the award’s own."),
    )
    reasoning_sv = forms.CharField(
        label=_("Reasoning in Swedish"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Published on the entry’s page. Leave empty to keep the award’s own."),
    )

    def clean(self):
        cleaned = super().clean()
        award = cleaned.get("award")
        for language in ("fi", "sv"):
            field = f"reasoning_{language}"
            if not (cleaned.get(field) or "").strip() and not (
                award and (getattr(award, field) or "").strip()
            ):
                self.add_error(
                    field,
                    _(
                        "The award’s reasoning must be written in both Finnish and Swedish "
                        "before the award is published."
                    ),
                )
        return cleaned
