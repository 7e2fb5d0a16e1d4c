"""The open data page and the nightly dumps: listed with size and time, downloadable,
written atomically, and holding nothing that is not public."""

import json
import re
import threading

import pytest
from django.urls import reverse
from django.utils import translation

from api import dumps
from api.tasks import dumps_write_task
from tests.api.conftest import SECRET_MARK
from tests.conftest import assert_valid_html

pytestmark = pytest.mark.django_db
EMAIL = re.compile(rb"[\w.+-]+@[\w-]+\.[\w.]+")


@pytest.fixture
def open_data_dir(settings, tmp_path):
    settings.OPEN_DATA_DIR = tmp_path / "open-data"
    return settings.OPEN_DATA_DIR


def page_url(lang: str) -> str:
    with translation.override(lang):
        return reverse("open_data")


def test_the_page_has_translated_addresses():
    assert page_url("fi") == "/fi/avoin-data/"
    assert page_url("sv") == "/sv/oppna-data/"


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fi", ["Avoin data", "CC BY 4.0", "Lisenssi", "429", "Ladattavat tiedostot"]),
        ("sv", ["Öppna data", "CC BY 4.0", "Licens", "429", "Nedladdningar"]),
    ],
)
def test_page_explains_licence_endpoints_limit_and_downloads(
    client, public_data, open_data_dir, lang, words, tmp_path
):
    dumps_write_task.delay()
    response = client.get(page_url(lang))
    assert response.status_code == 200
    html = response.content.decode()
    for word in words:
        assert word in html
    assert "curl http://testserver/api/v1/themes/" in html
    assert 'href="http://testserver/api/v1/schema/"' in html
    # Every dump is listed with a link, a size and a time.
    for name in ("pledges.json", "pledges.csv", "events.json", "news.csv"):
        assert f'href="/api/v1/dumps/{name}"' in html
    assert html.count("<time datetime=") >= 16
    # The footer of every page links here.
    home = client.get(f"/{lang}/").content.decode()
    assert f'href="{page_url(lang)}"' in home
    assert_valid_html([response.content], tmp_path)


def test_page_without_dumps_says_they_are_coming(client, db, open_data_dir):
    response = client.get(page_url("fi"))
    assert "seuraavan yöllisen päivityksen jälkeen" in response.content.decode()


def test_dumps_hold_what_the_api_gives_and_nothing_hidden(
    client, public_data, hidden_data, open_data_dir
):
    dumps.dumps_write()
    pledges = json.loads((open_data_dir / "pledges.json").read_text())
    api = client.get("/api/v1/pledges/?ordering=id&page_size=100").json()["results"]
    assert pledges == api
    for path in open_data_dir.iterdir():
        content = path.read_bytes()
        assert SECRET_MARK.encode() not in content, path.name
        assert not EMAIL.search(content), (path.name, EMAIL.search(content))
    csv_text = (open_data_dir / "pledges.csv").read_text(encoding="utf-8-sig")
    header, row = csv_text.splitlines()[:2]
    assert "title_fi;title_sv" in header
    assert "url_fi" not in header and "urls_fi" in header
    assert public_data["pledge"].title_fi in row
    assert len(csv_text.splitlines()) == 3  # the two public pledges (one by hidden_data)


def test_a_dump_downloads_with_conditional_get_and_cors(client, public_data, open_data_dir):
    dumps.dumps_write()
    response = client.get("/api/v1/dumps/pledges.json", HTTP_ORIGIN="https://example.org")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert json.loads(b"".join(response.streaming_content))[0]["id"] == public_data["pledge"].pk
    again = client.get("/api/v1/dumps/pledges.json", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    csv = client.get("/api/v1/dumps/pledges.csv")
    assert "attachment" in csv["Content-Disposition"]
    assert b"".join(csv.streaming_content).startswith("\ufeff".encode())
    for name in ("secret.json", "..%2Fsettings.py", "pledges.xml"):
        assert client.get(f"/api/v1/dumps/{name}").status_code == 404


def test_a_reader_never_sees_a_half_written_dump(public_data, open_data_dir, monkeypatch):
    """While a dump is being written (paused halfway), the file in place is the old one
    whole; after the move it is the new one whole. No temporary file is left."""
    dumps.dumps_write()
    path = open_data_dir / "pledges.json"
    before = path.read_bytes()
    halfway, resume = threading.Event(), threading.Event()
    real_write_json = dumps._write_json

    def slow_write_json(handle, rows):
        handle.write("[\n")
        handle.flush()
        halfway.set()
        assert resume.wait(10)
        handle.seek(0)
        handle.truncate()
        real_write_json(handle, rows)

    monkeypatch.setattr(dumps, "_write_json", slow_write_json)
    from tests.pledges.factories import PledgeFactory

    PledgeFactory()
    # Read here: the writer thread has its own database connection, outside this test's
    # transaction.
    rows = list(dumps._rows(dumps.COLLECTIONS[1]))
    writer = threading.Thread(
        target=lambda: dumps._atomic_write(path, lambda handle: slow_write_json(handle, rows))
    )
    writer.start()
    assert halfway.wait(10)
    assert path.read_bytes() == before  # mid-write: the old file, whole
    json.loads(path.read_bytes())
    resume.set()
    writer.join(10)
    after = json.loads(path.read_bytes())
    assert len(after) == 2
    assert not [p for p in open_data_dir.iterdir() if p.name.endswith(".tmp")]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(public_data, open_data_dir):
    dumps.dumps_write()
    path = open_data_dir / "themes.json"
    before = path.read_bytes()

    def broken(handle):
        handle.write("[")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        dumps._atomic_write(path, broken)
    assert path.read_bytes() == before
    assert not [p for p in open_data_dir.iterdir() if p.name.endswith(".tmp")]
