"""Reviewing runs: loading them back, ranking regions (`qscore compare`), and what changed between two (`qscore diff`).

A run is read from the JSON `evaluate --format json` prints, or from the folder `evaluate --format
json --out DIR` writes (one run per region, plus index.json naming the files of the latest run).
"""
from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .models import STATUS_RANK, CriterionResult, DocumentRecord, Evidence, RulebookRef, Run, Scorecard
from .normalize import normalize
from .render.base import (ROLL_UP_MARK, STATUS_LABELS, Dimension, dimensions, level_label, number, place, short_labels,
                          table, wrap_items)

CHANGE_LABELS = {"appeared": "新增", "disappeared": "消失", "rose": "上升", "fell": "下降", "evidence": "证据变化"}
INDEX = "index.json"


class ReviewError(Exception):
    """An input that cannot be reviewed; str() is the one line the command line prints after `qscore: `."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


# -- loading ----------------------------------------------------------------------------------------


def load_run(path: str) -> Run:
    """A run from a run JSON file (`-`: standard input), a scorecards folder, or a folder's index.json."""
    if path != "-" and Path(path).is_dir():
        return _load_folder(Path(path))
    data = _read_json(path)
    if _is_index(data):
        return _load_folder(Path(path).parent, data, Path(path).name)
    return _validate(path, data)


def _read_json(path: str) -> object:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReviewError(path, "no such file or folder") from None
    except UnicodeDecodeError:
        raise ReviewError(path, "not a qscore run: not UTF-8 text") from None
    except OSError as exc:
        raise ReviewError(path, exc.strerror or str(exc)) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReviewError(path, f"not a qscore run: not JSON ({exc.msg}, line {exc.lineno})") from None


def _validate(path: str, data: object) -> Run:
    try:
        return Run.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        raise ReviewError(path, f"not a qscore run: {where + ': ' if where else ''}{error['msg']}") from None


def _is_index(data: object) -> bool:
    """index.json of `evaluate --format json --out`: scorecards that name a file instead of holding criteria."""
    cards = data.get("scorecards") if isinstance(data, dict) else None
    return (isinstance(cards, list) and all(isinstance(c, dict) and "file" in c and "criteria" not in c for c in cards)
            and "rulebook" in data)


def _load_folder(folder: Path, index: object = None, index_name: str = INDEX) -> Run:
    """The run of a scorecards folder: the files its index.json names (so that files left over from
    an earlier run in the same folder are not mixed in) and its roll-ups; every *.json without an index."""
    if index is None and (folder / INDEX).is_file():
        data = _read_json(str(folder / INDEX))
        if _is_index(data):
            index = data
    if index is not None:
        names = [entry["file"] for entry in index["scorecards"]]  # type: ignore[index]
        names += sorted(p.name for p in folder.glob(f"*{ROLL_UP_MARK}.json"))
    else:
        names = sorted(p.name for p in folder.glob("*.json") if not p.name.startswith("."))
    if not names and index is None:
        raise ReviewError(str(folder), "no qscore run here (no .json files)")
    runs = []
    for name in names:
        file = folder / name
        if index is not None and (Path(name).name != name or not file.is_file()):
            raise ReviewError(str(folder / index_name), f"names {name}, which is missing")
        runs.append((str(file), _validate(str(file), _read_json(str(file)))))
    if index is not None:
        try:
            rulebook = RulebookRef.model_validate(index["rulebook"])  # type: ignore[index]
            documents = [DocumentRecord.model_validate(d) for d in index.get("documents", [])]  # type: ignore
        except ValidationError as exc:
            raise ReviewError(str(folder / index_name), f"not a qscore index: {exc.errors()[0]['msg']}") from None
    else:
        rulebook = runs[0][1].rulebook
        documents = []
    merged: dict[str, DocumentRecord] = {d.path: d for d in documents}
    scorecards, roll_ups = [], []
    for file, run in runs:
        if (run.rulebook.id, run.rulebook.version) != (rulebook.id, rulebook.version):
            raise ReviewError(file, f"scored with rulebook {run.rulebook.id} v{run.rulebook.version}, "
                                    f"the rest with {rulebook.id} v{rulebook.version}")
        for record in run.documents:
            merged.setdefault(record.path, record)
        scorecards.extend(run.scorecards)
        roll_ups.extend(run.roll_ups)
    return Run(rulebook=rulebook, documents=list(merged.values()), scorecards=scorecards, roll_ups=roll_ups)


# -- selecting and ranking ----------------------------------------------------------------------------


def select(cards: list[Scorecard], levels: list[str] | tuple[str, ...] = (), within: str | None = None) -> list[Scorecard]:
    """The scorecards of these levels (county includes districts) with `within` among their parents."""
    from .regions.hierarchy import of_levels

    chosen = of_levels(cards, levels)
    if within:
        chosen = [c for c in chosen if is_within(c, within)]
    return chosen


def is_within(card: Scorecard, name: str) -> bool:
    """Whether a region lies in `name` (a parent's name, short form, traditional form, or code)."""
    wanted = normalize(name.strip())
    if wanted in card.region.parent_codes:
        return True
    return any(parent == wanted or (len(wanted) >= 2 and parent.startswith(wanted) and len(parent) - len(wanted) <= 4)
               for parent in card.region.parents)


def find_dimension(cards: list[Scorecard], wanted: str) -> Dimension:
    """A dimension by id (outcomes), name (质量成效), or an unambiguous start of either."""
    dims = dimensions(cards)
    key = normalize(wanted.strip())
    for test in (lambda d: key in (d.id, d.name), lambda d: d.id.startswith(key) or d.name.startswith(key)):
        found = [d for d in dims if test(d)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ReviewError("--by", f"{wanted!r} could be {', '.join(d.id for d in found)}")
    known = ", ".join(f"{d.id} ({d.name})" for d in dims) or "none"
    raise ReviewError("--by", f"unknown dimension {wanted!r} (known: {known})")


@dataclass(frozen=True)
class Ranked:
    rank: int
    card: Scorecard
    value: float


def rank(cards: list[Scorecard], by: Dimension | None = None) -> list[Ranked]:
    """Highest first, ties by name; equal values share a rank (1, 2, 2, 4)."""
    def value(card: Scorecard) -> float:
        if by is None:
            return card.score
        return next((d.score for d in card.dimensions if d.id == by.id), 0.0)

    ordered = sorted(cards, key=lambda c: (-round(value(c), 6), c.region.name, c.region.code or ""))
    ranked: list[Ranked] = []
    for position, card in enumerate(ordered, start=1):
        same = ranked and round(ranked[-1].value, 6) == round(value(card), 6)
        ranked.append(Ranked(ranked[-1].rank if same else position, card, value(card)))
    return ranked


def comparison(run: Run, ranked: list[Ranked], by: Dimension | None, fmt: str, filters: dict[str, object]) -> str:
    """The ranking as a table (table, markdown), csv or json."""
    cards = [r.card for r in ranked]
    everything = dimensions(cards or run.scorecards)
    dims = [d for d in everything if by is None or d.id != by.id]
    if fmt == "json":
        data = {"rulebook": run.rulebook.model_dump(), "ranked_by": by.id if by else "total", **filters,
                "regions": [{"rank": r.rank, "region": r.card.region.name, "level": r.card.region.level,
                             "parents": r.card.region.parents, "code": r.card.region.code,
                             "score": r.card.score, "max": r.card.max, "grade": r.card.grade,
                             "dimensions": {d.id: d.score for d in r.card.dimensions}} for r in ranked]}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["rank", "region", "level", "parents", "code", *([by.id] if by else []),
                         "score", "max", "grade", *(d.id for d in dims)])
        for r in ranked:
            scores = {d.id: d.score for d in r.card.dimensions}
            writer.writerow([r.rank, r.card.region.name, r.card.region.level, "/".join(r.card.region.parents),
                             r.card.region.code or "", *([r.value] if by else []), r.card.score, r.card.max,
                             r.card.grade, *(scores.get(d.id, "") for d in dims)])
        return out.getvalue()
    if fmt == "markdown":  # a file: full names
        label = {d.id: d.name for d in everything}
    else:  # a terminal: two-character labels and a legend, as `evaluate` shows them
        label = dict(zip((d.id for d in everything), short_labels([d.name for d in everything])))
    headers = ["排名", "地区", *([label[by.id]] if by else []), "总分", "等级", *(label[d.id] for d in dims),
               "级别", "上级"]
    rows = []
    for r in ranked:
        scores = {d.id: d.score for d in r.card.dimensions}
        rows.append([r.rank, r.card.region.name, *([number(r.value)] if by else []), number(r.card.score),
                     r.card.grade, *(number(scores[d.id]) if d.id in scores else "" for d in dims),
                     level_label(r.card.region.level), " / ".join(r.card.region.parents)])
    if fmt == "markdown":
        return table(rows, headers, "github") + "\n"
    legend = [f"{label[d.id]}={d.name}" for d in everything if label[d.id] != d.name]
    return table(rows, headers, "simple") + "\n" + "\n".join(wrap_items(legend, 100)) + "\n"


def signed(value: float) -> str:
    text = number(abs(value))
    return "±0" if text == "0" else ("+" if value > 0 else "-") + text


# -- diff -----------------------------------------------------------------------------------------------


@dataclass
class EvidenceChange:
    """One sentence of a criterion's evidence: added, removed, or found again with another status."""
    kind: str  # added, removed, status
    old: Evidence | None
    new: Evidence | None

    @property
    def item(self) -> Evidence:
        return self.new or self.old  # type: ignore[return-value]


@dataclass
class CriterionChange:
    id: str
    name: str
    dimension: str
    change: str  # appeared, disappeared, rose, fell, evidence
    old_status: str
    new_status: str
    old_score: float
    new_score: float
    max: float
    evidence: list[EvidenceChange] = field(default_factory=list)
    decided_by: Evidence | None = None  # for a new status: the evidence that decided it


@dataclass
class RegionChange:
    old: Scorecard
    new: Scorecard
    dimensions: list[tuple[str, str, float, float]]  # id, name, old, new (only those that changed)
    criteria: list[CriterionChange]


@dataclass
class RunDiff:
    old: Run
    new: Run
    appeared: list[Scorecard]
    disappeared: list[Scorecard]
    changed: list[RegionChange]
    documents_added: list[str]
    documents_removed: list[str]

    @property
    def has_changes(self) -> bool:
        return bool(self.appeared or self.disappeared or self.changed or self.documents_added
                    or self.documents_removed)


def _same(a: float, b: float) -> bool:
    return round(a - b, 6) == 0


def diff_runs(old: Run, new: Run, old_cards: list[Scorecard] | None = None,
              new_cards: list[Scorecard] | None = None) -> RunDiff:
    """What changed from `old` to `new` (their scorecards, or the given selections of them)."""
    old_cards = old.scorecards if old_cards is None else old_cards
    new_cards = new.scorecards if new_cards is None else new_cards
    old_paths, new_paths = _paths(old), _paths(new)
    moved = align_documents(old_paths, new_paths)
    arrived = set(moved.values())
    pairs, appeared, disappeared = _pair_regions(old_cards, new_cards)
    changed = []
    for before, after in pairs:
        region = _region_change(before, after, moved)
        if region is not None:
            changed.append(region)
    return RunDiff(old, new, appeared, disappeared, changed,
                   documents_added=[p for p in new_paths if p not in arrived],
                   documents_removed=[p for p in old_paths if p not in moved])


def _paths(run: Run) -> list[str]:
    paths = dict.fromkeys(d.path for d in run.documents)
    for card in run.scorecards:
        paths.update(dict.fromkeys(card.documents))
    return list(paths)


def align_documents(old: list[str], new: list[str]) -> dict[str, str]:
    """Old path → new path of the same document: the same path, else the same path below each run's
    common folder (a corpus copied elsewhere), else the same file name when only one has it."""
    in_new = set(new)
    pairs = {p: p for p in old if p in in_new}

    def rest(paths: list[str], taken) -> list[str]:
        return [p for p in paths if p not in taken]

    def relative(paths: list[str]) -> dict[str, str]:
        try:
            root = os.path.commonpath([os.path.dirname(p) for p in paths]) if paths else ""
        except ValueError:  # absolute and relative paths mixed
            root = ""
        return {p: os.path.relpath(p, root) if root else p for p in paths}

    old_rel, new_rel = relative(old), relative(new)
    for attempt in (lambda p, rel: rel[p], lambda p, rel: os.path.basename(p)):
        old_left, new_left = rest(old, pairs), rest(new, set(pairs.values()))
        new_keys: dict[str, list[str]] = {}
        for p in new_left:
            new_keys.setdefault(attempt(p, new_rel), []).append(p)
        old_keys: dict[str, list[str]] = {}
        for p in old_left:
            old_keys.setdefault(attempt(p, old_rel), []).append(p)
        for key, olds in old_keys.items():
            if len(olds) == 1 and len(new_keys.get(key, [])) == 1:
                pairs[olds[0]] = new_keys[key][0]
    return pairs


def _pair_regions(old: list[Scorecard], new: list[Scorecard]):
    """Regions of both runs, by code, else by name and parents, else by a name each run has once."""
    pairs: list[tuple[Scorecard, Scorecard]] = []
    old_left, new_left = list(old), list(new)
    keys = (lambda c: c.region.code, lambda c: (c.region.name, tuple(c.region.parents)), lambda c: c.region.name)
    for key in keys:
        # the cards of each key on both sides, grouped once per pass: a key held by one card on
        # each side pairs them, and no other card of the pass has that key
        olds_of: dict[object, list[Scorecard]] = defaultdict(list)
        news_of: dict[object, list[Scorecard]] = defaultdict(list)
        for card in old_left:
            olds_of[key(card)].append(card)
        for card in new_left:
            news_of[key(card)].append(card)
        paired: set[int] = set()
        for card in new_left:
            k = key(card)
            olds, news = olds_of[k], news_of[k]
            if k is not None and len(olds) == 1 and len(news) == 1 and not _other_places(olds[0], card):
                pairs.append((olds[0], card))
                paired.update((id(olds[0]), id(card)))
        old_left = [c for c in old_left if id(c) not in paired]
        new_left = [c for c in new_left if id(c) not in paired]
    order = {id(card): n for n, card in enumerate(new)}
    pairs.sort(key=lambda pair: order[id(pair[1])])
    return pairs, new_left, old_left


def _other_places(a: Scorecard, b: Scorecard) -> bool:
    """Two regions of one name that the gazetteer tells apart (城关镇 of two counties)."""
    return bool(a.region.code and b.region.code and a.region.code != b.region.code
                and a.region.parents != b.region.parents)


def _region_change(old: Scorecard, new: Scorecard, moved: dict[str, str]) -> RegionChange | None:
    dims_old = {d.id: d for d in old.dimensions}
    dims = [(d.id, d.name, dims_old[d.id].score if d.id in dims_old else 0.0, d.score) for d in new.dimensions]
    dims += [(d.id, d.name, d.score, 0.0) for d in old.dimensions if d.id not in {x.id for x in new.dimensions}]
    dims = [d for d in dims if not _same(d[2], d[3])]
    criteria_old = {c.id: c for c in old.criteria}
    criteria_new = {c.id: c for c in new.criteria}
    ids = [*criteria_new, *(i for i in criteria_old if i not in criteria_new)]
    if old.veto or new.veto:
        ids.append("veto")
        criteria_old["veto"] = _veto(old)
        criteria_new["veto"] = _veto(new)
    changes = []
    for criterion_id in ids:
        change = _criterion_change(criteria_old.get(criterion_id), criteria_new.get(criterion_id), moved)
        if change is not None:
            changes.append(change)
    if not changes and not dims and _same(old.score, new.score) and old.grade == new.grade:
        return None
    return RegionChange(old, new, dims, changes)


def _veto(card: Scorecard) -> CriterionResult:
    best = max(card.veto, key=lambda e: STATUS_RANK[e.status], default=None)
    return CriterionResult(id="veto", name="一票否决", dimension="", status=best.status if best else "absent",
                           score=0, max=0, evidence=card.veto)


def _absent(like: CriterionResult) -> CriterionResult:
    return like.model_copy(update={"status": "absent", "score": 0.0, "evidence": []})


def _evidence_key(item: Evidence, moved: dict[str, str] | None = None) -> tuple[str, str]:
    document = moved.get(item.document, item.document) if moved is not None else item.document
    return document, " ".join(item.text.split())


def _by_sentence(items: list[Evidence], moved: dict[str, str] | None = None) -> dict[tuple[str, str], Evidence]:
    """Evidence by (document, sentence): of several matches in one sentence, the one of the best status."""
    found: dict[tuple[str, str], Evidence] = {}
    for item in items:
        key = _evidence_key(item, moved)
        if key not in found or STATUS_RANK[item.status] > STATUS_RANK[found[key].status]:
            found[key] = item
    return found


def _criterion_change(old: CriterionResult | None, new: CriterionResult | None,
                      moved: dict[str, str]) -> CriterionChange | None:
    old = old or _absent(new)  # type: ignore[arg-type]
    new = new or _absent(old)
    before, after = _by_sentence(old.evidence, moved), _by_sentence(new.evidence)
    evidence = [EvidenceChange("removed", item, None) for key, item in before.items() if key not in after]
    evidence += [EvidenceChange("added", None, item) for key, item in after.items() if key not in before]
    evidence += [EvidenceChange("status", before[key], item) for key, item in after.items()
                 if key in before and before[key].status != item.status]
    order = {"removed": 0, "status": 1, "added": 2}
    evidence.sort(key=lambda e: (order[e.kind], e.item.document, e.item.start))
    rank_old, rank_new = STATUS_RANK[old.status], STATUS_RANK[new.status]
    if old.status == "absent" and new.status != "absent":
        kind = "appeared"
    elif old.status != "absent" and new.status == "absent":
        kind = "disappeared"
    elif rank_new != rank_old:
        kind = "rose" if rank_new > rank_old else "fell"
    elif not _same(new.score, old.score):
        kind = "rose" if new.score > old.score else "fell"
    elif evidence:
        kind = "evidence"
    else:
        return None
    decided_by = None
    if new.status != old.status and new.status != "absent":
        decided_by = next((e for e in new.evidence if e.status == new.status), None)
    return CriterionChange(new.id, new.name, new.dimension, kind, old.status, new.status, old.score, new.score,
                           new.max or old.max, evidence, decided_by)


# -- the diff as text and as JSON --------------------------------------------------------------------------


def _status(old: str, new: str) -> str:
    return STATUS_LABELS[new] if old == new else f"{STATUS_LABELS[old]} → {STATUS_LABELS[new]}"


def _scores(old: float, new: float) -> str:
    return number(new) if _same(old, new) else f"{number(old)} → {number(new)} ({signed(new - old)})"


def _line(mark: str, item: Evidence, status: str | None = None) -> str:
    label = status or STATUS_LABELS[item.status]
    return f"    {mark} [{label}] {item.document}:{item.line}  {' '.join(item.text.split())}"


def diff_text(diff: RunDiff, old_name: str, new_name: str) -> str:
    old_book, new_book = diff.old.rulebook, diff.new.rulebook
    books = f"{new_book.id} v{new_book.version}"
    if (old_book.id, old_book.version) != (new_book.id, new_book.version):
        books = f"{old_book.id} v{old_book.version} → {books}"
    parts = [f"qscore diff {old_name} → {new_name}\n规则集 {books}; "
             f"文档 {len(_paths(diff.old))} → {len(_paths(diff.new))}; "
             f"地区 {len(diff.old.scorecards)} → {len(diff.new.scorecards)}"]
    if not diff.has_changes:
        parts.append("没有变化 (no differences)")
        return "\n\n".join(parts) + "\n"
    if diff.documents_added or diff.documents_removed:
        parts.append("\n".join([*(f"+ 文档 {p}" for p in diff.documents_added),
                                *(f"- 文档 {p}" for p in diff.documents_removed)]))
    for title, cards in (("新出现的地区", diff.appeared), ("消失的地区", diff.disappeared)):
        if cards:
            rows = [[c.region.name, level_label(c.region.level), " / ".join(c.region.parents),
                     number(c.score), c.grade] for c in cards]
            parts.append(f"{title}\n" + table(rows, ["地区", "级别", "上级", "总分", "等级"], "simple"))
    if diff.changed:
        rows = [[r.new.region.name, number(r.old.score), number(r.new.score), signed(r.new.score - r.old.score),
                 r.old.grade if r.old.grade == r.new.grade else f"{r.old.grade} → {r.new.grade}",
                 len(r.criteria)] for r in diff.changed]
        parts.append("有变化的地区\n" + table(rows, ["地区", "旧总分", "新总分", "变化", "等级", "指标变化"], "simple"))
    for region in diff.changed:
        old, new = region.old, region.new
        lines = [f"{place(new.region, level_label(new.region.level))} {_scores(old.score, new.score)}, 等级 "
                 + (new.grade if old.grade == new.grade else f"{old.grade} → {new.grade}")]
        if region.dimensions:
            lines.append("维度: " + "; ".join(f"{name} {_scores(a, b)}" for _, name, a, b in region.dimensions))
        if region.criteria:
            rows = [[c.id, c.name, CHANGE_LABELS[c.change], _status(c.old_status, c.new_status),
                     _scores(c.old_score, c.new_score)] for c in region.criteria]
            lines.append(table(rows, ["指标", "名称", "变化", "状态", "得分"], "simple"))
            for change in region.criteria:
                if not change.evidence and change.decided_by is None:
                    continue
                lines.append("")
                lines.append(f"  {change.id} {change.name}: {CHANGE_LABELS[change.change]}")
                for item in change.evidence:
                    if item.kind == "added":
                        lines.append(_line("+", item.new))  # type: ignore[arg-type]
                    elif item.kind == "removed":
                        lines.append(_line("-", item.old))  # type: ignore[arg-type]
                    else:
                        lines.append(_line("~", item.new, _status(item.old.status, item.new.status)))  # type: ignore
                decided = change.decided_by
                if decided is not None and not any(e.new is not None and _evidence_key(e.new) == _evidence_key(decided)
                                                   for e in change.evidence):
                    lines.append(_line("=", decided) + "  (决定新状态)")
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def _evidence_json(item: Evidence | None) -> dict | None:
    return item.model_dump(mode="json") if item is not None else None


def _card_json(card: Scorecard) -> dict:
    return {"region": card.region.name, "level": card.region.level, "parents": card.region.parents,
            "code": card.region.code, "score": card.score, "grade": card.grade}


def diff_json(diff: RunDiff, old_name: str, new_name: str) -> str:
    def side(run: Run, name: str) -> dict:
        return {"path": name, "rulebook": run.rulebook.model_dump(), "documents": len(_paths(run)),
                "regions": len(run.scorecards)}

    regions = []
    for region in diff.changed:
        regions.append({
            **_card_json(region.new),
            "score": {"old": region.old.score, "new": region.new.score,
                      "delta": round(region.new.score - region.old.score, 6)},
            "grade": {"old": region.old.grade, "new": region.new.grade},
            "dimensions": [{"id": i, "name": n, "old": a, "new": b, "delta": round(b - a, 6)}
                           for i, n, a, b in region.dimensions],
            "criteria": [{
                "id": c.id, "name": c.name, "dimension": c.dimension, "change": c.change,
                "status": {"old": c.old_status, "new": c.new_status},
                "score": {"old": c.old_score, "new": c.new_score, "delta": round(c.new_score - c.old_score, 6),
                          "max": c.max},
                "evidence": {
                    "added": [_evidence_json(e.new) for e in c.evidence if e.kind == "added"],
                    "removed": [_evidence_json(e.old) for e in c.evidence if e.kind == "removed"],
                    "status_changed": [{"old": _evidence_json(e.old), "new": _evidence_json(e.new)}
                                       for e in c.evidence if e.kind == "status"],
                },
                "decided_by": _evidence_json(c.decided_by),
            } for c in region.criteria],
        })
    data = {"old": side(diff.old, old_name), "new": side(diff.new, new_name), "changed": diff.has_changes,
            "documents": {"added": diff.documents_added, "removed": diff.documents_removed},
            "regions": {"appeared": [_card_json(c) for c in diff.appeared],
                        "disappeared": [_card_json(c) for c in diff.disappeared],
                        "changed": regions}}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
