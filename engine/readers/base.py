"""What a reader returns, and the errors every reader shares."""
from __future__ import annotations

from dataclasses import dataclass

from ..decoding import DecodingError, decode
from ..documents import DocumentError


@dataclass(frozen=True)
class Extracted:
    text: str
    encoding: str  # the text's encoding, or the container format ("docx", "pdf")


def decoded(data: bytes, encoding: str | None) -> tuple[str, str]:
    """Decode bytes for a text-based reader; a failure is the document's one-line error."""
    try:
        return decode(data, encoding)
    except DecodingError as exc:
        raise DocumentError(str(exc)) from None
