"""`table`: the terminal view (tabulate; wcwidth counts Chinese characters as two columns)."""
from __future__ import annotations

from tabulate import tabulate

from ..models import Run
from .base import criterion_rows, summary_rows


class TableRenderer:
    name = "table"
    suffix = ".txt"
    tablefmt = "simple"

    def render(self, run: Run) -> str:
        parts = [f"规则集 {run.rulebook.id} v{run.rulebook.version}"]
        errors = [d for d in run.documents if d.error]
        if run.scorecards:
            headers, rows = summary_rows(run.scorecards)
            parts.append(tabulate(rows, headers, tablefmt=self.tablefmt, disable_numparse=True))
        elif not run.roll_ups:
            parts.append("没有找到任何地区的质量工作证据 (no region with evidence)")
        for card in run.scorecards:
            parents = " / ".join(card.region.parents)
            title = f"{card.region.name} ({card.region.level}{', ' + parents if parents else ''}) " \
                    f"{card.score:g}/{card.max:g} {card.grade}"
            if card.region.ambiguous:
                title += f"  [名称有歧义: 也可能是 {'; '.join(card.region.ambiguous)}]"
            headers, rows = criterion_rows(card)
            parts.append(self.heading(title) + "\n" + tabulate(rows, headers, tablefmt=self.tablefmt, disable_numparse=True))
        if run.roll_ups:
            headers, rows = summary_rows(run.roll_ups)
            rows = [[*row, "、".join(card.rolled_up_from)] for row, card in zip(rows, run.roll_ups)]
            parts.append(self.heading("汇总视图 (roll-up)") + "\n" +
                         tabulate(rows, [*headers, "汇总自"], tablefmt=self.tablefmt, disable_numparse=True))
        for record in errors:
            parts.append(f"未能读取 {record.path}: {record.error}")
        return "\n\n".join(parts) + "\n"

    def heading(self, title: str) -> str:
        return title

    def index(self, run: Run, files: dict[str, str]) -> str:
        headers, rows = summary_rows(run.scorecards)
        rows = [[*row, files[card.region.name]] for row, card in zip(rows, run.scorecards)]
        return tabulate(rows, [*headers, "文件"], tablefmt=self.tablefmt, disable_numparse=True) + "\n"
