from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def _admin_log_mirror(sender, instance, created, raw=False, **kwargs) -> None:
    # The admin writes its own log (LogEntry) for adds, changes and deletes; mirroring each
    # new entry puts the admin's edits into the one audit log too.
    if created and not raw:
        from audit.services import audit_record_admin_log

        audit_record_admin_log(entry=instance)


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from django.contrib.admin.models import LogEntry

        post_save.connect(_admin_log_mirror, sender=LogEntry, dispatch_uid="audit_admin_log")
