"""`markdown`: scorecards as Markdown tables, for review in a repository or a wiki."""
from __future__ import annotations

from ..models import Run
from .base import criterion_rows, place, summary_rows, region_key, table


class MarkdownRenderer:
    name = "markdown"
    suffix = ".md"

    def render(self, run: Run) -> str:
        parts = [f"# {run.rulebook.name or run.rulebook.id} ({run.rulebook.id} v{run.rulebook.version})"]
        if run.scorecards:
            headers, rows = summary_rows(run.scorecards)
            parts.append(table(rows, headers, "github"))
        for card in run.scorecards:
            title = f"## {place(card.region)} {card.score:g}/{card.max:g} {card.grade}"
            if card.region.ambiguous:
                title += f"\n\n名称有歧义, 也可能是: {'; '.join(card.region.ambiguous)}"
            if card.veto:
                title += f"\n\n否决项: {card.veto[0].text}"
            headers, rows = criterion_rows(card)
            parts.append(title + "\n\n" + table(rows, headers, "github"))
        if run.roll_ups:
            headers, rows = summary_rows(run.roll_ups)
            rows = [[*row, "、".join(card.rolled_up_from)] for row, card in zip(rows, run.roll_ups)]
            parts.append("## 汇总视图 (roll-up)\n\n" + table(rows, [*headers, "汇总自"], "github"))
        for record in run.documents:
            if record.error:
                parts.append(f"未能读取 `{record.path}`: {record.error}")
        return "\n\n".join(parts) + "\n"

    def index(self, run: Run, files: dict[str, str]) -> str:
        headers, rows = summary_rows(run.scorecards)
        rows = [[*row, f"[{files[region_key(card.region)]}]({files[region_key(card.region)]})"]
                for row, card in zip(rows, run.scorecards)]
        return table(rows, [*headers, "文件"], "github") + "\n"
