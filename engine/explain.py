"""`qscore explain`: every piece of evidence behind a region's score, and why it has its status."""
from __future__ import annotations

from .models import CriterionResult, Evidence, Figure, Run, Scorecard
from .normalize import normalize
from .render.base import place

STATUS = {"implemented": "implemented 已落实", "planned": "planned 计划中", "negated": "negated 不足", "absent": "absent"}


def find_scorecard(run: Run, name: str) -> Scorecard | None:
    """The scorecard of a region by its name, a short form or a traditional form (欽州, 钦州市)."""
    wanted = normalize(name).strip()
    cards = [*run.scorecards, *run.roll_ups]
    for card in cards:
        if card.region.name == wanted:
            return card
    stems = [card for card in cards if card.region.name.startswith(wanted) and len(card.region.name) - len(wanted) <= 4]
    return stems[0] if len(stems) == 1 else None


def _figure(figure: Figure) -> str:
    text = f"{figure.indicator} = {figure.text}" if figure.indicator else figure.text
    if figure.target:
        text += f" (target {figure.target}: {'met' if figure.meets_target else 'not met'})"
    return text


def _evidence(item: Evidence) -> list[str]:
    decided = f"cue {item.cue!r}" if item.cue else "no cue: the default of its passage (genre and phase)"
    passage = f"quality work (anchor {item.passage_anchor})" if item.passage_anchor else "no quality-work anchor"
    lines = [f"  [{STATUS[item.status]}] {item.document}:{item.line} (characters {item.start}-{item.end})",
             f"    {' '.join(item.text.split())}",
             f"    matched: {'、'.join(item.matched)} · rule: {item.rule} · status: {decided}",
             f"    passage: {passage}"]
    if item.figures:
        lines.append("    figures: " + "; ".join(_figure(f) for f in item.figures))
    return lines


def _criterion(criterion: CriterionResult) -> list[str]:
    head = f"{criterion.id} {criterion.name}: {STATUS[criterion.status]}, {criterion.score:g}/{criterion.max:g}"
    if criterion.shortcoming:
        head += " (shortcoming: only negated evidence)"
    lines = [head]
    for item in criterion.evidence:
        lines.extend(_evidence(item))
    if not criterion.evidence:
        lines.append("  no evidence in these documents")
    return lines


def explain(run: Run, card: Scorecard, criterion: str | None = None) -> str:
    """The explanation of one scorecard, or of one criterion (or dimension) of it."""
    region = card.region
    lines = [f"{place(region)} {card.score:g}/{card.max:g} {card.grade}"]
    if region.ambiguous:
        lines.append(f"the name could also denote: {'; '.join(region.ambiguous)}")
    if card.rolled_up_from:
        lines.append(f"roll-up of: {'、'.join(card.rolled_up_from)}")
    for record in run.documents:
        if record.path in card.documents:
            lines.append(f"document {record.path}: genre {record.genre}, {record.anchors} quality-work anchors, "
                         f"{(record.quality_share or 0):.0%} of sentences in quality-work passages")
    if card.veto:
        lines.append("VETO (grade capped):")
        for item in card.veto:
            lines.extend(_evidence(item))
    chosen = [c for c in card.criteria if criterion in (None, c.id, c.dimension)]
    if criterion is None:
        chosen = [c for c in chosen if c.status != "absent"]
    for item in chosen:
        lines.append("")
        lines.extend(_criterion(item))
    return "\n".join(lines) + "\n"
