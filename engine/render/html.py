"""`html`: one self-contained page per run, for reading offline in closed networks.

Everything is inline: the style sheet and the sorting script come from html_assets/ and are
written into the page; the radar charts are SVG drawn here. The page makes no request of any
kind (a Content-Security-Policy forbids it), uses the system's CJK fonts, and is the same bytes
for the same run. Every score links to the sentence behind it, shown in its document's text at
the end of the page (the text the evidence offsets count in, kept when `needs_texts` is set);
when the run carries no texts (a run read back from JSON) the links are left out, never broken.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from importlib import resources
from urllib.parse import quote

from ..models import CriterionResult, DimensionResult, DocumentRecord, Evidence, Figure, Run, Scorecard
from ..normalize import normalize
from .base import STATUS_LABELS, best_evidence, number, region_key, shown_criteria

TITLE = "质量工作评分报告"
STATUS_TEXT = {**STATUS_LABELS, "absent": "未发现"}
LEVEL_LABELS = {"province": "省级", "city": "市级", "county": "县级", "district": "县级（区）", "town": "乡镇级",
                "unknown": "级别未定"}
LEVEL_RANK = {"province": 1, "city": 2, "county": 3, "district": 3, "town": 4, "unknown": 5}
GENRE_LABELS = {"report": "报道", "plan": "方案规划", "work-report": "政府工作报告"}
LEGEND = [("implemented", "已有事实表明做到了"), ("planned", "计划、部署或要求要做"),
          ("negated", "文中承认的不足或未做到"), ("absent", "没有找到证据")]
SHOWN_EVIDENCE = 2  # evidence shown at once per criterion; the rest behind a <details>
NONE = '<span class="none">—</span>'
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _e(value: object) -> str:
    """Text or attribute value, escaped; control characters (invalid in HTML) shown as �."""
    return escape(_CONTROL.sub("\ufffd", str(value)), quote=True)


@functools.cache
def _asset(name: str) -> str:
    return (resources.files(__package__) / "html_assets" / name).read_text(encoding="utf-8")


# --- highlighting -------------------------------------------------------------------------

def _term_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where the matched terms (simplified, half-width) occur in `text` (original script).

    normalize() keeps the length, so offsets in its text are offsets in the original."""
    folded = normalize(text)
    spans = []
    for term in terms:
        term = normalize(term) if term else term
        if not term:
            continue
        at = folded.find(term)
        while at >= 0:
            spans.append((at, at + len(term)))
            at = folded.find(term, at + 1)
    return spans


def _evidence_marks(item: Evidence) -> list[tuple[int, int, bool]]:
    """Spans to mark in the evidence sentence, relative to it: the rule's match (main) and the
    other occurrences of its matched terms."""
    marks = [(s, e, False) for s, e in _term_spans(item.text, item.matched)]
    start, end = item.match_start - item.start, item.match_end - item.start
    if 0 <= start < end <= len(item.text):
        marks.append((start, end, True))
    return marks


def _highlight(text: str, marks: list[tuple[int, int, bool]]) -> str:
    """`text` escaped, with the marks as <mark>: a rule's match (main) exactly at its offsets,
    whatever term occurrences overlap it; each main match its own element."""
    level = [0] * len(text)
    starts = set()
    for start, end, main in marks:
        start, end = max(0, start), min(len(text), end)
        if start >= end:
            continue
        if main:
            starts.add(start)
        for i in range(start, end):
            level[i] = max(level[i], 2 if main else 1)
    out, run_start = [], 0
    for i in range(1, len(text) + 1):
        if i < len(text) and level[i] == level[run_start] and not (i in starts and level[i] == 2):
            continue
        piece = _e(text[run_start:i])
        out.append(piece if level[run_start] == 0 else
                   f'<mark class="main">{piece}</mark>' if level[run_start] == 2 else f"<mark>{piece}</mark>")
        run_start = i
    return "".join(out)


# --- the documents' texts, with an anchor on every evidence sentence ---------------------------

@dataclass
class _Context:
    """Which documents are shown, and the anchor of every evidence sentence shown in them."""
    doc_ids: dict[str, str] = field(default_factory=dict)  # path -> "doc-3" for the documents shown
    anchors: dict[tuple[str, int, int], str] = field(default_factory=dict)  # (path, start, end) -> element id
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # path -> the wrapped sentences
    marks: dict[tuple[str, int, int], list] = field(default_factory=dict)
    criteria: dict[tuple[str, int, int], list[str]] = field(default_factory=dict)
    guests: dict[tuple[str, int, int], list[tuple[str, int, int]]] = field(default_factory=dict)  # overlapping ones

    def link(self, item: Evidence | None) -> str | None:
        return self.anchors.get((item.document, item.start, item.end)) if item is not None else None


def _all_evidence(cards: list[Scorecard]):
    for card in cards:
        for criterion in card.criteria:
            for item in criterion.evidence:
                yield criterion.id, item
        for item in card.veto:
            yield "veto", item


def _context(run: Run, cards: list[Scorecard]) -> _Context:
    context = _Context()
    texts = run.texts
    found: dict[str, set[tuple[int, int]]] = {}
    for criterion_id, item in _all_evidence(cards):
        text = texts.get(item.document)
        # Only a sentence that is really there (same text at the same offsets) gets an anchor.
        if text is None or not 0 <= item.start < item.end <= len(text) or text[item.start:item.end] != item.text:
            continue
        key = (item.document, item.start, item.end)
        found.setdefault(item.document, set()).add((item.start, item.end))
        context.marks.setdefault(key, []).extend(_evidence_marks(item))
        ids = context.criteria.setdefault(key, [])
        if criterion_id not in ids:
            ids.append(criterion_id)
    order = {record.path: index for index, record in enumerate(run.documents)}
    for path in sorted(found, key=lambda p: (order.get(p, len(order)), p)):
        doc_id = f"doc-{order.get(path, len(order))}"
        context.doc_ids[path] = doc_id
        kept: list[tuple[int, int]] = []
        for start, end in sorted(found[path], key=lambda span: (span[0], -span[1])):
            if kept and start < kept[-1][1]:
                continue  # overlaps a sentence already wrapped: it links there (below)
            kept.append((start, end))
            context.anchors[(path, start, end)] = f"{doc_id}-s-{start}-{end}"
        context.spans[path] = kept
        for start, end in found[path]:
            if (path, start, end) not in context.anchors:
                host = next(s for s in kept if s[0] <= start < s[1] or start <= s[0] < end)
                context.anchors[(path, start, end)] = f"{doc_id}-s-{host[0]}-{host[1]}"
                context.guests.setdefault((path, *host), []).append((path, start, end))
    return context


def _documents_part(run: Run, context: _Context) -> str:
    if not context.doc_ids:
        return ""
    parts = ['<section id="documents" class="documents" aria-labelledby="documents-h">',
             '<h2 id="documents-h">原文</h2>',
             '<p class="hint">被引用的文档全文，证据句以底色标出；点击报告中的得分或证据句可跳转到这里的原句。</p>']
    for path, doc_id in context.doc_ids.items():
        text = run.texts[path]
        out, at = [], 0
        for start, end in context.spans[path]:
            key = (path, start, end)
            out.append(_e(text[at:start]))
            relative = list(context.marks.get(key, []))  # already relative to the sentence
            # A sentence also cited by overlapping evidence shows that evidence's matches too.
            for guest in context.guests.get(key, []):
                shift = guest[1] - start
                relative.extend((s + shift, e + shift, m) for s, e, m in context.marks.get(guest, []))
            title = "证据：" + "、".join(context.criteria.get(key, []))
            out.append(f'<span class="ctx" id="{context.anchors[key]}" title="{_e(title)}">'
                       f'{_highlight(text[start:end], relative)}</span>')
            at = end
        out.append(_e(text[at:]))
        parts.append(f'<article class="doc" id="{doc_id}" aria-labelledby="{doc_id}-h">'
                     f'<h3 id="{doc_id}-h">{_e(path)}</h3><div class="doc-text">{"".join(out)}</div></article>')
    parts.append("</section>")
    return "\n".join(parts)


# --- the radar chart ------------------------------------------------------------------------

def radar_svg(dimensions: list[DimensionResult], label: str = "") -> str:
    """The dimensions' shares (score/max) as a radar chart: one axis each, clockwise from the top."""
    n = len(dimensions)
    if n == 0:
        return ""
    width, height, cx, cy, radius = 440, 330, 220, 165, 112

    def point(index: int, share: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / n
        return cx + radius * share * math.cos(angle), cy + radius * share * math.sin(angle)

    def points(shares: list[float]) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, s) for i, s in enumerate(shares)))

    shares = [max(0.0, min(1.0, d.score / d.max)) if d.max > 0 else 0.0 for d in dimensions]
    summary = "；".join(f"{d.name} {number(d.score)}/{number(d.max)}" for d in dimensions)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="radar" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
           f'aria-label="{_e((label + " ") if label else "")}各维度得分率：{_e(summary)}">']
    for ring in (0.25, 0.5, 0.75, 1.0):
        if n >= 3:
            out.append(f'<polygon class="grid" points="{points([ring] * n)}"/>')
        else:
            out.append(f'<circle class="grid" cx="{cx}" cy="{cy}" r="{radius * ring:.1f}"/>')
    for i in range(n):
        x, y = point(i, 1.0)
        out.append(f'<line class="axis" x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}"/>')
    out.append(f'<text class="tick" x="{cx + 4}" y="{cy - radius / 2 + 4:.1f}">50%</text>')
    out.append(f'<polygon class="value" points="{points(shares)}"/>')
    for i, (d, share) in enumerate(zip(dimensions, shares)):
        x, y = point(i, share)
        out.append(f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="3.5">'
                   f'<title>{_e(d.name)} {number(d.score)}/{number(d.max)}</title></circle>')
    for i, d in enumerate(dimensions):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        cos, sin = math.cos(angle), math.sin(angle)
        x, y = cx + (radius + 14) * cos, cy + (radius + 14) * sin
        anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
        y += 4 if abs(sin) < 0.3 else (14 if sin > 0 else -12)
        out.append(f'<text class="label" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{_e(d.name)}'
                   f'<tspan class="val" x="{x:.1f}" dy="15">{number(d.score)}/{number(d.max)}</tspan></text>')
    out.append("</svg>")
    return "".join(out)


# --- pieces ---------------------------------------------------------------------------------

def _badge(status: str, extra: str = "") -> str:
    return f'<span class="badge s-{_e(status)}">{_e(STATUS_TEXT.get(status, status))}{_e(extra)}</span>'


def _grade(grade: str) -> str:
    return f'<span class="grade g-{_e(grade)}">{_e(grade)}</span>'


def _level(level: str) -> str:
    return LEVEL_LABELS.get(level, level)


def _target(target: str) -> str:
    return target.replace(">=", "≥").replace("<=", "≤")


def _figures(figures: list[Figure]) -> str:
    if not figures:
        return ""
    items = []
    for figure in figures:
        what = f'<span class="fig-text">{_e(figure.text)}</span>'
        if figure.indicator:
            what += f' <span class="fig-ind">{_e(figure.indicator)}</span>'
        if figure.target:
            verdict = ('<span class="verdict met">✓ 达标</span>' if figure.meets_target else
                       '<span class="verdict unmet">✗ 未达标</span>' if figure.meets_target is False else
                       '<span class="verdict">未比较</span>')
            what += f' <span class="fig-target">目标 {_e(_target(figure.target))}</span> {verdict}'
            state = "met" if figure.meets_target else "unmet" if figure.meets_target is False else "unknown"
            items.append(f'<li class="fig has-target {state}">{what}</li>')
        else:
            items.append(f'<li class="fig">{what}</li>')
    return f'<ul class="figures" aria-label="数字">{"".join(items)}</ul>'


def _location(item: Evidence) -> str:
    name = item.document.replace("\\", "/").rsplit("/", 1)[-1]
    return f"{name} 第{item.line}行"


def _evidence(item: Evidence, context: _Context, status: str | None = None) -> str:
    """One piece of evidence; its status is shown when it is not the criterion's (`status`)."""
    target = context.link(item)
    body = _highlight(item.text, _evidence_marks(item))
    if target:
        text = f'<a class="ev-link" href="#{target}" title="在原文中查看">{body}</a>'
        where = f'<a class="ev-where" href="#{target}">{_e(_location(item))}</a>'
    else:
        text = body
        where = f'<span class="ev-where" title="{_e(item.document)}">{_e(_location(item))}</span>'
    cue = (f'<span class="cue">判定词「{_e(item.cue)}」</span>' if item.cue else
           '<span class="cue">判定：段落默认</span>')
    badge = _badge(item.status) + " " if item.status != status else ""
    terms = f'<span class="terms">命中：{_e("、".join(item.matched))}</span>' if item.matched else ""
    return (f'<li class="ev ev-{_e(item.status)}"><blockquote class="ev-text">{text}</blockquote>'
            f'<p class="ev-meta">{badge}{where} {cue} {terms}</p>{_figures(item.figures)}</li>')


def _ordered_evidence(criterion: CriterionResult) -> list[Evidence]:
    best = best_evidence(criterion)
    return [best, *(item for item in criterion.evidence if item is not best)] if best else []


def _criterion(criterion: CriterionResult, context: _Context, collapsed: bool) -> str:
    best = best_evidence(criterion)
    target = context.link(best)
    score = f"{number(criterion.score)}/{number(criterion.max)}"
    score_html = (f'<a class="crit-score" href="#{target}" title="得分依据的原句">{score}</a>' if target else
                  f'<span class="crit-score">{score}</span>')
    head = (f'<div class="crit-head">{_badge(criterion.status, "（出错）" if criterion.error else "")}'
            f'<span class="crit-name">{_e(criterion.name)}</span> <code class="crit-id">{_e(criterion.id)}</code>'
            f'{score_html}</div>')
    parts = [f'<li class="crit s-{_e(criterion.status)}{" has-error" if criterion.error else ""}">', head]
    if criterion.error:
        parts.append(f'<p class="error"><strong>规则出错</strong>（此处证据可能缺失）：{_e(criterion.error)}</p>')
    items = [_evidence(item, context, criterion.status) for item in _ordered_evidence(criterion)]
    shown = 0 if collapsed else SHOWN_EVIDENCE
    if items[:shown]:
        parts.append(f'<ol class="evidence">{"".join(items[:shown])}</ol>')
    if items[shown:]:
        more = f"另有 {len(items) - shown} 条证据" if shown else f"{len(items)} 条证据"
        parts.append(f'<details class="more"><summary>{more}</summary>'
                     f'<ol class="evidence">{"".join(items[shown:])}</ol></details>')
    parts.append("</li>")
    return "".join(parts)


def _dimension_table(card: Scorecard) -> str:
    rows = []
    for d in card.dimensions:
        share = d.score / d.max if d.max > 0 else 0.0
        crits = [c for c in card.criteria if c.dimension == d.id]
        counts = "".join(f'<span class="count s-{status}" title="{STATUS_TEXT[status]}">'
                         f'{STATUS_TEXT[status]} {n}</span>'
                         for status in ("implemented", "planned", "negated")
                         if (n := sum(1 for c in crits if c.status == status)))
        rows.append(f'<tr><th scope="row">{_e(d.name)}</th><td class="num">{number(d.score)}/{number(d.max)}</td>'
                    f'<td class="barcell"><span class="bar" style="--p:{share * 100:.1f}%"></span></td>'
                    f'<td class="counts">{counts or NONE}</td></tr>')
    return ('<table class="dims"><caption class="visually-hidden">各维度得分</caption><thead><tr>'
            '<th scope="col">维度</th><th scope="col">得分</th><th scope="col">得分率</th><th scope="col">指标</th>'
            f'</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _region_section(card: Scorecard, section_id: str, context: _Context, rollup: bool = False) -> str:
    region = card.region
    chain = " › ".join([*region.parents, region.name])
    parts = [f'<section class="region" id="{section_id}" aria-labelledby="{section_id}-h">',
             '<header class="region-head"><div>',
             f'<h2 id="{section_id}-h">{_e(region.name)}{"（汇总）" if rollup else ""} '
             f'<span class="level">{_e(_level(region.level))}</span></h2>',
             f'<p class="chain">{_e(chain)}{(" · 代码 " + _e(region.code)) if region.code else ""}</p></div>',
             f'<div class="scorebox"><span class="score">{number(card.score)}</span>'
             f'<span class="max">/{number(card.max)}</span> {_grade(card.grade)}</div></header>']
    if card.rolled_up_from:
        parts.append(f'<p class="note">汇总自：{_e("、".join(card.rolled_up_from))}</p>')
    if region.ambiguous:
        parts.append(f'<p class="note warn"><strong>名称有歧义</strong>：也可能是 {_e("；".join(region.ambiguous))}</p>')
    if card.veto:
        items = "".join(_evidence(item, context) for item in card.veto)
        parts.append(f'<div class="veto" role="note"><p><strong>否决项</strong>：发现质量安全事件的证据，'
                     f'等级受限为 {_grade(card.grade)}</p><ol class="evidence">{items}</ol></div>')
    if card.documents:
        docs = "、".join(f'<a href="#{context.doc_ids[d]}">{_e(d)}</a>' if d in context.doc_ids else _e(d)
                        for d in card.documents)
        parts.append(f'<p class="sources">依据文档：{docs}</p>')
    parts.append(f'<div class="overview"><figure class="chart">{radar_svg(card.dimensions, region.name)}'
                 f'<figcaption>各维度得分率（得分/满分）</figcaption></figure>{_dimension_table(card)}</div>')
    by_dimension: dict[str, list[CriterionResult]] = {}
    for criterion in card.criteria:
        by_dimension.setdefault(criterion.dimension, []).append(criterion)
    names = {d.id: d for d in card.dimensions}
    for dim_id, criteria in by_dimension.items():
        d = names.get(dim_id)
        title = f'{_e(d.name)} <span class="dim-score">{number(d.score)}/{number(d.max)}</span>' if d else _e(dim_id)
        found = shown_criteria(criteria)
        absent = [c for c in criteria if c.status == "absent" and not c.error]
        parts.append(f'<div class="dimension"><h3>{title}</h3>')
        if found:
            parts.append(f'<ol class="criteria">{"".join(_criterion(c, context, rollup) for c in found)}</ol>')
        if absent:
            items = "".join(f'<li>{_e(c.name)} <code class="crit-id">{_e(c.id)}</code> '
                            f'<span class="crit-score">0/{number(c.max)}</span></li>' for c in absent)
            parts.append(f'<div class="absent">{_badge("absent")}<ul>{items}</ul></div>')
        parts.append("</div>")
    parts.append('<p class="top-link"><a href="#summary">↑ 回到总览</a></p></section>')
    return "\n".join(parts)


def _summary_table(cards: list[Scorecard], links: list[str | None], table_id: str, caption: str) -> str:
    """The regions × dimensions table, sortable by each column (html_assets/report.js); a roll-up
    names the regions it adds up under its own name."""
    dims = cards[0].dimensions if cards else []

    def header(label: str, kind: str, sort: str = "none", note: str = "") -> str:
        small = f'<small>{_e(note)}</small>' if note else ""
        return (f'<th scope="col" data-type="{kind}" aria-sort="{sort}"><button type="button">'
                f'<span class="h">{_e(label)}{small}</span><span class="arrow" aria-hidden="true"></span>'
                f'</button></th>')

    heads = [header("地区", "text"), header("级别", "number"),
             *(header(d.name, "number", note=f"满分{number(d.max)}") for d in dims),
             header("总分", "number", "descending", note=f"满分{number(cards[0].max)}" if cards else ""),
             header("等级", "text")]
    rows = []
    names = Counter(card.region.name for card in cards)
    for card, link in zip(cards, links):
        name = _e(card.region.name)
        shown = f'<a href="{link}">{name}</a>' if link else name
        if names[card.region.name] > 1:  # two places of one name: their parents tell them apart
            shown += f'<small class="from">{_e(" › ".join(card.region.parents) or card.region.code or "")}</small>'
        if card.rolled_up_from:
            shown += f'<small class="from">汇总自 {_e("、".join(card.rolled_up_from))}</small>'
        cells = [f'<th scope="row" data-sort="{name}">{shown}</th>',
                 f'<td data-sort="{LEVEL_RANK.get(card.region.level, 9)}">{_e(_level(card.region.level))}</td>']
        scores = {d.id: d for d in card.dimensions}
        for d in dims:
            mine = scores.get(d.id)
            if mine is None:
                cells.append('<td class="num" data-sort="">—</td>')
                continue
            share = mine.score / mine.max * 100 if mine.max > 0 else 0.0
            cells.append(f'<td class="num dimcell" data-sort="{mine.score!r}" style="--p:{share:.1f}%">'
                         f'{number(mine.score)}</td>')
        cells.append(f'<td class="num total" data-sort="{card.score!r}">{number(card.score)}</td>')
        cells.append(f'<td data-sort="{_e(card.grade)}">{_grade(card.grade)}</td>')
        rows.append(f'<tr>{"".join(cells)}</tr>')
    return (f'<div class="table-wrap" tabindex="0" role="region" aria-labelledby="{table_id}-cap">'
            f'<table class="summary sortable" id="{table_id}"><caption id="{table_id}-cap">{_e(caption)}'
            '<span class="screen-only">（点击表头排序）</span></caption>'
            f'<thead><tr>{"".join(heads)}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def _legend() -> str:
    items = "".join(f"<li>{_badge(status)} {_e(text)}</li>" for status, text in LEGEND)
    return f'<ul class="legend" aria-label="图例">{items}</ul>'


def _documents_list(documents: list[DocumentRecord], context: _Context) -> str:
    rows = []
    failed = 0
    for record in documents:
        failed += bool(record.error or record.rule_errors)
        path = _e(record.path)
        name = f'<a href="#{context.doc_ids[record.path]}">{path}</a>' if record.path in context.doc_ids else path
        if record.error:
            state = f'<span class="doc-error">未能读取：{_e(record.error)}</span>'
        elif record.rule_errors:
            state = f'<span class="doc-error">规则出错：{_e("；".join(record.rule_errors))}</span>'
        elif record.about_quality_work is False:
            state = '<span class="muted">与质量工作无关，未评分</span>'
        else:
            state = '<span class="ok">已评分</span>'
        rows.append(f'<tr><td class="path">{name}</td><td>{_e(GENRE_LABELS.get(record.genre or "", record.genre or "—"))}</td>'
                    f'<td>{_e(record.format or "—")}{(" · " + _e(record.encoding)) if record.encoding else ""}</td>'
                    f'<td class="regions">{_e("、".join(record.regions) or "—")}</td><td>{state}</td></tr>')
    summary = f"文档 {len(documents)} 份" + (f"，其中 {failed} 份有错误" if failed else "")
    return (f'<details class="doclist"{" open" if len(documents) <= 12 or failed else ""}><summary>{_e(summary)}</summary>'
            '<div class="table-wrap"><table class="docs"><thead><tr><th scope="col">文档</th><th scope="col">体裁</th>'
            '<th scope="col">格式</th><th scope="col">涉及地区</th><th scope="col">状态</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div></details>')


def _page(title: str, body: str) -> str:
    style, script = _asset("report.css"), _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    # No request of any kind: nothing outside the page may load, whatever a document's text holds.
    policy = (f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; img-src data:; "
              "base-uri 'none'; form-action 'none'")
    return ("<!DOCTYPE html>\n"
            '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="color-scheme" content="light">\n'
            f"<title>{_e(title)}</title>\n<style>\n{style}</style>\n</head>\n<body>\n{body}\n"
            f"<script>{script}</script>\n</body>\n</html>\n")


def _topbar(rulebook: str, links: list[tuple[str, str]]) -> str:
    nav = "".join(f'<a href="{href}">{_e(label)}</a>' for href, label in links)
    return (f'<header class="topbar"><div class="wrap"><span class="brand">{TITLE}</span>'
            f'<span class="rb">{_e(rulebook)}</span><nav aria-label="页面导航">{nav}</nav></div></header>')


def _rulebook(run: Run) -> str:
    rb = run.rulebook
    return f"{rb.id} v{rb.version}" + (f" · {rb.name}" if rb.name else "")


class HtmlRenderer:
    name = "html"
    suffix = ".html"
    needs_texts = True  # the page shows every evidence sentence in its document's text

    def render(self, run: Run) -> str:
        cards = [*run.scorecards, *run.roll_ups]
        context = _context(run, cards)
        region_ids = [f"region-{i + 1}" for i in range(len(run.scorecards))]
        rollup_ids = [f"rollup-{i + 1}" for i in range(len(run.roll_ups))]
        nav = [("#summary", "总览")]
        if run.roll_ups:
            nav.append(("#rollups", "汇总视图"))
        if context.doc_ids:
            nav.append(("#documents", "原文"))
        body = [_topbar(_rulebook(run), nav), '<main class="wrap">',
                f'<section id="summary" class="intro" aria-labelledby="summary-h"><h1 id="summary-h">{TITLE}</h1>',
                f'<p class="rulebook">规则集 <strong>{_e(run.rulebook.id)}</strong> v{_e(run.rulebook.version)}'
                f'{("：" + _e(run.rulebook.name)) if run.rulebook.name else ""}</p>',
                _legend(), _documents_list(run.documents, context)]
        if run.scorecards:
            body.append(_summary_table(run.scorecards, [f"#{i}" for i in region_ids], "summary-table",
                                       "各地区得分"))
            body.append('<p class="visually-hidden" aria-live="polite" data-sort-status></p>')
        elif not run.roll_ups:
            body.append('<p class="empty">没有找到任何地区的质量工作证据。</p>')
        body.append("</section>")
        if run.roll_ups:
            body.append('<section id="rollups" aria-labelledby="rollups-h"><h2 id="rollups-h">汇总视图</h2>'
                        '<p class="hint">上级地区汇总其下级地区的证据后重新计分。</p>')
            body.append(_summary_table(run.roll_ups, [f"#{i}" for i in rollup_ids], "rollup-table",
                                       "汇总得分"))
            body.append("</section>")
        for card, section_id in zip(run.scorecards, region_ids):
            body.append(_region_section(card, section_id, context))
        for card, section_id in zip(run.roll_ups, rollup_ids):
            body.append(_region_section(card, section_id, context, rollup=True))
        body.append(_documents_part(run, context))
        body.append('</main>\n<a class="back" href="#summary" hidden data-back>↩ 返回</a>')
        names = "、".join(c.region.name for c in cards[:3]) + ("等" if len(cards) > 3 else "")
        return _page(f"{TITLE}：{names}" if names else TITLE, "\n".join(part for part in body if part))

    def index(self, run: Run, files: dict[str, str]) -> str:
        context = _Context()
        body = [_topbar(_rulebook(run), []), '<main class="wrap">',
                f'<section id="summary" class="intro"><h1>{TITLE}：索引</h1>',
                f'<p class="rulebook">规则集 <strong>{_e(run.rulebook.id)}</strong> v{_e(run.rulebook.version)}'
                f'{("：" + _e(run.rulebook.name)) if run.rulebook.name else ""}</p>',
                '<p class="hint">每个地区一份报告；点击地区名打开。</p>',
                _legend(), _documents_list(run.documents, context)]
        if run.scorecards:
            links = [_e(quote(files[region_key(c.region)])) if region_key(c.region) in files else None
                     for c in run.scorecards]
            body.append(_summary_table(run.scorecards, links, "summary-table", "各地区得分"))
            body.append('<p class="visually-hidden" aria-live="polite" data-sort-status></p>')
        if run.roll_ups:
            body.append(_summary_table(run.roll_ups, [None] * len(run.roll_ups), "rollup-table", "汇总视图"))
        body.append("</section></main>")
        return _page(f"{TITLE}：索引", "\n".join(body))
