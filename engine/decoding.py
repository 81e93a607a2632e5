"""Bytes to text, strictly: UTF-8, GB18030/GBK, Big5 or UTF-16, detected or stated, never guessed.

A byte order mark decides. Otherwise UTF-8 is tried first (it almost never decodes text in
another encoding), UTF-16 without a BOM is recognised by the NUL bytes of its ASCII characters
(line breaks, digits) and must read as Chinese; then charset-normalizer chooses between GB18030
and Big5 by how the text reads; the choice must decode the whole file without error. A file that no supported
encoding decodes is reported as such, with what to do.
"""
from __future__ import annotations

import codecs

_DETECTABLE = ["gb18030", "big5"]  # UTF-16 without a BOM is recognised by its NUL bytes, not guessed
_NAMES = {"utf_8": "utf-8", "utf_16_le": "utf-16-le", "utf_16_be": "utf-16-be", "big5": "big5", "gb18030": "gb18030"}


class DecodingError(ValueError):
    """Bytes that are not text in a supported encoding (the message is the one-line reason)."""


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return None if "\x00" in text else text


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding name). `encoding` forces one; a BOM decides; then UTF-8; then detection."""
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise DecodingError(f"unknown encoding {encoding!r}") from None
        text = _strict(data, encoding)
        if text is None:
            raise DecodingError(f"does not decode as {encoding}")
        return text, encoding
    if data.startswith(codecs.BOM_UTF8):
        text = _strict(data, "utf-8-sig")
        if text is not None:
            return text, "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(data, "utf-16")
        if text is not None:
            return text, "utf-16"
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    if b"\x00" in data:  # UTF-16 without a BOM, or binary
        for name in ("utf-16-le", "utf-16-be"):
            text = _strict(data, name) if len(data) % 2 == 0 else None
            if text is not None and _readable(text):
                return text, name
        raise DecodingError("binary file, not text")
    import charset_normalizer  # only for files that are not UTF-8

    best = charset_normalizer.from_bytes(data, cp_isolation=_DETECTABLE).best()
    if best is not None:
        name = _NAMES.get(best.encoding, best.encoding)
        text = _strict(data, name)
        if text is not None:
            return text, name
    raise DecodingError("not text in UTF-8, GB18030/GBK, Big5 or UTF-16; convert it to UTF-8, "
                        "or name its encoding with --encoding")


def _readable(text: str) -> bool:
    """Mostly Chinese, ASCII or common punctuation: what a wrong UTF-16 byte order never gives."""
    sample = text[:2000]
    good = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff" or " " <= ch <= "~" or ch in "\n\r\t"
               or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or "\u2010" <= ch <= "\u201f")
    return bool(sample) and good / len(sample) >= 0.9
