"""Each built-in rule type on sentences written for these tests (not taken from any corpus)."""
from __future__ import annotations

import pytest

from qscore.plugins import rule_types
from qscore.testing import run_rule as run_rule_type


def run_rule(kind: str, text: str, **config):
    return run_rule_type(rule_types()[kind], text, **config)


def test_keywords_any_reports_each_occurrence():
    findings = run_rule("keywords", "县里评出地理标志产品三个。另有地理标志证明商标两件。", any=["地理标志"])
    assert [f.matched for f in findings] == [("地理标志",), ("地理标志",)]
    assert findings[0].start == 4


def test_keywords_all_must_meet_in_the_same_sentence():
    text = "全县成立工作专班。质量工作由专班统筹。"
    assert run_rule("keywords", text, any=["工作专班"], all=["质量"]) == []
    found = run_rule("keywords", "全县成立质量提升工作专班。", any=["工作专班"], all=["质量"])
    assert found and found[0].matched == ("工作专班", "质量")


def test_keywords_clause_scope_is_narrower_than_sentence():
    text = "该镇成立领导小组,统筹质量工作。"
    assert run_rule("keywords", text, any=["领导小组"], all=["质量"])
    assert not run_rule("keywords", text, any=["领导小组"], all=["质量"], scope="clause")


def test_exclude_cancels_a_hit_inside_a_longer_name():
    text = "区里调整了扶贫开发领导小组,又成立了质量强区领导小组。"
    findings = run_rule("keywords", text, any=["领导小组"], exclude=["扶贫开发领导小组"])
    assert len(findings) == 1 and text[findings[0].start - 4:findings[0].end] == "质量强区领导小组"


def test_unless_cancels_every_hit_in_scope():
    assert not run_rule("keywords", "全区推进党建品牌建设。", any=["品牌建设"], unless=["党建"])
    assert run_rule("keywords", "全区推进区域品牌建设。", any=["品牌建设"], unless=["党建"])


def test_cooccurrence_within_a_window():
    text = "市政府设立质量发展专项资金五百万元,用于奖励获得市长质量奖的企业。"
    assert run_rule("cooccurrence", text, terms=[["专项资金"], ["质量"]], within=6)
    assert not run_rule("cooccurrence", text, terms=[["专项资金"], ["奖励"]], within=3)
    found = run_rule("cooccurrence", text, terms=[["专项资金"], ["奖励"]])
    assert found and set(found[0].matched) == {"专项资金", "奖励"}


COMPANION_PIECES = ["专项资金", "质量", "奖励", "领导小组", "扶贫领导小组", "党建", "，", "。", "\n", "全县", "设立"]


@pytest.mark.parametrize(("kind", "config"), [
    ("cooccurrence", {"terms": [["专项资金", "领导小组"], ["质量"], ["奖励"]]}),
    ("cooccurrence", {"terms": [["领导小组"], ["质量"]], "scope": "clause", "exclude": ["扶贫领导小组"]}),
    ("cooccurrence", {"terms": [["专项资金"], ["奖励", "质量"]], "within": 4, "unless": ["党建"]}),
    ("keywords", {"any": ["领导小组", "专项资金"], "all": ["质量", "奖励"]}),
    ("keywords", {"any": ["领导小组"], "all": ["质量"], "scope": "clause", "exclude": ["扶贫领导小组"]}),
])
def test_rules_with_companions_find_what_a_walk_over_every_hit_finds(kind, config):
    """The rules look for their first terms only in sentences that hold every companion: the
    same findings as trying every occurrence of them."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    rule_type = rule_types()[kind]

    class EveryHit(rule_type):  # the sentences holding each group: all of them
        def find(self, ctx):
            ctx.sentences_holding_each = lambda groups: list(ctx.sentences())
            super().find(ctx)

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.sampled_from(COMPANION_PIECES), max_size=25).map("".join))
    def check(text):
        assert run_rule_type(rule_type(rule_type.Config(**config)), text) == \
            run_rule_type(EveryHit(rule_type.Config(**config)), text)

    check()


def test_cooccurrence_needs_two_groups():
    rule_type = rule_types()["cooccurrence"]
    with pytest.raises(ValueError):
        rule_type.Config(terms=[["质量"]])


def test_pattern_runs_once_over_the_document_and_reports_the_match():
    text = "今年全县未发生区域性、系统性产品质量安全事件。"
    findings = run_rule("pattern", text, regex=[r"未发生[^。]{0,20}质量安全事件"])
    assert findings[0].matched == ("未发生区域性、系统性产品质量安全事件",)


def test_a_pattern_match_never_runs_into_the_next_sentence():
    text = "本年度全县共检查企业120家，未发现问题\n事故隐患排查工作持续开展。"
    # no literal of two characters that every match holds, and none it starts with: it runs everywhere
    expression = r"[无未][^。；，]{0,6}?(?:事故|事件)"
    assert run_rule("pattern", text, regex=[expression]) == []
    assert run_rule("pattern", "全县无一起事故。", regex=[expression])


def test_pattern_rejects_word_boundaries_around_chinese():
    rule_type = rule_types()["pattern"]
    with pytest.raises(ValueError, match="Chinese"):
        rule_type.Config(regex=[r"\b质量\b"])
    with pytest.raises(ValueError, match="compile"):
        rule_type.Config(regex=["(质量"])


def test_figure_reads_the_number_after_its_indicator_and_compares():
    text = "去年全市食品抽检合格率为97.2%,药品抽检合格率达99.1%。"
    findings = run_rule("figure", text, indicators=["食品抽检合格率"], units=["%"], compare=">= 98%")
    assert len(findings) == 1
    figure = findings[0].figures[0]
    assert (figure.value, figure.unit, figure.indicator) == (97.2, "%", "食品抽检合格率")
    assert figure.target == ">= 98%" and figure.meets_target is False


def test_figure_ignores_numbers_too_far_or_of_another_unit():
    text = "产品合格率的提升是一项长期任务,涉及全市企业三千家。"
    assert not run_rule("figure", text, indicators=["合格率"], units=["%"])
    assert not run_rule("figure", "合格率统计覆盖企业120家。", indicators=["合格率"], units=["%"])


def test_configs_reject_unknown_keys():
    for kind, good in [("keywords", {"any": ["质量"]}), ("pattern", {"regex": ["质量"]}),
                       ("cooccurrence", {"terms": [["a"], ["b"]]}), ("figure", {"indicators": ["合格率"]})]:
        rule_type = rule_types()[kind]
        with pytest.raises(ValueError, match="Extra inputs"):
            rule_type.Config(**good, anyy=["x"])


@pytest.mark.parametrize(("expression", "starts"), [
    (r"(?<!高)(?<!空气)(?:质量|标准化工作)[^。]{0,9}纳入", {"质量", "标准化工作"}),
    (r"(?=质)质量强[省市县]", {"质量强"}),
    (r"创建|争创", {"创建", "争创"}),
    (r"(?i)ab", None),  # case folded: a literal no longer says where a match starts
    (r"(?i:qc)小组", None),
    (r"[“\"]双打", None),
    (r"(?:质量)?提升", None),
    (r"(?:质量|)提升", None),
    (r"^质量", None),
])
def test_pattern_knows_the_literals_its_matches_start_with(expression, starts):
    import re
    import re._parser as sre_parse

    from qscore.rules.pattern import _prefixes

    parsed = sre_parse.parse(expression)
    assert (None if parsed.state.flags & re.IGNORECASE else _prefixes(parsed)) == starts


@pytest.mark.parametrize(("expression", "required"), [
    (r"(?<!高)质量[^。]{0,15}(?:纳入|列入)[^。]{0,20}规划纲要", [{"质量"}, {"纳入", "列入"}, {"规划纲要"}]),
    (r"(?:质量|品牌)(?:奖励|补助)", [{"质量", "品牌"}, {"奖励", "补助"}]),
    (r"(?:质量|品牌)(?:奖励|奖补)", [{"质量", "品牌"}]),  # the parser makes it 奖(?:励|补): no two characters
    (r"(?:质量)+提升", [{"质量"}, {"提升"}]),
    (r"(?:质量)?提升", [{"提升"}]),  # an optional group guarantees nothing
    (r"(?:质量|质)提升", [{"提升"}]),  # nor an alternative whose only literal is one character
    (r"(?=规划纲要)规划", [{"规划"}]),  # a lookahead's literals are not counted
    (r"[一二三]类(?:水|河流)", []),
    (r"(?i:qc)小组", [{"小组"}]),  # a case-folded literal may stand in any case
])
def test_pattern_knows_the_literals_every_match_holds(expression, required):
    import re._parser as sre_parse

    from qscore.rules.pattern import _required

    assert _required(sre_parse.parse(expression)) == [frozenset(terms) for terms in required]


def test_a_case_insensitive_pattern_runs_wherever_the_case_of_its_literals():
    text = "全市导入iso9001质量管理体系。企业通过ISO9001认证。"
    found = run_rule("pattern", text, regex=[r"(?i)iso9001"])
    assert [f.matched for f in found] == [("iso9001",), ("ISO9001",)]


def test_sentences_holding_each_group():
    from qscore.context import DocumentView, RuleContext
    from qscore.matching import TermAutomaton
    from qscore.segment import split

    text = "全县质量工作纳入考核。品牌建设纳入规划。质量品牌建设同步推进。"
    view = DocumentView(text, split(text), TermAutomaton(["质量", "品牌", "纳入", "考核"]).scan(text))
    ctx = RuleContext(view, "x", object(), [])
    assert [s.index for s in ctx.sentences_holding_each([["质量", "品牌"], ["纳入"]])] == [0, 1]
    assert [s.index for s in ctx.sentences_holding_each([["质量"], ["品牌"]])] == [2]
    assert ctx.sentences_holding_each([["质量"], ["考核"], ["品牌"]]) == []
    assert len(ctx.sentences_holding_each([])) == 3


SCANNED_AGAINST = [
    r"(?<!高)(?<!教育)(?:质量|质量工作)[^。；，]{0,8}(?:考核|责任制)",
    r"质量[^。]{0,4}质量",  # matches that would overlap: leftmost first, then after its end
    r"(?:制定|制修订|修订)了?[^。；，]{0,10}?(?<!国家)标准",
    r"无[^。；，]{0,6}?(?:事故|事件)",
    r"质量强[省市县区](?:[（(][^）)]{0,8}[）)])?[^。；]{0,6}?示范",
]


@pytest.mark.parametrize("expression", SCANNED_AGAINST)
def test_a_pattern_tried_at_its_starts_finds_exactly_what_a_scan_finds(expression):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    rule_type = rule_types()["pattern"]
    pieces = ["质量", "质量工作", "高质量", "教育质量", "考核", "责任制", "制定", "修订了", "国家标准", "地方标准", "标准",
              "无", "事故", "质量强县", "质量强区（试点）", "示范", "，", "。", "；", "\n", "全县", "将", "2024年", "（", "）"]

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=30).map("".join))
    def check(text):
        anchored = rule_type(rule_type.Config(regex=[expression]))
        assert anchored._expressions[0][2] is not None
        scanned = rule_type(rule_type.Config(regex=[expression]))  # every sentence, from every character
        scanned._expressions = [(e, (), None) for e, _, _ in scanned._expressions]
        found = run_rule_type(anchored, text)
        assert found == run_rule_type(scanned, text)

    check()
