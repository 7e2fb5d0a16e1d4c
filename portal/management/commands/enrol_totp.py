"""`manage.py enrol_totp USERNAME`: give a staff account its authenticator (TOTP) device.

Prints the otpauth:// link and a QR code to scan with an authenticator app (e.g. Google
Authenticator, Microsoft Authenticator, FreeOTP), plus one-time backup codes. Replaces the
account's earlier devices, so it also serves to re-enrol after a lost phone.
"""

import io

import qrcode
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODES = 8


class Command(BaseCommand):
    help = "Enrol (or re-enrol) a TOTP authenticator device for a staff account."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--no-qr", action="store_true", help="Print only the link.")

    @transaction.atomic
    def handle(self, *args, username: str, no_qr: bool = False, **options) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist as exc:
            raise CommandError(f"No account named {username!r}.") from exc
        if not user.is_staff:
            raise CommandError(f"{username!r} is not a staff account.")
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
        backup = StaticDevice.objects.create(user=user, name="backup codes", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
        for code in codes:
            backup.token_set.create(token=code)
        self.stdout.write(f"Authenticator link for {username}:\n{device.config_url}\n")
        if not no_qr:
            qr = qrcode.QRCode(border=1)
            qr.add_data(device.config_url)
            out = io.StringIO()
            qr.print_ascii(out=out)
            self.stdout.write(out.getvalue())
        self.stdout.write("Backup codes (each works once; keep them safe):")
        self.stdout.write("  " + "  ".join(codes))
