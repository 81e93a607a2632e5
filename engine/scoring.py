"""Scores: criterion (weighted by the best status), dimension subtotals, total, grade."""
from __future__ import annotations

from collections import defaultdict

from .models import STATUS_RANK, CriterionResult, DimensionResult, Evidence, RegionInfo, Scorecard
from .rulebook import VETO, Rulebook


def best_status(evidence: list[Evidence]) -> str:
    return max((e.status for e in evidence), key=STATUS_RANK.__getitem__, default="absent")


def _worth(rulebook: Rulebook, status: str, evidence: list[Evidence]) -> float:
    """The share of a criterion's weight its best evidence earns: the status weight, plus the
    rulebook's bonus when implemented evidence carries a figure of its result that meets its
    target, if the rulebook sets one (a pass rate under the 纲要's 98% earns no bonus)."""
    worth = getattr(rulebook.spec.status_weights, status, 0.0)  # absent is no field: 0
    figures = [f for e in evidence if e.status == status for f in e.figures]
    if status == "implemented" and any(f.target is None or f.meets_target for f in figures):
        worth += rulebook.spec.quantified_bonus
    return min(worth, 1.0)


def score_region(rulebook: Rulebook, region: RegionInfo, evidence: dict[str, list[Evidence]],
                 documents: list[str], failed: dict[str, str] | None = None,
                 totals: dict[str, int] | None = None) -> Scorecard:
    """A region's scorecard from its evidence by criterion id (and the veto's, under its id)."""
    criteria: list[CriterionResult] = []
    by_dimension: dict[str, float] = defaultdict(float)
    for criterion in rulebook.criteria:
        items = sorted(evidence.get(criterion.id, []), key=lambda e: (e.document, e.start, e.status))
        status = best_status(items)
        score = round(criterion.weight * _worth(rulebook, status, items), 2)
        by_dimension[criterion.dimension] += score
        criteria.append(CriterionResult(
            id=criterion.id, name=criterion.name, dimension=criterion.dimension, status=status,
            score=score, max=criterion.weight, evidence=items, shortcoming=status == "negated",
            error=(failed or {}).get(criterion.id),
            evidence_count=(totals or {}).get(criterion.id, len(items)),
        ))
    dimensions = [
        DimensionResult(id=d.id, name=d.name, score=round(by_dimension[d.id], 2),
                        max=round(sum(c.weight for c in d.criteria), 2))
        for d in rulebook.spec.dimensions
    ]
    total = round(sum(d.score for d in dimensions), 2)
    maximum = round(sum(d.max for d in dimensions), 2)
    grade = rulebook.grade(100.0 * total / maximum if maximum else 0.0)
    veto = [e for e in evidence.get(VETO, []) if e.status == "implemented"]
    if veto and rulebook.spec.veto is not None:
        grade = rulebook.lower_grade(grade, rulebook.spec.veto.grade)
    return Scorecard(region=region, score=total, max=maximum, grade=grade, dimensions=dimensions,
                     criteria=criteria, veto=sorted(veto, key=lambda e: (e.document, e.start)), documents=documents)
