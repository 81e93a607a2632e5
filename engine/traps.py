"""Statements that look like a region's evidence and are not (criteria.md, "Traps").

- the title of another authority's document: 《质量强国建设纲要》, 国务院《质量发展纲要》, a province's
  《中共广东省委…决定》 quoted in a city's notice: their words are theirs, not the region's;
- what a higher authority says or does: a sentence whose subject is 国务院, 党中央, a quoted
  national or provincial document (《纲要》提出,到2025年…合格率达到94%), or 省委省政府 in a city's text;
- a rule stated as a condition: 发生…的，一律为D级; 对于没有国家标准的产品，企业必须…: the condition
  names a case that may arise, not a fact;
- a suggestion (annotation.md: an advisory body's proposals are not plans): a sentence that opens
  with 建议 or with its adviser's 建议 (建议市政府设立…专项资金; 提案建议…), and the section headed
  意见建议 / 对策建议 of an inspection or research report;
- the addressees of a notice (市质量强市工作领导小组办公室：, 各县、市、区人民政府：): who receives a
  document is not what its author has done;
- page furniture that web copies keep: everything after 新闻推荐 / 相关新闻, and lines such as
  扫一扫, 关注…公众号, 分享到, 责任编辑.
"""
from __future__ import annotations

import bisect
import re

from .regions.attribution import Region
from .regions.gazetteer import Gazetteer
from .regions.places import LEVEL_CHARS, Place, places_between
from .segment import Segments
from .status import HEADING

# National documents by name: a reader knows them; they carry no place or issuer in their title.
_NATIONAL_TITLES = re.compile(r"质量强国建设纲要|质量发展纲要|标准化发展纲要|中华人民共和国|质量工作考核办法|"
                              r"关于开展质量提升行动的指导意见|计量发展规划|知识产权强国建设纲要|^纲要$")
_NATIONAL_START = re.compile(r"国务院|中共中央|党中央|国家|全国|国办|中国")
_NATIONAL_ISSUER = re.compile(r"(国务院|中共中央|党中央|中央|国家[^，,。；]{0,8}(局|委|部)|国办|总局)[、和与及]?(办公厅)?$")
_AUTHORITY_SUBJECT = re.compile(r"\s*(?:——)?(国务院|党中央|中共中央|中央|国家市场监督管理总局|国家市场监管总局|"
                                r"市场监管总局|国家标准委|国家标准化管理委员会)(?!的)")
_TITLE_SUBJECT = re.compile(r"\s*(?:根据|按照|依据)?(《[^《》\n]{1,80}》)[^，,。；]{0,8}?(提出|明确|要求|强调|指出|规定|部署)")
_PROVINCE_SUBJECT = re.compile(r"\s*(省委、省政府|省委省政府|省委|省政府|省人民政府)(?!的)")
# A condition: 凡/对于/发生…的(产品),一律/必须… — the hit in the case part names a case, not a fact.
_CONDITION = re.compile(r"(?P<case>(凡|对于?|如果?|若|一旦|发生|出现)[^。；]{0,40}?的[^，,。；]{0,4})[，,]"
                        r"[^，,。；]{0,6}?(一律|均|予以|实行|取消|撤销|收回|不得|不予|视为|须|必须|应当)")


_FURNITURE_CUT = re.compile(r"^\s*(新闻推荐|相关新闻|相关报道|相关阅读|相关链接|相关文章|相关资讯|相关稿件|往期回顾|热点推荐|猜你喜欢|推荐阅读|延伸阅读|"
                            r"上一篇|下一篇)", re.MULTILINE)
_FURNITURE_LINE = re.compile(r"扫一扫|扫码关注|关注[^。；\n]{0,20}公众号|网站二维码|分享到|点击(加入|关注|查看)|责任编辑|"
                             r"编辑[:：]|来源[:：]|作者[:：]|次浏览|浏览次数|阅读量|打印本页|关闭窗口|【字号")
# The distribution line of a bulletin or notice, matched at a line's start: （报：…；送：…；发：…）, 抄送：…
_DISTRIBUTION_LINE = re.compile(r"\s*[（(]?(?:报|抄送|抄报)[:：]")
# A suggestion: a sentence that opens with 建议 (after a list number or its adviser), or a top-level
# section headed by suggestions (三、意见建议; 四、对策建议) — not a work report's 2024年工作安排建议,
# which is its plan.
_SUGGESTION = re.compile(r"\s*(?:[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.、])?\s*"
                         r"(?:本?提案|该提案|委员|代表|检查组|调研组|视察组|专家|我们)?建议(?!书|稿|提案|案)")
_ENDS_IN_SUGGESTIONS = re.compile(r"建议[ \t\u3000]*(?:\n|$)")  # a line ending in 建议: a heading may be one
_SUGGESTIONS_HEADING = re.compile(r"\s*(?:几点|主要|有关|相关)?(?:意见|对策|措施)?[和与及]?建议\s*$")
# 根据《another authority's document》,… quotes that document, unless the rest of the sentence is
# the region's own doing (根据《省方案》,我市制定了…).
_ACCORDING_TO = re.compile(r"\s*(?:根据|按照|依据|对照)(《[^《》\n]{1,80}》)[^，,。；]{0,12}[，,]")


def _suggestion_sections(text: str) -> list[tuple[int, int]]:
    """The spans of the top-level sections headed by suggestions (三、意见建议), each up to the next
    top-level heading."""
    tops = [h for h in HEADING.finditer(text) if h.group("top")]
    return [(heading.start("top"), following.start("top") if following else len(text))
            for heading, following in zip(tops, [*tops[1:], None])
            if _SUGGESTIONS_HEADING.match(heading.group(0), heading.end("top") - heading.start())]


class Traps:
    """Decides, for one document, which findings are someone else's words or a mere condition."""

    def __init__(self, text: str, segments: Segments, places: list[Place], gazetteer: Gazetteer) -> None:
        self.text = text
        self.segments = segments
        self.places = places  # in text order
        self._place_starts = [p.start for p in places]
        self.gazetteer = gazetteer
        self.titles = segments.book_titles()
        self._title_starts = [s for s, _ in self.titles]
        self._furniture_lines: dict[int, bool] = {}
        cut = _FURNITURE_CUT.search(text)
        self.body_end = cut.start() if cut else len(text)
        self._suggested = _suggestion_sections(text) if _ENDS_IN_SUGGESTIONS.search(text) else []

    def reason(self, start: int, end: int, region: Region) -> str | None:
        """Why a finding at [start, end) is not `region`'s evidence, or None when it is."""
        if start >= self.body_end:
            return "page furniture (after the article's end)"
        if self._furniture_line(self.text.rfind("\n", 0, start) + 1):
            return "page furniture"
        paragraph = self.segments.paragraph_at(start)
        body = self.text[paragraph.start:paragraph.end].strip()
        if len(body) <= 40 and body[-1:] in ":：" and start >= paragraph.start:
            return "the addressees of a notice"
        last = bisect.bisect_right(self._title_starts, start) - 1  # the only title that can hold the hit
        title = self.titles[last] if last >= 0 and end <= self.titles[last][1] else None
        if title is not None and self._foreign(title, region):
            return "inside the title of another authority's document"
        sentence = self.segments.sentence_at(start)
        if _AUTHORITY_SUBJECT.match(self.text, sentence.start):
            return "what a higher authority says or does"
        quoted = _TITLE_SUBJECT.match(self.text, sentence.start)
        if quoted is not None and self._foreign(quoted.span(1), region):
            return "what another authority's document says"
        according = _ACCORDING_TO.match(self.text, sentence.start)
        if (according is not None and self._foreign(according.span(1), region)
                and not self._own_subject(self.text[according.end():sentence.end], region)):
            return "what another authority's document says"
        if region.level not in ("province", "unknown") and _PROVINCE_SUBJECT.match(self.text, sentence.start):
            return "what the province does"
        for condition in _CONDITION.finditer(self.text, sentence.start, sentence.end):
            if condition.start("case") <= start < condition.end("case"):
                return "a condition, not a fact"
        if _SUGGESTION.match(self.text, sentence.start) or (self._suggested and any(s <= start < e for s, e in self._suggested)):
            return "a suggestion, not a plan"
        return None

    def _furniture_line(self, line_start: int) -> bool:
        """Is the line starting there page furniture (asked once per line, not once per hit)?"""
        found = self._furniture_lines.get(line_start)
        if found is None:
            line_end = self.text.find("\n", line_start)
            found = self._furniture_lines[line_start] = _DISTRIBUTION_LINE.match(self.text, line_start) is not None \
                or _FURNITURE_LINE.search(self.text, line_start, line_end if line_end >= 0 else len(self.text)) is not None
        return found

    @staticmethod
    def _own_subject(rest: str, region: Region) -> bool:
        """Does the rest of a sentence speak of the region itself (by name, or as 我市/全县/本区)?"""
        level_char = region.name[-1] if region.level != "unknown" else LEVEL_CHARS
        stem = region.name[:-1] if len(region.name) > 2 else region.name
        # …, 省质量强省工作领导小组办公室组织… : the region's own office, named by its level alone
        return (stem in rest or re.search(f"[我全本该][{re.escape(level_char)}]", rest) is not None
                or re.match(f"\\s*{re.escape(level_char)}(?![\u4e00-\u9fff]{{0,2}}[省市县区])", rest) is not None)

    def _foreign(self, title: tuple[int, int], region: Region) -> bool:
        """A title issued by a national authority, or naming places none of which is the region or
        lies within it (《湖北省…纲要》 in 咸宁市's plan; not 《朝天区…规划》 in 朝天区's report)."""
        start, end = title
        inside = self.text[start + 1:end - 1]
        named = [p.division for p in places_between(self.places, self._place_starts, start, end)]
        if not named:  # a title that names no place: national by its name or its issuer, else the text's own
            return bool(_NATIONAL_TITLES.search(inside) or _NATIONAL_START.match(inside)
                        or _NATIONAL_ISSUER.search(self.text[max(0, start - 12):start]))
        if region.code is None:
            return not any(p.name == region.name for p in named)
        own = self.gazetteer.get(region.code)
        return not any(self.gazetteer.is_within(division, own) for division in named)
