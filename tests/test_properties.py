"""Properties that must hold for any input (hypothesis), and one text read in every format."""
from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qscore.documents import DocumentError
from qscore.normalize import normalize
from qscore.plugins import readers
from qscore.rulebook import load_rulebook
from qscore.yamlsource import SourceError

from .conftest import evaluate_text
from .documents import docx_bytes, pdf_bytes, write_html, write_txt

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Text like the documents': simplified and traditional characters, full-width forms, punctuation,
# digits, line breaks, and the terms the rulebook looks for.
TERMS = ["质量强县", "領導小組", "领导小组", "抽检合格率", "地理標誌", "地方标准", "尚未", "将", "下一步,", "。", "，", "\n",
         "石柱县", "欽州市", "９８．５％", "96.6%", "《质量强国建设纲要》", "未发生区域性质量安全事件", "ＱＣ小组"]
chinese_text = st.lists(st.one_of(st.sampled_from(TERMS), st.text(alphabet=st.characters(
    min_codepoint=0x4E00, max_codepoint=0x4FFF), max_size=6), st.text(max_size=4)), max_size=40).map("".join)


@SETTINGS
@given(chinese_text)
def test_normalising_keeps_every_offset(text):
    normalized = normalize(text)
    assert len(normalized) == len(text)
    for index, char in enumerate(text):
        assert normalize(char) == normalized[index] or not char.strip()


@SETTINGS
@given(chinese_text)
def test_every_evidence_span_points_at_its_text_in_the_original(default_rulebook, text):
    run = evaluate_text("石柱县质量强县工作纪实\n" + text, default_rulebook)
    original = "石柱县质量强县工作纪实\n" + text
    for card in run.scorecards:
        for criterion in card.criteria:
            for item in criterion.evidence:
                assert original[item.start:item.end] == item.text
                assert item.start <= item.match_start < item.match_end <= item.end


@SETTINGS
@given(st.binary(max_size=2000))
def test_readers_never_fail_with_anything_but_a_document_error(data):
    for reader in readers().values():
        try:
            extracted = reader.read(data, None)
        except DocumentError:
            continue
        assert isinstance(extracted.text, str)


SAMPLES = {"docx": docx_bytes(), "pdf": pdf_bytes()}


def _damaged(kind: str):
    """A sample with one byte changed (the file keeps its length: most of these still open, and
    reach the readers' own checks), or cut short."""
    data = SAMPLES[kind]
    changed = st.tuples(st.integers(0, len(data) - 1), st.integers(0, 255)).map(
        lambda t: data[:t[0]] + bytes([t[1]]) + data[t[0] + 1:])
    cut = st.integers(1, len(data) - 1).map(lambda n: data[:n])
    return st.tuples(st.just(kind), st.one_of(changed, cut))


@SETTINGS
@given(st.sampled_from(sorted(SAMPLES)).flatmap(_damaged))
def test_a_damaged_document_reads_or_is_a_one_line_document_error(damaged):
    kind, data = damaged
    try:
        result = readers()[kind].read(data, None)
    except DocumentError as exc:
        assert str(exc).strip() and "\n" not in str(exc)
        return
    assert isinstance(result.text, str)


yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-5, 200), st.floats(allow_nan=False), st.text(max_size=8),
              st.sampled_from(["keywords", "pattern", "figure", "cooccurrence", "leadership", "A", ">= 94%"])),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.sampled_from(["id", "version", "grades", "dimensions", "criteria",
                                                                "rules", "type", "any", "name", "weight", "source",
                                                                "min", "grade", "regex", "terms", "veto", "x"]),
                                               children, max_size=5)),
    max_leaves=25)


@SETTINGS
@given(st.one_of(yaml_values.map(lambda v: yaml.safe_dump(v, allow_unicode=True)), st.text(max_size=200)))
def test_rulebook_loader_never_raises_anything_but_a_source_error(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("book") / "book.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_rulebook(path)
    except SourceError as error:
        assert "\n" not in str(error) and str(error).startswith(str(path))


def test_the_same_text_gives_the_same_evidence_in_every_format(tmp_path, default_rulebook):
    from qscore.documents import read_document
    from qscore.pipeline import evaluate_document, merge_results

    (tmp_path / "doc.docx").write_bytes(docx_bytes())
    (tmp_path / "doc.pdf").write_bytes(pdf_bytes())
    paths = [write_txt(tmp_path / "doc.txt"), write_html(tmp_path / "doc.html"), tmp_path / "doc.docx",
             tmp_path / "doc.pdf"]

    def evidence(path):
        run = merge_results(default_rulebook, [evaluate_document(read_document(str(path)), default_rulebook)])
        return {(card.region.name, criterion.id, item.status, item.text.strip())
                for card in run.scorecards for criterion in card.criteria for item in criterion.evidence}

    expected = evidence(paths[0])
    assert {(c, s) for _, c, s, _ in expected} >= {("leadership.group", "implemented"),
                                                     ("supervision.traceability", "negated"),
                                                     ("culture.talent", "planned")}
    for path in paths[1:]:
        assert evidence(path) == expected, path.suffix


def test_docx_tables_are_read(tmp_path):
    data = docx_bytes(lines=["石柱县质量工作情况"], table=[["指标", "数值"], ["地方标准", "12项"]])
    text = readers()["docx"].read(data, None).text
    assert text.splitlines() == ["石柱县质量工作情况", "指标\t数值", "地方标准\t12项"]
