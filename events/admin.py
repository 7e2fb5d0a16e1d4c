from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from core.admin_mixins import (
    BilingualPublishForm,
    TranslationStatusMixin,
    TranslatorRestrictedMixin,
)
from events import exports, selectors, services
from events.models import Event, Registration


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    can_delete = False
    fields = ("status", "name", "email", "organisation", "language", "needs", "created_at")
    readonly_fields = fields
    ordering = ("status", "created_at", "pk")
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


def _registrations_of(queryset):
    return (
        Registration.objects.filter(event__in=queryset)
        .select_related("event")
        .order_by("event__starts_at", "event_id", "status", "created_at", "pk")
    )


class EventForm(BilingualPublishForm):
    """A published event needs its texts in both languages."""

    class Meta:
        model = Event
        fields = "__all__"

    def is_publishing(self) -> bool:
        return bool(self.cleaned_data.get("is_published", self.instance.is_published))


@admin.register(Event)
class EventAdmin(TranslatorRestrictedMixin, TranslationStatusMixin, TabbedTranslationAdmin):
    form = EventForm
    list_display = (
        "title",
        "kind",
        "starts_at",
        "scope",
        "region",
        "capacity",
        "confirmed",
        "waiting",
        "is_published",
        "is_cancelled",
    )
    list_filter = ("kind", "is_published", "is_cancelled", "scope", "region", "themes")
    search_fields = ("title_fi", "title_sv", "organiser_fi", "organiser_sv")
    date_hierarchy = "starts_at"
    filter_horizontal = ("themes",)
    readonly_fields = ("version", "is_cancelled")
    inlines = [RegistrationInline]
    actions = ["export_csv", "export_xlsx", "announce", "cancel_events"]
    fieldsets = (
        (None, {"fields": ("title", "slug", "kind", "themes", "description", "is_published")}),
        (_("Time"), {"fields": ("starts_at", "ends_at")}),
        (
            _("Place"),
            {"fields": ("place", "address", "online_url", "online_url_private")},
        ),
        (
            _("Language, reach and organiser"),
            {"fields": ("in_finnish", "in_swedish", "in_english", "scope", "region", "organiser")},
        ),
        (
            _("Registration"),
            {
                "fields": (
                    "capacity",
                    "registration_opens_at",
                    "registration_closes_at",
                    "is_cancelled",
                    "version",
                )
            },
        ),
    )

    def get_queryset(self, request):
        return selectors.events_with_counts(super().get_queryset(request))

    @admin.display(description=_("confirmed"), ordering="confirmed_count")
    def confirmed(self, obj: Event) -> int:
        return obj.confirmed_count

    @admin.display(description=_("waiting"), ordering="waiting_count")
    def waiting(self, obj: Event) -> int:
        return obj.waiting_count

    def save_model(self, request, obj, form, change):
        services.event_save(event=obj, changed_fields=form.changed_data if change else ())
        if change and set(form.changed_data) & services.NOTIFIED_FIELDS:
            messages.info(request, _("Everyone registered gets a notice of the change."))

    @admin.action(description=_("Export registrations (CSV)"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(
            exports.registrations_csv(_registrations_of(queryset)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="registrations.csv"'
        return response

    @admin.action(description=_("Export registrations (Excel)"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        response = HttpResponse(
            exports.registrations_xlsx(_registrations_of(queryset)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="registrations.xlsx"'
        return response

    @admin.action(description=_("Announce to subscribers"), permissions=["change"])
    def announce(self, request, queryset):
        announced, refused = 0, 0
        for event in queryset:
            try:
                services.event_announce(event_id=event.pk)
            except services.NotAnnounceable:
                refused += 1
            else:
                announced += 1
        if announced:
            self.message_user(
                request,
                ngettext(
                    "%d event announced to the subscribers of events.",
                    "%d events announced to the subscribers of events.",
                    announced,
                )
                % announced,
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                _("Only published, upcoming events that are not cancelled can be announced."),
                messages.WARNING,
            )

    @admin.action(
        description=_("Cancel the event and tell everyone registered"), permissions=["change"]
    )
    def cancel_events(self, request, queryset):
        # Each event is cancelled in its own transaction: event_cancel is a whole use case
        # (durable), so it cannot be wrapped into one for the whole selection.
        for event in queryset:
            services.event_cancel(event_id=event.pk)
        self.message_user(
            request,
            ngettext("%d event cancelled.", "%d events cancelled.", queryset.count())
            % queryset.count(),
            messages.SUCCESS,
        )


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "event", "status", "language", "created_at")
    list_filter = ("status", "language", "event")
    search_fields = ("name", "email", "organisation")
    list_select_related = ("event",)
    readonly_fields = (
        "event",
        "status",
        "created_at",
        "promoted_at",
        "cancelled_at",
        "reminded_at",
        "anonymised_at",
    )
    actions = ["cancel_registrations"]

    def has_add_permission(self, request) -> bool:
        # Registrations come through the form (the service keeps capacity and the queue right).
        return False

    @admin.action(
        description=_("Cancel (the next on the waiting list gets the place)"),
        permissions=["change"],
    )
    def cancel_registrations(self, request, queryset):
        count = 0
        for registration in queryset.filter(status__in=Registration.ACTIVE):
            try:
                services.registration_cancel(registration_id=registration.pk)
            except services.CancellationClosed as exc:
                self.message_user(request, f"{registration}: {exc}", messages.WARNING)
                continue
            count += 1
        self.message_user(
            request,
            ngettext("%d registration cancelled.", "%d registrations cancelled.", count) % count,
            messages.SUCCESS,
        )
