"""Every URL of the admin site, requested as every role: 200 only with the permission.

The URLs are enumerated from `admin.site.get_urls()` (recursively, so each ModelAdmin's
own views and the site's custom views are included) and built with a real object where
they take an id. The expectation for Django's standard views (list, add, change, history,
delete, app index, autocomplete) is derived from the ModelAdmin's declared permissions;
the custom views have an explicit table below. A view the table does not know fails the
test: a new admin view must say who may open it. No role ever gets a 500, and an
anonymous visitor is sent to the login page.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, reverse
from django_otp.plugins.otp_static.models import StaticDevice

from assessments import services as assessment_services
from audit.models import AuditEvent
from audit.services import audit_record
from mailings.models import Delivery, Mailing
from mailings.services import suppression_add
from news.models import NewsItem
from pledges.models import PartnerInterest, ProgressReport
from portal.models import AccessibilityFeedback
from portal.roles import COMMUNICATIONS, CURATORS, JURY, PERSONAL_DATA_HANDLERS, TRANSLATORS
from programmes.models import Measure, RelatedProgramme
from programmes.services import measure_status_change
from tests.assessments.factories import CriterionFactory, RubricFactory
from tests.barometer.test_models import answered, question_make, survey_make
from tests.conftest import totp_device, verified_login
from tests.events.factories import EventFactory, RegistrationFactory
from tests.mailings.factories import NewsletterFactory, SubscriberFactory
from tests.pledges.factories import (
    AwardFactory,
    InitiativeFactory,
    OrganisationFactory,
    PartnerFactory,
    PledgeFactory,
)
from tests.programmes.factories import (
    AnnualThemeFactory,
    ContactPersonFactory,
    GoalFactory,
    MeasureFactory,
    PublicationFactory,
)

pytestmark = pytest.mark.django_db

PLAIN = "staff without a role"
SUPERUSER = "superuser"
ANONYMOUS = "anonymous"
ROLES = [CURATORS, TRANSLATORS, COMMUNICATIONS, JURY, PERSONAL_DATA_HANDLERS, PLAIN, SUPERUSER]


def only(*roles: str) -> dict[str, int]:
    """200 for these roles, 403 for every other staff member."""
    return {role: 200 if role in roles else 403 for role in ROLES}


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


# The custom views: who may open them, and what the others get. (GET unless a method is
# given; "select" changes the stage, so it answers only POST.)
CUSTOM_VIEWS: dict[tuple[str, str], dict[str, int]] = {
    ("translation_parity", "GET"): everyone(200),  # lists only what the user may open
    ("privacy_personal_data", "GET"): only(PERSONAL_DATA_HANDLERS, SUPERUSER),
    ("mailings_newsletter_preview", "GET"): only(COMMUNICATIONS, SUPERUSER),
    ("assessments_shortlisting_score", "GET"): only(JURY, SUPERUSER),
    ("assessments_shortlisting_rankings", "GET"): only(CURATORS, SUPERUSER),
    ("assessments_shortlisting_ranking", "GET"): only(CURATORS, SUPERUSER),
    ("assessments_shortlisting_award", "GET"): only(CURATORS, SUPERUSER),
    ("assessments_shortlisting_select", "GET"): everyone(405),
    ("assessments_shortlisting_select", "POST"): {
        **only(CURATORS, SUPERUSER),
        CURATORS: 302,
        SUPERUSER: 302,
    },
    # Setting someone's password: for those who may change users.
    ("auth_user_password_change", "GET"): only(SUPERUSER),
    # django-otp's own views: the device's secret, for those who may change devices.
    ("otp_totp_totpdevice_config", "GET"): only(SUPERUSER),
    ("otp_totp_totpdevice_qrcode", "GET"): only(SUPERUSER),
    # Django's site views.
    ("index", "GET"): everyone(200),
    ("login", "GET"): everyone(302),  # already logged in: on to the index
    ("logout", "GET"): everyone(405),  # logging out is a POST
    ("password_change", "GET"): everyone(200),
    ("password_change_done", "GET"): everyone(200),
    ("jsi18n", "GET"): everyone(200),
    ("view_on_site", "GET"): everyone(302),  # to the public page
    ("<object_id>/", "GET"): everyone(302),  # Django's old change URL, redirects
    ("catch_all", "GET"): everyone(404),
}


# ---------------------------------------------------------------------------------------
# Content: one object of every registered model
# ---------------------------------------------------------------------------------------


@pytest.fixture
def users(django_user_model) -> dict[str, object]:
    """A verified-capable account per role (the TOTP device is made here)."""
    made = {}
    for role in ROLES:
        username = role.replace(" ", "-").lower()
        if role == SUPERUSER:
            user = django_user_model.objects.create_superuser(
                username, f"{username}@tem.example.fi", "x"
            )
        else:
            user = django_user_model.objects.create_user(
                username=username, password="x", email=f"{username}@tem.example.fi", is_staff=True
            )
            if role != PLAIN:
                user.groups.add(Group.objects.get(name=role))
        totp_device(user)
        made[role] = user
    return made


@pytest.fixture
def content(users) -> dict[str, object]:
    """An object of every model registered in the admin (the groups and users exist)."""
    goal = GoalFactory()
    AnnualThemeFactory(programme=goal.programme)
    PublicationFactory(programme=goal.programme)
    ContactPersonFactory(programme=goal.programme)
    RelatedProgramme.objects.create(name_fi="Valtion kotouttamisohjelma", name_sv="Statens")
    NewsItem.objects.create(title_fi="Uutinen", title_sv="Nyhet")
    # A government term and an integration measure with a status change (the inline).
    measure_status_change(
        measure=MeasureFactory(), status=Measure.Status.IN_FORCE, on=date(2016, 9, 8)
    )

    rubric = RubricFactory()
    CriterionFactory(rubric=rubric, position=1, weight=Decimal("1"))
    pledge = PledgeFactory(campaign=rubric.campaign, submission__campaign=rubric.campaign)
    PartnerFactory(submission=pledge.submission, organisation=OrganisationFactory())
    initiative = InitiativeFactory()
    AwardFactory()
    PartnerInterest.objects.create(
        initiative=initiative,
        organisation_name="Liikuntaseura ry",
        contact_name="Kalle Kumppani",
        email="kalle@example.fi",
        message="Haluamme mukaan.",
    )
    ProgressReport.objects.create(
        pledge=pledge, period=1, period_end=date(2026, 4, 1), status="on_track", language="fi"
    )
    shortlisting, _created = assessment_services.shortlist_add(entry=pledge, by=users[CURATORS])
    # The Jury member's own declaration and scores (a juror sees only their own rows).
    juror = users[JURY]
    assessment_services.conflict_declare(shortlisting=shortlisting, juror=juror, has_conflict=False)
    criterion = rubric.criteria.get()
    assessment_services.score_submit(
        shortlisting=shortlisting, juror=juror, values={criterion.pk: (3, "")}
    )

    # A barometer round with an open answer (the moderation list shows open answers only).
    open_question = question_make(survey_make(), kind="text")
    answered(open_question, text="Hyvää yhteistyötä.")
    # A question with choices (the choices have a translators' admin of their own).
    question_make(open_question.section.survey, position=2)

    RegistrationFactory(event=EventFactory())
    newsletter = NewsletterFactory()
    SubscriberFactory()
    suppression_add(address="estetty@example.fi", reason="manual")
    Mailing.objects.create(kind=Mailing.Kind.NEWSLETTER)
    Delivery.objects.create(to_email="vastaanottaja@example.fi", language="fi", template="x")
    AccessibilityFeedback.objects.create(language="fi", message="Kontrasti")
    # The audit log (shortlist_add above wrote one) and privacy's requests in it.
    audit_record(action=AuditEvent.Action.PERSONAL_DATA_VIEWED, object_repr="a@example.fi")
    StaticDevice.objects.create(user=users[SUPERUSER], name="backup")
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    axes_fields = {"user_agent": "test", "http_accept": "*/*", "path_info": "/admin/login/"}
    AccessAttempt.objects.create(
        **axes_fields, get_data="", post_data="", failures_since_start=1, username="x"
    )
    AccessLog.objects.create(**axes_fields, username="x")
    AccessFailureLog.objects.create(**axes_fields, username="x")
    return {
        "pledge": pledge,
        "shortlisting": shortlisting,
        "newsletter": newsletter,
        "user": users[PLAIN],
    }


# ---------------------------------------------------------------------------------------
# The URLs
# ---------------------------------------------------------------------------------------


def walk(patterns, prefix=""):
    """(route, name, model admin or None) for every URL pattern, nested ones included."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            assert isinstance(pattern, URLPattern)
            yield prefix + str(pattern.pattern), pattern.name


STANDARD = ("changelist", "add", "history", "delete", "change")


def standard_view(name: str | None):
    """(model, model admin, view) for Django's per-model URL names."""
    if not name:
        return None
    for model, model_admin in admin.site._registry.items():
        base = f"{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(base) and name.removeprefix(base) in STANDARD:
            return model, model_admin, name.removeprefix(base)
    return None


def autocomplete_queries() -> list[tuple[dict[str, str], type]]:
    """The query of every autocomplete field of every admin and inline, with the model the
    field points to (whose admin decides who may search it)."""
    queries = []
    for model, model_admin in admin.site._registry.items():
        owners = [(model, model_admin)]
        owners += [(inline.model, inline(model, admin.site)) for inline in model_admin.inlines]
        for owner_model, owner in owners:
            for field_name in owner.autocomplete_fields:
                query = {
                    "app_label": model._meta.app_label,
                    "model_name": model._meta.model_name,
                    "field_name": field_name,
                }
                if owner_model is not model:
                    # An inline's field: Django looks it up on the inline's model.
                    query["model_name"] = owner_model._meta.model_name
                    query["app_label"] = owner_model._meta.app_label
                remote = owner_model._meta.get_field(field_name).remote_field.model
                queries.append((query, remote))
    return queries


def requests_for(content) -> list[dict]:
    """Every admin URL, with its method, the object it is about and the view's key."""
    pledge, shortlisting = content["pledge"], content["shortlisting"]
    ids = {
        "assessments_shortlisting_score": [shortlisting.pk],
        "assessments_shortlisting_select": [shortlisting.pk],
        "assessments_shortlisting_award": [shortlisting.pk],
        "assessments_shortlisting_ranking": [shortlisting.campaign_id],
        "mailings_newsletter_preview": [content["newsletter"].pk],
        "auth_user_password_change": [content["user"].pk],
    }
    out = []
    seen_routes = set()
    for route, name in walk(admin.site.get_urls()):
        seen_routes.add(route)
        standard = standard_view(name)
        if standard:
            model, model_admin, view = standard
            obj = model._default_manager.order_by("pk").first()
            assert obj is not None, f"no {model._meta.label} object: add one to `content`"
            args = [] if view in ("changelist", "add") else [obj.pk]
            out.append(
                {
                    "key": ("standard", view),
                    "url": reverse(f"admin:{name}", args=args),
                    "model_admin": model_admin,
                    "obj": obj,
                }
            )
        elif route.endswith("<path:object_id>/") and name is None:
            out.append(
                {
                    "key": ("<object_id>/", "GET"),
                    "url": f"/admin/pledges/pledge/{pledge.pk}/",
                }
            )
        elif name == "app_list":
            for app_label in {m._meta.app_label for m in admin.site._registry}:
                out.append(
                    {
                        "key": ("standard", "app_list"),
                        "url": reverse("admin:app_list", args=[app_label]),
                        "app_label": app_label,
                    }
                )
        elif name == "autocomplete":
            for query, remote in autocomplete_queries():
                out.append(
                    {
                        "key": ("standard", "autocomplete"),
                        "url": reverse("admin:autocomplete"),
                        "query": query,
                        "remote": remote,
                    }
                )
        elif name is None:
            out.append({"key": ("catch_all", "GET"), "url": "/admin/ei-ole-olemassa/"})
        elif name == "view_on_site":
            content_type = ContentType.objects.get_for_model(pledge)
            out.append(
                {
                    "key": ("view_on_site", "GET"),
                    "url": reverse("admin:view_on_site", args=[content_type.pk, pledge.pk]),
                }
            )
        elif name.startswith("otp_totp_totpdevice_"):
            from django_otp.plugins.otp_totp.models import TOTPDevice

            device = TOTPDevice.objects.order_by("pk").first()
            out.append({"key": (name, "GET"), "url": reverse(f"admin:{name}", args=[device.pk])})
        else:
            methods = [method for (view, method) in CUSTOM_VIEWS if view == name]
            assert methods, f"admin view {name!r} ({route}) has no expectation in CUSTOM_VIEWS"
            for method in methods:
                out.append(
                    {
                        "key": (name, method),
                        "url": reverse(f"admin:{name}", args=ids.get(name, [])),
                        "method": method,
                    }
                )
    # The walk found the views this test is about (the enumeration itself works).
    for expected in ("translations/", "assessments/shortlisting/<int:pk>/score/"):
        assert expected in seen_routes
    return out


def expected_status(item: dict, role: str, user) -> int:
    """What the role should get, from the view's declared permission or the table."""
    kind, view = item["key"]
    if kind != "standard":
        return CUSTOM_VIEWS[item["key"]][role]
    request = RequestFactory().get(item["url"])
    request.user = user
    if view == "app_list":
        return 200 if admin.site._build_app_dict(request, item["app_label"]) else 404
    if view == "autocomplete":
        remote = admin.site._registry[item["remote"]]
        return 200 if remote.has_view_permission(request) else 403
    model_admin, obj = item["model_admin"], item["obj"]
    visible = model_admin.get_queryset(request).filter(pk=obj.pk).exists()
    if view == "changelist":
        return 200 if model_admin.has_view_or_change_permission(request) else 403
    if view == "add":
        return 200 if model_admin.has_add_permission(request) else 403
    if view == "history":
        if not visible:
            return 302
        return 200 if model_admin.has_view_or_change_permission(request, obj) else 403
    allowed = (
        model_admin.has_delete_permission(request, obj)
        if view == "delete"
        else model_admin.has_view_or_change_permission(request, obj)
    )
    if not allowed:
        return 403
    return 200 if visible else 302


def fetch(client, item: dict):
    if item.get("method") == "POST":
        return client.post(item["url"])
    return client.get(item["url"], item.get("query"))


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_view_answers_each_role_by_its_permission(client, users, content, role):
    user = users[role]
    verified_login(client, user)
    items = requests_for(content)
    assert len(items) > 150
    wrong = []
    for item in items:
        expected = expected_status(item, role, user)
        response = fetch(client, item)
        if response.status_code != expected or response.status_code >= 500:
            wrong.append(
                f"{item['url']} {item.get('query', '')}: {response.status_code} != {expected}"
            )
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def test_some_expectations_hold_as_the_roles_are_meant(users, content):
    """The derived expectations themselves say what portal/roles.py means (no tautology)."""
    items = {item["url"]: item for item in requests_for(content)}

    def status(url: str, role: str) -> int:
        return expected_status(items[url], role, users[role])

    submissions = reverse("admin:pledges_submission_changelist")
    assert [status(submissions, r) for r in ROLES] == [200, 403, 403, 403, 403, 403, 200]
    pledges = reverse("admin:pledges_pledge_changelist")
    assert status(pledges, TRANSLATORS) == 200 and status(pledges, JURY) == 403
    feedback = reverse("admin:portal_accessibilityfeedback_changelist")
    assert status(feedback, COMMUNICATIONS) == 200 and status(feedback, CURATORS) == 403
    users_list = reverse("admin:auth_user_changelist")
    assert [status(users_list, r) for r in ROLES if r != SUPERUSER] == [403] * 6


def test_anonymous_visitors_are_sent_to_the_login_page(client, content):
    for item in requests_for(content):
        response = fetch(client, item)
        url = item["url"]
        if url == reverse("admin:login"):
            assert response.status_code == 200
        elif url == reverse("admin:logout"):
            assert response.status_code == 302  # to the index, which asks to log in
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("admin:login")), url


def test_the_newsletter_preview_is_only_for_those_who_may_see_newsletters(client, users, content):
    """The draft preview checked no permission (issue 9, item 6): a juror read drafts."""
    url = reverse("admin:mailings_newsletter_preview", args=[content["newsletter"].pk])
    verified_login(client, users[JURY])
    response = client.get(url)
    assert response.status_code == 403
    assert content["newsletter"].subject_fi not in response.content.decode()
    verified_login(client, users[COMMUNICATIONS])
    assert content["newsletter"].subject_fi in client.get(url).content.decode()


def test_unverified_staff_are_sent_to_the_login_page(client, users, content):
    client.force_login(users[CURATORS])  # password only, no second factor
    response = client.get(reverse("admin:pledges_pledge_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
