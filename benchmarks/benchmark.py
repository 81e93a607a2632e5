"""qscore's speed against the floor of the machine and against a hand-written jieba script.

    .venv/bin/python benchmarks/benchmark.py [--mb 20] [--jieba-mb 4] [--jobs 2] [--stages] [--memory 80,1000]

One run builds a corpus of at least --mb megabytes from seeds/ and ../shared/corpus (each copy
with its region names varied, so regions do not merge into one), then measures, in MB/s of UTF-8
text:
  (a) the floor: read + traditional → simplified (OpenCC) + sentence split (one regex) + one
      Aho-Corasick pass (daachorse) over the default rulebook's literal terms;
  (b) a hand-written jieba script: jieba.lcut per sentence, term lookups in a set (on --jieba-mb
      megabytes, half work reports, half the rest, weighted as the corpus is: jieba runs at about
      1 MB/s);
  (c) `qscore evaluate DIR --format json` end to end, in a fresh process, on one core
      (--jobs 1) and on --jobs cores;
and prints the ratios c/a and c/b, for the whole corpus and for its long work reports and its
other documents apart; with --stages, where one process spends its time; the wall time of
`qscore evaluate` on one short document against `python -c pass`; and the peak resident memory
of qscore on the corpus and on the larger corpora --memory asks for (a 1000 MB corpus takes
1.2 GB of disk and about ten minutes).
It prints figures; it asserts nothing (speed is measured here, never in tests).
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
# the console script a user runs, when this interpreter's environment installed it
_SCRIPT = Path(sys.executable).with_name("qscore")
QSCORE = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "qscore.cli"]
SENTENCE = re.compile(r"[。！？!?；;]+|\n")
# The region names of the source documents, and the counties that stand in for them in copies.
SUBJECTS = ["朝天区", "朝天", "小汉镇", "小汉", "钦州市", "欽州市", "钦州", "欽州", "石柱土家族自治县", "石柱县", "石柱",
            "新密市", "新密", "延庆区", "延庆", "汉中市", "航头镇", "咸宁市", "青海", "江门市", "洲泉镇", "濮院镇",
            "竹山县", "竹山", "潍坊市", "潍坊", "泸州市", "泸州", "江西省", "江西"]


def sources() -> list[Path]:
    files = sorted((ROOT / "seeds").glob("*.txt"))
    if (SHARED / "corpus").is_dir():
        files += sorted((SHARED / "corpus").glob("*.txt"))
    return files


LONG_DOCUMENT = 30_000  # bytes: the government work reports of ../shared/corpus, not the pages and seeds
REGION_POOL = 100  # about the counties of a large province: a growing corpus revisits them


def build_corpus(folder: Path, megabytes: float) -> int:
    """Copies of the sources, each with its region names replaced by one of REGION_POOL counties,
    until the corpus reaches the size asked for; returns its size in bytes."""
    from qscore.regions.gazetteer import load_gazetteer

    counties = sorted(d.name for d in load_gazetteer() if d.level == "county" and len(d.name) == 3)[:REGION_POOL]
    texts = [path.read_text(encoding="utf-8") for path in sources()]
    size, copy = 0, 0
    while size < megabytes * 1_000_000:
        name = counties[copy % len(counties)]
        for index, text in enumerate(texts):
            for subject in SUBJECTS:
                text = text.replace(subject, name)
            data = text.encode("utf-8")
            (folder / f"{copy:05}-{index:02}.txt").write_bytes(data)
            size += len(data)
        copy += 1
    return size


def floor(files: list[Path], terms: list[str]) -> float:
    """Seconds for read + t2s + split + one automaton pass: what any scorer must at least do."""
    import daachorse
    import opencc

    converter = opencc.OpenCC("t2s")
    automaton = daachorse.CharwiseDoubleArrayAhoCorasick(terms)
    started = time.perf_counter()
    hits = 0
    for path in files:
        text = converter.convert(path.read_bytes().decode("utf-8"))
        starts = [m.end() for m in SENTENCE.finditer(text)]
        hits += len(automaton.find_overlapping(text)) + len(starts)
    return time.perf_counter() - started


def jieba_script(files: list[Path], terms: list[str]) -> float:
    """Seconds for what a user would write by hand: jieba.lcut per sentence, terms looked up in a set."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    wanted = set(terms)
    started = time.perf_counter()
    found = 0
    for path in files:
        text = path.read_bytes().decode("utf-8")
        for sentence in SENTENCE.split(text):
            found += sum(1 for word in jieba.lcut(sentence) if word in wanted)
    return time.perf_counter() - started


# Commands run as an installed qscore runs: with the bytecode of its modules cached (pip writes it
# on install). PYTHONDONTWRITEBYTECODE, set in some sandboxes, would recompile ~60 modules per run.
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str], stdout=subprocess.DEVNULL) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=False, stdout=stdout, stderr=subprocess.DEVNULL, cwd=ROOT, env=ENV)
    return time.perf_counter() - started


def peak_rss_mb(command: list[str]) -> float:
    """Peak resident memory of one command, in MB (from /usr/bin/time -v when there, else rusage)."""
    if shutil.which("time") or Path("/usr/bin/time").exists():
        done = subprocess.run(["/usr/bin/time", "-v", *command], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, cwd=ROOT, env=ENV)
        match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
        if match:
            return int(match.group(1)) / 1024
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=ENV)
    return max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def stages(folder: Path) -> tuple[float, list[tuple[str, float]]]:
    """Where one process spends its time: an in-process run over `folder` (JSON written to memory),
    with the pipeline's stages timed where pipeline.py calls them. Returns the whole run's seconds
    and the seconds of each stage, the rest of evaluate_document last."""
    import io
    from collections import Counter

    from qscore import pipeline
    from qscore.matching import TermAutomaton
    from qscore.render.json_format import JsonRenderer
    from qscore.rulebook import load_rulebook
    from qscore.status import StatusClassifier
    from qscore.traps import Traps

    timed = [  # (label, owner, attribute): none of these calls another of them
        ("read and decode", pipeline, "read_document"),
        ("normalise (widths, traditional -> simplified)", pipeline, "normalize"),
        ("split paragraphs and sentences", pipeline, "split"),
        ("automaton pass", TermAutomaton, "scan"),
        ("rules find evidence", pipeline, "_findings"),
        ("regions: places and attribution", pipeline, "attribute"),
        ("status of each hit", StatusClassifier, "classify"),
        ("status: the document's phases", StatusClassifier, "__init__"),
        ("traps", Traps, "reason"),
        ("figures near each hit", pipeline, "_figures_near"),
    ]
    spent: Counter[str] = Counter()
    originals = []

    def timing(label: str, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] += time.perf_counter() - started
        return wrapper

    for label, owner, name in [*timed, ("document", pipeline, "evaluate_document")]:
        originals.append((owner, name, getattr(owner, name)))
        setattr(owner, name, timing(label, getattr(owner, name)))
    try:
        rulebook = load_rulebook()
        started = time.perf_counter()
        run = pipeline.merge_results(rulebook, pipeline.read_results([str(folder)], rulebook))
        merged = time.perf_counter()
        JsonRenderer().write(run, io.StringIO())
        finished = time.perf_counter()
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)
    inside = sum(spent[label] for label, _, _ in timed if label != "read and decode")
    parts = [(label, spent[label]) for label, _, _ in timed]
    parts.append(("the rest of evaluate_document (evidence records, bookkeeping)", spent["document"] - inside))
    parts.append(("merge into scorecards", merged - started - spent["document"] - spent["read and decode"]))
    parts.append(("write the JSON", finished - merged))
    return finished - started, parts


def _sizes(value: str) -> list[float]:
    try:
        return [float(part) for part in value.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a list of sizes in MB such as 80,1000") from None


def median(command: list[str], runs: int = 5) -> float:
    return statistics.median(timed(command) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in megabytes (default 20)")
    parser.add_argument("--jieba-mb", type=float, default=4.0, help="megabytes the jieba script reads (default 4)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes for the parallel run")
    parser.add_argument("--stages", action="store_true",
                        help="also show where one process spends its time, stage by stage (in-process)")
    parser.add_argument("--memory", type=_sizes, default=[], metavar="MB[,MB…]",
                        help="also measure peak memory on corpora of these sizes (e.g. 80,1000)")
    args = parser.parse_args()

    from qscore.rulebook import load_rulebook

    terms = load_rulebook().automaton.terms
    with tempfile.TemporaryDirectory(prefix="qscore-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        size = build_corpus(corpus, args.mb)
        files = sorted(corpus.iterdir())
        mb = size / 1_000_000
        print(f"corpus: {len(files)} documents, {mb:.1f} MB (seeds and ../shared/corpus, region names varied)")

        # qscore's time goes to the hits, so its speed depends on how much of a text is quality
        # work: every figure is also taken on the long work reports and on the other documents apart
        kinds = [(label, [path for path in files if (path.stat().st_size > LONG_DOCUMENT) == long])
                 for label, long in (("long work reports (quality work a small part)", True),
                                     ("web pages and seeds (quality work throughout)", False))]
        kinds = [(label, paths, sum(path.stat().st_size for path in paths) / 1_000_000) for label, paths in kinds if paths]

        a = floor(files, terms)
        floors = [part_mb / floor(paths, terms) for _, paths, part_mb in kinds]
        # the jieba script on --jieba-mb megabytes, shared between the kinds; on the whole corpus it
        # would take the time of each kind's megabytes at that kind's speed
        jiebas, jieba_mb = [], 0.0
        for _, paths, _ in kinds:
            chosen, chosen_size = [], 0
            for path in paths:
                if chosen_size >= args.jieba_mb / len(kinds) * 1_000_000:
                    break
                chosen.append(path)
                chosen_size += path.stat().st_size
            jiebas.append(chosen_size / 1_000_000 / jieba_script(chosen, terms))
            jieba_mb += chosen_size / 1_000_000
        evaluate = [*QSCORE, "evaluate", str(corpus), "--format", "json", "--quiet"]
        c1 = timed([*evaluate, "--jobs", "1"])
        cn = timed([*evaluate, "--jobs", str(args.jobs)])
        qscores = []
        for label, paths, part_mb in kinds:
            part = Path(tmp) / "part"
            part.mkdir()
            for path in paths:
                os.link(path, part / path.name)
            qscores.append(part_mb / timed([*QSCORE, "evaluate", str(part), "--format", "json", "--quiet", "--jobs", "1"]))
            shutil.rmtree(part)

        rate_a = mb / a
        rate_b = mb / sum(part_mb / rate for (_, _, part_mb), rate in zip(kinds, jiebas))
        rate_c1, rate_cn = mb / c1, mb / cn
        print(f"(a) floor: read + t2s + split + one automaton pass  {rate_a:8.2f} MB/s")
        print(f"(b) jieba script (lcut per sentence, set lookups)   {rate_b:8.2f} MB/s  (from {jieba_mb:.1f} MB, "
              "each kind at its share)")
        print(f"(c) qscore evaluate --format json, --jobs 1         {rate_c1:8.2f} MB/s  ({c1:.1f} s, whole command)")
        print(f"    qscore evaluate --format json, --jobs {args.jobs:<2}        {rate_cn:8.2f} MB/s  ({cn:.1f} s)")
        print(f"ratios: c/a = {rate_c1 / rate_a:.2f} (target >= 0.5), c/b = {rate_c1 / rate_b:.1f} (target >= 10)")
        for (label, _, part_mb), rate_a_part, rate_b_part, rate_c_part in zip(kinds, floors, jiebas, qscores):
            print(f"  on the {label}, {part_mb:.1f} MB: (a) {rate_a_part:.2f}, (b) {rate_b_part:.2f}, "
                  f"(c) {rate_c_part:.2f} MB/s: c/a = {rate_c_part / rate_a_part:.2f}, c/b = {rate_c_part / rate_b_part:.1f}")

        short = ROOT / "seeds" / "000_256561f21098d2da.txt"
        one = median([*QSCORE, "evaluate", str(short), "--format", "json"])
        empty = median([sys.executable, "-c", "pass"])
        print(f"one short document: qscore evaluate {one:.3f} s, python -c pass {empty:.3f} s (target <= 0.3 s)")

        if args.stages:
            whole, parts = stages(corpus)
            print(f"where one process spends its time ({whole:.1f} s in-process, imports and start-up aside):")
            for label, seconds in parts:
                print(f"    {label:<62} {seconds:6.2f} s  {seconds / whole:4.0%}")

        peaks = [(mb, peak_rss_mb([*evaluate, "--jobs", "1"]))]
        for megabytes in args.memory:
            bigger = Path(tmp) / f"corpus-{megabytes:g}"
            bigger.mkdir()
            grown = build_corpus(bigger, megabytes) / 1_000_000
            peaks.append((grown, peak_rss_mb([*QSCORE, "evaluate", str(bigger), "--format", "json", "--quiet",
                                               "--jobs", "1"])))
            shutil.rmtree(bigger)
        print("peak memory (one process, --jobs 1): "
              + ", ".join(f"{rss:.0f} MB on {size:.0f} MB" for size, rss in peaks))


if __name__ == "__main__":
    main()
