"""Word documents (.docx): paragraphs and table rows, in document order (python-docx, loaded here only)."""
from __future__ import annotations

import io
import zipfile

from ..documents import DocumentError
from .base import Extracted


class DocxReader:
    name = "docx"
    suffixes = (".docx",)

    def read(self, data: bytes, encoding: str | None = None) -> Extracted:
        if data[:4] != b"PK\x03\x04":
            if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
                raise DocumentError("an encrypted or old-format Word file: save it as an unprotected .docx")
            raise DocumentError("not a .docx file (not a zip container)")
        import docx
        from docx.oxml.ns import qn

        try:
            document = docx.Document(io.BytesIO(data))
        except (zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise DocumentError(f"a damaged or truncated .docx ({type(exc).__name__})") from None
        except Exception as exc:  # python-docx raises its own PackageNotFoundError and lxml errors
            raise DocumentError(f"a .docx that cannot be opened ({type(exc).__name__})") from None
        lines: list[str] = []
        for block in document.element.body.iterchildren():
            if block.tag == qn("w:p"):
                lines.append("".join(node.text or "" for node in block.iter(qn("w:t"))))
            elif block.tag == qn("w:tbl"):
                for row in block.iter(qn("w:tr")):
                    cells = ["".join(node.text or "" for node in cell.iter(qn("w:t"))) for cell in row.iter(qn("w:tc"))]
                    lines.append("\t".join(cells))
        text = "\n".join(lines)
        if not text.strip():
            raise DocumentError("a .docx with no text")
        return Extracted(text, "docx")
