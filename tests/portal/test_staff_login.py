"""Staff log in with a password and a second factor; guessing is locked out and logged."""

import logging
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import totp_device, totp_token, verified_login

pytestmark = pytest.mark.django_db
PASSWORD = "pitkä-ja-Vahva-salasana-2026"
LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser(
        username="kuraattori", email="kuraattori@example.fi", password=PASSWORD
    )


def log_in(client, username: str, password: str, token: str = "", address="10.1.2.3"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "otp_token": token},
        REMOTE_ADDR=address,
    )


def test_password_alone_does_not_open_the_admin(client, staff):
    totp_device(staff)
    response = log_in(client, "kuraattori", PASSWORD)
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_password_and_authenticator_code_open_the_admin(client, staff, caplog):
    device = totp_device(staff)
    with caplog.at_level(logging.INFO, logger="portal.security"):
        response = log_in(client, "kuraattori", PASSWORD, totp_token(device))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert "login user=kuraattori address=10.1.2.3" in caplog.text


def test_wrong_code_is_refused(client, staff):
    device = totp_device(staff)
    wrong = f"{(int(totp_token(device)) + 1) % 1_000_000:06d}"
    response = log_in(client, "kuraattori", PASSWORD, wrong)
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_backup_code_works_once(client, staff):
    call_command("enrol_totp", "kuraattori", "--no-qr", stdout=StringIO())
    code = StaticDevice.objects.get(user=staff).token_set.first().token
    assert log_in(client, "kuraattori", PASSWORD, code).status_code == 302
    client.logout()
    assert log_in(client, "kuraattori", PASSWORD, code).status_code == 200


@override_settings(AXES_ENABLED=True)
def test_repeated_failures_lock_the_login_and_are_logged(client, staff, caplog):
    device = totp_device(staff)
    with caplog.at_level(logging.WARNING, logger="portal.security"):
        for _ in range(5):
            log_in(client, "kuraattori", "arvaus")
    assert "login failed user=kuraattori address=10.1.2.3" in caplog.text
    locked = log_in(client, "kuraattori", PASSWORD, totp_token(device))
    assert locked.status_code == 429
    assert "Login locked" in locked.content.decode() or "lukittu" in locked.content.decode()
    assert client.get("/admin/").status_code == 302
    # Another address is not locked out by someone else's guessing.
    assert log_in(client, "kuraattori", PASSWORD, totp_token(device), "10.9.9.9").status_code == 302


def test_session_ends_after_inactivity(client, staff):
    verified_login(client, staff)
    assert client.get("/admin/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        assert client.get("/admin/").status_code == 200  # activity extends the session
    with time_machine.travel(timezone.now() + timedelta(minutes=20 + 31)):
        assert client.get("/admin/").status_code == 302


def test_permission_failure_is_logged(client, django_user_model, caplog):
    clerk = django_user_model.objects.create_user("virkailija", password=PASSWORD, is_staff=True)
    verified_login(client, clerk)
    with caplog.at_level(logging.WARNING, logger="portal.security"):
        response = client.get("/admin/themes/theme/")
    assert response.status_code == 403
    assert "permission denied user=virkailija method=GET path=/admin/themes/theme/" in caplog.text


def test_enrol_totp_prints_the_link_and_replaces_old_devices(staff):
    totp_device(staff)
    out = StringIO()
    call_command("enrol_totp", "kuraattori", stdout=out)
    assert TOTPDevice.objects.filter(user=staff).count() == 1
    assert "otpauth://totp/" in out.getvalue()
    assert "Backup codes" in out.getvalue()
    assert StaticDevice.objects.get(user=staff).token_set.count() == 8


def test_enrol_totp_refuses_non_staff(django_user_model):
    django_user_model.objects.create_user("vierailija", password=PASSWORD)
    with pytest.raises(CommandError, match="not a staff account"):
        call_command("enrol_totp", "vierailija", stdout=StringIO())
