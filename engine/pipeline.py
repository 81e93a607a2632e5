"""The stages in order; the only module that knows them all.

read → normalise → split → regions → rules (plugins) → status and figures → score.
`evaluate_document` is a pure function of one document, so documents can be spread over
processes; `evaluate` merges their evidence into one scorecard per region.
"""
from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .context import DocumentView, Finding, RuleContext
from .documents import Document, DocumentError, ReadOptions, Selection, expand_paths, one_line, read_document
from .models import STATUS_RANK, DocumentRecord, Evidence, RegionInfo, RulebookRef, Run
from .normalize import normalize
from .record_log import RecordLog
from .regions.attribution import Region, attribute
from .regions.gazetteer import load_gazetteer
from .relevance import Relevance
from .rulebook import Rulebook
from .scoring import score_region
from .segment import MAJOR_CLAUSE_END, Span, split
from .status import Decision, StatusClassifier, detect_genre
from .traps import Traps


@dataclass
class Options:
    region: str | None = None
    about_quality_work: bool | None = None  # decided for the documents (rule fixtures are, by definition)
    read: ReadOptions = field(default_factory=ReadOptions)
    selection: Selection = field(default_factory=Selection)
    keep_texts: bool = False  # keep each document's text in the run (for renderers that show context)


@dataclass
class DocumentResult:
    record: DocumentRecord
    regions: list[Region] = field(default_factory=list)
    evidence: list[tuple[int, str, Evidence]] = field(default_factory=list)  # (region index, criterion, evidence)
    failed: dict[str, str] = field(default_factory=dict)  # criterion id -> why one of its rules failed
    text: str | None = None  # the document's text, when Options.keep_texts


def _findings(rulebook: Rulebook, view: DocumentView, failed: dict[str, str]) -> list[Finding]:
    """Every rule's findings; a rule that raises costs its criterion in this document, not the run."""
    findings: list[Finding] = []
    for criterion in rulebook.checks():
        for rule in criterion.rules:
            found: list[Finding] = []
            context = RuleContext(view, criterion.id, rule, found)
            try:
                rule.find(context)
            except Exception as exc:  # a plugin's bug: the criterion is marked as errored
                failed.setdefault(criterion.id, f"rule {context.rule_name!r} failed: {one_line(exc)}")
                continue
            findings.extend(found)
    return findings


def evaluate_document(document: Document, rulebook: Rulebook, options: Options | None = None) -> DocumentResult:
    """Every piece of evidence in one document, attributed to its regions."""
    options = options or Options()
    text = normalize(document.text)
    segments = split(text)
    view = DocumentView(text, segments, rulebook.automaton.scan(text))
    genre = detect_genre(text, segments)
    relevance = Relevance(text, segments, view.terms, rulebook.spec.relevance)
    if options.about_quality_work is not None:
        relevance.about_quality_work = options.about_quality_work
    record = DocumentRecord.compact(path=document.path, encoding=document.encoding, format=document.format, genre=genre,
                                    about_quality_work=relevance.about_quality_work,
                                    anchors=len(relevance.anchor_hits), quality_share=relevance.quality_share())
    if not relevance.about_quality_work:
        return DocumentResult(record)
    gazetteer = load_gazetteer()
    attribution = attribute(text, segments, document.path, gazetteer, options.region)
    traps = Traps(text, segments, attribution.places, gazetteer)
    classifier = StatusClassifier(text, segments, genre)
    line_starts = [0, *(m.end() for m in re.finditer("\n", document.text))]
    merged: dict[tuple[int, str, int, str], Evidence] = {}
    failed: dict[str, str] = {}
    # Several rules of several criteria often hit the same words: decide each span once.
    decisions: dict[tuple[int, int], Decision] = {}
    # one string per sentence, however many criteria cite it: pickled once, and held once by a run
    sentence_texts: dict[int, str] = {}
    excluded: dict[tuple[int, int, int], bool] = {}
    for finding in _findings(rulebook, view, failed):
        sentence = segments.sentence_at(finding.start)
        if not relevance.admits(sentence, finding.anchor):
            continue
        span = (finding.start, finding.end)
        figures: list | None = None  # the finding's figures, found when first needed
        decision = decisions.get(span)
        if decision is None:
            decision = decisions[span] = classifier.classify(finding.start, finding.end)
        for region_index in attribution.regions_at(sentence.index, finding.start):
            trap = excluded.get((*span, region_index))
            if trap is None:
                trap = excluded[(*span, region_index)] = traps.reason(*span, attribution.regions[region_index]) is not None
            if trap:
                continue
            key = (region_index, finding.criterion, sentence.index, decision.status)
            known = merged.get(key)
            if figures is None:
                figures = list(finding.figures) or _figures_near(view, finding, sentence)
            if known is None:
                merged[key] = Evidence.compact(
                    document=document.path, start=sentence.start, end=sentence.end,
                    text=sentence_texts.setdefault(sentence.index, document.text[sentence.start:sentence.end]),
                    status=decision.status,
                    match_start=finding.start, match_end=finding.end,
                    matched=finding.matched, figures=figures, cue=decision.cue, rule=finding.rule,
                    line=bisect.bisect_right(line_starts, sentence.start), passage_anchor=relevance.passage_anchor(sentence))
            else:
                known.matched = list(dict.fromkeys([*known.matched, *finding.matched]))
                known.figures = _merge_figures(known.figures, figures)
    evidence = [(region, criterion, item) for (region, criterion, _, _), item in sorted(merged.items(), key=lambda kv: kv[0])]
    attributed = sorted({index for indices in attribution.sentence_regions for index in indices})
    record.regions = [attribution.regions[i].name for i in attributed]
    record.rule_errors = [f"{criterion}: {message}" for criterion, message in sorted(failed.items())]
    return DocumentResult(record, attribution.regions, evidence, failed, document.text if options.keep_texts else None)


def _figures_near(view: DocumentView, finding: Finding, sentence: Span) -> list:
    """The figures of the finding's own clause run (to the next ，；。), when its rule gave none:
    共有中国驰名商标2件 keeps 2件; a number elsewhere in the sentence is not this evidence's."""
    clause = view.segments.clause_at(finding.start)
    stop = MAJOR_CLAUSE_END.search(view.text, finding.end, sentence.end)
    return [found.figure for found in view.figures_in(clause.start, stop.end() if stop else sentence.end)]


def _merge_figures(known: list, new: list) -> list:
    """The figures of one piece of evidence from several findings, each figure once (a rule's own,
    which may carry a target, before the engine's)."""
    texts = {f.text for f in new}
    return [*new, *(f for f in known if f.text not in texts)]


# Evidence kept per region and criterion: enough for every document of most regions to show its
# sentence, and a bound on memory however many documents a run reads (0 keeps everything).
MAX_EVIDENCE = 30


class _Kept:
    """The evidence kept for one region and criterion, and how much there was.

    Past the limit, a sentence from a document and status not yet represented replaces one of a
    document and status already represented twice or more (so each document keeps its say), and
    a better status always gets in (so the criterion's status is that of all its evidence)."""

    __slots__ = ("items", "total", "limit", "_pairs", "_ranks")

    def __init__(self, limit: int) -> None:
        self.items: list[Evidence] = []
        self.total = 0
        self.limit = limit
        # counts over `items`, kept as they change: past the limit, most pieces of a large run are
        # turned away, and that decision should not recount the items each time
        self._pairs: Counter[tuple[str, str]] = Counter()  # (document, status)
        self._ranks: Counter[int] = Counter()

    def add(self, item: Evidence) -> None:
        self.total += 1
        if self.limit and len(self.items) >= self.limit:
            rank, best = STATUS_RANK[item.status], max(self._ranks)
            if (item.document, item.status) in self._pairs and rank <= best:
                return
            items, pairs = self.items, self._pairs
            victim = None
            if len(pairs) < len(items):  # some document and status is there twice or more
                victim = next(i for i in range(len(items) - 1, -1, -1) if pairs[(items[i].document, items[i].status)] > 1)
            if victim is None and rank > best:
                victim = min(range(len(items)), key=lambda i: STATUS_RANK[items[i].status])
            if victim is None:
                return
            self._count(items.pop(victim), -1)
        self.items.append(item)
        self._count(item, 1)

    def _count(self, item: Evidence, change: int) -> None:
        for counter, key in ((self._pairs, (item.document, item.status)), (self._ranks, STATUS_RANK[item.status])):
            counter[key] += change
            if not counter[key]:
                del counter[key]


def merge_results(rulebook: Rulebook, results: Iterable[DocumentResult], max_evidence: int = MAX_EVIDENCE) -> Run:
    """One scorecard per region across all documents, in a stable order."""
    documents = RecordLog()
    infos: dict[str, RegionInfo] = {}
    evidence: dict[str, dict[str, _Kept]] = defaultdict(lambda: defaultdict(lambda: _Kept(max_evidence)))
    sources: dict[str, dict[str, None]] = defaultdict(dict)  # the documents of each region, in order
    failed: dict[str, dict[str, str]] = defaultdict(dict)
    texts: dict[str, str] = {}
    for result in results:
        documents.append(result.record)
        if result.text is not None:
            texts[result.record.path] = result.text
        for region in result.regions:
            for criterion, message in result.failed.items():
                failed[region.key].setdefault(criterion, f"{result.record.path}: {message}")
        for region_index, criterion, item in result.evidence:
            region = result.regions[region_index]
            key = region.key
            if key not in infos:
                infos[key] = region.info()
            evidence[key][criterion].add(item)
            sources[key][result.record.path] = None
    scorecards = [score_region(rulebook, infos[key], {c: kept.items for c, kept in evidence[key].items()},
                               list(sources[key]), failed[key], {c: kept.total for c, kept in evidence[key].items()})
                  for key in infos]
    scorecards.sort(key=lambda card: (-card.score, card.region.name))
    # not validated: the records are already typed, and validation would read the log into a list
    run = Run.model_construct(rulebook=RulebookRef(id=rulebook.spec.id, version=rulebook.spec.version,
                                                   name=rulebook.spec.name),
                              documents=documents, scorecards=scorecards)
    run.texts.update(texts)
    return run


def read_result(path: str, rulebook: Rulebook, options: Options, location: str | None = None) -> DocumentResult:
    """Evaluate one file; a file that cannot be read becomes a record with its error. `location`,
    when given, is where to read it (a cluster worker reads the client's absolute path) while the
    document keeps `path`, which its record shows and attribution reads."""
    try:
        document = read_document(location or path, options.read)
    except DocumentError as exc:
        return DocumentResult(DocumentRecord(path=path, error=str(exc)))
    if location is not None:
        document = dataclasses.replace(document, path=path)
    return evaluate_document(document, rulebook, options)


def read_results(paths: list[str], rulebook: Rulebook, options: Options | None = None,
                 expanded: bool = False) -> Iterable[DocumentResult]:
    """Evaluate each file (folders walked unless `expanded`), as read_result does."""
    options = options or Options()
    for path in paths if expanded else expand_paths(paths, options.selection):
        yield read_result(path, rulebook, options)


def evaluate(paths: list[str], rulebook: Rulebook, options: Options | None = None) -> Run:
    """Evaluate files and folders into one run."""
    return merge_results(rulebook, read_results(paths, rulebook, options))
