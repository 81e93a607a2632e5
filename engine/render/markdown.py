"""`markdown`: scorecards as Markdown tables, for review in a repository or a wiki."""
from __future__ import annotations

from .table import TableRenderer


class MarkdownRenderer(TableRenderer):
    name = "markdown"
    suffix = ".md"
    tablefmt = "github"

    def heading(self, title: str) -> str:
        return f"## {title}\n"
