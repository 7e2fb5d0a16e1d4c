from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonalDataLog(models.Model):
    """Who looked up, exported or erased whose personal data, and when (and what was done).

    The address itself is stored, not a hash: staff must be able to show the data subject
    (and the data protection officer) what was done for them. The log holds no other
    personal data; `summary` lists only counts and record ids. Automatic anonymisation
    runs (the beat job) are logged too, with no user and no address.
    """

    class Action(models.TextChoices):
        VIEWED = "viewed", _("viewed")
        EXPORTED = "exported", _("exported")
        ERASED = "erased", _("erased")
        ANONYMISED = "anonymised", _("anonymised automatically")

    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    email = models.CharField(_("email address"), max_length=254, blank=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff user"),
    )
    # Kept as text as well, so the log still says who it was if the account is deleted.
    username = models.CharField(_("username"), max_length=150, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("personal data log entry")
        verbose_name_plural = _("personal data log")
        permissions = [("handle_personal_data", _("Can export and erase personal data"))]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.email} ({self.created_at:%Y-%m-%d %H:%M})"


class OrganisationMergeLog(models.Model):
    """History of an organisation merge: which duplicates went into which organisation."""

    kept = models.ForeignKey(
        "pledges.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merge_logs",
        verbose_name=_("kept organisation"),
    )
    kept_name = models.CharField(_("name of the kept organisation"), max_length=250)
    # [{"id", "name", "business_id", "municipality"}] of the deleted duplicates.
    merged = models.JSONField(_("merged duplicates"), default=list)
    # {"pledges.Submission": 3, ...}: how many rows moved, per model; partner rows merged.
    moved = models.JSONField(_("moved records"), default=dict)
    filled_fields = models.JSONField(_("fields filled from the duplicates"), default=list)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff user"),
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("organisation merge")
        verbose_name_plural = _("organisation merges")

    def __str__(self) -> str:
        names = ", ".join(item.get("name", "") for item in self.merged)
        return f"{names} → {self.kept_name}"
