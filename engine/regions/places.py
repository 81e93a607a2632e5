"""Place mentions in a text: gazetteer names resolved to one division, and towns it does not have.

Three guards a careful reader applies without thinking:
- namesakes (朝阳区 of 北京 and of 长春; two 航头镇) are resolved by the other places the text
  names (an ancestor named anywhere, then the province most of the text is about); what stays
  ambiguous is kept and reported, never dropped or picked silently;
- a bare short name below city level (新建, 朝天) or a two-character full name (城区, 东区) counts
  only where the text also names the place in full or one of its parents: otherwise it is a word
  (新建高标准农田, 城区空气质量); 示范县 does not hide 范县;
- a 镇/乡/街道 that the gazetteer lacks is still a place when it stands where names stand (after
  a county or city, after punctuation, or where jieba's segmentation puts a word boundary) and
  is not a generic word (乡镇, 质量强镇, 特色小镇).
"""
from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass

from .gazetteer import Division, Gazetteer, PlaceHit, rank

_HIDDEN_BEFORE = set("示")  # 示范县 hides 范县
# A town-level suffix, and what stands before a generic one rather than a name.
_TOWN_SUFFIX = re.compile(r"街道|镇|乡")
_GENERIC_STEMS = re.compile(
    r"(质量强|品牌强|示范|特色|中心|重点|建制|卫星|专业|工业|农业|旅游|商贸|经济|名|美丽|文明|卫生|生态|森林|园林|"
    r"省级|市级|县级|国家级|全国|重|强|古|小|城|集|村|乡|全|我|本|该|各|每|此|原|新|老|下|返|家|故|水|他|异|邻|"
    r"城乡|贫困|边远|偏远|山区|民族|先进|样板|标杆|试点|创建|培育|历史文化|特色小|和|与|及|的|等|个)$")
_WORD_AFTER = re.compile(r"(?<=乡)[村镇土亲愁贤风情间里音下]|(?<=镇)[压守静定]")
# The characters that end a division's name, by level; a short form with one (石柱县) is no common word.
LEVEL_CHARS = "省市州盟县区旗镇乡"
_ADMIN_SUFFIXES = set(LEVEL_CHARS + "道")  # 街道 too
_STOP_BEFORE = set("，,、。；;：:（(“\"《 \n\t和与及在对到赴向由是为于把将从该全本")


@dataclass(frozen=True, slots=True)
class Place:
    start: int
    end: int
    division: Division
    full: bool  # named in full (not only by a short form)
    aside: bool = False  # a title, a newspaper, a visiting delegation: named, but not reported on


# Places named in passing: inside the title of another document (《湖北省质量兴省战略发展纲要》), as a
# newspaper or broadcaster (德阳日报), or as visitors (嘉兴市考察团一行).
_ASIDE_AFTER = re.compile(r"[^，,。；;]{0,6}?(日报|晚报|早报|电视台|广播电视台|新闻网|融媒体|考察团|代表团|调研组|"
                          r"考察组|客商|一行)")


def usual_name(division: Division) -> str:
    """石柱土家族自治县 → 石柱县: the usual form drops the autonomy words of counties and banners."""
    match = _ETHNIC_COUNTY.match(division.name)
    return match.group(1) + match.group(2) if match else division.name


_ETHNIC_COUNTY = re.compile(r"^(.{2,}?)(?:[\u4e00-\u9fff]{1,4}?族)+自治([县旗])$")


def places_between(places: list[Place], starts: list[int], start: int, end: int) -> list[Place]:
    """The places that start in [start, end): `places` in text order, `starts` their starts."""
    return places[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]


def describe(gazetteer: Gazetteer, division: Division) -> str:
    """A division with its parents, to tell namesakes apart: 鼓楼区 (江苏省/徐州市)."""
    parents = "/".join(usual_name(p) for p in gazetteer.parents(division))
    return f"{usual_name(division)} ({parents})" if parents else usual_name(division)


class PlaceFinder:
    """Finds and resolves the places of one text."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.ambiguous: dict[str, tuple[str, ...]] = {}

    def find(self, text: str) -> list[Place]:
        scanned = self.gazetteer.scan(text)
        glued = self._glued_towns(text, scanned)
        hits = [h for h in scanned if self._usable(text, h) and h.surface not in glued]
        named = {c.code for h in hits for c in h.candidates if len(h.candidates) == 1 or h.full}
        province_votes = Counter(self.gazetteer.province(c).code for h in hits if len(h.candidates) == 1 for c in h.candidates)
        places = [Place(h.start, h.end, self._resolve(h, named, province_votes), h.full, _aside(text, h.start, h.end))
                  for h in hits]
        return self._supported(self._adjacent_towns(places), text)

    def _adjacent_towns(self, places: list[Place]) -> list[Place]:
        """A town named right after a county or city that is not its parent (彭州市青石岭镇, when
        the gazetteer's only 青石岭镇 is in 辽宁) is that county's town, missing from the data."""
        ends = {p.end: p for p in places}
        out = []
        for place in places:
            before = ends.get(place.start)
            division = place.division
            if (before is not None and division.level == "town" and before.division.level in ("county", "district", "city")
                    and not self.gazetteer.is_within(division, before.division)):
                division = Division(code=f"{before.division.code}+{division.name}", name=division.name, level="town",
                                    parent=before.division.code, aliases=())
                self.ambiguous.pop(place.division.code, None)
            out.append(Place(place.start, place.end, division, place.full, place.aside))
        renamed = {p.division.name: p.division for p in out if "+" in p.division.code}
        return [Place(p.start, p.end, renamed[p.division.name], p.full, p.aside)
                if p.division.level == "town" and p.division.name in renamed else p for p in out]

    @staticmethod
    def _glued_towns(text: str, hits: list[PlaceHit]) -> set[str]:
        """Town names that the text always writes glued to the same character (石板镇 in every
        青石板镇): the end of another town's name, one the gazetteer may lack. A town named after
        varying words (桐乡市洲泉镇, 听取了洲泉镇) is itself."""
        ends = {h.end for h in hits}
        before: dict[str, set[str]] = {}
        for hit in hits:
            if all(c.level == "town" for c in hit.candidates):
                char = text[hit.start - 1] if hit.start else ""
                glue = "\u4e00" <= char <= "\u9fff" and char not in _STOP_BEFORE and char not in LEVEL_CHARS \
                    and hit.start not in ends
                before.setdefault(hit.surface, set()).add(char if glue else "")
        return {surface for surface, chars in before.items()
                if len(chars) == 1 and "" not in chars and text.count(next(iter(chars)) + surface) >= 2}

    @staticmethod
    def _usable(text: str, hit: PlaceHit) -> bool:
        if hit.start > 0 and text[hit.start - 1] in _HIDDEN_BEFORE and len(hit.surface) <= 2:
            return False
        return hit.full or len(hit.surface) >= 2

    def _resolve(self, hit: PlaceHit, named: set[str], province_votes: Counter) -> Division:
        candidates = hit.candidates
        if hit.full:
            candidates = tuple(c for c in candidates if c.name == hit.surface) or candidates
        if len(candidates) == 1:
            return candidates[0]

        support: dict[str, tuple[int, int]] = {}  # by code: named ancestors, votes for its province
        for division in candidates:
            ancestors = self.gazetteer.parents(division)
            support[division.code] = (sum(p.code in named for p in ancestors),
                                      province_votes.get(ancestors[0].code, 0) if ancestors else 0)
        ranked = sorted(candidates, key=lambda c: (tuple(-s for s in support[c.code]), rank(c), c.code))
        best = ranked[0]
        rivals = [c for c in ranked[1:] if support[c.code] == support[best.code] and rank(c) == rank(best)]
        if rivals:
            self.ambiguous[best.code] = tuple(describe(self.gazetteer, c) for c in rivals[:3])
        return best

    @staticmethod
    def _strong(place: Place, text: str) -> bool:
        """Named in a form that cannot be a common word: the full name, or a short form with its
        administrative suffix (石柱县), of three characters or more."""
        surface = text[place.start:place.end]
        return place.end - place.start > 2 and (place.full or surface[-1] in _ADMIN_SUFFIXES)

    def _supported(self, places: list[Place], text: str) -> list[Place]:
        """Drop short names below city level that nothing else in the text supports."""
        strong = [self._strong(p, text) for p in places]
        named = {p.division.code for p, is_strong in zip(places, strong) if is_strong}
        kept = []
        for place, is_strong in zip(places, strong):
            division = place.division
            weak = division.level in ("county", "district", "town") and not is_strong
            if weak and division.code not in named and not any(p.code in named for p in self.gazetteer.parents(division)):
                continue
            kept.append(place)
        return kept

    def unlisted_towns(self, text: str, opening: tuple[int, int], places: list[Place]) -> list[Place]:
        """镇/乡/街道 the gazetteer lacks, named in the opening (title or first sentence) where names
        stand, and again later: towns that a county's data does not list are still subjects."""
        parent = self._local_parent(places)
        if parent is None:
            return []
        known_ends = {p.end for p in places}
        covered = [(p.start, p.end) for p in places]
        found: list[Place] = []
        for suffix in _TOWN_SUFFIX.finditer(text, *opening):
            if any(s <= suffix.start() < e for s, e in covered) or _WORD_AFTER.match(text, suffix.end()):
                continue
            stem = self._stem_before(text, suffix.start(), known_ends)
            if stem is None:
                continue
            name = text[suffix.start() - len(stem):suffix.end()]
            if text.count(name) < 2 or self.gazetteer.lookup(name) or any(p.division.name == name for p in found):
                continue
            division = Division(code=f"{parent.code}+{name}", name=name, level="town", parent=parent.code, aliases=())
            found.extend(Place(m.start(), m.end(), division, True) for m in re.finditer(re.escape(name), text))
        return found

    @staticmethod
    def _stem_before(text: str, position: int, known_ends: set[int]) -> str | None:
        """The 2-4 character name before a town suffix, bounded on the left as names are."""
        for length in (2, 3, 4):
            start = position - length
            if start < 0:
                break
            stem = text[start:position]
            if not all("\u4e00" <= ch <= "\u9fff" for ch in stem) or _GENERIC_STEMS.search(stem):
                continue
            if start == 0 or text[start - 1] in _STOP_BEFORE or start in known_ends or _word_starts_at(text, start):
                return stem
        return None

    @staticmethod
    def _local_parent(places: list[Place]) -> Division | None:
        """The most specific county or city the text names, most often: the parent of unlisted towns."""
        counts = Counter(p.division.code for p in places if p.division.level in ("county", "district", "city"))
        if not counts:
            return None
        by_code = {p.division.code: p.division for p in places}
        return by_code[max(counts, key=lambda code: (rank(by_code[code]), counts[code]))]


def _aside(text: str, start: int, end: int) -> bool:
    """Named in passing: inside the title of a document that is not the text's own (the own one is
    issued or made here: 关于印发《…》, 现将《…》印发, 制定了《…》), or as a newspaper or visitor."""
    opened, closed = text.rfind("《", max(0, start - 60), start), text.rfind("》", max(0, start - 60), start)
    if opened > closed and "》" in text[end:end + 60]:
        return not _OWN_TITLE_BEFORE.search(text, max(0, opened - 8), opened)
    return _ASIDE_AFTER.match(text, end) is not None


_OWN_TITLE_BEFORE = re.compile(r"(印发|现将|制定了?|出台了?|编制了?|发布了?|审议通过)$")


def _word_starts_at(text: str, start: int) -> bool:
    """jieba agrees that a word starts at `start` (after a Han character that could also belong to it)."""
    window_start = max(0, start - 12)
    position = window_start
    for word in _jieba().cut(text[window_start:start + 6], HMM=False):
        if position == start:
            return True
        if position > start:
            return False
        position += len(word)
    return position == start


@functools.cache
def _jieba():
    """jieba costs about a second to load: only texts with an unlisted town candidate pay it."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba
