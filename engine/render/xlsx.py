"""`xlsx`: a workbook for spreadsheets (openpyxl): a summary sheet, one sheet per region, every piece of evidence.

The bytes are the same for the same run: the document properties carry a fixed date and the zip
entries a fixed time, so that a kept workbook changes only when its scores do.
"""
from __future__ import annotations

import io
import re
from collections.abc import Iterable


from ..models import CriterionResult, Evidence, Figure, Run, Scorecard
from .base import ROLL_UP_MARK, STATUS_LABELS, Dimension, best_evidence, dimensions, excerpt, level_label, region_key, wcswidth

SUMMARY_SHEET = "汇总"
EVIDENCE_SHEET = "证据"
VETO_LABEL = "一票否决"
EXCERPT_LIMIT = 60

# docProps/core.xml and the zip entries get these instead of the time of writing.
FIXED_TIMESTAMP = "2000-01-01T00:00:00Z"
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

MAX_CELL_CHARS = 32767  # Excel refuses longer cells
MAX_WIDTH = 60          # columns of wrapped text are cut to this width, and wrap
MAX_PLAIN_WIDTH = 50  # other columns (document paths) are cut to this width
MIN_WIDTH = 6
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_CORE_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_CORE_CREATED = re.compile(rb"(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)")


class XlsxRenderer:
    name = "xlsx"
    suffix = ".xlsx"

    def render(self, run: Run) -> bytes:
        book = _Book()
        cards = [*run.scorecards, *run.roll_ups]
        dims = dimensions(cards)
        summary = book.sheet(SUMMARY_SHEET)
        evidence = book.sheet(EVIDENCE_SHEET)
        sheets = {id(card): book.sheet(_label(card)) for card in cards}
        _write_summary(summary, run, dims, links={id(c): sheets[id(c)].title for c in cards})
        _write_evidence(evidence, cards)
        for card in cards:
            _write_region(sheets[id(card)], card, {d.id: d.name for d in card.dimensions})
        return book.save()

    def index(self, run: Run, files: dict[str, str]) -> bytes:
        book = _Book()
        sheet = book.sheet(SUMMARY_SHEET)
        _write_summary(sheet, run, dimensions(run.scorecards), files=files)
        return book.save()


# -- the sheets ---------------------------------------------------------------------------------


def _write_summary(sheet, run: Run, dims: list[Dimension], links: dict[int, str] | None = None,
                   files: dict[str, str] | None = None) -> None:
    with_roll_ups = bool(run.roll_ups) and files is None
    headers = ["地区", "级别", "上级", *[name for _, name in dims], "总分", "满分", "等级", "代码", "备注"]
    if with_roll_ups:
        headers.append("汇总自")
    if files is not None:
        headers.append("文件")
    rows = []
    cards = run.scorecards if files is not None else [*run.scorecards, *run.roll_ups]
    for card in cards:
        scores = {d.id: d.score for d in card.dimensions}
        note = f"名称有歧义: 也可能是 {'; '.join(card.region.ambiguous)}" if card.region.ambiguous else ""
        row: list[object] = [_label(card), level_label(card.region.level),
                             " / ".join(card.region.parents), *[scores.get(i) for i, _ in dims],
                             card.score, card.max, card.grade, card.region.code or "", note]
        if with_roll_ups:
            row.append("、".join(card.rolled_up_from))
        if files is not None:
            row.append(files.get(region_key(card.region), ""))
        rows.append(row)
    _table(sheet, headers, rows, wrap={"备注", "汇总自"})
    from openpyxl.worksheet.hyperlink import Hyperlink

    for number, card in enumerate(cards, start=2):
        cell = sheet.cell(row=number, column=1)
        if links is not None:
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"{_quote(links[id(card)])}!A1")
            cell.style = "Hyperlink"
        if files is not None and files.get(region_key(card.region)):
            link = sheet.cell(row=number, column=len(headers))
            link.hyperlink = files[region_key(card.region)]
            link.style = "Hyperlink"


def _write_region(sheet, card: Scorecard, dim_names: dict[str, str]) -> None:
    headers = ["指标", "名称", "维度", "状态", "得分", "满分", "证据数", "证据", "文档", "行", "数据与目标", "备注"]
    rows = []
    for criterion in card.criteria:
        item = best_evidence(criterion)
        notes = []
        if criterion.shortcoming:
            notes.append("短板: 只有不足的证据")
        if criterion.error:
            notes.append(f"出错: {criterion.error}")
        rows.append([criterion.id, criterion.name, dim_names.get(criterion.dimension, criterion.dimension),
                     STATUS_LABELS[criterion.status], criterion.score, criterion.max, len(criterion.evidence),
                     excerpt(item, EXCERPT_LIMIT) if item else "", item.document if item else "",
                     item.line if item else None, _criterion_figures(criterion), "; ".join(notes)])
    if card.veto:
        item = card.veto[0]
        rows.append(["veto", VETO_LABEL, "", STATUS_LABELS[item.status], None, None, len(card.veto),
                     excerpt(item, EXCERPT_LIMIT), item.document, item.line, "", "等级封顶"])
    _table(sheet, headers, rows, wrap={"证据", "数据与目标", "备注"})


def _write_evidence(sheet, cards: list[Scorecard]) -> None:
    headers = ["地区", "指标", "名称", "状态", "文档", "行", "起止", "原句", "匹配词", "数据", "线索", "规则"]
    rows = []
    for card in cards:
        items: Iterable[tuple[str, str, Evidence]] = [
            *((c.id, c.name, e) for c in card.criteria for e in c.evidence),
            *(("veto", VETO_LABEL, e) for e in card.veto)]
        for criterion_id, name, item in items:
            rows.append([_label(card), criterion_id, name, STATUS_LABELS[item.status], item.document,
                         item.line, f"{item.start}-{item.end}", " ".join(item.text.split()),
                         "、".join(item.matched), "; ".join(_figure(f) for f in item.figures),
                         item.cue or "(默认)", item.rule])
    _table(sheet, headers, rows, wrap={"原句", "匹配词", "数据"})


def _figure(figure: Figure) -> str:
    text = f"{figure.indicator} {figure.text}" if figure.indicator else figure.text
    if figure.target:
        text += f" (目标{figure.target} {'✓' if figure.meets_target else '✗'})"
    return text


def _criterion_figures(criterion: CriterionResult) -> str:
    """The criterion's figures, each once, those with a target first."""
    seen: dict[str, Figure] = {}
    for item in criterion.evidence:
        for figure in item.figures:
            key = _figure(figure)
            seen.setdefault(key, figure)
    ordered = sorted(seen.items(), key=lambda kv: kv[1].target is None)
    return "; ".join(key for key, _ in ordered)


# -- tables, widths, names --------------------------------------------------------------------------


def _table(sheet, headers: list[str], rows: list[list[object]], wrap: set[str] = frozenset()) -> None:
    """A table from A1: bold header, frozen header row, autofilter, widths fitted to the text."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    top = Alignment(vertical="top")
    wrapped = Alignment(vertical="top", wrap_text=True)
    for column, header in enumerate(headers, start=1):
        sheet.cell(row=1, column=column, value=header).font = bold
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=column)
            _set(cell, value)
            cell.alignment = wrapped if headers[column - 1] in wrap else top
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(headers))
    sheet.auto_filter.ref = f"A1:{last}{max(len(rows) + 1, 1)}"
    for column, header in enumerate(headers, start=1):
        width = max([_display_width(header) + 3,  # room for the autofilter button
                     *(_display_width(row[column - 1]) for row in rows)]) + 1
        limit = MAX_WIDTH if header in wrap else MAX_PLAIN_WIDTH
        sheet.column_dimensions[get_column_letter(column)].width = max(MIN_WIDTH, min(width, limit))


def _set(cell, value: object) -> None:
    """A value as a cell holds it: text always as text (never a formula), cut to Excel's limit."""
    if value is None or value == "":
        return
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        text = ILLEGAL_CHARACTERS_RE.sub(" ", value)
        if len(text) > MAX_CELL_CHARS:
            text = text[:MAX_CELL_CHARS - 1] + "…"
        cell.value = text
        cell.data_type = "s"  # a sentence starting with '=' stays a sentence
    else:
        cell.value = value


def _display_width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, float):
        value = f"{value:g}"
    lines = str(value).splitlines() or [""]
    return max(max(wcswidth(line), len(line)) for line in lines)


def _label(card: Scorecard) -> str:
    """A region's name, marked when the card is a roll-up (the region itself may have a card too)."""
    return card.region.name + (ROLL_UP_MARK if card.rolled_up_from else "")



def _quote(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


class _Book:
    """A workbook whose sheet names Excel accepts (31 characters, no []:*?/\\, unique ignoring case)."""

    def __init__(self) -> None:
        from openpyxl import Workbook

        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)
        self.taken: set[str] = set()

    def sheet(self, wanted: str):
        title = self.title(wanted)
        self.taken.add(title.casefold())
        return self.workbook.create_sheet(title)

    def title(self, wanted: str) -> str:
        base = _SHEET_FORBIDDEN.sub("_", wanted).strip().strip("'") or "地区"
        if base.casefold() == "history":  # reserved by Excel
            base += "_"
        title, number = base[:31], 1
        while title.casefold() in self.taken:
            number += 1
            suffix = f" ({number})"
            title = base[:31 - len(suffix)] + suffix
        return title

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return _reproducible(buffer.getvalue())


def _reproducible(data: bytes) -> bytes:
    """The zip again with fixed entry times and fixed document dates (openpyxl writes the time of saving)."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                stamp = FIXED_TIMESTAMP.encode()
                content = _CORE_MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", content)
                content = _CORE_CREATED.sub(rb"\g<1>" + stamp + rb"\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return out.getvalue()
