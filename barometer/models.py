"""The partnership barometer: a survey round per year, its questions in sections, and the
answers. Background questions (organisation type, region) are answered onto the response
itself, so every round can be broken down the same way; `Question.same_as` links a question
to the same question of an earlier round for year-on-year comparison."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.regions import MAX_LENGTH as REGION_MAX_LENGTH
from core.regions import REGION_CHOICES
from events.models import Event
from news.models import NewsItem
from pledges.models import Organisation
from programmes.models import Publication

NATIONWIDE = "nationwide"
RESPONSE_REGION_CHOICES = [*REGION_CHOICES, (NATIONWIDE, _("whole country"))]
LIKERT_MIN, LIKERT_MAX = 1, 5


class Survey(models.Model):
    """One round of the barometer (one a year)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=300)
    introduction = models.TextField(_("introduction"), max_length=5000, blank=True)
    opens_at = models.DateTimeField(_("answering opens"))
    closes_at = models.DateTimeField(_("answering closes"))
    report = models.ForeignKey(
        Publication,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("report"),
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("related event"),
    )
    news_item = models.ForeignKey(
        NewsItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("news item"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="barometer_survey_closes_after_it_opens",
                violation_error_message=_("Answering must close after it opens."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def get_absolute_url(self) -> str:
        """The round's results page (public once the round has closed)."""
        return reverse("barometer:results", kwargs={"year": self.year})

    def is_open(self, at=None) -> bool:
        """True while answers are accepted: from opens_at up to (not including) closes_at."""
        at = at or timezone.now()
        return self.opens_at <= at < self.closes_at


class Section(models.Model):
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="sections", verbose_name=_("survey")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), max_length=2000, blank=True)

    class Meta:
        ordering = ["survey", "position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        LIKERT = "likert", _("scale 1–5")
        NUMBER = "number", pgettext_lazy("question kind", "number")
        TEXT = "text", _("open text")

    class Background(models.TextChoices):
        # Answered onto the Response (organisation_type, region): the choices come from
        # there, not from Choice rows, so every round is broken down the same way.
        NONE = "", _("not a background question")
        ORGANISATION_TYPE = "organisation_type", _("organisation type")
        REGION = "region", _("region")

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="questions", verbose_name=_("section")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.TextField(_("help text"), max_length=2000, blank=True)
    required = models.BooleanField(_("required"), default=False)
    low_label = models.CharField(
        _("label of 1"), max_length=100, blank=True, help_text=_("Scale questions only.")
    )
    high_label = models.CharField(
        _("label of 5"), max_length=100, blank=True, help_text=_("Scale questions only.")
    )
    same_as = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="later_versions",
        verbose_name=_("same question in an earlier round"),
        help_text=_("Links the rounds' answers for year-on-year comparison."),
    )
    background = models.CharField(
        _("background question"),
        max_length=20,
        choices=Background.choices,
        blank=True,
        default=Background.NONE,
    )

    class Meta:
        ordering = ["section__survey", "section__position", "section", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(background="") | Q(kind="single"),
                name="barometer_question_background_is_single_choice",
                violation_error_message=_("A background question is a single choice question."),
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def has_choices(self) -> bool:
        return self.kind in {self.Kind.SINGLE, self.Kind.MULTIPLE} and not self.background


class Choice(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("choice"), max_length=300)

    class Meta:
        ordering = ["question", "position", "pk"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return self.text


class Response(models.Model):
    """One respondent's answers to a round; holds no personal data."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey")
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    organisation_type = models.CharField(
        _("organisation type"), max_length=40, choices=Organisation.Type.choices, blank=True
    )
    region = models.CharField(
        _("region"), max_length=REGION_MAX_LENGTH, choices=RESPONSE_REGION_CHOICES, blank=True
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # Personal data, and the only personal data of the barometer: given only by a respondent
    # who asks for the continue link by mail, and cleared once the response is submitted
    # or its round has closed (barometer.personal_data).
    continue_email = models.EmailField(_("email for the continue link"), blank=True)

    class Meta:
        ordering = ["survey", "pk"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [
            models.Index(fields=["survey", "organisation_type"], name="barometer_resp_type_idx"),
            models.Index(fields=["survey", "region"], name="barometer_resp_region_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.survey.year} #{self.pk}"


class Answer(models.Model):
    """One response's answer to one question. The value's column follows the question's kind;
    a scale answer without a value means "cannot say"."""

    class Moderation(models.TextChoices):
        PENDING = "pending", _("waiting for moderation")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    # RESTRICT: a question or choice that has answers cannot be deleted on its own (a whole
    # survey can be, its responses and answers going with it).
    question = models.ForeignKey(
        Question, on_delete=models.RESTRICT, related_name="answers", verbose_name=_("question")
    )
    choice = models.ForeignKey(
        Choice,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("choice"),
    )
    choices = models.ManyToManyField(
        Choice,
        through="AnswerChoice",
        blank=True,
        related_name="multiple_answers",
        verbose_name=_("choices"),
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    likert = models.PositiveSmallIntegerField(_("scale value"), null=True, blank=True)
    text = models.TextField(_("text"), max_length=5000, blank=True)
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.PENDING
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)

    class Meta:
        ordering = ["response", "question"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="barometer_answer_one_per_question"
            ),
            models.CheckConstraint(
                condition=Q(likert__isnull=True)
                | Q(likert__gte=LIKERT_MIN, likert__lte=LIKERT_MAX),
                name="barometer_answer_likert_1_to_5",
            ),
        ]
        indexes = [
            models.Index(fields=["question", "choice"], name="barometer_answer_choice_idx"),
            models.Index(fields=["question", "likert"], name="barometer_answer_likert_idx"),
            models.Index(fields=["question", "moderation"], name="barometer_answer_moder_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.response} · {self.question}"


class AnswerChoice(models.Model):
    """A choice picked in a multiple-choice answer. RESTRICT, as for Answer.choice: a picked
    choice cannot be deleted on its own."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, verbose_name=_("answer"))
    choice = models.ForeignKey(
        Choice, on_delete=models.RESTRICT, related_name="+", verbose_name=_("choice")
    )

    class Meta:
        verbose_name = _("picked choice")
        verbose_name_plural = _("picked choices")
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "choice"], name="barometer_answer_choice_once"
            ),
        ]
        indexes = [models.Index(fields=["choice"], name="barometer_answerchoice_idx")]

    def __str__(self) -> str:
        return str(self.choice)
