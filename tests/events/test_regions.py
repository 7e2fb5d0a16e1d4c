"""The shared list of Finland's 19 regions: codes stable, names in the active language."""

from django.utils import translation

from core.regions import (
    MAX_LENGTH,
    REGION_CHOICES,
    REGIONS,
    region_choices,
    region_name,
    sorted_region_choices,
)


def test_nineteen_regions_with_unique_slug_codes():
    codes = [code for code, _fi, _sv in REGIONS]
    assert len(codes) == len(set(codes)) == 19
    assert all(
        code.isascii() and code == code.lower() and len(code) <= MAX_LENGTH for code in codes
    )
    assert codes[0] == "uusimaa" and codes[-1] == "ahvenanmaa"


def test_names_follow_the_language():
    assert region_name("ahvenanmaa", "sv") == "Åland"
    assert region_name("ahvenanmaa", "fi") == "Ahvenanmaa"
    assert region_name("nowhere", "fi") == ""
    with translation.override("sv"):
        assert dict(REGION_CHOICES)["pohjois-savo"] == "Norra Savolax"
        assert dict(region_choices())["kanta-hame"] == "Egentliga Tavastland"
    with translation.override("fi"):
        assert str(dict(REGION_CHOICES)["pohjois-savo"]) == "Pohjois-Savo"


def test_sorted_choices_are_alphabetical():
    names = [name for _code, name in sorted_region_choices("fi")]
    assert names == sorted(names, key=str.casefold)
