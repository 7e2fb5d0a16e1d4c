"""Demo content for the assessment: the open campaign's scoring rubric and a shortlist.

Needs pledges.demo to have run first (the campaign "kumppanuus2026" and its published
entries). Keyed on the campaign and the criterion position, so seeding twice leaves the
same rows. No jurors are created: staff accounts are made by people, not by seeding.
"""

from decimal import Decimal

from django.db import transaction

from assessments.models import Criterion, Rubric, Shortlisting
from core.seeding import seed_missing
from pledges.models import Entry, Initiative, Pledge
from programmes.models import Campaign

HASHTAG = "kumppanuus2026"

RUBRIC = {"name_fi": "Kumppanuuspalkinnon arviointi", "name_sv": "Bedömning för partnerskapspriset"}

CRITERIA = [
    (
        "2",
        ("Vaikuttavuus", "Genomslag"),
        (
            "Miten paljon toiminta edistää maahan muuttaneiden osallisuutta ja kotoutumista?",
            "Hur mycket främjar verksamheten inflyttades delaktighet och integration?",
        ),
    ),
    (
        "1",
        ("Yhteistyö", "Samarbete"),
        (
            "Tekevätkö eri organisaatiot ja maahan muuttaneet itse työtä yhdessä?",
            "Arbetar olika organisationer och de inflyttade själva tillsammans?",
        ),
    ),
    (
        "1",
        ("Toteutettavuus", "Genomförbarhet"),
        (
            "Onko suunnitelma realistinen ja ovatko resurssit riittävät?",
            "Är planen realistisk och räcker resurserna till?",
        ),
    ),
]


@transaction.atomic
def seed() -> None:
    """Create the rubric (if missing) of the open demo campaign and shortlist two entries."""
    campaign = Campaign.objects.filter(hashtag=HASHTAG).order_by("-opens_at").first()
    if campaign is None:
        return
    rubric, _created = seed_missing(Rubric, campaign=campaign, defaults=RUBRIC)
    for position, (weight, names, descriptions) in enumerate(CRITERIA, start=1):
        seed_missing(
            Criterion,
            rubric=rubric,
            position=position,
            defaults={
                "weight": Decimal(weight),
                "name_fi": names[0],
                "name_sv": names[1],
                "description_fi": descriptions[0],
                "description_sv": descriptions[1],
            },
        )
    published = {"campaign": campaign, "status": Entry.Status.PUBLISHED}
    for model, field in ((Pledge, "pledge"), (Initiative, "initiative")):
        entry = model.objects.filter(**published).order_by("pk").first()
        if entry is not None:
            Shortlisting.objects.get_or_create(**{field: entry}, defaults={"campaign": campaign})
