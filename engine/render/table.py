"""`table`: the terminal view, fitted to the terminal's width (100 columns off a terminal).

tabulate with wcwidth counts a Chinese character as two columns; excerpts are cut at a clause
boundary and then to the columns left; colours only on a terminal (not with --no-color or NO_COLOR).
"""
from __future__ import annotations

import functools
import re

import click

from ..models import Run, Scorecard
from .base import STATUS_LABELS, RenderOptions, best_evidence, excerpt, fit, place, short_labels, summary_rows, target_note, region_key, shown_criteria, table, wcswidth, wrap_items, number

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_STATUS_COLORS = {"implemented": "green", "planned": "yellow", "negated": "red"}
_GRADE_COLORS = {"A": "green", "B": "cyan", "C": "yellow", "D": "red"}
_NAME_COLUMNS = 16


@functools.cache
def _compact() -> object:
    """tabulate's "simple" with one space between columns, for terminals too narrow for two."""
    from tabulate import DataRow, Line, TableFormat

    return TableFormat(lineabove=Line("", "-", " ", ""), linebelowheader=Line("", "-", " ", ""), linebetweenrows=None,
                       linebelow=Line("", "-", " ", ""), headerrow=DataRow("", " ", ""), datarow=DataRow("", " ", ""),
                       padding=0, with_header_hide=["lineabove", "linebelow"])


def _table(rows: list, headers: list[str], width: int) -> str:
    """A table in tabulate's "simple" style, or with single spaces when that would not fit."""
    text = table(rows, headers, "simple")
    if max((wcswidth(_ANSI.sub("", line)) for line in text.splitlines()), default=0) <= width:
        return text
    return table(rows, headers, _compact())


class TableRenderer:
    name = "table"
    suffix = ".txt"

    def render(self, run: Run, options: RenderOptions | None = None) -> str:
        options = options or RenderOptions()
        paint = (lambda text, **style: click.style(text, **style)) if options.color else (lambda text, **style: text)
        parts = [f"规则集 {run.rulebook.id} v{run.rulebook.version} {run.rulebook.name}".rstrip()]
        if run.scorecards:
            parts.append(self._summary(run.scorecards, paint, options.width))
        elif not run.roll_ups:
            parts.append("没有找到任何地区的质量工作证据 (no region with evidence)")
        for card in run.scorecards:
            parts.append(self._card(card, options, paint))
        if run.roll_ups:
            headers, rows = self._summary_rows(run.roll_ups, paint)
            rows = [[*row, fit("、".join(card.rolled_up_from), 30)] for row, card in zip(rows, run.roll_ups)]
            parts.append(paint("汇总视图 (roll-up)", bold=True) + "\n" + table(rows, [*headers, "汇总自"], "simple"))
        for record in run.documents:
            if record.error:
                parts.append(f"未能读取 {record.path}: {record.error}")
        return "\n\n".join(parts) + "\n"

    def _summary_rows(self, cards: list[Scorecard], paint) -> tuple[list[str], list[list[str]]]:
        labels = short_labels([d.name for d in cards[0].dimensions]) if cards else []
        headers = ["地区", *labels, "总分", "等级"]
        rows = [[fit(card.region.name, 16), *[number(d.score) for d in card.dimensions], number(card.score),
                 paint(card.grade, fg=_GRADE_COLORS.get(card.grade), bold=True)] for card in cards]
        return headers, rows

    def _summary(self, cards: list[Scorecard], paint, width: int) -> str:
        headers, rows = self._summary_rows(cards, paint)
        legend = [f"{label}={dimension.name}" for label, dimension in zip(headers[1:-2], cards[0].dimensions)
                  if label != dimension.name]
        return "\n".join([_table(rows, headers, width), *wrap_items(legend, width)])

    def _card(self, card: Scorecard, options: RenderOptions, paint) -> str:
        title = f"{place(card.region)} {number(card.score)}/{number(card.max)} " + paint(card.grade, fg=_GRADE_COLORS.get(card.grade),
                                                                         bold=True)
        lines = [paint(title, bold=True) if not options.color else title]
        if card.region.ambiguous:
            lines.append(fit(f"名称有歧义, 也可能是: {'; '.join(card.region.ambiguous)}", options.width))
        if card.veto:
            lines.append(paint(fit(f"否决项: {card.veto[0].text}", options.width), fg="red"))
        rows = []
        shown = shown_criteria(card.criteria)
        for criterion in shown:
            item = best_evidence(criterion)
            label = STATUS_LABELS[criterion.status] + ("(出错)" if criterion.error else "")
            rows.append([fit(criterion.name, _NAME_COLUMNS), label, f"{number(criterion.score)}/{number(criterion.max)}",
                         (excerpt(item, 60) + target_note(criterion)) if item else (criterion.error or "")])
        if rows:
            # the evidence column gets what the other columns and tabulate's gaps leave of the width
            fixed = max(wcswidth(r[0]) for r in rows) + max(wcswidth(r[1]) for r in rows) + \
                max(len(r[2]) for r in rows) + 3 * 2
            room = max(20, options.width - max(fixed, _NAME_COLUMNS + 4 + 7 + 6))
            for row, criterion in zip(rows, shown):
                row[3] = fit(row[3], room)
                row[1] = paint(row[1], fg=_STATUS_COLORS.get(criterion.status))
            lines.append(table(rows, ["指标", "状态", "得分", "证据"], "simple"))
        return "\n".join(lines)

    def index(self, run: Run, files: dict[str, str]) -> str:
        headers, rows = summary_rows(run.scorecards)
        rows = [[*row, files[region_key(card.region)]] for row, card in zip(rows, run.scorecards)]
        return table(rows, [*headers, "文件"], "simple") + "\n"
