"""Evidence status on sentences written for these tests, in the style of reports and plans."""
from __future__ import annotations

import pytest

from qscore.segment import split
from qscore.status import StatusClassifier, detect_genre


def status_of(text: str, term: str, genre: str = "report") -> str:
    classifier = StatusClassifier(text, split(text), genre)
    start = text.index(term)
    return classifier.classify(start, start + len(term)).status


@pytest.mark.parametrize("text, term, expected", [
    # done
    ("该县已成立质量强县工作领导小组。", "领导小组", "implemented"),
    ("全区累计制定地方标准12项。", "地方标准", "implemented"),
    ("截至2023年底,全市共有地理标志产品9个。", "地理标志", "implemented"),
    ("去年该市荣获省政府质量奖。", "质量奖", "implemented"),
    ("2022年,全市建成检验检测中心3个,乡镇监管站25个。", "监管站", "implemented"),
    ("他们将质量工作纳入年度目标绩效考核。", "绩效考核", "implemented"),  # 将 as object marker
    ("全县未发生区域性、系统性质量安全事件。", "质量安全事件", "implemented"),
    ("该区通过验收,被命名为省级质量强区示范区。", "质量强区", "implemented"),
    # planned
    ("下一步,该市将继续深化质量提升行动。", "质量提升", "planned"),
    ("力争到2027年新增团体标准20项。", "团体标准", "planned"),
    ("全县拟制定品牌发展规划。", "品牌发展", "planned"),
    ("各部门要严格落实质量安全主体责任。", "主体责任", "planned"),
    ("小镇获批为质量强市示范城市争创单位。", "质量强市", "planned"),
    ("该县列入省级质量强县培育名单。", "质量强县", "planned"),
    ("二、培育名单（10个）", "培育名单", "planned"),
    ("重点培育5家企业申报市长质量奖。", "质量奖", "planned"),
    ("某镇创建省级质量强镇示范镇纪实", "质量强镇", "planned"),
    ("该区成功创建省级质量强区示范区。", "质量强区", "implemented"),
    ("景区创建成为国家4A级旅游景区。", "旅游景区", "implemented"),
    ("该市将按照总体思路,推进质量强市建设,着力打造区域品牌。", "区域品牌", "planned"),
    # negated
    ("全县质量基础设施建设仍然滞后。", "质量基础设施", "negated"),
    ("企业标准化意识不强。", "标准化", "negated"),
    ("部门间协调联动机制运行不畅。", "联动机制", "negated"),
    ("部分企业质量安全主体责任落实不力。", "主体责任", "negated"),
    ("目前尚未建立质量追溯体系。", "追溯体系", "negated"),
    ("品牌建设取得成效,但区域品牌影响力不足。", "区域品牌", "negated"),
    ("品牌建设取得成效,但区域品牌影响力不足。", "品牌建设", "implemented"),
    ("但还存在质量意识有待提高、质量管理能力需进一步提升、品牌建设不均衡等问题。", "质量管理能力", "negated"),
    ("工作中暴露出标准化基础薄弱、检验检测资源分散的问题。", "检验检测", "negated"),
    ("着力解决存在的检验检测资源分散问题。", "检验检测", "implemented"),
    # fixing a shortfall is an action
    ("聚焦质量短板,补齐检验检测能力短板。", "检验检测", "implemented"),
])
def test_status_in_a_report(text, term, expected):
    assert status_of(text, term) == expected


@pytest.mark.parametrize("text, term, expected", [
    ("建成区级检测中心2个,乡镇快检室25个。", "快检室", "implemented"),  # a done verb continues its list
    ("深入开展放心消费创建活动,引导经营者落实主体责任。", "放心消费", "implemented"),
    ("三是推动品牌创建,创建省著名商标2个。", "著名商标", "implemented"),
    ("引导企业创建名优品牌。", "名优品牌", "planned"),
    ("为了深入开展质量强镇创建工作,该镇成立领导小组。", "领导小组", "implemented"),
    ("鼓励企业参与国家标准研制。", "国家标准", "planned"),
])
def test_candidacy_and_encouragement(text, term, expected):
    assert status_of(text, term) == expected


@pytest.mark.parametrize("text, term, expected", [
    ("建成区级检测中心2个,加快推进计量中心建设。", "计量中心", "planned"),  # 建成 does not reach a clause with its own verb
    ("力争注册商标总量达到7万件,地理标志商标累计注册量达到45件以上。", "地理标志", "planned"),
    ("新增区域公用品牌3个。", "公用品牌", "planned"),
    ("结合本省实际,提出如下实施意见。", "实施意见", "implemented"),  # a plan that presents itself exists
    ("到2027年,人民群众质量获得感明显增强。", "获得感", "planned"),
    ("推行企业首席质量官制度。", "首席质量官", "planned"),
    ("现有国家级农业标准化示范区3个。", "标准化示范区", "implemented"),
])
def test_status_in_a_plan(text, term, expected):
    assert status_of(text, term, genre="plan") == expected


def test_a_paragraph_opening_with_next_steps_is_planned():
    text = "全市质量工作成效明显。\n下一步,继续开展质量提升行动。推行首席质量官制度。\n"
    assert status_of(text, "首席质量官") == "planned"


def test_sub_headings_switch_only_when_their_words_say_so():
    text = ("某市质量强市工作总结\n一、工作成效\n（一）强化组织领导\n成立质量强市工作领导小组。\n"
            "（二）主要目标\n新培育省级名牌产品5个。\n二、存在问题\n")
    assert status_of(text, "领导小组") == "implemented"
    assert status_of(text, "名牌产品") == "planned"


def test_work_report_phases():
    text = ("各位代表:现在,我代表市人民政府向大会报告工作。一、2023年工作回顾。开展质量提升行动,新增团体标准5项。"
            "二、2024年工作安排。深入实施质量强市战略,推行首席质量官制度。")
    assert detect_genre(text, split(text)) == "work-report"
    assert status_of(text, "团体标准", "work-report") == "implemented"
    assert status_of(text, "首席质量官", "work-report") == "planned"


def test_a_review_that_opens_with_its_own_year_stays_a_review():
    text = ("政府工作报告\n——2025年1月9日在某市人民代表大会上\n一、2024年工作回顾\n"
            "2024年是极不平凡的一年。全市新增团体标准5项。\n二、2025年工作安排\n"
            "2025年是规划收官之年。推行首席质量官制度。\n")
    assert status_of(text, "团体标准", "work-report") == "implemented"
    assert status_of(text, "首席质量官", "work-report") == "planned"


@pytest.mark.parametrize("text, expected", [
    # dated 2024: the year before is the past, the year of the date opens the plans
    ("某县质量工作总结\n2024年1月5日\n2023年是质量强县建设关键之年。\n新增团体标准5项。\n", "implemented"),
    ("某县质量工作总结\n2024年1月5日\n2024年是质量强县建设关键之年。\n新增团体标准5项。\n", "planned"),
    # undated: 20XX年是 opens the plans of a report, unless a review heading named that year
    ("某县质量工作总结\n工作成效明显。\n2017年是关键之年。\n新增团体标准5项。\n", "planned"),
    ("某县质量工作总结\n一、2016年工作回顾\n2016年是关键之年。\n新增团体标准5项。\n", "implemented"),
])
def test_a_paragraph_opening_with_a_year_opens_plans_only_for_a_year_to_come(text, expected):
    assert status_of(text, "团体标准") == expected


@pytest.mark.parametrize("head, genre", [
    ("【文字解读】《某县质量强县建设实施方案》\n近日,县政府印发方案。", "plan"),
    ("某市关于印发质量强市建设实施意见的通知\n各区县:", "plan"),
    ("奋进质量时代——某区深入开展质量提升行动纪实\n", "report"),
    ("本报讯 某市召开质量大会。", "report"),
    ("某市人民政府办公室关于各区质量工作考核结果的通报\n根据《某市质量工作考核实施方案》,现将结果通报如下:", "report"),
    ("为贯彻落实国家纲要精神,结合省情实际,提出如下实施意见。\n一、总体要求", "plan"),
])
def test_genre(head, genre):
    assert detect_genre(head, split(head)) == genre
