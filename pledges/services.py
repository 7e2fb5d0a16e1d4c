"""Writes of pledges and initiatives: the submission, the review workflow, partner answers.

Views, admin actions and tasks call these; every state change leaves an event in the audit
log (audit.services.audit_record: who, when, what, before → after, note). A refused action
raises one of the exceptions below with a message fit to show to the person who tried it
(admin actions turn it into a message).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent
from audit.services import audit_record
from core.localized import in_language
from core.models import Municipality
from core.signing import SignedLink
from mailings.rendering import absolute_url
from mailings.services import transactional_mail_queue
from pledges.models import (
    Award,
    Entry,
    Initiative,
    Organisation,
    Partner,
    Pledge,
    Submission,
)
from programmes.selectors import campaign_open
from themes.models import Theme

# The consent text shown next to the box; bump the version whenever its wording changes,
# so each stored consent says which text the submitter agreed to.
CONSENT_TEXT_VERSION = "2026-1"
CONSENT_TEXT = _(
    "I agree that the pledge or initiative, the name of my organisation and the names of "
    "the partner organisations that confirm their participation may be published on this "
    "site and shared under the campaign hashtag. The contact person's details are never "
    "published."
)


class CampaignClosed(Exception):
    """No campaign accepts submissions now (it may have closed while the form was open)."""


class ActionRefused(Exception):
    """A workflow action that is not allowed in the entry's current state."""


class PartnerAnswerRefused(Exception):
    """The partner has already answered; an answer is recorded only once."""


@dataclass(frozen=True)
class OrganisationData:
    name: str
    type: str
    business_id: str = ""
    # A municipality from the official list, or None (then `nationwide` may be set).
    municipality: Municipality | None = None
    nationwide: bool = False
    region: str = ""
    website: str = ""


@dataclass(frozen=True)
class PartnerData:
    name: str
    type: str
    email: str


@dataclass(frozen=True)
class PledgeData:
    title: str
    text: str


@dataclass(frozen=True)
class InitiativeData:
    title: str
    text: str
    partners_sought: str = ""
    seeking_partners: bool = True
    stage: str = Initiative.Stage.IDEA


# Private links (core.signing): each purpose its own salt. The status link works from any
# old mail (a submitter may come back months later); the address confirmation and a
# partner invitation expire after a campaign's typical lifetime; the page after sending a
# partner-interest message names no one but works for a day only, like events' "registered".
STATUS_LINK = SignedLink("pledges.status")
PARTNER_LINK = SignedLink("pledges.partner", max_age=timedelta(days=180))
CONFIRM_LINK = SignedLink("pledges.confirm-contact", max_age=timedelta(days=180))
JOINED_LINK = SignedLink("pledges.joined", max_age=timedelta(days=1))


def _organisation_get_or_create(data: OrganisationData) -> Organisation:
    # An organisation with a business ID is the same organisation whoever submits for it;
    # its stored details are staff-curated, so a new submission does not overwrite them.
    if data.business_id:
        existing = Organisation.objects.filter(business_id=data.business_id).first()
        if existing is not None:
            return existing
    organisation = Organisation(
        name=data.name,
        type=data.type,
        business_id=data.business_id,
        municipality=data.municipality,
        nationwide=data.nationwide and data.municipality is None,
        # The municipality tells the region when the submitter left it empty.
        region=data.region or (data.municipality.region if data.municipality else ""),
        website=data.website,
    )
    organisation.full_clean()
    organisation.save()
    return organisation


def _entry_title(entry: Entry) -> str:
    """The title in the language it was written in (the one that always exists)."""
    return (
        in_language(entry, "title", entry.original_language, "")
        or entry.title_fi
        or entry.title_sv
        or ""
    )


# The audit action of a change to each status (the entry workflow's one history).
STATUS_ACTIONS = {
    Entry.Status.SUBMITTED: AuditEvent.Action.SUBMITTED,
    Entry.Status.IN_REVIEW: AuditEvent.Action.RETURNED_TO_REVIEW,
    Entry.Status.PUBLISHED: AuditEvent.Action.PUBLISHED,
    Entry.Status.REJECTED: AuditEvent.Action.REJECTED,
    Entry.Status.WITHDRAWN: AuditEvent.Action.WITHDRAWN,
}


def _record(
    entry: Entry,
    *,
    action: str,
    by: AbstractBaseUser | None,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
    by_label: str = "",
) -> AuditEvent:
    return audit_record(
        action=action,
        obj=entry,
        actor=by,
        actor_label="" if by is not None and by.is_authenticated else by_label,
        before=before,
        after=after,
        note=note,
        object_repr=_entry_title(entry),
    )


def status_url(submission: Submission) -> str:
    """The submitter's private status page (absolute, in the submission's language)."""
    return absolute_url(
        submission.language, "participate:status", token=STATUS_LINK.make(submission.pk)
    )


def partner_url(partner: Partner, language: str) -> str:
    return absolute_url(language, "participate:partner", token=PARTNER_LINK.make(partner.pk))


def confirm_url(submission: Submission) -> str:
    """The receipt's link where the submitter confirms their own address (absolute)."""
    return absolute_url(
        submission.language, "participate:confirm", token=CONFIRM_LINK.make(submission.pk)
    )


def _duplicate_addresses(contact_email: str, partners: Sequence[PartnerData]) -> bool:
    addresses = [contact_email.strip().casefold()]
    addresses += [p.email.strip().casefold() for p in partners]
    return len(set(addresses)) != len(addresses)


@transaction.atomic(durable=True)
def submission_create(
    *,
    language: str,
    organisation: OrganisationData,
    contact_name: str,
    contact_email: str,
    contact_phone: str = "",
    partners: Sequence[PartnerData] = (),
    pledge: PledgeData | None = None,
    initiative: InitiativeData | None = None,
    themes: Sequence[Theme],
    consent: bool,
) -> Submission:
    """Save one sending of the participation form, all of it or nothing.

    Side effects: an organisation (reused by business ID), partner organisations with
    pending Partner rows, the submission with its consent record, a pledge and/or an
    initiative in `language` with their themes and a "submitted" event each in the audit
    log; after the commit, a receipt mail to the contact carrying the link that confirms
    their address. Partners are mailed only once that link is used (submission_confirm_contact):
    until then the form cannot make the ministry's address mail strangers.
    Raises CampaignClosed if no campaign is open at this moment (checked here, inside the
    transaction, so a form sent after the deadline saves nothing), ValueError if neither a
    pledge nor an initiative is given or if an address appears twice (the form refuses it).
    """
    if pledge is None and initiative is None:
        raise ValueError("a submission needs a pledge, an initiative or both")
    if _duplicate_addresses(contact_email, partners):
        raise ValueError("an email address may appear only once in a submission")
    if not themes:
        raise ValueError("a submission needs at least one theme")
    campaign = campaign_open()
    if campaign is None:
        raise CampaignClosed
    now = timezone.now()
    lead = _organisation_get_or_create(organisation)
    submission = Submission.objects.create(
        organisation=lead,
        campaign=campaign,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        language=language,
        consent_to_publish=consent,
        consent_given_at=now if consent else None,
        consent_text_version=CONSENT_TEXT_VERSION if consent else "",
    )
    partner_rows = []
    for data in partners:
        partner_org = _organisation_get_or_create(OrganisationData(name=data.name, type=data.type))
        partner_rows.append(
            Partner.objects.create(
                submission=submission, organisation=partner_org, contact_email=data.email
            )
        )
    entries: list[Entry] = []
    common = {
        "submission": submission,
        "organisation": lead,
        "campaign": campaign,
        "original_language": language,
    }
    if pledge is not None:
        entries.append(
            Pledge.objects.create(
                **common, **{f"title_{language}": pledge.title, f"text_{language}": pledge.text}
            )
        )
    if initiative is not None:
        entries.append(
            Initiative.objects.create(
                **common,
                **{
                    f"title_{language}": initiative.title,
                    f"text_{language}": initiative.text,
                    f"partners_sought_{language}": initiative.partners_sought,
                },
                seeking_partners=initiative.seeking_partners,
                stage=initiative.stage,
            )
        )
    theme_names = [in_language(t, "name", language) or t.name for t in themes]
    for entry in entries:
        entry.themes.set(themes)
        _record(
            entry,
            action=AuditEvent.Action.SUBMITTED,
            by=None,
            by_label="submitter",
            after={"status": Entry.Status.SUBMITTED},
        )

    transactional_mail_queue(
        to=contact_email,
        template="pledge_receipt",
        language=language,
        dedupe_key=f"pledges:receipt:{submission.pk}",
        context={
            "contact_name": contact_name,
            "organisation": lead.name,
            "campaign": in_language(campaign, "name", language) or campaign.name,
            "entries": [{"kind": e.kind, "title": _entry_title(e)} for e in entries],
            "themes": theme_names,
            "partners": [p.organisation.name for p in partner_rows],
            "consent": consent,
            "status_url": status_url(submission),
            "confirm_url": confirm_url(submission),
        },
    )
    return submission


@transaction.atomic(durable=True)
def submission_confirm_contact(*, submission: Submission) -> bool:
    """The submitter confirmed their own address through the receipt's link.

    Side effects: the confirmation time on the submission (the first time only) and, for
    each partner still waiting, an invitation mail queued after the commit, unless its
    address has already had PLEDGES_INVITATIONS_PER_ADDRESS_PER_DAY invitations in the
    last 24 hours: that partner is marked "over the limit" (staff see it) and not mailed.
    Returns False, doing nothing, if the address was already confirmed.
    """
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if locked.contact_confirmed_at is not None:
        submission.contact_confirmed_at = locked.contact_confirmed_at
        return False
    now = timezone.now()
    locked.contact_confirmed_at = now
    locked.save(update_fields=["contact_confirmed_at"])
    submission.contact_confirmed_at = now
    entries: list[Entry] = [*locked.pledges.all(), *locked.initiatives.all()]
    waiting = locked.partners.select_related("organisation").filter(
        invitation=Partner.Invitation.WAITING
    )
    # A stable order of addresses: two confirmations naming the same addresses lock them in
    # the same order and cannot deadlock.
    for partner in sorted(waiting, key=lambda p: (p.contact_email.casefold(), p.pk)):
        _partner_invite(partner, submission=locked, entries=entries, now=now)
    return True


def _invitations_in_last_day(email: str, *, now: datetime) -> int:
    """Invitations sent to `email` in the 24 hours before `now`, across all submissions.

    Locks the partner rows of that address first, so two confirmations at the same moment
    count one after the other instead of both seeing room under the limit.
    """
    same_address = Partner.objects.filter(contact_email__iexact=email)
    list(same_address.select_for_update().order_by("pk").values_list("pk", flat=True))
    return same_address.filter(
        invitation=Partner.Invitation.SENT, invitation_at__gt=now - timedelta(days=1)
    ).count()


def _partner_invite(
    partner: Partner, *, submission: Submission, entries: Sequence[Entry], now: datetime
) -> None:
    limit = settings.PLEDGES_INVITATIONS_PER_ADDRESS_PER_DAY
    if _invitations_in_last_day(partner.contact_email, now=now) >= limit:
        partner.invitation = Partner.Invitation.OVER_LIMIT
        partner.invitation_at = now
        partner.save(update_fields=["invitation", "invitation_at"])
        return
    language = submission.language
    transactional_mail_queue(
        to=partner.contact_email,
        # The partner is invited in the language the submitter wrote in.
        template="partner_invitation",
        language=language,
        dedupe_key=f"pledges:partner-invitation:{partner.pk}",
        context={
            "organisation": submission.organisation.name,
            "partner": partner.organisation.name,
            "entries": [{"kind": e.kind, "title": _entry_title(e)} for e in entries],
            "response_url": partner_url(partner, language),
        },
    )
    partner.invitation = Partner.Invitation.SENT
    partner.invitation_at = now
    partner.save(update_fields=["invitation", "invitation_at"])


def _lock(entry: Entry) -> Entry:
    return type(entry).objects.select_for_update().get(pk=entry.pk)


def _status_mail(entry: Entry, change: AuditEvent, *, reason: str = "") -> None:
    submission = entry.submission
    language = submission.language
    context = {
        "kind": entry.kind,
        "title": _entry_title(entry),
        "status": entry.status,
        "reason": reason,
        "status_url": status_url(submission),
        "entry_url": "",
    }
    if entry.status == Entry.Status.PUBLISHED:
        context["entry_url"] = _public_url(entry, language)
    transactional_mail_queue(
        to=submission.contact_email,
        template="pledge_status",
        language=language,
        dedupe_key=f"pledges:status:{entry.kind}:{entry.pk}:{change.pk}",
        context=context,
    )


def _public_url(entry: Entry, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + entry.get_absolute_url()


def _transition(
    entry: Entry,
    *,
    to_status: str,
    by: AbstractBaseUser | None,
    note: str,
    refuse: dict[str, str],
    by_label: str = "",
) -> tuple[Entry, AuditEvent | None]:
    locked = _lock(entry)
    if locked.status == to_status:
        return locked, None
    if locked.status in refuse:
        raise ActionRefused(refuse[locked.status])
    from_status = locked.status
    locked.status = to_status
    fields = ["status", "updated_at"]
    if to_status == Entry.Status.PUBLISHED and locked.published_at is None:
        locked.published_at = timezone.now()
        fields.append("published_at")
    locked.save(update_fields=fields)
    change = _record(
        locked,
        action=STATUS_ACTIONS[to_status],
        by=by,
        by_label=by_label,
        before={"status": from_status},
        after={"status": to_status},
        note=note,
    )
    entry.status = locked.status
    entry.published_at = locked.published_at
    return locked, change


@transaction.atomic(durable=True)
def entry_withdraw(
    *, entry: Entry, by: AbstractBaseUser | None = None, note: str = ""
) -> AuditEvent | None:
    """Withdraw an entry (the submitter through the status link, or staff on request).

    Side effects: status → withdrawn, an audit event; None if it already was withdrawn.
    Raises ActionRefused for a rejected entry.
    """
    _locked, change = _transition(
        entry,
        to_status=Entry.Status.WITHDRAWN,
        by=by,
        # Without a staff user, the submitter withdrew through the status link.
        by_label="submitter",
        note=note,
        refuse={Entry.Status.REJECTED: _("A rejected entry cannot be withdrawn.")},
    )
    return change


@transaction.atomic(durable=True)
def entry_publish(
    *, entry: Entry, by: AbstractBaseUser | None, note: str = ""
) -> AuditEvent | None:
    """Publish an entry. Side effects: status → published (published_at set the first
    time), an audit event, a notice mail to the submitter after the commit; None if it was
    already published. Raises ActionRefused without consent, or if withdrawn or rejected.
    """
    locked = _lock(entry)
    if locked.status != Entry.Status.PUBLISHED and not locked.submission.consent_to_publish:
        raise ActionRefused(
            _("The submitter did not consent to publication, so “%(title)s” cannot be published.")
            % {"title": _entry_title(locked)}
        )
    locked, change = _transition(
        entry,
        to_status=Entry.Status.PUBLISHED,
        by=by,
        note=note,
        refuse={
            Entry.Status.WITHDRAWN: _("A withdrawn entry cannot be published."),
            Entry.Status.REJECTED: _(
                "A rejected entry cannot be published: return it to review first."
            ),
        },
    )
    if change is not None:
        _status_mail(locked, change)
    return change


@transaction.atomic(durable=True)
def entry_reject(
    *, entry: Entry, by: AbstractBaseUser | None, note: str = "", notify: bool = False
) -> AuditEvent | None:
    """Reject an entry (also takes a published one off the site).

    Side effects: status → rejected, an audit event with `note`; with `notify`, a notice
    mail to the submitter carrying `note` as the reason. None if already rejected.
    Raises ActionRefused for a withdrawn entry.
    """
    locked, change = _transition(
        entry,
        to_status=Entry.Status.REJECTED,
        by=by,
        note=note,
        refuse={Entry.Status.WITHDRAWN: _("A withdrawn entry cannot be rejected.")},
    )
    if change is not None and notify:
        _status_mail(locked, change, reason=note)
    return change


@transaction.atomic(durable=True)
def entry_return_to_review(
    *, entry: Entry, by: AbstractBaseUser | None, note: str = ""
) -> AuditEvent | None:
    """Put an entry (back) under review; a published one leaves the public site.

    Side effects: status → in review, an audit event. None if already in review.
    Raises ActionRefused for a withdrawn entry (the submitter took it back).
    """
    _locked, change = _transition(
        entry,
        to_status=Entry.Status.IN_REVIEW,
        by=by,
        note=note,
        refuse={
            Entry.Status.WITHDRAWN: _(
                "A withdrawn entry cannot be returned to review: the submitter took it back."
            )
        },
    )
    return change


@transaction.atomic
def entry_set_selected(
    *, entry: Entry, selected: bool, by: AbstractBaseUser | None
) -> AuditEvent | None:
    """Mark or unmark an entry as selected for the programme.

    Side effects: the flag, and an audit event (status unchanged, the note says what
    happened). None if the flag already had that value. Raises ActionRefused when
    selecting a withdrawn or rejected entry. Not durable: assessments' stage_advance runs
    it inside its own transaction.
    """
    locked = _lock(entry)
    if locked.selected == selected:
        return None
    if selected and locked.status in (Entry.Status.WITHDRAWN, Entry.Status.REJECTED):
        raise ActionRefused(
            _("A withdrawn or rejected entry cannot be selected for the programme.")
        )
    locked.selected = selected
    locked.save(update_fields=["selected", "updated_at"])
    entry.selected = selected
    return _record(
        locked,
        action=AuditEvent.Action.SELECTED if selected else AuditEvent.Action.UNSELECTED,
        by=by,
        before={"selected": not selected},
        after={"selected": selected},
    )


@transaction.atomic
def award_create(*, name_fi: str, name_sv: str, year: int | None = None, campaign=None) -> Award:
    """Create an award with its Finnish and Swedish names. Side effects: the Award row.

    Raises django.core.exceptions.ValidationError if a name is missing. Not durable:
    assessments' award_prepare runs it inside its own transaction.
    """
    award = Award(name_fi=name_fi, name_sv=name_sv, year=year, campaign=campaign)
    award.full_clean(exclude=["reasoning_fi", "reasoning_sv", "reasoning"])
    award.save()
    return award


def _award_label(award: Award) -> str:
    """The award as the audit log names it: its Finnish name (or Swedish) and year."""
    name = award.name_fi or award.name_sv or award.name
    return f"{name} {award.year or ''}".strip()


@transaction.atomic
def entry_award(*, entry: Entry, award: Award, by: AbstractBaseUser | None) -> AuditEvent | None:
    """Give an entry an award.

    Side effects: the entry joins the award's pledges or initiatives, and an audit event
    (status unchanged, the note names the award). None if it already had that award.
    Raises ActionRefused for a withdrawn or rejected entry. Not durable: award_entries_set
    and assessments' stage_advance run it inside their transactions.
    """
    locked = _lock(entry)
    if locked.status in (Entry.Status.WITHDRAWN, Entry.Status.REJECTED):
        raise ActionRefused(_("A withdrawn or rejected entry cannot be given an award."))
    related = award.pledges if locked.kind == "pledge" else award.initiatives
    if related.filter(pk=locked.pk).exists():
        return None
    related.add(locked)
    return _record(
        locked,
        action=AuditEvent.Action.AWARDED,
        by=by,
        after={"award": _award_label(award), "award_id": award.pk},
    )


@transaction.atomic
def award_entries_set(
    *,
    award: Award,
    pledges: Iterable[Pledge],
    initiatives: Iterable[Initiative],
    by: AbstractBaseUser | None,
) -> list[AuditEvent]:
    """Make `award` given to exactly these pledges and initiatives (the award's admin form).

    Side effects: each entry added gets the award through entry_award (an audit event); each
    entry left out loses it, with an audit event naming the award. Raises ActionRefused for
    a withdrawn or rejected entry added; then nothing of it is stored. Not durable: it runs
    inside the transaction of the admin's change form (save_related).
    """
    # Two people saving the same award's entries: one after the other.
    list(Award.objects.select_for_update().filter(pk=award.pk).values_list("pk", flat=True))
    changes = []
    for related, entries in ((award.pledges, pledges), (award.initiatives, initiatives)):
        wanted = {entry.pk: entry for entry in entries}
        current = {entry.pk: entry for entry in related.all()}
        for pk, entry in wanted.items():
            if pk not in current:
                changes.append(entry_award(entry=entry, award=award, by=by))
        for pk, entry in current.items():
            if pk not in wanted:
                locked = _lock(entry)
                related.remove(locked)
                changes.append(
                    _record(
                        locked,
                        action=AuditEvent.Action.AWARD_REMOVED,
                        by=by,
                        before={"award": _award_label(award), "award_id": award.pk},
                    )
                )
    return [change for change in changes if change is not None]


@transaction.atomic
def partner_respond(
    *, partner: Partner, confirm: bool, by: AbstractBaseUser | None = None
) -> Partner:
    """Record a partner organisation's answer to an invitation, once (the partner through
    the invitation's link, or staff `by` on the partner's behalf).

    Side effects: the partner's status (confirmed or declined) and answer time, an audit
    event on the submission. Raises
    PartnerAnswerRefused (its message fit to show staff) if it has already answered.
    Not durable: the submission admin's partner inline runs it inside the change form's
    transaction.
    """
    locked = (
        Partner.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=partner.pk)
    )
    if locked.status != Partner.Status.PENDING:
        raise PartnerAnswerRefused(
            _("%(organisation)s has already answered; an answer is recorded only once.")
            % {"organisation": locked.organisation.name}
        )
    locked.status = Partner.Status.CONFIRMED if confirm else Partner.Status.DECLINED
    locked.responded_at = timezone.now()
    locked.save(update_fields=["status", "responded_at"])
    audit_record(
        action=AuditEvent.Action.PARTNER_ANSWERED,
        obj=locked.submission,
        actor=by,
        actor_label="" if by is not None and by.is_authenticated else "partner",
        before={"partner": locked.organisation.name, "answer": Partner.Status.PENDING},
        after={"partner": locked.organisation.name, "answer": locked.status},
    )
    return locked
