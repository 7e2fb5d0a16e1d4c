"""End-to-end fixtures: Debian's Chromium through pytest-playwright, axe-core, content.

The browser is launched once per session (pytest-playwright's `browser` fixture) and every
test gets its own context and page. Pages are served by pytest-django's `live_server`, which
runs every test in a transactional database that is flushed afterwards, so the content a
test needs is (re)created by the fixtures below, the five themes included.
"""

import importlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from tests.conftest import skip_or_fail

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

BROWSER_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Every test in tests/browser is a browser test (`-m "not browser"` skips them)."""
    for item in items:
        if BROWSER_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


def _require_browser_tools() -> None:
    if not CHROMIUM.is_file():
        skip_or_fail(f"Chromium is missing at {CHROMIUM} (apt-get install chromium)")
    if not AXE_JS.is_file():
        skip_or_fail(f"axe-core is missing at {AXE_JS} (npm ci)")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium; Playwright cannot download its own browsers here."""
    _require_browser_tools()
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, started only after the test database exists.

    The server shares an in-memory SQLite test database with the tests only if that
    database is already set up when the server starts; otherwise every request thread
    opens a connection of its own that is never closed (a ResourceWarning, an error here).
    """
    return live_server


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    """Relative `page.goto("/fi/")` goes to the live server.

    This also replaces pytest-playwright 0.10's own fallback `base_url`, a session fixture
    defined as an instance method, which pytest 9 deprecates with a warning (an error here).
    """
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A Finnish-speaking desktop browser unless a test says otherwise."""
    return {
        **browser_context_args,
        "locale": "fi-FI",
        "viewport": {"width": 1280, "height": 900},
    }


@pytest.fixture(autouse=True)
def _browser_tools_present() -> None:
    _require_browser_tools()


# ---------------------------------------------------------------------------------------
# axe-core
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def axe_source() -> str:
    _require_browser_tools()
    return AXE_JS.read_text(encoding="utf-8")


class Axe:
    """`axe(page)` runs axe-core's WCAG 2.0/2.1 A and AA rules and returns the violations.

    The source is evaluated through the DevTools protocol, not added as a <script>, so the
    page's strict CSP (no inline scripts) stays fully in force while axe runs.
    """

    def __init__(self, source: str) -> None:
        self.source = source

    def __call__(self, page) -> list[dict]:
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(self.source)
        return page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
            ".then(result => result.violations)",
            AXE_TAGS,
        )

    @staticmethod
    def report(violations: list[dict]) -> str:
        """One line per rule (id, impact, help) and one per failing node (target, summary)."""
        lines = []
        for violation in violations:
            lines.append(
                f"{violation['id']} [{violation.get('impact')}]: {violation['help']}"
                f" ({violation.get('helpUrl', '')})"
            )
            for node in violation["nodes"]:
                target = " ".join(json.dumps(part, ensure_ascii=False) for part in node["target"])
                summary = " ".join((node.get("failureSummary") or "").split())
                lines.append(f"    {target}: {summary}")
        return "\n".join(lines)


@pytest.fixture
def axe(axe_source) -> Axe:
    return Axe(axe_source)


# ---------------------------------------------------------------------------------------
# Console errors and CSP violations
# ---------------------------------------------------------------------------------------


@dataclass
class BrowserErrors:
    """Errors a page reported: console errors (CSP violations among them), uncaught errors."""

    errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    # A page that is *meant* to answer 404 logs "Failed to load resource" for itself.
    expected_status_urls: set[str] = field(default_factory=set)

    def expect_error_status(self, url: str) -> None:
        self.expected_status_urls.add(url)

    def on_console(self, message) -> None:
        if message.type != "error":
            return
        text = message.text
        location = (message.location or {}).get("url", "")
        if text.startswith("Failed to load resource") and location in self.expected_status_urls:
            return
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.csp_violations.append(f"{text} [{location}]")
        self.errors.append(f"{text} [{location}]")

    def on_page_error(self, error) -> None:
        self.errors.append(f"uncaught: {error}")

    def assert_none(self) -> None:
        assert not self.csp_violations, "CSP violations:\n" + "\n".join(self.csp_violations)
        assert not self.errors, "console errors:\n" + "\n".join(self.errors)


@pytest.fixture
def browser_errors(page) -> BrowserErrors:
    """Records console errors, CSP violations and uncaught exceptions of `page`."""
    recorder = BrowserErrors()
    page.on("console", recorder.on_console)
    page.on("pageerror", recorder.on_page_error)
    # The browser reports a violation as a console error too; this catches any it might not.
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return recorder


# ---------------------------------------------------------------------------------------
# Content
# ---------------------------------------------------------------------------------------


@pytest.fixture
def themes(live_server):
    """The five themes and the municipalities, as the data migrations create them (a flush
    may have removed them)."""
    from themes.models import Theme

    migration = importlib.import_module("themes.migrations.0002_the_five_themes")
    with translation.override(settings.LANGUAGE_CODE):
        for data in migration.THEMES:
            Theme.objects.update_or_create(number=data["number"], defaults=dict(data))
    themes = list(Theme.objects.order_by("number"))
    assert [theme.number for theme in themes] == [1, 2, 3, 4, 5]
    # The official municipalities, also loaded by a data migration and lost in a flush.
    from core.municipalities import municipalities_sync

    municipalities_sync()
    return themes


@pytest.fixture
def programme(themes):
    """A programme with every part its page can show, some of it only in Finnish.

    The Swedish description is missing on purpose, so the Swedish page shows the
    "only in Finnish" note with a `lang="fi"` passage, as real content often will.
    """
    from programmes.models import (
        AnnualTheme,
        ContactPerson,
        Goal,
        Programme,
        Publication,
        RelatedProgramme,
    )

    programme = Programme.objects.create(
        name_fi="Kotouttamisen kumppanuusohjelma",
        name_sv="Partnerskapsprogrammet för integrationsfrämjande",
        summary_fi="Kumppanuusohjelma kokoaa kunnat, järjestöt, yritykset ja yhteisöt "
        "edistämään kotoutumista yhdessä.",
        summary_sv="Partnerskapsprogrammet samlar kommuner, organisationer, företag och "
        "samfund för att tillsammans främja integration.",
        description_fi="Ohjelma on avoin kaikille organisaatioille.\n\n"
        "Mukaan tullaan lupauksella tai aloitteella.",
        description_sv="",
        coordinator_fi="Työ- ja elinkeinoministeriö",
        coordinator_sv="Arbets- och näringsministeriet",
        url_fi="https://julkaisut.example.fi/kumppanuusohjelma",
        url_sv="https://julkaisut.example.fi/partnerskapsprogrammet",
    )
    related = RelatedProgramme.objects.create(
        name_fi="Valtion kotouttamisohjelma",
        name_sv="Statens integrationsprogram",
        url_fi="https://example.fi/kotouttamisohjelma",
        url_sv="https://example.fi/integrationsprogram",
    )
    programme.supports.add(related)
    Goal.objects.create(
        programme=programme,
        position=1,
        text_fi="Vahvistaa yhteistyötä kotoutumisen edistämisessä.",
        text_sv="Stärka samarbetet för att främja integration.",
    )
    Goal.objects.create(
        programme=programme,
        position=2,
        text_fi="Tehdä hyviä käytäntöjä näkyviksi.",
        text_sv="Synliggöra goda praxis.",
    )
    AnnualTheme.objects.create(
        programme=programme,
        year=timezone.localdate().year,
        title_fi="Yhdenvertaisuus",
        title_sv="Likabehandling",
        description_fi="Vuoden kattoteemana on yhdenvertaisuus.",
        description_sv="Årets paraplytema är likabehandling.",
    )
    Publication.objects.create(
        programme=programme,
        year=2016,
        title_fi="Kotouttamisen kumppanuusohjelma",
        title_sv="Partnerskapsprogrammet",
        url_fi="https://julkaisut.example.fi/kumppanuusohjelma.pdf",
        url_sv="https://julkaisut.example.fi/kumppanuusohjelma.pdf",
        in_finnish=True,
        in_swedish=False,
    )
    ContactPerson.objects.create(
        programme=programme,
        position=1,
        name="Anna Esimerkki",
        title_fi="Neuvotteleva virkamies",
        title_sv="Konsultativ tjänsteman",
        organisation_fi="Työ- ja elinkeinoministeriö",
        organisation_sv="Arbets- och näringsministeriet",
        phone="+358 29 504 7000",
        email="anna.esimerkki@example.fi",
    )
    ContactPerson.objects.create(
        programme=programme,
        position=2,
        name="Bertil Exempel",
        title_fi="Erityisasiantuntija",
        title_sv="Specialsakkunnig",
        email="bertil.exempel@example.fi",
    )
    return programme


# ---------------------------------------------------------------------------------------
# Addresses
# ---------------------------------------------------------------------------------------

# Public pages by a short key; theme-N is theme number N, not-found an address that 404s.
PUBLIC_PAGES = {
    "home": "home",
    "programme": "programmes:programme",
    "themes": "themes:list",
    "accessibility": "accessibility",
    "privacy": "privacy",
    "participate": "participate:form",
    "pledges": "pledges:list",
    "initiatives": "initiatives:list",
    "search": "search:search",
    "events": "events:list",
    "news": "news:list",
    "newsletter": "newsletter:subscribe",
}
NOT_FOUND_SEGMENT = {"fi": "ei-ole-olemassa/", "sv": "finns-inte/"}


@pytest.fixture
def url_for(live_server, themes):
    """`url_for("theme-3", "sv")`: the absolute live-server URL of a public page.

    Paths are reversed in the page's language, so translated paths and per-language slugs
    are whatever the URLconf and the database say, never hard-coded here.
    """

    def build(key: str, lang: str) -> str:
        with translation.override(lang):
            if key.startswith("theme-"):
                number = int(key.removeprefix("theme-"))
                path = next(t for t in themes if t.number == number).get_absolute_url()
            elif key == "not-found":
                path = reverse("home") + NOT_FOUND_SEGMENT[lang]
            else:
                path = reverse(PUBLIC_PAGES[key])
        return live_server.url + path

    return build


def admin_log_in(page, live_server, user, password: str) -> None:
    """Through the real admin login form: password and the authenticator's current code."""
    from playwright.sync_api import expect

    from tests.conftest import totp_token

    page.goto(live_server.url + reverse("admin:index"))
    expect(page.locator("#id_username")).to_be_visible()
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.fill("#id_otp_token", totp_token(user.totpdevice_set.get()))
    page.locator("#login-form [type=submit]").click()
    page.wait_for_url(live_server.url + reverse("admin:index"))
    expect(page.locator("#logout-form")).to_be_attached()


STAFF_PASSWORD = "kumppanuus-Salasana-2024!"


@pytest.fixture
def communications(django_user_model, live_server):
    """A Communications member with an authenticator, password STAFF_PASSWORD (the groups
    are made again: the live server's database is flushed between tests)."""
    from django.contrib.auth.models import Group

    from portal.roles import COMMUNICATIONS, roles_sync
    from tests.conftest import totp_device

    roles_sync()
    user = django_user_model.objects.create_user(
        username="viestinta", email="viestinta@example.fi", password=STAFF_PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=COMMUNICATIONS))
    totp_device(user)
    return user
