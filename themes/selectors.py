from django.db.models import Q, QuerySet
from django.utils import translation

from themes.models import Theme


def theme_list() -> QuerySet[Theme]:
    return Theme.objects.order_by("number")


def theme_by_slug(slug: str) -> tuple[Theme | None, bool]:
    """Find a theme by its slug in the current language, or in any language.

    Returns the theme and whether the slug was the current language's own (if not, the
    caller redirects to the canonical address).
    """
    lang = translation.get_language()
    theme = Theme.objects.filter(**{f"slug_{lang}": slug}).first()
    if theme is not None:
        return theme, True
    return Theme.objects.filter(Q(slug_fi=slug) | Q(slug_sv=slug)).first(), False
