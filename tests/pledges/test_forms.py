"""The participation form's validation, in both languages."""

import pytest
from django.utils import translation

from pledges.forms import ParticipateForm, PartnerFormSet
from tests.pledges.test_submission import form_data

pytestmark = pytest.mark.django_db


def bound(**overrides) -> ParticipateForm:
    return ParticipateForm(form_data(**overrides))


def test_valid_form_gives_what_the_service_needs():
    form = bound(business_id=" 2345671-3 ", consent=None)
    assert form.is_valid(), form.errors
    assert form.organisation_data().business_id == "2345671-3"
    assert form.pledge_data().title == "Lupaamme kielikahvilan"
    assert form.initiative_data() is None
    assert form.cleaned_data["consent"] is False


@pytest.mark.parametrize(
    ("value", "lang", "message"),
    [
        ("1234567", "fi", "Anna Y-tunnus muodossa 1234567-8."),
        ("2345671-4", "fi", "Y-tunnus ei ole kelvollinen: tarkista numerot."),
        ("2345671-4", "sv", "FO-numret är inte giltigt: kontrollera siffrorna."),
        ("abc", "sv", "Ange FO-numret i formen 1234567-8."),
    ],
)
def test_business_id_format_and_check_digit(value, lang, message):
    with translation.override(lang):
        form = bound(business_id=value)
        assert not form.is_valid()
        assert form.errors["business_id"] == [message]


def test_neither_pledge_nor_initiative():
    form = bound(pledge_title="", pledge_text="")
    assert not form.is_valid()
    assert form.errors["pledge_title"] == ["Täytä lupaus, aloite tai molemmat: otsikko ja teksti."]


def test_initiative_alone_is_enough():
    form = bound(pledge_title="", pledge_text="", initiative_title="Idea", initiative_text="Kuvaus")
    assert form.is_valid(), form.errors
    assert form.pledge_data() is None
    assert form.initiative_data().title == "Idea"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"pledge_text": ""}, "pledge_text", "Kirjoita myös lupauksen teksti."),
        ({"pledge_title": ""}, "pledge_title", "Anna lupaukselle myös otsikko."),
        ({"initiative_title": "Idea"}, "initiative_text", "Kuvaile myös aloite."),
        ({"initiative_text": "Kuvaus"}, "initiative_title", "Anna aloitteelle myös otsikko."),
    ],
)
def test_half_filled_entries(overrides, field, message):
    form = bound(**overrides)
    assert not form.is_valid()
    assert form.errors[field] == [message]


def test_at_least_one_theme():
    with translation.override("sv"):
        form = bound(themes=None)
        assert not form.is_valid()
        assert form.errors["themes"] == ["Välj minst ett tema."]


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("organisation_name", 250),
        ("contact_name", 200),
        ("contact_phone", 40),
        ("pledge_title", 200),
        ("pledge_text", 5000),
        ("initiative_partners_sought", 1000),
        ("nickname", 100),
    ],
)
def test_size_limits(field, limit):
    assert bound(**{field: "x" * limit}).errors.get(field) is None or field == "nickname"
    form = bound(**{field: "x" * (limit + 1)})
    assert not form.is_valid()
    assert field in form.errors
    assert f'maxlength="{limit}"' in str(form[field])


def test_every_field_has_a_size_limit():
    form = ParticipateForm()
    for name, field in form.fields.items():
        if hasattr(field, "max_length"):
            assert field.max_length, name


def test_honeypot_is_detected_but_not_an_error():
    form = bound(nickname="spam")
    assert form.is_honeypot_hit()
    assert not bound().is_honeypot_hit()


def test_region_choices_in_the_page_language():
    with translation.override("sv"):
        labels = [str(label) for _code, label in ParticipateForm().fields["region"].choices]
    assert "Åland" in labels and "Ahvenanmaa" not in labels
    assert labels[0] == "Hela landet eller inte angivet"


def partners(*rows) -> PartnerFormSet:
    data = {"partners-TOTAL_FORMS": str(len(rows)), "partners-INITIAL_FORMS": "0"}
    for index, (name, type_, email) in enumerate(rows):
        data |= {
            f"partners-{index}-name": name,
            f"partners-{index}-type": type_,
            f"partners-{index}-email": email,
        }
    return PartnerFormSet(data, prefix="partners")


def test_partner_rows():
    formset = partners(("Lumo Oy", "company", "lumo@example.fi"), ("", "", ""))
    assert formset.is_valid()
    assert [p.name for p in formset.partner_data()] == ["Lumo Oy"]

    half = partners(("Lumo Oy", "", ""))
    assert not half.is_valid()
    assert set(half.forms[0].errors) == {"type", "email"}

    twice = partners(("Lumo Oy", "company", "a@example.fi"), ("lumo oy", "company", "b@example.fi"))
    assert not twice.is_valid()
    assert twice.forms[1].errors["name"] == ["Tämä kumppani on jo listalla."]

    bad_email = partners(("Lumo Oy", "company", "not-an-address"))
    assert not bad_email.is_valid()
    assert list(bad_email.forms[0].errors) == ["email"]


def test_too_many_partner_rows_are_refused():
    rows = [(f"Org {i}", "company", f"o{i}@example.fi") for i in range(11)]
    assert not partners(*rows).is_valid()
