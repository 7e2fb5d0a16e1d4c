"""Staff roles: the admin groups and exactly the permissions each one holds.

The groups are created by the data migration portal/0002_roles and re-applied by
`manage.py sync_roles` (run it after a migration that adds models or permissions). A
group's permissions are *set*, not added to: what is not listed here is taken away.

Superuser status is only for technical administrators; editorial staff get a group.
"""

from collections.abc import Iterable

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

from core.roles import COMMUNICATIONS, CURATORS, JURY, PERSONAL_DATA_HANDLERS, TRANSLATORS


def _crud(app_label: str, model: str, *actions: str) -> list[str]:
    return [f"{app_label}.{action}_{model}" for action in actions]


def _review(model: str) -> list[str]:
    # The custom permissions of pledges.models.review_permissions.
    return _crud("pledges", model, "view", "change", "publish", "reject", "review", "select")


# Group name → permissions as "app_label.codename".
ROLES: dict[str, list[str]] = {
    # Review, publish, reject, select and award submissions; edit organisations.
    CURATORS: [
        *_review("pledge"),
        *_review("initiative"),
        "pledges.award_pledge",
        "pledges.award_initiative",
        *_crud("pledges", "submission", "view", "change"),
        # Curators contact submitters about their entries (core.admin_mixins).
        "pledges.view_contact_details",
        *_crud("pledges", "partner", "view", "change"),
        # Merging duplicates deletes the duplicates.
        *_crud("pledges", "organisation", "view", "change", "delete"),
        # The organisation form looks municipalities up (autocomplete); the list is official.
        *_crud("core", "municipality", "view"),
        # The audit log: the entries' and organisations' histories, the merges.
        *_crud("audit", "auditevent", "view"),
        *_crud("pledges", "award", "add", "change", "view"),
        *_crud("pledges", "partnerinterest", "view"),
        *_crud("programmes", "campaign", "view"),
        # The assessment: rubrics, the shortlist, the ranking; jurors' work read-only.
        *_crud("assessments", "rubric", "add", "change", "view", "delete"),
        *_crud("assessments", "criterion", "add", "change", "view", "delete"),
        *_crud("assessments", "shortlisting", "add", "change", "view", "delete"),
        *_crud("assessments", "score", "view"),
        *_crud("assessments", "conflictdeclaration", "view", "delete"),
        # Pledges' progress: review the reports (publish, return with a message) and keep
        # the indicators right (the pledge's inline).
        *_crud("pledges", "progressreport", "view"),
        "pledges.publish_progressreport",
        *_crud("pledges", "indicator", "add", "change", "view", "delete"),
    ],
    # Score shortlisted entries (their own scores and conflict declarations) and nothing
    # else. The scoring page shows the entry's text itself: no access to the pledges
    # admin, whose pages show the submitter's contact person.
    JURY: [
        *_crud("assessments", "shortlisting", "view"),
        *_crud("assessments", "rubric", "view"),
        *_crud("assessments", "criterion", "view"),
        *_crud("assessments", "score", "add", "change", "view"),
        *_crud("assessments", "conflictdeclaration", "add", "change", "view"),
    ],
    # Edit the translated fields only (core.admin_mixins.TranslatorRestrictedMixin makes
    # every other field read-only for a member of this group and takes actions away).
    TRANSLATORS: [
        *_crud("pledges", "pledge", "view", "change"),
        *_crud("pledges", "initiative", "view", "change"),
        *_crud("pledges", "award", "view", "change"),
        *_crud("news", "newsitem", "view", "change"),
        *_crud("programmes", "programme", "view", "change"),
        *_crud("programmes", "relatedprogramme", "view", "change"),
        *_crud("programmes", "annualtheme", "view", "change"),
        *_crud("programmes", "publication", "view", "change"),
        *_crud("programmes", "contactperson", "view", "change"),
        *_crud("programmes", "campaign", "view", "change"),
        *_crud("events", "event", "view", "change"),
        *_crud("themes", "theme", "view", "change"),
        # The barometer's texts: the rounds, their sections, questions and choices (sections
        # and choices have pages of their own for them, barometer.admin); no responses.
        *_crud("barometer", "survey", "view", "change"),
        *_crud("barometer", "section", "view", "change"),
        *_crud("barometer", "question", "view", "change"),
        *_crud("barometer", "choice", "view", "change"),
        # The government's integration measures: terms, measures, their status changes.
        *_crud("programmes", "governmentterm", "view", "change"),
        *_crud("programmes", "measure", "view", "change"),
        *_crud("programmes", "measurestatuschange", "view", "change"),
    ],
    # News, events (with their registrations) and newsletters.
    COMMUNICATIONS: [
        *_crud("news", "newsitem", "add", "change", "view", "delete"),
        *_crud("events", "event", "add", "change", "view", "delete"),
        *_crud("events", "registration", "view", "change"),
        *_crud("mailings", "newsletter", "add", "change", "view", "delete"),
        *_crud("mailings", "mailing", "view"),
        # The outbox: see what failed and send it again (recorded, mailings.DeliveryResend).
        *_crud("mailings", "delivery", "view"),
        "mailings.resend_delivery",
        *_crud("mailings", "subscriber", "view"),
        *_crud("mailings", "suppression", "add", "view"),
        *_crud("programmes", "contactperson", "change", "view"),
        # Accessibility feedback: read it and record the reply (the law gives 14 days);
        # the group is mailed when feedback arrives (portal.services).
        *_crud("portal", "accessibilityfeedback", "view", "change"),
        # The partnership barometer: build the rounds, read the responses, moderate the
        # open answers (barometer.admin; answers are changed only by moderation).
        *_crud("barometer", "survey", "add", "change", "view", "delete"),
        *_crud("barometer", "section", "add", "change", "view", "delete"),
        *_crud("barometer", "question", "add", "change", "view", "delete"),
        *_crud("barometer", "choice", "add", "change", "view", "delete"),
        *_crud("barometer", "response", "view"),
        *_crud("barometer", "answer", "view", "change"),
        # The government's integration measures by government term (programmes.admin).
        *_crud("programmes", "governmentterm", "add", "change", "view", "delete"),
        *_crud("programmes", "measure", "add", "change", "view", "delete"),
        *_crud("programmes", "measurestatuschange", "add", "change", "view", "delete"),
    ],
    # Answer data subjects: export or erase everything held about an address (logged).
    PERSONAL_DATA_HANDLERS: [
        "privacy.handle_personal_data",
        "pledges.view_contact_details",
        # The audit log (the requests themselves are shown by privacy.handle_personal_data).
        *_crud("audit", "auditevent", "view"),
    ],
}


def _state_app_labels(apps) -> set[str]:
    return {config.label for config in apps.get_app_configs() if list(config.get_models())}


def _permissions(apps, names: Iterable[str], using: str) -> list:
    permission_model = apps.get_model("auth", "Permission")
    found = []
    for name in names:
        app_label, codename = name.split(".", 1)
        if apps is not global_apps and app_label not in _state_app_labels(apps):
            # A data migration that runs before this app's first migration (portal/0002
            # before assessments/0001): a later migration (portal/0003) syncs again.
            continue
        permission = (
            permission_model.objects.using(using)
            .filter(content_type__app_label=app_label, codename=codename)
            .first()
        )
        if permission is None and apps is not global_apps:
            # A permission added by a later migration of this app (pledges/0004 adds
            # view_contact_details after portal/0002 ran): the migration that adds it is
            # followed by one that syncs the roles again (portal/0004).
            continue
        if permission is None:
            # A typo here, or a model that was renamed: fail loudly rather than give a
            # role less than it needs without anyone noticing.
            raise LookupError(f"permission {name} does not exist (run migrate first)")
        found.append(permission)
    return found


def roles_sync(*, apps=global_apps, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Create the role groups and set exactly their permissions (idempotent).

    Side effects: a Group per role (created if missing) whose permissions are replaced by
    those in ROLES. Other groups and users' own permissions are left alone. Returns the
    number of permissions per group. Works with migration state `apps` too.
    """
    group_model = apps.get_model("auth", "Group")
    counts = {}
    for name, permission_names in ROLES.items():
        group, _created = group_model.objects.using(using).get_or_create(name=name)
        permissions = _permissions(apps, permission_names, using)
        group.permissions.set(permissions)
        counts[name] = len(permissions)
    return counts
