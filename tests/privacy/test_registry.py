"""The personal data registry: every app's personal data is registered, and the privacy app
exports, erases and anonymises whatever is registered without knowing the kinds."""

import ast
import json
import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import reverse
from django.utils import timezone

from privacy.models import PersonalDataRequest
from privacy.registry import PersonalDataSource, register, sources, unregister
from privacy.services import (
    personal_data_anonymise_expired,
    personal_data_erase,
    personal_data_export,
)

PERSONAL_FIELD = re.compile(r".*name|.*phone.*|.*email.*|contact_.*")

# Models with fields that look personal but hold no data subject's data to export or erase.
EXEMPT = {
    # Names of themes, programmes, campaigns, awards, rubrics and organisations: not people.
    "themes.Theme": "a theme's name",
    "programmes.Programme": "a programme's name",
    "programmes.RelatedProgramme": "another programme's name",
    "programmes.Campaign": "a campaign's name",
    "pledges.Organisation": "an organisation's name",
    "pledges.Award": "an award's name",
    "pledges.Indicator": "a progress indicator's name",
    # A government's name; its prime minister is named in a public role.
    "programmes.GovernmentTerm": "a government term's name",
    "assessments.Rubric": "a rubric's name",
    "assessments.Criterion": "a criterion's name",
    # Staff contact persons published on a programme's page in their role, kept up to date
    # by editors; not part of personal data requests so far.
    "programmes.ContactPerson": "published staff contacts, maintained by editors",
    # Not here: the audit log (audit.AuditEvent and privacy's view of it) holds no field
    # named like personal data; its `object_repr` names a personal data request's address
    # and its `actor_label` the staff user, kept as the record of what was done.
}


def _personal_fields() -> dict[str, list[str]]:
    """Fields that look like personal data, per model of the project's apps."""
    found: dict[str, list[str]] = {}
    for app in settings.PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            names = [
                field.name
                for field in model._meta.get_fields()
                if getattr(field, "concrete", False)
                and (isinstance(field, models.EmailField) or PERSONAL_FIELD.fullmatch(field.name))
            ]
            if names:
                found[model._meta.label] = names
    return found


def test_every_model_with_personal_data_is_registered_or_exempt():
    covered = {source.model._meta.label for source in sources()}
    forgotten = {
        label: names
        for label, names in _personal_fields().items()
        if label not in covered and label not in EXEMPT
    }
    assert not forgotten, (
        "These models hold fields that look like personal data but no personal_data.py "
        f"registers them (privacy.registry) and EXEMPT does not explain them: {forgotten}"
    )
    # The list stays honest: no exemption for a model that is gone or registered after all.
    assert set(EXEMPT) <= set(_personal_fields()) - covered


def test_the_apps_register_their_kinds():
    by_app = {}
    for source in sources():
        by_app.setdefault(source.model._meta.app_label, []).append(source.key)
    assert by_app == {
        "portal": ["accessibility_feedback"],
        "pledges": ["submissions", "partners", "partner_interests", "workspace_sign_ins"],
        "events": ["registrations"],
        "mailings": ["subscribers", "consent_records", "suppressions", "deliveries"],
        "barometer": ["barometer_responses"],
    }


def test_the_privacy_app_imports_no_other_project_app():
    # Only the floors below it: the audit log it records requests in, and core.
    others = set(settings.PROJECT_APPS) - {"privacy", "audit", "core"}
    privacy = Path(apps.get_app_config("privacy").path)
    imports = []
    for path in privacy.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imports.append((path.name, node.module))
            elif isinstance(node, ast.Import):
                imports.extend((path.name, alias.name) for alias in node.names)
    assert [(name, module) for name, module in imports if module.split(".")[0] in others] == []


def test_a_kind_is_registered_once():
    source = sources()[0]
    with pytest.raises(ValueError, match="registered twice"):
        register(replace(source, find=lambda email: None))


# A kind of personal data the privacy app has never heard of: staff accounts' addresses.
def _accounts_find(email):
    return get_user_model().objects.filter(email__iexact=email).order_by("pk")


def _accounts_export(rows):
    return [{"username": user.username, "email": user.email} for user in rows]


def _accounts_erase(rows, *, now):
    rows.update(email="")
    return {"accounts_erased_at": now.isoformat()}


def _accounts_expired(cutoff):
    return get_user_model().objects.filter(last_login__lt=cutoff).exclude(email="")


@pytest.fixture
def accounts():
    source = register(
        PersonalDataSource(
            key="staff_accounts",
            section="accounts",
            label="Staff accounts (test)",
            find=_accounts_find,
            export=_accounts_export,
            erase=_accounts_erase,
            expired=_accounts_expired,
        )
    )
    yield source
    unregister(source.key)


ADDRESS = "Ville.Virkailija@Example.fi"


@pytest.mark.django_db
def test_a_registered_source_is_exported_erased_and_logged(accounts):
    user = get_user_model().objects.create_user(username="ville", email=ADDRESS.lower())
    get_user_model().objects.create_user(username="toinen", email="toinen@example.fi")

    data = personal_data_export(email=ADDRESS)
    assert data["accounts"] == [{"username": "ville", "email": ADDRESS.lower()}]
    assert json.dumps(data)

    summary = personal_data_erase(email=ADDRESS, user=None)
    user.refresh_from_db()
    assert user.email == ""
    assert get_user_model().objects.get(username="toinen").email == "toinen@example.fi"
    assert summary["staff_accounts"] == [user.pk] and "accounts_erased_at" in summary
    assert PersonalDataRequest.objects.get(action="personal_data_erased").after[
        "staff_accounts"
    ] == [user.pk]
    assert personal_data_export(email=ADDRESS)["accounts"] == []


@pytest.mark.django_db
def test_the_staff_page_counts_a_registered_source(admin_client, accounts):
    get_user_model().objects.create_user(username="ville", email=ADDRESS)
    url = reverse("admin:privacy_personal_data")
    response = admin_client.post(url, {"email": ADDRESS})
    assert "Staff accounts (test)" in response.content.decode()
    assert (
        PersonalDataRequest.objects.get(action="personal_data_viewed").after["staff_accounts"] == 1
    )
    response = admin_client.post(url, {"email": ADDRESS, "step": "download"})
    assert json.loads(response.content)["accounts"][0]["username"] == "ville"


@pytest.mark.django_db
def test_a_registered_source_with_a_time_limit_is_anonymised_when_expired(accounts):
    model = get_user_model()
    old = model.objects.create_user(username="vanha", email="vanha@example.fi")
    recent = model.objects.create_user(username="uusi", email="uusi@example.fi")
    model.objects.filter(pk=old.pk).update(last_login=timezone.now() - timedelta(days=400))
    model.objects.filter(pk=recent.pk).update(last_login=timezone.now() - timedelta(days=10))

    assert personal_data_anonymise_expired(older_than=timedelta(days=365)) == 1

    assert model.objects.get(pk=old.pk).email == ""
    assert model.objects.get(pk=recent.pk).email == "uusi@example.fi"
    log = PersonalDataRequest.objects.get()
    assert (log.action, log.after["staff_accounts"]) == ("personal_data_anonymised", [old.pk])
    assert personal_data_anonymise_expired(older_than=timedelta(days=365)) == 0
