"""Private links: one purpose's link is useless for another, expiry holds, old mails work."""

from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from core.signing import BadToken, SignedLink, SignedPairLink

STATUS = SignedLink("test.status")
SHORT = SignedLink("test.short", max_age=timedelta(days=1))


def test_a_link_carries_its_id_for_its_own_purpose_only():
    token = STATUS.make(42)
    assert STATUS.read(token) == 42
    with pytest.raises(BadToken):
        SHORT.read(token)


@pytest.mark.parametrize("token", ["", "abc", "42", "42:xx:yy", "ä" * 50, "\x00"])
def test_anything_but_a_signed_link_is_refused(token):
    with pytest.raises(BadToken):
        STATUS.read(token)


def test_a_tampered_link_is_refused():
    token = STATUS.make(42)
    with pytest.raises(BadToken):
        STATUS.read(token[:-2] + ("xx" if not token.endswith("xx") else "yy"))


@pytest.mark.parametrize("value", ["42", True, [42], {"r": "42"}, {"r": 1, "x": 2}, 4.2])
def test_a_signed_value_that_is_not_an_id_is_refused(value):
    with pytest.raises(BadToken):
        STATUS.read(signing.dumps(value, salt=STATUS.salt))


def test_links_from_mails_sent_before_the_unification_still_work():
    # Event registrations signed {"r": id} before core.signing.
    assert STATUS.read(signing.dumps({"r": 7}, salt=STATUS.salt)) == 7


def test_an_expiring_purpose_refuses_an_old_link_and_says_when_it_was_made():
    made = timezone.now().replace(microsecond=0)
    with time_machine.travel(made, tick=False):
        token = SHORT.make(5)
    assert SignedLink.issued_at(token) == made
    with time_machine.travel(made + timedelta(hours=23), tick=False):
        assert SHORT.read(token) == 5
    later = time_machine.travel(made + timedelta(days=1, seconds=1), tick=False)
    with later, pytest.raises(BadToken):
        SHORT.read(token)
    with time_machine.travel(made + timedelta(days=400), tick=False):
        assert STATUS.read(STATUS.make(5)) == 5


PAIR = SignedPairLink("test.pair", max_age=timedelta(days=1))


def test_a_pair_link_carries_two_ids_for_its_own_purpose_only():
    token = PAIR.make(42, 3)
    assert PAIR.read(token) == (42, 3)
    with pytest.raises(BadToken):
        STATUS.read(token)
    with pytest.raises(BadToken):
        PAIR.read(STATUS.make(42))


@pytest.mark.parametrize("value", [42, [42], [42, "3"], [42, True], [1, 2, 3], {"r": 1}])
def test_a_signed_value_that_is_not_a_pair_of_ids_is_refused(value):
    with pytest.raises(BadToken):
        PAIR.read(signing.dumps(value, salt=PAIR.salt))
