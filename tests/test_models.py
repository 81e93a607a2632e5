"""The records of a run: `trusted` instances, made by the engine without validation, share one set
of field names (memory), and stay equal to validated ones through pickling (--jobs)."""
from __future__ import annotations

import pickle

from qscore.models import DocumentRecord, Evidence


def _evidence(document: str) -> Evidence:
    return Evidence.trusted(document=document, start=0, end=4, text="建成站点", match_start=2, match_end=4,
                            status="implemented", matched=["站点"], rule="keywords", line=1)


def test_trusted_records_equal_validated_ones_and_fill_defaults():
    record = DocumentRecord.trusted(path="a.txt", genre="report")
    assert record == DocumentRecord(path="a.txt", genre="report")
    assert record.model_dump()["regions"] == [] and record.model_dump()["rule_errors"] == []
    other = DocumentRecord.trusted(path="b.txt")
    other.regions.append("朝天区")
    assert record.regions == []  # a default list is each record's own
    evidence = _evidence("a.txt")
    assert evidence.model_dump() == Evidence.model_validate(evidence.model_dump()).model_dump()


def test_trusted_records_share_their_field_names_even_after_pickling():
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
