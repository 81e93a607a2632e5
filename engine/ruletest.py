"""`qscore test`: rules tested with annotated documents, as Semgrep tests rules on code.

A fixture is a document whose comment lines say what the next line must (or must not) give:

    # expect: leadership.group implemented
    石柱县成立了质量强县工作领导小组。
    # expect-not: leadership.group
    县扶贫开发领导小组召开会议。

`expect: ID [STATUS]` — the next line must be evidence of ID (with that status, if given);
`expect-not: ID` — it must not be; `todo-expect` / `todo-expect-not` record known misses and
false hits without failing. For every criterion a fixture annotates, a line that gives its
evidence without an `expect` is an incorrect line (Semgrep's rule); criteria a fixture never
names are not checked in it. Comment lines are blanked before the document is scored, so line
numbers stay those of the file.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .documents import Document, read_document
from .pipeline import Options, evaluate_document, merge_results
from .rulebook import VETO, Rulebook, packaged_rulebook, shipped_rulebooks
from .yamlsource import SourceError

_ANNOTATION = re.compile(r"^\s*#\s*(?P<kind>todo-expect-not|todo-expect|expect-not|expect)\s*:\s*(?P<body>.*?)\s*$")
STATUSES = ("implemented", "planned", "negated")
FIXTURE_SUFFIXES = (".txt", ".md")


@dataclass(frozen=True)
class Expectation:
    line: int  # the line it speaks of (1-based)
    criterion: str
    status: str | None
    negative: bool
    todo: bool


@dataclass
class FixtureResult:
    path: str
    checked: int = 0
    missed: list[str] = field(default_factory=list)  # expected evidence that did not come
    incorrect: list[str] = field(default_factory=list)  # evidence an expect-not forbade
    unannotated: list[str] = field(default_factory=list)  # evidence on a line no expectation speaks of
    todo: list[str] = field(default_factory=list)  # known misses, as they stand
    fixed: list[str] = field(default_factory=list)  # todo expectations that now hold

    @property
    def ok(self) -> bool:
        return not self.missed and not self.incorrect and not self.unannotated


def parse_fixture(path: str, text: str, known: set[str]) -> tuple[str, list[Expectation]]:
    """The document with its comment lines blanked, and its expectations (SourceError if malformed)."""
    lines = text.split("\n")
    pending: list[tuple[int, str, dict[str, str]]] = []
    expectations: list[Expectation] = []
    for number, line in enumerate(lines, start=1):
        match = _ANNOTATION.match(line)
        if match:
            words = match.group("body").split()
            if not words:
                raise SourceError(path, number, f"{match.group('kind')} needs a criterion id")
            criterion, *rest = words
            if criterion not in known:
                raise SourceError(path, number, f"unknown criterion id {criterion!r}")
            status = rest[0] if rest else None
            if status is not None and (status not in STATUSES or "not" in match.group("kind") or len(rest) > 1):
                raise SourceError(path, number, f"expected a status ({', '.join(STATUSES)}) after {criterion!r}, "
                                                f"got {' '.join(rest)!r}")
            pending.append((number, match.group("kind"), {"criterion": criterion, "status": status or ""}))
            lines[number - 1] = ""
        elif line.lstrip().startswith("#") and not path.endswith(".md"):  # in Markdown, # is a heading
            lines[number - 1] = ""
        elif line.strip() and pending:
            for _, kind, body in pending:
                expectations.append(Expectation(number, body["criterion"], body["status"] or None,
                                                negative=kind.endswith("not"), todo=kind.startswith("todo")))
            pending = []
    if pending:
        raise SourceError(path, pending[0][0], "annotation at the end of the file speaks of no line")
    return "\n".join(lines), expectations


def run_fixture(path: str, rulebook: Rulebook) -> FixtureResult:
    original = read_document(path)
    known = {c.id for c in rulebook.checks()}
    text, expectations = parse_fixture(path, original.text, known)
    # A fixture tests rules, so it is about quality work by definition (however short it is).
    document = Document(path, text, original.encoding)
    run = merge_results(rulebook, [evaluate_document(document, rulebook, Options(about_quality_work=True))])
    found: dict[tuple[str, int], set[str]] = defaultdict(set)
    for card in run.scorecards:
        for criterion in card.criteria:
            for item in criterion.evidence:
                found[(criterion.id, item.line)].add(item.status)
        for item in card.veto:
            found[(VETO, item.line)].add(item.status)
    result = FixtureResult(path)
    for e in expectations:
        result.checked += 1
        got = found.get((e.criterion, e.line), set())
        if e.negative:
            failed = bool(got)
            message = f"{path}:{e.line}: {e.criterion} should not match (got {', '.join(sorted(got))})"
        else:
            failed = not got or (e.status is not None and e.status not in got)
            message = f"{path}:{e.line}: {e.criterion} {e.status or ''} missed".replace("  ", " ") + \
                (f" (got {', '.join(sorted(got))})" if got else "")
        if failed and e.todo:
            result.todo.append(message)
        elif e.todo:
            result.fixed.append(f"{path}:{e.line}: {e.criterion} {e.status or ''} now holds: make it an expectation")
        elif failed:
            (result.incorrect if e.negative else result.missed).append(message)
    annotated = {e.criterion for e in expectations}
    spoken_of = {(e.criterion, e.line) for e in expectations}
    for (criterion, line), statuses in sorted(found.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if criterion in annotated and (criterion, line) not in spoken_of:
            result.unannotated.append(f"{path}:{line}: {criterion} matched an unannotated line "
                                      f"({', '.join(sorted(statuses))})")
    return result


def fixture_paths(rulebook_path: str | None, given: list[str]) -> list[str]:
    """The fixtures given (files or folders), else the folder beside the rulebook: fixtures/<stem>/."""
    if not given:
        packaged = packaged_rulebook(rulebook_path)
        if packaged is not None:
            folder = shipped_rulebooks() / "fixtures" / packaged
            return sorted(str(p) for p in folder.iterdir() if p.name.endswith(FIXTURE_SUFFIXES))  # type: ignore[attr-defined]
        base = Path(rulebook_path or ".")
        given = [str(base.parent / "fixtures" / base.stem)]
    out: list[str] = []
    for item in given:
        path = Path(item)
        if path.is_dir():
            out.extend(str(p) for p in sorted(path.rglob("*")) if p.suffix in FIXTURE_SUFFIXES and p.is_file())
        else:
            out.append(item)
    return out
