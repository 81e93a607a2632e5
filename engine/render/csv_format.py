"""`csv`: one row per region and criterion, for spreadsheets."""
from __future__ import annotations

import csv
import io

from ..models import Run
from .base import best_evidence, region_key

COLUMNS = ["region", "level", "parents", "dimension", "criterion", "name", "status", "score", "max",
           "evidence_count", "document", "start", "end", "evidence", "view"]


class CsvRenderer:
    name = "csv"
    suffix = ".csv"

    def render(self, run: Run) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for view, card in [*(("region", c) for c in run.scorecards), *(("roll-up", c) for c in run.roll_ups)]:
            for criterion in card.criteria:
                item = best_evidence(criterion)
                writer.writerow([card.region.name, card.region.level, "/".join(card.region.parents),
                                 criterion.dimension, criterion.id, criterion.name, criterion.status,
                                 criterion.score, criterion.max, len(criterion.evidence),
                                 item.document if item else "", item.start if item else "",
                                 item.end if item else "", item.text if item else "", view])
        return out.getvalue()

    def index(self, run: Run, files: dict[str, str]) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["region", "level", "score", "grade", "file"])
        for card in run.scorecards:
            writer.writerow([card.region.name, card.region.level, card.score, card.grade, files[region_key(card.region)]])
        return out.getvalue()
