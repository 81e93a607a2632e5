"""What every renderer shares: labels for statuses and levels, and short evidence excerpts."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from ..models import CriterionResult, Evidence, RegionInfo, Scorecard


LEVEL_LABELS = {"province": "省", "city": "市", "county": "县", "district": "区", "town": "乡镇", "unknown": "未知"}


def level_label(level: str) -> str:
    """A level as a Chinese reader calls it (county: 县); an unknown one as it is."""
    return LEVEL_LABELS.get(level, level)


# what marks a roll-up's own file or sheet (成都市 (汇总).json) beside the region's
ROLL_UP_MARK = " (汇总)"


@dataclass(frozen=True)
class RenderOptions:
    """How a run is shown on a terminal: its width in columns, and whether to colour it."""

    width: int = 100
    color: bool = False


def wcswidth(text: str) -> int:
    """Display width in columns (a Chinese character takes two); wcwidth is loaded on first use."""
    from wcwidth import wcswidth as width

    return width(text)


class Dimension(NamedTuple):
    id: str
    name: str


def dimensions(cards: list[Scorecard]) -> list[Dimension]:
    """Every dimension the scorecards list, once, in the order they list them."""
    seen: dict[str, str] = {}
    for card in cards:
        for dim in card.dimensions:
            seen.setdefault(dim.id, dim.name)
    return [Dimension(i, n) for i, n in seen.items()]


def table(rows: list, headers: list[str], style: object) -> str:
    """tabulate's table in `style` (a name or a TableFormat), cells as given; tabulate is loaded on
    first use, so a json or csv run never pays for it."""
    from tabulate import tabulate

    return tabulate(rows, headers, tablefmt=style, disable_numparse=True)


def wrap_items(items: list[str], width: int) -> list[str]:
    """Items joined by two spaces, in lines of at most `width` columns (a Chinese character takes two)."""
    lines: list[str] = []
    for item in items:
        if lines and wcswidth(lines[-1] + "  " + item) <= width:
            lines[-1] += "  " + item
        else:
            lines.append(item)
    return lines


def fit(text: str, columns: int) -> str:
    """Cut text to a display width (a Chinese character takes two columns), marking the cut."""
    if wcswidth(text) <= columns:
        return text
    out, used = [], 0
    for char in text:
        width = max(wcswidth(char), 0)
        if used + width > columns - 1:
            break
        out.append(char)
        used += width
    return "".join(out) + "…"


def short_labels(names: list[str]) -> list[str]:
    """Two-character labels for dimension names (质量监管 → 监管, 组织领导 → 组织), or four when
    two would clash."""
    stems = [name[2:] if name.startswith("质量") and len(name) > 3 else name for name in names]
    labels = [stem[:2] for stem in stems]
    return labels if len(set(labels)) == len(labels) else [name[:4] for name in names]

STATUS_LABELS = {"implemented": "已落实", "planned": "计划中", "negated": "不足", "absent": "—"}
EXCERPT_CHARS = 30
_CLAUSE_BREAK = re.compile(r"[，,；;、：:。]")


def excerpt(item: Evidence, limit: int = EXCERPT_CHARS) -> str:
    """The part of the evidence sentence around its match, cut at clause boundaries where possible."""
    return excerpt_text(item.text, item.match_start - item.start, limit)


def excerpt_text(text: str, focus: int, limit: int = EXCERPT_CHARS) -> str:
    """The part of `text` around position `focus`, cut at clause boundaries where possible."""
    focus = max(0, min(focus, len(text)))
    if len(text) <= limit:
        return " ".join(text.split())
    begin = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, focus)), default=0)
    if focus - begin > limit // 2:
        begin = focus - limit // 4
    end = begin + limit
    cut = max((m.start() for m in _CLAUSE_BREAK.finditer(text, begin, end)), default=-1)
    if cut > max(focus, begin + limit // 2):
        end = cut
    body = " ".join(text[begin:end].split())
    return ("…" if begin > 0 else "") + body + ("…" if end < len(text) else "")


def best_evidence(criterion: CriterionResult):
    """The evidence that decided the criterion's status (the first of the best status)."""
    for item in criterion.evidence:
        if item.status == criterion.status:
            return item
    return criterion.evidence[0] if criterion.evidence else None


def region_key(region: RegionInfo) -> str:
    """What tells regions apart in a run (two 城关镇 have one name): the key of `files` in index()."""
    return region.code or "/".join((*region.parents, region.name))


def place(region: RegionInfo, level: str | None = None) -> str:
    """A region with its level and parents: 朝天区 (district, 四川省 / 广元市); `level` words it otherwise."""
    parents = " / ".join(region.parents)
    return f"{region.name} ({level or region.level}{', ' + parents if parents else ''})"


def summary_rows(cards: list[Scorecard]) -> tuple[list[str], list[list[object]]]:
    """Regions × dimensions with total and grade."""
    dims = cards[0].dimensions if cards else []
    headers = ["地区", *[d.name[:4] for d in dims], "总分", "等级"]
    rows = [[card.region.name, *[number(d.score) for d in card.dimensions],
             number(card.score), card.grade] for card in cards]
    return headers, rows


def shown_criteria(criteria: list[CriterionResult]) -> list[CriterionResult]:
    """The criteria a scorecard shows a row for: those with evidence, and those a rule failed on."""
    return [c for c in criteria if c.status != "absent" or c.error]


def criterion_rows(card: Scorecard) -> tuple[list[str], list[list[object]]]:
    headers = ["指标", "状态", "得分", "证据"]
    rows = []
    for criterion in shown_criteria(card.criteria):
        item = best_evidence(criterion)
        rows.append([criterion.id, STATUS_LABELS[criterion.status] + ("(出错)" if criterion.error else ""),
                     f"{number(criterion.score)}/{number(criterion.max)}",
                     (excerpt(item) + target_note(criterion)) if item else ""])
    return headers, rows


def target_note(criterion: CriterionResult) -> str:
    """Figures compared with the rulebook's targets, shortest form: ' [95.9% 目标>= 98% ✗]'."""
    seen: dict[str, str] = {}
    for item in criterion.evidence:
        for figure in item.figures:
            if figure.target and figure.text not in seen:
                seen[figure.text] = f"{figure.text} 目标{figure.target} {'✓' if figure.meets_target else '✗'}"
    return f" [{'; '.join(seen.values())}]" if seen else ""


def number(value: float) -> str:
    """A score as shown: at most two decimals, no trailing zeros (3.15, 2.5, 4)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
