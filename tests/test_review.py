"""`qscore compare` and `qscore diff` on runs of the seeds, as run files and as scorecard folders."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from qscore.cli import cli
from qscore.review import align_documents

from .conftest import ROOT

CHAOTIAN = "seeds/000_256561f21098d2da.txt"
SHIZHU = "seeds/003_b46d6f474a11a0cb.txt"
REMOVED = "2017年,全区食品评价性抽检合格率、药品评价性抽检合格率、主要农产品抽检合格率、工业产品抽检合格率全部为100%。"
ADDED = "朝天区组织开展了“质量月”活动,广泛宣传质量文化。"
PLANNED = "成立质量强县建设协调推进领导小组,统筹推进质量强县各项工作。"
DONE = "石柱县已成立质量强县建设协调推进领导小组,统筹推进质量强县各项工作。"
SICHUAN = {"朝天区", "小汉镇", "成都市", "攀枝花市", "巴中市"}


def test_compare_and_diff_come_through_the_entry_point():
    context = click.Context(cli)
    assert cli.get_command(context, "compare") is not None
    assert cli.get_command(context, "diff") is not None


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The seeds (old) and a copy with one sentence removed, one added and one turned from plan to fact (new),
    each evaluated to a run file and to a scorecards folder."""
    tmp = tmp_path_factory.mktemp("review")
    copy = tmp / "seeds"
    shutil.copytree(ROOT / "seeds", copy)
    for name, old, new in [(CHAOTIAN, REMOVED, ADDED), (SHIZHU, PLANNED, DONE)]:
        path = tmp / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        for label, source in [("old", "seeds"), ("new", str(copy))]:  # the new one by its absolute path
            result = runner.invoke(cli, ["evaluate", source, "--format", "json"])
            assert result.exit_code == 0, result.output
            (tmp / f"{label}.json").write_text(result.stdout, encoding="utf-8")
            result = runner.invoke(cli, ["evaluate", source, "--format", "json", "--out", str(tmp / label)])
            assert result.exit_code == 0, result.output
    return {name: tmp / name for name in ("old.json", "new.json", "old", "new")} | {"tmp": tmp}


def invoke(*args: str, code: int = 0, stdin: str | None = None):
    result = CliRunner().invoke(cli, [str(a) for a in args], input=stdin)
    assert result.exit_code == code, result.output
    return result


def data(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def card_of(run: dict, region: str) -> dict:
    return next(card for card in run["scorecards"] if card["region"]["name"] == region)


# -- compare -----------------------------------------------------------------------------------------


def compare_json(*args) -> dict:
    return json.loads(invoke("compare", *args, "--format", "json").stdout)


@pytest.mark.parametrize("source", ["old.json", "old"])
def test_compare_ranks_regions_by_total(runs, source):
    ranked = compare_json(runs[source])["regions"]
    run = data(runs["old.json"])
    expected = sorted(run["scorecards"], key=lambda c: (-c["score"], c["region"]["name"]))
    assert [r["region"] for r in ranked] == [c["region"]["name"] for c in expected]
    assert [r["rank"] for r in ranked] == list(range(1, len(expected) + 1))  # no two totals are equal
    first, card = ranked[0], expected[0]
    assert (first["score"], first["grade"]) == (card["score"], card["grade"])
    assert first["dimensions"] == {d["id"]: d["score"] for d in card["dimensions"]}

    table = invoke("compare", runs[source]).stdout.splitlines()
    assert table[0].split()[:5] == ["排名", "地区", "总分", "等级", "组织"] and "组织=组织领导" in table[-2]
    assert table[2].split()[:4] == ["1", card["region"]["name"], f"{card['score']:g}", card["grade"]]


def test_compare_filters_by_level_and_parent(runs):
    run = data(runs["old.json"])
    levels = {c["region"]["name"]: c["region"]["level"] for c in run["scorecards"]}
    cities = [r["region"] for r in compare_json(runs["old.json"], "--level", "city")["regions"]]
    assert cities and {levels[name] for name in cities} == {"city"}
    counties = {r["region"] for r in compare_json(runs["old"], "--level", "county")["regions"]}
    assert counties == {"朝天区", "石柱县"}  # a district counts as a county
    within = [r["region"] for r in compare_json(runs["old.json"], "--within", "四川省")["regions"]]
    assert set(within) == SICHUAN and "四川省" not in within
    assert {r["region"] for r in compare_json(runs["old"], "--within", "四川", "--level", "city")["regions"]} == \
        {"成都市", "攀枝花市", "巴中市"}
    assert {r["region"] for r in compare_json(runs["old.json"], "--within", "510000")["regions"]} == SICHUAN
    result = invoke("compare", runs["old.json"], "--within", "北京市", code=1)
    assert result.stderr.strip() == "qscore: no region of this run matches --within 北京市"


def test_compare_by_a_dimension(runs):
    run = data(runs["old.json"])
    value = {c["region"]["name"]: next(d["score"] for d in c["dimensions"] if d["id"] == "outcomes")
             for c in run["scorecards"]}
    result = compare_json(runs["old.json"], "--by", "outcomes")
    assert result["ranked_by"] == "outcomes"
    names = [r["region"] for r in result["regions"]]
    assert names == sorted(value, key=lambda name: (-value[name], name))  # ties by name
    ranks = [r["rank"] for r in result["regions"]]
    for (a, b), (ra, rb) in zip(zip(names, names[1:]), zip(ranks, ranks[1:])):
        assert (ra == rb) == (value[a] == value[b])  # equal scores share a rank
    table = invoke("compare", runs["old"], "--by", "质量成效").stdout.splitlines()
    assert table[0].split()[:5] == ["排名", "地区", "成效", "总分", "等级"] and "成效=质量成效" in "\n".join(table)
    assert table[2].split()[2] == f"{value[names[0]]:g}"
    rows = list(csv.DictReader(io.StringIO(invoke("compare", runs["old.json"], "--by", "outcomes", "--format", "csv").stdout)))
    assert [row["region"] for row in rows] == names and list(rows[0])[5] == "outcomes"
    markdown = invoke("compare", runs["old.json"], "--format", "markdown").stdout
    assert markdown.startswith("| 排名") and "| 组织领导 " in markdown.splitlines()[0]


def test_compare_reads_standard_input_and_an_index(runs):
    piped = invoke("compare", "-", "--format", "json", stdin=runs["old.json"].read_text(encoding="utf-8")).stdout
    assert piped == invoke("compare", runs["old"] / "index.json", "--format", "json").stdout


def test_compare_refuses_what_is_not_a_run(runs, tmp_path):
    missing = tmp_path / "missing.json"
    assert invoke("compare", missing, code=2).stderr.strip() == f"qscore: {missing}: no such file or folder"
    other = tmp_path / "other.json"
    other.write_text('{"rows": []}', encoding="utf-8")
    assert invoke("compare", other, code=2).stderr.strip() == f"qscore: {other}: not a qscore run: rulebook: Field required"
    garbage = tmp_path / "garbage.json"
    garbage.write_bytes(b"\xff\xfe not json")
    assert invoke("compare", garbage, code=2).stderr.startswith(f"qscore: {garbage}: not a qscore run")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert invoke("compare", empty, code=2).stderr.strip() == f"qscore: {empty}: no qscore run here (no .json files)"
    folder = tmp_path / "folder"
    shutil.copytree(runs["old"], folder)
    (folder / "钦州市.json").unlink()
    assert "names 钦州市.json, which is missing" in invoke("compare", folder, code=2).stderr
    error = invoke("compare", runs["old.json"], "--by", "nothing", code=2).stderr
    assert error.startswith("qscore: --by: unknown dimension 'nothing' (known: leadership (组织领导),")
    assert len(error.strip().splitlines()) == 1


def test_a_folder_ignores_files_of_an_earlier_run(runs, tmp_path):
    folder = tmp_path / "folder"
    shutil.copytree(runs["old"], folder)
    stale = data(runs["old"] / "钦州市.json")
    stale["scorecards"][0]["region"] |= {"name": "旧地区", "code": None}
    (folder / "旧地区.json").write_text(json.dumps(stale, ensure_ascii=False), encoding="utf-8")
    assert "旧地区" not in {r["region"] for r in compare_json(folder)["regions"]}
    (folder / "index.json").unlink()  # without an index, every run file counts
    assert "旧地区" in {r["region"] for r in compare_json(folder)["regions"]}


# -- diff --------------------------------------------------------------------------------------------


def expected_changes(runs) -> dict:
    """What the edits changed, read from the runs themselves (so that the rulebook may evolve)."""
    old, new = data(runs["old.json"]), data(runs["new.json"])
    before = {c["id"]: c for c in card_of(old, "朝天区")["criteria"]}
    after = {c["id"]: c for c in card_of(new, "朝天区")["criteria"]}
    gone = [i for i, c in before.items() if c["evidence"] and all(e["text"] == REMOVED for e in c["evidence"])]
    # a criterion that loses one sentence of several: a lower status or score is a fall, else only
    # its evidence changed
    thinned = {i: "evidence" if (c["status"], c["score"]) == (after[i]["status"], after[i]["score"]) else "fell"
               for i, c in before.items() if i not in gone and any(e["text"] == REMOVED for e in c["evidence"])}
    came = [i for i, c in after.items() if before[i]["status"] == "absent" and any(e["text"] == ADDED for e in c["evidence"])]
    plans = {c["id"]: c for c in card_of(old, "石柱县")["criteria"]}
    facts = {c["id"]: c for c in card_of(new, "石柱县")["criteria"]}
    rose = [i for i, c in facts.items() if plans[i]["status"] == "planned" and c["status"] == "implemented"]
    assert gone and thinned and came and rose, "the edits no longer change what the test expects: choose other sentences"
    return {"gone": gone, "thinned": thinned, "came": came, "rose": rose}


@pytest.mark.parametrize("old, new", [("old.json", "new.json"), ("old", "new"), ("old.json", "new")])
def test_diff_as_json(runs, old, new):
    expected = expected_changes(runs)
    report = json.loads(invoke("diff", runs[old], runs[new], "--format", "json").stdout)
    assert report["changed"] is True
    assert report["documents"] == {"added": [], "removed": []}  # the copy's paths are matched to the seeds'
    assert report["regions"]["appeared"] == report["regions"]["disappeared"] == []
    changed = {r["region"]: r for r in report["regions"]["changed"]}
    assert set(changed) == {"朝天区", "石柱县"}  # the regions of unchanged documents are not reported
    chaotian = changed["朝天区"]
    old_card, new_card = card_of(data(runs["old.json"]), "朝天区"), card_of(data(runs["new.json"]), "朝天区")
    assert chaotian["score"] == {"old": old_card["score"], "new": new_card["score"],
                                 "delta": round(new_card["score"] - old_card["score"], 6)}
    assert chaotian["grade"] == {"old": old_card["grade"], "new": new_card["grade"]}
    criteria = {c["id"]: c for c in chaotian["criteria"]}
    for criterion in expected["gone"]:
        change = criteria[criterion]
        assert change["change"] == "disappeared" and change["status"]["new"] == "absent"
        assert change["score"]["new"] == 0 and change["score"]["delta"] < 0
        assert [e["text"] for e in change["evidence"]["removed"]] == [REMOVED]
        assert change["evidence"]["removed"][0]["document"].endswith(CHAOTIAN)
        assert change["evidence"]["added"] == [] and change["decided_by"] is None
    for criterion, kind in expected["thinned"].items():
        assert REMOVED in [e["text"] for e in criteria[criterion]["evidence"]["removed"]]
        assert criteria[criterion]["change"] == kind
    for criterion in expected["came"]:
        change = criteria[criterion]
        assert change["change"] == "appeared" and change["status"]["old"] == "absent"
        assert [e["text"] for e in change["evidence"]["added"]] == [ADDED]
        assert change["decided_by"]["text"] == ADDED
    shizhu = {c["id"]: c for c in changed["石柱县"]["criteria"]}
    for criterion in expected["rose"]:
        change = shizhu[criterion]
        assert change["change"] == "rose" and change["status"] == {"old": "planned", "new": "implemented"}
        assert PLANNED in [e["text"] for e in change["evidence"]["removed"]]
        assert DONE in [e["text"] for e in change["evidence"]["added"]]
        assert change["decided_by"]["status"] == "implemented"
    assert set(report["old"]) == {"path", "rulebook", "documents", "regions"}


@pytest.mark.parametrize("old, new", [("old.json", "new.json"), ("old", "new")])
def test_diff_as_text(runs, old, new):
    expected = expected_changes(runs)
    report = invoke("diff", runs[old], runs[new]).stdout
    assert "朝天区" in report and "石柱县" in report
    assert "钦州市" not in report and "成都市" not in report
    assert f"    - [已落实] seeds/000_256561f21098d2da.txt:52  {REMOVED}" in report
    lines = report.splitlines()
    assert any(line.startswith("    + [已落实] ") and line.endswith(f"{CHAOTIAN}:52  {ADDED}") for line in lines)
    for criterion in expected["gone"]:
        row = next(line for line in lines if line.startswith(criterion + " "))
        assert "消失" in row and "已落实 → —" in row
    for criterion in expected["came"]:
        assert "新增" in next(line for line in lines if line.startswith(criterion + " "))
    for criterion in expected["rose"]:
        assert "计划中 → 已落实" in next(line for line in lines if line.startswith(criterion + " "))
    assert "有变化的地区" in report and "新出现的地区" not in report


def test_diff_exit_codes(runs):
    same = invoke("diff", runs["old.json"], runs["old"])
    assert "没有变化 (no differences)" in same.stdout
    invoke("diff", runs["old.json"], runs["old"], "--exit-code", code=0)
    invoke("diff", runs["old.json"], runs["new.json"], "--exit-code", code=1)
    assert invoke("diff", runs["old.json"], runs["tmp"] / "nothing.json", code=2).stderr.startswith("qscore: ")


def test_diff_reports_regions_that_appeared_or_disappeared(runs, tmp_path):
    run = data(runs["old.json"])
    fewer = dict(run, scorecards=[c for c in run["scorecards"] if c["region"]["name"] != "巴中市"])
    smaller = tmp_path / "smaller.json"
    smaller.write_text(json.dumps(fewer, ensure_ascii=False), encoding="utf-8")
    report = json.loads(invoke("diff", runs["old.json"], smaller, "--format", "json").stdout)
    assert [r["region"] for r in report["regions"]["disappeared"]] == ["巴中市"]
    assert report["regions"]["changed"] == [] and report["regions"]["appeared"] == []
    back = invoke("diff", smaller, runs["old"]).stdout
    assert "新出现的地区" in back and "巴中市" in back


def test_a_sentence_that_changed_status(runs, tmp_path):
    """The same sentence found again with another status (a rulebook's new cue) is shown as such."""
    run = data(runs["old.json"])
    criterion = next(c for c in card_of(run, "钦州市")["criteria"] if c["status"] == "planned")
    for item in criterion["evidence"]:
        item["status"] = "implemented"
    criterion |= {"status": "implemented", "score": criterion["max"]}
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(run, ensure_ascii=False), encoding="utf-8")
    report = json.loads(invoke("diff", runs["old.json"], changed, "--format", "json").stdout)
    [region] = report["regions"]["changed"]
    [change] = region["criteria"]
    assert (region["region"], change["id"], change["change"]) == ("钦州市", criterion["id"], "rose")
    assert change["evidence"]["added"] == change["evidence"]["removed"] == []
    moved = change["evidence"]["status_changed"]
    assert moved and {(m["old"]["status"], m["new"]["status"]) for m in moved} == {("planned", "implemented")}
    assert change["decided_by"]["text"] == criterion["evidence"][0]["text"]
    text = invoke("diff", runs["old.json"], changed).stdout
    assert f"    ~ [计划中 → 已落实] {criterion['evidence'][0]['document']}:" in text
    # the total did not follow the edited criterion: still a change of the region, scored as the run says
    assert region["score"]["delta"] == 0


def test_diff_filters_like_compare(runs):
    report = json.loads(invoke("diff", runs["old"], runs["new"], "--within", "重庆市", "--format", "json").stdout)
    assert [r["region"] for r in report["regions"]["changed"]] == ["石柱县"]


def test_documents_are_matched_across_folders():
    old = ["seeds/a.txt", "seeds/b.txt", "seeds/sub/c.txt"]
    new = ["/tmp/x/seeds/a.txt", "/tmp/x/seeds/sub/c.txt", "/tmp/x/seeds/d.txt"]
    assert align_documents(old, new) == {"seeds/a.txt": "/tmp/x/seeds/a.txt", "seeds/sub/c.txt": "/tmp/x/seeds/sub/c.txt"}
    assert align_documents(["a/x.txt"], ["a/x.txt", "b/x.txt"]) == {"a/x.txt": "a/x.txt"}
    assert align_documents(["one/x.txt"], ["two/y/x.txt", "two/z/w.txt"]) == {"one/x.txt": "two/y/x.txt"}


def test_regions_of_one_name_in_two_places_are_not_paired(runs, tmp_path):
    run = data(runs["old.json"])
    elsewhere = json.loads(json.dumps(run))
    card = card_of(elsewhere, "朝天区")
    card["region"] |= {"code": "999999", "parents": ["某省", "某市"], "parent_codes": ["990000", "999900"]}
    path = tmp_path / "elsewhere.json"
    path.write_text(json.dumps(elsewhere, ensure_ascii=False), encoding="utf-8")
    report = json.loads(invoke("diff", runs["old.json"], path, "--format", "json").stdout)
    assert [(r["region"], r["parents"]) for r in report["regions"]["appeared"]] == [("朝天区", ["某省", "某市"])]
    assert [(r["region"], r["parents"]) for r in report["regions"]["disappeared"]] == [("朝天区", ["四川省", "广元市"])]
