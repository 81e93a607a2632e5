"""Which regions a document reports on, and which region each sentence belongs to.

A careful reader's procedure, in order:
1. find every place name (gazetteer scan) and resolve each to one division, using the other
   places of the same text to choose between namesakes (朝阳区 of 北京 or of 长春);
2. find the parts that belong to a named speaker or department: a short line such as
   `成都市政府副市长田蓉` opens 成都市's part; `省经信委…` speaks for the province;
3. find grade lists (`A级:蓬江区;`), whose every listed place is a region with that line;
4. choose the document's subject: the place of its title, else the most specific place the
   text keeps returning to (全市/我县 point back to it); two sibling places joined by 和 are both
   subjects;
5. attribute each sentence: to its part's speaker region, to the places of a grade line, or to
   the subject. A document whose subject is never named gets a placeholder region.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..segment import Segments
from .gazetteer import Division, Gazetteer, PlaceHit

UNNAMED = "未指明地区"

# 石柱土家族自治县 → 石柱县: the usual form drops the autonomy words of counties and banners.
_ETHNIC_COUNTY = re.compile(r"^(.{2,}?)(?:[\u4e00-\u9fff]{1,4}?族)+自治([县旗])$")
_SPEAKER_TITLE = re.compile(r"(副?(?:省长|市长|州长|县长|区长|镇长|乡长|书记|主任|局长|厅长|部长|秘书长|总经济师|总工程师|"
                            r"巡视员|委员|主席|党组成员)|负责人|代表)[\u4e00-\u9fff·]{0,4}$")
_PROVINCE_DEPARTMENT = re.compile(r"^省(?:[\u4e00-\u9fff]{1,14}?)(?:委员会|委|厅|局|办公室|办)")
_GRADE_LINE = re.compile(r"\s*[A-E]级\s*[:：]")  # used with .match at a sentence start
_LEVEL_WORDS = {"province": "省", "city": "市州盟", "county": "县市旗", "district": "区", "town": "镇乡街道"}
_SELF_REFERENCE = re.compile(r"[我本全该]([省市州盟县区旗镇乡])")
_NOISE_BEFORE = set("示")  # 示范县 hides 范县


@dataclass(frozen=True)
class Region:
    name: str
    level: str
    code: str | None
    parents: tuple[str, ...]
    ambiguous: tuple[str, ...] = ()


@dataclass
class Attribution:
    regions: list[Region] = field(default_factory=list)
    sentence_regions: list[tuple[int, ...]] = field(default_factory=list)  # per sentence: indices into regions


def usual_name(division: Division) -> str:
    match = _ETHNIC_COUNTY.match(division.name)
    return match.group(1) + match.group(2) if match else division.name


def _region(gazetteer: Gazetteer, division: Division, ambiguous: tuple[str, ...] = ()) -> Region:
    parents = tuple(usual_name(p) for p in gazetteer.parents(division))
    return Region(usual_name(division), division.level, division.code, parents, ambiguous)


def _placeholder(path: str, name: str | None = None) -> Region:
    return Region(name or f"{UNNAMED} ({path})", "unknown", None, ())


class _Resolver:
    """Resolves place hits to divisions, preferring namesakes whose ancestors the text names."""

    def __init__(self, gazetteer: Gazetteer, hits: list[PlaceHit]) -> None:
        self.gazetteer = gazetteer
        named = {c.code for hit in hits for c in hit.candidates if len(hit.candidates) == 1 or hit.full}
        self._named_codes = named
        self.ambiguous: dict[str, tuple[str, ...]] = {}

    def resolve(self, hit: PlaceHit) -> Division:
        candidates = hit.candidates
        if hit.full:
            candidates = tuple(c for c in candidates if c.name == hit.surface) or candidates
        if len(candidates) == 1:
            return candidates[0]

        def support(division: Division) -> int:
            return sum(p.code in self._named_codes for p in self.gazetteer.parents(division))

        ranked = sorted(candidates, key=lambda c: (-support(c), _rank(c)))
        best = ranked[0]
        if len(ranked) > 1 and support(ranked[1]) == support(best) and _rank(ranked[1]) == _rank(best):
            # Still ambiguous: keep the first by code, and say so in the scorecard.
            others = tuple(f"{usual_name(c)} ({'/'.join(usual_name(p) for p in self.gazetteer.parents(c))})"
                           for c in ranked[1:4])
            self.ambiguous[best.code] = others
        return best


def _rank(division: Division) -> int:
    return {"province": 0, "city": 1, "county": 2, "district": 2, "town": 3}.get(division.level, 9)


def _usable(text: str, hit: PlaceHit) -> bool:
    if hit.start > 0 and text[hit.start - 1] in _NOISE_BEFORE and len(hit.surface) <= 2:
        return False
    if not hit.full and len(hit.surface) < 2:
        return False
    return True


def _drop_unsupported_short_names(hits: list[PlaceHit], resolved: dict[int, Division], gazetteer: Gazetteer) -> None:
    """A bare short name below city level (新建, 朝天) or a two-character full name (城区, 东区) is a
    place only when the text also names it in full or names one of its parents: otherwise it is a
    word (新建高标准农田, 城区空气质量)."""
    named = {resolved[h.start].code for h in hits if h.full and len(h.surface) > 2 and h.start in resolved}
    for hit in hits:
        division = resolved.get(hit.start)
        if division is None or division.level not in ("county", "district", "town"):
            continue
        if hit.full and len(hit.surface) > 2:
            continue
        if division.code in named or any(p.code in named for p in gazetteer.parents(division)):
            continue
        del resolved[hit.start]


def _speaker_region(text: str, line: tuple[int, int], resolved: dict[int, Division], province: Division | None,
                    gazetteer: Gazetteer) -> Division | None:
    """The region a short heading line introduces, if it is a speaker's or a department's line."""
    start, end = line
    body = text[start:end].strip()
    if not body or len(body) > 40 or re.search(r"[。，,；;！？]", body):
        return None
    if _PROVINCE_DEPARTMENT.match(body) and _SPEAKER_TITLE.search(body):
        return province
    first = min((s for s in resolved if start <= s < end), default=None)
    if first is not None and first - start <= 1 and _SPEAKER_TITLE.search(body):
        return resolved[first]
    return None


def attribute(text: str, segments: Segments, path: str, gazetteer: Gazetteer, forced: str | None = None) -> Attribution:
    """Find the regions of one document and attribute every sentence to them."""
    hits = [h for h in gazetteer.scan(text) if _usable(text, h)]
    resolver = _Resolver(gazetteer, hits)
    resolved: dict[int, Division] = {}
    for hit in hits:
        resolved[hit.start] = resolver.resolve(hit)
    _drop_unsupported_short_names(hits, resolved, gazetteer)

    if forced:
        region = _forced_region(gazetteer, forced)
        return Attribution([region], [(0,)] * len(segments.sentences))

    counts = Counter(d.code for d in resolved.values())
    by_code = {d.code: d for d in resolved.values()}
    province = _document_province(gazetteer, by_code, counts)

    # Parts opened by speaker or department lines.
    part_starts: list[tuple[int, Division]] = []
    for paragraph in segments.paragraphs:
        owner = _speaker_region(text, (paragraph.start, paragraph.end), resolved, province, gazetteer)
        if owner is not None:
            part_starts.append((paragraph.start, owner))

    subjects = _subjects(text, segments, resolved, by_code, counts, gazetteer, part_starts, province)
    regions: list[Region] = []
    index_of: dict[str, int] = {}

    def region_index(division: Division) -> int:
        if division.code not in index_of:
            index_of[division.code] = len(regions)
            regions.append(_region(gazetteer, division, resolver.ambiguous.get(division.code, ())))
        return index_of[division.code]

    subject_indices = tuple(region_index(d) for d in subjects)
    if not subjects:
        regions.append(_placeholder(path))
        subject_indices = (0,)

    sentence_regions: list[tuple[int, ...]] = []
    part_index = 0
    for sentence in segments.sentences:
        while part_index < len(part_starts) and part_starts[part_index][0] <= sentence.start:
            part_index += 1
        owner = part_starts[part_index - 1][1] if part_index else None
        if _GRADE_LINE.match(text, sentence.start):
            listed = [resolved[s] for s in sorted(resolved) if sentence.start <= s < sentence.end]
            if listed:
                sentence_regions.append(tuple(dict.fromkeys(region_index(d) for d in listed)))
                continue
        if owner is not None:
            sentence_regions.append((region_index(owner),))
            continue
        if part_starts:  # the introduction of a conference text belongs to its umbrella region
            sentence_regions.append(subject_indices[:1])
            continue
        own = _joined_subjects_in(sentence.start, sentence.end, resolved, subjects)
        sentence_regions.append(tuple(region_index(d) for d in own) if own else subject_indices)
    return Attribution(regions, sentence_regions)


def _joined_subjects_in(start: int, end: int, resolved: dict[int, Division], subjects: list[Division]) -> list[Division]:
    """When a document has several subjects, a sentence naming some of them belongs to those."""
    if len(subjects) < 2:
        return []
    codes = {d.code for d in subjects}
    named = [resolved[s] for s in sorted(resolved) if start <= s < end and resolved[s].code in codes]
    return list({d.code: d for d in named}.values())


def _document_province(gazetteer: Gazetteer, by_code: dict[str, Division], counts: Counter) -> Division | None:
    """The province the document's places belong to (by mentions, including its cities')."""
    votes: Counter = Counter()
    for code, count in counts.items():
        division = by_code[code]
        chain = [*gazetteer.parents(division), division]
        votes[chain[0].code] += count
    if not votes:
        return None
    code, _ = votes.most_common(1)[0]
    return gazetteer.get(code)


def _subjects(text: str, segments: Segments, resolved: dict[int, Division], by_code: dict[str, Division],
              counts: Counter, gazetteer: Gazetteer, part_starts: list[tuple[int, Division]],
              province: Division | None) -> list[Division]:
    if part_starts:
        # A conference text: the introduction before the first part speaks for the umbrella region.
        intro_end = part_starts[0][0]
        intro = text[:intro_end]
        owners = {d.code: d for _, d in part_starts}
        umbrella = province if ("全省" in intro or "省" in intro) else None
        subjects = [umbrella] if umbrella is not None else []
        return subjects + [d for code, d in owners.items() if umbrella is None or code != umbrella.code]
    if not counts:
        return []
    title = segments.title_span()
    opening = title or (segments.sentences[0].start, segments.sentences[0].end)
    opening_bonus = 4.0 if title else 1.0
    self_levels = Counter(m.group(1) for m in _SELF_REFERENCE.finditer(text))
    scores: dict[str, float] = defaultdict(float)
    in_opening: set[str] = set()
    for position, division in resolved.items():
        scores[division.code] += 1.0
        if opening[0] <= position < opening[1]:
            in_opening.add(division.code)
    for code in in_opening:  # once per place: a title that names a province and its city favours neither
        scores[code] += opening_bonus
    for code in list(scores):
        division = by_code[code]
        suffix = division.name[-1]
        scores[code] += 0.5 * min(self_levels.get(suffix, 0), 4)
    ranked = sorted(scores, key=lambda c: (-scores[c], -_rank(by_code[c]), c))
    best = by_code[ranked[0]]
    # The most specific place the text keeps returning to: prefer a descendant with a fair share.
    for code in ranked[1:]:
        candidate = by_code[code]
        if gazetteer.is_within(candidate, best) and scores[code] >= 0.6 * scores[best.code] and counts[code] >= 1:
            best = candidate
    subjects = [best]
    # Two sibling places joined (洲泉镇和濮院镇) are both subjects.
    for code in ranked[1:]:
        candidate = by_code[code]
        if (candidate.parent == best.parent and candidate.level == best.level
                and scores[code] >= 0.8 * scores[best.code]
                and re.search(re.escape(candidate.name) + r"[和与及、]" + re.escape(best.name) + "|" +
                              re.escape(best.name) + r"[和与及、]" + re.escape(candidate.name), text)):
            subjects.append(candidate)
    return subjects


def _forced_region(gazetteer: Gazetteer, name: str) -> Region:
    found = gazetteer.lookup(name)
    if len(found) >= 1:
        division = sorted(found, key=lambda d: (d.name != name, _rank(d)))[0]
        others = tuple(usual_name(d) for d in found if d.code != division.code)
        return _region(gazetteer, division, others)
    return _placeholder("", name)
