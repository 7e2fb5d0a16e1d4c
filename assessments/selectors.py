"""Reads of the assessment: the ranking of a campaign's shortlist, a juror's own work."""

import statistics
from dataclasses import dataclass

from django.db.models import Avg, Count, F, Q, QuerySet, Sum

from assessments.models import ConflictDeclaration, Criterion, Score, Shortlisting


@dataclass
class RankingRow:
    shortlisting: Shortlisting
    weighted_average: float | None  # sum(weight × mean per criterion) / sum(weights)
    spread: float | None  # population standard deviation of the jurors' weighted totals
    lowest: float | None  # the lowest and highest juror's weighted total
    highest: float | None
    jurors: int  # jurors who scored
    conflicts: int  # jurors who declared a conflict of interest


def shortlist(campaign) -> QuerySet[Shortlisting]:
    return Shortlisting.objects.filter(campaign=campaign).select_related(
        "pledge__organisation", "initiative__organisation", "campaign"
    )


def ranking(campaign) -> list[RankingRow]:
    """The campaign's shortlisted entries, best weighted average first (unscored last).

    Three queries: the shortlist with its conflict counts, the mean per (entry, criterion)
    and the weighted total per (entry, juror), both aggregated in the database.
    """
    entries = list(
        shortlist(campaign).annotate(
            conflict_count=Count(
                "conflict_declarations",
                filter=Q(conflict_declarations__has_conflict=True),
            )
        )
    )
    scores = Score.objects.filter(shortlisting__campaign=campaign)
    per_criterion = scores.values("shortlisting_id", "criterion_id").annotate(
        mean=Avg("value"), weight=F("criterion__weight")
    )
    weighted_sum: dict[int, float] = {}
    weights: dict[int, float] = {}
    for row in per_criterion:
        key = row["shortlisting_id"]
        weighted_sum[key] = weighted_sum.get(key, 0.0) + float(row["weight"]) * float(row["mean"])
        weights[key] = weights.get(key, 0.0) + float(row["weight"])
    per_juror = scores.values("shortlisting_id", "juror_id").annotate(
        total=Sum(F("value") * F("criterion__weight")), weight=Sum("criterion__weight")
    )
    totals: dict[int, list[float]] = {}
    for row in per_juror:
        totals.setdefault(row["shortlisting_id"], []).append(
            float(row["total"]) / float(row["weight"])
        )
    rows = []
    for item in entries:
        juror_totals = totals.get(item.pk, [])
        rows.append(
            RankingRow(
                shortlisting=item,
                weighted_average=(
                    weighted_sum[item.pk] / weights[item.pk] if weights.get(item.pk) else None
                ),
                spread=statistics.pstdev(juror_totals) if juror_totals else None,
                lowest=min(juror_totals) if juror_totals else None,
                highest=max(juror_totals) if juror_totals else None,
                jurors=len(juror_totals),
                conflicts=item.conflict_count,
            )
        )
    rows.sort(key=lambda r: (r.weighted_average is None, -(r.weighted_average or 0)))
    return rows


def criteria_of(shortlisting: Shortlisting) -> list[Criterion]:
    return list(Criterion.objects.filter(rubric__campaign_id=shortlisting.campaign_id))


def declaration_of(shortlisting: Shortlisting, juror) -> ConflictDeclaration | None:
    return ConflictDeclaration.objects.filter(shortlisting=shortlisting, juror=juror).first()


def scores_of(shortlisting: Shortlisting, juror) -> dict[int, Score]:
    """The juror's own scores of the entry, by criterion id (nobody else's)."""
    return {
        score.criterion_id: score
        for score in Score.objects.filter(shortlisting=shortlisting, juror=juror)
    }


def shortlist_all() -> QuerySet[Shortlisting]:
    return Shortlisting.objects.select_related(
        "pledge__organisation", "initiative__organisation", "campaign"
    )
