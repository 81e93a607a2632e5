"""Nothing lost, nothing half-written, and the same input gives the same bytes."""
from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from qscore import output
from qscore.cli import cli

from .conftest import ROOT


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "朝天区.json"
    target.write_text("old", encoding="utf-8")

    class Interrupting:
        def __init__(self, *args, **kwargs):
            self.stream = open(*args, **kwargs)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def write(self, content):
            self.stream.write(content[:3])
            raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "fdopen", Interrupting)
    with pytest.raises(KeyboardInterrupt):
        output.write_atomic(target, "new content")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["朝天区.json"]


def test_ctrl_c_during_a_run_is_one_line_and_exit_130(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    text = (ROOT / "seeds" / "004_60eba7a7e0f0c574.txt").read_text(encoding="utf-8")
    for index in range(400):
        (folder / f"{index:03}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "qscore.cli", "evaluate", str(folder), "--format", "json",
                                "--out", str(out)], stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    time.sleep(2.5)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert err.strip().splitlines()[-1] == "qscore: interrupted; no partial file was left"
    assert "Traceback" not in err
    assert not out.exists() or not [p for p in out.iterdir() if p.name.startswith(".")]


def test_same_input_same_bytes(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    for fmt in ("json", "csv", "markdown", "table"):
        first = CliRunner().invoke(cli, ["evaluate", "seeds", "--format", fmt]).stdout
        assert first == CliRunner().invoke(cli, ["evaluate", "seeds", "--format", fmt]).stdout, fmt


def test_json_written_piece_by_piece_is_json_dumps_of_the_whole_run(default_rulebook):
    """The renderer streams records through pydantic's serialiser; the bytes are still those of
    one json.dumps(indent=2) of the run, unicode unescaped (figures' floats and None included)."""
    import json

    from qscore.pipeline import evaluate
    from qscore.render.json_format import JsonRenderer

    run = evaluate([str(ROOT / "seeds")], default_rulebook)
    assert any(f.value is not None and f.upper is None for card in run.scorecards for c in card.criteria
               for e in c.evidence for f in e.figures)
    expected = json.dumps(run.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    assert JsonRenderer().render(run) == expected
