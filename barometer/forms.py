"""The answering form of a barometer round, built from its questions, and the continue mail form.

One field per question, named `q<id>`: single choice and background questions are radio
buttons, multiple choice checkboxes, scale questions radio buttons 1–5 plus "cannot say",
numbers a number box and open questions a text area. Every field is optional to Django:
required questions are enforced only when the answers are sent (`sending=True`), so a
half-filled form can always be saved. Texts come in the active language (modeltranslation
falls back to the other one).
"""

from dataclasses import dataclass

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from barometer.models import (
    LIKERT_MAX,
    LIKERT_MIN,
    NATIONWIDE,
    Answer,
    Question,
    Response,
    Section,
    Survey,
)
from barometer.services import AnswerValue, BackgroundValues
from core.regions import sorted_region_choices
from pledges.models import Organisation

MAX_NUMBER = 10_000_000
MAX_TEXT = 5000
CANNOT_SAY = "cannot_say"
HONEYPOT = "homepage"


def field_name(question: Question) -> str:
    return f"q{question.pk}"


@dataclass
class SectionFields:
    section: Section
    fields: list  # (bound field, question) pairs


class HoneypotMixin:
    def is_honeypot_hit(self) -> bool:
        value = self.data.get(self.add_prefix(HONEYPOT), "")
        return bool(value.strip()) if isinstance(value, str) else True


class AnswerForm(HoneypotMixin, forms.Form):
    """A survey's questions, all sections on one page; `sending` enforces the required ones."""

    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, survey: Survey, sending: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.sending = sending
        self.questions: dict[str, Question] = {}
        self.sections: list[SectionFields] = []
        self._section_names: list[tuple[Section, list[str]]] = []
        sections = survey.sections.prefetch_related("questions__choices").order_by("position", "pk")
        for section in sections:
            names = []
            for question in section.questions.all():
                name = field_name(question)
                self.fields[name] = self._field(question)
                self.questions[name] = question
                names.append(name)
            self._section_names.append((section, names))
        # The honeypot last, after the questions.
        self.fields[HONEYPOT] = self.fields.pop(HONEYPOT)
        self.sections = [
            SectionFields(section, [(self[name], self.questions[name]) for name in names])
            for section, names in self._section_names
        ]

    def _field(self, question: Question) -> forms.Field:
        common = {
            "label": question.text,
            "help_text": question.help_text,
            "required": False,
        }
        if question.background == Question.Background.ORGANISATION_TYPE:
            return forms.ChoiceField(
                choices=Organisation.Type.choices, widget=forms.RadioSelect, **common
            )
        if question.background == Question.Background.REGION:
            choices = [
                *sorted_region_choices(translation.get_language()),
                (NATIONWIDE, _("whole country")),
            ]
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        if question.kind == Question.Kind.SINGLE:
            return forms.ChoiceField(
                choices=[(str(c.pk), c.text) for c in question.choices.all()],
                widget=forms.RadioSelect,
                **common,
            )
        if question.kind == Question.Kind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=[(str(c.pk), c.text) for c in question.choices.all()],
                widget=forms.CheckboxSelectMultiple,
                **common,
            )
        if question.kind == Question.Kind.LIKERT:
            return forms.ChoiceField(
                choices=likert_choices(question), widget=forms.RadioSelect, **common
            )
        if question.kind == Question.Kind.NUMBER:
            return forms.IntegerField(min_value=0, max_value=MAX_NUMBER, **common)
        # Control characters are refused by every text field (portal.validators).
        return forms.CharField(
            max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 5}), **common
        )

    def clean(self) -> dict:
        data = super().clean()
        if self.sending:
            for name, question in self.questions.items():
                if question.required and name not in self.errors and not data.get(name):
                    self.add_error(name, _("Answer this question."))
        return data

    def answer_values(self) -> tuple[BackgroundValues, list[AnswerValue]]:
        """The background answers and the answers, for the services (after is_valid())."""
        background = BackgroundValues()
        values = []
        for name, question in self.questions.items():
            value = self.cleaned_data.get(name)
            if question.background == Question.Background.ORGANISATION_TYPE:
                background.organisation_type = value or ""
                continue
            if question.background == Question.Background.REGION:
                background.region = value or ""
                continue
            if value in (None, "", []):
                continue
            choices = {str(c.pk): c for c in question.choices.all()}
            if question.kind == Question.Kind.SINGLE:
                values.append(AnswerValue(question=question, choice=choices[value]))
            elif question.kind == Question.Kind.MULTIPLE:
                picked = [choices[pk] for pk in value]
                values.append(AnswerValue(question=question, choices=picked))
            elif question.kind == Question.Kind.LIKERT:
                likert = None if value == CANNOT_SAY else int(value)
                values.append(AnswerValue(question=question, likert=likert))
            elif question.kind == Question.Kind.NUMBER:
                values.append(AnswerValue(question=question, number=value))
            elif value.strip():
                values.append(AnswerValue(question=question, text=value.strip()))
        return background, values


def likert_choices(question: Question) -> list[tuple[str, str]]:
    labels = {LIKERT_MIN: question.low_label, LIKERT_MAX: question.high_label}
    choices = []
    for value in range(LIKERT_MIN, LIKERT_MAX + 1):
        label = labels.get(value)
        choices.append((str(value), f"{value} – {label}" if label else str(value)))
    return [*choices, (CANNOT_SAY, _("Cannot say"))]


def initial_from_response(*, survey: Survey, response: Response) -> dict:
    """The saved answers of a response as the form's initial values."""
    initial: dict = {}
    answers = (
        Answer.objects.filter(response=response)
        .select_related("question")
        .prefetch_related("choices")
    )
    for question in Question.objects.filter(section__survey=survey, background__gt=""):
        initial[field_name(question)] = getattr(response, question.background)
    for answer in answers:
        name = field_name(answer.question)
        kind = answer.question.kind
        if kind == Question.Kind.SINGLE:
            initial[name] = str(answer.choice_id) if answer.choice_id else ""
        elif kind == Question.Kind.MULTIPLE:
            initial[name] = [str(c.pk) for c in answer.choices.all()]
        elif kind == Question.Kind.LIKERT:
            initial[name] = CANNOT_SAY if answer.likert is None else str(answer.likert)
        elif kind == Question.Kind.NUMBER:
            initial[name] = answer.number
        else:
            initial[name] = answer.text
    return initial


class ContinueMailForm(HoneypotMixin, forms.Form):
    """The address to mail the continue link to (used for that only)."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_(
            "We use the address only to send you the link. It is deleted when you send your "
            "answers or after the survey has closed."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
