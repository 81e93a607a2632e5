"""`json`: the run as design.md's contract, stable byte for byte for the same input."""
from __future__ import annotations

import json

from ..models import Run
from .base import region_key


class JsonRenderer:
    name = "json"
    suffix = ".json"

    def render(self, run: Run) -> str:
        return json.dumps(run.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"

    def index(self, run: Run, files: dict[str, str]) -> str:
        entries = [{"region": card.region.name, "level": card.region.level, "score": card.score,
                    "grade": card.grade, "file": files[region_key(card.region)]} for card in run.scorecards]
        data = {"rulebook": run.rulebook.model_dump(), "documents": [d.model_dump() for d in run.documents],
                "scorecards": entries}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
