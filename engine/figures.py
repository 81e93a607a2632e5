"""Figures in Chinese policy text: Arabic and Chinese numerals, ranges, magnitudes, units, indicators.

`find_figures(text, start, end)` returns each figure of the span, with its offsets, with its value normalised to one
unit (3000万元 → 30,000,000 元; 43.66万亩 → 436,600 亩) and, for rates, the indicator it measures
(食品抽检合格率 = 95.9%).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Figure

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_LARGE = {"万": 10_000, "亿": 100_000_000}
_MAGNITUDE = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "十万": 100_000, "百万": 1_000_000,
              "千万": 10_000_000, "亿": 100_000_000}

_UNITS = ("人次", "平方公里", "公里", "亩", "吨", "元", "美元", "%", "‰", "个", "家", "件", "项",
          "条", "人", "名", "次", "处", "所", "座", "批", "届", "类", "种", "户", "倍", "场", "期", "台", "套",
          "批次", "个百分点", "方", "辆", "株", "头", "只")
_UNIT_RE = "|".join(sorted((re.escape(u) for u in _UNITS), key=len, reverse=True))
_ARABIC = r"\d+(?:[.,]\d+)*"
_CHINESE = r"[零〇一二两三四五六七八九十百千万亿]+"
_FIGURE = re.compile(
    rf"(?<![A-Za-z/\d.])(?P<low>{_ARABIC}|{_CHINESE})"
    rf"(?:\s*(?:-|~|～|—|至|到)\s*(?P<high>{_ARABIC}|{_CHINESE}))?"
    rf"(?:余|多)?(?P<mag>千万|百万|十万|万|亿|千|百)?(?:余|多)?"  # 10多万吨, 3万余户
    rf"(?P<unit>{_UNIT_RE})"
)
_INDICATOR = re.compile(r"([\u4e00-\u9fff]{1,10}?(?:率|比例|比重|占比|覆盖率|指数))[^\u4e00-\u9fff\d]{0,2}"
                        r"(?:全部|均|稳定|保持|达到|提高|提升|超过|分别|已|为|达|在|到|是|了|以上|至)*$")
_SCOPE_PREFIX = re.compile(r"^(?:(?:全[省市县区镇乡年]|今年|去年|当年|年度|上半年|下半年|前三季度|一季度|同期|"
                           r"[\u4e00-\u9fff]{1,6}?[省市县区镇乡])(?=[\u4e00-\u9fff]{3}))+")


def chinese_to_number(numeral: str) -> float | None:
    """二十一 → 21, 三千 → 3000, 一千二百 → 1200, 四点五 is not handled (rare in reports)."""
    if not numeral:
        return None
    total, section, digit = 0, 0, None
    for char in numeral:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        elif char in _CN_SMALL:
            section += (1 if digit is None else digit) * _CN_SMALL[char]
            digit = None
        elif char in _CN_LARGE:
            if not (total or section or digit):
                return None  # 万 or 亿 with no number before it (每万元) is a magnitude, not a figure
            section += digit or 0
            total = (total + section) * _CN_LARGE[char] if total and _CN_LARGE[char] > total else total + section * _CN_LARGE[char]
            section, digit = 0, None
        else:
            return None
    return float(total + section + (digit or 0))


def _number(raw: str) -> float | None:
    if raw[0].isdigit():
        cleaned = raw.replace(",", "")
        try:
            return float(cleaned)
        except ValueError:
            return None
    return chinese_to_number(raw)


# A count's indicator is the noun phrase right before it (中国驰名商标2件, 地方标准27项), without the
# verbs and adverbs that introduce it (共实施…, 新增…, 累计制定…).
_COUNT_NOUN = re.compile(r"([\u4e00-\u9fff“”\"]{2,14})$")
_LEADING_VERBS = re.compile(r"^(?:共有|共|累计|新增|新获|新建|先后|已|建成|建立|实施|制定|发布|拥有|获得|获批|培育|创建|认定|"
                            r"评选|评出|开展|完成|达到|达|有|其中|以及|和|及|、)+")


_TRAILING_VERBS = re.compile(r"(?:达到|达|为|是|给予|奖励|约|超过|超|近|共|累计|增加|增长|新增|申请|发布|获)+$")
_NOUN_AFTER = re.compile(r"[\u4e00-\u9fff“”\"]{2,10}?(?=[，,、；;。:：（(]|的|等|为|$)")


def _count_indicator(text: str, start: int, figure_start: int, figure_end: int, end: int) -> str | None:
    """中国驰名商标2件 → 中国驰名商标; 21个职能部门 → 职能部门 (the noun after, when none comes before)."""
    match = _COUNT_NOUN.search(text, max(start, figure_start - 14), figure_start)
    noun = ""
    if match:
        raw = match.group(1).strip("“”\"")
        noun = _LEADING_VERBS.sub("", _SCOPE_PREFIX.sub("", raw.rsplit("的", 1)[-1])).strip("“”\"")
        if _TRAILING_VERBS.search(noun):
            noun = _TRAILING_VERBS.sub("", noun)
            noun = noun if noun and not match.group(1).endswith(("给予", "奖励", "发布", "获")) else ""
    if len(noun) < 2:
        after = _NOUN_AFTER.match(text, figure_end, min(end, figure_end + 12))
        noun = after.group(0).strip("“”\"") if after else ""
    return noun if len(noun) >= 2 else None


def _indicator(text: str, start: int, figure_start: int) -> str | None:
    before = text[max(start, figure_start - 16):figure_start]
    match = _INDICATOR.search(before)
    if not match:
        return None
    name = match.group(1)
    return _SCOPE_PREFIX.sub("", name)


@dataclass(frozen=True, slots=True)
class FoundFigure:
    start: int
    end: int
    figure: Figure


_PERCENT_WORDS = re.compile(r"百分之(?P<number>[零〇一二两三四五六七八九十百点]+)")


def _chinese_decimal(numeral: str) -> float | None:
    """九十八点五 → 98.5."""
    whole, _, fraction = numeral.partition("点")
    value = chinese_to_number(whole) if whole else 0.0
    if value is None or (fraction and not all(ch in _CN_DIGITS for ch in fraction)):
        return None
    return value + (float("0." + "".join(str(_CN_DIGITS[ch]) for ch in fraction)) if fraction else 0.0)


def find_figures(text: str, start: int, end: int) -> list[FoundFigure]:
    """Every figure (number + unit) in text[start:end], in text order."""
    figures = []
    for match in _PERCENT_WORDS.finditer(text, start, end):
        value = _chinese_decimal(match.group("number"))
        if value is not None:
            figures.append(FoundFigure(match.start(), match.end(), Figure.compact(
                text=match.group(0), value=round(value, 4), unit="%", indicator=_indicator(text, start, match.start()))))
    for match in _FIGURE.finditer(text, start, end):
        low_raw, high_raw = match.group("low"), match.group("high")
        if not low_raw[0].isdigit() and len(low_raw) == 1 and low_raw in "一两" and not match.group("mag"):
            continue  # 一个目标, 两家单位: counting words, not reported figures
        low, high = _number(low_raw), _number(high_raw) if high_raw else None
        if low is None:
            continue
        factor = _MAGNITUDE.get(match.group("mag") or "", 1)
        unit = match.group("unit")
        figures.append(FoundFigure(match.start(), match.end(), Figure.compact(
            text=match.group(0),
            value=round(low * factor, 4),
            upper=round(high * factor, 4) if high is not None else None,
            unit=unit,
            indicator=(_indicator(text, start, match.start()) if unit in ("%", "‰")
                       else _count_indicator(text, start, match.start(), match.end(), end)),
        )))
    return sorted(figures, key=lambda found: found.start)
