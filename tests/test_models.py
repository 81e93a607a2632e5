"""The records of a run: `compact` instances share one set of field names (memory), and stay equal
to other validated ones through pickling (--jobs)."""
from __future__ import annotations

import pickle

from qscore.models import DocumentRecord, Evidence


def _evidence(document: str) -> Evidence:
    return Evidence.compact(document=document, start=0, end=4, text="建成站点", match_start=2, match_end=4,
                            status="implemented", matched=["站点"], rule="keywords", line=1)


def test_compact_records_equal_validated_ones_and_fill_defaults():
    record = DocumentRecord.compact(path="a.txt", genre="report")
    assert record == DocumentRecord(path="a.txt", genre="report")
    assert record.model_dump()["regions"] == [] and record.model_dump()["rule_errors"] == []
    other = DocumentRecord.compact(path="b.txt")
    other.regions.append("朝天区")
    assert record.regions == []  # a default list is each record's own
    evidence = _evidence("a.txt")
    assert evidence.model_dump() == Evidence.model_validate(evidence.model_dump()).model_dump()


def test_compact_records_share_their_field_names_even_after_pickling():
    first, second = _evidence("a.txt"), _evidence("b.txt")
    assert first.model_fields_set is second.model_fields_set
    assert first.model_fields_set == set(Evidence.model_fields)
    # a worker of --jobs pickles each document's result on its own
    third, fourth = (pickle.loads(pickle.dumps(item)) for item in (first, second))
    assert third.model_fields_set is fourth.model_fields_set is first.model_fields_set
    assert third == first
    third.matched = ["建成"]  # assignment keeps working, and changes only its own record
    assert first.matched == ["站点"] and third.model_dump()["matched"] == ["建成"]


def test_a_validated_record_keeps_a_set_of_its_own():
    record = DocumentRecord(path="a.txt", error="cannot read")
    assert pickle.loads(pickle.dumps(record)).model_fields_set == {"path", "error"}


def test_a_record_log_gives_back_its_records_in_order_from_memory_and_from_disk(monkeypatch):
    from qscore import record_log
    from qscore.record_log import RecordLog

    monkeypatch.setattr(record_log, "_IN_MEMORY", 2_000)  # a small log moves to a file early
    records = [DocumentRecord.compact(path=f"文件{n}.txt", regions=["朝天区"], quality_share=n / 7, anchors=n)
               for n in range(40)]
    log = RecordLog(records)
    assert log._file._rolled  # on disk
    assert len(log) == 40 and list(log) == records and log == records
    assert log[7] == records[7] and log[-1] == records[-1] and log[3:6] == records[3:6]
    # two walks at once (as zip(run.documents, ...) would do) do not disturb each other
    assert [(a.path, b.path) for a, b in zip(log, log[1:])] == [(a.path, b.path) for a, b in zip(records, records[1:])]
    log.append(DocumentRecord.compact(path="late.txt"))
    assert [r.path for r in log][-2:] == ["文件39.txt", "late.txt"]


def test_a_run_keeps_its_records_in_a_log_and_dumps_them_as_a_list(mini_rulebook):
    from qscore.documents import Document
    from qscore.pipeline import evaluate_document, merge_results
    from qscore.record_log import RecordLog

    results = [evaluate_document(Document(f"d{n}.txt", "石柱县质量工作纪实\n石柱县成立质量强县工作领导小组。", "utf-8"),
                                 mini_rulebook) for n in range(3)]
    run = merge_results(mini_rulebook, results)
    assert isinstance(run.documents, RecordLog)
    dumped = run.model_dump()
    assert [d["path"] for d in dumped["documents"]] == ["d0.txt", "d1.txt", "d2.txt"]
    again = type(run).model_validate_json(run.model_dump_json())
    assert again.documents == list(run.documents) and again.scorecards == run.scorecards
