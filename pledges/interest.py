"""Write path of the "join as a partner" message on a public initiative."""

from django.conf import settings
from django.db import transaction
from django.utils import translation

from core.localized import localized
from mailings.services import transactional_mail_queue
from pledges.models import Initiative, PartnerInterest


@transaction.atomic(durable=True)
def partner_interest_send(
    *,
    initiative: Initiative,
    organisation_name: str,
    contact_name: str,
    email: str,
    message: str,
) -> PartnerInterest:
    """Store an organisation's interest in joining an initiative and tell the submitter.

    Side effects: one PartnerInterest row; one mail queued (after commit) to the submission's
    private contact address in the submission's language, with Reply-To set to the
    interested party, so the submitter answers directly and their own address is never
    shown to anyone.
    """
    interest = PartnerInterest(
        initiative=initiative,
        organisation_name=organisation_name,
        contact_name=contact_name,
        email=email,
        message=message,
    )
    interest.full_clean()
    interest.save()
    submission = initiative.submission
    language = submission.language
    with translation.override(language):
        title = localized(initiative, "title").text
        initiative_url = settings.SITE_URL + initiative.get_absolute_url()
    transactional_mail_queue(
        to=submission.contact_email,
        template="partner_interest",
        context={
            "interest_id": interest.pk,
            "initiative_id": initiative.pk,
            "initiative_title": title,
            "initiative_url": initiative_url,
            "organisation_name": organisation_name,
            "contact_name": contact_name,
            "email": email,
            "message": message,
        },
        language=language,
        reply_to=email,
        dedupe_key=f"partner-interest-{interest.pk}",
    )
    return interest
