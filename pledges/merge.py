"""Merging duplicate organisations: everything moves to the kept one, the merge is logged."""

from collections.abc import Iterable

from django.contrib import admin, messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from audit.models import AuditEvent
from audit.services import audit_history_move, audit_record
from pledges.models import Organisation, Partner

# Fields of the kept organisation that a duplicate may fill when they are empty.
FILLABLE_FIELDS = ("business_id", "municipality", "region", "website")
# A partner row named twice for one submission keeps the most definite answer.
PARTNER_STATUS_RANK = {
    Partner.Status.CONFIRMED: 2,
    Partner.Status.DECLINED: 1,
    Partner.Status.PENDING: 0,
}


def _merge_partners(*, keep: Organisation, duplicates: list[Organisation]) -> dict[str, int]:
    """Move partner rows; where the submission already names `keep`, fold them together, and
    drop rows that would make a submission's own organisation its partner."""
    folded = dropped = 0
    rows = Partner.objects.select_for_update().filter(organisation__in=duplicates)
    for partner in rows.select_related("submission").order_by("pk"):
        if partner.submission.organisation_id == keep.pk:
            partner.delete()
            dropped += 1
            continue
        existing = (
            Partner.objects.select_for_update()
            .filter(submission_id=partner.submission_id, organisation=keep)
            .first()
        )
        if existing is None:
            partner.organisation = keep
            partner.save(update_fields=["organisation"])
            continue
        if PARTNER_STATUS_RANK[partner.status] > PARTNER_STATUS_RANK[existing.status]:
            existing.status = partner.status
            existing.responded_at = partner.responded_at
            existing.contact_email = partner.contact_email
            existing.save(update_fields=["status", "responded_at", "contact_email"])
        partner.delete()
        folded += 1
    return {"partners_folded": folded, "partners_dropped": dropped}


def _move_references(*, keep: Organisation, duplicates: list[Organisation]) -> dict[str, int]:
    """Point every other foreign key to an organisation (submissions, pledges, initiatives,
    and whatever is added later) at `keep`; the duplicates' audit history follows them."""
    moved: dict[str, int] = {}
    for relation in Organisation._meta.related_objects:
        if not relation.one_to_many or relation.related_model is Partner:
            continue
        field = relation.field.name
        count = relation.related_model._base_manager.filter(**{f"{field}__in": duplicates}).update(
            **{field: keep}
        )
        if count:
            moved[relation.related_model._meta.label] = count
    audit_history_move(objects=duplicates, to=keep)
    return moved


@transaction.atomic(durable=True)
def organisations_merge(
    *,
    keep: Organisation,
    duplicates: Iterable[Organisation],
    user: AbstractBaseUser | None,
) -> AuditEvent:
    """Merge duplicate organisations into `keep`.

    Side effects: submissions, pledges, initiatives and partner links of the duplicates
    move to `keep` (a submission naming both as partners keeps one partner row, the most
    definite answer); empty fields of `keep` are filled from the duplicates; the duplicates
    are deleted; an "organisations merged" audit event on `keep` records who merged what
    (before: the duplicates; after: the records moved and the fields filled), and is returned.
    Raises ValidationError when there is nothing to merge.
    """
    ids = sorted({org.pk for org in duplicates} - {keep.pk})
    if not ids:
        raise ValidationError(_("Choose at least one other organisation to merge."))
    locked = {
        org.pk: org
        for org in Organisation.objects.select_for_update().filter(pk__in=[keep.pk, *ids])
    }
    if keep.pk not in locked or len(locked) != len(ids) + 1:
        raise ValidationError(_("Some of the organisations no longer exist."))
    keep = locked[keep.pk]
    dups = [locked[pk] for pk in ids]

    moved = {
        f"{Partner._meta.label}": Partner.objects.filter(organisation__in=dups).count(),
        **_merge_partners(keep=keep, duplicates=dups),
        **_move_references(keep=keep, duplicates=dups),
    }
    filled = []
    for field in FILLABLE_FIELDS:
        # A nationwide organisation has no municipality (a constraint): nothing to fill.
        if getattr(keep, field) or (field == "municipality" and keep.nationwide):
            continue
        value = next((getattr(dup, field) for dup in dups if getattr(dup, field)), "")
        if value:
            setattr(keep, field, value)
            filled.append(field)
    if filled:
        keep.save(update_fields=filled)

    merged = [
        {
            "id": d.pk,
            "name": d.name,
            "business_id": d.business_id,
            # The Finnish name (the default language), as the log is JSON.
            "municipality": d.municipality.name_fi if d.municipality else "",
        }
        for d in dups
    ]
    Organisation.objects.filter(pk__in=ids).delete()
    return audit_record(
        action=AuditEvent.Action.ORGANISATIONS_MERGED,
        obj=keep,
        actor=user,
        before={"merged": merged},
        after={"moved": moved, "filled_fields": filled},
    )


@admin.action(
    description=gettext_lazy("Merge the selected organisations"),
    # Merging rewrites the kept organisation and deletes the others.
    permissions=["change", "delete"],
)
def merge_organisations(modeladmin, request, queryset) -> HttpResponse | None:
    """Admin action: an intermediate page asks which organisation to keep, then merges."""
    organisations = list(
        queryset.annotate(
            submission_count=models.Count("submissions", distinct=True),
            pledge_count=models.Count("pledges", distinct=True),
            initiative_count=models.Count("initiatives", distinct=True),
            partnership_count=models.Count("partnerships", distinct=True),
        ).order_by("name", "pk")
    )
    if len(organisations) < 2:
        modeladmin.message_user(
            request, _("Select at least two organisations to merge."), messages.WARNING
        )
        return None
    error = ""
    if "apply" in request.POST:
        keep = next(
            (org for org in organisations if str(org.pk) == request.POST.get("keep", "")), None
        )
        if keep is None:
            error = _("Choose the organisation to keep.")
        else:
            event = organisations_merge(keep=keep, duplicates=organisations, user=request.user)
            count = len(event.before["merged"])
            modeladmin.message_user(
                request,
                ngettext(
                    "%(count)d organisation was merged into %(name)s.",
                    "%(count)d organisations were merged into %(name)s.",
                    count,
                )
                % {"count": count, "name": keep.name},
                messages.SUCCESS,
            )
            return None
    return TemplateResponse(
        request,
        "admin/pledges/merge_organisations.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("Merge organisations"),
            "organisations": organisations,
            "error": error,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )
