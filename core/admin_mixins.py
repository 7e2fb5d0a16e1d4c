"""Admin mixins shared by every translated model: translation status, translator role,
and the rule that ministry-authored content is published in both languages or not at all.

"Missing Finnish" means: some registered translated field has text in Swedish but none
in Finnish (and the other way round). A field empty in both languages is optional content
nobody wrote, not a missing translation. Slugs are left out: they are made from the title.
"""

from functools import reduce
from operator import or_

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.options import ActionLocation
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from core.roles import ROLE_NAMES, TRANSLATORS

LANGUAGES = [code for code, _name in settings.LANGUAGES]
LANGUAGE_NAMES = {"fi": _("Finnish"), "sv": _("Swedish")}
MISSING = {"fi": _("missing Finnish"), "sv": _("missing Swedish")}
# Whole sentences per language: Finnish needs the translative ("ruotsiksi").
WRITE_IN = {
    "fi": _("Write this in Finnish too: published content must be complete in both languages."),
    "sv": _("Write this in Swedish too: published content must be complete in both languages."),
}


def translated_fields(model: type[models.Model]) -> list[str]:
    """The model's modeltranslation fields whose languages are compared (slugs left out)."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return []
    return sorted(
        name
        for name in options.fields
        if not isinstance(model._meta.get_field(name), models.SlugField)
    )


def localized_fields(model: type[models.Model]) -> list[str]:
    """Every `<field>_<lang>` of the model's registered translated fields (slugs included)."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return []
    return [build_localized_fieldname(name, code) for name in options.fields for code in LANGUAGES]


def _other(language: str) -> str:
    return next(code for code in LANGUAGES if code != language)


def _filled(value) -> bool:
    return bool(value and str(value).strip())


def missing_languages(obj: models.Model) -> list[str]:
    """Languages in which `obj` lacks text that it has in the other language."""
    missing = []
    for language in LANGUAGES:
        other = _other(language)
        for name in translated_fields(type(obj)):
            here = getattr(obj, build_localized_fieldname(name, language), None)
            there = getattr(obj, build_localized_fieldname(name, other), None)
            if not _filled(here) and _filled(there):
                missing.append(language)
                break
    return missing


def missing_q(model: type[models.Model], language: str) -> Q | None:
    """A filter for the objects of `model` that lack text in `language` (see above)."""
    other = _other(language)
    parts = []
    for name in translated_fields(model):
        here = build_localized_fieldname(name, language)
        there = build_localized_fieldname(name, other)
        empty = Q(**{f"{here}__isnull": True}) | Q(**{here: ""})
        parts.append(empty & Q(**{f"{there}__gt": ""}))
    return reduce(or_, parts) if parts else None


def missing_text(obj: models.Model) -> str:
    missing = missing_languages(obj)
    if not missing:
        return str(_("complete"))
    if len(missing) == len(LANGUAGES):
        return str(_("missing Finnish and Swedish"))
    return str(MISSING[missing[0]])


class TranslationStatusFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [
            ("complete", _("complete")),
            ("fi", MISSING["fi"]),
            ("sv", MISSING["sv"]),
        ]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        value = self.value()
        model = queryset.model
        if value in LANGUAGES:
            q = missing_q(model, value)
            return queryset.filter(q) if q is not None else queryset.none()
        if value == "complete":
            for language in LANGUAGES:
                q = missing_q(model, language)
                if q is not None:
                    # The filter keeps NULL-safe semantics: exclude what is missing.
                    queryset = queryset.exclude(
                        pk__in=model._default_manager.filter(q).values("pk")
                    )
            return queryset
        return queryset


class TranslationStatusMixin:
    """Adds a "translation status" column and a translation filter to a ModelAdmin."""

    @admin.display(description=_("translation status"))
    def translation_status(self, obj) -> str:
        return missing_text(obj)

    def get_list_display(self, request: HttpRequest):
        columns = list(super().get_list_display(request))
        if "translation_status" not in columns:
            columns.append("translation_status")
        return columns

    def get_list_filter(self, request: HttpRequest):
        filters = list(super().get_list_filter(request))
        if TranslationStatusFilter not in filters:
            filters.append(TranslationStatusFilter)
        return filters


def is_translator_only(user) -> bool:
    """True for staff whose only role is translating.

    The role is group membership (core.roles.TRANSLATORS) rather than a marker
    permission: a permission needs a model to hang on, and the group is already the one
    place that says what a translator is. A superuser, or a translator who also has
    another role (e.g. a curator), is not restricted.
    """
    if not user.is_active or user.is_superuser:
        return False
    names = set(user.groups.values_list("name", flat=True))
    return TRANSLATORS in names and not (names & (set(ROLE_NAMES) - {TRANSLATORS}))


class TranslatorRestrictedMixin:
    """For translators: only the `<field>_fi` / `<field>_sv` fields are editable.

    Every other field is read-only, and there are no actions, no adding, no deleting and
    no inlines (their fields are not translations of this object's text).
    """

    def _translator(self, request: HttpRequest) -> bool:
        cached = getattr(request, "_portal_translator_only", None)
        if cached is None:
            cached = is_translator_only(request.user)
            request._portal_translator_only = cached
        return cached

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self._translator(request):
            return readonly
        editable = set(localized_fields(self.model))
        # The untranslated originals ("title") are not in the form at all (modeltranslation
        # shows "title_fi", "title_sv" instead), so they must not appear as read-only.
        try:
            originals = set(translator.get_options_for_model(self.model).fields)
        except NotRegistered:
            originals = set()
        opts = self.model._meta
        for field in [*opts.fields, *opts.many_to_many]:
            if not field.editable or field.auto_created or field.primary_key:
                continue
            if field.name in editable or field.name in originals:
                continue
            if field.name not in readonly:
                readonly.append(field.name)
        return readonly

    def get_prepopulated_fields(self, request: HttpRequest, obj=None):
        if self._translator(request):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_actions(self, request: HttpRequest, action_location=ActionLocation.CHANGE_LIST):
        if self._translator(request):
            return {}
        return super().get_actions(request, action_location=action_location)

    def get_inline_instances(self, request: HttpRequest, obj=None):
        if self._translator(request):
            return []
        return super().get_inline_instances(request, obj)

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        if self._translator(request):
            return False
        return super().has_add_permission(request, *args)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        if self._translator(request):
            return False
        return super().has_delete_permission(request, obj)


# Held by the roles that handle submitters' contact details (portal.roles).
CONTACT_DETAILS_PERMISSION = "pledges.view_contact_details"


class ContactDetailsMixin:
    """Contact persons' names, addresses and phone numbers only for those whose role
    handles them (CONTACT_DETAILS_PERMISSION: curators, personal data handlers).

    For everyone else the names in `contact_fields` (model fields, read-only fields or
    list columns) leave the list, the change form, the search and the fieldsets, and the
    actions that need `contact_details` (the contact exports) are not offered. Works for
    ModelAdmins and inlines alike.
    """

    contact_fields: tuple[str, ...] = ()

    def has_contact_details_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(CONTACT_DETAILS_PERMISSION)

    def _contact_hidden(self, request: HttpRequest) -> set[str]:
        if self.has_contact_details_permission(request):
            return set()
        return set(self.contact_fields)

    def _without_contact(self, request: HttpRequest, names) -> list:
        hidden = self._contact_hidden(request)
        kept = []
        for name in names:
            if isinstance(name, (list, tuple)):  # fields shown on one row of a fieldset
                row = [part for part in name if part not in hidden]
                if row:
                    kept.append(tuple(row))
            elif name not in hidden:
                kept.append(name)
        return kept

    def get_list_display(self, request: HttpRequest):
        return self._without_contact(request, super().get_list_display(request))

    def get_search_fields(self, request: HttpRequest):
        # Searching by an address would reveal whose it is, even with the column hidden.
        hidden = self._contact_hidden(request)
        return [
            name
            for name in super().get_search_fields(request)
            if name.split("__")[-1] not in hidden
        ]

    def get_fields(self, request: HttpRequest, obj=None):
        return self._without_contact(request, super().get_fields(request, obj))

    def get_fieldsets(self, request: HttpRequest, obj=None):
        hidden = self._contact_hidden(request)
        if not hidden:
            return super().get_fieldsets(request, obj)
        return [
            (name, {**options, "fields": self._without_contact(request, options["fields"])})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return self._without_contact(request, super().get_readonly_fields(request, obj))

    def get_exclude(self, request: HttpRequest, obj=None):
        hidden = self._contact_hidden(request)
        if not hidden:
            return super().get_exclude(request, obj)
        model_fields = {field.name for field in self.model._meta.get_fields()}
        return [*(super().get_exclude(request, obj) or ()), *(hidden & model_fields)]


def bilingual_errors(form: forms.ModelForm, publishing: bool) -> None:
    """Add an error to each language field left empty when the other language has text.

    For published content (`publishing`) the fields that must not be empty at all are
    the model's non-blank translated fields (e.g. the title) in both languages.
    """
    if not publishing:
        return
    model = form._meta.model
    data = form.cleaned_data

    def value(name: str):
        # A read-only field (e.g. for a translator) is not in the form: use the stored value.
        if name in data:
            return data[name]
        return getattr(form.instance, name, None)

    for name in translated_fields(model):
        required = not model._meta.get_field(name).blank
        values = {code: value(build_localized_fieldname(name, code)) for code in LANGUAGES}
        for code in LANGUAGES:
            if _filled(values[code]) or not (required or _filled(values[_other(code)])):
                continue
            field = build_localized_fieldname(name, code)
            form.add_error(field if field in form.fields else None, WRITE_IN[code])


class BilingualPublishForm(forms.ModelForm):
    """A ModelForm for ministry-authored content: not published with a language empty.

    Subclasses say when the object is (to be) published in `is_publishing`; by default it
    always is (programme, themes: public as soon as they exist).
    """

    def is_publishing(self) -> bool:
        return True

    def clean(self):
        cleaned = super().clean()
        bilingual_errors(self, self.is_publishing())
        return cleaned
