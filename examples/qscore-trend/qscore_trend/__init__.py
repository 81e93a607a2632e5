"""`trend`: an indicator's figure compared with the same region's figure of another year.

The built-in `figure` rule reads one value (抽检合格率97.8%). A report's claim of progress is a
comparison, and the document has to make it itself, in one of two ways:

* two values of the indicator for two different years, in one sentence
  (合格率由2021年的95.2%提高到2023年的97.8%) or in two (2022年全县抽检合格率为96.1%。……
  2023年，全县抽检合格率达到97.3%。);
* a stated change against a stated earlier period (2023年合格率达94.6%，比上年提高0.8个百分点;
  同比下降0.3个百分点).

A value counts only with a year the text gives it: the nearest time expression before it in its
sentence (2021年, 2023年上半年, 今年; 上年/去年/前年 counted back from the year named before them
in the same sentence, else from the document's own "today"). A value without a year, one year's
value alone, a change of a rate given in % (提高2%: relative or points?) and a change with
nothing it is compared with (提高0.8个百分点) are never read as a trend.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from qscore import Occurrence, Rule, RuleConfig, RuleContext, hookimpl

if TYPE_CHECKING:
    from qscore.figures import FoundFigure
    from qscore.models import Figure

__version__ = "0.1.0"

_PART = r"上半年|下半年|前三季度|第?[一二三四]季度"
# 2023年, 2023年度, 2023年上半年, 2023年底 — but not 2021年以来 / 2021年至2023年 / 2021-2023年 (periods).
_YEAR = (rf"(?<![\d.])(?:19|20)\d{{2}}年"
         rf"(?!度?(?:{_PART})?(?:以来|来|起|至|到|[-—~～]))度?(?:{_PART})?")
# 今年, 去年, 上年同期: years counted from the year named before them (or from today).
_RELATIVE = rf"(?:今年|本年|去年|上一?年|前年)(?!度?(?:同期|{_PART})?以来)度?(?:同期|{_PART})?"
_TIME = re.compile(rf"{_YEAR}|{_RELATIVE}")
_TIME_PARTS = re.compile(r"(?:(?P<year>\d{4})年|(?P<word>今年|本年|去年|上一?年|前年))度?(?P<part>.*)")
_OFFSETS = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "上一年": -1, "前年": -2}
# The end of a range (2021年至2023年, 2021-2023年): not the year of a value.
_RANGE_END = re.compile(r"\d{4}年?\s*[至到\-—~～]\s*$")
# 比上年 / 较2022年 / 与去年同期相比 / 同比: what a stated change is compared with.
_REFERENCE = re.compile(rf"(?:比|较|与)(?P<time>{_YEAR}|{_RELATIVE})|同比")
_RISE = ("提高", "上升", "增加", "增长", "提升")
_FALL = ("下降", "降低", "减少", "回落", "下滑")
_CHANGE_VERB = re.compile(rf"(?P<verb>{'|'.join(_RISE + _FALL)})了?(?:约|近)?\s*$")
# Another indicator starts here: figures after it are its own.
_OTHER_INDICATOR = re.compile(r"[\u4e00-\u9fff](?:率|比例|比重|占比|指数)")
# A figure after these words is a benchmark (全国平均, 目标), not the region's own earlier value.
_BENCHMARK = re.compile(r"高于|低于|优于|好于|超出|全国|全省|平均|目标|标准值|考核")
# The region's own name for itself: 全县 = 我县 = 本县 (so two sentences may say either).
_OWN_REGION = re.compile(r"(?:全|我|本)(?=[省市县区镇乡])")
_FILLER = re.compile(r"^(?:其中|实现|确保|保持|全年|年度|当年)+|的$")


@dataclass(frozen=True, slots=True)
class When:
    """The period a value belongs to: a calendar year, or a year counted from the document's today."""

    base: Literal["year", "today"]
    year: int  # the calendar year, or the offset from today (今年 0, 去年 -1)
    part: str  # "" (the whole year) or 上半年, 一季度…: only the same part of two years compares
    label: str  # for the evidence: 2023年, 2022年 (for 上年 after 2023年), 去年 (from today)

    def comparable(self, other: "When") -> bool:
        return self.base == other.base and self.part == other.part and self.year != other.year


@dataclass(frozen=True, slots=True)
class _Time:
    start: int
    end: int
    when: When
    reference: bool  # part of 比上年 / 较2022年: the period a comparison is made with


@dataclass(frozen=True, slots=True)
class Reading:
    """One figure read after one indicator hit: a level (97.8% in 2023) or a stated change."""

    hit: Occurrence
    sentence: int
    name: str  # the indicator as the text names it (全县食品抽检合格率)
    subject: str  # what two values must share to be compared (本县食品抽检合格率)
    found: "FoundFigure"
    when: When | None  # for a level: its year; for a change: the year it reaches
    sign: int = 0  # 0: a level; +1/-1: a change stated with 提高…/下降…
    verb: str = ""
    reference: str = ""  # a change's comparison: 上年, 2022年, 同比


def _times(text: str, start: int, end: int) -> list[_Time]:
    """The time expressions of a sentence, relative ones resolved against the one named before them."""
    found: list[_Time] = []
    for match in _TIME.finditer(text, start, end):
        if _RANGE_END.search(text, start, match.start()):
            continue
        reference = text[max(start, match.start() - 1):match.start()] in ("比", "较", "与")
        said = match.group(0)
        parts = _TIME_PARTS.fullmatch(said)
        assert parts is not None
        part = parts.group("part")
        if parts.group("year"):
            when = When("year", int(parts.group("year")), part, said)
        else:
            offset = _OFFSETS[parts.group("word")]
            # 上年 after 2023年 is 2022; 今年 is always the document's today.
            anchor = next((t.when for t in reversed(found) if not t.reference), None) if offset else None
            if part == "同期":
                part = anchor.part if anchor else ""
            if anchor is None:
                when = When("today", offset, part, said)
            elif anchor.base == "year":
                year = anchor.year + offset
                when = When("year", year, part, f"{year}年{part}")
            else:
                when = When("today", anchor.year + offset, part, said)
        found.append(_Time(match.start(), match.end(), when, reference))
    return found


def _when_of(times: Sequence[_Time], position: int, text: str) -> When | None:
    """The year of the value at `position`: the nearest time before it in the sentence.

    A comparison's time (比上年) is the value's only when the value follows it at once (较上年的96.9%);
    in 比上年提高0.8个百分点，达到97.8% the 97.8% is not 上年's.
    """
    for time in reversed(times):
        if time.end > position:
            continue
        if time.reference and not re.fullmatch(r"(?:的|为|是)?\s*", text[time.end:position]):
            continue
        return time.when
    return None


def _subject(text: str, clause_start: int, hit: Occurrence) -> tuple[str, str]:
    """The indicator as its clause names it, and the key two values must share to be compared.

    2022年全县食品抽检合格率 → (全县食品抽检合格率, 本县食品抽检合格率): the region's own words are
    unified so that 我县… and 全县… compare, while 食品… never compares with 药品… nor 某县… with 全县….
    """
    prefix = _TIME.sub("", text[clause_start:hit.start])
    prefix = _FILLER.sub("", re.search(r"[\u4e00-\u9fff]*$", prefix).group(0)[-10:])  # type: ignore[union-attr]
    return prefix + hit.term, _OWN_REGION.sub("本", prefix) + hit.term


class TrendConfig(RuleConfig):
    indicators: list[str] = Field(min_length=1, description="terms naming the indicator (抽检合格率)")
    units: list[str] = Field(["%"], min_length=1, description="units of its values; for %, a stated "
                                                              "change is read in 个百分点")
    direction: Literal["rise", "fall"] = Field("rise", description="which way is an improvement")
    min_change: float = Field(0, ge=0, description="the least improvement that counts, in the values' unit "
                                                   "(percentage points for %)")
    within: int = Field(30, ge=1, description="maximum characters between the indicator and each figure")


class TrendRule(Rule):
    """Evidence where the document shows the indicator improving from one year to another."""

    name = "trend"
    Config = TrendConfig
    config: TrendConfig

    @property
    def literals(self) -> set[str]:
        return super().literals | set(self.config.indicators)

    def find(self, ctx: RuleContext) -> None:
        readings: list[Reading] = []
        last_end = -1
        for hit in ctx.occurrences(self.config.indicators):
            if hit.start < last_end or self.cancelled(ctx, hit):
                continue  # 抽检合格率 already read: not again as 合格率
            last_end = hit.end
            readings.extend(self._read(ctx, hit))
        levels = [r for r in readings if not r.sign]
        # Changes first: when a sentence gives both, the engine merges the later finding's figures in
        # front and drops earlier figures of the same text, so the evidence lists baseline, newer value
        # (with its target), change.
        for reading in readings:
            if reading.sign:
                self._report_change(ctx, reading, levels)
        for reading in levels:
            self._report_pair(ctx, reading, levels)

    def _read(self, ctx: RuleContext, hit: Occurrence) -> list[Reading]:
        """The levels and stated changes that follow one indicator hit within its sentence."""
        text = ctx.text
        sentence = ctx.unit_at(hit.start, "sentence")
        end = min(sentence.end, hit.end + self.config.within)
        other = _OTHER_INDICATOR.search(text, hit.end, end)
        if other is not None:
            end = other.start()
        following = ctx.occurrences_in(hit.end, end, self.config.indicators)
        if following:
            end = following[0].start
        times = _times(text, sentence.start, sentence.end)
        name, subject = _subject(text, ctx.unit_at(hit.start, "clause").start, hit)
        readings: list[Reading] = []
        previous = hit.end
        for found in ctx.figures_in(hit.end, end):
            between, previous = text[previous:found.start], found.end
            if _BENCHMARK.search(between):
                break  # 高于全国平均水平96.1%: what follows is not the region's own value
            change = _CHANGE_VERB.search(text, max(sentence.start, found.start - 6), found.start)
            if change is not None:
                reading = self._change(ctx, found, change, times)
                if reading is not None:
                    readings.append(Reading(hit, sentence.index, name, subject, found, *reading))
            elif found.figure.unit in self.config.units:
                when = _when_of(times, found.start, text)
                readings.append(Reading(hit, sentence.index, name, subject, found, when))
        return readings

    def _change(self, ctx: RuleContext, found: "FoundFigure", verb: re.Match[str],
                times: Sequence[_Time]) -> tuple[When | None, int, str, str] | None:
        """A stated change (比上年提高0.8个百分点): (the year it reaches, sign, verb, what it is compared with).

        None when it is not one this rule can read honestly: a % change of a % rate (提高2%: relative
        or points?), or a change the clause compares with nothing, or with its own year.
        """
        unit, units = found.figure.unit, self.config.units
        if not ((unit == "个百分点" and "%" in units) or (unit in units and unit != "%")):
            return None
        clause = ctx.unit_at(found.start, "clause")
        references = list(_REFERENCE.finditer(ctx.text, clause.start, found.start))
        if not references:
            return None
        reference = references[-1]
        reaches = _when_of([t for t in times if not t.reference], reference.start(), ctx.text)
        compared = next((t.when for t in times if t.start == reference.start("time")), None)
        if reaches is not None and compared is not None and compared.base == reaches.base \
                and compared.year >= reaches.year:
            return None
        sign = 1 if verb.group("verb") in _RISE else -1
        return reaches, sign, verb.group("verb"), reference.group("time") or "同比"

    def _improves(self, delta: float) -> bool:
        delta = round(delta if self.config.direction == "rise" else -delta, 6)
        return delta > 0 and delta >= self.config.min_change

    def _report_pair(self, ctx: RuleContext, newer: Reading, levels: Sequence[Reading]) -> None:
        """Compare a level with the same indicator's value of the latest earlier year (same sentence first)."""
        if newer.when is None:
            return
        earlier = [r for r in levels if r.subject == newer.subject and r.when is not None
                   and r.found.figure.unit == newer.found.figure.unit
                   and r.when.comparable(newer.when) and r.when.year < newer.when.year]
        pool = [r for r in earlier if r.sentence == newer.sentence] or earlier
        if not pool:
            return
        year = max(r.when.year for r in pool if r.when)
        candidates = [r for r in pool if r.when and r.when.year == year]
        if len({r.found.figure.value for r in candidates}) != 1:
            return  # two different values for the baseline year: which one the text means is unknown
        older = candidates[0]
        old, new = older.found.figure, newer.found.figure
        if old.value is None or new.value is None or not self._improves(new.value - old.value):
            return
        assert older.when is not None
        start, end = newer.hit.start, newer.found.end
        if older.sentence == newer.sentence:
            start, end = min(start, older.hit.start), max(end, older.found.end)
        ctx.report(start, end, [newer.hit.term], [
            _labelled(old, f"{older.name}（{older.when.label}）"),
            _labelled(new, f"{newer.name}（{newer.when.label}）", self._target(old, older.when.label)),
        ])

    def _report_change(self, ctx: RuleContext, change: Reading, levels: Sequence[Reading]) -> None:
        figure = change.found.figure
        if figure.value is None or not self._improves(change.sign * figure.value):
            return
        # The level the change arrives at (97.8% in 2023年…97.8%，较上年的96.9%提高0.9个百分点), not the baseline.
        level = next((r for r in reversed(levels) if r.hit == change.hit and r.found.end <= change.found.start
                      and r.when == change.when), None)
        reaches = change.when.label if change.when else ""
        compared = change.reference if change.reference == "同比" else f"比{change.reference}"
        minimum = self.config.min_change
        target = f">= {minimum:g}{figure.unit}" if minimum else f"> 0{figure.unit}"
        figures = [_labelled(figure, f"{change.name}（{reaches}{compared}{change.verb}）", target)]
        if level is not None:
            when = f"（{level.when.label}）" if level.when else ""
            figures.insert(0, _labelled(level.found.figure, f"{level.name}{when}"))
        ctx.report(change.hit.start, change.found.end, [change.hit.term], figures)

    def _target(self, old: "Figure", label: str) -> str:
        """The newer value's target: beyond the older one by `min_change`, in `direction`."""
        minimum, rise = self.config.min_change, self.config.direction == "rise"
        if not minimum:
            return f"{'>' if rise else '<'} {old.text}（{label}）"
        bound = (old.value or 0) + (minimum if rise else -minimum)
        return f"{'>=' if rise else '<='} {bound:g}{old.unit}（{label}{old.text}{'+' if rise else '-'}{minimum:g}）"


def _labelled(figure: "Figure", indicator: str, target: str | None = None) -> "Figure":
    """The figure with the indicator and year it was read as (and, for the newer one, what it beats)."""
    update: dict[str, Any] = {"indicator": indicator}
    if target is not None:
        update.update(target=target, meets_target=True)
    return figure.model_copy(update=update)


@hookimpl
def register_rule_types(register: Callable[[Any], None]) -> None:
    register(TrendRule)
