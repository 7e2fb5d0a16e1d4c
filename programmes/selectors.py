from datetime import datetime

from django.db.models import Prefetch
from django.utils import timezone

from programmes.models import AnnualTheme, Campaign, ContactPerson, Programme


def programme_current() -> Programme | None:
    """The programme the site presents, with what its page shows, or None before set-up."""
    return (
        Programme.objects.prefetch_related(
            "goals",
            "publications",
            "supports",
            Prefetch("contacts", queryset=ContactPerson.objects.order_by("position", "name")),
        )
        .order_by("pk")
        .first()
    )


def annual_theme_current(programme: Programme) -> AnnualTheme | None:
    """This year's umbrella theme, or the most recent earlier one if this year has none."""
    year = timezone.localdate().year
    return programme.annual_themes.filter(year__lte=year).order_by("-year").first()


def annual_themes_archive(programme: Programme) -> list[AnnualTheme]:
    """Every umbrella theme up to this year, newest first (a future year's is not yet public)."""
    year = timezone.localdate().year
    return list(programme.annual_themes.filter(year__lte=year).order_by("-year"))


def campaigns_closed(at: datetime | None = None) -> list[Campaign]:
    """Campaigns that have closed, newest first: the programme's history."""
    at = at or timezone.now()
    return list(Campaign.objects.filter(closes_at__lte=at).order_by("-opens_at"))


def footer_contacts() -> list[ContactPerson]:
    """The programme's first contact persons, shown in the footer of every page."""
    return list(
        ContactPerson.objects.filter(programme__isnull=False).order_by("position", "name")[:2]
    )


def campaign_open(at: datetime | None = None) -> Campaign | None:
    """The campaign accepting submissions now (the one closing first if several overlap)."""
    at = at or timezone.now()
    return Campaign.objects.filter(opens_at__lte=at, closes_at__gt=at).order_by("closes_at").first()


def campaign_next(at: datetime | None = None) -> Campaign | None:
    """The next campaign to open, if one is known."""
    at = at or timezone.now()
    return Campaign.objects.filter(opens_at__gt=at).order_by("opens_at").first()
