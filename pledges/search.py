"""Pledges and initiatives in the site-wide search (search.registry)."""

from django.utils.translation import gettext_lazy as _

from pledges.models import Initiative, Pledge, Submission
from pledges.selectors import initiatives_public, pledges_public
from search.registry import Dependency, SearchSource, field_date, register


def _public_in_any_language(selector):
    return lambda _language: selector()


# The submission's consent decides whether its entries are public.
register(
    SearchSource(
        kind="pledge",
        label=_("Pledge"),
        indexed=pledges_public,
        public=_public_in_any_language(pledges_public),
        date=field_date("published_at"),
        select_related=("organisation",),
        dependencies=(
            Dependency(
                Submission,
                lambda submission: Pledge.objects.filter(submission=submission).values_list(
                    "pk", flat=True
                ),
            ),
        ),
    )
)
register(
    SearchSource(
        kind="initiative",
        label=_("Initiative"),
        indexed=initiatives_public,
        public=_public_in_any_language(initiatives_public),
        date=field_date("published_at"),
        select_related=("organisation",),
        dependencies=(
            Dependency(
                Submission,
                lambda submission: Initiative.objects.filter(submission=submission).values_list(
                    "pk", flat=True
                ),
            ),
        ),
    )
)
