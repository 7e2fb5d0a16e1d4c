"""Every model of ours is classified for the caches (portal/cache_invalidation.py), and a
write to a public model bumps its topics' content versions, by signal or explicitly."""

import pytest
from django.apps import apps
from django.conf import settings

from core.content_versions import versions
from core.models import Municipality
from core.municipalities import municipalities_sync
from portal import cache_invalidation
from tests.events.factories import EventFactory, RegistrationFactory
from tests.pledges.factories import AwardFactory, PledgeFactory
from themes.models import Theme

pytestmark = pytest.mark.django_db


def test_every_model_is_public_or_private():
    labels = {
        model._meta.label
        for app in settings.PROJECT_APPS
        for model in apps.get_app_config(app).get_models()
    }
    public, private = set(cache_invalidation.PUBLIC_MODELS), cache_invalidation.PRIVATE_MODELS
    assert not public & private
    assert labels - public - private == set(), "classify new models in cache_invalidation.py"
    assert (public | private) - labels == set(), "a listed model no longer exists"


def test_the_topics_are_those_the_other_caches_use():
    """The sitemap sections and the counts key on these names."""
    assert {"pledges", "initiatives", "events", "news", "themes", "programme"} <= set(
        cache_invalidation.ALL_TOPICS
    )


def changes(topics, write) -> bool:
    before = versions(topics)
    write()
    return versions(topics) != before


def test_saves_deletes_and_relations_bump_their_topics():
    pledge = PledgeFactory()
    theme = Theme.objects.first()
    assert changes(["pledges"], pledge.save)
    assert changes(["pledges"], lambda: pledge.themes.add(theme))
    assert changes(["pledges"], lambda: theme.pledges.remove(pledge))
    assert changes(["initiatives"], pledge.organisation.save)
    award = AwardFactory()
    assert changes(["pledges"], lambda: award.pledges.add(pledge))
    event = EventFactory()
    assert changes(["events"], lambda: RegistrationFactory(event=event))
    assert changes(["events"], event.delete)
    assert not changes(["events"], pledge.save)


def test_private_models_bump_nothing():
    from portal.models import AccessibilityFeedback

    before = versions(cache_invalidation.ALL_TOPICS)
    AccessibilityFeedback.objects.create(message="Hei", language="fi")
    assert versions(cache_invalidation.ALL_TOPICS) == before


def test_bulk_municipality_changes_bump_the_entries():
    Municipality.objects.filter(code="837").update(name_fi="Väärä nimi")
    assert changes(["pledges", "initiatives"], municipalities_sync)
