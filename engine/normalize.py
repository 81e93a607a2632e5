"""Traditional → simplified and full-width → half-width, keeping every offset.

The normalised text has the length of the original, so an offset in one is the same offset in
the other and no map back is needed. OpenCC's t2s conversion keeps one character for one
character almost always; when a phrase conversion changes the length, the text is converted
character by character instead.
"""
from __future__ import annotations

import functools
import re

_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULL_WIDTH[0x3000] = 0x20
# Chinese punctuation that stays Chinese after width folding: these split clauses and sentences.
for _keep in "，。；：！？（）":
    _FULL_WIDTH.pop(ord(_keep), None)
# str.translate walks a Chinese text character by character in Python's slow path; most texts
# hold few full-width characters, so the regex finds their runs and only those are translated.
_FULL_WIDTH_RUN = re.compile("[" + re.escape("".join(map(chr, sorted(_FULL_WIDTH)))) + "]+")


@functools.cache
def _converter():  # loading OpenCC's dictionaries costs ~30 ms: only when a text needs it
    import opencc

    return opencc.OpenCC("t2s")


def _t2s(text: str) -> str:
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    convert = _converter().convert
    out = []
    for char in text:
        simple = convert(char)
        out.append(simple if len(simple) == 1 else char)
    return "".join(out)


def normalize(original: str) -> str:
    """Fold widths and scripts without changing the length of the text: text[i] is the
    normalised original[i], the invariant every offset in qscore relies on."""
    text = _FULL_WIDTH_RUN.sub(lambda run: run.group(0).translate(_FULL_WIDTH), original)
    if not text.isascii():
        text = _t2s(text)
    assert len(text) == len(original)
    return text
