"""The built-in readers, registered like any plugin's."""
from __future__ import annotations

from ..hookspecs import hookimpl
from .docx import DocxReader
from .html import HtmlReader
from .pdf import PdfReader
from .text import TextReader


@hookimpl
def register_readers(register) -> None:
    for reader in (TextReader(), HtmlReader(), DocxReader(), PdfReader()):
        register(reader)
