"""Rewrite what qscore's own output fills in the repository: scorecards/, the README example,
docs/rule-types.md and the rulebook JSON Schema (the last two with qscore's own plugins only).

Run from the top of the repository after a change that alters output:
    .venv/bin/python scripts/refresh_examples.py
tests/test_repository.py fails until this has been run (and its result reviewed and committed).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QSCORE = [sys.executable, "-m", "qscore.cli"]
PROMPT = "$ qscore evaluate seeds/000_256561f21098d2da.txt\n"


def run(*args: str) -> str:
    environment = {**os.environ, "QSCORE_LOAD_PLUGINS": ""}
    return subprocess.run([*QSCORE, *args], cwd=ROOT, check=True, capture_output=True, text=True, env=environment).stdout


def main() -> None:
    # written beside, then swapped in: a failed run leaves the committed scorecards as they were
    scorecards, fresh = ROOT / "scorecards", ROOT / ".scorecards.new"
    shutil.rmtree(fresh, ignore_errors=True)
    for fmt in ("json", "markdown"):
        run("evaluate", "seeds", "--format", fmt, "--out", str(fresh))
    shutil.rmtree(scorecards, ignore_errors=True)
    fresh.rename(scorecards)
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    head, rest = text.split(PROMPT, 1)
    _, tail = rest.split("```", 1)
    readme.write_text(head + PROMPT + run("evaluate", "seeds/000_256561f21098d2da.txt") + "```" + tail, encoding="utf-8")
    (ROOT / "docs" / "rule-types.md").write_text(run("rules", "docs"), encoding="utf-8")
    (ROOT / "rules" / "rulebooks" / "rulebook.schema.json").write_text(run("rules", "schema"), encoding="utf-8")


if __name__ == "__main__":
    main()
