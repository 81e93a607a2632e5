"""Evidence status: implemented, planned or negated, decided from the clause that holds the hit.

The cue must govern the matched term. In order:
1. the hit's own clause: a shortfall (尚未…, …不足, 存在…等问题) makes it negated; candidacy or
   intention (争创, 拟, 获批创建, 力争, …争创单位) planned; otherwise the nearest cue before the term
   in the clause decides (已/建成 done, 将/要 planned);
2. earlier clauses of the sentence: a modal or future marker (将, 要, 拟, 力争, 到2027年) scopes over
   every later clause, as it governs the coordinated verbs of its subject, and turns a done verb of
   a later clause into a target (二要加强…建设，建成…服务站) unless a done statement came between or
   the clause states a current state (已, 目前); a done verb (建成, 获得) carries only into verbless
   clauses that continue its list (建成A中心3个,B站25个);
3. the passage default: the document's genre (a plan makes unmarked clauses planned, a report
   implemented), switched by phase markers (…工作回顾 / …工作安排, 下一步, 2017年是…) as the text goes.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .segment import BOOK_TITLE, MAJOR_CLAUSE_END, Segments

# Negation: a cue before the term (尚未建立…) or a shortfall after it (…能力不强).
_NEG_BEFORE = re.compile(r"尚未|还未|未能|尚无|没有|缺乏|缺少|不够|(?<![发出])未(?!来|发生|出现|列入|成年)")
# After the term, to the end of its clause (an enumeration comma 、 does not end the scope:
# 企业参与国家标准、行业标准制定的积极性不高): a shortfall predicate, or an adjective of lack at the
# clause's end (名牌产品偏少, 覆盖率低; not 成本降低, 不合格率下降).
_NEG_AFTER = re.compile(r"尚未|还未|未能|尚无|(?<![发出从])未(?!来|成年)|没有|缺乏|缺少|不足|不强|不高|不均衡|不平衡|不完善|不健全|"
                        r"不充分|不到位|不够|不广|不多|不大|不优|不明显|不突出|不规范|不相适应|不匹配|不适应|不能满足|不畅|不力|乏力|"
                        r"难以满足|滞后|薄弱|短板|弱项|有待|亟待|亟需|欠缺|匮乏|短缺|缓慢|老化|淡薄|落后|参差不齐|差距(?![^，,。；]{0,4}缩小)|"
                        r"仍需|还需|较弱|偏低|偏弱|偏少|偏小|偏慢|较少|较小|较晚|较低|较差|"
                        r"(?<![降减缩压])(?:低|少|弱|小|慢|差|窄|散|晚)(?=[，,；;。、]|$)")
# Shortcomings being fixed are actions, not negations (补短板, 解决…不足).
_NEG_REPAIR = re.compile(r"(补齐?|补上|弥补|解决|破解|克服|针对|聚焦|查找|找准|分析|查|补)[^，,。；]{0,8}$")
# A list of problems: 还存在A有待提高、B需进一步提升、C不强等问题 (every item is a shortcoming).
_PROBLEMS_OPEN = re.compile(r"存在|面临|暴露出|反映出|表现在|主要是")
_PROBLEMS_CLOSE = re.compile(r"^[^。；;]*?(等|的|方面的?)?(问题|不足|短板|弱项|差距|困难|薄弱环节)")
_ACHIEVED_NONE = re.compile(r"未发生|没有发生|未出现|无[^，,。；]{0,6}(事故|事件)|零发生|实现零")

# Modal and future markers: in their own clause they outrank done words (力争…累计达到), and they
# scope over the later clauses of their sentence.
_MODAL_WORDS = r"(?<!模)拟|力争|争取(?!到)|计划(?!单列)|(?<!提高|上升|增加|增长|提升|下降|降低|减少)(?<![达升])到20\d\d年|至20\d\d年|预计|目标是|确保(?!了)|即将|下一步|今后|必须|应当|务必"
_MODAL = re.compile(_MODAL_WORDS + r"|(?<![纲主重需只必提摘首概扼简紧纪])要(?![素点闻求害件地务员])")
# In the hit's own clause, candidacy and encouragement are plans too (获批 in 获批创建 is no result).
_PLAN_STRONG = re.compile(_MODAL_WORDS + r"|争创|获批(?:创建|建设|筹建)|纳入[^，,。；]{0,10}培育|培育库|培育名单|培育对象|创建名单|公示|努力(?!下)|"
                          r"鼓励|支持(?=企业|各类|社会|有条件)")
# 创建 / 申报 (campaigning, applying) are plans unless the clause reports their result or calls them
# an activity (放心消费创建活动, 申报工作) or a result follows (创建省著名商标2个, 创建成为).
_CANDIDACY = re.compile(r"(?<!成功)(?<!已)(?<!通过)(创建|申报)(?!成为|为|成功|[^，,。；]{0,10}(活动|工作))")
_RESULT_FIGURE = re.compile(r"\d+(\.\d+)?\s*(个|家|件|项|名|处|座|条)|[两二三四五六七八九十百千]+(个|家|件|项|名)")
# Candidacy stated after the title it aims at (…示范城市争创单位, …纳入培育库), or a task (…是今后一个
# 时期的重大任务: a copula, not 纳入了…重点任务).
_PLAN_AFTER = re.compile(r"争创单位|创建单位|创建对象|培育对象|培育库|候选|公示|创建名单|培育名单|今后一个时期|"
                         r"^[^，,。；]{0,6}是[^，,。；]{0,24}(重大|重要|主要|重点|目标)任务")
# 将 as a future marker, but not as the object marker (将质量工作纳入…, 现将结果通报如下).
_JIANG = re.compile(r"(?<![即])将(?!军|近|士|领)")
_JIANG_OBJECT = re.compile(r"将(?!把)[^，,。；]{1,24}?(纳入|作为|列入|写入|融入|贯穿|落实到|通报|上升为|转化为|延伸|集中到|"
                           r"打造成|建成为|印发|转发|下达|公布|报送|录入|移送|公开|上报|推送|提交|推荐|告知|反馈)")
# Done words that hold even inside a plan's passage: the current state or the recent past (截至,
# 现有, 近日印发); the others (建成, 新增, 完成) are targets there.
# Both lists end with these: a document presenting itself (提出如下, 现印发) and 了 after a verb.
_DONE_TAIL = r"提出(?=如下)|现印发|印发给|制定本|(?<=[\u4e00-\u9fff])(?<![为除到])了(?![解不结])"
_DONE_STATE = re.compile(r"已经|已|截至|目前|现有|共有|先后|近日|日前|此前|去年|上年|近年来|今年以来|" + _DONE_TAIL)
# A document presenting itself states a fact: the plan exists (现将《…》印发给你们, 提出如下实施意见).
_SELF_PRESENTED = re.compile(r"现将[^，,。；]{0,90}印发|印发给你们|现予印发|提出如下|现提出|特制定本|制定本(方案|意见|规划|办法)")
# A clause that only frames the topic (在标准化建设方面,…) leaves its predicate to the next clause.
_FRAME = re.compile(r"\s*(在|从|就)[^，,。；]{1,16}(方面|上|中|领域|工作中)[，,]?$")
_DONE = re.compile(r"已经|已|建成|获批|荣获|获得(?!感)|获评|被评为|被认定|被命名|命名为|通过验收|截至|累计|共有|拥有|现有|"
                   r"成功|完成了|完成|实现了|成立了|出台了|出台|制定了|印发了|印发|发布了|设立了|建立了|开展了|"
                   r"取得了|取得|入选|成为|评为|达到了|先后|首次|连续|" + _DONE_TAIL)
# A clause that opens with its own verb is a predicate of its own: a done verb of an earlier
# clause does not reach into it (建成A中心,加快推进B中心建设).
_OWN_VERB = re.compile(r"\s*(大力|积极|全面|持续|深入|着力|进一步|不断|切实|认真|努力|全力|加快|加大|加强|推进|推动|"
                       r"实施|开展|建立|健全|完善|培育|打造|支持|鼓励|引导|提升|提高|强化|深化|组织|落实|做好|抓好|"
                       r"探索|推行|推广|创建|争创|申报|谋划|启动|筹建)")

_PHASE_REVIEW = re.compile(r"(工作|发展)?回顾|过去[的]?[一五]年|一年来|五年来|近年来|今年以来|主要成效|工作成效|取得的成绩|"
                           r"工作总结|基本情况|发展现状|现状|(?:发展|工作|现实|良好)基础|基础条件|发展成效")
# A section of shortcomings (二、存在的主要问题; （三）困难和问题): its unmarked clauses are shortfalls.
_PHASE_PROBLEMS = re.compile(r"\s*(?:当前|目前)?(?:存在的?|面临的?)?(?:主要|突出)?(?:问题|困难|不足|短板|差距)"
                             r"(?:[和与及](?:问题|困难|不足|短板|差距))?(?:之处)?\s*$")
_PHASE_PLAN = re.compile(r"20\d\d年(政府)?(工作)?(安排|建议|任务|重点|计划|打算|的主要任务)|工作安排|下一步(工作)?|"
                         r"今后[一二三五]?[个年]?|主要目标|重点任务|主要任务|总体要求|工作思路|组织保障|保障措施|"
                         r"预期目标|(工作)?打算")
_PHASE_INLINE = re.compile(r"20\d\d年(政府)?工作(安排|建议|回顾)|下一步[,，]|今后[,，]|下阶段[,，]")
# An address (各位代表，) or an interview's label (问：, 记者：) may come before the phase word.
_PHASE_OPENING = re.compile(r"\s*(?:(?:各位代表|同志们)[，,：:]\s*|[\u4e00-\u9fff]{1,4}[：:]\s*)?"
                            r"(下一步|今后|下阶段|未来[一二三五]?[年个]|明年|将继续|(?P<year>20\d\d)年是)")
# The date a document bears near its top (——2025年1月9日在…大会上): a year before it is the past.
_DATE = re.compile(r"(20\d\d)年\d{1,2}月\d{1,2}日")
_YEAR = re.compile(r"20\d\d(?=年)")
# Top-level headings (一、 / 第一部分) reset the phase; sub-headings ((一) / 1.) switch it only when
# their words say so (（二）主要目标).
HEADING = re.compile(r"(?:^|(?<=[。\n；]))\s*(?:(?P<top>[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[部章节]分?)|"
                      r"(?P<sub>[（(][一二三四五六七八九十]+[）)]|\d{1,2}[.、]))[^。\n]{0,30}")

PLAN_GENRE = re.compile(r"实施方案|行动方案|工作方案|规划|实施意见|指导意见|若干意见|的意见|行动计划|工作要点|"
                        r"征求意见稿|解读|纲要|提出如下|印发.{0,40}的通知|工作计划")
REPORT_GENRE = re.compile(r"纪实|报道|本报讯|记者|通讯员|经验交流|工作总结|召开|举行|综述|成效|取得|通报|公报|"
                          r"总结|近日|日前|获评|荣获|发布|颁奖|考评|验收")


@dataclass(frozen=True)
class Decision:
    status: str
    cue: str | None


def detect_genre(text: str, segments: Segments) -> str:
    """`plan`, `report` or `work-report`, from the title (or the first sentence when there is none).

    The names of other documents quoted in 《》 say nothing of this one's genre (a 通报 of results
    cites the 实施方案 it applies), unless nothing outside them does (《…实施方案》解读).
    """
    if "政府工作报告" in text[:300] or re.search(r"我代表[^。]{0,10}人民政府[^。]{0,6}向大会报告", text[:600]):
        return "work-report"
    span = segments.opening()
    head = text[span[0]:span[1]]
    for candidate in (BOOK_TITLE.sub("", head), head):
        plan = PLAN_GENRE.search(candidate)
        report = REPORT_GENRE.search(candidate)
        if plan and (not report or plan.start() < report.start()):
            return "plan"
        if report:
            return "report"
    return "report"


def _masked(text: str, titles: list[tuple[int, int]]) -> str:
    """The text with the inside of every book title blanked out (《□□□□》), same length."""
    pieces, position = [], 0
    for start, end in titles:
        pieces += [text[position:start], "《", "□" * (end - start - 2), "》"]
        position = end
    return "".join([*pieces, text[position:]])


class StatusClassifier:
    """Decides the status of hits in one document."""

    def __init__(self, text: str, segments: Segments, genre: str) -> None:
        # Cue words inside the titles of documents are names (《…三年行动计划》), not cues.
        self.text = _masked(text, segments.book_titles())
        self.segments = segments
        self.genre = genre
        self._title = segments.title_span()
        self._phase_starts, self._phase_status = self._phases()

    def _phases(self) -> tuple[list[int], list[str]]:
        base = "planned" if self.genre == "plan" else "implemented"
        starts, statuses = [0], [base]
        markers: list[tuple[int, int, str]] = []  # (position, priority, status): at one position, words beat form
        reviewed: set[str] = set()  # the years a review heading names (一、2024年工作回顾)
        for heading in HEADING.finditer(self.text):
            top = heading.group("top")
            position = heading.start("top") if top else heading.start("sub")
            words = heading.group(0)[heading.end("top" if top else "sub") - heading.start():]
            # A section's phase is in its first words (三、2024年工作打算; （二）主要目标), not in a
            # measure's name that happens to hold a plan word (（一）强化组织保障).
            words = words[:14] if top else words[:8]
            find = (lambda pattern: pattern.search(words)) if top else (lambda pattern: pattern.match(words))
            if find(_PHASE_PLAN):
                markers.append((position, 1, "planned"))
            elif _PHASE_PROBLEMS.match(words):
                markers.append((position, 1, "negated"))
            elif find(_PHASE_REVIEW):
                markers.append((position, 1, "implemented"))
                reviewed.update(_YEAR.findall(words))
            elif heading.group("top") and self.genre != "work-report":
                markers.append((position, 0, base))
        # Inline phase markers without numbering: "2024年工作安排建议", "下一步,…将", "2023年工作回顾".
        for match in _PHASE_INLINE.finditer(self.text):
            status = "implemented" if match.group(0).endswith("回顾") else "planned"
            markers.append((match.start(), 1, status))
            if status == "implemented":
                reviewed.update(_YEAR.findall(match.group(0)))
        dated = _DATE.search(self.text, 0, 400)
        for paragraph in self.segments.paragraphs:
            body = self.text[paragraph.start:paragraph.end]
            opening = _PHASE_OPENING.match(body)
            # 下一步, 今后, 2017年是… open the plans of a report; but a review opens with its own
            # year too (一、2024年工作回顾 / 2024年是…, in a report dated 2025年1月).
            year = opening.group("year") if opening else None
            if opening and not (year and (year in reviewed or (dated and year < dated.group(1)))):
                markers.append((paragraph.start, 1, "planned"))
            elif self.genre != "work-report" and len(body) <= 40 and not re.search(r"[。，,；;]", body):
                markers.append((paragraph.start, 0, base))  # a short heading or a speaker's line opens a new part
        for position, _, status in sorted(markers):
            starts.append(position)
            statuses.append(status)
        return starts, statuses

    def default_at(self, position: int) -> str:
        index = bisect.bisect_right(self._phase_starts, position) - 1
        return self._phase_status[index]

    def classify(self, start: int, end: int) -> Decision:
        text = self.text
        clause = self.segments.clause_at(start)
        sentence = self.segments.sentence_at(start)
        before, matched, after = text[clause.start:start], text[start:end], text[end:clause.end]
        # 1. the clause itself
        achieved = _ACHIEVED_NONE.search(text, clause.start, clause.end) or _SELF_PRESENTED.search(
            text, clause.start, clause.end)
        if achieved:
            return Decision("implemented", achieved.group(0))
        negation = _NEG_BEFORE.search(before) or _NEG_AFTER.search(self._rest_of_major_clause(end, sentence.end)) \
            or _NEG_AFTER.search(matched)
        if negation is None and _FRAME.match(text[clause.start:clause.end]):
            negation = _NEG_AFTER.search(text, clause.end, sentence.end)
        if negation and not _NEG_REPAIR.search(before):
            return Decision("negated", negation.group(0))
        problems = self._problem_list(sentence.start, start, end, sentence.end)
        if problems:
            return Decision("negated", problems)
        strong = _PLAN_STRONG.search(before) or _PLAN_STRONG.search(matched) or _PLAN_AFTER.search(after)
        if strong:
            return Decision("planned", strong.group(0))
        candidacy = _CANDIDACY.search(before) or _CANDIDACY.search(matched)
        if candidacy and not _RESULT_FIGURE.search(after):
            return Decision("planned", candidacy.group(1))
        own = self._nearest_cue(clause.start, start, done=True)
        if own is not None:
            # a done verb after a modal of its sentence states a target (二要加强…建设，建成…服务站)
            if own.status == "implemented" and not _DONE_STATE.search(text, clause.start, start):
                scope = self._nearest_cue(sentence.start, clause.start, done=True)
                if scope is not None and scope.status == "planned":
                    return scope
            return own
        # 2. earlier clauses: modal markers always reach; done verbs only into verbless clauses
        earlier = self._nearest_cue(sentence.start, clause.start, done=not _OWN_VERB.match(text, clause.start))
        if earlier is not None:
            return earlier
        # 3. the title of a plan is the plan itself: it exists (annotation.md, "Conventions")
        if self.genre == "plan" and self._title is not None and self._title[0] <= start < self._title[1]:
            return Decision("implemented", "the plan's own title")
        # 4. the passage default
        return Decision(self.default_at(start), None)

    def _problem_list(self, sentence_start: int, start: int, end: int, sentence_end: int) -> str | None:
        """The cue of a problem list (存在…等问题) that encloses the hit, if any."""
        opener = None
        for opener in _PROBLEMS_OPEN.finditer(self.text, sentence_start, start):
            pass
        if opener is None or _NEG_REPAIR.search(self.text[sentence_start:opener.start()]):
            return None
        closer = _PROBLEMS_CLOSE.search(self.text[end:sentence_end])
        return f"{opener.group(0)}…{closer.group(2)}" if closer else None

    def _rest_of_major_clause(self, end: int, sentence_end: int) -> str:
        stop = MAJOR_CLAUSE_END.search(self.text, end, sentence_end)
        return self.text[end:stop.start() if stop else sentence_end]

    def _nearest_cue(self, start: int, position: int, done: bool) -> Decision | None:
        """The cue closest before `position` in text[start:position]: a done word (if `done`; in a
        planned passage only the words of current state), a modal marker, or 将 as a future marker."""
        window = self.text[start:position]
        done_words = _DONE_STATE if self.default_at(position) == "planned" else _DONE
        cues = [(m.end(), Decision("implemented", m.group(0))) for m in done_words.finditer(window)] if done else []
        cues += [(m.end(), Decision("planned", m.group(0))) for m in _MODAL.finditer(window)]
        cues += [(m.end(), Decision("planned", "将")) for m in _JIANG.finditer(window)
                 if not _JIANG_OBJECT.match(self.text, start + m.start())]
        return max(cues, key=lambda cue: cue[0])[1] if cues else None
