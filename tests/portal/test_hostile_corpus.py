"""The fuzzer's inputs, replayed: the Big List of Naughty Strings and our own hostile cases
(tests/portal/hostile.py) go into every text field of every public form in Finnish and
Swedish, into the GET parameters of every public list, search and feed page, and into the
admin's search, filters and exports. Nothing may answer 5xx, and nothing stored may carry a
control character.

Every request carries several strings (one per field or parameter), so the whole corpus
goes through in a few hundred requests and the module stays well under a minute.
"""

import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation

from barometer.models import Response
from core.text import has_control_characters
from events.forms import RegistrationForm
from events.models import Registration
from mailings.forms import SubscribeForm
from news.models import NewsItem
from pledges.browse_forms import PartnerInterestForm
from pledges.forms import ParticipateForm, PartnerForm
from pledges.models import Submission
from portal.forms import AccessibilityFeedbackForm
from portal.models import AccessibilityFeedback
from tests.barometer.factories import choice, open_survey
from tests.barometer.factories_results import round_make
from tests.events.factories import EventFactory, RegistrationFactory
from tests.pledges.factories import (
    CampaignFactory,
    InitiativeFactory,
    OrganisationFactory,
    PledgeFactory,
    SubmissionFactory,
)
from tests.pledges.test_submission import form_data
from tests.portal.hostile import Feeder, corpus, urlencoded

pytestmark = pytest.mark.django_db

LANGS = ["fi", "sv"]
POSTS_PER_FORM = 12  # per language; every fourth one fuzzes a single field
GETS_PER_PAGE = 2  # per language
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
PARTNER_ROWS = 5  # of the participation form
PARTNER_TYPES = [f"partners-{row}-type" for row in range(PARTNER_ROWS)]
PROJECT_APPS = set(settings.PROJECT_APPS)
# Every filter, sort and paging parameter any public list, search or feed reads.
GET_PARAMS = [
    "q",
    "page",
    "theme",
    "type",
    "region",
    "campaign",
    "selected",
    "awarded",
    "sort",
    "seeking",
    "stage",
    "when",
    "kind",
    "topic",
    "breakdown",
    "status",
    "progress",
]


@pytest.fixture(scope="module")
def strings() -> list[str]:
    return corpus()


@pytest.fixture
def feeder(strings) -> Feeder:
    return Feeder(strings)


class Addresses:
    """A fresh client address per request, so the per-address rate limits never answer
    429 in place of the form (they are tested on their own)."""

    def __init__(self) -> None:
        self.count = 0

    def __next__(self) -> str:
        self.count += 1
        return f"10.{self.count // 62500 % 250}.{self.count // 250 % 250}.{self.count % 250}"


@pytest.fixture
def world(smtp_server):
    """An open campaign, an initiative seeking partners, an event open for registration,
    a news item: every public form and list has something to work on."""
    cache.clear()
    CampaignFactory()
    initiative = InitiativeFactory(seeking_partners=True)
    PledgeFactory(submission=initiative.submission)
    event = EventFactory(starts_at=timezone.now() + timedelta(days=20), capacity=None)
    now = timezone.now()
    NewsItem.objects.create(
        title_fi="Uutinen", title_sv="Nyhet", published_fi=now, published_sv=now
    )
    # The barometer: an open round to answer, a closed one with results.
    survey = open_survey(year=2026)
    round_make(year=2024, closed=True)
    yield {"initiative": initiative, "event": event, "survey": survey}
    cache.clear()


def is_honeypot(field: forms.Field) -> bool:
    # Filled in, a honeypot makes the form pretend success without looking at the rest.
    with translation.override("en"):
        return str(field.label) == "Leave this field empty"


def text_fields(form_class: type[forms.BaseForm]) -> list[str]:
    return [
        name
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.CharField) and not is_honeypot(field)
    ]


def public_forms(world) -> list[tuple[tuple[str, dict], Callable[[], dict], list[str]]]:
    """(url name and kwargs, valid data, text and email fields) of every public form."""
    partner_fields = [
        f"partners-{row}-{name}" for row in range(PARTNER_ROWS) for name in text_fields(PartnerForm)
    ]
    event = world["event"]
    return [
        (
            ("participate:form", {}),
            form_data,
            [*text_fields(ParticipateForm), *partner_fields],
        ),
        (
            ("initiatives:join", {"pk": world["initiative"].pk}),
            lambda: {
                "organisation_name": "Yhdistys",
                "contact_name": "Maija",
                "email": "maija@example.fi",
                "message": "Hei",
            },
            text_fields(PartnerInterestForm),
        ),
        (
            ("events:register", {"pk": event.pk}),
            lambda: {"name": "Maija", "email": "maija@example.fi", "language": "fi"},
            text_fields(RegistrationForm),
        ),
        (
            ("newsletter:subscribe", {}),
            lambda: {
                "email": "maija@example.fi",
                "language": "sv",
                "topics": ["newsletter"],
                "consent": "on",
            },
            text_fields(SubscribeForm),
        ),
        (
            ("accessibility", {}),
            lambda: {"message": "Palaute"},
            text_fields(AccessibilityFeedbackForm),
        ),
        (
            # Every question's field, whatever its kind: a choice, a scale value or a
            # number given as a hostile string is refused, an open answer is stored.
            ("barometer:index", {}),
            lambda: barometer_answers(world["survey"]),
            # The open answer first: the single-field rounds then store one.
            [f"q{world['survey'].q['develop'].pk}"]
            + [f"q{q.pk}" for key, q in world["survey"].q.items() if key != "develop"],
        ),
    ]


def barometer_answers(survey) -> dict:
    q = survey.q
    return {
        f"q{q['type'].pk}": "association",
        f"q{q['region'].pk}": "uusimaa",
        f"q{q['known'].pk}": str(choice(survey, "known", "Kyllä").pk),
        f"q{q['channels'].pk}": [str(choice(survey, "channels", "Muu").pk)],
        f"q{q['useful'].pk}": "4",
        f"q{q['events'].pk}": "3",
        f"q{q['develop'].pk}": "Enemmän tapaamisia.",
    }


def stored_texts():
    """(where, text) of every text stored by the project's models, JSON included."""

    def walk(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)

    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for name, value in zip(fields, row, strict=True):
                for text in walk(value):
                    yield f"{model._meta.label}.{name}", text


def test_every_public_form_in_both_languages(client, world, feeder):
    addresses = Addresses()
    statuses = []
    for lang in LANGS:
        for (name, kwargs), valid, fields in public_forms(world):
            participate = name == "participate:form"
            with translation.override(lang):
                path = reverse(name, kwargs=kwargs or None)
            for number in range(POSTS_PER_FORM):
                data = valid()
                if number % 4 == 3:
                    # One hostile field in an otherwise valid form: what is not refused
                    # gets saved, and the stored data is checked below.
                    data[fields[number // 4 % len(fields)]] = next(feeder)
                else:
                    data.update({field: next(feeder) for field in fields})
                    if participate:  # every partner row filled in, so each is checked
                        data["partners-TOTAL_FORMS"] = str(PARTNER_ROWS)
                        data.update(dict.fromkeys(PARTNER_TYPES, "association"))
                response = client.post(
                    path,
                    urlencoded(data),
                    content_type=FORM_CONTENT_TYPE,
                    REMOTE_ADDR=next(addresses),
                )
                statuses.append(response.status_code)
                assert response.status_code < 500, (path, data)
    # The whole corpus went through, and some of it was accepted and saved, not only refused
    # (the world's own initiative is one submission; the subscriber needs confirming).
    assert feeder.given >= len(feeder.strings)
    assert 302 in statuses
    assert Submission.objects.count() > 1
    assert Registration.objects.exists()
    assert AccessibilityFeedback.objects.exists()
    assert Response.objects.filter(submitted_at__isnull=False).exists()
    stored = [(where, text) for where, text in stored_texts() if has_control_characters(text)]
    assert stored == []


def test_every_public_list_search_and_feed_page_in_both_languages(client, world, feeder):
    pages = [
        "home",
        "pledges:list",
        "initiatives:list",
        "search:search",
        "events:list",
        "news:list",
        "newsletter:archive",
        "pledges:feed",
        "initiatives:feed",
        "news:feed",
        "events:calendar",
        "measures:list",
        "measures:feed",
        "pledges:reports_feed",
        ("barometer:results", {"year": 2024}),
        ("barometer:results_csv", {"year": 2024}),
    ]
    for lang in LANGS:
        for page in pages:
            name, kwargs = page if isinstance(page, tuple) else (page, None)
            with translation.override(lang):
                path = reverse(name, kwargs=kwargs)
            for _ in range(GETS_PER_PAGE):
                query = urlencoded({param: next(feeder) for param in GET_PARAMS})
                response = client.get(f"{path}?{query}")
                assert response.status_code < 500, (path, query)


@pytest.fixture
def hostile_rows(strings):
    """Rows whose texts are corpus strings, stored straight (as old data or an import
    would): control characters included, NUL excepted (PostgreSQL cannot store it)."""
    texts = [
        text
        for text in (s.replace("\x00", "") for s in strings)
        if text and text.encode("utf-8", "replace").decode("utf-8") == text  # no surrogates
    ][:40]
    for number, text in enumerate(texts[:12]):
        submission = SubmissionFactory(
            organisation=OrganisationFactory(name=text[:250]),
            contact_name=texts[-number - 1][:200],
            contact_phone=text[:40],
        )
        PledgeFactory(submission=submission, title_fi=text[:200], text_fi=text)
        InitiativeFactory(submission=submission, title_sv=text[:200], text_sv=text)
    event = EventFactory(title_fi=texts[0][:200], title_sv=texts[1][:200])
    for text in texts[12:24]:
        RegistrationFactory(event=event, name=text[:200], organisation=text[:250], needs=text)


def test_admin_search_filters_and_exports_survive_the_corpus(
    admin_client, admin_user, rf, hostile_rows, feeder
):
    request = rf.get("/admin/")
    request.user = admin_user
    for model, model_admin in admin.site._registry.items():
        changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        # A changelist without search fields ignores q: one string is enough there.
        for text in feeder.take(2 if model_admin.get_search_fields(request) else 1):
            response = admin_client.get(f"{changelist}?{urlencoded({'q': text})}")
            assert response.status_code < 500, (changelist, text)
        # One request per filter, with a string in each of its parameters.
        groups = [
            spec.expected_parameters()
            for spec in model_admin.get_changelist_instance(request).filter_specs
        ]
        if model_admin.date_hierarchy:
            groups.append([f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month")])
        for params in groups:
            query = urlencoded({param: next(feeder) for param in params})
            response = admin_client.get(f"{changelist}?{query}")
            assert response.status_code < 500, (changelist, query)
        pks = [str(pk) for pk in model._default_manager.values_list("pk", flat=True)[:50]]
        for action in model_admin.get_actions(request):
            if "export" not in action or not pks:
                continue
            data = {"action": action, "_selected_action": pks, "index": "0"}
            response = admin_client.post(changelist, data)
            assert response.status_code == 200, (changelist, action)
            assert response["Content-Disposition"].startswith("attachment")


def test_corpus_has_the_big_list_and_our_own_cases(strings):
    assert len(strings) > 500
    assert "user@localhost" in strings and "\ud800" in strings and "\x00" in strings
    assert any(len(s) >= 10_000 for s in strings)
    assert json.dumps(strings)  # every string survives a JSON round trip (escaped)
