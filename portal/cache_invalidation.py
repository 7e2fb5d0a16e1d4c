"""Which writes change which public pages: model signals bump content versions.

Anything cached from public content (the page cache in portal/page_cache.py, values cached
with core.content_versions.cached_value) keys on the versions of the topics it shows. This
module is the one place that says which models feed which topic: every save, delete and
many-to-many change of a model in PUBLIC_MODELS bumps its topics once the transaction
commits. Models in PRIVATE_MODELS never appear on a public page, and bumping on them would
only empty the cache for nothing (a newsletter send updates thousands of deliveries).
tests/portal/test_cache_invalidation.py fails when a model of ours is in neither table, so
a new model is classified when it is added.

Writes that bypass signals (QuerySet.update(), bulk_create(), raw SQL) on a public model
must call `bump_models(Model)` themselves; `bump_all()` is for commands that load data in
bulk.
"""

from django.apps import apps
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

from core import content_versions
from core.content_versions import bump

# Model label -> the topics whose pages show it. The topic names are shared with the other
# caches keyed on content versions (sitemap sections, the counts in pledges_tags).
ENTRIES = ("pledges", "initiatives")
PUBLIC_MODELS: dict[str, tuple[str, ...]] = {
    "themes.Theme": ("themes",),
    # The programme page, campaign pages and the participation form's campaign.
    "programmes.Programme": ("programme",),
    "programmes.RelatedProgramme": ("programme",),
    "programmes.Goal": ("programme",),
    "programmes.AnnualTheme": ("programme",),
    "programmes.Publication": ("programme",),
    # In the footer of every page and on news items.
    "programmes.ContactPerson": ("programme", "news"),
    "programmes.Campaign": ("programme", *ENTRIES),
    "news.NewsItem": ("news",),
    # The government's integration measures: their list, pages, feed and sitemap.
    "programmes.GovernmentTerm": ("measures",),
    "programmes.Measure": ("measures",),
    "programmes.MeasureStatusChange": ("measures",),
    # Pledges and initiatives: lists, details, feeds, theme pages, search, counts.
    "pledges.Pledge": ("pledges",),
    "pledges.Initiative": ("initiatives",),
    "pledges.Organisation": ENTRIES,
    # Its consent decides whether the organisation's name is shown.
    "pledges.Submission": ENTRIES,
    "pledges.Partner": ENTRIES,
    "pledges.Award": ENTRIES,
    # Progress reports, their indicators and values: the pledge page, lists, feeds, figures.
    "pledges.Indicator": ("pledges",),
    "pledges.ProgressReport": ("pledges",),
    "pledges.IndicatorValue": ("pledges",),
    "core.Municipality": ENTRIES,
    # A registration or its cancellation changes the free places shown.
    "events.Event": ("events",),
    "events.Registration": ("events",),
    # The archive and the sitemap list sent newsletters.
    "mailings.Newsletter": ("newsletters",),
    # The barometer's pages: the rounds, their questions and results, and the approved
    # open answers (answering bumps too, though only closed rounds' results are shown;
    # bulk writes call bump_models).
    "barometer.Survey": ("barometer",),
    "barometer.Section": ("barometer",),
    "barometer.Question": ("barometer",),
    "barometer.Choice": ("barometer",),
    "barometer.Response": ("barometer",),
    "barometer.Answer": ("barometer",),
    "barometer.AnswerChoice": ("barometer",),
}

# Models of our apps that no public page shows (the page cache must not depend on them).
PRIVATE_MODELS: frozenset[str] = frozenset(
    {
        "portal.AccessibilityFeedback",
        # A message to the initiative's submitter, shown to nobody else.
        "pledges.PartnerInterest",
        # Which report reminders went out: the submitter's mail only.
        "pledges.ReportReminder",
        # Sign-in links to the private workspace.
        "pledges.WorkspaceSignIn",
        "mailings.Delivery",
        "mailings.DeliveryResend",
        "mailings.Subscriber",
        "mailings.Subscription",
        "mailings.ConsentRecord",
        "mailings.Suppression",
        # The archive reads the newsletter itself, never the mailing that sent it.
        "mailings.Mailing",
        # The audit log (and privacy's view of it): staff pages only; the submitter's
        # status page shows the entries' statuses, not their history.
        "audit.AuditEvent",
        "privacy.PersonalDataRequest",
        "assessments.Rubric",
        "assessments.Criterion",
        "assessments.Shortlisting",
        "assessments.ConflictDeclaration",
        "assessments.Score",
        # Derived from the public models above, whose writes already bump their topics.
        "search.SearchEntry",
    }
)


ALL_TOPICS: tuple[str, ...] = tuple(sorted({t for ts in PUBLIC_MODELS.values() for t in ts}))


def topics_of(model: type[Model]) -> tuple[str, ...]:
    return PUBLIC_MODELS.get(model._meta.label, ())


# For writes that send no signal (core.content_versions.bump_models, which asks topics_of).
bump_models = content_versions.bump_models


def bump_all() -> None:
    """Mark all public content changed (after loading data in bulk)."""
    bump(*ALL_TOPICS)


def _on_write(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata: the fixture's rows, no site to keep fresh yet
        return
    bump(*topics_of(sender))


def _on_m2m(sender, instance, action, model, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    # Either side of the relation may be public (pledge.themes.add or theme.pledges.add).
    bump(*topics_of(type(instance)), *topics_of(model))


def connect() -> None:
    """Connect the receivers (PortalConfig.ready); idempotent thanks to dispatch_uid."""
    content_versions.model_topics_set(topics_of)
    for label in PUBLIC_MODELS:
        model = apps.get_model(label)
        uid = f"cache-invalidation:{label}"
        post_save.connect(_on_write, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(_on_write, sender=model, dispatch_uid=uid, weak=False)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _on_m2m,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}:{field.name}",
                weak=False,
            )
