"""Views along the hierarchy: keeping some levels, and rolling regions up into their parents."""
from __future__ import annotations

from collections import defaultdict

from ..models import Evidence, Run, Scorecard
from ..rulebook import VETO, Rulebook
from ..scoring import score_region
from .gazetteer import Gazetteer
from .attribution import region_of

# What a user means by a level: a county-level view holds counties, county-level cities and districts.
LEVELS = {"province": ("province",), "city": ("city",), "county": ("county", "district"), "town": ("town",)}


def of_levels(cards: list[Scorecard], levels: list[str] | tuple[str, ...]) -> list[Scorecard]:
    """The scorecards of these levels (county includes districts); all of them when none is named."""
    wanted = {level for name in levels for level in LEVELS[name]}
    return [c for c in cards if not wanted or c.region.level in wanted]


def keep_levels(run: Run, levels: list[str]) -> Run:
    """Only the scorecards (and roll-ups) of these levels."""
    return run.model_copy(update={"scorecards": of_levels(run.scorecards, levels),
                                  "roll_ups": of_levels(run.roll_ups, levels)})


def roll_up(run: Run, level: str, rulebook: Rulebook, gazetteer: Gazetteer) -> Run:
    """Add, for each region of `level`, a scorecard adding up its own evidence and its lower regions'."""
    members: dict[str, list[Scorecard]] = defaultdict(list)
    for card in run.scorecards:
        chain = [*card.region.parent_codes, *([card.region.code] if card.region.code else [])]
        target = next((code for code in chain if gazetteer.get(code).level in LEVELS[level]), None)
        if target is not None:
            members[target].append(card)
    roll_ups = []
    for code, cards in members.items():
        region = region_of(gazetteer, gazetteer.get(code)).info()
        evidence: dict[str, list[Evidence]] = defaultdict(list)
        documents: list[str] = []
        for card in cards:
            for criterion in card.criteria:
                evidence[criterion.id].extend(criterion.evidence)
            evidence[VETO].extend(card.veto)
            documents.extend(d for d in card.documents if d not in documents)
        scorecard = score_region(rulebook, region, evidence, documents)
        roll_ups.append(scorecard.model_copy(update={"rolled_up_from": [c.region.name for c in cards]}))
    roll_ups.sort(key=lambda card: (-card.score, card.region.name))
    return run.model_copy(update={"roll_ups": roll_ups})
