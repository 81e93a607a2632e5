"""The terms of the default rulebook (quality-cn): what each criterion must find, and the traps it must not.

Every sentence here was written for these tests, in the style of reports, plans and speeches on
regional quality work; none is taken from the seeds, the corpus or the gold files. The helper runs
the engine's rule stage (every rule of every criterion over one text) and then applies the
rulebook's relevance anchors the way the pipeline does, so that anchored generic words (培训,
旅游, 满意度, 专利 …) are tested too; status, regions and the document threshold are not involved.
"""
from __future__ import annotations

import pytest

from qscore.context import DocumentView, RuleContext
from qscore.normalize import normalize
from qscore.relevance import Relevance
from qscore.segment import split


@pytest.fixture(scope="module")
def rulebook(default_rulebook):
    return default_rulebook


def _findings(rulebook, text):
    normalized = normalize(text)
    segments = split(normalized)
    view = DocumentView(normalized, segments, rulebook.automaton.scan(normalized))
    findings = []
    for criterion in rulebook.criteria:
        for rule in criterion.rules:
            rule.find(RuleContext(view, criterion.id, rule, findings))
    # document_min 0: a single sentence is not a document; only the passage anchors are tested here
    relevance = Relevance(normalized, segments, view.terms, rulebook.spec.relevance.model_copy(update={"document_min": 0}))
    return [f for f in findings if relevance.admits(segments.sentence_at(f.start), f.anchor)]


def found(rulebook, text):
    """The ids of the criteria that have evidence in `text`."""
    return {f.criterion for f in _findings(rulebook, text)}


# (criterion, sentence that must give it evidence) — at least one for each of the 40 criteria
POSITIVE = [
    ("leadership.group", "县政府成立了以县长为组长的质量强县工作领导小组，统筹全县质量工作。"),
    ("leadership.group", "市里组建质量发展委员会，办公室设在市市场监管局。"),
    ("leadership.group", "成立领导小组，统筹推进质量强市各项工作。"),
    ("leadership.group", "区里抽调骨干组建质量提升工作专班，实行周调度。"),
    ("leadership.assessment", "把质量强市工作列入各县区年度综合考核，考核结果向社会公开。"),
    ("leadership.assessment", "将质量工作纳入对各县（市、区）党政领导班子和市级部门的年度综合考核。"),
    ("leadership.assessment", "我省连续两年获得国务院质量工作督查激励。"),
    ("leadership.assessment", "全区实行质量安全一票否决制。"),
    ("leadership.assessment", "层层签订质量工作目标责任书。"),
    ("leadership.planning", "市政府印发《关于加快建设质量强市的实施意见》。"),
    ("leadership.planning", "编制《某某县质量发展“十四五”规划》，明确八项重点任务。"),
    ("leadership.planning", "为深入实施质量强区战略，结合本区实际，制定本方案。"),
    ("leadership.planning", "深入实施“质量强链”行动，组织链主企业开展质量联合攻关。"),
    ("leadership.planning", "全面开展质量攻坚专项行动。"),
    ("leadership.planning", "将质量强省写入全省国民经济和社会发展第十四个五年规划纲要。"),
    ("leadership.coordination", "建立由28个部门组成的质量工作联席会议制度，每季度召开一次。"),
    ("leadership.coordination", "形成党委领导、政府主导、部门联合、企业主责、社会参与的质量工作格局。"),
    ("leadership.coordination", "调整质量强县工作领导小组，由县长任组长、分管副县长任副组长，发改、工信、农业农村、商务、市场监管等18个部门为成员单位。"),
    ("leadership.coordination", "每年召开质量强区工作领导小组全体成员会议，研究部署年度重点任务。"),
    ("leadership.coordination", "质量强市各项任务实行月调度、季通报。"),
    ("leadership.funding", "市财政每年安排500万元质量提升专项资金。"),
    ("leadership.funding", "对主导制定国际标准的企业一次性奖励50万元。"),
    ("leadership.funding", "对新获中国驰名商标的企业给予30万元奖励。"),
    ("leadership.quality_award", "设立区长质量奖，每两年评选一次。"),
    ("leadership.quality_award", "两家企业荣获省政府质量奖提名奖。"),
    ("leadership.demonstration", "我市被命名为全国质量强市示范城市。"),
    ("leadership.demonstration", "全县积极争创省级质量强县培育建设单位。"),
    ("leadership.demonstration", "一、命名名单（6个）"),
    ("leadership.demonstration", "拟命名以下8个县（市、区）为第二批“某省质量强县（市、区）”。"),
    ("leadership.demonstration", "（二）培育对象名单"),
    ("standards.local", "今年共发布市级地方标准12项、团体标准8项。"),
    ("standards.local", "起草《高山蔬菜绿色生产技术规程》并通过专家审定。"),
    ("standards.national", "企业参与起草国家标准3项、行业标准5项。"),
    ("standards.national", "龙头企业主导制定1项国际标准。"),
    ("standards.demonstration", "我市获批国家标准化创新发展试点城市。"),
    ("standards.demonstration", "成功创建国家级农业标准化示范区2个。"),
    ("standards.demonstration", "获批国家级服务业标准化试点项目。"),
    ("standards.adoption", "120家企业在平台上完成企业标准自我声明公开。"),
    ("standards.adoption", "引导企业对标国际先进标准改进工艺。"),
    ("standards.adoption", "3家企业入选企业标准领跑者名单。"),
    ("standards.strategy", "深入实施标准化战略，建成标准化信息服务平台。"),
    ("standards.strategy", "深入实施质量强市、标准化和品牌战略。"),
    ("brand.policy", "健全品牌培育和保护机制。"),
    ("brand.policy", "出台品牌发展战略实施意见，大力实施品牌强市战略。"),
    ("brand.policy", "印发商标品牌培育计划。"),
    ("brand.policy", "区政府出台《关于加快推进品牌建设的若干措施》。"),
    ("brand.policy", "加快构建“皖美制造”“皖美服务”区域品牌体系。"),
    ("brand.geographical_indication", "新增国家地理标志保护产品3个、地理标志证明商标5件。"),
    ("brand.famous_marks", "全年新增河北省优质产品9个。"),
    ("brand.famous_marks", "全市拥有中国驰名商标4件、省名牌产品36个、中华老字号2家。"),
    ("brand.regional_brand", "打造“秦巴山珍”区域公用品牌，持续开展品牌推广活动。"),
    ("brand.regional_brand", "举办第三届茶叶节，集中推介本地地理标志产品。"),
    ("brand.certification", "全县“三品一标”产品总数达到86个。"),
    ("brand.certification", "12家企业通过质量管理体系认证。"),
    ("brand.certification", "成功创建国家有机产品认证示范区。"),
    ("brand.certification", "全年新增绿色、有机和地理标志农产品92个。"),
    ("brand.certification", "新增有机茶园认证面积1.1万亩。"),
    ("supervision.spot_checks", "全年监督抽查产品320批次。"),
    ("supervision.spot_checks", "开展食品安全抽检1.2万批次。"),
    ("supervision.spot_checks", "全面推行“双随机、一公开”监管。"),
    ("supervision.enforcement", "开展打击侵权假冒伪劣专项行动。"),
    ("supervision.enforcement", "围绕产品质量安全，立案查处违法案件46起。"),
    ("supervision.credit", "建立企业质量信用档案，对严重失信企业实施联合惩戒。"),
    ("supervision.responsibility", "督促重点企业签订质量安全承诺书。"),
    ("supervision.responsibility", "加强建设工程质量安全监管，落实参建各方主体责任。"),
    ("supervision.risk", "建立产品质量安全风险监测预警机制。"),
    ("supervision.risk", "开展食品安全风险隐患排查整治。"),
    ("supervision.risk", "开展特种设备安全隐患专项排查整治，消除隐患120处。"),
    ("supervision.risk", "组织食品安全风险隐患大排查。"),
    ("supervision.risk", "深入开展食品安全“守底线、查隐患、保安全”专项行动。"),
    ("supervision.credit", "深化以信用为基础的新型监管机制，推进质量强市建设。"),
    ("supervision.complaints", "畅通12315投诉举报渠道，积极创建放心消费示范单位。"),
    ("supervision.traceability", "建成农产品质量安全追溯平台，入驻企业230家。"),
    ("supervision.traceability", "重点食品实现来源可查、去向可追溯。"),
    ("supervision.responsibility", "督促企业落实质量主体责任，全面推行质量承诺制度。"),
    ("supervision.responsibility", "督促食品生产企业配备食品安全总监和食品安全员。"),
    ("infrastructure.testing", "加快建设国家级质量标准实验室。"),
    ("infrastructure.testing", "投资1.2亿元建成国家级茶叶质检中心。"),
    ("infrastructure.testing", "市检验检测中心新增检测参数260项。"),
    ("infrastructure.metrology", "全年完成强制检定计量器具4.5万台件。"),
    ("infrastructure.one_stop", "在园区设立质量基础设施“一站式”服务站，为企业提供计量、标准、认证和检测服务。"),
    ("infrastructure.one_stop", "组织专家开展质量技术帮扶，帮助企业解决技术难题。"),
    ("infrastructure.one_stop", "为企业提供计量、标准、检验检测“一站式”服务。"),
    ("infrastructure.innovation", "组建质量技术创新联合体，开展质量攻关项目15项。"),
    ("infrastructure.innovation", "实施质量提升行动，新增高新技术企业12家、授权发明专利86件。"),
    ("culture.campaigns", "以“质量月”为契机，开展质量宣传进企业活动。"),
    ("culture.campaigns", "在3·15期间，组织消费维权咨询。"),
    ("culture.campaigns", "围绕世界计量日开展主题宣传。"),
    ("culture.talent", "推行首席质量官制度，培育质量人才队伍。"),
    ("culture.talent", "组织茶企开展评茶师培训。"),
    ("culture.talent", "围绕质量强市建设，全年培训企业管理人员500人次。"),
    ("culture.methods", "引导企业推行卓越绩效和精益生产，开展QC小组活动。"),
    ("culture.methods", "推广全面质量管理和六西格玛方法。"),
    ("outcomes.product_pass_rate", "全年产品质量监督抽查合格率为96.6%。"),
    ("outcomes.product_pass_rate", "主要农产品合格率全部为100%。"),
    ("outcomes.engineering", "新建住宅工程质量验收合格率100%，获省优质工程奖3项。"),
    ("outcomes.engineering", "一项工程荣获中国建设工程鲁班奖。"),
    ("outcomes.service", "公共服务质量满意度测评得分81.2分。"),
    ("outcomes.service", "开展质量提升行动，群众满意度达到95%。"),
    ("outcomes.environment", "城区空气质量优良率达到92%，地表水断面水质达标率100%。"),
    ("outcomes.environment", "主要河流保持Ⅱ类水质。"),
    ("outcomes.environment", "着力提升产品、工程、服务、环境质量。"),
    ("outcomes.ranking", "在全省质量工作考核中，我市连续三年获得A级。"),
    ("outcomes.ranking", "在2022年度全市质量工作考核中位列第二名。"),
    ("outcomes.ranking", "在2023年度国务院质量工作考核中，我省获评B级。"),
    ("outcomes.ranking", "会议通报了各县区质量工作考核结果，邳州市、铜山区、新沂市、鼓楼区获评A级。"),
    ("outcomes.ranking", "A级：甲区、乙区、丙县。"),
    ("outcomes.ranking", "B级（4个）：海东市、海北藏族自治州。"),
    ("outcomes.ranking", "一、考核等级为A级的县（5个，按行政区划顺序排列）"),
    ("outcomes.no_incident", "全年未发生区域性、系统性质量安全事件。"),
    ("outcomes.no_incident", "食品安全形势总体稳定向好。"),
    ("outcomes.no_incident", "坚决守住不发生系统性区域性食品安全风险的底线。"),
    ("industry.agriculture", "大力推进农业标准化生产，农产品质量安全水平稳步提升。"),
    ("industry.agriculture", "全县茶叶品质持续提升。"),
    ("industry.manufacturing", "开展消费品质量提升行动，推动“增品种、提品质、创品牌”。"),
    ("industry.manufacturing", "工业产品品质显著提升。"),
    ("industry.manufacturing", "推动光伏产业质量提升，组件产品品质达到国际先进水平。"),
    ("industry.manufacturing", "开展陶瓷产业质量品牌提升行动。"),
    ("industry.manufacturing", "以质量强市建设为主线，推进智能制造和技术改造。"),
    ("industry.services", "推动旅游业提质升级。"),
    ("industry.services", "开展物流标准化试点，提升冷链物流服务质量。"),
    ("industry.services", "健全家政服务标准体系，推进家政服务标准化。"),
]


@pytest.mark.parametrize(("criterion", "text"), POSITIVE, ids=[f"{c}:{t[:12]}" for c, t in POSITIVE])
def test_sentence_gives_evidence(rulebook, criterion, text):
    assert criterion in found(rulebook, text)


def test_every_criterion_has_a_positive_sentence(rulebook):
    assert {c.id for c in rulebook.criteria} == {criterion for criterion, _ in POSITIVE}


# (criterion, sentence that must NOT give it evidence): the traps of pitfalls.md and criteria.md
NEGATIVE = [
    ("leadership.group", "成立扶贫开发领导小组，统筹推进脱贫攻坚工作。"),
    ("leadership.group", "县扶贫开发领导小组召开会议，部署质量提升和产业扶贫工作。"),
    ("leadership.group", "成立全市推动高质量发展领导小组。"),
    ("leadership.group", "全国钢标准化技术委员会在我市召开年会。"),
    ("leadership.assessment", "将高质量发展纳入年度综合考核。"),
    ("leadership.assessment", "在2024年度全省质量工作考核中，我市获评A等次。"),
    ("leadership.assessment", "该县在全市质量强县工作考评中位列第一。"),
    ("leadership.assessment", "会议通报了各县区质量工作考核结果，邳州市、铜山区、新沂市、鼓楼区获评A级。"),
    ("outcomes.ranking", "对各区质量工作进行综合考核，确定考核结果（考核结果分4个等级，90分及以上为A级）。"),
    ("leadership.assessment", "对企业产品实施质量分级评价。"),
    ("leadership.planning", "出台《推动经济高质量发展的实施意见》。"),
    ("leadership.planning", "制定《全域旅游发展总体规划》。"),
    ("leadership.planning", "认真学习贯彻《质量强国建设纲要》。"),
    ("leadership.planning", "严格执行《中华人民共和国产品质量法》。"),
    ("leadership.coordination", "各部门要密切配合，形成工作合力。"),
    ("leadership.coordination", "建立大气污染联防联控协调机制，空气质量持续改善。"),
    ("leadership.funding", "全年完成固定资产投资120亿元，同比增长8%。"),
    ("leadership.funding", "按照每亩200元的标准给予补助。"),
    ("leadership.funding", "设立人才发展专项资金，“某某人才”品牌进一步叫响。"),
    ("leadership.demonstration", "深入推进质量强市建设，营造良好质量环境。"),
    ("leadership.demonstration", "请各地于月底前报送推荐名单。"),
    ("standards.local", "提高城乡低保标准和特困人员供养标准。"),
    ("standards.local", "新建标准化厂房20万平方米。"),
    ("standards.national", "出水水质稳定达到国家标准。"),
    ("standards.adoption", "对标先进地区，找差距补短板。"),
    ("standards.demonstration", "建设标准化示范党支部10个。"),
    ("brand.policy", "打造“红色引擎”党建品牌。"),
    ("brand.regional_brand", "打造“红色引擎”党建品牌。"),
    ("brand.famous_marks", "考入名牌大学的学生逐年增多。"),
    ("brand.certification", "完成实名认证的用户达到10万人。"),
    ("brand.certification", "发展绿色食品产业，打造绿色食品牌。"),
    ("supervision.traceability", "建立计量溯源体系，确保量值准确可靠。"),
    ("supervision.traceability", "开展入河排污口溯源排查。"),
    ("supervision.traceability", "严格实行责任追溯。"),
    ("supervision.responsibility", "落实全面从严治党主体责任。"),
    ("supervision.responsibility", "压实企业安全生产主体责任。"),
    ("supervision.spot_checks", "经各地自评、材料审核、现场抽查和综合评议，确定质量工作考核等级。"),
    ("supervision.risk", "开展安全生产风险隐患排查。"),
    ("supervision.risk", "开展燃气安全隐患专项排查整治，推进质量强市建设。"),
    ("leadership.coordination", "县扶贫开发领导小组各成员单位要加强协作。"),
    ("supervision.risk", "防范化解地方政府债务风险。"),
    ("supervision.credit", "将拖欠农民工工资的企业列入黑名单。"),
    ("supervision.complaints", "12345热线全年受理群众诉求8万件。"),
    ("infrastructure.one_stop", "推行一站式政务服务，企业开办一网通办。"),
    ("infrastructure.one_stop", "政务服务中心为群众提供一站式服务，标准统一。"),
    ("infrastructure.testing", "新建核酸检测实验室3个。"),
    ("infrastructure.innovation", "新增高新技术企业30家，发明专利授权量增长20%。"),
    ("culture.methods", "发扬精益求精的工匠精神。"),
    ("culture.campaigns", "全市营业收入增长3.15%。"),
    ("culture.talent", "培训高素质农民5000人次。"),
    ("outcomes.product_pass_rate", "学生体质健康合格率达到95%。"),
    ("outcomes.product_pass_rate", "《纲要》提出，到2025年制造业产品质量合格率达到94%。"),
    ("outcomes.product_pass_rate", "新建住宅分户验收合格率100%。"),
    ("outcomes.ranking", "创建国家4A级旅游景区2个。"),
    ("outcomes.ranking", "在全省高质量发展综合考核中位列第一。"),
    ("outcomes.ranking", "我市质量工作走在全国前列，受到上级好评。"),
    ("outcomes.no_incident", "发生重大质量安全事件的，考核等级一律为D级。"),
    ("outcomes.service", "全年接待游客1200万人次，群众满意度调查启动。"),
    ("industry.agriculture", "新建高标准农田5万亩。"),
    ("industry.agriculture", "推进农业高质量发展。"),
    ("industry.manufacturing", "新增专精特新企业15家，规上工业增加值增长9%。"),
    ("industry.manufacturing", "推动制造业高质量发展，工业提质增效。"),
    ("industry.manufacturing", "工业经济稳中提质，发展后劲持续增强。"),
    ("industry.manufacturing", "强化工作基础，提升产品质量、工程质量和服务质量。"),
    ("industry.manufacturing", "开展工业产品质量监督抽查56批次。"),
    ("industry.manufacturing", "建成锂电产品质量检验检测中心。"),
    ("standards.strategy", "推进标准化厂房建设，实施招商引资战略。"),
    ("standards.strategy", "指导42家企业在企业标准信息公共服务平台自我声明公开标准186项。"),
    ("brand.famous_marks", "为群众提供更多优质产品和服务。"),
    ("brand.policy", "构建全面覆盖的党建品牌体系。"),
    ("industry.services", "全年接待游客1200万人次，旅游收入增长15%。"),
    ("industry.services", "某某旅游开发有限公司投资建设景区。"),
    ("industry.services", "乡村旅游点提质扩容，文旅产业加快发展。"),
    ("brand.regional_brand", "成功举办第五届美食文化节，城市品牌影响力不断提升。"),
    ("brand.policy", "加强劳务品牌建设工作，打造川字号劳务品牌。"),
    ("infrastructure.innovation", "实施关键核心技术攻关项目20项。"),
    ("culture.talent", "为群众提供高质量教育和高质量就业服务。"),
    ("supervision.risk", "开展教学质量分析，查找薄弱环节。"),
    ("leadership.group", "县里成立教育质量提升工作领导小组。"),
    ("leadership.assessment", "将工程质量纳入施工企业信用考核。"),
    ("outcomes.no_incident", "守住不发生区域性系统性金融风险底线。"),
    ("leadership.coordination", "建立成渝地区双城经济圈毗邻地区联席会议机制。"),
]


@pytest.mark.parametrize(("criterion", "text"), NEGATIVE, ids=[f"{c}:{t[:12]}" for c, t in NEGATIVE])
def test_trap_gives_no_evidence(rulebook, criterion, text):
    assert criterion not in found(rulebook, text)


@pytest.mark.parametrize("text", [
    "推动经济高质量发展，实现质的有效提升和量的合理增长。",
    "坚持稳中求进工作总基调，推动高质量发展取得新成效。",
    "市市场监管局局长在会上讲话。",
])
def test_slogans_and_titles_alone_give_nothing(rulebook, text):
    assert found(rulebook, text) == set()


def test_pass_rates_are_compared_with_the_national_targets(rulebook):
    findings = _findings(rulebook, "全年食品抽检合格率达到98.7%，制造业产品质量合格率为93.1%。")
    targets = {(f.figures[0].indicator or "", f.figures[0].target, f.figures[0].meets_target)
               for f in findings if f.criterion == "outcomes.product_pass_rate" and f.figures and f.figures[0].target}
    assert targets == {("食品抽检合格率", ">= 98%", True), ("制造业产品质量合格率", ">= 94%", False)}


def _anchors(rulebook, text):
    normalized = normalize(text)
    segments = split(normalized)
    view = DocumentView(normalized, segments, rulebook.automaton.scan(normalized))
    spec = rulebook.spec.relevance
    return Relevance(normalized, segments, view.terms, spec)


@pytest.mark.parametrize("text", [
    # an air-quality ranking
    "3月全省城市空气质量排名发布，我市空气质量优良天数比例达到85%，PM2.5平均浓度同比下降6%。",
    # a tourism story that once says 服务质量
    "国庆假期全县接待游客56万人次，文旅局加强景区秩序管理，提升旅游服务质量，游客满意度明显提高。",
    # a traffic notice
    "因道路施工，自即日起至10月31日，该路段实行交通管制，请过往车辆绕行。",
    # a holiday tourism story that names the market regulator, food safety and service quality once each
    "国庆假期全县接待游客38万人次，县文旅局联合市场监管等部门开展假日市场检查，重点检查景区餐饮食品安全，"
    "各景区不断提升旅游服务质量，游客满意度明显提高。",
    # a school report
    "市教育局召开全市教育质量工作会议，要求建立健全教学质量管理体系，强化教学质量监测，推进基础教育质量提升行动计划。",
    # a hospital news item
    "市人民医院开展医疗质量安全提升月活动，加强医疗质量安全管理，提升医疗服务质量，组织医务人员进行质量管理培训。",
    # a tourism paragraph whose slogans name quality without being about quality work
    "推动文旅产业高质量发展，打造全域旅游示范区，提质扩容乡村旅游点，推进景区提质增效。",
])
def test_documents_that_are_not_about_quality_work_stay_below_the_threshold(rulebook, text):
    assert not _anchors(rulebook, text).about_quality_work


def test_a_quality_report_passes_the_threshold(rulebook):
    text = ("今年以来，全区深入实施质量强区战略，质量工作取得新成效。"
            "全年监督抽查产品200批次，食品抽检1500批次，新制定地方标准5项。")
    assert _anchors(rulebook, text).about_quality_work


def test_weights_add_up_to_100(rulebook):
    assert len(rulebook.criteria) == 40
    assert sum(c.weight for c in rulebook.criteria) == 100
