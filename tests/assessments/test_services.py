"""Assessment services and the ranking: conflicts, scores, stages, weighted averages."""

import pytest
from django.utils import translation

from assessments import selectors, services
from assessments.models import ConflictDeclaration, Score, Shortlisting
from audit.selectors import audit_history
from pledges.models import Entry
from tests.pledges.factories import AwardFactory, InitiativeFactory, PledgeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    # The refusals are matched on their English msgids.
    with translation.override("en"):
        yield


Stage = Shortlisting.Stage


def score(shortlisting, juror, impact, feasibility):
    rubric = shortlisting.campaign.rubric
    criteria = list(rubric.criteria.order_by("position"))
    services.conflict_declare(shortlisting=shortlisting, juror=juror, has_conflict=False)
    return services.score_submit(
        shortlisting=shortlisting,
        juror=juror,
        values={criteria[0].pk: (impact, "Hyvä."), criteria[1].pk: (feasibility, "")},
    )


def test_weighted_average_and_spread_on_a_worked_example(
    shortlisting, make_user, django_assert_max_num_queries
):
    # Impact weighs 2, feasibility 1. Juror A: 4 and 1 → (8 + 1) / 3 = 3.00.
    # Juror B: 2 and 4 → (4 + 4) / 3 = 2.67. Means per criterion: 3 and 2.5, so the
    # weighted average is (2 × 3 + 1 × 2.5) / 3 = 2.83; the spread (population standard
    # deviation of 3.00 and 2.67) is 0.17.
    score(shortlisting, make_user("a"), 4, 1)
    score(shortlisting, make_user("b"), 2, 4)
    services.conflict_declare(
        shortlisting=shortlisting, juror=make_user("c"), has_conflict=True, explanation="Jäsen."
    )
    other = services.shortlist_add(
        entry=PledgeFactory(submission__campaign=shortlisting.campaign), by=None
    )[0]
    score(other, make_user("d"), 5, 5)
    unscored = services.shortlist_add(
        entry=InitiativeFactory(submission__campaign=shortlisting.campaign), by=None
    )[0]

    with django_assert_max_num_queries(3):
        rows = selectors.ranking(shortlisting.campaign)
    assert [row.shortlisting for row in rows] == [other, shortlisting, unscored]
    row = rows[1]
    assert row.weighted_average == pytest.approx(17 / 6)
    assert row.spread == pytest.approx(1 / 6)
    assert (row.lowest, row.highest) == (pytest.approx(8 / 3), pytest.approx(3.0))
    assert (row.jurors, row.conflicts) == (2, 1)
    assert rows[0].weighted_average == pytest.approx(5.0) and rows[0].spread == 0
    assert rows[2].weighted_average is None and rows[2].jurors == 0


def test_a_juror_must_declare_before_scoring(shortlisting, juror):
    criterion = shortlisting.campaign.rubric.criteria.first()
    with pytest.raises(services.AssessmentRefused, match="Declare first"):
        services.score_submit(
            shortlisting=shortlisting, juror=juror, values={criterion.pk: (3, "")}
        )
    assert not Score.objects.exists()


def test_a_juror_with_a_conflict_cannot_score(shortlisting, juror):
    services.conflict_declare(shortlisting=shortlisting, juror=juror, has_conflict=True)
    criteria = shortlisting.campaign.rubric.criteria.all()
    with pytest.raises(services.AssessmentRefused, match="conflict of interest"):
        services.score_submit(
            shortlisting=shortlisting, juror=juror, values={c.pk: (3, "") for c in criteria}
        )
    assert not Score.objects.exists()
    # Nor can the juror take the declaration back.
    with pytest.raises(services.AssessmentRefused):
        services.conflict_declare(shortlisting=shortlisting, juror=juror, has_conflict=False)
    assert ConflictDeclaration.objects.get().has_conflict


def test_declaring_a_conflict_after_scoring_removes_the_scores(shortlisting, juror):
    score(shortlisting, juror, 3, 3)
    assert Score.objects.count() == 2
    services.conflict_declare(shortlisting=shortlisting, juror=juror, has_conflict=True)
    assert not Score.objects.exists()


@pytest.mark.parametrize("bad", [{}, "missing", 6, -1])
def test_scores_must_cover_every_criterion_within_range(shortlisting, juror, bad):
    services.conflict_declare(shortlisting=shortlisting, juror=juror, has_conflict=False)
    criteria = list(shortlisting.campaign.rubric.criteria.all())
    if bad == {}:
        values = {}
    elif bad == "missing":
        values = {criteria[0].pk: (3, "")}
    else:
        values = {c.pk: (bad, "") for c in criteria}
    with pytest.raises(services.AssessmentRefused):
        services.score_submit(shortlisting=shortlisting, juror=juror, values=values)
    assert not Score.objects.exists()


def test_rescoring_updates_the_jurors_own_scores(shortlisting, juror):
    score(shortlisting, juror, 3, 3)
    score(shortlisting, juror, 5, 1)
    assert sorted(Score.objects.values_list("value", flat=True)) == [1, 5]


def test_only_published_entries_are_shortlisted_once(rubric):
    pledge = PledgeFactory(submission__campaign=rubric.campaign)
    first, created = services.shortlist_add(entry=pledge, by=None)
    again, created_again = services.shortlist_add(entry=pledge, by=None)
    assert (created, created_again, first) == (True, False, again)
    assert [(e.action, e.after) for e in audit_history(pledge)] == [
        ("shortlisted", {"stage": "shortlisted"})
    ]
    with pytest.raises(services.AssessmentRefused):
        services.shortlist_add(entry=PledgeFactory(status=Entry.Status.IN_REVIEW), by=None)


def test_stages_move_one_step_and_the_award_needs_bilingual_reasoning(shortlisting, curator):
    with pytest.raises(services.AssessmentRefused):
        services.stage_advance(
            shortlisting=shortlisting, to_stage=Stage.AWARDED, by=curator, award=AwardFactory()
        )
    services.stage_advance(shortlisting=shortlisting, to_stage=Stage.SELECTED, by=curator)
    pledge = shortlisting.pledge
    pledge.refresh_from_db()
    assert pledge.selected
    unreasoned = AwardFactory(reasoning_sv="")
    with pytest.raises(services.AssessmentRefused, match="Finnish and Swedish"):
        services.stage_advance(
            shortlisting=shortlisting, to_stage=Stage.AWARDED, by=curator, award=unreasoned
        )
    assert not pledge.awards.exists()
    award = AwardFactory()
    services.stage_advance(
        shortlisting=shortlisting, to_stage=Stage.AWARDED, by=curator, award=award
    )
    shortlisting.refresh_from_db()
    assert shortlisting.stage == Stage.AWARDED
    assert list(pledge.awards.all()) == [award]
    assert [(e.action, e.before, e.after, e.actor) for e in audit_history(pledge)] == [
        ("shortlisted", {}, {"stage": "shortlisted"}, curator),
        ("selected", {"selected": False}, {"selected": True}, curator),
        ("stage_advanced", {"stage": "shortlisted"}, {"stage": "selected"}, curator),
        ("awarded", {}, {"award": f"{award.name_fi} {award.year}", "award_id": award.pk}, curator),
        ("stage_advanced", {"stage": "selected"}, {"stage": "awarded"}, curator),
    ]


def test_scoring_closes_once_the_entry_is_selected(shortlisting, juror, curator):
    services.stage_advance(shortlisting=shortlisting, to_stage=Stage.SELECTED, by=curator)
    with pytest.raises(services.AssessmentRefused, match="closed"):
        services.conflict_declare(shortlisting=shortlisting, juror=juror, has_conflict=False)


def test_award_prepare_creates_an_award_with_both_reasonings(rubric):
    award = services.award_prepare(
        award=None,
        name_fi="Kumppanuuspalkinto",
        name_sv="Partnerskapspriset",
        year=2026,
        campaign=rubric.campaign,
        reasoning_fi="Perustelu.",
        reasoning_sv="Motivering.",
    )
    award.refresh_from_db()
    assert (award.reasoning_fi, award.reasoning_sv) == ("Perustelu.", "Motivering.")


def test_demo_seed_is_idempotent():
    from assessments import demo
    from assessments.models import Criterion, Rubric
    from pledges import demo as pledges_demo

    pledges_demo.seed()
    demo.seed()
    demo.seed()
    rubric = Rubric.objects.get(campaign__hashtag=demo.HASHTAG)
    assert rubric.name_sv and Criterion.objects.filter(rubric=rubric).count() == 3
    assert all(c.name_fi and c.name_sv for c in Criterion.objects.all())
    assert Shortlisting.objects.count() == 2
