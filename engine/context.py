"""The context a rule works through: lookups into one document, and `report` for its findings.

Rules never build evidence themselves: the engine owns sentences, offsets, regions, status and
de-duplication (textlint's pattern), so a rule only says where it found what.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .figures import FoundFigure, find_figures
from .matching import Occurrence, TermIndex
from .models import Figure
from .segment import Segments, Span


@dataclass(frozen=True, slots=True)
class Finding:
    """One report of one rule: the matched span (normalised offsets) and what matched."""

    criterion: str
    rule: str
    anchor: str
    start: int
    end: int
    matched: tuple[str, ...]
    figures: tuple[Figure, ...] = ()


@dataclass
class DocumentView:
    """What every rule of a document shares: the text, its segments and its term occurrences."""

    text: str
    segments: Segments
    terms: TermIndex
    _figures: dict[int, list[FoundFigure]] = field(default_factory=dict)
    _term_sentences: dict[str, set[int]] = field(default_factory=dict)
    _holding: dict[frozenset[str], set[int]] = field(default_factory=dict)

    def _indices_holding(self, terms: frozenset[str]) -> set[int]:
        """The indices of the sentences holding any of these terms (computed once per term and
        per set of terms: many rules share their literals)."""
        found = self._holding.get(terms)
        if found is None:
            found = set()
            for term in terms:
                starts = self.terms.starts(term)
                if starts:
                    indices = self._term_sentences.get(term)
                    if indices is None:
                        indices = self._term_sentences[term] = self.segments.sentence_indices(starts)
                    found |= indices
            self._holding[terms] = found
        return found

    def sentences_holding(self, terms: frozenset[str]) -> list[Span]:
        """The sentences that hold an occurrence of any of these terms, in order."""
        sentences = self.segments.sentences
        return [sentences[i] for i in sorted(self._indices_holding(terms))]

    def sentences_holding_each(self, groups: tuple[frozenset[str], ...]) -> list[Span]:
        """The sentences that hold an occurrence of a term of every group, in order."""
        sentences = self.segments.sentences
        if not groups:
            return list(sentences)
        if not all(self.terms.holds_any(group) for group in groups):
            return []  # the common case, found without asking where each term stands
        indices = set.intersection(*sorted((self._indices_holding(group) for group in groups), key=len))
        return [sentences[i] for i in sorted(indices)]

    def figures_of_sentence(self, sentence: Span) -> list[FoundFigure]:
        """The figures of a sentence, read the first time a rule or the engine asks."""
        if sentence.index not in self._figures:
            self._figures[sentence.index] = find_figures(self.text, sentence.start, sentence.end)
        return self._figures[sentence.index]

    def figures_in(self, start: int, end: int) -> list[FoundFigure]:
        """The figures lying wholly inside [start, end) of the sentence that holds `start`."""
        sentence = self.segments.sentence_at(start)
        return [f for f in self.figures_of_sentence(sentence) if start <= f.start and f.end <= end]


class RuleContext:
    """The view of one document given to one rule of one criterion."""

    def __init__(self, view: DocumentView, criterion: str, rule: object, findings: list[Finding]) -> None:
        self._view = view
        self._criterion = criterion
        self._findings = findings
        # a plugin's rule type need not subclass Rule: its name and anchor are asked for leniently
        self.rule_name: str = getattr(rule, "name", type(rule).__name__)
        self._anchor: str = getattr(getattr(rule, "config", None), "anchor", "none")

    @property
    def text(self) -> str:
        """The normalised text (simplified, half-width), same length as the original."""
        return self._view.text

    def occurrences(self, terms: Iterable[str]) -> list[Occurrence]:
        """Every occurrence of these literal terms in the document, in text order."""
        return self._view.terms.occurrences(terms)

    def occurrences_in(self, start: int, end: int, terms: Iterable[str]) -> list[Occurrence]:
        """Occurrences of these terms lying inside [start, end)."""
        return self._view.terms.occurrences_in(start, end, terms)

    def unit_at(self, position: int, scope: str) -> Span:
        """The sentence or clause that holds a position (scope: "sentence" or "clause")."""
        if scope not in ("sentence", "clause"):
            raise ValueError(f"scope must be 'sentence' or 'clause', not {scope!r}")
        segments = self._view.segments
        return segments.clause_at(position) if scope == "clause" else segments.sentence_at(position)

    def sentences(self) -> Sequence[Span]:
        return self._view.segments.sentences

    def sentences_holding(self, terms: Iterable[str]) -> list[Span]:
        """The sentences that hold any of these literal terms (each once, in text order)."""
        return self._view.sentences_holding(frozenset(terms))

    def sentences_holding_each(self, groups: Iterable[Iterable[str]]) -> list[Span]:
        """The sentences that hold a term of every group (each once, in text order): where a rule
        whose terms must meet in one sentence can find anything at all."""
        return self._view.sentences_holding_each(tuple(frozenset(group) for group in groups))

    def figures_in(self, start: int, end: int) -> list[FoundFigure]:
        """The figures (number + unit, with offsets) inside [start, end) of one sentence."""
        return self._view.figures_in(start, end)

    def report(self, start: int, end: int, matched: Sequence[str], figures: Sequence[Figure] = ()) -> None:
        """Record evidence: the span that matched (normalised offsets) and the terms that did."""
        self._findings.append(Finding(
            criterion=self._criterion, rule=self.rule_name, anchor=self._anchor,
            start=start, end=end, matched=tuple(dict.fromkeys(matched)), figures=tuple(figures),
        ))
