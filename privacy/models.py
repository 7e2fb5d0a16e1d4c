from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.models import PERSONAL_DATA_ACTIONS, AuditEvent


class PersonalDataRequestManager(models.Manager):
    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(action__in=PERSONAL_DATA_ACTIONS)


class PersonalDataRequest(AuditEvent):
    """The audit log's events of personal data requests: who looked up, exported or erased
    whose personal data, and when (and what was done); the automatic anonymisation runs
    (the beat job) too, with no user and no address.

    The address itself is the event's `object_repr`, not a hash: staff must be able to show
    the data subject (and the data protection officer) what was done for them. The event
    holds no other personal data; `after` lists only counts and record ids. Only those who
    handle personal data see these events (the general audit list leaves them out).
    """

    objects = PersonalDataRequestManager()

    class Meta:
        proxy = True
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        permissions = [("handle_personal_data", _("Can export and erase personal data"))]
