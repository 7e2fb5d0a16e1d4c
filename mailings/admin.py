"""Staff tools: write and send newsletters, follow their progress, manage the list."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Min, Q
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from core.admin_mixins import TranslationStatusMixin
from core.localized import in_language
from mailings import services
from mailings.markdown import markdown_html, markdown_text
from mailings.models import (
    ConsentRecord,
    Delivery,
    DeliveryResend,
    Mailing,
    Newsletter,
    Subscriber,
    Subscription,
    Suppression,
    Topic,
)


def progress_annotations(relation: str) -> dict:
    """Delivery counts by state, as annotations over `relation` (one query for a list).

    Also what tells staff that sending is stuck: rows still "sending" after the send
    tasks' time limit (their worker died) and the mailing's last batch activity.
    """
    waiting = [Delivery.Status.PENDING, Delivery.Status.SENDING]
    mailing = relation.removesuffix("deliveries")  # "" or "mailing__"
    stalled = Q(**{f"{relation}__status": Delivery.Status.SENDING}) & Q(
        **{
            f"{relation}__sending_started_at__lt": timezone.now()
            - timedelta(seconds=services.task_time_limit())
        }
    )
    return {
        "n_total": Count(relation),
        "n_pending": Count(relation, filter=Q(**{f"{relation}__status__in": waiting})),
        "n_sent": Count(relation, filter=Q(**{f"{relation}__status": Delivery.Status.SENT})),
        "n_failed": Count(relation, filter=Q(**{f"{relation}__status": Delivery.Status.FAILED})),
        "n_queued": Count(relation, filter=Q(**{f"{relation}__status": Delivery.Status.PENDING})),
        "n_stalled": Count(relation, filter=stalled),
        "stalled_since": Min(f"{relation}__sending_started_at", filter=stalled),
        "p_fanned_out_at": F(f"{mailing}fanned_out_at"),
        "p_finished_at": F(f"{mailing}finished_at"),
        "p_batches_enqueued_at": F(f"{mailing}batches_enqueued_at"),
        "p_batch_claimed_at": F(f"{mailing}batch_claimed_at"),
    }


def _when(value) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def _stall_texts(obj) -> list[str]:
    """Why a mailing makes no progress, if it does not: for staff, with when it resumes."""
    texts = []
    if obj.n_stalled:
        texts.append(
            ngettext(
                "%(count)s delivery stalled in sending since %(since)s (its worker stopped); "
                "it will be sent again after %(reclaim)s.",
                "%(count)s deliveries stalled in sending since %(since)s (their worker "
                "stopped); they will be sent again after %(reclaim)s.",
                obj.n_stalled,
            )
            % {
                "count": obj.n_stalled,
                "since": _when(obj.stalled_since),
                "reclaim": _when(obj.stalled_since + services.reclaim_after()),
            }
        )
    if not obj.n_queued or obj.p_fanned_out_at is None or obj.p_finished_at is not None:
        return texts
    now = timezone.now()
    due = obj.p_batches_enqueued_at
    if due and due > now:
        texts.append(
            _("The next batch is due at %(due)s (sending is being retried).") % {"due": _when(due)}
        )
        return texts
    last = max([value for value in (due, obj.p_batch_claimed_at) if value] or [obj.p_fanned_out_at])
    if last < now - services.REQUEUE_AFTER:
        texts.append(
            _(
                "Deliveries are pending with no batch queued since %(since)s; new batches "
                "are queued within a minute."
            )
            % {"since": _when(last)}
        )
    return texts


def _progress_text(obj) -> str:
    if obj is None or getattr(obj, "n_total", None) is None:
        return "–"
    text = _("%(sent)s sent, %(pending)s waiting, %(failed)s failed of %(total)s") % {
        "sent": obj.n_sent,
        "pending": obj.n_pending,
        "failed": obj.n_failed,
        "total": obj.n_total,
    }
    return format_html_join(
        mark_safe("<br>"), "{}", ((line,) for line in [text, *_stall_texts(obj)])
    )


def resend_report(model_admin: admin.ModelAdmin, request: HttpRequest, counts: dict) -> None:
    """Tell staff what "send again" did: queued, refused for suppression, left alone."""
    if not any(counts.values()):
        model_admin.message_user(request, _("There were no failed mails to send again."))
    if counts["queued"]:
        model_admin.message_user(
            request,
            ngettext(
                "%(count)d failed mail will be sent again.",
                "%(count)d failed mails will be sent again.",
                counts["queued"],
            )
            % {"count": counts["queued"]},
            messages.SUCCESS,
        )
    if counts["suppressed"]:
        model_admin.message_user(
            request,
            ngettext(
                "%(count)d mail was not sent again: its address is on the suppression list. "
                "Remove the address from the list first if it works again.",
                "%(count)d mails were not sent again: their addresses are on the suppression "
                "list. Remove an address from the list first if it works again.",
                counts["suppressed"],
            )
            % {"count": counts["suppressed"]},
            messages.WARNING,
        )
    if counts["not_failed"]:
        model_admin.message_user(
            request,
            ngettext(
                "%(count)d mail had not failed and was left as it is.",
                "%(count)d mails had not failed and were left as they are.",
                counts["not_failed"],
            )
            % {"count": counts["not_failed"]},
            messages.INFO,
        )


class ResendPermissionMixin:
    def has_resend_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("mailings.resend_delivery")


class DeliveryResendInline(admin.TabularInline):
    """When staff sent the mail again, and what had gone wrong before."""

    model = DeliveryResend
    extra = 0
    can_delete = False
    fields = readonly_fields = ("resent_at", "resent_by", "previous_attempts", "previous_error")

    def has_view_permission(self, request, obj=None) -> bool:
        # Part of the delivery's history: whoever may see the delivery sees it.
        return request.user.has_perm("mailings.view_delivery")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(ResendPermissionMixin, admin.ModelAdmin):
    """The outbox, read-only: what was sent to whom, and what is still waiting or failed."""

    list_display = (
        "to_email",
        "template",
        "language",
        "status",
        "attempts",
        "created_at",
        "sent_at",
    )
    list_filter = ("status", "kind", "template", "language")
    search_fields = ("to_email", "message_id")
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Delivery._meta.fields]
    list_select_related = ("mailing",)
    inlines = [DeliveryResendInline]
    actions = ["resend_selected"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not request.user.has_perm("pledges.view_contact_details"):
            # Mails about submissions go to their contact persons: only staff who may see
            # contact details see those mails (Communications sees newsletters and events).
            queryset = queryset.exclude(template__startswith="pledge_").exclude(
                template__startswith="partner_"
            )
        return queryset

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if request.user.is_superuser:
            return fields
        # The context holds signed links (confirm a subscription, cancel a registration)
        # that act for the recipient: not for staff to click.
        return [name for name in fields if name not in ("context", "attachments")]

    @admin.action(description=_("Send the selected failed mails again"), permissions=["resend"])
    def resend_selected(self, request: HttpRequest, queryset) -> None:
        counts = services.deliveries_resend(
            delivery_ids=queryset.values_list("pk", flat=True), by=request.user
        )
        resend_report(self, request, counts)


@admin.register(Mailing)
class MailingAdmin(ResendPermissionMixin, admin.ModelAdmin):
    """Every bulk send (newsletters and event announcements) with its live progress."""

    list_display = ("__str__", "kind", "status", "created_at", "finished_at", "progress")
    list_filter = ("kind", "status")
    readonly_fields = [field.name for field in Mailing._meta.fields] + ["progress"]
    actions = ["resend_failed"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(**progress_annotations("deliveries"))

    @admin.display(description=_("progress"))
    def progress(self, obj) -> str:
        return _progress_text(obj)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(
        description=_("Send the failed mails of the selected mailings again"),
        permissions=["resend"],
    )
    def resend_failed(self, request: HttpRequest, queryset) -> None:
        failed = Delivery.objects.filter(
            mailing__in=queryset.values("pk"), status=Delivery.Status.FAILED
        )
        counts = services.deliveries_resend(
            delivery_ids=failed.values_list("pk", flat=True), by=request.user
        )
        resend_report(self, request, counts)


class NewsletterForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=(), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Newsletter
        fields = ("subject", "body", "topics", "send_at")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "topics" in self.fields:  # read-only once the newsletter has been sent
            self.fields["topics"].choices = Topic.choices()


# What was sent stays as it was sent (the archive shows it).
SENT_READONLY = ("subject_fi", "subject_sv", "body_fi", "body_sv", "topics", "send_at")


@admin.register(Newsletter)
class NewsletterAdmin(ResendPermissionMixin, TranslationStatusMixin, TabbedTranslationAdmin):
    """Write the Finnish and Swedish editions, preview, test, schedule or send now.

    Subscribers get the edition of their language; when one edition is left empty,
    readers of that language get the other edition with a note in their own language.
    """

    form = NewsletterForm
    change_form_template = "mailings/admin/newsletter_change_form.html"
    list_display = ("__str__", "status", "send_at", "sent_at", "progress")
    list_filter = ("status",)
    search_fields = ("subject_fi", "subject_sv", "body_fi", "body_sv")
    readonly_fields = ("status", "sent_at", "progress")
    fields = ("subject", "body", "topics", "send_at", "status", "sent_at", "progress")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(**progress_annotations("mailing__deliveries"))

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.mailing_id:
            return (*self.readonly_fields, *SENT_READONLY)
        return self.readonly_fields

    @admin.display(description=_("progress"))
    def progress(self, obj) -> str:
        if obj is None or not obj.mailing_id:
            return "–"
        return _progress_text(obj)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/preview/", view(self.preview_view), name="mailings_newsletter_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request: HttpRequest, pk: int):
        newsletter = get_object_or_404(Newsletter, pk=pk)
        # Drafts are for the staff who may see newsletters (admin_view checks staff only).
        if not self.has_view_permission(request, newsletter):
            raise PermissionDenied
        editions = [
            {
                "language": code,
                "name": name,
                "subject": in_language(newsletter, "subject", code, ""),
                "html": markdown_html(in_language(newsletter, "body", code, "")),
                "text": markdown_text(in_language(newsletter, "body", code, "")),
            }
            for code, name in (("fi", _("Finnish")), ("sv", _("Swedish")))
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": newsletter,
            "title": _("Preview"),
            "editions": editions,
        }
        return TemplateResponse(request, "mailings/admin/newsletter_preview.html", context)

    # The sending buttons are submit buttons of the change form itself (a form nested in
    # it would be dropped by the browser): the newsletter is saved first, then the button's
    # action runs here. Django has already checked the change permission by then.
    SENDING_BUTTONS = ("_send_test", "_schedule", "_send_now", "_resend_failed")

    def render_change_form(self, request, context, *args, **kwargs):
        context["has_resend_permission"] = self.has_resend_permission(request)
        return super().render_change_form(request, context, *args, **kwargs)

    def response_change(self, request: HttpRequest, obj: Newsletter):
        button = next((name for name in self.SENDING_BUTTONS if name in request.POST), None)
        if button is None:
            return super().response_change(request, obj)
        {
            "_send_test": self._send_test,
            "_schedule": self._schedule,
            "_send_now": self._send_now,
            "_resend_failed": self._resend_failed,
        }[button](request, obj)
        return HttpResponseRedirect(request.path)

    def _resend_failed(self, request: HttpRequest, newsletter: Newsletter) -> None:
        if not self.has_resend_permission(request):
            raise PermissionDenied
        if newsletter.mailing_id:
            counts = services.mailing_resend_failed(
                mailing_id=newsletter.mailing_id, by=request.user
            )
            resend_report(self, request, counts)

    def _send_test(self, request: HttpRequest, newsletter: Newsletter) -> None:
        if not request.user.email:
            self.message_user(request, _("Your user account has no email address."), messages.ERROR)
            return
        deliveries = services.newsletter_send_test(newsletter=newsletter, to=request.user.email)
        self.message_user(
            request,
            _("Test mails sent to %(email)s: %(count)s.")
            % {"count": len(deliveries), "email": request.user.email},
        )

    def _schedule(self, request: HttpRequest, newsletter: Newsletter) -> None:
        try:
            services.newsletter_schedule(newsletter=newsletter, send_at=newsletter.send_at)
        except services.NewsletterRefused as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(request, _("The newsletter is scheduled."))

    def _send_now(self, request: HttpRequest, newsletter: Newsletter) -> None:
        try:
            services.newsletter_send_now(newsletter=newsletter)
        except services.NewsletterRefused as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(request, _("Sending started. The progress is shown below."))


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    extra = 0


class ConsentInline(admin.TabularInline):
    model = ConsentRecord
    extra = 0
    can_delete = False
    readonly_fields = [
        "purpose",
        "text_version",
        "language",
        "source",
        "given_at",
        "confirmed_at",
        "withdrawn_at",
        "text",
    ]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class TopicFilter(admin.SimpleListFilter):
    title = _("topic")
    parameter_name = "topic"

    def lookups(self, request, model_admin):
        return Topic.choices()

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(subscriptions__topic=self.value()).distinct()
        return queryset


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ("email", "language", "status", "created_at", "confirmed_at")
    list_filter = ("status", "language", TopicFilter)
    search_fields = ("email_key",)
    readonly_fields = ("email", "status", "created_at", "confirmed_at", "unsubscribed_at")
    inlines = [SubscriptionInline, ConsentInline]
    actions = ["unsubscribe_selected"]

    def has_add_permission(self, request) -> bool:
        return False  # subscriptions start with the subscriber's own consent

    @admin.action(description=_("Unsubscribe the selected addresses"))
    def unsubscribe_selected(self, request, queryset) -> None:
        for pk in queryset.values_list("pk", flat=True):
            services.unsubscribe(subscriber_id=pk)
        self.message_user(request, _("Unsubscribed."))


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    list_display = ("email_key", "reason", "created_at", "note")
    list_filter = ("reason",)
    search_fields = ("email_key",)

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
        else:
            services.suppression_add(address=obj.email_key, reason=obj.reason, note=obj.note)
