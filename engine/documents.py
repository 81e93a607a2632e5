"""Reading documents: which files a path stands for, and decoding them without guessing.

A file is decoded as UTF-8 (with or without BOM), UTF-16 (with BOM) or GB18030 (a superset of
GBK and GB2312), strictly: a file that decodes under none of them is reported, not guessed at.
"""
from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = (".txt", ".md")


class DocumentError(Exception):
    """A document that cannot be read; the message is the one-line reason."""


@dataclass(frozen=True)
class Document:
    path: str
    text: str
    encoding: str


def expand_paths(paths: list[str]) -> list[str]:
    """Files as given, folders walked (sorted, hidden entries skipped) for supported suffixes."""
    out: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                out.extend(str(Path(root) / name) for name in sorted(files)
                           if not name.startswith(".") and name.lower().endswith(SUFFIXES))
        else:
            out.append(raw)
    return out


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes strictly; returns (text, encoding name)."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            continue
        return text, encoding
    raise DocumentError("not text in UTF-8, UTF-16 or GB18030 (GBK); convert it to UTF-8")


def read_document(path: str) -> Document:
    """Read and decode one file; every failure is a DocumentError with a one-line reason."""
    file = Path(path)
    if file.suffix.lower() not in SUFFIXES:
        raise DocumentError(f"unsupported file type {file.suffix or '(none)'!r}; qscore reads {', '.join(SUFFIXES)}")
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise DocumentError("no such file") from None
    except IsADirectoryError:
        raise DocumentError("is a directory") from None
    except PermissionError:
        raise DocumentError("permission denied") from None
    except OSError as exc:
        raise DocumentError(exc.strerror or str(exc)) from None
    if not data.strip():
        raise DocumentError("empty file")
    text, encoding = decode(data)
    return Document(path=path, text=text, encoding=encoding)
