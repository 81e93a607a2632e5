"""Decoding, normalisation with offsets into the original, splitting, figures."""
from __future__ import annotations

import pytest

from qscore.decoding import DecodingError, decode
from qscore.documents import DocumentError, read_document
from qscore.figures import chinese_to_number, find_figures
from qscore.normalize import normalize
from qscore.segment import split

from .conftest import evaluate_text


def test_traditional_and_full_width_fold_without_moving_offsets():
    original = "欽州市推進質量強市建設，ＡＢＣ１２３％。"
    normalized = normalize(original)
    assert normalized == "钦州市推进质量强市建设，ABC123%。"
    start = normalized.index("质量强市")
    assert original[start:start + 4] == "質量強市"


def test_every_full_width_form_folds_except_the_chinese_punctuation_that_splits():
    full = "".join(chr(code) for code in range(0xFF01, 0xFF5F)) + "\u3000"
    folded = normalize(full)
    kept = set("，。；：！？（）")
    assert [a for a, b in zip(full, folded) if a == b] == [c for c in full if c in kept]
    assert all(b.isascii() for a, b in zip(full, folded) if a not in kept)
    assert normalize("质量　ＧＢ／Ｔ１９０００—２０１６，合格率９８．５％") == "质量 GB/T19000—2016，合格率98.5%"


def test_evidence_offsets_point_into_the_traditional_original(mini_rulebook):
    original = ("欽州市推進質量強市建設紀實\n"
                "欽州市成立質量強市工作領導小組，統籌全市質量工作。\n"
                "2022年，全市工業產品抽檢合格率96.6%，質量提升成效明顯。\n")
    run = evaluate_text(original, mini_rulebook, "qinzhou.txt")
    card = run.scorecards[0]
    assert card.region.name == "钦州市"
    items = [e for c in card.criteria for e in c.evidence]
    assert len(items) == 2
    for item in items:
        assert original[item.start:item.end] == item.text
    assert items[0].text == "欽州市成立質量強市工作領導小組，統籌全市質量工作。"
    assert items[1].figures[0].indicator == "工业产品抽检合格率"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"])
def test_decodes_supported_encodings(tmp_path, encoding):
    text = "朝天区质量强区工作领导小组。\n成员单位21个。\n"  # UTF-16 without a BOM shows itself by its ASCII
    path = tmp_path / "doc.txt"
    path.write_bytes(text.encode(encoding))
    assert read_document(str(path)).text == text


def test_big5_traditional_text_is_detected(tmp_path):
    text = "欽州市創新實施質量強市戰略，全市工業產品抽檢合格率96.6%，食品抽檢合格率95.9%。\n"
    path = tmp_path / "big5.txt"
    path.write_bytes(text.encode("big5"))
    document = read_document(str(path))
    assert (document.text, document.encoding) == (text, "big5")


def test_undecodable_file_is_reported_not_guessed(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_bytes("质量工作".encode("gb18030") + b"\x81\x20\x81\x20")  # 0x81 0x20 is in no encoding
    with pytest.raises(DocumentError, match="not text in UTF-8"):
        read_document(str(path))
    with pytest.raises(DecodingError, match="binary"):
        decode(b"\x00\x01\x02binary\x00")


def test_missing_empty_and_unsupported_files(tmp_path):
    with pytest.raises(DocumentError, match="no such file"):
        read_document(str(tmp_path / "none.txt"))
    (tmp_path / "empty.txt").write_text("  \n")
    with pytest.raises(DocumentError, match="empty"):
        read_document(str(tmp_path / "empty.txt"))
    (tmp_path / "a.doc").write_bytes(b"x")
    with pytest.raises(DocumentError, match="Word 97-2003 file: save it as .docx"):
        read_document(str(tmp_path / "a.doc"))
    (tmp_path / "a.xyz").write_bytes(b"x")
    with pytest.raises(DocumentError, match="unsupported file type '.xyz'"):
        read_document(str(tmp_path / "a.xyz"))


def test_split_paragraphs_sentences_clauses_with_ascii_punctuation():
    text = "一、强化组织领导\n成立领导小组,定期召开会议;将质量工作纳入考核。产值增长1.5亿元!\n\n下一步,将继续推进。"
    segments = split(text)
    assert [text[p.start:p.end] for p in segments.paragraphs] == [
        "一、强化组织领导", "成立领导小组,定期召开会议;将质量工作纳入考核。产值增长1.5亿元!", "下一步,将继续推进。"]
    sentences = [text[s.start:s.end] for s in segments.sentences]
    assert sentences[1:4] == ["成立领导小组,定期召开会议;", "将质量工作纳入考核。", "产值增长1.5亿元!"]
    clauses = [text[c.start:c.end] for c in segments.clauses_of(segments.sentences[1])]
    assert clauses == ["成立领导小组,", "定期召开会议;"]
    assert text[segments.clause_at(text.index("考核")).start:].startswith("将质量工作")


def test_clauses_split_before_turning_connectives():
    text = "品牌建设取得成效但区域品牌影响力不足。"
    segments = split(text)
    clauses = [text[c.start:c.end] for c in segments.clauses_of(segments.sentences[0])]
    assert clauses == ["品牌建设取得成效", "但区域品牌影响力不足。"]


@pytest.mark.parametrize("numeral, value", [("二十一", 21), ("三千万", 30_000_000), ("一千二百", 1200), ("十", 10),
                                            ("两百", 200), ("一亿二千万", 120_000_000)])
def test_chinese_numerals(numeral, value):
    assert chinese_to_number(numeral) == value


@pytest.mark.parametrize("text, expected", [
    ("给予3-20万元奖励", [("3-20万元", 30_000, 200_000, "元")]),
    ("共有企业一千二百余家", [("一千二百余家", 1200, None, "家")]),
    ("种植面积43.66万亩", [("43.66万亩", 436_600, None, "亩")]),
    ("设立三千万元专项资金", [("三千万元", 30_000_000, None, "元")]),
    ("按GB/T19000标准建立体系,2017年起实施", []),
    ("二十一个职能部门", [("二十一个", 21, None, "个")]),
    ("新增市场主体10多万户，带动投资3万余元", [("10多万户", 100_000, None, "户"), ("3万余元", 30_000, None, "元")]),
    ("每万元产值能耗下降", []),
])
def test_figures(text, expected):
    got = [(f.figure.text, f.figure.value, f.figure.upper, f.figure.unit) for f in find_figures(text, 0, len(text))]
    assert got == expected


def test_rate_figures_carry_their_indicator():
    text = "全县食品抽检合格率达到98.5%,农产品例行监测合格率为99%。"
    found = [(f.figure.indicator, f.figure.value) for f in find_figures(text, 0, len(text))]
    assert found == [("食品抽检合格率", 98.5), ("农产品例行监测合格率", 99.0)]


@pytest.mark.parametrize("text, indicator", [
    ("全区共有中国驰名商标2件", "中国驰名商标"),
    ("累计制定地方标准27项", "地方标准"),
    ("21个职能部门为成员单位", "职能部门"),
    ("茶叶种植面积达到72万亩", "茶叶种植面积"),
    ("今年新增国家高新技术企业60家", "国家高新技术企业"),
])
def test_count_figures_carry_the_noun_they_count(text, indicator):
    assert find_figures(text, 0, len(text))[0].figure.indicator == indicator
