"""The command line through click's CliRunner."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from qscore.cli import cli

from .conftest import MINI

REPORT = ("航头镇推进质量强镇建设纪实\n"
          "航头镇成立以镇长为组长的质量强镇工作领导小组,统筹全镇质量工作。\n"
          "去年全镇食品抽检合格率为99.2%,质量提升成效明显。\n")


def write_docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORT, encoding="utf-8")
    (folder / ".hidden.txt").write_text(REPORT.replace("航头镇", "小汉镇"), encoding="utf-8")
    (folder / "notes.csv").write_text("not a document", encoding="utf-8")
    return folder


def test_json_follows_the_contract(tmp_path):
    folder = write_docs(tmp_path)
    result = CliRunner().invoke(cli, ["evaluate", str(folder), "--rulebook", MINI, "--format", "json"])
    assert result.exit_code == 0, result.output
    run = json.loads(result.output)
    assert run["rulebook"] == {"id": "mini", "version": "1", "name": "小规则集"}
    assert [d["path"] for d in run["documents"]] == [str(folder / "a.txt")]  # hidden and .csv skipped
    assert run["documents"][0]["regions"] == ["航头镇"] and run["documents"][0]["error"] is None
    card = run["scorecards"][0]
    assert card["region"]["name"] == "航头镇" and card["region"]["level"] == "town"
    assert card["region"]["parents"] == ["上海市", "浦东新区"]
    assert card["region"]["ambiguous"] == ["航头镇 (浙江省/杭州市/建德市)"]  # never picked silently
    assert (card["score"], card["max"], card["grade"]) == (100.0, 100.0, "A")
    assert [d["id"] for d in card["dimensions"]] == ["leadership", "outcomes"]
    group = card["criteria"][0]
    assert group["id"] == "leadership.group" and group["status"] == "implemented" and group["max"] == 50
    item = group["evidence"][0]
    assert set(item) >= {"document", "start", "end", "text", "status", "matched", "figures"}
    assert REPORT[item["start"]:item["end"]] == item["text"]
    assert item["matched"] == ["领导小组", "质量"]
    rate = card["criteria"][1]["evidence"][0]["figures"][0]
    assert rate["value"] == 99.2 and rate["unit"] == "%" and rate["meets_target"] is True


def test_table_markdown_csv(tmp_path):
    folder = write_docs(tmp_path)
    for fmt, marker in [("table", "航头镇"), ("markdown", "| 地区"), ("csv", "region,level,parents")]:
        result = CliRunner().invoke(cli, ["evaluate", str(folder), "--rulebook", MINI, "--format", fmt])
        assert result.exit_code == 0 and marker in result.output, (fmt, result.output)


def test_out_writes_one_file_per_region_and_an_index(tmp_path):
    folder = write_docs(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["evaluate", str(folder), "--rulebook", MINI, "--format", "json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["index.json", "航头镇.json"]
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert index["scorecards"][0]["file"] == "航头镇.json"


def test_a_region_file_holds_the_records_of_its_own_documents_and_the_index_all(tmp_path):
    folder = write_docs(tmp_path)
    (folder / "other.txt").write_text("石柱县质量工作纪实\n石柱县成立质量强县工作领导小组。\n", encoding="utf-8")
    (folder / "news.txt").write_text("今日天气晴。\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["evaluate", str(folder), "--rulebook", MINI, "--format", "json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert {Path(d["path"]).name for d in index["documents"]} == {"a.txt", "other.txt", "news.txt"}
    for entry in index["scorecards"]:
        region = json.loads((out / entry["file"]).read_text(encoding="utf-8"))
        [card] = region["scorecards"]
        assert [d["path"] for d in region["documents"]] == card["documents"]
        assert all(entry["region"] in d["regions"] for d in region["documents"])
    assert {entry["region"] for entry in index["scorecards"]} == {"航头镇", "石柱县"}


def test_unreadable_document_exit_1_others_still_scored(tmp_path):
    folder = write_docs(tmp_path)
    result = CliRunner().invoke(cli, ["evaluate", str(folder), str(tmp_path / "missing.txt"), "--rulebook", MINI,
                                      "--format", "json"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"qscore: {tmp_path / 'missing.txt'}: no such file" in lines
    run = json.loads(result.stdout)
    assert run["scorecards"][0]["region"]["name"] == "航头镇"
    assert run["documents"][1]["error"] == "no such file"


def test_usage_errors_exit_2(tmp_path):
    folder = write_docs(tmp_path)
    result = CliRunner().invoke(cli, ["evaluate", str(folder), "--format", "pdfx"])
    assert result.exit_code == 2 and "unknown format 'pdfx'" in result.output
    assert CliRunner().invoke(cli, ["evaluate"]).exit_code == 2


def test_rules_list_and_validate_default():
    result = CliRunner().invoke(cli, ["rules", "list"])
    assert result.exit_code == 0 and "leadership.group" in result.output and "industry.services" in result.output
    assert "quality-cn" in result.output


def test_explain_shows_every_piece_of_evidence_with_its_cue(tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text("航头镇质量强镇工作纪实\n航头镇已成立质量强镇工作领导小组。\n下一步,将完善质量强镇工作领导小组运行机制。\n"
                   "全镇食品抽检合格率为97%。\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["explain", "航头", "leadership.group", str(doc), "--rulebook", MINI])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("航头镇 (town, 上海市 / 浦东新区)")
    assert "[implemented 已落实]" in out and "cue '已'" in out
    assert "[planned 计划中]" in out and f"{doc}:3" in out
    assert "outcomes.product_pass_rate" not in out
    run_file = tmp_path / "run.json"
    run_file.write_text(CliRunner().invoke(cli, ["evaluate", str(doc), "--rulebook", MINI, "--format", "json"]).output,
                        encoding="utf-8")
    from_run = CliRunner().invoke(cli, ["explain", "航头镇", "--run", str(run_file)])
    assert from_run.exit_code == 0 and "食品抽检合格率 = 97% (target >= 94%: met)" in from_run.output
    missing = CliRunner().invoke(cli, ["explain", "小汉镇", "--run", str(run_file)])
    assert missing.exit_code == 2 and "no scorecard for '小汉镇'" in missing.output


def test_suggest_proposes_terms_the_rulebook_lacks(tmp_path):
    doc = tmp_path / "credit.txt"
    doc.write_text("石柱县质量工作纪实\n"
                   "石柱县建立企业质量信用档案,全面推行质量信用红黑榜发布制度。\n"
                   "全县开展质量信用修复,对完成整改的企业及时启动信用修复程序。\n"
                   "石柱县质量信用红黑榜每季度发布一次,信用修复企业12家。\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["suggest", str(doc), "--criterion", "supervision.credit", "--top", "5"])
    assert result.exit_code == 0, result.output
    rows = result.output.splitlines()[2:]
    proposed = [row.split()[0] for row in rows]
    assert {"信用修复", "质量信用红黑榜"} <= set(proposed)
    assert "质量信用" not in proposed  # already a rulebook term
    missing = CliRunner().invoke(cli, ["suggest", str(doc), "--criterion", "brand.policy"])
    assert missing.exit_code == 1 and "no evidence of brand.policy" in missing.output


def test_a_program_calling_cli_keeps_its_garbage_collector_as_it_was(tmp_path):
    import gc

    folder = write_docs(tmp_path)
    frozen = gc.get_freeze_count()
    result = CliRunner().invoke(cli, ["evaluate", str(folder), "--rulebook", MINI, "--format", "json"])
    assert result.exit_code == 0 and gc.get_freeze_count() == frozen and gc.isenabled()


def test_explain_reads_a_saved_run_as_compare_does(tmp_path):
    folder = write_docs(tmp_path)
    out = tmp_path / "out"
    CliRunner().invoke(cli, ["evaluate", str(folder), "--rulebook", MINI, "--format", "json", "--out", str(out)])
    from_folder = CliRunner().invoke(cli, ["explain", "航头镇", "--run", str(out)])
    assert from_folder.exit_code == 0 and from_folder.output.startswith("航头镇 (town"), from_folder.output
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    broken = CliRunner().invoke(cli, ["explain", "航头镇", "--run", str(tmp_path / "broken.json")])
    assert broken.exit_code == 2
    assert broken.output.strip() == f"qscore: {tmp_path / 'broken.json'}: not a qscore run: not JSON (Expecting property name enclosed in double quotes, line 1)"
