"""The admin speaks only Finnish or Swedish (issue 9, item 15).

Django 6.1's own fi/sv catalogues lack its newest admin strings ("Run", "- Select an
option -", "Change or view list link"…), django-axes and django-otp ship no fi/sv
catalogue and django-otp's model names are not even marked for translation. Our own
catalogue (locale/) and portal/third_party_i18n.py fill those gaps; these tests log in
(curator and superuser, past the second factor) and read the pages staff see.
"""

import json
import re
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from audit.models import AuditEvent
from audit.services import audit_record
from pledges.models import Entry
from portal.roles import CURATORS
from tests.conftest import totp_device, verified_login
from tests.events.factories import EventFactory
from tests.pledges.factories import PledgeFactory

pytestmark = pytest.mark.django_db
PASSWORD = "pitkä-ja-Vahva-salasana-2026"
S = Entry.Status

# English that the fi/sv admin showed before; none of it may appear in either language.
ENGLISH = [
    "Run",
    "- Select an option -",
    "Change or view list link",
    "Filter by",
    "TOTP device",
    "Static device",
    "Access attempt",
    "Access log",
    "Access failure",
    "Otp_",
    "Search by user",
    "Identity",
    "Timestamps",
    "Throttling",
    "QR Code",
    "The user that this device belongs to",
    "Is this device ready for use",
    "Please enter your OTP token",
    "Invalid token",
    "Locked Out",
    "Account locked",
    "Pagination",
    "Logout",
    "submitted →",
    "→ published",
]


def visible_text(response) -> str:
    """The page's text and attribute values (labels, titles), without scripts and styles."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    attributes = " ".join(re.findall(r'(?:aria-label|title|placeholder|value)="([^"]*)"', html))
    text = re.sub(r"<[^>]+>", " ", html)
    return unescape(f"{text} {attributes}")


def assert_no_english(response) -> None:
    assert response.status_code == 200
    text = visible_text(response)
    found = [s for s in ENGLISH if re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", text)]
    assert not found, f"English in the {response.wsgi_request.LANGUAGE_CODE} admin: {found}"


def in_language(client, language: str):
    client.cookies["django_language"] = language
    return client


@pytest.fixture
def curator(client, django_user_model):
    user = django_user_model.objects.create_user(username="kuraattori", is_staff=True)
    user.groups.add(Group.objects.get(name=CURATORS))
    return verified_login(client, user)


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="yllapitaja", email="yllapitaja@example.fi", password=PASSWORD
    )
    return verified_login(client, user)


@pytest.fixture
def published_pledge():
    pledge = PledgeFactory(status=S.PUBLISHED)
    audit_record(action=AuditEvent.Action.SUBMITTED, obj=pledge, after={"status": S.SUBMITTED})
    audit_record(
        action=AuditEvent.Action.PUBLISHED,
        obj=pledge,
        before={"status": S.SUBMITTED},
        after={"status": S.PUBLISHED},
    )
    return pledge


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_curator_pages_have_no_english(curator, published_pledge, language):
    client = in_language(curator, language)
    pledge_url = reverse("admin:pledges_pledge_change", args=[published_pledge.pk])
    for url in [
        reverse("admin:index"),
        reverse("admin:pledges_pledge_changelist"),
        pledge_url,
        reverse("admin:pledges_pledge_history", args=[published_pledge.pk]),
    ]:
        response = client.get(url)
        assert language == response.wsgi_request.LANGUAGE_CODE
        assert_no_english(response)


@pytest.mark.parametrize(
    ("language", "words"),
    [("fi", ["Suorita", "- Valitse vaihtoehto -"]), ("sv", ["Kör", "- Välj ett alternativ -"])],
)
def test_changelist_action_bar_is_translated(curator, published_pledge, language, words):
    text = visible_text(
        in_language(curator, language).get(reverse("admin:pledges_pledge_changelist"))
    )
    for word in words:
        assert word in text


@pytest.mark.parametrize(
    ("language", "title", "wrong"),
    [("fi", "Muokkaa: lupaus", "Muokkaa lupaus"), ("sv", "Ändra löfte", "Change")],
)
def test_change_form_title_reads_correctly(curator, published_pledge, language, title, wrong):
    url = reverse("admin:pledges_pledge_change", args=[published_pledge.pk])
    html = in_language(curator, language).get(url).content.decode()
    heading = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert title in heading
    assert f"{wrong} " not in heading


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_status_history_shows_translated_status_words(curator, published_pledge, language):
    url = reverse("admin:pledges_pledge_change", args=[published_pledge.pk])
    text = visible_text(in_language(curator, language).get(url))
    with translation.override(language):
        history = f"{S.SUBMITTED.label} → {S.PUBLISHED.label}"
    assert history in text
    assert history != "submitted → published"
    assert "submitted → published" not in text


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_superuser_sees_login_security_models_translated(superuser_client, language):
    client = in_language(superuser_client, language)
    user = client.get(reverse("admin:index")).wsgi_request.user
    device = user.totpdevice_set.get()
    for url in [
        reverse("admin:index"),
        reverse("admin:otp_totp_totpdevice_changelist"),
        reverse("admin:otp_totp_totpdevice_change", args=[device.pk]),
        reverse("admin:otp_static_staticdevice_changelist"),
        reverse("admin:axes_accessattempt_changelist"),
        reverse("admin:axes_accesslog_changelist"),
        reverse("admin:axes_accessfailurelog_changelist"),
        reverse("admin:events_event_add"),
    ]:
        assert_no_english(client.get(url))
    index = visible_text(client.get(reverse("admin:index")))
    expected = {
        "fi": ["Todennussovellukset (TOTP)", "Varakoodilistat", "Kirjautumisyritykset"],
        "sv": ["Autentiseringsappar (TOTP)", "Reservkodslistor", "Inloggningsförsök"],
    }[language]
    for name in expected:
        assert name in index


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fi", "Vahvistuskoodi on virheellinen."),
        ("sv", "Verifieringskoden är ogiltig."),
    ],
)
def test_login_page_and_wrong_code_error_are_translated(
    client, django_user_model, language, message
):
    user = django_user_model.objects.create_superuser(
        username="yllapitaja", email="yllapitaja@example.fi", password=PASSWORD
    )
    totp_device(user)
    client = in_language(client, language)
    assert_no_english(client.get(reverse("admin:login")))
    response = client.post(
        reverse("admin:login"),
        {"username": "yllapitaja", "password": PASSWORD, "otp_token": "000000"},
    )
    assert_no_english(response)
    assert message in visible_text(response)


@override_settings(AXES_ENABLED=True)
@pytest.mark.parametrize("language", ["fi", "sv"])
def test_lockout_page_is_translated(client, django_user_model, language):
    django_user_model.objects.create_superuser(
        username="yllapitaja", email="yllapitaja@example.fi", password=PASSWORD
    )
    client = in_language(client, language)
    for _attempt in range(5):
        client.post(
            reverse("admin:login"),
            {"username": "yllapitaja", "password": "arvaus", "otp_token": ""},
            REMOTE_ADDR="10.1.2.3",
        )
    locked = client.post(
        reverse("admin:login"),
        {"username": "yllapitaja", "password": PASSWORD, "otp_token": ""},
        REMOTE_ADDR="10.1.2.3",
    )
    assert locked.status_code == 429
    locked.status_code = 200  # assert_no_english reads the page, whatever the status
    assert_no_english(locked)
    with translation.override(language):
        assert gettext("Login locked") in visible_text(locked)


@pytest.mark.parametrize(
    ("language", "today"), [("fi", "Tänään (%(date)s)"), ("sv", "I dag (%(date)s)")]
)
def test_admin_javascript_catalogue_has_the_new_django_strings(superuser_client, language, today):
    """The date picker's and filter_horizontal's strings come from /admin/jsi18n/."""
    response = in_language(superuser_client, language).get(reverse("admin:jsi18n"))
    assert response.status_code == 200
    assert response["Content-Language"] == language
    catalogue = json.loads(
        re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S).group(1)
    )
    assert catalogue["Today (%(date)s)"] == today
    for msgid in [
        'Choose %s by selecting them and then select the "Choose" arrow button.',
        "%(month)s %(day)s, %(year)s",
        "Language of the translated fields",
    ]:
        assert catalogue.get(msgid), msgid


def test_event_form_has_date_widgets(superuser_client):
    """The event form (date and time widgets) renders in Finnish and Swedish."""
    event = EventFactory()
    for language in ["fi", "sv"]:
        url = reverse("admin:events_event_change", args=[event.pk])
        assert_no_english(in_language(superuser_client, language).get(url))


@pytest.mark.parametrize(
    ("language", "scope", "tested"),
    [
        (
            "fi",
            "Seloste koskee myös palvelun ylläpitoliittymää",
            "ylläpitoliittymän sivut testattiin automaattisesti axe-core-työkalulla",
        ),
        (
            "sv",
            "Utlåtandet gäller också tjänstens administrationsgränssnitt",
            "testades administrationsgränssnittets sidor automatiskt med verktyget axe-core",
        ),
    ],
)
def test_accessibility_statement_covers_the_admin(client, language, scope, tested):
    with translation.override(language):
        url = reverse("accessibility")
    response = client.get(url)
    assert response.status_code == 200
    text = " ".join(visible_text(response).split())
    assert scope in text
    assert tested in text
    assert "ei siksi koske sitä" not in text
    assert "gäller därför inte det" not in text
