"""The parts of a document that belong to one region, found from its structure.

- a speaker's line (`成都市政府副市长田蓉`) opens that region's part, up to the next such line;
- a department's line (`省经济和信息化委员会党组成员、总经济师黄朝阳`, `市市场监管局局长…`) opens
  the part of the region it serves: a provincial department speaks for its province;
- in a document of several parts, a line that is only a place or its office (`攀枝花市`,
  `巴中市人民政府`) opens a part too;
- a list item (`江门市：…`, `蓬江区:…`) gives its paragraph to its place; a place over the title of
  a story (`邳州市：以标准化推动大蒜产业提质增效`) opens the place's part;
- in a round-up, a paragraph that opens with a place (`德阳市把质量工作纳入…`, `绵阳市深入实施…`)
  opens that place's part, when several paragraphs open with peers (places of one level in one
  province): a provincial round-up reports on each of its cities;
- lists (`listed_places`): a grade line (`A级:蓬江区;`), a grade stated in prose over a run of
  places (`沈阳市、大连市、鞍山市等5个市…为A级`), a heading or a colon over lines of places (a
  table's rows included) give their sentences to the places they list, and a clause that speaks
  of the list below it (`拟命名以下8个县为…：`) is the list's.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..segment import MAJOR_CLAUSE_END, Segments, Span
from .gazetteer import Division, Gazetteer
from .places import Place, places_between

_SPEAKER_TITLE = re.compile(r"(副?(?:省长|市长|州长|县长|区长|镇长|乡长|书记|主任|局长|厅长|部长|秘书长|总经济师|总工程师|"
                            r"巡视员|委员|主席|党组成员)|负责人|代表)\s*[\u4e00-\u9fff·]{0,4}\s*[:：]?\s*$")
_LOCAL_DEPARTMENT = re.compile(r"(?P<level>[省市州县区])(?!场)(?:[\u4e00-\u9fff]{1,14}?)(?:委员会|委|厅|局|办公室|办)")
_DEPARTMENT_LEVELS = {"省": ("province",), "市": ("city",), "州": ("city",), "县": ("county",), "区": ("district", "county")}
_OFFICE_ONLY = re.compile(r"(?:[省市县区州镇乡])?(?:委|政府|人民政府|党委|委员会|代表团|市场监管局|市场监督管理局|质监局|"
                          r"经信委|经信局|发改委)?$")
# A letter grade of an assessment (A级, B等), not a part of another name (4A级景区).
_LETTER_GRADE = r"[A-E](?<![0-9A-Za-z][A-E])\s*(?:级|等)"
# A grade line (used with .match at a sentence start): a grade, or words naming one, then a colon
# and the places that earned it (A级:蓬江区; 一、考核等级为A级的市（6个）：合肥市、…; 优秀等次：…).
GRADE_LINE = re.compile(r"\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[.、])?"
                        rf"[^。；;：:\n]{{0,12}}?(?:{_LETTER_GRADE}|优秀|良好|合格(?!率)|先进)"
                        r"[^。；;：:\n]{0,20}?[:：]")
# What may stand between the places of a bare list (合肥市、蚌埠市和滁州市), a count in brackets
# included, and the serial numbers and blank columns of a table's row (1　　济南市　　章丘区), or
# the colon after a row's city (泉州市：晋江市、德化县).
_LIST_GLUE = re.compile(r"(?:[\s\d、，,；;:：。.和及与等]|[（(][^（）()\n]{0,12}[）)])*")
_LINE_PUNCTUATION = re.compile(r"[。，,；;！？!?]")
# A grade named in prose (考核等级为A级, 获评A级, 优秀等次, 评为优秀; not 良好态势), and what joins the
# places of a run of them.
_GRADE_WORD = re.compile(_LETTER_GRADE + r"|(?:优秀|良好|合格)(?:等次|等级|档次)|"
                         r"(?:为|评为|确定为|评定为)(?:优秀|良好|合格)|"
                         # or a quality title given or aimed at (命名…为…质量强县建设示范单位; 纳入…培育对象)
                         r"(?:命名|授予|认定|确定|纳入|列入|列为)[^。；]{0,40}?质量(?:强|[^。；]{0,12}?(?:示范|培育))")
_RUN_GLUE = re.compile(r"[、和及与]")
# A place named as the last of a group and its count (…盘锦市等5个市; 济南市章丘区等6个县).
ONE_OF_MANY = re.compile(r"\s*等(?:\d+|[两二三四五六七八九十]+)个")
_AHEAD = re.compile(r"以下|下列")
_COLUMNS = re.compile(r"\S\s+\S")  # words set apart as a table's columns (序号　设区市　县)


@dataclass(frozen=True)
class Part:
    start: int
    end: int | None  # None: up to the next part
    owner: Division
    kind: str  # speaker, department, heading, item, lead


def _first_place(places: list[Place], starts: list[int], start: int, end: int,
                 gazetteer: Gazetteer) -> tuple[int, Place] | None:
    """Where the first place in the span starts, and that place; of a chain written as one
    (乐山市五通桥区冠英镇), the last. `places` are in text order, `starts` their starts."""
    first = bisect.bisect_left(starts, start)
    if first == len(places) or places[first].start >= end:
        return None
    place = places[first]
    for following in places[first + 1:]:
        if following.start != place.end or not gazetteer.is_within(following.division, place.division):
            break
        place = following
    return places[first].start, place


def _local_region(gazetteer: Gazetteer, places: list[Place], levels: tuple[str, ...]) -> Division | None:
    """The region of a level that the document's places belong to most (市市场监管局 → the city
    whose districts and counties the text names)."""
    votes: Counter[str] = Counter()
    found: dict[str, Division] = {}
    for place in places:
        for division in (*gazetteer.parents(place.division), place.division):
            if division.level in levels:
                votes[division.code] += 1
                found[division.code] = division
    return found[votes.most_common(1)[0][0]] if votes else None


def find_parts(text: str, segments: Segments, places: list[Place], starts: list[int], gazetteer: Gazetteer,
               opening: tuple[int, int]) -> list[Part]:
    """Every part opened by a line of the document's structure, in text order. `places` are in
    text order, `starts` their starts; `opening` is the span of the title (or first sentence)."""
    parts: list[Part] = []
    paragraphs = segments.paragraphs
    for number, paragraph in enumerate(paragraphs):
        body = text[paragraph.start:paragraph.end].strip("（）() 　")
        found = _first_place(places, starts, paragraph.start, paragraph.end, gazetteer)
        first = found[1] if found else None
        at_start = found is not None and found[0] - paragraph.start <= 1
        if at_start and re.match(r"[:：]", text[first.end:first.end + 1]) and len(body) > first.end - paragraph.start + 4:
            # 邳州市：以标准化推动大蒜产业提质增效, a title over a story, opens the place's part;
            # 江门市：成立…,制定…。 is an item of its own
            following = paragraphs[number + 1] if number + 1 < len(paragraphs) else None
            titled = not _is_body(body) and following is not None and _is_body(text[following.start:following.end])
            parts.append(Part(paragraph.start, None if titled else paragraph.end, first.division,
                              "heading" if titled else "item"))
            continue
        if _is_body(body):
            if at_start and not first.aside and first.division.level != "province":
                parts.append(Part(paragraph.start, None, first.division, "lead"))
            continue
        department = _LOCAL_DEPARTMENT.match(body)
        if department and _SPEAKER_TITLE.search(body):
            level = department.group("level")
            owner = _local_region(gazetteer, places, _DEPARTMENT_LEVELS[level])
            if owner is not None:
                parts.append(Part(paragraph.start, None, owner, "department"))
        elif at_start and _SPEAKER_TITLE.search(body):
            parts.append(Part(paragraph.start, None, first.division, "speaker"))
        elif at_start and _OFFICE_ONLY.match(body, first.end - paragraph.start):
            parts.append(Part(paragraph.start, None, first.division, "heading"))
    titled = [p.division for p in places_between(places, starts, *opening)]
    return _keep_structural(_keep_round_up(text, parts, gazetteer, titled))


_PEER_LEVEL = {"district": "county"}
# An introduction presenting several places: 各地, 多地, 各市(州), 各县(区), 各镇, 两市, 两县
_GROUP = re.compile(r"各地|多地|各[市州县区镇乡](?!场|民|长|委|级)|[两二三四五六七八九十多][个座]?[市州县区镇乡](?!场|民|长|委|级)")


def _is_body(paragraph: str) -> bool:
    """A paragraph of running text (long, or with sentence punctuation), not another title."""
    return len(paragraph) > 40 or _LINE_PUNCTUATION.search(paragraph) is not None


def _keep_round_up(text: str, parts: list[Part], gazetteer: Gazetteer, titled: list[Division]) -> list[Part]:
    """Paragraphs opening with a place are a round-up's parts only when peers open them (the
    largest such group of peers is kept: three or more, or two that the introduction presents as
    a group, 各地/两市) and the title names none of them nor a city or county above them: a city's
    or county's own story that opens paragraphs with its districts or towns, or once with a
    visitor, keeps them as its own (annotation.md); a provincial round-up reports on its cities."""
    candidates: list[Part] = []
    chapter: Part | None = None  # the speaker's, department's or heading's part a paragraph is in
    for part in parts:
        if part.kind != "lead":
            chapter = part if part.end is None else chapter
        elif chapter is None or not gazetteer.is_within(part.owner, chapter.owner):
            candidates.append(part)  # (inside 成都市's speech, its districts' paragraphs stay the city's)
    groups: dict[tuple[str, str], list[Part]] = {}
    for part in candidates:
        province = gazetteer.province(part.owner).code
        groups.setdefault((province, _PEER_LEVEL.get(part.owner.level, part.owner.level)), []).append(part)
    leads = max(groups.values(), key=lambda group: len({p.owner.code for p in group}), default=[])
    peers = {p.owner.code: p.owner for p in leads}
    without = [p for p in parts if p.kind != "lead"]
    if len(peers) < 2:
        return without
    if len(peers) == 2 and not _GROUP.search(text, 0, leads[0].start):
        return without
    if any(gazetteer.is_within(peer, place) and place.level != "province" for peer in peers.values() for place in titled):
        return without
    return sorted([*without, *leads], key=lambda p: p.start)


def _keep_structural(parts: list[Part]) -> list[Part]:
    """Bare place or office lines open parts only in a document that has several owners (a
    publisher's line under a notice is no part of its own)."""
    owners = {p.owner.code for p in parts if p.end is None}
    if len(owners) >= 2 or any(p.kind in ("speaker", "department") for p in parts):
        return parts
    return [p for p in parts if p.kind == "item"]


@dataclass
class Lists:
    """What the lists of a document give to places."""

    by_sentence: list[list[Division]]  # per sentence, the places its list gives it (most: none)
    # the clauses that speak of a list set out below them (拟命名以下8个县为…：), with its places
    ahead: list[tuple[int, int, list[Division]]]


def listed_places(text: str, segments: Segments, places: list[Place], starts: list[int],
                  gazetteer: Gazetteer) -> Lists:
    """The places a list gives: a grade line (`B级:新会区、江海区`) is the places it lists; a heading
    over lines that are only places (`一、考核等级为A级的市（6个）` then `合肥市、蚌埠市`; `一、命名名单
    （6个）` then a table's rows `1　济南市　章丘区`, under a line of column names), or a sentence that
    ends its paragraph with a colon over them, is theirs, and each line is its own places; in that
    paragraph, a clause that speaks of the list below (以下, 下列) is theirs too."""
    sentences = segments.sentences
    runs = _graded_runs(text, segments, places)
    listed: list[list[Division]] = [_distinct(p.division for p in places_between(places, starts, s.start, s.end))
                                    if GRADE_LINE.match(text, s.start) else runs.get(s.index, [])
                                    for s in sentences]
    ahead: list[tuple[int, int, list[Division]]] = []
    for index, heading in enumerate(sentences[:-1]):
        intro = text[heading.end - 1] in ":："  # a sentence ending in a colon introduces what follows
        if (heading.end - heading.start > 40 and not intro) or listed[index] \
                or not _opens_list(text, segments, heading, sentences[index + 1], intro):
            continue
        rows: dict[int, list[Division]] = {}
        for line in sentences[index + 1:]:
            named = [] if listed[line.index] else _bare_list(text, line, places, starts, gazetteer)
            if named:
                rows[line.index] = named
            elif rows or line.index > index + 1 or not _opens_list(text, segments, line, line, False) \
                    or not _COLUMNS.search(text, line.start, line.end):
                break  # the list ends; before it, one short line may name its columns (序号　地区)
        together = _distinct(d for named in rows.values() for d in named)
        if len(together) >= 2:
            listed[index] = together
            for row, named in rows.items():
                listed[row] = named
            if intro:
                paragraph = segments.paragraphs[segments.sentence_paragraph[index]]
                ahead += [(*_major_clause(text, paragraph.start, heading.end, m.start()), together)
                          for m in _AHEAD.finditer(text, paragraph.start, heading.start)]
    return Lists(listed, ahead)


def _graded_runs(text: str, segments: Segments, places: list[Place]) -> dict[int, list[Division]]:
    """By sentence index, the places a grade is stated of in prose (经考核，沈阳市、大连市、鞍山市等5个市
    …考核等级为A级；): a run of three or more places joined by 、/和, or of two followed by their
    count (等2个市), in a sentence that names a grade. Runs are found from the places, which are few,
    and only their sentences are searched for a grade."""
    runs: list[list[Place]] = []
    for place in places:
        if place.aside:
            continue
        if runs and _RUN_GLUE.fullmatch(text, runs[-1][-1].end, place.start):
            runs[-1].append(place)
        else:
            runs.append([place])
    found: dict[int, list[Division]] = {}
    for run in runs:
        named = _distinct(p.division for p in run)
        if len(named) >= 3 or (len(named) == 2 and ONE_OF_MANY.match(text, run[-1].end)):
            sentence = segments.sentence_at(run[0].start)
            if len(named) > len(found.get(sentence.index, ())) and _GRADE_WORD.search(text, sentence.start, sentence.end):
                found[sentence.index] = named
    return found


def _major_clause(text: str, start: int, end: int, position: int) -> tuple[int, int]:
    """The run between major clause ends (，；。) in [start, end) that holds `position`."""
    before = max(text.rfind(c, start, position) for c in "，,；;。")
    after = MAJOR_CLAUSE_END.search(text, position, end)
    return max(before + 1, start), after.end() if after else end


def _distinct(divisions: Iterable[Division]) -> list[Division]:
    """Each division once, in the order first named."""
    return list({d.code: d for d in divisions}.values())


def _opens_list(text: str, segments: Segments, sentence: Span, following: Span, intro: bool) -> bool:
    """A short line of its own with no sentence stop, or (`intro`) the last sentence of a paragraph;
    `following`, when another line, opens a new paragraph."""
    paragraph = segments.sentence_paragraph
    if following is not sentence and paragraph[sentence.index] == paragraph[following.index]:
        return False
    return intro or (sentence.end - sentence.start <= 40
                     and segments.paragraphs[paragraph[sentence.index]].start == sentence.start
                     and not _LINE_PUNCTUATION.search(text, sentence.end - 1, sentence.end))


def _bare_list(text: str, line: Span, places: list[Place], starts: list[int], gazetteer: Gazetteer) -> list[Division]:
    """The places of a line that holds nothing but places (and the glue between them); of a
    place and its parent in one row (济南市　章丘区), the place."""
    named = [p for p in places_between(places, starts, line.start, line.end) if not p.aside]
    position = line.start
    for place in named:
        if place.start < position or _LIST_GLUE.fullmatch(text, position, place.start) is None:
            return []
        position = place.end
    if not named or _LIST_GLUE.fullmatch(text, position, line.end) is None:
        return []
    found = _distinct(p.division for p in named)
    return [d for d in found if not any(o.code != d.code and gazetteer.is_within(o, d) for o in found)]
