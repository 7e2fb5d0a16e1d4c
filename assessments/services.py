"""Writes of the assessment: shortlisting, conflict declarations, scores, stage changes.

A refused action raises AssessmentRefused with a message fit to show to the person who
tried it. Shortlisting and each stage leave an event in the entry's audit history; selecting
and awarding go through pledges.services, which record them as they do for the pledges
admin's actions.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from assessments.models import SCORE_MAX, SCORE_MIN, ConflictDeclaration, Score, Shortlisting
from audit.models import AuditEvent
from audit.services import audit_record
from pledges import services as pledge_services
from pledges.models import Award, Entry


class AssessmentRefused(Exception):
    """An assessment action that is not allowed now (message shown to the user)."""


@transaction.atomic(durable=True)
def shortlist_add(*, entry: Entry, by: AbstractBaseUser | None) -> tuple[Shortlisting, bool]:
    """Put a published pledge or initiative on its campaign's shortlist.

    Side effects: a Shortlisting row (stage shortlisted), an audit event on the entry.
    Returns (shortlisting, created); an entry already on the shortlist is returned as it
    is. Raises AssessmentRefused for an entry that is not published.
    """
    existing = Shortlisting.objects.filter(**Shortlisting.entry_lookup(entry)).first()
    if existing is not None:
        return existing, False
    if entry.status != Entry.Status.PUBLISHED:
        raise AssessmentRefused(_("Only published entries can be shortlisted for assessment."))
    user = by if by is not None and by.is_authenticated else None
    shortlisting = Shortlisting.objects.create(
        **Shortlisting.entry_lookup(entry), campaign_id=entry.campaign_id, created_by=user
    )
    audit_record(
        action=AuditEvent.Action.SHORTLISTED,
        obj=entry,
        actor=by,
        after={"stage": shortlisting.stage},
    )
    return shortlisting, True


def _open_for_scoring(shortlisting: Shortlisting) -> None:
    if shortlisting.stage != Shortlisting.Stage.SHORTLISTED:
        raise AssessmentRefused(_("The assessment of this entry is closed."))


@transaction.atomic(durable=True)
def conflict_declare(
    *,
    shortlisting: Shortlisting,
    juror: AbstractBaseUser,
    has_conflict: bool,
    explanation: str = "",
) -> ConflictDeclaration:
    """Record a juror's conflict of interest declaration for one shortlisted entry.

    Side effects: the ConflictDeclaration row (created or updated). Declaring a conflict
    after scoring deletes that juror's scores of the entry. A declared conflict cannot be
    withdrawn by the juror (a curator deletes the declaration if it was a mistake): raises
    AssessmentRefused then, and when the assessment of the entry is closed.
    """
    _open_for_scoring(shortlisting)
    declaration = (
        ConflictDeclaration.objects.select_for_update()
        .filter(shortlisting=shortlisting, juror=juror)
        .first()
    )
    if declaration is not None and declaration.has_conflict and not has_conflict:
        raise AssessmentRefused(
            _("You have declared a conflict of interest; ask a curator if it was a mistake.")
        )
    if declaration is None:
        declaration = ConflictDeclaration(shortlisting=shortlisting, juror=juror)
    declaration.has_conflict = has_conflict
    declaration.explanation = explanation.strip()
    declaration.save()
    if has_conflict:
        Score.objects.filter(shortlisting=shortlisting, juror=juror).delete()
    return declaration


@transaction.atomic(durable=True)
def score_submit(
    *,
    shortlisting: Shortlisting,
    juror: AbstractBaseUser,
    values: dict[int, tuple[int, str]],
) -> list[Score]:
    """Store a juror's scores of one entry: {criterion id: (value, comment)} for every
    criterion of the campaign's rubric.

    Side effects: one Score row per criterion (created or updated). Raises
    AssessmentRefused without a "no conflict" declaration, after a declared conflict, when
    the assessment is closed, or when a criterion is missing or a value out of range.
    """
    locked = Shortlisting.objects.select_for_update().get(pk=shortlisting.pk)
    _open_for_scoring(locked)
    declaration = ConflictDeclaration.objects.filter(shortlisting=locked, juror=juror).first()
    if declaration is None:
        raise AssessmentRefused(
            _("Declare first whether you have a conflict of interest with this entry.")
        )
    if declaration.has_conflict:
        raise AssessmentRefused(
            _("You have declared a conflict of interest, so you cannot score this entry.")
        )
    criteria = list(
        locked.campaign.rubric.criteria.all() if hasattr(locked.campaign, "rubric") else []
    )
    if not criteria:
        raise AssessmentRefused(_("The campaign has no scoring rubric yet."))
    if set(values) != {criterion.pk for criterion in criteria}:
        raise AssessmentRefused(_("Give a score for every criterion."))
    scores = []
    for criterion in criteria:
        value, comment = values[criterion.pk]
        if not isinstance(value, int) or not SCORE_MIN <= value <= SCORE_MAX:
            raise AssessmentRefused(
                _("A score must be a whole number from %(min)d to %(max)d.")
                % {"min": SCORE_MIN, "max": SCORE_MAX}
            )
        score, _created = Score.objects.update_or_create(
            shortlisting=locked,
            juror=juror,
            criterion=criterion,
            defaults={"value": value, "comment": (comment or "").strip()[:2000]},
        )
        scores.append(score)
    return scores


def _bilingual_reasoning_missing(award: Award) -> bool:
    return not ((award.reasoning_fi or "").strip() and (award.reasoning_sv or "").strip())


@transaction.atomic
def stage_advance(
    *,
    shortlisting: Shortlisting,
    to_stage: str,
    by: AbstractBaseUser | None,
    award: Award | None = None,
) -> Shortlisting:
    """Move a shortlisted entry one step: shortlisted → selected → awarded.

    Side effects: the stage (an audit event on the entry); for "selected" the entry is
    marked selected for the programme (pledges.services.entry_set_selected), for "awarded"
    it is given `award` (pledges.services.entry_award), both with their own audit event.
    Raises AssessmentRefused for any other step, for an award without its reasoning in
    both Finnish and Swedish, and when the pledges service refuses (withdrawn or rejected
    entry). Not durable: shortlisting_award runs it inside its own transaction.
    """
    locked = Shortlisting.objects.select_for_update().get(pk=shortlisting.pk)
    order = [choice for choice, _label in Shortlisting.Stage.choices]
    if to_stage not in order or order.index(to_stage) != order.index(locked.stage) + 1:
        raise AssessmentRefused(
            _("An entry moves one step at a time: shortlisted, selected, awarded.")
        )
    entry = locked.entry
    try:
        if to_stage == Shortlisting.Stage.SELECTED:
            pledge_services.entry_set_selected(entry=entry, selected=True, by=by)
        else:
            if award is None:
                raise AssessmentRefused(_("Choose the award."))
            if _bilingual_reasoning_missing(award):
                raise AssessmentRefused(
                    _(
                        "The award’s reasoning must be written in both Finnish and Swedish "
                        "before the award is published."
                    )
                )
            pledge_services.entry_award(entry=entry, award=award, by=by)
    except pledge_services.ActionRefused as exc:
        raise AssessmentRefused(str(exc)) from exc
    audit_record(
        action=AuditEvent.Action.STAGE_ADVANCED,
        obj=entry,
        actor=by,
        before={"stage": locked.stage},
        after={"stage": to_stage},
    )
    locked.stage = to_stage
    locked.save(update_fields=["stage"])
    shortlisting.stage = to_stage
    return locked


@transaction.atomic
def award_prepare(
    *,
    award: Award | None,
    name_fi: str = "",
    name_sv: str = "",
    year: int | None = None,
    campaign=None,
    reasoning_fi: str = "",
    reasoning_sv: str = "",
) -> Award:
    """The award to give: an existing one or a new one, with the reasoning filled in.

    Side effects: a new Award (pledges.services.award_create) when `award` is None; the
    reasoning given here replaces the award's reasoning in that language. A step of
    shortlisting_award, inside its transaction (so not durable).
    """
    if award is None:
        award = pledge_services.award_create(
            name_fi=name_fi, name_sv=name_sv, year=year, campaign=campaign
        )
    fields = []
    for language, text in (("fi", reasoning_fi), ("sv", reasoning_sv)):
        if text and text.strip():
            setattr(award, f"reasoning_{language}", text.strip())
            fields.append(f"reasoning_{language}")
    if fields:
        award.save(update_fields=fields)
    return award


@transaction.atomic(durable=True)
def shortlisting_award(
    *,
    shortlisting: Shortlisting,
    by: AbstractBaseUser | None,
    award: Award | None,
    name_fi: str = "",
    name_sv: str = "",
    year: int | None = None,
    reasoning_fi: str = "",
    reasoning_sv: str = "",
) -> Award:
    """Give a selected entry its award at the end of assessment: all of it or nothing.

    Side effects: the award (a new one in the shortlisting's campaign when `award` is None,
    award_prepare) with the reasoning given here, then the stage → awarded and the entry
    given the award with an audit event (stage_advance). Raises AssessmentRefused when
    stage_advance refuses; then nothing is stored, not even a new award.
    """
    award = award_prepare(
        award=award,
        name_fi=name_fi,
        name_sv=name_sv,
        year=year,
        campaign=shortlisting.campaign,
        reasoning_fi=reasoning_fi,
        reasoning_sv=reasoning_sv,
    )
    stage_advance(
        shortlisting=shortlisting, to_stage=Shortlisting.Stage.AWARDED, by=by, award=award
    )
    return award
