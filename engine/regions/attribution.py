"""Which regions a document reports on, and which region each sentence belongs to.

A careful reader's procedure, in order:
1. find the places (places.py): gazetteer names resolved among namesakes, short names only where
   the text supports them, and towns the gazetteer lacks;
2. find the parts its structure gives to one region (parts.py): speakers, departments, list
   items, grade lines, a round-up's paragraphs that open with peer places;
3. choose the subject: in a document of parts, the region whose meeting or round-up it is (the
   common parent of the parts that the introduction speaks of: 全省 → the province); otherwise
   the place of its title, else the most specific place the text keeps returning to (全市/我县
   point back to it); two sibling places joined by 和 are both subjects;
4. attribute each sentence: to its list item or grade line, to its part's owner, or to the
   subject. A document whose subject is never named gets a placeholder region, never a place it
   merely mentions.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..models import RegionInfo
from ..normalize import normalize
from ..segment import Segments
from .gazetteer import Division, Gazetteer, rank
from .parts import ONE_OF_MANY, find_parts, listed_places
from .places import LEVEL_CHARS, Place, PlaceFinder, describe, places_between, usual_name

UNNAMED = "未指明地区"
_SELF_REFERENCE = re.compile(f"[我本全该]([{LEVEL_CHARS}])")
# A paragraph in the host's own voice, after the parts of the speakers or of the places a round-up
# reports on: the meeting's (会议要求, 会议强调), or the host's department or whole (省市场监管局相关
# 负责人表示…, 全省…) — `{level}` is the host's level character (省 for a province).
_HOST_VOICE = r"\s*(?:(?:会议|大会)(?:指出|强调|要求|认为|提出|号召|明确|部署|总结)|全{level}|{level}[^，,。；]{{0,14}}?(?:厅|局|委|办|政府))"
_HOST_LEVEL = {"province": "省", "city": "市", "county": "县", "district": "区", "town": "镇"}
_LEVEL_WORD = {"province": "省", "city": "市州盟", "county": "县市旗", "district": "区", "town": "镇乡"}


@dataclass(frozen=True)
class Region:
    name: str
    level: str
    code: str | None
    parents: tuple[str, ...]
    ambiguous: tuple[str, ...] = ()
    parent_codes: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """What makes two mentions the same region across documents."""
        return self.code or "/".join((*self.parents, self.name))

    def info(self) -> RegionInfo:
        """The region as a scorecard records it."""
        return RegionInfo(name=self.name, level=self.level, code=self.code, parents=list(self.parents),
                          parent_codes=list(self.parent_codes), ambiguous=list(self.ambiguous))


@dataclass
class Attribution:
    regions: list[Region] = field(default_factory=list)
    sentence_regions: list[tuple[int, ...]] = field(default_factory=list)  # per sentence: indices into regions
    places: list[Place] = field(default_factory=list)
    # the few clauses whose regions are not their sentence's: (start, end, indices into regions)
    clause_regions: list[tuple[int, int, tuple[int, ...]]] = field(default_factory=list)

    def regions_at(self, sentence: int, position: int) -> tuple[int, ...]:
        """The regions of the evidence at `position`, in the sentence of that index."""
        for start, end, regions in self.clause_regions:
            if start <= position < end:
                return regions
        return self.sentence_regions[sentence]


def region_of(gazetteer: Gazetteer, division: Division, ambiguous: tuple[str, ...] = ()) -> Region:
    parents = gazetteer.parents(division)
    listed = "+" not in division.code  # towns the gazetteer lacks carry a synthetic code
    return Region(usual_name(division), division.level, division.code if listed else None,
                  tuple(usual_name(p) for p in parents), ambiguous, tuple(p.code for p in parents))


def placeholder(path: str) -> Region:
    return Region(f"{UNNAMED} ({path})", "unknown", None, ())


def forced_region(gazetteer: Gazetteer, name: str) -> Region:
    """The region `--region NAME` states (traditional forms too); a name the gazetteer lacks is kept as given."""
    name = normalize(name).strip()
    found = gazetteer.lookup(name)  # full names first, then by level and code
    if not found:
        return Region(name, "unknown", None, ())
    return region_of(gazetteer, found[0], tuple(describe(gazetteer, d) for d in found[1:4]))


def attribute(text: str, segments: Segments, path: str, gazetteer: Gazetteer, forced: str | None = None) -> Attribution:
    """Find the regions of one document and attribute every sentence to them."""
    if forced:
        return Attribution([forced_region(gazetteer, forced)], [(0,)] * len(segments.sentences))
    finder = PlaceFinder(gazetteer)
    places = finder.find(text)
    opening = segments.opening()
    places = sorted(places + finder.unlisted_towns(text, opening, places), key=lambda p: p.start)
    place_starts = [p.start for p in places]
    parts = find_parts(text, segments, places, place_starts, gazetteer, opening)
    chapters = [p for p in parts if p.end is None]

    regions: list[Region] = []
    index_of: dict[str, int] = {}

    def index(division: Division) -> int:
        if division.code not in index_of:
            index_of[division.code] = len(regions)
            regions.append(region_of(gazetteer, division, finder.ambiguous.get(division.code, ())))
        return index_of[division.code]

    lists = listed_places(text, segments, places, place_starts, gazetteer)
    listed_by_sentence = lists.by_sentence
    graded = {d.code for listed in listed_by_sentence for d in listed}
    if chapters:
        intro = text[:chapters[0].start]
        umbrella = _umbrella(gazetteer, intro, [p.owner for p in chapters], _document_province(gazetteer, places))
        subjects = [umbrella] if umbrella else []
    else:
        subjects = _subjects(text, segments, places, gazetteer, opening, graded | {p.owner.code for p in parts})
    subject_indices = tuple(index(d) for d in subjects)
    if not subjects and not chapters:
        regions.append(placeholder(path))
        subject_indices = (0,)

    items = [p for p in parts if p.end is not None]
    host = _HOST_LEVEL.get(subjects[0].level, "省") if subjects else "省"  # no umbrella: a province's meeting
    voice = re.compile(_HOST_VOICE.format(level=host))
    voices = [p.start for p in segments.paragraphs if voice.match(text, p.start)] if chapters else []
    sentence_regions: list[tuple[int, ...]] = []
    chapter = 0
    for sentence in segments.sentences:
        while chapter < len(chapters) and chapters[chapter].start <= sentence.start:
            chapter += 1
        listed = listed_by_sentence[sentence.index]
        item = next((p for p in items if p.start <= sentence.start < p.end), None)  # type: ignore[operator]
        named = places_between(places, place_starts, sentence.start, sentence.end)
        # In a notice that grades or lists its regions, a sentence naming some of them is theirs
        # (芜湖市成立质量强市工作领导小组…; 决定命名合肥市、芜湖市为…), not the issuing province's;
        # one that names a group by its first (济南市章丘区等6个县) speaks of the group: the issuer's.
        named_graded = [p.division for p in named if p.division.code in graded and not p.aside
                        and not ONE_OF_MANY.match(text, p.end)] if graded else []
        if listed:
            sentence_regions.append(tuple(dict.fromkeys(index(d) for d in listed)))
        elif named_graded:
            sentence_regions.append(tuple(dict.fromkeys(index(d) for d in named_graded)))
        elif item is not None:
            sentence_regions.append((index(item.owner),))
        elif chapter and not _after(voices, chapters[chapter - 1].start, sentence.start):
            sentence_regions.append((index(chapters[chapter - 1].owner),))
        else:
            own = _named_subjects(named, subjects)
            sentence_regions.append(tuple(index(d) for d in own) if own else subject_indices)
    clause_regions = [(start, end, tuple(index(d) for d in listed)) for start, end, listed in lists.ahead]
    return Attribution(regions, sentence_regions, places, clause_regions)


def _after(starts: list[int], start: int, position: int) -> bool:
    """Is there one of `starts` in (start, position]?"""
    found = bisect.bisect_right(starts, position)
    return found > 0 and starts[found - 1] > start


def _named_subjects(named: list[Place], subjects: list[Division]) -> list[Division]:
    """When a document has several subjects, a sentence naming some of them (`named`, the places
    of the sentence) belongs to those."""
    if len(subjects) < 2:
        return []
    codes = {d.code for d in subjects}
    return list({p.division.code: p.division for p in named if p.division.code in codes}.values())


def _document_province(gazetteer: Gazetteer, places: list[Place]) -> Division | None:
    """The province the document's places belong to (by mentions, including its cities')."""
    votes = Counter(gazetteer.province(p.division).code for p in places)
    return gazetteer.get(votes.most_common(1)[0][0]) if votes else None


def _umbrella(gazetteer: Gazetteer, intro: str, owners: list[Division], province: Division | None) -> Division | None:
    """The region whose meeting or round-up a document of parts is: the common parent of its
    parts, when the introduction speaks of it (全省推进质量强省工作会 → the province)."""
    chains = [[*gazetteer.parents(d), d] for d in owners]
    common = None
    for level in zip(*chains):
        if len({d.code for d in level}) != 1:
            break
        common = level[0]
    candidate = common or province
    if candidate is None:
        return None
    words = _LEVEL_WORD.get(candidate.level, "")
    speaks_of = usual_name(candidate) in intro or any(alias in intro for alias in candidate.aliases) or \
        any(f"全{w}" in intro or f"我{w}" in intro for w in words)
    owned = any(o.code == candidate.code for o in owners)
    return candidate if speaks_of or owned else None


def _subjects(text: str, segments: Segments, places: list[Place], gazetteer: Gazetteer,
              opening: tuple[int, int], listed: set[str]) -> list[Division]:
    """The regions the document reports on as a whole. `listed`: the codes of the places its lists
    grade or name and of those its items belong to, which are regions of their own and never the
    subject in the issuer's stead."""
    places = [p for p in places if not p.aside]
    if not places:
        return []
    by_code = {p.division.code: p.division for p in places}
    opening_bonus = 4.0 if segments.title_span() else 1.0
    self_levels = Counter(m.group(1) for m in _SELF_REFERENCE.finditer(text))
    scores: dict[str, float] = defaultdict(float)
    in_opening: set[str] = set()
    for place in places:
        scores[place.division.code] += 1.0
        if opening[0] <= place.start < opening[1]:
            in_opening.add(place.division.code)
    for code in in_opening:  # once per place: a title that names a province and its city favours neither
        scores[code] += opening_bonus
    for code in scores:
        scores[code] += 0.5 * min(self_levels.get(by_code[code].name[-1], 0), 4)
    ranked = sorted(scores, key=lambda c: (-scores[c], -rank(by_code[c]), c))
    best = by_code[ranked[0]]
    # The most specific place the text keeps returning to: prefer a descendant with a fair share.
    for code in ranked[1:]:
        candidate = by_code[code]
        if (gazetteer.is_within(candidate, best) and candidate.code != best.code and code not in listed
                and scores[code] >= 0.6 * scores[best.code]):
            best = candidate
    subjects = [best]
    # Two sibling places joined (洲泉镇和濮院镇) are both subjects.
    for code in ranked[1:]:
        candidate = by_code[code]
        if (code != best.code and candidate.parent == best.parent and candidate.level == best.level
                and scores[code] >= 0.8 * scores[best.code] and _joined(text, candidate.name, best.name)):
            subjects.append(candidate)
    return subjects


def _joined(text: str, first: str, second: str) -> bool:
    a, b = re.escape(first), re.escape(second)
    return re.search(f"{a}[和与及、]{b}|{b}[和与及、]{a}", text) is not None
