"""The documents' records of a run, kept on disk: memory stays flat however many documents a run reads.

A record costs 1.4 KB as a pydantic object and 250 bytes as a line of JSON; a run over a million
documents would hold a gigabyte of them for the one moment they are written out. The log keeps
each record as a JSON line in a temporary file (in memory until it passes a megabyte) and reads
them back, in order, whenever the run's `documents` are walked.
"""
from __future__ import annotations

import tempfile
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from .models import DocumentRecord

_IN_MEMORY = 1 << 20  # bytes of JSON lines held in memory before the log moves to a file


class RecordLog(Sequence[DocumentRecord]):
    """A sequence of document records, appended once and read back as often as needed."""

    def __init__(self, records: Iterable[DocumentRecord] = ()) -> None:
        self._file = tempfile.SpooledTemporaryFile(max_size=_IN_MEMORY, prefix="qscore-records-")
        self._offsets = array("q")  # where each record's line starts
        self._end = 0
        for record in records:
            self.append(record)

    def append(self, record: DocumentRecord) -> None:
        line = record.model_dump_json().encode("utf-8") + b"\n"
        self._file.seek(self._end)
        self._file.write(line)
        self._offsets.append(self._end)
        self._end += len(line)

    def __len__(self) -> int:
        return len(self._offsets)

    def __iter__(self) -> Iterator[DocumentRecord]:
        position = 0
        while position < self._end:  # another walk may move the file between two records
            self._file.seek(position)
            line = self._file.readline()
            position += len(line)
            yield DocumentRecord.model_validate_json(line)

    @overload
    def __getitem__(self, index: int) -> DocumentRecord: ...

    @overload
    def __getitem__(self, index: slice) -> list[DocumentRecord]: ...

    def __getitem__(self, index: int | slice) -> DocumentRecord | list[DocumentRecord]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        self._file.seek(self._offsets[index])
        return DocumentRecord.model_validate_json(self._file.readline())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and len(self) == len(other) and all(a == b for a, b in zip(self, other))

    def __repr__(self) -> str:
        return f"RecordLog({len(self)} records)"
