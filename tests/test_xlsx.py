"""`--format xlsx`: the seeds' run as a workbook, read back with openpyxl."""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from qscore.cli import cli
from qscore.models import Evidence, Run
from qscore.plugins import renderers
from qscore.render.xlsx import XlsxRenderer, _Book

from .conftest import ROOT

SUMMARY_HEADERS = ["地区", "级别", "上级", "组织领导", "标准化", "品牌培育", "质量监管", "质量基础设施", "质量文化与人才",
                   "质量成效", "产业质量", "总分", "满分", "等级"]
REGION_HEADERS = ["指标", "名称", "维度", "状态", "得分", "满分", "证据数", "证据", "文档", "行", "数据与目标"]
EVIDENCE_HEADERS = ["地区", "指标", "名称", "状态", "文档", "行", "起止", "原句", "匹配词", "数据", "线索"]


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    """The seeds evaluated as JSON, as xlsx to standard output (twice) and as xlsx files (--out)."""
    out = tmp_path_factory.mktemp("xlsx")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        runner = CliRunner()
        run = runner.invoke(cli, ["evaluate", "seeds", "--format", "json"])
        first = runner.invoke(cli, ["evaluate", "seeds", "--format", "xlsx"])
        second = runner.invoke(cli, ["evaluate", "seeds", "--format", "xlsx"])
        written = runner.invoke(cli, ["evaluate", "seeds", "--format", "xlsx", "--out", str(out)])
        rolled = runner.invoke(cli, ["evaluate", "seeds", "--format", "xlsx", "--roll-up", "province"])
    for result in (run, first, second, written, rolled):
        assert result.exit_code == 0, result.output
    return {"run": json.loads(run.stdout), "bytes": first.stdout_bytes, "again": second.stdout_bytes, "out": out,
            "rolled": rolled.stdout_bytes}


def _book(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def _header(sheet) -> list[str]:
    return [cell.value for cell in sheet[1]]


def _records(sheet) -> list[dict]:
    header = _header(sheet)
    return [dict(zip(header, row)) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_the_sheets_are_there_with_chinese_headers(seeds):
    book = _book(seeds["bytes"])
    regions = [card["region"]["name"] for card in seeds["run"]["scorecards"]]
    assert book.sheetnames == ["汇总", "证据", *regions]
    assert _header(book["汇总"])[:len(SUMMARY_HEADERS)] == SUMMARY_HEADERS
    assert _header(book["证据"])[:len(EVIDENCE_HEADERS)] == EVIDENCE_HEADERS
    for name in regions:
        assert _header(book[name])[:len(REGION_HEADERS)] == REGION_HEADERS


def test_every_table_has_a_frozen_header_an_autofilter_and_widths(seeds):
    book = _book(seeds["bytes"])
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        last = openpyxl.utils.get_column_letter(sheet.max_column)
        assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}", sheet.title
        widths = [sheet.column_dimensions[openpyxl.utils.get_column_letter(c)].width
                  for c in range(1, sheet.max_column + 1)]
        assert all(6 <= width <= 60 for width in widths), (sheet.title, widths)
    summary = book["汇总"]
    # Chinese characters count double: the region column fits 攀枝花市 (8 columns), the parents' wider.
    assert summary.column_dimensions["A"].width >= 8
    assert summary.column_dimensions["C"].width > summary.column_dimensions["B"].width
    evidence = book["证据"]
    sentence = _header(evidence).index("原句") + 1
    assert evidence.cell(row=2, column=sentence).alignment.wrap_text


def test_the_summary_and_region_sheets_hold_the_runs_scores(seeds):
    book = _book(seeds["bytes"])
    cards = seeds["run"]["scorecards"]
    summary = _records(book["汇总"])
    assert [row["地区"] for row in summary] == [card["region"]["name"] for card in cards]
    for row, card in zip(summary, cards):
        assert (row["总分"], row["满分"], row["等级"]) == (card["score"], card["max"], card["grade"])
        assert row["上级"] == " / ".join(card["region"]["parents"]) or (row["上级"] is None and not card["region"]["parents"])
        for dim in card["dimensions"]:
            assert row[dim["name"]] == dim["score"]
    assert summary[1]["级别"] == "区"  # 朝天区, a district
    link = book["汇总"]["A2"].hyperlink
    assert link.location == f"'{cards[0]['region']['name']}'!A1"
    for card in cards:
        rows = _records(book[card["region"]["name"]])
        assert [(r["指标"], r["得分"], r["满分"], r["证据数"]) for r in rows] == [
            *((c["id"], c["score"], c["max"], len(c["evidence"])) for c in card["criteria"]),
            *([("veto", None, None, len(card["veto"]))] if card["veto"] else [])]
    chaotian = {r["指标"]: r for r in _records(book["朝天区"])}
    assert chaotian["leadership.group"]["状态"] == "已落实" and chaotian["leadership.group"]["维度"] == "组织领导"
    assert "领导小组" in chaotian["leadership.group"]["证据"]
    assert "目标>= 98% ✓" in chaotian["outcomes.product_pass_rate"]["数据与目标"]


def test_the_evidence_sheet_holds_every_piece_of_evidence(seeds):
    book = _book(seeds["bytes"])
    cards = seeds["run"]["scorecards"]
    rows = _records(book["证据"])
    expected = [(card["region"]["name"], criterion, e) for card in cards
                for criterion, e in [*((c["id"], e) for c in card["criteria"] for e in c["evidence"]),
                                     *(("veto", e) for e in card["veto"])]]
    assert len(rows) == len(expected)
    for row, (region, criterion, item) in zip(rows, expected):
        assert (row["地区"], row["指标"], row["文档"], row["行"]) == (region, criterion, item["document"], item["line"])
        assert row["起止"] == f"{item['start']}-{item['end']}"
        assert row["原句"] == " ".join(item["text"].split())
        assert row["匹配词"] == "、".join(item["matched"])
        assert row["线索"] == (item["cue"] or "(默认)")


def test_same_run_same_bytes(seeds):
    assert seeds["bytes"][:2] == b"PK" and seeds["bytes"] == seeds["again"]
    with zipfile.ZipFile(io.BytesIO(seeds["bytes"])) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2000-01-01T00:00:00Z") == 2


def test_out_writes_a_workbook_per_region_and_an_index(seeds):
    out: Path = seeds["out"]
    cards = seeds["run"]["scorecards"]
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{c['region']['name']}.xlsx" for c in cards] + ["index.xlsx"])
    one = _book((out / "朝天区.xlsx").read_bytes())
    assert one.sheetnames == ["汇总", "证据", "朝天区"]
    assert [row["地区"] for row in _records(one["汇总"])] == ["朝天区"]
    index = _book((out / "index.xlsx").read_bytes())
    assert index.sheetnames == ["汇总"]
    rows = _records(index["汇总"])
    assert [(row["地区"], row["文件"]) for row in rows] == [(c["region"]["name"], f"{c['region']['name']}.xlsx") for c in cards]
    assert index["汇总"].auto_filter.ref and index["汇总"].freeze_panes == "A2"


def test_roll_ups_are_marked_apart_from_the_regions_own_cards(seeds):
    book = _book(seeds["rolled"])
    assert "四川省" in book.sheetnames and "四川省 (汇总)" in book.sheetnames
    rows = {row["地区"]: row for row in _records(book["汇总"])}
    assert "朝天区" in rows["四川省 (汇总)"]["汇总自"].split("、") and rows["四川省"]["汇总自"] is None
    assert rows["四川省 (汇总)"]["总分"] > rows["四川省"]["总分"]
    assert "四川省 (汇总)" in {row["地区"] for row in _records(book["证据"])}


def test_sheet_names_are_valid_for_excel():
    book = _Book()
    titles = [book.sheet(name).title for name in
              ["汇总", "汇总", "a[b]:c*d?e/f\\g", "某" * 40, "某" * 40, "History", "'引号'"]]
    assert titles[0] == "汇总" and titles[1] == "汇总 (2)"
    assert titles[2] == "a_b__c_d_e_f_g"
    assert len(titles[3]) == 31 and len(titles[4]) == 31 and titles[3] != titles[4]
    assert titles[5] != "History" and titles[6] == "引号"
    assert len({t.casefold() for t in titles}) == len(titles)


def test_text_stays_text(seeds):
    """A sentence that looks like a formula or holds control characters is written as it reads."""
    run = Run.model_validate(seeds["run"])
    card = run.scorecards[0]
    criterion = card.criteria[0]
    odd = Evidence(document="x.txt", start=0, end=12, text="=HYPERLINK(\"http://x\")\x0b尾", match_start=0, match_end=1,
                   status="implemented", matched=["x"], rule="keywords", line=1)
    card = card.model_copy(update={"criteria": [criterion.model_copy(update={"evidence": [odd]})]})
    book = _book(XlsxRenderer().render(run.model_copy(update={"scorecards": [card]})))
    row = _records(book["证据"])[0]
    assert row["原句"] == "=HYPERLINK(\"http://x\") 尾"
    assert book["证据"].cell(row=2, column=_header(book["证据"]).index("原句") + 1).data_type == "s"


def test_a_veto_is_a_row_of_its_region_and_of_the_evidence(seeds):
    run = Run.model_validate(seeds["run"])
    card = run.scorecards[0]
    veto = Evidence(document="x.txt", start=0, end=10, text="全县发生一起重大产品质量安全事故。", match_start=2, match_end=4,
                    status="implemented", matched=["发生"], rule="pattern", line=3)
    book = _book(XlsxRenderer().render(run.model_copy(update={"scorecards": [card.model_copy(update={"veto": [veto]})]})))
    last = _records(book[card.region.name])[-1]
    assert (last["指标"], last["状态"], last["证据数"], last["文档"], last["行"], last["备注"]) == \
        ("veto", "已落实", 1, "x.txt", 3, "等级封顶")
    [row] = [r for r in _records(book["证据"]) if r["指标"] == "veto"]
    assert (row["地区"], row["原句"], row["匹配词"]) == (card.region.name, veto.text, "发生")


def test_an_empty_run_is_still_a_workbook():
    run = Run.model_validate({"rulebook": {"id": "x", "version": "1"}, "documents": [], "scorecards": []})
    book = _book(XlsxRenderer().render(run))
    assert book.sheetnames == ["汇总", "证据"] and book["汇总"]["A1"].value == "地区"


def test_xlsx_is_a_built_in_renderer():
    assert isinstance(renderers()["xlsx"], XlsxRenderer)
