"""Demo content: idempotent, bilingual, with public and non-public entries."""

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from pledges import demo
from pledges.models import (
    Award,
    Entry,
    Initiative,
    Organisation,
    Partner,
    Pledge,
    Submission,
)
from pledges.validators import validate_business_id
from programmes.models import Campaign
from programmes.selectors import campaign_open

pytestmark = pytest.mark.django_db
MODELS = [Campaign, Organisation, Submission, Partner, Pledge, Initiative, AuditEvent, Award]


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in MODELS}


def public(model):
    return model.objects.filter(status=Entry.Status.PUBLISHED, submission__consent_to_publish=True)


def test_seed_twice_gives_the_same_rows():
    demo.seed()
    first = counts()
    demo.seed()
    assert counts() == first
    assert first["Organisation"] >= 6


def test_demo_content_covers_what_the_site_shows():
    demo.seed()
    now = timezone.now()
    assert campaign_open() is not None and campaign_open().hashtag
    assert Campaign.objects.filter(closes_at__lt=now).exists()
    assert public(Pledge).count() >= 6
    assert public(Initiative).count() >= 4
    assert len(set(Organisation.objects.values_list("type", flat=True))) >= 6
    assert len(set(Organisation.objects.values_list("region", flat=True))) >= 5
    for business_id in Organisation.objects.exclude(business_id="").values_list(
        "business_id", flat=True
    ):
        validate_business_id(business_id)
    themes = set(public(Pledge).values_list("themes__number", flat=True)) | set(
        public(Initiative).values_list("themes__number", flat=True)
    )
    assert themes == {1, 2, 3, 4, 5}
    entries = [*public(Pledge), *public(Initiative)]
    only_fi = [e for e in entries if e.title_fi and not e.title_sv]
    only_sv = [e for e in entries if e.title_sv and not e.title_fi]
    both = [e for e in entries if e.title_fi and e.title_sv]
    assert only_fi and only_sv and both
    assert public(Initiative).filter(seeking_partners=True).exists()
    assert Partner.objects.filter(status=Partner.Status.CONFIRMED).count() >= 2
    # One waiting for review and one without consent: neither is public.
    assert Pledge.objects.filter(status=Entry.Status.SUBMITTED).exists()
    assert Pledge.objects.filter(submission__consent_to_publish=False).exists()
    award = Award.objects.get()
    assert award.reasoning_fi and award.reasoning_sv
    assert award.pledges.exists() or award.initiatives.exists()
    assert all(s.contact_email.endswith("@example.fi") for s in Submission.objects.all())
