"""Reading documents: which files the given paths stand for, and their text, or why not.

Every failure is a DocumentError whose message is the one-line reason shown as
`qscore: FILE: reason`; the run goes on with the other documents. The text of a file comes from
the reader registered for its suffix (readers are plugins: see readers/).
"""
from __future__ import annotations

import fnmatch
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # a 50 MB document is a corpus, not a document
STDIN = "-"
# Formats people have that qscore cannot read, and what to do about each.
_UNSUPPORTED = {
    ".doc": "a Word 97-2003 file: save it as .docx",
    ".wps": "a WPS file: save it as .docx",
    ".rtf": "an RTF file: save it as .docx or .txt",
    ".odt": "an OpenDocument file: save it as .docx",
    ".xls": "a spreadsheet: qscore reads documents (.txt, .md, .html, .docx, .pdf)",
    ".xlsx": "a spreadsheet: qscore reads documents (.txt, .md, .html, .docx, .pdf)",
    ".ppt": "a presentation: save it as .pdf",
    ".pptx": "a presentation: save it as .pdf",
    ".caj": "a CNKI CAJ file: save it as .pdf",
    ".ofd": "an OFD file: save it as .pdf",
}


class DocumentError(Exception):
    """A document that cannot be read; the message is the one-line reason."""


@dataclass(frozen=True)
class Document:
    path: str
    text: str
    encoding: str
    format: str = "text"


@dataclass(frozen=True)
class ReadOptions:
    encoding: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass
class Selection:
    """Which files of the given paths are documents: globs to include and exclude."""

    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)

    def wants(self, relative: str) -> bool:
        name = Path(relative).name
        def hit(patterns: list[str]) -> bool:
            return any(fnmatch.fnmatch(relative, p) or fnmatch.fnmatch(name, p) for p in patterns)
        return (not self.include or hit(self.include)) and not hit(self.exclude)


def _suffixes() -> set[str]:
    from .plugins import readers

    return {suffix for reader in readers().values() for suffix in reader.suffixes}


def expand_paths(paths: list[str], selection: Selection | None = None) -> list[str]:
    """Files as given; folders walked in sorted order for documents of a known suffix, hidden
    entries skipped, symbolic-link loops visited once. A folder holding no document stays in
    the list, so that it is reported."""
    selection = selection or Selection()
    suffixes = _suffixes()
    out: list[str] = []
    for raw in paths:
        root = Path(raw)
        if raw == STDIN or not root.is_dir():
            out.append(raw)
            continue
        found: list[str] = []
        seen: set[str] = set()
        for folder, dirs, files in os.walk(root, followlinks=True):
            real = os.path.realpath(folder)
            if real in seen:
                dirs[:] = []
                continue
            seen.add(real)
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                path = Path(folder) / name
                relative = str(path.relative_to(root))
                if not name.startswith(".") and path.suffix.lower() in suffixes and selection.wants(relative):
                    found.append(str(path))
        out.extend(found or [raw])
    return out


def _bytes_of(path: str, options: ReadOptions) -> bytes:
    if path == STDIN:
        data = sys.stdin.buffer.read(options.max_bytes + 1)
    else:
        file = Path(path)
        try:
            if file.is_dir():
                raise DocumentError(f"a folder with no documents ({', '.join(sorted(_suffixes()))})")
            size = file.stat().st_size
            if size > options.max_bytes:
                raise DocumentError(f"larger than --max-bytes ({size:,} > {options.max_bytes:,} bytes)")
            data = file.read_bytes()
        except FileNotFoundError:
            raise DocumentError("no such file") from None
        except PermissionError:
            raise DocumentError("permission denied") from None
        except OSError as exc:
            raise DocumentError(exc.strerror or str(exc)) from None
    if len(data) > options.max_bytes:
        raise DocumentError(f"larger than --max-bytes ({options.max_bytes:,} bytes)")
    if not data.strip():
        raise DocumentError("empty file")
    return data


def _reader_for(path: str, data: bytes):
    from .plugins import readers

    by_suffix = {suffix: reader for reader in readers().values() for suffix in reader.suffixes}
    if path == STDIN:
        head = data[:512].lstrip().lower()
        return by_suffix[".html"] if head.startswith((b"<!doctype html", b"<html")) else by_suffix[".txt"]
    suffix = Path(path).suffix.lower()
    if suffix in by_suffix:
        return by_suffix[suffix]
    if suffix in _UNSUPPORTED:
        raise DocumentError(f"unsupported: {_UNSUPPORTED[suffix]}")
    known = ", ".join(sorted(by_suffix))
    raise DocumentError(f"unsupported file type {suffix or '(no suffix)'!r}; qscore reads {known}")


def one_line(exc: BaseException) -> str:
    """An exception as one line: its type, and the first line of its message."""
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0]}" if text else type(exc).__name__


def read_document(path: str, options: ReadOptions | None = None) -> Document:
    """Read one file (or standard input as `-`) into its text; every failure is a DocumentError."""
    options = options or ReadOptions()
    reader = None
    if path != STDIN and not Path(path).is_dir():
        reader = _reader_for(path, b"")  # by its suffix: an unsupported type is said before the file is read
    data = _bytes_of(path, options)
    reader = reader or _reader_for(path, data)  # standard input: by what it holds
    try:
        extracted = reader.read(data, options.encoding)
    except DocumentError:
        raise
    except Exception as exc:  # a reader plugin's own failure is this document's error, not the run's
        raise DocumentError(f"the {reader.name} reader failed: {one_line(exc)}") from None
    return Document(path=path, text=extracted.text, encoding=extracted.encoding, format=reader.name)
