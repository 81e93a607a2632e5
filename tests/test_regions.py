"""Region finding and attribution on texts written for these tests, one situation each."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from qscore.cli import cli

from .conftest import DATA, attribution_of, evaluate_text, sentence_owners


def owners(text: str, snippet: str) -> list[str]:
    return sentence_owners(attribution_of(text), snippet)


def subjects(text: str) -> list[str]:
    _, _, attribution = attribution_of(text)
    used = sorted({i for indices in attribution.sentence_regions for i in indices})
    return [attribution.regions[i].name for i in used]


CONFERENCE = """全市质量强市工作推进会召开
3月5日,全市质量强市工作推进会召开,会议总结去年工作,部署今年任务。各区县和市级部门作了交流发言。
温江区副区长张某
温江区成立质量强区工作领导小组,去年制定地方标准5项。
金堂县县长李某
金堂县建成县级农产品检验检测中心,全县食品抽检合格率98.5%。
市市场监管局局长王某
我局全年组织监督抽查产品1200批次,全市产品抽检合格率96.2%。
"""


def test_conference_parts_go_to_their_speakers_and_the_city_keeps_the_introduction():
    assert owners(CONFERENCE, "会议总结去年工作") == ["成都市"]
    assert owners(CONFERENCE, "去年制定地方标准5项") == ["温江区"]
    assert owners(CONFERENCE, "全县食品抽检合格率98.5%") == ["金堂县"]
    assert owners(CONFERENCE, "我局全年组织监督抽查") == ["成都市"]  # a city department speaks for its city


def test_speaker_lines_with_colons_and_spaces():
    text = ("全市质量工作会议发言摘编\n会议总结了全市质量工作。\n温江区副区长 张某：\n温江区制定地方标准5项。\n"
            "（金堂县县长李某）\n金堂县全县食品抽检合格率98.5%。\n")
    assert owners(text, "温江区制定地方标准5项") == ["温江区"]
    assert owners(text, "全县食品抽检合格率98.5%") == ["金堂县"]


def test_grade_list_gives_each_listed_place_its_line():
    text = ("佛山市人民政府办公室关于2023年度各区质量工作考核结果的通报\n"
            "经考核,结果如下:\nA级:顺德区、南海区;\nB级:禅城区;\nC级:三水区、高明区。\n特此通报。\n")
    assert owners(text, "B级:禅城区") == ["禅城区"]
    assert sorted(owners(text, "A级:顺德区")) == ["南海区", "顺德区"]
    assert owners(text, "特此通报") == ["佛山市"]


def test_list_items_give_their_paragraph_to_their_place():
    text = ("广东省质量强省工作简报\n全省推进质量强省建设取得新进展。\n"
            "江门市:成立质量强市工作领导小组,制定质量发展规划。\n"
            "韶关市:开展质量提升行动,建成检验检测中心3个。\n")
    assert owners(text, "制定质量发展规划") == ["江门市"]
    assert owners(text, "建成检验检测中心3个") == ["韶关市"]


@pytest.mark.parametrize("context, parents", [("北京市", ("北京市",)), ("长春市", ("吉林省", "长春市"))])
def test_namesakes_resolved_by_the_places_around_them(context, parents):
    text = f"{context}朝阳区推进质量强区建设纪实\n朝阳区成立质量强区工作领导小组,朝阳区质量工作成效明显。\n"
    _, _, attribution = attribution_of(text)
    region = next(r for r in attribution.regions if r.name == "朝阳区")
    assert region.parents == parents and not region.ambiguous


def test_unresolvable_namesake_is_reported_as_ambiguous(mini_rulebook):
    run = evaluate_text("鼓楼区推进质量强区建设纪实\n鼓楼区成立质量强区工作领导小组,统筹质量工作。\n", mini_rulebook)
    region = run.scorecards[0].region
    assert region.name == "鼓楼区" and region.parents == ["江苏省", "南京市"]
    assert region.ambiguous == ["鼓楼区 (江苏省/徐州市)", "鼓楼区 (福建省/福州市)", "鼓楼区 (河南省/开封市)"]


def test_town_outside_the_gazetteer_is_a_region_under_the_document_county():
    text = ("彭州市青石岭镇创建质量强镇纪实\n近年来,青石岭镇把质量强镇作为中心工作,"
            "青石岭镇成立质量强镇工作领导小组。\n")
    _, _, attribution = attribution_of(text)
    region = attribution.regions[0]
    assert (region.name, region.level, region.parents, region.code) == ("青石岭镇", "town", ("四川省", "成都市", "彭州市"), None)


def test_generic_town_words_are_not_towns():
    text = "某县推进质量强镇示范镇创建\n全县乡镇积极创建质量强镇,推进特色小镇和城镇建设,乡镇质量工作成效明显。\n"
    assert subjects(text) == ["未指明地区 (doc.txt)"]


def test_we_city_documents_without_a_name_get_a_placeholder_or_the_given_region(tmp_path):
    doc = tmp_path / "wo.txt"
    doc.write_text("我市质量工作会议召开\n我市成立质量强市工作领导小组,全市食品抽检合格率98.1%。\n", encoding="utf-8")
    base = ["evaluate", str(doc), "--rulebook", str(DATA / "mini-rulebook.yaml"), "--format", "json"]
    unnamed = json.loads(CliRunner().invoke(cli, base).output)
    assert unnamed["documents"][0]["regions"] == [f"未指明地区 ({doc})"]
    named = json.loads(CliRunner().invoke(cli, [*base, "--region", "欽州市"]).output)
    assert named["scorecards"][0]["region"]["name"] == "钦州市"
    assert named["scorecards"][0]["region"]["parents"] == ["广西壮族自治区"]


def test_mentioned_places_are_not_subjects():
    text = ("根据《湖北省质量兴省战略发展纲要》,结合我县实际,竹山县推进质量强县建设。\n"
            "十堰日报讯 竹山县成立质量强县工作领导小组。浙江省嘉兴市考察团一行到竹山县交流。\n")
    assert subjects(text) == ["竹山县"]


def test_traditional_names_resolve():
    assert subjects("欽州市創新實施質量強市戰略\n欽州市成立質量強市工作專班。\n") == ["钦州市"]


def test_short_names_need_support_in_the_text():
    text = "某地质量工作纪实\n今年新建高标准农田五万亩,城区空气质量优良率95%,质量强县工作成效明显。\n"
    assert subjects(text) == ["未指明地区 (doc.txt)"]
    assert subjects("石柱土家族自治县质量强县纪实\n石柱成立质量强县工作领导小组。\n") == ["石柱县"]


def test_joined_sibling_towns_are_both_subjects():
    text = ("近日,浙江省桐乡市洲泉镇和濮院镇迎来质量强镇现场考评。\n洲泉镇成立了质量强镇工作领导小组。\n"
            "濮院镇质量工作成效明显。\n两镇质量强镇工作各有特色。\n")
    assert owners(text, "洲泉镇成立了") == ["洲泉镇"]
    assert owners(text, "濮院镇质量工作") == ["濮院镇"]
    assert sorted(owners(text, "两镇质量强镇工作")) == ["洲泉镇", "濮院镇"]


def test_level_filter_and_roll_up(tmp_path):
    doc = tmp_path / "report.txt"
    doc.write_text(CONFERENCE, encoding="utf-8")
    base = ["evaluate", str(doc), "--rulebook", str(DATA / "mini-rulebook.yaml"), "--format", "json"]
    counties = json.loads(CliRunner().invoke(cli, [*base, "--level", "county"]).output)
    assert sorted(c["region"]["name"] for c in counties["scorecards"]) == ["温江区", "金堂县"]
    rolled = json.loads(CliRunner().invoke(cli, [*base, "--roll-up", "city"]).output)
    [chengdu] = rolled["roll_ups"]
    assert chengdu["region"]["name"] == "成都市" and sorted(chengdu["rolled_up_from"]) == ["成都市", "温江区", "金堂县"]
    statuses = {c["id"]: c["status"] for c in chengdu["criteria"]}
    assert statuses == {"leadership.group": "implemented", "outcomes.product_pass_rate": "implemented"}
    assert [c["region"]["code"] for c in rolled["scorecards"] if c["region"]["name"] == "温江区"] == ["510115"]


def test_a_town_glued_to_a_longer_name_is_that_longer_town():
    text = ("青石板镇：小镇绣出质量新画卷\n近年来，平武县青石板镇坚持以质量强镇为抓手。\n"
            "青石板镇成立了质量强镇工作领导小组。青石板镇质量工作成效明显。\n")
    _, _, attribution = attribution_of(text)
    region = attribution.regions[0]
    assert (region.name, region.parents) == ("青石板镇", ("四川省", "绵阳市", "平武县"))


def test_in_a_graded_notice_a_sentence_led_by_a_graded_region_is_its():
    text = ("安徽省人民政府办公厅关于2023年度市级政府质量工作考核结果的通报\n"
            "根据《安徽省质量工作考核办法》，省质量强省工作领导小组办公室组织开展考核。\n"
            "A级：合肥市、芜湖市；\nB级：蚌埠市。\n"
            "芜湖市成立质量强市工作领导小组，获评全国质量强市示范城市。\n")
    assert owners(text, "芜湖市成立质量强市工作领导小组") == ["芜湖市"]
    assert owners(text, "省质量强省工作领导小组办公室") == ["安徽省"]


GRADE_HEADINGS = ("浙江省市场监管局关于2023年度市级政府质量工作考核结果的通报\n"
                  "根据《浙江省质量工作考核办法》，省质量强省工作领导小组办公室组织开展了考核。\n"
                  "一、考核等级为A级的市（3个，按行政区划顺序排列）\n杭州市、宁波市、温州市\n"
                  "二、考核等级为B级的市（2个）\n嘉兴市和湖州市\n"
                  "三、质量强市示范城市\n经研究，决定命名杭州市、宁波市为“浙江省质量强市示范城市”。"
                  "嘉兴市、湖州市继续纳入培育库。\n"
                  "在国家对省级政府质量工作考核中，我省获得A级。\n")


def test_a_grade_line_may_be_numbered_and_worded():
    text = ("宁波市关于2023年度各区县质量工作考核结果的通报\n经考核，结果如下：\n"
            "一、优秀等次（2个）：鄞州区、海曙区；\n（二）良好：北仑区。\n全市创建4A级景区：象山县。\n")
    assert sorted(owners(text, "优秀等次")) == ["海曙区", "鄞州区"]
    assert owners(text, "良好：北仑区") == ["北仑区"]
    assert owners(text, "4A级景区") == ["宁波市"]


def test_a_heading_over_a_bare_list_of_places_is_theirs():
    assert sorted(owners(GRADE_HEADINGS, "考核等级为A级的市")) == ["宁波市", "杭州市", "温州市"]
    assert sorted(owners(GRADE_HEADINGS, "考核等级为B级的市")) == ["嘉兴市", "湖州市"]
    assert owners(GRADE_HEADINGS, "我省获得A级") == ["浙江省"]


def test_in_a_notice_that_lists_its_regions_a_sentence_naming_some_is_theirs():
    assert sorted(owners(GRADE_HEADINGS, "决定命名")) == ["宁波市", "杭州市"]
    assert sorted(owners(GRADE_HEADINGS, "继续纳入培育库")) == ["嘉兴市", "湖州市"]


NAMED_TABLE = ("河南省市场监管局关于公布质量强县命名和培育名单的通知\n"
               "经评审，决定命名郑州市新郑市等2个县（市）为“河南省质量强县”，将洛阳市偃师区等2个县（市、区）"
               "纳入培育库。现将名单予以公布。\n"
               "一、命名名单（2个）\n序号　设区市　　县（市）\n1　　郑州市　　新郑市\n2　　许昌市　　长葛市\n"
               "二、培育名单（2个）\n序号　设区市　　县（市、区）\n1　　洛阳市　　偃师区\n2　　新乡市　　长垣市\n"
               "三、有关要求\n被命名的县（市）要发挥示范引领作用。\n")


def test_a_heading_over_the_rows_of_a_table_is_the_rows_places():
    assert sorted(owners(NAMED_TABLE, "一、命名名单")) == ["新郑市", "长葛市"]
    assert sorted(owners(NAMED_TABLE, "二、培育名单")) == ["偃师区", "长垣市"]
    assert owners(NAMED_TABLE, "长葛市") == ["长葛市"]  # the county, not its city


def test_a_place_named_as_the_first_of_a_group_leaves_the_sentence_to_the_issuer():
    assert owners(NAMED_TABLE, "决定命名郑州市新郑市等2个") == ["河南省"]
    assert owners(NAMED_TABLE, "被命名的县（市）要发挥示范引领作用") == ["河南省"]


PENDING_LIST = ("关于第二批甘肃省质量强县拟命名名单的公示\n"
                "根据《甘肃省质量强县建设评价办法》，经专家评审，省质量强省工作领导小组办公室研究，"
                "拟命名以下3个县（市、区）为第二批“甘肃省质量强县（市、区）”。现将名单予以公示：\n"
                "1. 兰州市榆中县\n2. 金昌市永昌县\n3. 天水市秦安县\n"
                "公示期为5个工作日。\n")


def test_a_clause_that_speaks_of_the_list_below_it_is_the_lists():
    assert sorted(owners(PENDING_LIST, "拟命名以下3个县")) == ["榆中县", "永昌县", "秦安县"]
    assert owners(PENDING_LIST, "省质量强省工作领导小组办公室研究") == ["甘肃省"]  # the same sentence, another clause
    assert owners(PENDING_LIST, "2. 金昌市永昌县") == ["永昌县"]
    assert owners(PENDING_LIST, "公示期为5个工作日") == ["甘肃省"]


BULLETIN = ("质量强市工作简报\n徐州市质量强市工作领导小组办公室\n全市质量强市工作推进会召开\n"
            "7月10日，市政府召开全市质量强市工作推进会，部署全年质量工作。\n"
            "邳州市：以标准化推动大蒜产业提质增效\n邳州市围绕大蒜产业制定团体标准2项。\n"
            "新沂市：质量基础设施服务平台投入运行\n6月28日，新沂市质量基础设施“一站式”服务平台投入运行。\n"
            "沛县：开展电动自行车产品质量专项整治\n今年以来，全县抽检电动自行车产品128批次。\n")


def test_a_place_over_the_title_of_a_story_opens_its_part():
    assert owners(BULLETIN, "邳州市围绕大蒜产业") == ["邳州市"]
    assert owners(BULLETIN, "6月28日") == ["新沂市"]
    assert owners(BULLETIN, "全县抽检电动自行车") == ["沛县"]
    assert owners(BULLETIN, "部署全年质量工作") == ["徐州市"]


PROSE_GRADES = ("辽宁省质量强省工作领导小组办公室关于各市政府质量工作考核结果的通报\n"
                "经考核，沈阳市、大连市、鞍山市等3个市质量工作成效突出，考核等级为A级；"
                "抚顺市、本溪市等2个市考核等级为B级。对考核等级为A级的市，予以通报表扬。\n"
                "考核中也发现，本溪市标准化工作基础薄弱。全省质量工作机制进一步健全。\n")


def test_a_grade_stated_in_prose_gives_its_sentence_to_the_places_it_runs_through():
    assert sorted(owners(PROSE_GRADES, "沈阳市、大连市")) == ["大连市", "沈阳市", "鞍山市"]
    assert sorted(owners(PROSE_GRADES, "抚顺市、本溪市")) == ["抚顺市", "本溪市"]
    assert owners(PROSE_GRADES, "本溪市标准化工作基础薄弱") == ["本溪市"]
    assert owners(PROSE_GRADES, "全省质量工作机制进一步健全") == ["辽宁省"]


DESIGNATION = ("福建省质量强省建设领导小组办公室关于命名质量强县建设示范单位的通知\n"
               "一、命名晋江市、德化县、福清市等3个县（市）为“福建省质量强县（市、区）建设示范单位”。\n"
               "二、将安溪县、古田县等2个县纳入省级质量强县建设培育对象。\n"
               "三、示范单位要巩固提升创建成果。\n"
               "附件\n一、示范单位（3个）\n福州市：福清市\n泉州市：晋江市、德化县\n")


def test_a_quality_title_given_in_prose_to_a_run_of_places_is_theirs():
    assert sorted(owners(DESIGNATION, "一、命名晋江市")) == ["德化县", "晋江市", "福清市"]
    assert sorted(owners(DESIGNATION, "二、将安溪县")) == ["古田县", "安溪县"]
    assert owners(DESIGNATION, "三、示范单位要巩固提升创建成果") == ["福建省"]
    assert sorted(owners(DESIGNATION, "泉州市：晋江市")) == ["德化县", "晋江市"]  # the row's places, not its city


def test_a_title_outside_quality_work_given_to_places_leaves_them_mentions():
    text = ("湛江市人民政府工作报告\n遂溪县、廉江市等5个县（市）被列为省首批典型县，入选典型镇村培育名单。\n"
            "推动遂溪、廉江等典型县先行示范。全市质量强市建设扎实推进。\n")
    assert owners(text, "遂溪县、廉江市等5个") == ["湛江市"]
    assert owners(text, "推动遂溪、廉江等典型县先行示范") == ["湛江市"]


def test_places_named_with_a_grade_but_no_run_of_them_keep_their_sentence_with_the_subject():
    text = "某市质量工作总结\n全市质量工作考核获评A级，海曙区和鄞州区表现突出。\n"
    assert owners(text, "全市质量工作考核获评A级") == owners(text, "某市质量工作总结")


def test_a_graded_place_named_often_does_not_become_the_notices_subject():
    text = ("青海省人民政府办公厅关于市州政府质量工作考核结果的通报\n"
            "省质量强省工作领导小组办公室组织开展了考核。\n"
            "A级（2个）：西宁市、海东市。\nB级（1个）：海北藏族自治州。\n"
            "西宁市建成检验检测中心。西宁市产品质量监督抽查合格率达到95.8%。\n"
            "要进一步强化质量工作组织领导。\n")
    assert owners(text, "要进一步强化质量工作组织领导") == ["青海省"]
    assert owners(text, "省质量强省工作领导小组办公室") == ["青海省"]
    assert owners(text, "B级（1个）") == ["海北藏族自治州"]


def test_a_place_with_an_item_of_its_own_does_not_become_the_subject():
    text = ("绥化市召开质量强市工作推进会\n会议指出，绥化市质量工作取得新成效，庆安县等地经验值得推广。\n"
            "庆安县：以庆安大米为抓手，庆安县完善地理标志保护，品牌价值提升。\n"
            "望奎县：健全工作机制，成立质量强县工作领导小组。\n")
    assert owners(text, "会议指出") == ["绥化市"]
    assert owners(text, "以庆安大米为抓手") == ["庆安县"]


def test_a_heading_over_a_line_that_is_more_than_places_keeps_its_owner():
    text = ("某市质量工作简报\n全市推进质量强市建设。\n一、工作进展\n"
            "鄞州区、海曙区建成检验检测中心。\n")
    assert owners(text, "一、工作进展") == owners(text, "全市推进质量强市建设")


ROUND_UP = """全省质量强市建设亮点纷呈
今年以来，全省各地扎实推进质量强市建设，涌现出一批好做法。
洛阳市建立质量工作联席会议制度，全年制定地方标准6项，该市两家企业获得省长质量奖。
开封市深入开展质量提升行动，建成国家级检验检测中心1个。但该市质量人才仍然不足。
许昌市市场监管局负责人介绍，该市计划明年启动质量强市示范城市创建。
"""


def test_a_round_up_gives_each_paragraph_to_the_place_it_opens_with():
    assert owners(ROUND_UP, "该市两家企业获得省长质量奖") == ["洛阳市"]
    assert owners(ROUND_UP, "但该市质量人才仍然不足") == ["开封市"]
    assert owners(ROUND_UP, "该市计划明年启动") == ["许昌市"]
    assert owners(ROUND_UP, "全省各地扎实推进") == ["河南省"]


def test_the_meetings_own_voice_after_the_speakers_is_the_hosts():
    text = ("全省质量强省工作推进会召开\n全省质量强省工作推进会在郑州召开，会议部署了全省质量工作。\n"
            "洛阳市介绍了质量提升的做法。洛阳市建立质量工作联席会议制度。\n"
            "开封市介绍了品牌培育的经验。开封市新增地理标志商标3件。\n"
            "许昌市介绍了标准化工作。许昌市制定地方标准6项。\n"
            "会议要求，要持续深化质量工作考核，确保不发生区域性质量安全事件。\n")
    assert owners(text, "许昌市制定地方标准6项") == ["许昌市"]
    assert owners(text, "持续深化质量工作考核") == ["河南省"]


def test_the_host_departments_voice_after_a_round_up_is_the_hosts():
    text = ROUND_UP + "省市场监管局相关负责人表示，下一步将进一步健全质量工作考核评价机制。\n"
    assert owners(text, "该市计划明年启动") == ["许昌市"]
    assert owners(text, "健全质量工作考核评价机制") == ["河南省"]


def test_a_report_whose_title_names_its_region_is_no_round_up():
    text = ("洛阳市2023年质量工作总结\n"
            "洛阳市建立质量工作联席会议制度，全年制定地方标准6项。\n"
            "开封市质量技术专家应邀来我市交流，双方签订质量合作协议。\n"
            "洛阳市建成国家级检验检测中心1个，质量人才队伍不断壮大。\n")
    assert subjects(text) == ["洛阳市"]


def test_paragraphs_opening_with_the_region_itself_or_one_visitor_are_no_round_up():
    text = ("今年以来，我市深入实施质量强市战略，成立质量强市工作领导小组。\n"
            "洛阳市制定地方标准6项，建成国家级检验检测中心1个，全市产品质量合格率达到95%。\n"
            "开封市质量技术专家应邀来我市交流，双方签订质量人才培养协议。\n"
            "洛阳市还建成质量基础设施“一站式”服务站3个，质量人才队伍不断壮大。\n")
    assert subjects(text) == ["洛阳市"]


def test_a_round_up_paragraph_opening_with_a_chain_of_places_is_the_last_ones():
    text = ("各镇质量工作扎实推进\n"
            "今年以来，各镇积极推进质量强镇建设。\n"
            "新津区花源镇成立质量强镇工作领导小组，制定地方标准1项。\n"
            "兴义镇培育区域公用品牌，新增绿色食品认证产品3个。\n")
    assert owners(text, "制定地方标准1项") == ["花源镇"]
    assert owners(text, "新增绿色食品认证产品") == ["兴义镇"]


def test_a_city_story_whose_paragraphs_open_with_its_districts_keeps_them():
    text = ("泸州市2023年质量工作总结\n"
            "今年以来，全市质量工作取得新成效，市政府出台质量强市实施方案。\n"
            "江阳区建成质量基础设施“一站式”服务站3个，新增地方标准2项。\n"
            "龙马潭区培育区域公用品牌，新增绿色食品认证产品3个。\n")
    assert owners(text, "新增地方标准2项") == ["泸州市"]
    assert owners(text, "新增绿色食品认证产品3个") == ["泸州市"]


def test_two_places_the_introduction_presents_together_are_a_round_up():
    text = ("今年以来，成德两市协同推进质量强市建设。\n"
            "成都市建成质量基础设施“一站式”服务站20个。\n"
            "德阳市新增地方标准5项，培育区域公用品牌2个。\n")
    assert owners(text, "新增地方标准5项") == ["德阳市"]
    assert owners(text, "服务站20个") == ["成都市"]


def test_inside_a_speakers_part_paragraphs_opening_with_its_districts_stay_the_speakers():
    text = ("全省质量强省工作会议交流发言摘登\n"
            "3月5日，全省质量强省工作会议召开，会上各市作了交流发言。\n"
            "绵阳市副市长李某\n"
            "近年来，我市扎实推进质量强市建设。\n"
            "涪城区建成质量基础设施“一站式”服务站3个。\n"
            "游仙区新增地方标准2项。\n"
            "安州区培育区域公用品牌1个。\n"
            "德阳市副市长王某\n"
            "德阳市成立质量强市工作领导小组。\n")
    assert owners(text, "新增地方标准2项") == ["绵阳市"]
    assert owners(text, "培育区域公用品牌1个") == ["绵阳市"]
    assert owners(text, "德阳市成立质量强市") == ["德阳市"]


def test_a_region_speaks_of_itself_by_its_level_word():
    from qscore.regions.attribution import Region
    from qscore.traps import Traps

    league = Region("锡林郭勒盟", "city", "152500", ("内蒙古自治区",))
    unnamed = Region("未指明地区 (doc.txt)", "unknown", None, ())
    assert Traps._own_subject("全盟质量工作有序推进。", league)
    assert Traps._own_subject("锡林郭勒质量工作有序推进。", league)
    assert Traps._own_subject("全盟质量工作有序推进。", unnamed)  # any level word, 盟 and 旗 included
    assert Traps._own_subject("本旗质量工作有序推进。", unnamed)
    assert not Traps._own_subject("各地质量工作有序推进。", unnamed)
