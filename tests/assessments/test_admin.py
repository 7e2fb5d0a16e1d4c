"""The assessment in the admin: the juror scores and does nothing else; curators rank,
select and award, and the award's reasoning shows on the entry's public page."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from assessments import services
from assessments.admin import shortlist_for_assessment
from assessments.models import ConflictDeclaration, Score, Shortlisting
from audit.models import AuditEvent
from pledges import services as pledge_services
from pledges.models import Award, Entry, Pledge
from portal.roles import COMMUNICATIONS, CURATORS, JURY, ROLES, TRANSLATORS
from tests.pledges.factories import AwardFactory, PledgeFactory, SubmissionFactory

pytestmark = pytest.mark.django_db
Stage = Shortlisting.Stage


def score_url(shortlisting):
    return reverse("admin:assessments_shortlisting_score", args=[shortlisting.pk])


def score_data(shortlisting, impact="4", feasibility="2"):
    criteria = list(shortlisting.campaign.rubric.criteria.order_by("position"))
    return {
        "score": "1",
        f"value_{criteria[0].pk}": impact,
        f"comment_{criteria[0].pk}": "Selkeä ja vaikuttava.",
        f"value_{criteria[1].pk}": feasibility,
        f"comment_{criteria[1].pk}": "",
    }


def test_the_jury_group_exists_after_migrations_with_exactly_its_permissions():
    group = Group.objects.get(name=JURY)
    held = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }
    assert held == {
        "assessments.view_shortlisting",
        "assessments.view_rubric",
        "assessments.view_criterion",
        "assessments.add_score",
        "assessments.change_score",
        "assessments.view_score",
        "assessments.add_conflictdeclaration",
        "assessments.change_conflictdeclaration",
        "assessments.view_conflictdeclaration",
    }
    assert held == set(ROLES[JURY])
    curators = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=CURATORS).permissions.select_related("content_type")
    }
    assert {"assessments.add_rubric", "assessments.change_shortlisting"} <= curators
    assert "assessments.add_score" not in curators


def test_the_conflict_question_has_no_default_and_must_be_answered(shortlisting, juror, login):
    client = login(juror)
    page = client.get(score_url(shortlisting), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert 'name="has_conflict"' in page
    assert "checked" not in page  # neither "no" nor "yes" is preselected

    response = client.post(score_url(shortlisting), {"declare": "1"}, HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 400
    assert "Vastaa, oletko esteellinen arvioimaan tätä lupausta tai aloitetta." in (
        response.content.decode()
    )
    assert not ConflictDeclaration.objects.exists()


def test_juror_declares_no_conflict_then_scores(shortlisting, juror, login):
    client = login(juror)
    page = client.get(score_url(shortlisting))
    assert page.status_code == 200
    content = page.content.decode()
    # The entry in both languages; the scores form only after the declaration.
    assert shortlisting.pledge.title_fi in content and "Vi ordnar ett språkcafé" in content
    assert 'name="declare"' in content and 'name="score"' not in content
    assert client.post(score_url(shortlisting), score_data(shortlisting)).status_code == 302
    assert not Score.objects.exists()

    response = client.post(score_url(shortlisting), {"declare": "1", "has_conflict": "no"})
    assert response.status_code == 302
    page = client.get(score_url(shortlisting)).content.decode()
    assert 'name="score"' in page
    with translation.override("fi"):
        criterion = shortlisting.campaign.rubric.criteria.first()
    assert criterion.name_fi in page and criterion.description_fi in page

    response = client.post(score_url(shortlisting), score_data(shortlisting))
    assert response.status_code == 302
    assert sorted(Score.objects.filter(juror=juror).values_list("value", flat=True)) == [2, 4]


def test_juror_with_a_conflict_cannot_score_through_the_page(shortlisting, juror, login):
    client = login(juror)
    client.post(
        score_url(shortlisting),
        {"declare": "1", "has_conflict": "yes", "explanation": "Olen yhdistyksen jäsen."},
    )
    assert ConflictDeclaration.objects.get(juror=juror).has_conflict
    page = client.get(score_url(shortlisting)).content.decode()
    assert 'name="score"' not in page
    response = client.post(score_url(shortlisting), score_data(shortlisting), follow=True)
    assert not Score.objects.exists()
    # The refusal, in Finnish (the page itself says "… joten et voi pisteyttää sitä").
    assert "joten et voi pisteyttää tätä lupausta tai aloitetta" in response.content.decode()


def test_invalid_scores_are_shown_not_stored(shortlisting, juror, login):
    client = login(juror)
    client.post(score_url(shortlisting), {"declare": "1", "has_conflict": "no"})
    response = client.post(score_url(shortlisting), score_data(shortlisting, impact="9"))
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Score.objects.exists()


def test_a_juror_sees_only_their_own_scores(shortlisting, juror, make_user, login):
    other = make_user("other-juror", JURY)
    for person, values in ((other, (1, 1)), (juror, (5, 4))):
        services.conflict_declare(shortlisting=shortlisting, juror=person, has_conflict=False)
        criteria = list(shortlisting.campaign.rubric.criteria.order_by("position"))
        services.score_submit(
            shortlisting=shortlisting,
            juror=person,
            values={criteria[0].pk: (values[0], f"{person} 0"), criteria[1].pk: (values[1], "")},
        )
    client = login(juror)
    listing = client.get(reverse("admin:assessments_score_changelist"))
    assert {s.juror for s in listing.context["cl"].result_list} == {juror}
    others = Score.objects.filter(juror=other).first()
    assert (
        client.get(reverse("admin:assessments_score_change", args=[others.pk])).status_code == 302
    )
    page = client.get(score_url(shortlisting)).content.decode()
    assert "other-juror 0" not in page and "juror 0" in page
    # The ranking (everyone's scores) is for curators.
    ranking = reverse("admin:assessments_shortlisting_ranking", args=[shortlisting.campaign_id])
    assert client.get(ranking).status_code == 403


JUROR_FORBIDDEN = [
    ("admin:pledges_pledge_changelist", None),
    ("admin:pledges_submission_changelist", None),
    ("admin:pledges_pledge_change", "pledge"),
    ("admin:pledges_submission_change", "submission"),
    ("admin:pledges_award_add", None),
    ("admin:assessments_rubric_add", None),
    ("admin:assessments_shortlisting_rankings", None),
    ("admin:news_newsitem_add", None),
    ("admin:auth_user_changelist", None),
]


@pytest.mark.parametrize(("url_name", "arg"), JUROR_FORBIDDEN, ids=[u for u, _a in JUROR_FORBIDDEN])
def test_a_juror_cannot_open_anything_else(shortlisting, juror, login, url_name, arg):
    client = login(juror)
    pledge = shortlisting.pledge
    args = {"pledge": [pledge.pk], "submission": [pledge.submission_id], None: []}[arg]
    response = client.get(reverse(url_name, args=args))
    assert response.status_code == 403
    assert pledge.submission.contact_email not in response.content.decode()


@pytest.mark.parametrize("action", ["publish", "reject", "mark_selected", "give_award"])
def test_a_juror_cannot_run_the_review_actions(juror, login, action):
    pledge = PledgeFactory(status=Entry.Status.IN_REVIEW, published_at=None)
    client = login(juror)
    response = client.post(
        reverse("admin:pledges_pledge_changelist"),
        {"action": action, "_selected_action": [pledge.pk]},
    )
    assert response.status_code == 403
    pledge.refresh_from_db()
    assert pledge.status == Entry.Status.IN_REVIEW and not pledge.selected
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("step", ["select", "award"])
def test_a_juror_cannot_move_entries(shortlisting, juror, login, step):
    client = login(juror)
    url = reverse(f"admin:assessments_shortlisting_{step}", args=[shortlisting.pk])
    assert client.post(url, {"award": AwardFactory().pk}).status_code == 403
    shortlisting.refresh_from_db()
    assert shortlisting.stage == Stage.SHORTLISTED


def test_a_jurors_scoring_page_does_not_show_contact_data(shortlisting, juror, login):
    client = login(juror)
    page = client.get(score_url(shortlisting)).content.decode()
    submission = shortlisting.pledge.submission
    assert submission.contact_email not in page and submission.contact_name not in page
    assert shortlisting.pledge.organisation.name in page


@pytest.mark.parametrize("role", [CURATORS, TRANSLATORS, COMMUNICATIONS])
def test_other_roles_cannot_score(shortlisting, make_user, login, role):
    client = login(make_user("someone", role))
    assert client.get(score_url(shortlisting)).status_code == 403


@pytest.mark.parametrize("bad", ["999999", "abc"])
def test_bad_ids_give_404_not_500(juror, login, bad):
    client = login(juror)
    response = client.get(f"{reverse('admin:assessments_shortlisting_changelist')}{bad}/score/")
    assert response.status_code in (302, 404)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_curator_selects_and_awards_and_the_reasoning_is_public(
    shortlisting, curator, login, client, language
):
    login(curator)
    ranking_url = reverse("admin:assessments_shortlisting_ranking", args=[shortlisting.campaign_id])
    ranking = client.get(ranking_url)
    assert ranking.status_code == 200
    assert shortlisting.pledge.title_fi in ranking.content.decode()
    select = reverse("admin:assessments_shortlisting_select", args=[shortlisting.pk])
    assert client.get(select).status_code == 405
    assert client.post(select).status_code == 302
    shortlisting.refresh_from_db()
    assert shortlisting.stage == Stage.SELECTED

    award_url = reverse("admin:assessments_shortlisting_award", args=[shortlisting.pk])
    data = {"name_fi": "Kumppanuuspalkinto", "name_sv": "Partnerskapspriset", "year": "2026"}
    missing = client.post(award_url, {**data, "reasoning_fi": "Perustelu."})
    assert missing.status_code == 400
    assert "sekä suomeksi että ruotsiksi" in missing.content.decode()
    assert not shortlisting.pledge.awards.exists()
    response = client.post(
        award_url,
        {
            **data,
            "reasoning_fi": "Kielikahvila tavoitti sata uutta asukasta.",
            "reasoning_sv": "Språkcaféet nådde hundra nya invånare.",
        },
    )
    assert response.status_code == 302
    shortlisting.refresh_from_db()
    assert shortlisting.stage == Stage.AWARDED

    client.logout()
    pledge = Pledge.objects.get(pk=shortlisting.pledge_id)
    with translation.override(language):
        page = client.get(pledge.get_absolute_url(), follow=True)
    content = page.content.decode()
    expected = {
        "fi": ("Kumppanuuspalkinto", "Kielikahvila tavoitti sata uutta asukasta."),
        "sv": ("Partnerskapspriset", "Språkcaféet nådde hundra nya invånare."),
    }[language]
    assert page.status_code == 200
    for text in expected:
        assert text in content


def test_curator_award_form_with_an_existing_award_needs_both_reasonings(
    shortlisting, curator, login
):
    client = login(curator)
    services.stage_advance(shortlisting=shortlisting, to_stage=Stage.SELECTED, by=curator)
    award = AwardFactory(reasoning_sv="")
    url = reverse("admin:assessments_shortlisting_award", args=[shortlisting.pk])
    assert client.post(url, {"award": award.pk}).status_code == 400
    response = client.post(url, {"award": award.pk, "reasoning_sv": "Motivering."})
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.reasoning_sv == "Motivering."
    assert list(shortlisting.pledge.awards.all()) == [award]


@pytest.mark.parametrize(
    ("language", "refusal"),
    [
        ("fi", "Peruttua tai hylättyä ei voi palkita."),
        ("sv", "Det som har återkallats eller avslagits kan inte prisbelönas."),
    ],
)
def test_a_refused_award_leaves_no_new_award_behind(
    shortlisting, curator, login, language, refusal
):
    """The submitter withdrew the selected entry: the award form says so and stores nothing,
    not even the award it would have created (one transaction for the whole award)."""
    client = login(curator)
    services.stage_advance(shortlisting=shortlisting, to_stage=Stage.SELECTED, by=curator)
    pledge_services.entry_withdraw(entry=shortlisting.pledge, by=None)
    url = reverse("admin:assessments_shortlisting_award", args=[shortlisting.pk])
    response = client.post(
        url,
        {
            "name_fi": "Kumppanuuspalkinto",
            "name_sv": "Partnerskapspriset",
            "year": "2026",
            "reasoning_fi": "Perustelu.",
            "reasoning_sv": "Motivering.",
        },
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert refusal in response.content.decode()
    assert not Award.objects.exists()
    shortlisting.refresh_from_db()
    assert shortlisting.stage == Stage.SELECTED


def test_curator_sees_the_shortlist_rankings_and_rubrics(shortlisting, curator, login):
    client = login(curator)
    for name in (
        "assessments_shortlisting_changelist",
        "assessments_shortlisting_rankings",
        "assessments_rubric_add",
        "assessments_score_changelist",
    ):
        assert client.get(reverse(f"admin:{name}")).status_code == 200, name
    rubric = shortlisting.campaign.rubric
    assert (
        client.get(reverse("admin:assessments_rubric_change", args=[rubric.pk])).status_code == 200
    )


def test_juror_sees_the_shortlist_with_a_score_link(shortlisting, juror, login):
    client = login(juror)
    page = client.get(reverse("admin:assessments_shortlisting_changelist"))
    assert page.status_code == 200
    assert score_url(shortlisting) in page.content.decode()


def _action_request(user):
    request = RequestFactory().post("/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_the_shortlist_action_adds_published_entries(curator, juror, rubric):
    from django.contrib import admin as django_admin

    modeladmin = django_admin.site._registry[Pledge]
    published = PledgeFactory(submission__campaign=rubric.campaign)
    hidden = PledgeFactory(status=Entry.Status.IN_REVIEW, submission=SubmissionFactory())
    shortlist_for_assessment(
        modeladmin,
        _action_request(curator),
        Pledge.objects.filter(pk__in=[published.pk, hidden.pk]),
    )
    assert list(Shortlisting.objects.values_list("pledge", flat=True)) == [published.pk]
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        shortlist_for_assessment(modeladmin, _action_request(juror), Pledge.objects.all())


def test_the_ranking_page_shows_the_numbers_with_bounded_queries(
    shortlisting, curator, make_user, login, django_assert_max_num_queries
):
    criteria = list(shortlisting.campaign.rubric.criteria.order_by("position"))
    for name, values in (("a", (4, 1)), ("b", (2, 4))):
        person = make_user(name, JURY)
        services.conflict_declare(shortlisting=shortlisting, juror=person, has_conflict=False)
        services.score_submit(
            shortlisting=shortlisting,
            juror=person,
            values={criteria[0].pk: (values[0], ""), criteria[1].pk: (values[1], "")},
        )
    for _n in range(5):
        services.shortlist_add(
            entry=PledgeFactory(submission__campaign=shortlisting.campaign), by=None
        )
    client = login(curator)
    url = reverse("admin:assessments_shortlisting_ranking", args=[shortlisting.campaign_id])
    with translation.override("fi"), django_assert_max_num_queries(15):
        page = client.get(url)
    content = page.content.decode()
    # The worked example of test_services: 2.83 and 0.17, totals 2.67–3.00.
    assert "2.83" in content or "2,83" in content
    assert "0.17" in content or "0,17" in content
    assert "2.67–3.00" in content or "2,67–3,00" in content


@pytest.mark.parametrize("bad", ["999999"])
def test_ranking_of_a_missing_campaign_is_404(curator, login, bad):
    client = login(curator)
    url = reverse("admin:assessments_shortlisting_ranking", args=[int(bad)])
    assert client.get(url).status_code == 404


def test_the_pledges_admin_snippet_offers_the_action_to_curators_only(curator, juror, make_user):
    # What the report asks to add to pledges.admin.EntryAdmin, applied to a subclass.
    from django.contrib import admin as django_admin

    from pledges.admin import PledgeAdmin

    class WithShortlist(PledgeAdmin):
        actions = [*PledgeAdmin.actions, shortlist_for_assessment]

        def has_shortlist_permission(self, request) -> bool:
            return request.user.has_perm("assessments.add_shortlisting")

    modeladmin = WithShortlist(Pledge, django_admin.site)
    translator = make_user("translator", TRANSLATORS)
    offered = {
        user.username: "shortlist_for_assessment" in modeladmin.get_actions(_action_request(user))
        for user in (curator, translator)
    }
    assert offered == {"curator": True, "translator": False}
