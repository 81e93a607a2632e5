"""Is a document, and is a passage, about quality work? (the rulebook's `relevance` anchors)

Government work reports run to tens of thousands of characters and speak of quality work in a
few paragraphs; a passage on school enrolment that says 质量 is not evidence. Generic rules
(培训, 旅游, 满意度) therefore ask for an anchor term in their sentence or passage, and a
document with too few anchors yields no evidence at all.
"""
from __future__ import annotations

import bisect

from .matching import TermIndex
from .rulebook import Relevance as RelevanceSpec
from .segment import Segments, Span

PASSAGE_SENTENCES = 2  # a passage: the sentence and two on either side, within one paragraph


class Relevance:
    def __init__(self, text: str, segments: Segments, terms: TermIndex, spec: RelevanceSpec) -> None:
        self.segments = segments
        cancel = terms.occurrences(spec.exclude)
        self.anchor_hits = [o for o in terms.occurrences({*spec.anchors, *spec.core})
                            if not any(c.start < o.end and o.start < c.end for c in cancel)]
        self._anchor_starts = [o.start for o in self.anchor_hits]
        count, distinct = len(self.anchor_hits), {o.term for o in self.anchor_hits}
        dense = (len(distinct) >= 2 and not distinct.isdisjoint(spec.core) and spec.density_min > 0
                 and 1000 * count / max(len(text), 1) >= spec.density_min)
        self.about_quality_work = not (spec.anchors or spec.core) or count >= spec.document_min or dense
        self._passage_anchors: list[str | None] | None = None  # per sentence, found on first use

    def _anchor_in(self, start: int, end: int) -> str | None:
        index = bisect.bisect_left(self._anchor_starts, start)
        if index < len(self._anchor_starts) and self._anchor_starts[index] < end:
            return self.anchor_hits[index].term
        return None

    def passage_anchor(self, sentence: Span) -> str | None:
        """The anchor that makes the sentence's passage quality work, if any (shown by `explain`):
        the sentence's own, else one of its passage (found once per sentence, for all callers)."""
        if self._passage_anchors is None:
            self._passage_anchors = [self._anchor_in(s.start, s.end) or self._anchor_in(*self.passage(s))
                                     for s in self.segments.sentences]
        return self._passage_anchors[sentence.index]

    def quality_share(self) -> float:
        """The share of sentences whose passage speaks of quality work."""
        sentences = self.segments.sentences
        return round(sum(self.passage_anchor(s) is not None for s in sentences) / len(sentences), 3) if sentences else 0.0

    def passage(self, sentence: Span) -> tuple[int, int]:
        sentences = self.segments.sentences
        paragraph = self.segments.sentence_paragraph[sentence.index]
        lo = hi = sentence.index
        while lo > 0 and sentence.index - lo < PASSAGE_SENTENCES and self.segments.sentence_paragraph[lo - 1] == paragraph:
            lo -= 1
        while hi + 1 < len(sentences) and hi - sentence.index < PASSAGE_SENTENCES and self.segments.sentence_paragraph[hi + 1] == paragraph:
            hi += 1
        return sentences[lo].start, sentences[hi].end

    def admits(self, sentence: Span, anchor: str) -> bool:
        """May a finding in this sentence, whose rule asks for `anchor`, count as evidence?"""
        if not self.about_quality_work:
            return False
        if anchor == "sentence":
            return self._anchor_in(sentence.start, sentence.end) is not None
        if anchor == "passage":  # the passage holds the sentence: its anchor is the passage's
            return self.passage_anchor(sentence) is not None
        return True
