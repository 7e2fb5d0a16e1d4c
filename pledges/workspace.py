"""The organisation contact's workspace without a password: sign-in links by email.

A contact asks for a link with their address; the answer is the same whether or not the
address is known, and a mail goes out only to an address the programme already mails: a
submission contact who has confirmed the address, or a partner contact whose invitation was
sent. The mail holds fixed text and the link only (nothing typed into the form), so the form
cannot carry a message to a stranger. A link works for 15 minutes, once; at most
SIGN_INS_PER_HOUR links go to one address an hour. The signed-in address lives in the
session for WORKSPACE_SESSION.

What the workspace shows (`workspace_for`): the submissions this address made, their
entries, indicators, due reports and the partner invitations to this address. Other
submissions of the same organisation are NOT shown as private ones: anyone can submit in an
organisation's name (a business id is public), so showing one contact's private submissions
to another would hand them to whoever claims the organisation. Its other entries are shown
only as the public ones they are.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from core.signing import BadToken, SignedLink
from mailings.rendering import absolute_url
from mailings.services import transactional_mail_queue
from pledges.models import (
    Entry,
    Initiative,
    Organisation,
    Partner,
    Pledge,
    Submission,
    WorkspaceSignIn,
)
from pledges.progress_services import REPORT_LINK, period_due, period_end, period_reported
from pledges.selectors import initiatives_public, pledges_public
from pledges.services import PARTNER_LINK, STATUS_LINK

SIGN_IN_MAX_AGE = timedelta(minutes=15)
SIGN_IN_LINK = SignedLink("pledges.workspace", max_age=SIGN_IN_MAX_AGE)
SIGN_INS_PER_HOUR = 3
WORKSPACE_SESSION = timedelta(hours=2)
SESSION_EMAIL = "workspace_email"
SESSION_SINCE = "workspace_since"


class SignInRefused(Exception):
    """The sign-in link is tampered with, expired or already used."""


def normalised(email: str) -> str:
    return email.strip().lower()


def workspace_address_known(email: str) -> bool:
    """Whether the programme already mails this address: a confirmed submission contact or a
    partner contact whose invitation went out."""
    address = normalised(email)
    if not address:
        return False
    confirmed = Submission.objects.filter(
        contact_email__iexact=address, contact_confirmed_at__isnull=False
    )
    invited = Partner.objects.filter(
        contact_email__iexact=address, invitation=Partner.Invitation.SENT
    )
    return confirmed.exists() or invited.exists()


@transaction.atomic(durable=True)
def workspace_sign_in_request(*, email: str, language: str) -> WorkspaceSignIn | None:
    """Send a sign-in link to `email` if it is a known address under the hourly limit.

    Side effects: for a known address under the limit, one WorkspaceSignIn row and one mail
    queued (after commit) in `language` holding fixed text and the link. Otherwise nothing,
    and the caller answers the same either way. Returns the row, or None.
    """
    address = normalised(email)
    if not workspace_address_known(address):
        return None
    # Concurrent requests for one address queue one after the other here, so the hourly
    # count cannot be outrun.
    list(
        Submission.objects.select_for_update()
        .filter(contact_email__iexact=address)
        .values_list("pk", flat=True)
    )
    since = timezone.now() - timedelta(hours=1)
    if WorkspaceSignIn.objects.filter(email=address, created_at__gte=since).count() >= (
        SIGN_INS_PER_HOUR
    ):
        return None
    sign_in = WorkspaceSignIn.objects.create(email=address, language=language)
    transactional_mail_queue(
        to=address,
        template="workspace_sign_in",
        context={
            "sign_in_url": absolute_url(
                language, "workspace:sign_in", token=SIGN_IN_LINK.make(sign_in.pk)
            ),
            "minutes": int(SIGN_IN_MAX_AGE.total_seconds() // 60),
        },
        language=language,
    )
    return sign_in


def workspace_sign_in_check(token: str) -> WorkspaceSignIn:
    """The unused sign-in a link names (without using it); raises SignInRefused."""
    try:
        pk = SIGN_IN_LINK.read(token)
    except BadToken as exc:
        raise SignInRefused from exc
    sign_in = WorkspaceSignIn.objects.filter(pk=pk, used_at__isnull=True).first()
    if sign_in is None or sign_in.created_at < timezone.now() - SIGN_IN_MAX_AGE:
        raise SignInRefused
    return sign_in


@transaction.atomic(durable=True)
def workspace_sign_in(*, token: str) -> str:
    """Use a sign-in link: marks its row used (once only) and returns the address.

    Side effects: sets `used_at` on the row, locked so two concurrent uses cannot both
    succeed. Raises SignInRefused for a bad, expired or used link.
    """
    try:
        pk = SIGN_IN_LINK.read(token)
    except BadToken as exc:
        raise SignInRefused from exc
    sign_in = WorkspaceSignIn.objects.select_for_update().filter(pk=pk).first()
    now = timezone.now()
    if sign_in is None or sign_in.used_at is not None:
        raise SignInRefused
    if sign_in.created_at < now - SIGN_IN_MAX_AGE:
        raise SignInRefused
    sign_in.used_at = now
    sign_in.save(update_fields=["used_at"])
    return sign_in.email


def workspace_session_email(session, *, now: datetime | None = None) -> str | None:
    """The signed-in address of a session, or None (none, or the session is too old)."""
    email = session.get(SESSION_EMAIL)
    since = session.get(SESSION_SINCE)
    if not email or not isinstance(since, (int, float)):
        return None
    now = now or timezone.now()
    if now.timestamp() - since > WORKSPACE_SESSION.total_seconds():
        return None
    return email


@dataclass
class DueReport:
    pledge: Pledge
    period: int
    period_end: object
    token: str


@dataclass
class OrganisationWork:
    organisation: Organisation
    submissions: list = field(default_factory=list)
    public_entries: list = field(default_factory=list)


def _submissions(email: str) -> QuerySet[Submission]:
    return (
        Submission.objects.filter(contact_email__iexact=email)
        .select_related("organisation", "campaign")
        .prefetch_related(
            Prefetch(
                "pledges",
                queryset=Pledge.objects.prefetch_related("indicators").order_by("pk"),
            ),
            Prefetch("initiatives", queryset=Initiative.objects.order_by("pk")),
        )
        .order_by("organisation__name", "-created_at")
    )


def _due_report(pledge: Pledge, today) -> DueReport | None:
    if pledge.status != Entry.Status.PUBLISHED:
        return None
    period = period_due(pledge, today)
    if period < 1 or period_reported(pledge, period):
        return None
    return DueReport(
        pledge=pledge,
        period=period,
        period_end=period_end(pledge, period),
        token=REPORT_LINK.make(pledge.pk, period),
    )


def workspace_for(email: str) -> dict:
    """What the workspace shows to the signed-in `email` (see the module docstring):
    {"organisations": [OrganisationWork], "due_reports": [DueReport],
    "invitations": [(Partner, token)]}."""
    today = timezone.localdate()
    groups: dict[int, OrganisationWork] = {}
    due = []
    own_ids = []
    for submission in _submissions(email):
        own_ids.append(submission.pk)
        group = groups.setdefault(
            submission.organisation_id, OrganisationWork(organisation=submission.organisation)
        )
        submission.status_token = STATUS_LINK.make(submission.pk)
        submission.entries = [*submission.pledges.all(), *submission.initiatives.all()]
        group.submissions.append(submission)
        for pledge in submission.pledges.all():
            if found := _due_report(pledge, today):
                due.append(found)
    if groups:
        others = {
            "organisation__in": list(groups),
        }
        public = [
            *pledges_public().filter(**others).exclude(submission__in=own_ids),
            *initiatives_public().filter(**others).exclude(submission__in=own_ids),
        ]
        for entry in public:
            groups[entry.organisation_id].public_entries.append(entry)
    invitations = [
        (partner, PARTNER_LINK.make(partner.pk))
        for partner in Partner.objects.filter(
            contact_email__iexact=email,
            status=Partner.Status.PENDING,
            invitation=Partner.Invitation.SENT,
        )
        .select_related("organisation", "submission__organisation")
        .order_by("pk")
    ]
    return {
        "organisations": list(groups.values()),
        "due_reports": due,
        "invitations": invitations,
    }
