"""Plain text and Markdown: the decoded file is the text."""
from __future__ import annotations

from .base import Extracted, decoded


class TextReader:
    name = "text"
    suffixes = (".txt", ".md", ".markdown", ".text")

    def read(self, data: bytes, encoding: str | None = None) -> Extracted:
        text, used = decoded(data, encoding)
        return Extracted(text, used)
