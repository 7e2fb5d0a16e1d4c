"""What the pledges' workflow actions in the admin share (entries and progress reports): the
confirmation page between choosing an action and applying it, and applying a service to
each selected row with one message per refusal."""

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse


def run_for_each(
    modeladmin,
    request: HttpRequest,
    queryset: QuerySet,
    action: Callable,
    done_message: Callable[[int], str],
    *,
    refused: type[Exception],
) -> None:
    """Apply `action` to each row: one success message counting the rows it changed (it
    returns None for a row left as it was) and one warning per `refused` exception."""
    done = 0
    for row in queryset:
        try:
            change = action(row)
        except refused as exc:
            modeladmin.message_user(request, f"{row}: {exc}", messages.WARNING)
            continue
        if change is not None and change is not False:
            done += 1
    modeladmin.message_user(request, done_message(done), messages.SUCCESS)


def confirmation(
    modeladmin,
    request: HttpRequest,
    queryset: QuerySet,
    *,
    action: str,
    title: str,
    intro: str,
    button: str,
    form: forms.Form | None = None,
) -> TemplateResponse:
    """The page between choosing a workflow action and applying it (like Django's delete
    confirmation): the rows, the form if the action has one, a confirm button and a way
    back to the list as it was (the action was posted to the filtered list's own URL)."""
    return TemplateResponse(
        request,
        "admin/pledges/confirm_action.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "button": button,
            "action": action,
            "form": form,
            "entries": queryset,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "cancel_url": request.get_full_path(),
        },
    )
