"""PDF: the text layer of each page (pypdf, loaded here only). A scan has none, and is said to."""
from __future__ import annotations

import io

from ..documents import DocumentError
from .base import Extracted


class PdfReader:
    name = "pdf"
    suffixes = (".pdf",)

    def read(self, data: bytes, encoding: str | None = None) -> Extracted:
        if not data.startswith(b"%PDF"):
            raise DocumentError("not a PDF file")
        import pypdf
        from pypdf.errors import PyPdfError

        try:
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):  # an empty user password only restricts rights
                raise DocumentError("an encrypted PDF: save an unprotected copy")
            pages = [page.extract_text() or "" for page in reader.pages]
        except DocumentError:
            raise
        # pypdf's own errors, and what its parsers raise on bytes they did not expect (an unknown
        # filter name is a NotImplementedError)
        except (PyPdfError, NotImplementedError, ValueError, KeyError, TypeError, OSError) as exc:
            raise DocumentError(f"a damaged or truncated PDF ({type(exc).__name__})") from None
        text = "\n".join(page.strip("\n") for page in pages)
        if not text.strip():
            raise DocumentError("a PDF without a text layer (a scan?): run OCR on it first")
        return Extracted(text, "pdf")
