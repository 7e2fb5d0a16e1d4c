from django.urls import path
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


class StaffLoginForm(OTPAdminAuthenticationForm):
    """Username, password and one code field: an authenticator code or a backup code.

    django-otp wants the device named; a six-digit code means the authenticator, anything
    else a backup code, so staff need not pick a device from a list.
    """

    def _verify_token(self, user, token, device=None):
        if device is None:
            token = (token or "").strip()
            model = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
            device = model.objects.filter(user=user, confirmed=True).first()
        return super()._verify_token(user, token, device)


class PortalAdminSite(OTPAdminSite):
    """The admin: staff must be verified by a TOTP device (or a backup code) to enter."""

    name = "admin"
    login_form = StaffLoginForm
    login_template = "admin/otp_login.html"
    site_header = _("Partnership programme portal: administration")
    site_title = _("Partnership programme portal")
    index_title = _("Content and settings")
    # Django's index with the review-queue count and a link to the missing translations.
    index_template = "admin/portal_index.html"

    def __init__(self, name: str = "admin") -> None:
        super().__init__(name)

    def index(self, request, extra_context=None):
        from portal.admin_views import feedback_overdue, progress_overdue, review_queue

        extra_context = {
            **(extra_context or {}),
            "review_queue": review_queue(self, request),
            "feedback_overdue": feedback_overdue(self, request),
            "progress_overdue": progress_overdue(self, request),
        }
        return super().index(request, extra_context)

    def get_urls(self):
        from portal.admin_views import translation_parity

        def parity_view(request):
            return translation_parity(request, site=self)

        return [
            path(
                "translations/",
                self.admin_view(parity_view),
                name="translation_parity",
            ),
            *super().get_urls(),
        ]
