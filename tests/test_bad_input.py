"""Bad input: one line `qscore: FILE: reason`, no traceback, the good documents still scored.

Documents: exit 1. Rulebook and usage errors: exit 2.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from qscore import hookimpl
from qscore.cli import cli
from qscore.plugins import plugin_manager

from .documents import docx_bytes, pdf_bytes, write_html, write_txt
from .conftest import DATA


def run(tmp_path: Path, *args: str, stdin: bytes | None = None):
    good = write_txt(tmp_path / "good.txt")
    result = CliRunner().invoke(cli, ["evaluate", str(good), *args, "--format", "json"], input=stdin)
    return result


def assert_bad_document(result, path: Path | str, reason: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("qscore: ")]
    assert errors == [f"qscore: {path}: {reason}"], errors
    document = json.loads(result.stdout)
    assert any(card["region"]["name"] == "石柱县" for card in document["scorecards"])  # the good one is scored
    assert next(d for d in document["documents"] if d["path"] == str(path))["error"] == reason


def bad(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


CASES = [
    ("missing.txt", None, "no such file"),
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\t\n ", "empty file"),
    ("binary.txt", b"\x00\x01\x02\x03\xff\xfe\x00\x00garbage\x00", "binary file, not text"),
    ("mixed.txt", "质量工作".encode("gb18030") + b"\x81\x20\x81\x20",
     "not text in UTF-8, GB18030/GBK, Big5 or UTF-16; convert it to UTF-8, or name its encoding with --encoding"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "unsupported: a Word 97-2003 file: save it as .docx"),
    ("sheet.xlsx", b"PK\x03\x04", "unsupported: a spreadsheet: qscore reads documents (.txt, .md, .html, .docx, .pdf)"),
    ("data.xyz", b"hello", None),
    ("notzip.docx", "石柱县质量工作".encode(), "not a .docx file (not a zip container)"),
    ("protected.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200,
     "an encrypted or old-format Word file: save it as an unprotected .docx"),
    ("nottext.pdf", "这不是PDF".encode(), "not a PDF file"),
    ("nav.html", "<html><body><div class='nav'><a href='/'>首页</a></div></body></html>".encode(),
     "a web page with no main text"),
]


@pytest.mark.parametrize("name, content, reason", CASES, ids=[c[0] for c in CASES])
def test_bad_documents(tmp_path, name, content, reason):
    path = tmp_path / name if content is None else bad(tmp_path, name, content)
    if reason is None:
        reason = "unsupported file type '.xyz'; qscore reads .docx, .htm, .html, .markdown, .md, .pdf, .shtml, .text, .txt, .xhtml"
    assert_bad_document(run(tmp_path, str(path)), path, reason)


def test_truncated_docx(tmp_path):
    path = bad(tmp_path, "cut.docx", docx_bytes()[:600])
    assert_bad_document(run(tmp_path, str(path)), path, "a damaged or truncated .docx (BadZipFile)")


def test_docx_without_text(tmp_path):
    path = bad(tmp_path, "blank.docx", docx_bytes(lines=[""]))
    assert_bad_document(run(tmp_path, str(path)), path, "a .docx with no text")


def test_truncated_pdf(tmp_path):
    data = pdf_bytes()
    path = bad(tmp_path, "cut.pdf", data[: len(data) // 3])
    assert_bad_document(run(tmp_path, str(path)), path, "a damaged or truncated PDF (PdfStreamError)")


def test_encrypted_pdf(tmp_path):
    path = bad(tmp_path, "secret.pdf", pdf_bytes(encrypt="secret"))
    assert_bad_document(run(tmp_path, str(path)), path, "an encrypted PDF: save an unprotected copy")


def test_scanned_pdf_has_no_text_layer(tmp_path):
    path = bad(tmp_path, "scan.pdf", pdf_bytes(text=False))
    assert_bad_document(run(tmp_path, str(path)), path, "a PDF without a text layer (a scan?): run OCR on it first")


def test_file_over_max_bytes(tmp_path):
    path = write_txt(tmp_path / "big.txt", ["质量强县工作。" * 200])
    size = path.stat().st_size
    assert_bad_document(run(tmp_path, str(path), "--max-bytes", "1000"), path,
                        f"larger than --max-bytes ({size:,} > 1,000 bytes)")


def test_file_without_read_permission(tmp_path, monkeypatch):
    path = write_txt(tmp_path / "locked.txt")
    original = Path.read_bytes

    def refuse(self):  # the tests may run as root, for whom chmod 000 does not lock a file
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert_bad_document(run(tmp_path, str(path)), path, "permission denied")


def test_file_that_is_not_in_the_given_encoding(tmp_path):
    path = bad(tmp_path, "utf8.txt", "欽州市質量強市工作紀實，領導小組。".encode("utf-8"))
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--encoding", "ascii", "--format", "json"])
    assert result.exit_code == 1 and f"qscore: {path}: does not decode as ascii" in result.stderr


def test_unknown_encoding_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["evaluate", str(write_txt(tmp_path / "a.txt")), "--encoding", "klingon"])
    assert result.exit_code == 2 and "unknown encoding 'klingon'" in result.output


def test_folder_without_documents(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "notes.csv").write_text("a,b")
    assert_bad_document(run(tmp_path, str(folder)), folder,
                        "a folder with no documents (.docx, .htm, .html, .markdown, .md, .pdf, .shtml, .text, .txt, .xhtml)")


def test_symlink_loop_is_walked_once(tmp_path):
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    write_txt(folder / "sub" / "a.txt")
    os.symlink(folder, folder / "sub" / "loop")
    result = CliRunner().invoke(cli, ["evaluate", str(folder), "--format", "json"])
    assert result.exit_code == 0
    assert [d["path"] for d in json.loads(result.stdout)["documents"]] == [str(folder / "sub" / "a.txt")]


def test_include_exclude_and_hidden_files(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("2023-report.txt", "2024-report.txt", "2024-draft.txt", ".hidden.txt"):
        write_txt(folder / name)
    result = CliRunner().invoke(cli, ["evaluate", str(folder), "--include", "2024-*", "--exclude", "*draft*",
                                      "--format", "json"])
    assert [Path(d["path"]).name for d in json.loads(result.stdout)["documents"]] == ["2024-report.txt"]


def test_empty_standard_input(tmp_path):
    result = CliRunner().invoke(cli, ["evaluate", "-", "--format", "json"], input=b"")
    assert result.exit_code == 1 and "qscore: -: empty file" in result.stderr


def test_standard_input_is_read(tmp_path):
    text = (tmp_path / "x.txt")
    write_txt(text)
    result = CliRunner().invoke(cli, ["evaluate", "-", "--format", "json"], input=text.read_bytes())
    assert result.exit_code == 0 and json.loads(result.stdout)["scorecards"][0]["region"]["name"] == "石柱县"


def test_page_with_a_false_charset_is_still_read(tmp_path):
    path = write_html(tmp_path / "page.html")
    path.write_text(path.read_text(encoding="utf-8").replace("charset='utf-8'", "charset='gbk'"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["scorecards"][0]["region"]["name"] == "石柱县"


RULEBOOK_ERRORS = [
    ("not: [yaml", 1, "invalid YAML"),
    ("- a\n- list\n", 1, "a rulebook must be a mapping"),
]


@pytest.mark.parametrize("text, line, message", RULEBOOK_ERRORS)
def test_rulebook_that_is_not_a_rulebook(tmp_path, text, line, message):
    book = tmp_path / "book.yaml"
    book.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(write_txt(tmp_path / "a.txt")), "--rulebook", str(book)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.startswith(f"qscore: {book}:{line}: {message}")


@pytest.mark.parametrize("edits, message", [
    ([("type: cooccurrence", "type: proximity")], "unknown rule type 'proximity'"),
    ([("exclude: [扶贫开发领导小组]", "excludes: [扶贫开发领导小组]")], "unknown key 'excludes'"),
    ([("id: outcomes.product_pass_rate", "id: leadership.group"), ("  - id: outcomes\n", "  - id: leadership\n")],
     "duplicate criterion id 'leadership.group'"),  # one criterion id across two dimensions
    ([('compare: ">= 94%"', 'compare: ">= 94%"\n          - type: pattern\n            regex: [\'(合格\']')],
     "does not compile"),
    ([('compare: ">= 94%"', 'compare: ">= 94%"\n          - type: pattern\n            regex: [\'(合格率\\d+)+%\']')],
     "nests a repeat inside a repeat"),
])
def test_rulebook_mistakes(tmp_path, edits, message):
    text = (DATA / "mini-rulebook.yaml").read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    book = tmp_path / "book.yaml"
    book.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(write_txt(tmp_path / "a.txt")), "--rulebook", str(book)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.startswith(f"qscore: {book}:") and message in result.output
    assert len(result.output.strip().splitlines()) == 1



@pytest.fixture
def exploding_plugin():
    from pydantic import Field

    from qscore import Rule, RuleConfig

    class Config(RuleConfig):
        terms: list[str] = Field(min_length=1)

    class Exploding(Rule):
        name = "exploding"

        def find(self, ctx):
            raise ZeroDivisionError("division by zero in a plugin")

    Exploding.Config = Config

    class Plugin:
        @hookimpl
        def register_rule_types(self, register):
            register(Exploding)

    pm = plugin_manager()
    pm.register(Plugin(), name="exploding-test")
    try:
        yield
    finally:
        pm.unregister(name="exploding-test")


def test_plugin_that_raises_marks_its_criterion_and_the_run_goes_on(tmp_path, exploding_plugin):
    book = tmp_path / "book.yaml"
    book.write_text((DATA / "mini-rulebook.yaml").read_text(encoding="utf-8").replace(
        "            exclude: [扶贫开发领导小组]\n",
        "            exclude: [扶贫开发领导小组]\n          - type: exploding\n            terms: [领导小组]\n"), encoding="utf-8")
    doc = write_txt(tmp_path / "a.txt")
    result = CliRunner().invoke(cli, ["evaluate", str(doc), "--rulebook", str(book), "--format", "json"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (f"qscore: {doc}: leadership.group: rule 'exploding' failed: ZeroDivisionError: division by zero in a "
            "plugin; the criterion is marked as errored") in result.stderr
    card = json.loads(result.stdout)["scorecards"][0]
    group = next(c for c in card["criteria"] if c["id"] == "leadership.group")
    assert group["error"].endswith("rule 'exploding' failed: ZeroDivisionError: division by zero in a plugin")
    assert group["status"] == "implemented"  # the other rule of the criterion still found its evidence
    rate = next(c for c in card["criteria"] if c["id"] == "outcomes.product_pass_rate")
    assert rate["status"] == "implemented" and rate["error"] is None


def test_reader_plugin_that_raises_is_a_document_error(tmp_path):
    class BrokenReader:
        name = "broken"
        suffixes = (".brk",)

        def read(self, data, encoding=None):
            raise RuntimeError("reader bug")

    class Plugin:
        @hookimpl
        def register_readers(self, register):
            register(BrokenReader())

    pm = plugin_manager()
    pm.register(Plugin(), name="broken-reader")
    try:
        path = bad(tmp_path, "x.brk", b"data")
        assert_bad_document(run(tmp_path, str(path)), path, "the broken reader failed: RuntimeError: reader bug")
    finally:
        pm.unregister(name="broken-reader")


def test_an_output_folder_that_cannot_be_made_is_one_line(tmp_path):
    import subprocess
    import sys

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    good = write_txt(tmp_path / "good.txt")
    done = subprocess.run([sys.executable, "-m", "qscore.cli", "evaluate", str(good), "--out", str(blocker / "cards")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"qscore: {blocker / 'cards'}: Not a directory"]


def test_a_pdf_with_a_filter_pypdf_does_not_know_is_a_damaged_pdf(tmp_path):
    data = pdf_bytes()
    assert b"/FlateDecode" in data
    path = bad(tmp_path, "filter.pdf", data.replace(b"/FlateDecode", b"/XlateDecode", 1))
    assert_bad_document(run(tmp_path, str(path)), path, "a damaged or truncated PDF (NotImplementedError)")
