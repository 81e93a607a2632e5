"""Paragraphs, sentences and clauses as offset spans of the normalised text (never copies)."""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

_PARAGRAPH_BREAK = re.compile(r"[\r\n]\s*")
# A sentence ends at 。！？!? ; or a line break; an ASCII '.' only when it is not inside a number.
_SENTENCE_END = re.compile(r"[。！？!?；;]+[”’」』\"')）]*|\n|(?<!\d)\.(?!\d)")
# Clauses split at commas, enumeration commas, colons, and before the connectives that turn a clause.
_CLAUSE_END = re.compile(r"[，,、：:]|(?=但是|但|然而|同时[，,])")


_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{4}")
_FULL_STOP = re.compile(r"[。;；]")
# The name of a document, law or plan in book-title marks (《质量强国建设纲要》), on one line.
BOOK_TITLE = re.compile(r"《[^《》\n]{1,80}》")
# Where a major clause ends: a comma or a sentence stop (the enumeration comma 、 does not).
MAJOR_CLAUSE_END = re.compile(r"[，,；;。！？!?]")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    index: int


def _spans(text: str, start: int, end: int, boundary: re.Pattern[str], first_index: int = 0) -> list[Span]:
    spans: list[Span] = []
    position = start
    for match in boundary.finditer(text, start, end):
        stop = match.end()
        if text[position:stop].strip():
            spans.append(Span(position, stop, first_index + len(spans)))
        position = stop
    if text[position:end].strip():
        spans.append(Span(position, end, first_index + len(spans)))
    return spans


def _trim(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, span.index)


@dataclass
class Segments:
    """The paragraphs, sentences and clauses of one text, with lookups by offset."""

    text: str
    paragraphs: list[Span]
    sentences: list[Span]
    sentence_paragraph: list[int]

    def __post_init__(self) -> None:
        self._sentence_starts = [s.start for s in self.sentences]
        self._paragraph_starts = [p.start for p in self.paragraphs]
        self._clauses: dict[int, tuple[list[int], list[Span]]] = {}  # split on demand, per sentence
        self._title: tuple[tuple[int, int] | None] | None = None  # found once, on demand
        self._book_titles: list[tuple[int, int]] | None = None

    @staticmethod
    def _at(starts: list[int], spans: list[Span], position: int) -> Span:
        index = max(bisect.bisect_right(starts, position) - 1, 0)
        return spans[index]

    def sentence_at(self, position: int) -> Span:
        return self._at(self._sentence_starts, self.sentences, position)

    def sentence_indices(self, positions: Iterable[int]) -> set[int]:
        """The indices of the sentences that hold these positions."""
        starts, last = self._sentence_starts, bisect.bisect_right
        return {max(last(starts, position) - 1, 0) for position in positions}

    def clause_at(self, position: int) -> Span:
        starts, clauses = self._clauses_of(self.sentence_at(position))
        return self._at(starts, clauses, position)

    def _clauses_of(self, sentence: Span) -> tuple[list[int], list[Span]]:
        """The clauses of one sentence, split the first time they are asked for: most sentences of
        a long report hold no hit and are never split."""
        cached = self._clauses.get(sentence.index)
        if cached is None:
            clauses = _spans(self.text, sentence.start, sentence.end, _CLAUSE_END) or [Span(sentence.start, sentence.end, 0)]
            cached = self._clauses[sentence.index] = ([c.start for c in clauses], clauses)
        return cached

    def paragraph_at(self, position: int) -> Span:
        return self._at(self._paragraph_starts, self.paragraphs, position)

    def title_span(self) -> tuple[int, int] | None:
        """The title: the first one or two short lines without sentence punctuation, past page furniture."""
        if self._title is None:
            self._title = (self._find_title(),)
        return self._title[0]

    def book_titles(self) -> list[tuple[int, int]]:
        """The spans of the 《…》 titles of documents, laws and plans, in order, never overlapping
        (found once: status and traps both need them)."""
        if self._book_titles is None:
            self._book_titles = [(m.start(), m.end()) for m in BOOK_TITLE.finditer(self.text)]
        return self._book_titles

    def opening(self) -> tuple[int, int]:
        """Where a document says what it is: its title, else its first sentence."""
        title = self.title_span()
        if title is not None:
            return title
        return (self.sentences[0].start, self.sentences[0].end) if self.sentences else (0, 0)

    def _find_title(self) -> tuple[int, int] | None:
        found: list[tuple[int, int]] = []
        for paragraph in self.paragraphs[:25]:
            body = self.text[paragraph.start:paragraph.end].strip()
            if 8 <= len(body) <= 60 and _HAN_RUN.search(body) and not _FULL_STOP.search(body):
                found.append((paragraph.start, paragraph.end))
                if len(found) == 2:
                    break
            elif found or len(body) > 60:
                break
        return (found[0][0], found[-1][1]) if found else None

    def clauses_of(self, sentence: Span) -> list[Span]:
        """The clauses of a sentence, in order (their index counts within the sentence)."""
        return self._clauses_of(sentence)[1]


def split(text: str) -> Segments:
    """Split into paragraphs (line breaks), sentences and clauses, keeping offsets."""
    paragraphs = [_trim(text, p) for p in _spans(text, 0, len(text), _PARAGRAPH_BREAK)]
    sentences: list[Span] = []
    sentence_paragraph: list[int] = []
    for paragraph in paragraphs:
        for sentence in _spans(text, paragraph.start, paragraph.end, _SENTENCE_END, len(sentences)):
            sentences.append(_trim(text, sentence))
            sentence_paragraph.append(paragraph.index)
    return Segments(text, paragraphs, sentences, sentence_paragraph)
