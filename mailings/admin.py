"""Staff tools: write and send newsletters, follow their progress, manage the list."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from mailings import services
from mailings.markdown import markdown_html, markdown_text
from mailings.models import (
    ConsentRecord,
    Delivery,
    Mailing,
    Newsletter,
    Subscriber,
    Subscription,
    Suppression,
    Topic,
)
from portal.admin_mixins import TranslationStatusMixin


def progress_annotations(relation: str) -> dict:
    """Delivery counts by state, as annotations over `relation` (one query for a list)."""
    waiting = [Delivery.Status.PENDING, Delivery.Status.SENDING]
    return {
        "n_total": Count(relation),
        "n_pending": Count(relation, filter=Q(**{f"{relation}__status__in": waiting})),
        "n_sent": Count(relation, filter=Q(**{f"{relation}__status": Delivery.Status.SENT})),
        "n_failed": Count(relation, filter=Q(**{f"{relation}__status": Delivery.Status.FAILED})),
    }


def _progress_text(obj) -> str:
    if obj is None or getattr(obj, "n_total", None) is None:
        return "–"
    return _("%(sent)s sent, %(pending)s waiting, %(failed)s failed of %(total)s") % {
        "sent": obj.n_sent,
        "pending": obj.n_pending,
        "failed": obj.n_failed,
        "total": obj.n_total,
    }


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Mailing)
class MailingAdmin(admin.ModelAdmin):
    """Every bulk send (newsletters and event announcements) with its live progress."""

    list_display = ("__str__", "kind", "status", "created_at", "finished_at", "progress")
    list_filter = ("kind", "status")
    readonly_fields = [field.name for field in Mailing._meta.fields] + ["progress"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(**progress_annotations("deliveries"))

    @admin.display(description=_("progress"))
    def progress(self, obj) -> str:
        return _progress_text(obj)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


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
class NewsletterAdmin(TranslationStatusMixin, TabbedTranslationAdmin):
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
            path("<int:pk>/send-test/", view(self.send_test_view), name="mailings_newsletter_test"),
            path(
                "<int:pk>/schedule/", view(self.schedule_view), name="mailings_newsletter_schedule"
            ),
            path("<int:pk>/send-now/", view(self.send_now_view), name="mailings_newsletter_send"),
            *super().get_urls(),
        ]

    def _object(self, request: HttpRequest, pk: int) -> Newsletter:
        newsletter = get_object_or_404(Newsletter, pk=pk)
        if not self.has_change_permission(request, newsletter):
            raise PermissionDenied
        return newsletter

    def _back(self, pk: int) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:mailings_newsletter_change", args=[pk]))

    def preview_view(self, request: HttpRequest, pk: int):
        newsletter = get_object_or_404(Newsletter, pk=pk)
        editions = [
            {
                "language": code,
                "name": name,
                "subject": getattr(newsletter, f"subject_{code}"),
                "html": markdown_html(getattr(newsletter, f"body_{code}")),
                "text": markdown_text(getattr(newsletter, f"body_{code}")),
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

    def send_test_view(self, request: HttpRequest, pk: int):
        if request.method != "POST":
            return self._back(pk)
        newsletter = self._object(request, pk)
        if not request.user.email:
            self.message_user(request, _("Your user account has no email address."), messages.ERROR)
            return self._back(pk)
        deliveries = services.newsletter_send_test(newsletter=newsletter, to=request.user.email)
        self.message_user(
            request,
            _("Test mails sent to %(email)s: %(count)s.")
            % {"count": len(deliveries), "email": request.user.email},
        )
        return self._back(pk)

    def schedule_view(self, request: HttpRequest, pk: int):
        if request.method != "POST":
            return self._back(pk)
        newsletter = self._object(request, pk)
        if newsletter.mailing_id or not newsletter.send_at or not newsletter.topics:
            self.message_user(
                request,
                _("Set a sending time and topics and save the newsletter first."),
                messages.ERROR,
            )
            return self._back(pk)
        services.newsletter_schedule(newsletter=newsletter, send_at=newsletter.send_at)
        self.message_user(request, _("The newsletter is scheduled."))
        return self._back(pk)

    def send_now_view(self, request: HttpRequest, pk: int):
        if request.method != "POST":
            return self._back(pk)
        newsletter = self._object(request, pk)
        try:
            services.newsletter_send_now(newsletter=newsletter)
        except ValueError:
            self.message_user(
                request,
                _("Write at least one edition and choose topics before sending."),
                messages.ERROR,
            )
            return self._back(pk)
        self.message_user(request, _("Sending started. The progress is shown below."))
        return self._back(pk)


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
