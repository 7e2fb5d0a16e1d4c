import json

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.labels import ANONYMOUS_ACTORS, CHANGE_MESSAGE, change_summary


class AuditEvent(models.Model):
    """One thing that happened: who did what to which object, the state before and after.

    The one history of the site: the services write it (audit.services.audit_record) inside
    their own transactions, and each admin log entry is mirrored into it (audit.apps). The
    object is referenced generically, so this app knows no content app; `object_repr` and
    `actor_label` keep saying what and who after the object or the account is deleted.
    """

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        STATUS_CHANGED = "status_changed", _("status changed")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")
        RETURNED_TO_REVIEW = "returned_to_review", _("put under review")
        SELECTED = "selected", _("selected for the programme")
        UNSELECTED = "unselected", _("no longer selected for the programme")
        AWARDED = "awarded", _("given an award")
        AWARD_REMOVED = "award_removed", _("award removed")
        PARTNER_ANSWERED = "partner_answered", _("partner answered")
        SHORTLISTED = "shortlisted", _("shortlisted for assessment")
        STAGE_ADVANCED = "stage_advanced", _("assessment stage advanced")
        ORGANISATIONS_MERGED = "organisations_merged", _("organisations merged")
        PERSONAL_DATA_VIEWED = "personal_data_viewed", _("personal data viewed")
        PERSONAL_DATA_EXPORTED = "personal_data_exported", _("personal data exported")
        PERSONAL_DATA_ERASED = "personal_data_erased", _("personal data erased")
        PERSONAL_DATA_ANONYMISED = (
            "personal_data_anonymised",
            _("personal data anonymised automatically"),
        )
        ADMIN_ADDED = "admin_added", _("added in the admin")
        ADMIN_CHANGED = "admin_changed", _("changed in the admin")
        ADMIN_DELETED = "admin_deleted", _("deleted in the admin")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # Kept as text too: the username, or who acted without an account ("submitter",
    # "partner", "system"), so the log still says who it was when the account is deleted.
    actor_label = models.CharField(_("by"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)
    # The object acted on (none for a personal data request: `object_repr` holds the
    # address it was about). Text, as in the admin's log: a municipality's key is a code.
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("object type"),
    )
    object_id = models.CharField(_("object id"), max_length=255, blank=True)
    object = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("after"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    note = models.TextField(_("note"), blank=True)
    # Not auto_now_add: the histories copied in keep their own times.
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        indexes = [
            # An object's history (its admin page) and the list's filters.
            models.Index(
                fields=["content_type", "object_id", "created_at"], name="audit_object_history_idx"
            ),
            models.Index(fields=["action", "created_at"], name="audit_action_idx"),
            models.Index(fields=["actor_label", "created_at"], name="audit_actor_label_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.object_repr}".rstrip(": ")

    @property
    def change(self) -> str:
        """The state before → after in the reader's language, e.g. "tila: käsittelyssä →
        julkaistu" (audit.labels)."""
        return change_summary(self.before, self.after)

    @property
    def note_shown(self) -> str:
        """The note; for an edit in the admin, its change message in the reader's language
        (as the admin's own history page shows it)."""
        message = self.after.get(CHANGE_MESSAGE)
        if message is None:
            return self.note
        raw = message if isinstance(message, str) else json.dumps(message)
        return LogEntry(change_message=raw).get_change_message()

    @property
    def by(self) -> str:
        """Who acted: the username, or "system", "submitter"… in the reader's language."""
        if self.actor_id is None and self.actor_label in ANONYMOUS_ACTORS:
            return ANONYMOUS_ACTORS[self.actor_label]()
        return self.actor_label


# Requests about a person's data: the address is the object, so only those who handle
# personal data see them (privacy's own list of them), not the general audit list.
PERSONAL_DATA_ACTIONS = frozenset(
    {
        AuditEvent.Action.PERSONAL_DATA_VIEWED,
        AuditEvent.Action.PERSONAL_DATA_EXPORTED,
        AuditEvent.Action.PERSONAL_DATA_ERASED,
        AuditEvent.Action.PERSONAL_DATA_ANONYMISED,
    }
)
