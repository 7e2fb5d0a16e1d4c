"""Event pages, filters, the registration form, signed links and bad input."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar
from openpyxl import load_workbook

from events import demo, services
from events.models import Event, Registration
from portal.roles import COMMUNICATIONS
from tests.conftest import verified_login
from tests.events.factories import EventFactory, RegistrationFactory
from themes.models import Theme

pytestmark = pytest.mark.django_db
LANGUAGES = ["fi", "sv"]


def url(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def detail_url(event: Event, lang: str) -> str:
    with translation.override(lang):
        return event.get_absolute_url()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_list_shows_upcoming_and_past_separately(client, lang, django_assert_max_num_queries):
    now = timezone.now()
    upcoming = EventFactory.create_batch(5)
    past = EventFactory(
        starts_at=now - timedelta(days=3), ends_at=now - timedelta(days=3, hours=-2)
    )
    EventFactory(is_published=False, title_fi="Luonnos", title_sv="Utkast")
    with django_assert_max_num_queries(8):
        page = client.get(url("events:list", lang)).content.decode()
    for event in upcoming:
        assert getattr(event, f"title_{lang}") in page
    assert getattr(past, f"title_{lang}") not in page
    assert "Luonnos" not in page and "Utkast" not in page
    past_page = client.get(url("events:list", lang) + "?when=past").content.decode()
    assert getattr(past, f"title_{lang}") in past_page
    assert getattr(upcoming[0], f"title_{lang}") not in past_page


def test_filters_by_kind_theme_and_region(client):
    theme = Theme.objects.get(number=2)
    webinar = EventFactory(kind=Event.Kind.WEBINAR, title_fi="Webinaari A")
    webinar.themes.add(theme)
    regional = EventFactory(
        kind=Event.Kind.WORKSHOP, scope="regional", region="lappi", title_fi="Työpaja Lappi"
    )
    base = url("events:list", "fi")
    page = client.get(base + "?kind=webinar").content.decode()
    assert "Webinaari A" in page and "Työpaja Lappi" not in page
    page = client.get(base + "?theme=2").content.decode()
    assert "Webinaari A" in page and "Työpaja Lappi" not in page
    page = client.get(base + "?region=lappi").content.decode()
    assert "Työpaja Lappi" in page and "Webinaari A" not in page
    assert regional.get_region_display() == "Lappi"
    with translation.override("sv"):
        assert regional.get_region_display() == "Lappland"


@pytest.mark.parametrize(
    "query",
    [
        "?kind=nonsense&theme=99&region=atlantis&when=future",
        "?theme=abc&page=-1",
        "?page=99999",
        "?kind=" + "x" * 5000,
        "?theme=1%00",
        "?theme=99999999999999999999999",
    ],
)
def test_bad_filters_never_break_the_list(client, query):
    EventFactory(title_fi="Näkyvä")
    response = client.get(url("events:list", "fi") + query)
    assert response.status_code == 200
    assert "Näkyvä" in response.content.decode()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_detail_redirects_to_its_canonical_address(client, lang):
    event = EventFactory()
    bare = url("events:detail", lang, pk=event.pk)
    response = client.get(bare)
    assert response.status_code == 301
    assert response["Location"] == detail_url(event, lang)
    wrong_slug = url("events:detail_slug", lang, pk=event.pk, slug="vaara")
    assert client.get(wrong_slug)["Location"] == detail_url(event, lang)
    page = client.get(detail_url(event, lang))
    assert page.status_code == 200
    assert getattr(event, f"title_{lang}") in page.content.decode()


@pytest.mark.parametrize(
    "path", ["999999/", "0/", "abc/", "1-x/ics/", "99999999999999999999999/", "1-%C3%A5/"]
)
def test_unknown_events_are_404(client, path):
    assert client.get(url("events:list", "fi") + path).status_code == 404


def test_unpublished_event_is_404(client):
    event = EventFactory(is_published=False)
    assert client.get(url("events:detail", "fi", pk=event.pk)).status_code == 404
    assert client.get(url("events:register", "fi", pk=event.pk)).status_code == 404
    assert client.get(url("events:ics", "fi", pk=event.pk)).status_code == 404


def test_private_online_link_stays_off_public_pages(client):
    secret = EventFactory(online_url="https://meet.example.fi/salainen", online_url_private=True)
    public = EventFactory(online_url="https://meet.example.fi/avoin", online_url_private=False)
    assert "salainen" not in client.get(detail_url(secret, "fi")).content.decode()
    assert "salainen" not in client.get(url("events:ics", "fi", pk=secret.pk)).content.decode()
    assert "salainen" not in client.get(url("events:calendar", "fi")).content.decode()
    assert "meet.example.fi/avoin" in client.get(detail_url(public, "fi")).content.decode()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_calendar_feed_parses_with_helsinki_times(client, lang):
    now = timezone.now()
    upcoming = EventFactory(title_fi="Tuleva", title_sv="Kommande")
    EventFactory(starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=2, hours=-1))
    only_fi = EventFactory(title_fi="Vain suomeksi", title_sv="")
    response = client.get(url("events:calendar", lang))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Helsinki"]
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == 2
    uid = f"event-{upcoming.pk}@testserver"
    assert str(events[uid]["SUMMARY"]) == ("Tuleva" if lang == "fi" else "Kommande")
    assert events[uid]["DTSTART"].params["TZID"] == "Europe/Helsinki"
    assert str(events[f"event-{only_fi.pk}@testserver"]["SUMMARY"]) == "Vain suomeksi"


def test_event_ics_is_stable_and_parses(client):
    event = EventFactory()
    first = Calendar.from_ical(client.get(url("events:ics", "sv", pk=event.pk)).content)
    second = Calendar.from_ical(client.get(url("events:ics", "sv", pk=event.pk)).content)
    (a,) = first.walk("VEVENT")
    (b,) = second.walk("VEVENT")
    assert a["UID"] == b["UID"]
    assert a["SEQUENCE"] == 0
    assert str(a["SUMMARY"]) == event.title_sv
    assert a["DTEND"].dt > a["DTSTART"].dt


# ---------------------------------------------------------------------------------------
# The registration form
# ---------------------------------------------------------------------------------------

VALID = {"name": "Sara Exempel", "email": "sara@example.fi", "language": "sv", "needs": "Tolk"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_register_through_the_form(client, lang):
    event = EventFactory(capacity=1)
    response = client.post(url("events:register", lang, pk=event.pk), VALID)
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.status, registration.language, registration.needs) == (
        "confirmed",
        "sv",
        "Tolk",
    )
    done = client.get(response["Location"])
    assert done.status_code == 200
    # The event is now full: the form offers the waiting list.
    page = client.get(url("events:register", lang, pk=event.pk)).content.decode()
    assert ("Ilmoittaudu jonoon" if lang == "fi" else "Ställ dig i kö") in page


@pytest.mark.parametrize(
    ("lang", "required"), [("fi", "Tämä kenttä vaaditaan."), ("sv", "Detta fält måste fyllas i.")]
)
def test_form_errors_in_the_page_language(client, lang, required):
    event = EventFactory()
    response = client.post(url("events:register", lang, pk=event.pk), {"email": "ei-osoite"})
    assert response.status_code == 400
    page = response.content.decode()
    assert required in page
    assert 'role="alert"' in page
    assert 'href="#id_name"' in page
    assert 'aria-invalid="true"' in page
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {**VALID, "name": "x" * 201},
        {**VALID, "email": "a" * 250 + "@example.fi"},
        {**VALID, "needs": "x" * 2001},
        {**VALID, "language": "en"},
        {**VALID, "website": "http://spam.example"},
        {**VALID, "name": "\x00"},
        {},
    ],
)
def test_bad_input_is_a_400_not_a_500(client, data):
    event = EventFactory()
    response = client.post(url("events:register", "fi", pk=event.pk), data)
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_registering_twice_gives_a_clear_message(client):
    event = EventFactory()
    client.post(url("events:register", "sv", pk=event.pk), VALID)
    response = client.post(
        url("events:register", "sv", pk=event.pk), {**VALID, "email": "SARA@example.fi"}
    )
    assert response.status_code == 400
    assert "redan anmäld" in response.content.decode()
    assert Registration.objects.count() == 1


def test_closed_registration_shows_no_form(client):
    event = EventFactory(registration_closes_at=timezone.now() - timedelta(hours=1))
    response = client.get(url("events:register", "fi", pk=event.pk))
    assert "<form" not in response.content.decode().split('id="main"')[1]
    response = client.post(url("events:register", "fi", pk=event.pk), VALID)
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_registration_is_rate_limited(client):
    event = EventFactory(capacity=None)
    codes = [
        client.post(
            url("events:register", "fi", pk=event.pk), {**VALID, "email": f"p{n}@example.fi"}
        ).status_code
        for n in range(12)
    ]
    assert codes[:10] == [302] * 10
    assert codes[-1] == 429


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        signing.dumps({"r": 1}, salt="wrong-salt"),
        signing.dumps({"r": "abc"}, salt=services.CANCEL_LINK.salt),
        signing.dumps({"r": 999999}, salt=services.CANCEL_LINK.salt),
        signing.dumps([1, 2], salt=services.CANCEL_LINK.salt),
    ],
)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_tampered_links_give_a_clear_page(client, token, lang):
    RegistrationFactory()
    for name in ("events:cancel", "events:registered"):
        response = client.get(url(name, lang, token=token))
        assert response.status_code == 404
        text = response.content.decode()
        assert ("Linkki ei toimi" if lang == "fi" else "Länken fungerar inte") in text
    assert client.post(url("events:cancel", lang, token=token)).status_code == 404
    assert Registration.objects.get().status == "confirmed"


@pytest.mark.parametrize(
    ("lang", "refusal"), [("fi", "ei voi enää perua"), ("sv", "kan inte längre avbokas")]
)
def test_a_cancel_link_after_the_start_cancels_nothing(client, lang, refusal):
    now = timezone.now()
    event = EventFactory(starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=1))
    registration = RegistrationFactory(event=event)
    link = url("events:cancel", lang, token=services.cancel_token(registration))
    response = client.post(link)
    assert response.status_code == 200
    assert refusal in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == "confirmed"


# ---------------------------------------------------------------------------------------
# Staff
# ---------------------------------------------------------------------------------------


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("staff", "staff@example.fi", "x" * 16)
    return verified_login(client, user)


def test_admin_list_shows_counts(staff_client):
    event = EventFactory(capacity=1, title_fi="Laskettava")
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status="waiting")
    RegistrationFactory(event=event, status="waiting")
    response = staff_client.get(reverse("admin:events_event_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<td class="field-confirmed">1</td>' in page
    assert '<td class="field-waiting">2</td>' in page
    detail = staff_client.get(reverse("admin:events_event_change", args=[event.pk]))
    assert detail.status_code == 200


def test_csv_export_is_excel_friendly_and_formula_safe(staff_client):
    event = EventFactory(title_fi="Työpaja")
    RegistrationFactory(event=event, name="Åsa Öhman", organisation="=HYPERLINK(1)")
    response = staff_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "export_csv", "_selected_action": [event.pk]},
    )
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][3] == "Åsa Öhman"
    assert rows[1][5] == "'=HYPERLINK(1)"


def test_xlsx_export(staff_client):
    event = EventFactory()
    RegistrationFactory(event=event, name="Åsa Öhman", email="asa@example.fi", needs="-1+1")
    response = staff_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "export_xlsx", "_selected_action": [event.pk]},
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for cell in sheet[2]]
    assert "Åsa Öhman" in values and "asa@example.fi" in values and "'-1+1" in values


def test_exports_need_staff(client):
    event = EventFactory()
    response = client.post(
        reverse("admin:events_event_changelist"),
        {"action": "export_csv", "_selected_action": [event.pk]},
    )
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_admin_time_change_notifies_participants(staff_client, django_capture_on_commit_callbacks):
    from mailings.models import Delivery

    event = EventFactory()
    services.registration_create(event_id=event.pk, name="A", email="a@example.fi")
    change_url = reverse("admin:events_event_change", args=[event.pk])
    form = staff_client.get(change_url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if hasattr(value, "all"):
            value = [obj.pk for obj in value.all()]
        data[name] = value
    new_start = timezone.localtime(event.starts_at + timedelta(days=1))
    new_end = timezone.localtime(event.ends_at + timedelta(days=1))
    data.update(
        {
            "starts_at_0": new_start.strftime("%d.%m.%Y"),
            "starts_at_1": new_start.strftime("%H:%M:%S"),
            "ends_at_0": new_end.strftime("%d.%m.%Y"),
            "ends_at_1": new_end.strftime("%H:%M:%S"),
            "registrations-TOTAL_FORMS": "1",
            "registrations-INITIAL_FORMS": "1",
            "registrations-MIN_NUM_FORMS": "0",
            "registrations-MAX_NUM_FORMS": "1000",
            "registrations-0-id": str(event.registrations.get().pk),
            "registrations-0-event": str(event.pk),
        }
    )
    for key in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        data.pop(key, None)
    for flag in ("in_finnish", "in_swedish", "in_english", "online_url_private", "is_published"):
        if not data.get(flag):
            data.pop(flag, None)
    response = staff_client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert event.version == 1
    assert Delivery.objects.filter(template="event_change").count() == 1


def test_admin_cancel_action(staff_client):
    event = EventFactory()
    RegistrationFactory(event=event)
    staff_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "cancel_events", "_selected_action": [event.pk]},
    )
    event.refresh_from_db()
    assert event.is_cancelled


def test_demo_seed_is_idempotent():
    demo.seed()
    counts = (Event.objects.count(), Registration.objects.count())
    demo.seed()
    assert (Event.objects.count(), Registration.objects.count()) == counts
    full = Event.objects.get(slug_fi="tyopaja-rekrytointi-vaasa")
    assert full.registrations.filter(status="waiting").exists()
    assert all(event.title_sv for event in Event.objects.all())


def test_announce_action_queues_one_bilingual_mailing(staff_client):
    from mailings.models import Mailing

    event = EventFactory(title_fi="Uusi *webinaari*", title_sv="Nytt webbinarium")
    past = EventFactory(
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2, hours=-1),
    )
    changelist = reverse("admin:events_event_changelist")
    for _attempt in range(2):
        staff_client.post(changelist, {"action": "announce", "_selected_action": [event.pk]})
    mailing = Mailing.objects.get()
    assert mailing.topics == ["events"]
    assert mailing.dedupe_key == f"event-announce:{event.pk}"
    assert mailing.subjects["sv"] == "Nytt evenemang: Nytt webbinarium"
    assert "Uusi \\*webinaari\\*" in mailing.bodies["fi"]
    with translation.override("sv"):
        assert f"http://testserver{event.get_absolute_url()}" in mailing.bodies["sv"]
    with pytest.raises(services.NotAnnounceable):
        services.event_announce(event_id=past.pk)
    assert Mailing.objects.count() == 1


def test_template_tags_for_home_and_theme_pages():
    from django.template import Context, Template

    theme = Theme.objects.get(number=4)
    soon = EventFactory(title_fi="Pian", starts_at=timezone.now() + timedelta(days=1))
    soon.themes.add(theme)
    later = EventFactory(title_fi="Myöhemmin", starts_at=timezone.now() + timedelta(days=20))
    EventFactory(title_fi="Viimeinen", starts_at=timezone.now() + timedelta(days=30))
    with translation.override("fi"):
        home = Template("{% load events_tags %}{% events_upcoming limit=2 %}").render(Context())
        themed = Template("{% load events_tags %}{% events_for_theme theme %}").render(
            Context({"theme": theme})
        )
    assert "Pian" in home and "Myöhemmin" in home and "Viimeinen" not in home
    assert "Pian" in themed and "Myöhemmin" not in themed
    assert later.get_absolute_url() not in themed


def test_sitemap_lists_public_events_in_both_languages():
    from types import SimpleNamespace

    from events.sitemaps import SITEMAPS

    public = EventFactory()
    hidden = EventFactory(is_published=False)
    site = SimpleNamespace(domain="testserver")
    urls = [u["location"] for u in SITEMAPS["event-pages"]().get_urls(site=site, protocol="http")]
    assert f"http://testserver{detail_url(public, 'fi')}" in urls
    assert f"http://testserver{detail_url(public, 'sv')}" in urls
    assert not any(f"/{hidden.pk}-" in u for u in urls)


def test_beat_tasks_run():
    from events.tasks import registrations_anonymise_task, reminders_queue_task

    start = timezone.now() + timedelta(hours=5)
    event = EventFactory(starts_at=start, ends_at=start + timedelta(hours=1))
    RegistrationFactory(event=event)
    assert reminders_queue_task.delay().get() == 1
    assert registrations_anonymise_task.delay().get() == 0


def test_registration_admin_lists_and_cancels_with_promotion(staff_client):
    event = EventFactory(capacity=1)
    holder = RegistrationFactory(event=event, name="Paikan haltija")
    RegistrationFactory(event=event, status="waiting", name="Jonottaja")
    changelist = reverse("admin:events_registration_changelist")
    page = staff_client.get(changelist + "?status__exact=waiting").content.decode()
    assert "Jonottaja" in page and "Paikan haltija" not in page
    staff_client.post(
        changelist, {"action": "cancel_registrations", "_selected_action": [holder.pk]}
    )
    assert Registration.objects.get(name="Jonottaja").status == "confirmed"
    assert staff_client.get(reverse("admin:news_newsitem_changelist")).status_code == 200
    assert staff_client.get(reverse("admin:news_newsitem_add")).status_code == 200


@pytest.mark.parametrize(
    ("lang", "refusal"),
    [
        ("fi", "Tapahtuma on jo alkanut, joten ilmoittautumista ei voi enää perua."),
        ("sv", "Evenemanget har redan börjat, så anmälan kan inte längre avbokas."),
    ],
)
def test_registration_admin_cannot_cancel_once_the_event_has_started(
    client, django_user_model, lang, refusal
):
    """The deadline is the service's: the admin action obeys it like the participant's link,
    says why, and the waiting list moves no one into a started event."""
    user = django_user_model.objects.create_user("viestija", password="x" * 16, is_staff=True)
    user.groups.add(Group.objects.get(name=COMMUNICATIONS))
    verified_login(client, user)
    now = timezone.now()
    event = EventFactory(capacity=1, starts_at=now - timedelta(minutes=5))
    holder = RegistrationFactory(event=event, name="Paikan haltija")
    waiting = RegistrationFactory(event=event, status="waiting", name="Jonottaja")
    response = client.post(
        reverse("admin:events_registration_changelist"),
        {"action": "cancel_registrations", "_selected_action": [holder.pk, waiting.pk]},
        HTTP_ACCEPT_LANGUAGE=lang,
        follow=True,
    )
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert sum(refusal in m for m in shown) == 2
    assert list(Registration.objects.order_by("pk").values_list("status", flat=True)) == [
        "confirmed",
        "waiting",
    ]


@pytest.mark.parametrize(("lang", "full_word"), [("fi", "Täynnä"), ("sv", "Fullt")])
def test_home_and_theme_pages_say_which_upcoming_event_is_full(client, lang, full_word):
    """The short lists of next events count the confirmed places too (in the same query)."""
    theme = Theme.objects.get(number=1)
    full = EventFactory(capacity=1, title_fi="Täysi tilaisuus", title_sv="Fullsatt möte")
    RegistrationFactory(event=full)
    roomy = EventFactory(capacity=5, title_fi="Väljä tilaisuus", title_sv="Rymligt möte")
    RegistrationFactory(event=roomy)
    RegistrationFactory(event=roomy, status=Registration.Status.WAITING)
    for event in (full, roomy):
        event.themes.add(theme)
    with translation.override(lang):
        paths = [reverse("home"), theme.get_absolute_url()]
    for path in paths:
        html = client.get(path).content.decode()
        cards = re.findall(r'<article class="card event-card.*?</article>', html, re.S)
        (full_card,) = [card for card in cards if getattr(full, f"title_{lang}") in card]
        (roomy_card,) = [card for card in cards if getattr(roomy, f"title_{lang}") in card]
        assert full_word in full_card, path
        assert full_word not in roomy_card, path
