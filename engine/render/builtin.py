"""The built-in output formats, registered like any plugin's."""
from __future__ import annotations

from ..hookspecs import hookimpl
from .csv_format import CsvRenderer
from .html import HtmlRenderer
from .json_format import JsonRenderer
from .markdown import MarkdownRenderer
from .table import TableRenderer
from .xlsx import XlsxRenderer


@hookimpl
def register_renderers(register) -> None:
    for renderer in (TableRenderer(), JsonRenderer(), CsvRenderer(), MarkdownRenderer(), XlsxRenderer(),
                     HtmlRenderer()):
        register(renderer)
