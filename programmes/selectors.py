from django.db.models import Prefetch
from django.utils import timezone

from programmes.models import AnnualTheme, ContactPerson, Programme


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


def footer_contacts() -> list[ContactPerson]:
    """The programme's first contact persons, shown in the footer of every page."""
    return list(
        ContactPerson.objects.filter(programme__isnull=False).order_by("position", "name")[:2]
    )
