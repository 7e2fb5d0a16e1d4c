"""Event and news pages are valid HTML (Nu HTML checker), forms in their error state too."""

import pytest
from django.urls import reverse
from django.utils import translation

from events import demo as events_demo
from events import services
from events.models import Event, Registration
from news import demo as news_demo
from news.models import NewsItem
from tests.conftest import assert_valid_html

pytestmark = pytest.mark.django_db


def test_event_and_news_pages_are_valid_html(client, tmp_path):
    events_demo.seed()
    news_demo.seed()
    event = Event.objects.get(slug_fi="tyopaja-rekrytointi-vaasa")
    registration = Registration.objects.filter(event=event).first()
    pages = []
    for lang in ("fi", "sv"):
        with translation.override(lang):
            paths = [reverse("events:list"), reverse("events:list") + "?when=past&kind=x"]
            paths += [e.get_absolute_url() for e in Event.objects.all()]
            paths += [
                reverse("events:register", kwargs={"pk": event.pk}),
                reverse("events:registered", kwargs={"token": services.done_token(registration)}),
                reverse("events:cancel", kwargs={"token": services.cancel_token(registration)}),
                reverse("events:cancel", kwargs={"token": "rikki"}),
                reverse("news:list"),
            ]
            paths += [item.get_absolute_url() for item in NewsItem.objects.all()]
            register = reverse("events:register", kwargs={"pk": event.pk})
        responses = [client.get(path) for path in paths]
        responses.append(client.post(register, {"email": "x"}))
        for response in responses:
            assert response.status_code in (200, 400, 404)
            pages.append(response.content)
    assert_valid_html(pages, tmp_path)
