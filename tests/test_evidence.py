"""What counts as a region's evidence, and how it scores: traps, figures against targets, veto."""
from __future__ import annotations

import pytest

from qscore.rulebook import load_rulebook

from .conftest import DATA, evaluate_text


def statuses(run, region: str) -> dict[str, str]:
    card = next(c for c in run.scorecards if c.region.name == region)
    return {c.id: c.status for c in card.criteria if c.status != "absent"}


def test_higher_authority_documents_and_targets_are_not_the_regions(default_rulebook):
    text = ("咸宁市质量强市工作情况\n"
            "《质量强国建设纲要》提出,到2025年制造业产品质量合格率达到94%,食品抽检合格率达到98%以上。\n"
            "国务院成立全国质量工作领导小组,统筹全国质量工作。\n"
            "根据《湖北省质量强省建设实施方案》,全市质量强市工作有序推进。\n"
            "咸宁市成立质量强市工作领导小组,全市工业产品监督抽查合格率95.2%。\n")
    run = evaluate_text(text, default_rulebook)
    found = statuses(run, "咸宁市")
    assert found["leadership.group"] == "implemented"
    assert found["outcomes.product_pass_rate"] == "implemented"
    card = run.scorecards[0]
    evidence = [e.text for c in card.criteria for e in c.evidence]
    assert not any("国务院" in t or "《质量强国建设纲要》" in t for t in evidence)
    assert not any(t.startswith("根据《湖北省") for t in evidence)


def test_own_plan_titles_count_and_conditions_do_not(default_rulebook):
    text = ("石柱县质量工作纪实\n"
            "石柱县出台了《石柱县质量强县建设实施方案》,全县质量工作扎实推进。\n"
            "对发生区域性质量安全事件的乡镇,年度考核一律评为不合格。\n")
    run = evaluate_text(text, default_rulebook)
    card = run.scorecards[0]
    assert statuses(run, "石柱县")["leadership.planning"] == "implemented"
    assert not card.veto  # a condition is not an incident


def test_veto_caps_the_grade(tmp_path):
    book = tmp_path / "book.yaml"
    book.write_text((DATA / "mini-rulebook.yaml").read_text(encoding="utf-8") + """
veto:
  grade: D
  description: 发生区域性、系统性质量安全事件的，考核等级为D级
  rules:
    - type: pattern
      regex: ['(?<![未没无不止免])发生[^。；，,]{0,20}?(?:区域性|系统性)[^。；]{0,20}?质量安全事件']
""", encoding="utf-8")
    rulebook = load_rulebook(book)
    good = "某县质量强县工作纪实\n某县成立质量强县工作领导小组。全县产品抽检合格率99%。全县未发生区域性质量安全事件。\n"
    assert evaluate_text(good.replace("某县", "石柱县"), rulebook).scorecards[0].grade == "A"
    bad = good.replace("全县未发生区域性质量安全事件", "今年3月全县发生一起区域性食品质量安全事件").replace("某县", "石柱县")
    card = evaluate_text(bad, rulebook).scorecards[0]
    assert card.score == 100 and card.grade == "D"
    assert card.veto and "区域性食品质量安全事件" in card.veto[0].text


def test_quantified_implemented_evidence_earns_the_bonus(default_rulebook):
    plain = evaluate_text("石柱县质量工作纪实\n石柱县开展食品抽检工作。\n", default_rulebook)
    counted = evaluate_text("石柱县质量工作纪实\n石柱县开展食品抽检1200批次。\n", default_rulebook)

    def score(run):
        return next(c for c in run.scorecards[0].criteria if c.id == "supervision.spot_checks").score

    assert score(plain) == 3.15 and score(counted) == 3.5  # weight 3.5 × (0.9, then + 0.1 for a figure)


def test_figures_are_compared_with_the_national_targets(default_rulebook):
    run = evaluate_text("某市质量工作总结\n钦州市全年食品抽检合格率为97.5%,制造业产品质量合格率95.1%。\n",
                        default_rulebook)
    rates = next(c for c in run.scorecards[0].criteria if c.id == "outcomes.product_pass_rate")
    figures = {f.indicator: (f.value, f.target, f.meets_target) for e in rates.evidence for f in e.figures if f.target}
    assert figures["食品抽检合格率"] == (97.5, ">= 98%", False)
    assert figures["制造业产品质量合格率"] == (95.1, ">= 94%", True)


def test_only_negated_evidence_is_a_shortcoming_scoring_zero(default_rulebook):
    run = evaluate_text("石柱县质量工作座谈会召开\n石柱县质量强县工作推进。全县质量追溯体系尚未建立。\n", default_rulebook)
    trace = next(c for c in run.scorecards[0].criteria if c.id == "supervision.traceability")
    assert (trace.status, trace.score, trace.shortcoming) == ("negated", 0.0, True)


def test_the_distribution_line_of_a_bulletin_is_not_evidence(default_rulebook):
    text = ("石柱县质量工作简报\n石柱县成立质量强县工作领导小组,统筹全县质量工作。\n"
            "（报：县委、县政府领导；送：县质量强县工作领导小组各成员单位；发：各乡镇）\n")
    coordination = next(c for c in evaluate_text(text, default_rulebook).scorecards[0].criteria
                        if c.id == "leadership.coordination")
    assert coordination.status == "absent"


@pytest.mark.parametrize("cut", ["新闻推荐", "相关文章：", "往期回顾"])
def test_page_furniture_is_not_evidence(default_rulebook, cut):
    text = ("石柱县质量工作纪实\n石柱县成立质量强县工作领导小组,统筹全县质量工作。\n"
            f"扫一扫,关注“质量强县”公众号,了解质量月活动\n{cut}\n石柱县举办质量月主题活动,开展质量宣传。\n")
    campaigns = next(c for c in evaluate_text(text, default_rulebook).scorecards[0].criteria if c.id == "culture.campaigns")
    assert campaigns.status == "absent"


def test_a_qr_code_for_traceability_is_not_furniture(default_rulebook):
    text = "石柱县质量工作纪实\n石柱县推行食用农产品“一品一码”,消费者扫描二维码即可查询质量追溯信息。\n全县质量强县工作扎实推进。\n"
    trace = next(c for c in evaluate_text(text, default_rulebook).scorecards[0].criteria if c.id == "supervision.traceability")
    assert trace.status == "implemented"


def test_evidence_kept_per_criterion_is_bounded_but_every_document_keeps_its_say(mini_rulebook):
    from qscore.pipeline import evaluate_document, merge_results
    from qscore.documents import Document

    rulebook = mini_rulebook
    results = []
    for number in range(8):
        lines = ["石柱县质量工作纪实"] + [f"石柱县第{i}批成立质量强县工作领导小组。" for i in range(5)]
        if number == 7:
            lines.append("下一步,将成立质量强县工作领导小组。")
        results.append(evaluate_document(Document(f"d{number}.txt", "\n".join(lines), "utf-8"), rulebook))
    run = merge_results(rulebook, results, max_evidence=10)
    group = next(c for c in run.scorecards[0].criteria if c.id == "leadership.group")
    assert group.evidence_count == 41 and len(group.evidence) == 10
    assert {e.document for e in group.evidence} == {f"d{n}.txt" for n in range(8)}  # each document still shows
    assert ("d7.txt", "planned") in {(e.document, e.status) for e in group.evidence}
    assert len(merge_results(rulebook, results, max_evidence=0).scorecards[0].criteria[0].evidence) == 41


def test_past_the_bound_a_better_status_gets_in_and_a_new_document_of_no_better_one_does_not(mini_rulebook):
    from qscore.documents import Document
    from qscore.pipeline import evaluate_document, merge_results

    rulebook = mini_rulebook
    planned, done = "下一步,将成立质量强县工作领导小组。", "石柱县成立质量强县工作领导小组。"
    bodies = [planned, planned, planned, done, planned]  # d0-d2 fill the bound, each document once
    results = [evaluate_document(Document(f"d{n}.txt", f"石柱县质量工作纪实\n{body}", "utf-8"), rulebook)
               for n, body in enumerate(bodies)]
    group = next(c for c in merge_results(rulebook, results, max_evidence=3).scorecards[0].criteria
                 if c.id == "leadership.group")
    kept = [(e.document, e.status) for e in group.evidence]
    assert ("d3.txt", "implemented") in kept and group.status == "implemented"
    assert "d4.txt" not in {document for document, _ in kept}  # nothing repeated to give way
    assert len(kept) == 3 and group.evidence_count == 5
