"""`--format html`: one self-contained page, checked as text and in a real headless chromium."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from fnmatch import fnmatch
from pathlib import Path

import pytest
from click.testing import CliRunner

from qscore.cli import cli
from qscore.models import DimensionResult, Run
from qscore.pipeline import Options, evaluate
from qscore.plugins import renderers
from qscore.render.html import HtmlRenderer, radar_svg

from .browser import browser, screenshot  # noqa: F401  (the session fixture)
from .conftest import ROOT, evaluate_text

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

# Tags in a report: <script> and <style> inline, <mark>, the chart's SVG; never an external resource.
MIXED = """石柱县质量强县工作总结
2023年，石柱县成立质量强县工作领导小组<script>alert("x")</script>，由县长任组长，将质量工作纳入政府绩效考核。
石柱縣全面推進質量強縣建設，設立質量強縣工作領導小組辦公室，全縣產品質量監督抽查合格率達到95.9%。
石柱县质量工作仍存在不足，质量人才培养尚未开展。
"""


@pytest.fixture(scope="module")
def seeds_run(default_rulebook, monkeypatch_module):
    monkeypatch_module.chdir(ROOT)
    return evaluate(["seeds"], default_rulebook, Options(keep_texts=True))


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(scope="module")
def seeds_page(seeds_run):
    return HtmlRenderer().render(seeds_run)


def test_html_is_a_built_in_format():
    assert isinstance(renderers()["html"], HtmlRenderer)


# --- the page as text ---------------------------------------------------------------------------

def test_page_is_self_contained(seeds_page):
    assert seeds_page.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(?:src|href|action|xlink:href)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:|//)""", seeds_page, re.I)
    assert not re.search(r"<link\b|<script\b[^>]*\bsrc\b|<iframe\b|<img\b|@import|url\(", seeds_page, re.I)
    assert "default-src 'none'" in seeds_page  # a policy that forbids any request, should a bug add one
    assert seeds_page.count("<script") == 1 and seeds_page.count("<style") == 1


def test_internal_links_all_resolve(seeds_page):
    ids = set(re.findall(r'\bid="([^"]+)"', seeds_page))
    targets = set(re.findall(r'href="#([^"]*)"', seeds_page))
    assert targets and not targets - ids
    assert len(re.findall(r'\bid="([^"]+)"', seeds_page)) == len(ids), "duplicate ids"


def test_every_score_links_to_its_sentence_in_context(seeds_run, seeds_page):
    for card in seeds_run.scorecards:
        for criterion in card.criteria:
            for item in criterion.evidence:
                anchor = f'id="doc-{_doc_index(seeds_run, item.document)}-s-{item.start}-{item.end}"'
                assert anchor in seeds_page
    assert seeds_page.count('class="crit-score" href="#doc-') == sum(
        1 for card in seeds_run.scorecards for c in card.criteria if c.evidence)


def _doc_index(run: Run, path: str) -> int:
    return next(i for i, d in enumerate(run.documents) if d.path == path)


def test_text_is_escaped(default_rulebook):
    run = evaluate_text(MIXED, default_rulebook, 'docs/<b>&"x".txt', keep_texts=True)
    page = HtmlRenderer().render(run)
    assert "<script>alert" not in page and "<b>&" not in page
    assert '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;' in page
    assert "docs/&lt;b&gt;&amp;&quot;x&quot;.txt" in page
    ET.fromstring(re.search(r"<svg.*?</svg>", page, re.S).group(0))  # the chart is well-formed


def test_same_run_same_bytes(seeds_run, default_rulebook, monkeypatch):
    monkeypatch.chdir(ROOT)
    again = evaluate(["seeds"], default_rulebook, Options(keep_texts=True))
    assert HtmlRenderer().render(seeds_run).encode() == HtmlRenderer().render(again).encode()


def test_traditional_evidence_is_highlighted_where_it_matched(default_rulebook):
    run = evaluate_text(MIXED, default_rulebook, keep_texts=True)
    page = HtmlRenderer().render(run)
    item = next(e for c in run.scorecards[0].criteria if c.id == "supervision.spot_checks" for e in c.evidence)
    assert item.text[item.match_start - item.start:item.match_end - item.start] == "監督抽查"
    assert '<mark class="main">監督抽查</mark>' in page
    # the other matched terms (simplified forms) are found in the traditional text too
    assert '推進<mark>質量強縣</mark>建設，設立<mark>質量強縣</mark>工作<mark class="main">領導小組</mark>辦公室' in page
    # in the document's text too, the mark is where the rule matched
    sentence = re.search(rf'<span class="ctx" id="doc-0-s-{item.start}-{item.end}"[^>]*>(.*?)</span>', page).group(1)
    assert '<mark class="main">監督抽查</mark>' in sentence and '<mark class="main">合格率達到95.9%</mark>' in sentence
    # negated evidence is labelled in words, not colour alone
    assert '<span class="badge s-negated">不足</span>' in page


def test_highlight_uses_offsets_not_the_first_occurrence(default_rulebook):
    text = "某县质量强县工作总结\n石柱县出台质量提升方案，成立质量强县工作领导小组，将质量工作纳入政府绩效考核。\n"
    run = evaluate_text(text, default_rulebook, keep_texts=True)
    item = next(e for c in run.scorecards[0].criteria for e in c.evidence if c.id == "leadership.assessment")
    page = HtmlRenderer().render(run)
    quotes = re.findall(r'<blockquote class="ev-text"><a[^>]*>(.*?)</a></blockquote>', page)
    quote = next(q for q in quotes if '<mark class="main">质量工作纳入政府绩效考核</mark>' in q)
    assert re.sub(r"<[^>]+>", "", quote) == item.text
    before = re.sub(r"<[^>]+>", "", quote[:quote.index('<mark class="main">')])
    assert len(before) == item.match_start - item.start
    # "质量" occurs before the match too: the main mark is not simply the first occurrence of a term
    assert item.text.index("质量") < len(before)


def test_without_texts_links_are_left_out(seeds_run):
    run = Run.model_validate(json.loads(seeds_run.model_dump_json()))  # as read back from --format json
    assert not run.texts
    page = HtmlRenderer().render(run)
    assert 'href="#doc-' not in page and 'id="documents"' not in page
    assert "<mark" in page and 'class="crit-score"' in page


@pytest.mark.parametrize("n", range(2, 11))
def test_radar_has_one_axis_per_dimension(n):
    dims = [DimensionResult(id=f"d{i}", name=f"维度{i}<&>", score=i, max=10) for i in range(n)]
    svg = ET.fromstring(radar_svg(dims))
    ns = "{http://www.w3.org/2000/svg}"
    value = [p for p in svg.iter(f"{ns}polygon") if p.get("class") == "value"]
    assert len(value) == 1 and len(value[0].get("points").split()) == n
    assert len([t for t in svg.iter(f"{ns}text") if t.get("class") == "label"]) == n
    assert len([line for line in svg.iter(f"{ns}line")]) == n


def test_zero_max_dimension_does_not_divide_by_zero():
    assert "nan" not in radar_svg([DimensionResult(id="a", name="甲", score=0, max=0)] * 3).lower()


def test_roll_ups_have_their_table_and_sections(seeds_run, default_rulebook, monkeypatch):
    from qscore.regions.gazetteer import load_gazetteer
    from qscore.regions.hierarchy import roll_up

    run = roll_up(seeds_run, "province", default_rulebook, load_gazetteer())
    assert run.roll_ups and run.texts
    page = HtmlRenderer().render(run)
    assert 'id="rollup-table"' in page and 'id="rollup-1"' in page and "汇总自" in page


def test_cli_writes_a_page_per_region_and_an_index(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["evaluate", "seeds", "--format", "html", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    pages = sorted(p.name for p in tmp_path.glob("*.html") if p.name != "index.html")
    assert len(pages) == 8
    for name in pages:
        assert f'href="{_quoted(name)}"' in index
    one = (tmp_path / "朝天区.html").read_text(encoding="utf-8")
    assert 'id="doc-0"' in one and 'id="doc-1"' not in one  # only the documents it cites
    assert 'href="#doc-0-s-' in one


def _quoted(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


def test_assets_ship_as_package_data():
    """pip install . (not editable) must carry html_assets/: pyproject declares them."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10: the test extra installs tomli
        import tomli as tomllib
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = data["tool"]["setuptools"]["package-data"].get("qscore.render", [])
    assets = [p.relative_to(ROOT / "engine" / "render").as_posix()
              for p in (ROOT / "engine" / "render" / "html_assets").iterdir()]
    assert assets and all(any(fnmatch(a, g) for g in globs) for a in assets), globs


# --- the page in chromium -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def report_file(tmp_path_factory, monkeypatch_module):
    """The seeds' report as `qscore evaluate seeds --format html` prints it."""
    monkeypatch_module.chdir(ROOT)
    result = CliRunner().invoke(cli, ["evaluate", "seeds", "--format", "html"])
    assert result.exit_code == 0, result.output
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(result.output, encoding="utf-8")
    return path


@pytest.fixture
def page(browser, report_file):  # noqa: F811
    opened = browser.open(report_file.as_uri())
    yield opened
    opened.close()


def test_page_loads_without_errors_or_requests(page, report_file):
    assert page.qscore_errors == []
    assert page.qscore_failed == []
    assert page.qscore_requests == [report_file.as_uri()]
    assert page.title().startswith("质量工作评分报告")


def test_radar_charts_are_drawn(page, seeds_run):
    sections = page.locator("section.region")
    assert sections.count() == len(seeds_run.scorecards)
    for index, card in enumerate(seeds_run.scorecards):
        section = sections.nth(index)
        assert section.locator("h2").first.inner_text().startswith(card.region.name)
        polygon = section.locator("svg.radar polygon.value")
        assert len(polygon.get_attribute("points").split()) == len(card.dimensions)
        box = polygon.bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0
        assert section.locator("svg.radar text.label").count() == len(card.dimensions)


def _column(page, index: int) -> list[str]:
    return page.eval_on_selector_all(
        "#summary-table tbody tr", f"rows => rows.map(r => r.cells[{index}].getAttribute('data-sort'))")


def test_summary_table_sorts(page, seeds_run):
    headers = page.locator("#summary-table thead th")
    total = headers.filter(has_text="总分")
    total_index = len(seeds_run.scorecards[0].dimensions) + 2
    assert headers.nth(total_index).inner_text().startswith("总分")
    total.locator("button").click()
    ascending = [float(v) for v in _column(page, total_index)]
    assert ascending == sorted(card.score for card in seeds_run.scorecards)
    assert total.get_attribute("aria-sort") == "ascending"
    total.locator("button").click()
    assert [float(v) for v in _column(page, total_index)] == sorted(ascending, reverse=True)
    assert total.get_attribute("aria-sort") == "descending"

    region = headers.first
    region.locator("button").focus()
    page.keyboard.press("Enter")  # the headers are buttons: the keyboard sorts too
    names = _column(page, 0)
    assert sorted(names) == sorted(card.region.name for card in seeds_run.scorecards)
    by_pinyin = page.evaluate("names => names.slice().sort(new Intl.Collator('zh-Hans-CN').compare)", names)
    assert names == by_pinyin
    assert names[:2] == ["巴中市", "朝天区"]  # pinyin order (ba, chao, cheng…), not code points
    assert region.get_attribute("aria-sort") == "ascending" and total.get_attribute("aria-sort") == "none"
    # numbers sort as numbers: a dimension column
    first_dim = headers.nth(2)
    first_dim.locator("button").click()
    values = [float(v) for v in _column(page, 2)]
    assert values == sorted(values)


def test_evidence_link_targets_its_sentence_in_context(page, seeds_run):
    card = seeds_run.scorecards[0]
    link = page.locator("#region-1 a.ev-link").first
    href = link.get_attribute("href")
    quoted = link.evaluate("e => e.textContent")
    link.click()
    page.wait_for_function("h => location.hash === h", arg=href)
    target = page.locator(":target")
    assert target.get_attribute("id") == href[1:]
    text = target.evaluate("e => e.textContent")
    assert text == quoted
    assert text in {item.text for c in card.criteria for item in c.evidence}
    page.wait_for_function(
        "() => { const r = document.querySelector(':target').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= innerHeight; }")
    assert target.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"  # the :target style
    # the sentence in context marks the match at its offsets
    assert any(i.text == text and
               any(m.evaluate("e => e.textContent") == i.text[i.match_start - i.start:i.match_end - i.start]
                   for m in target.locator("mark.main").all())
               for c in card.criteria for i in c.evidence)
    assert page.locator("[data-back]").is_visible()
    page.locator("[data-back]").click()
    page.wait_for_function("() => location.hash === ''")


def test_score_link_targets_the_best_evidence(page, seeds_run):
    from qscore.render.base import best_evidence

    card = seeds_run.scorecards[0]
    criterion = next(c for c in card.criteria if c.evidence)
    page.locator("#region-1 a.crit-score").first.click()
    page.wait_for_function("() => location.hash.startsWith('#doc-')")
    assert page.locator(":target").evaluate("e => e.textContent") == best_evidence(criterion).text


def test_matched_terms_are_marked(page, seeds_run):
    card = seeds_run.scorecards[0]
    quotes = page.locator("#region-1 blockquote.ev-text")
    assert quotes.count() > 0
    first = next(c for c in card.criteria if c.evidence)
    from qscore.render.base import best_evidence

    item = best_evidence(first)
    main = quotes.first.locator("mark.main").inner_text()
    assert main == item.text[item.match_start - item.start:item.match_end - item.start]
    assert page.locator("#documents mark").count() > 0


def test_narrow_screen_scrolls_tables_not_the_page(browser, report_file):  # noqa: F811
    narrow = browser.open(report_file.as_uri(), viewport={"width": 390, "height": 800})
    try:
        assert narrow.evaluate("document.documentElement.scrollWidth") <= 390
        assert narrow.locator("#summary .table-wrap").last.evaluate("e => e.scrollWidth > e.clientWidth")
    finally:
        narrow.close()


def test_screenshot(page):
    path = ARTIFACTS / "html-report.png"
    screenshot(page, path)
    assert path.stat().st_size > 10_000


def test_highlight_keeps_the_match_exact_when_terms_overlap_it():
    from qscore.render.html import _highlight

    assert _highlight("质量强县工作领导小组<b>", [(0, 4, False), (2, 8, False), (6, 10, True), (10, 13, False)]) == \
        '<mark>质量强县工作</mark><mark class="main">领导小组</mark><mark>&lt;b&gt;</mark>'
    assert _highlight("甲乙丙丁", [(0, 2, True), (2, 4, True)]) == '<mark class="main">甲乙</mark><mark class="main">丙丁</mark>'
    assert _highlight("", [(0, 3, True)]) == "" and _highlight("a&b", [(-5, 99, False)]) == "<mark>a&amp;b</mark>"


def _card_with(evidence: list) -> Run:
    from qscore.models import CriterionResult, DocumentRecord, RegionInfo, RulebookRef, Scorecard

    criteria = [CriterionResult(id=f"d.c{i}", name=f"指标{i}", dimension="d", status=e.status, score=1, max=1,
                                evidence=[e]) for i, e in enumerate(evidence)]
    card = Scorecard(region=RegionInfo(name="某县", level="county"), score=3, max=3, grade="D",
                     dimensions=[DimensionResult(id="d", name="维度", score=3, max=3)], criteria=criteria,
                     documents=["a.txt"])
    return Run(rulebook=RulebookRef(id="t", version="1"), documents=[DocumentRecord(path="a.txt")], scorecards=[card])


def _evidence(text: str, start: int, end: int, match: tuple[int, int], status: str = "implemented"):
    from qscore.models import Evidence

    return Evidence(document="a.txt", start=start, end=end, text=text[start:end], match_start=match[0],
                    match_end=match[1], status=status, matched=[text[match[0]:match[1]]], rule="keywords", line=1)


def test_overlapping_sentences_link_to_one_anchor_and_stale_texts_to_none():
    text = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉"
    run = _card_with([_evidence(text, 0, 10, (1, 3)), _evidence(text, 5, 15, (12, 14), "negated"),
                      _evidence(text, 16, 20, (16, 18))])
    run.texts["a.txt"] = text
    page = HtmlRenderer().render(run)
    assert page.count('class="ctx"') == 2  # (5, 15) overlaps (0, 10): it is not wrapped again, never nested
    assert 'href="#doc-0-s-0-10"' in page and 'href="#doc-0-s-5-15"' not in page
    sentence = re.search(r'id="doc-0-s-0-10"[^>]*>(.*?)</span>', page).group(1)
    assert '<mark class="main">乙丙</mark>' in sentence and '<mark class="main">丑寅</mark>' not in sentence
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    assert set(re.findall(r'href="#([^"]*)"', page)) <= ids
    run.texts["a.txt"] = "X" + text[1:]  # the text changed since: the first sentence no longer matches
    page = HtmlRenderer().render(run)
    assert 'doc-0-s-0-10' not in page and 'id="doc-0-s-5-15"' in page and 'href="#doc-0-s-16-20"' in page


def test_errors_veto_and_ambiguity_are_shown_in_words():
    from qscore.models import DocumentRecord

    text = "某县发生<重大>质量安全事件。某县成立质量工作领导小组。"
    veto = _evidence(text, 0, 14, (4, 12))
    run = _card_with([_evidence(text, 14, 28, (20, 26))])
    card = run.scorecards[0]
    card.veto = [veto]
    card.region.ambiguous = ["吉林省 某县"]
    card.criteria[0].error = "a.txt: rule 'x' failed: <Boom>"
    run.documents.append(DocumentRecord(path="b.docx", error="not a docx: <bad zip>"))
    run.texts["a.txt"] = text
    page = HtmlRenderer().render(run)
    assert "否决项" in page and 'href="#doc-0-s-0-14"' in page
    assert "名称有歧义" in page and "吉林省 某县" in page
    assert "规则出错" in page and "&lt;Boom&gt;" in page and "（出错）" in page
    assert "未能读取：not a docx: &lt;bad zip&gt;" in page
    assert "<mark class=\"main\">&lt;重大&gt;质量安全</mark>" in page and "<重大>" not in page
