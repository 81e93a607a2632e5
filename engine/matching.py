"""The one pass: every literal term of every rule, found by a single Aho-Corasick automaton."""
from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import daachorse


@dataclass(frozen=True, slots=True)
class Occurrence:
    start: int
    end: int
    term: str


def _in_text_order(occurrence: Occurrence) -> tuple[int, int]:
    """By start; at the same start, the longer first."""
    return occurrence.start, -occurrence.end


class TermAutomaton:
    """All rulebook literals in one automaton; `scan` returns every overlapping occurrence."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms: list[str] = sorted({t for t in terms if t})
        self._automaton = daachorse.CharwiseDoubleArrayAhoCorasick(self.terms) if self.terms else None

    def scan(self, text: str) -> "TermIndex":
        found: dict[str, list[tuple[int, int, int]]] = {}
        if self._automaton is not None:
            by_id: defaultdict[int, list[tuple[int, int, int]]] = defaultdict(list)
            for hit in self._automaton.find_overlapping(text):
                by_id[hit[2]].append(hit)
            terms = self.terms
            found = {terms[term_id]: hits for term_id, hits in by_id.items()}
        return TermIndex(found)


class TermIndex:
    """The occurrences of one document, by term, each list in text order.

    The automaton's hits are kept as it gives them, and a term's `Occurrence` objects are made the
    first time a rule asks for them: many terms are only asked whether, or where, they occur."""

    def __init__(self, hits: dict[str, list[tuple[int, int, int]]]) -> None:
        self._hits = hits  # (start, end, term id) in text order, by term
        self._found: dict[str, list[Occurrence]] = {}
        self._starts: dict[str, list[int]] = {}

    def _of(self, term: str) -> list[Occurrence]:
        found = self._found.get(term)
        if found is None:
            found = self._found[term] = [Occurrence(start, end, term) for start, end, _ in self._hits.get(term, ())]
        return found

    def holds_any(self, terms: Iterable[str]) -> bool:
        """Does any of these terms occur?"""
        hits = self._hits
        return any(term in hits for term in terms)

    def starts(self, term: str) -> list[int]:
        """Where the occurrences of one term start, in order."""
        starts = self._starts.get(term)
        if starts is None:
            starts = self._starts[term] = [hit[0] for hit in self._hits.get(term, ())]
        return starts

    def occurrences(self, terms: Iterable[str]) -> list[Occurrence]:
        merged = [o for term in terms if term in self._hits for o in self._of(term)]
        merged.sort(key=_in_text_order)
        return merged

    def occurrences_in(self, start: int, end: int, terms: Iterable[str]) -> list[Occurrence]:
        """Occurrences lying wholly inside [start, end)."""
        out = []
        for term in terms:
            if term not in self._hits:
                continue
            starts = self.starts(term)
            lo = bisect.bisect_left(starts, start)
            hi = bisect.bisect_left(starts, end)
            if lo < hi:
                out.extend(o for o in self._of(term)[lo:hi] if o.end <= end)
        out.sort(key=_in_text_order)
        return out
