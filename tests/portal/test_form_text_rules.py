"""Every text field of every form refuses control characters, and every email field an
address mail cannot reach on the internet: public forms, the admin's forms and inlines
(modeltranslation's `_fi`/`_sv` fields included) and any form added later."""

import importlib
import pkgutil

import pytest
from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from portal.validators import validate_email_domain
from tests.pledges.factories import CampaignFactory
from tests.pledges.test_submission import form_data

pytestmark = pytest.mark.django_db

PROJECT_PACKAGES = list(settings.PROJECT_APPS)
# Modules that are not code a form can live in, or that must not be imported twice.
SKIPPED_MODULES = ("migrations", "management", "settings", "wsgi", "celery")


def project_modules() -> None:
    """Import every module of the project, so every form class is defined."""
    for package_name in PROJECT_PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            if not any(part in SKIPPED_MODULES for part in info.name.split(".")):
                importlib.import_module(info.name)


def subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *subclasses(sub)}
    return found


def project_form_classes() -> list[type[forms.BaseForm]]:
    project_modules()
    return sorted(
        (
            cls
            for cls in subclasses(forms.BaseForm)
            if cls.__module__.split(".")[0] in PROJECT_PACKAGES
        ),
        key=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
    )


def form_fields(form_class: type[forms.BaseForm]) -> dict[str, forms.Field]:
    """The fields of a form as it is shown (made in `__init__` too, where it needs no
    arguments), else the declared ones."""
    try:
        return form_class().fields
    except (TypeError, ValueError):  # needs arguments, or an abstract ModelForm
        return form_class.base_fields


def admin_form_classes(request) -> list[tuple[str, type[forms.BaseForm]]]:
    """Each registered ModelAdmin's add and change form and its inlines' forms."""
    found = []
    for model, model_admin in admin.site._registry.items():
        for obj in {None, model._default_manager.first()}:
            name = f"{model._meta.label} admin ({'change' if obj else 'add'})"
            found.append((name, model_admin.get_form(request, obj)))
            for formset, inline in model_admin.get_formsets_with_inlines(request, obj):
                found.append((f"{name}, {type(inline).__name__}", formset.form))
    return found


def hostile_value(field: forms.CharField) -> str:
    """A value that passes the field's own parsing and carries a control character."""
    if isinstance(field, forms.EmailField):
        return "ma\x01ija@example.fi"
    if isinstance(field, forms.URLField):
        return "https://example.fi/a\x01b"
    if isinstance(field, forms.JSONField):
        return '"a\\u0001b"'
    return "Ab\x01c"


def assert_refuses_control_characters(where: str, fields: dict[str, forms.Field]) -> int:
    checked = 0
    for name, field in fields.items():
        if not isinstance(field, forms.CharField) or isinstance(field, forms.UUIDField):
            continue  # not text (a UUID field refuses anything that is not a UUID)
        with pytest.raises(ValidationError) as refused:
            field.clean(hostile_value(field))
        codes = {error.code for error in refused.value.error_list}
        assert "control_characters" in codes, f"{where}.{name} accepts a control character"
        multiline = isinstance(field.widget, forms.Textarea | forms.PasswordInput)
        if type(field) is forms.CharField and not multiline:
            with pytest.raises(ValidationError) as refused:
                field.clean("one\nline")
            assert refused.value.error_list[0].code == "line_breaks", f"{where}.{name}"
        if multiline:
            assert field.clean("two\r\nlines\tand a tab") == "two\r\nlines\tand a tab"
        if isinstance(field, forms.EmailField):
            with pytest.raises(ValidationError) as refused:
                field.clean("maija@localhost")
            assert refused.value.error_list[0].code == "email_domain", f"{where}.{name}"
        checked += 1
    return checked


def test_every_project_form_refuses_control_characters_and_unreachable_addresses():
    classes = project_form_classes()
    names = {cls.__name__ for cls in classes}
    # The public forms the issue names are among them (the walk finds them itself).
    assert {
        "ParticipateForm",
        "PartnerForm",
        "PartnerInterestForm",
        "RegistrationForm",
        "SubscribeForm",
        "AccessibilityFeedbackForm",
        "PersonalDataLookupForm",
        "ConflictForm",
        "AwardStageForm",
        "StaffLoginForm",
    } <= names
    checked = sum(
        assert_refuses_control_characters(f"{cls.__module__}.{cls.__qualname__}", form_fields(cls))
        for cls in classes
    )
    assert checked > 30


def test_every_admin_form_refuses_control_characters_and_unreachable_addresses(rf, admin_user):
    request = rf.get("/admin/")
    request.user = admin_user
    found = admin_form_classes(request)
    assert len(found) > 20
    checked = sum(
        assert_refuses_control_characters(name, form_class().fields) for name, form_class in found
    )
    assert checked > 50


def test_a_translated_admin_field_refuses_control_characters(rf, admin_user):
    from themes.models import Theme

    request = rf.get("/admin/")
    request.user = admin_user
    theme = Theme.objects.order_by("number").first()
    form_class = admin.site._registry[Theme].get_form(request, theme)
    data = {**form_class(instance=theme).initial, "name_sv": "Tema\x01"}
    form = form_class(data=data, instance=theme)
    assert not form.is_valid()
    assert form.errors["name_sv"][0].startswith("Tekstissä on näkymättömiä ohjausmerkkejä")


def test_a_new_form_is_covered_without_doing_anything():
    class LaterForm(forms.Form):
        title = forms.CharField()
        body = forms.CharField(widget=forms.Textarea)

    form = LaterForm(data={"title": "Otsikko\x1b", "body": "Teks\x85ti"})
    assert not form.is_valid()
    assert set(form.errors) == {"title", "body"}


@pytest.mark.parametrize(
    "address",
    [
        "user@localhost",
        "user@localhost.",
        "user@intranet",
        "user@[127.0.0.1]",
        "user@[IPv6:::1]",
        "user@127.0.0.1",
        "user@10.0.0.1",
        "user@10.1",
    ],
)
def test_email_addresses_without_a_public_domain_are_refused(address):
    with pytest.raises(ValidationError) as refused:
        validate_email_domain(address)
    assert refused.value.code == "email_domain"
    with pytest.raises(ValidationError):
        forms.EmailField().clean(address)


@pytest.mark.parametrize("address", ["maija@example.fi", "anna@posti.kunta.fi", "a@xn--r-1ga.fi"])
def test_ordinary_email_addresses_pass(address):
    assert forms.EmailField().clean(address) == address


@pytest.fixture
def participate_open():
    cache.clear()
    CampaignFactory()
    yield
    cache.clear()


@pytest.mark.parametrize(
    ("lang", "control", "one_line", "domain"),
    [
        (
            "fi",
            "Tekstissä on näkymättömiä ohjausmerkkejä",
            "Kirjoita tämä yhdelle riville",
            "Anna sähköpostiosoite, jossa on koko verkkotunnus",
        ),
        (
            "sv",
            "Texten innehåller osynliga styrtecken",
            "Skriv detta på en rad",
            "Ange en e-postadress med ett fullständigt domännamn",
        ),
    ],
)
def test_participation_form_explains_each_refusal_in_the_page_language(
    client, participate_open, lang, control, one_line, domain
):
    from pledges.models import Submission

    with translation.override(lang):
        path = reverse("participate:form")
    data = form_data(
        organisation_name="Yhdistys\x01 ry",
        pledge_title="Kaksi\nriviä",
        contact_email="maija@localhost",
        **{"partners-0-name": "Kumppani", "partners-0-type": "association"},
        **{"partners-0-email": "kumppani@[127.0.0.1]"},
    )
    response = client.post(path, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert control in html
    assert one_line in html
    assert html.count(domain) >= 2  # the contact's and the partner's address
    assert not Submission.objects.exists()
