"""Reading the audit log."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from audit.models import AuditEvent


def audit_history(obj: Model) -> QuerySet[AuditEvent]:
    """The events about `obj`, oldest first (its admin page's history)."""
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).order_by("created_at", "pk")
