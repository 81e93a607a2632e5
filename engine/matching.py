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


class TermAutomaton:
    """All rulebook literals in one automaton; `scan` returns every overlapping occurrence."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms: list[str] = sorted({t for t in terms if t})
        self._automaton = daachorse.CharwiseDoubleArrayAhoCorasick(self.terms) if self.terms else None

    def scan(self, text: str) -> "TermIndex":
        found: dict[str, list[Occurrence]] = defaultdict(list)
        if self._automaton is not None:
            terms = self.terms
            for start, end, term_id in self._automaton.find_overlapping(text):
                term = terms[term_id]
                found[term].append(Occurrence(start, end, term))
        return TermIndex(found)


class TermIndex:
    """The occurrences of one document, by term, each list in text order."""

    def __init__(self, found: dict[str, list[Occurrence]]) -> None:
        self._found = found
        self._starts = {term: [o.start for o in occ] for term, occ in found.items()}

    def occurrences(self, terms: Iterable[str]) -> list[Occurrence]:
        merged = [o for term in terms for o in self._found.get(term, ())]
        merged.sort(key=lambda o: (o.start, -o.end))
        return merged

    def occurrences_in(self, start: int, end: int, terms: Iterable[str]) -> list[Occurrence]:
        """Occurrences lying wholly inside [start, end)."""
        out = []
        for term in terms:
            starts = self._starts.get(term)
            if not starts:
                continue
            lo = bisect.bisect_left(starts, start)
            hi = bisect.bisect_left(starts, end)
            out.extend(o for o in self._found[term][lo:hi] if o.end <= end)
        out.sort(key=lambda o: (o.start, -o.end))
        return out
