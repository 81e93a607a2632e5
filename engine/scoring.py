"""Scores: criterion (weighted by the best status), dimension subtotals, total, grade."""
from __future__ import annotations

from collections import defaultdict

from .models import STATUS_RANK, CriterionResult, DimensionResult, Evidence, RegionInfo, Scorecard
from .rulebook import Rulebook


def best_status(evidence: list[Evidence]) -> str:
    return max((e.status for e in evidence), key=STATUS_RANK.__getitem__, default="absent")


def score_region(rulebook: Rulebook, region: RegionInfo, evidence: dict[str, list[Evidence]],
                 documents: list[str]) -> Scorecard:
    """A region's scorecard from its evidence by criterion id."""
    weights = rulebook.spec.status_weights.model_dump()
    criteria: list[CriterionResult] = []
    by_dimension: dict[str, float] = defaultdict(float)
    for criterion in rulebook.criteria:
        items = sorted(evidence.get(criterion.id, []), key=lambda e: (e.document, e.start, e.status))
        status = best_status(items)
        score = round(criterion.weight * weights.get(status, 0.0), 2)
        by_dimension[criterion.dimension] += score
        criteria.append(CriterionResult(
            id=criterion.id, name=criterion.name, dimension=criterion.dimension, status=status,
            score=score, max=criterion.weight, evidence=items, shortcoming=status == "negated",
        ))
    dimensions = [
        DimensionResult(id=d.id, name=d.name, score=round(by_dimension[d.id], 2),
                        max=round(sum(c.weight for c in d.criteria), 2))
        for d in rulebook.spec.dimensions
    ]
    total = round(sum(d.score for d in dimensions), 2)
    maximum = round(sum(d.max for d in dimensions), 2)
    return Scorecard(region=region, score=total, max=maximum,
                     grade=rulebook.grade(100.0 * total / maximum if maximum else 0.0),
                     dimensions=dimensions, criteria=criteria, documents=documents)
