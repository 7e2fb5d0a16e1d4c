import pytest
from django.contrib.sitemaps.views import sitemap
from django.test import RequestFactory
from django.utils import translation

from mailings import demo
from mailings.models import ConsentRecord, Newsletter, Subscriber
from mailings.sitemaps import SITEMAPS
from tests.mailings.factories import NewsletterFactory

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_fills_the_archive(client):
    demo.seed()
    demo.seed()
    assert Subscriber.objects.filter(status="confirmed").count() == 5
    assert set(Subscriber.objects.values_list("language", flat=True)) == {"fi", "sv"}
    assert ConsentRecord.objects.count() == 5
    assert Newsletter.objects.filter(status="sent").count() == 2
    for newsletter in Newsletter.objects.all():
        assert newsletter.has_edition("fi") and newsletter.has_edition("sv")
    with translation.override("sv"):
        from django.urls import reverse

        page = client.get(reverse("newsletter:archive"))
    assert "Höstens evenemang" in page.text


def test_sitemap_lists_sent_newsletters_in_both_languages():
    sent = NewsletterFactory(status="sent", sent_at="2026-05-01T09:00:00+03:00")
    draft = NewsletterFactory()
    request = RequestFactory().get("/sitemap.xml")
    response = sitemap(request, sitemaps=SITEMAPS)
    response.render()
    xml = response.content.decode()
    assert f"http://testserver/fi/uutiskirje/arkisto/{sent.pk}/" in xml
    assert f"http://testserver/sv/nyhetsbrev/arkiv/{sent.pk}/" in xml
    assert f"/arkisto/{draft.pk}/" not in xml
    assert "http://testserver/sv/nyhetsbrev/" in xml
