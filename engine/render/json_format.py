"""`json`: the run as design.md's contract, stable byte for byte for the same input."""
from __future__ import annotations

import io
import json
from typing import TextIO

from pydantic import BaseModel

from ..models import DocumentRecord, Run
from ..record_log import RecordLog
from .base import region_key


def _dumps(value: object, depth: int) -> str:
    """A part of the run as JSON, indented as it stands `depth` levels deep in the whole.

    A document's record, read back from the run's log and dropped, goes through pydantic's own
    serialiser (json.dumps's bytes, four times faster). A scorecard does not: that serialiser
    leaves a UTF-8 copy cached inside every Chinese string it writes, and a scorecard's evidence
    lives until the run ends (22 MB more at the end of a run over the 80 MB benchmark corpus)."""
    if isinstance(value, DocumentRecord):
        text = value.model_dump_json(indent=2)
    else:
        text = json.dumps(value.model_dump(mode="json") if isinstance(value, BaseModel) else value,
                          ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + "  " * depth)


class JsonRenderer:
    name = "json"
    suffix = ".json"

    def render(self, run: Run) -> str:
        out = io.StringIO()
        self.write(run, out)
        return out.getvalue()

    def write(self, run: Run, stream: TextIO) -> None:
        """Write the run piece by piece: the same bytes as one json.dumps of the whole run, without
        ever holding the whole of a large run as one dictionary and one string."""
        fields = list(Run.model_fields)
        stream.write("{")
        for number, field in enumerate(fields):
            value = getattr(run, field)
            stream.write(("," if number else "") + f"\n  {json.dumps(field)}: ")
            if isinstance(value, (list, RecordLog)):
                if not value:
                    stream.write("[]")
                    continue
                stream.write("[")
                for index, item in enumerate(value):
                    stream.write(("," if index else "") + "\n    " + _dumps(item, 2))
                stream.write("\n  ]")
            else:
                stream.write(_dumps(value, 1))
        stream.write("\n}\n")

    def index(self, run: Run, files: dict[str, str]) -> str:
        entries = [{"region": card.region.name, "level": card.region.level, "score": card.score,
                    "grade": card.grade, "file": files[region_key(card.region)]} for card in run.scorecards]
        data = {"rulebook": run.rulebook.model_dump(), "documents": [d.model_dump() for d in run.documents],
                "scorecards": entries}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
