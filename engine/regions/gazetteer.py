"""Gazetteer of China's administrative divisions: lookup, hierarchy and text scanning.

Data
----
``data/divisions.tsv.gz`` (inside this package) holds some 43,000 divisions: 34
province-level units, the prefecture-level cities, prefectures and leagues, the counties,
county-level cities, banners and districts, and the towns, townships and sub-districts
(镇, 乡, 民族乡, 街道, 苏木).  It is derived from the data of the PyPI package ``jionlp``
(Apache-2.0, ``jionlp/dictionary/china_location.zip``) by ``scripts/build_gazetteer.py``;
the file's first line names the jionlp version.  One division a line::

    code<TAB>name<TAB>level<TAB>parent_code<TAB>alias|alias|...

Codes are the NBS/GB-T 2260 six-digit codes down to county level.  jionlp carries no
codes for towns, nor distinct ones for the districts of Hong Kong and Macau, so theirs
are synthetic (``<parent code>-<ordinal>``, e.g. ``510681-008``), never NBS 9-digit
codes, and stable only for one build of the file.

Why prebuilt
------------
jionlp is a large NLP toolkit with heavy dependencies; qscore needs only its place
names.  Shipping a ~0.4 MB derived file keeps qscore's dependencies small, makes the
data reviewable in version control, and lets it load in tens of milliseconds.  The file
also already applies the clean-up a caller would otherwise repeat: NBS pseudo levels
(市辖区, 省直辖县级行政区划, ...) are removed so every division hangs under its real
parent (石柱土家族自治县 under 重庆市, 仙桃市 under 湖北省), development zones and
farms are dropped, and short aliases are derived (石柱县, 石柱; 广西; 钦州).

Scanning
--------
:meth:`Gazetteer.scan` runs one character-wise double-array Aho-Corasick automaton
(``daachorse``) over every distinct name and alias, leftmost-longest.  Building it over
the ~46,000 surfaces costs some 45-75 ms against ~1 ms to deserialize, so it travels
serialized inside the whole index that :func:`load_gazetteer` caches (cache.py), keyed by a
hash of the data file and the installed daachorse build.
"""

from __future__ import annotations

import functools
import gc
import gzip
import hashlib
import marshal
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import daachorse

from ..cache import cached, file_stamp

__all__ = ["Division", "PlaceHit", "Gazetteer", "load_gazetteer", "LEVEL_RANK", "rank"]

#: Levels, top first; ``county`` and ``district`` are both county-level.
LEVEL_RANK = {"province": 0, "city": 1, "county": 2, "district": 2, "town": 3}

_DATA_NAME = "divisions.tsv.gz"


@dataclass(frozen=True, slots=True)
class Division:
    """One administrative division."""

    code: str
    name: str  #: full official simplified name, e.g. 石柱土家族自治县
    level: str  #: a key of :data:`LEVEL_RANK`
    parent: str | None  #: code of the parent division, ``None`` for provinces
    aliases: tuple[str, ...]  #: short forms, e.g. ("石柱", "石柱县")


def rank(division: Division) -> int:
    """0 for a province down to 3 for a town (9 for a level the gazetteer does not know)."""
    return LEVEL_RANK.get(division.level, 9)


@dataclass(frozen=True, slots=True)
class PlaceHit:
    """One occurrence of a place name or alias in a text (``text[start:end] == surface``)."""

    start: int
    end: int
    surface: str
    #: every division that has ``surface`` as name or alias: full-name owners first,
    #: then by level (province first), then by code
    candidates: tuple[Division, ...]
    #: True when ``surface`` is the full name of at least one candidate (not only an alias)
    full: bool


# A record as stored: "name\tlevel\tparent code or ''\taliases joined by |". One string, not a
# tuple of four: the cache then holds 43,000 objects fewer and reads some 7 ms faster per run.
_Row = str


class Gazetteer:
    """Divisions indexed by code, name and alias, with a scanner for running text.

    Loading is kept cheap: the index holds plain codes and the :class:`Division`
    objects are made on first access (and then kept), since a typical run touches only
    a few hundred of the 43,000 records.
    """

    def __init__(self, divisions: Iterable[Division]) -> None:
        """Index ``divisions``."""
        made: dict[str, Division] = {}

        def records() -> Iterable[tuple[str, str, str, str, str]]:
            for d in divisions:
                made[d.code] = d
                yield d.code, d.name, d.level, d.parent or "", "|".join(d.aliases)

        self._setup(records())
        self._made.update(made)

    @classmethod
    def _from_tsv(cls, text: str) -> Gazetteer:
        self = cls.__new__(cls)
        self._setup(line.split("\t") for line in text.split("\n") if line and line[0] != "#")
        return self

    def _setup(self, records: Iterable[Iterable[str]]) -> None:
        rows: dict[str, _Row] = {}
        # surface -> code, or codes joined by "|" when there are several (lists while building)
        by_surface: dict[str, str | list[str]] = {}
        get = by_surface.get
        for code, name, level, parent, aliases in records:  # type: ignore[misc]
            if code in rows:
                raise ValueError(f"duplicate division code {code!r}")
            rows[code] = f"{name}\t{level}\t{parent}\t{aliases}"
            for surface in (name, *(a for a in aliases.split("|") if a and a != name)) if aliases else (name,):
                v = get(surface)
                if v is None:
                    by_surface[surface] = code
                elif v.__class__ is str:
                    by_surface[surface] = [v, code]  # type: ignore[list-item]
                else:
                    v.append(code)  # type: ignore[union-attr]
        for code, row in rows.items():
            parent = row.split("\t")[2]
            if parent and parent not in rows:
                raise ValueError(f"division {code} has unknown parent {parent!r}")
        for surface, v in by_surface.items():
            if v.__class__ is list:
                by_surface[surface] = "|".join(v)  # type: ignore[arg-type]
        self._rows = rows
        self._by_surface: dict[str, str] = by_surface  # type: ignore[assignment]
        self._made: dict[str, Division] = {}
        self._candidates: dict[str, tuple[Division, ...]] = {}
        # Pattern ids index this list, in the dict's order (which marshal keeps).
        self._surfaces: list[str] = list(by_surface)
        self._automaton = daachorse.CharwiseDoubleArrayAhoCorasick(
            self._surfaces, match_kind=daachorse.MATCH_KIND_LEFTMOST_LONGEST
        )

    def __getstate__(self) -> tuple[bytes, bytes]:
        """For the on-disk cache: marshal reads plain dicts and tuples about twice as fast as pickle."""
        return marshal.dumps((self._rows, self._by_surface)), self._automaton.serialize()

    def __setstate__(self, state: tuple[bytes, bytes]) -> None:
        self._rows, self._by_surface = marshal.loads(state[0])
        self._surfaces = list(self._by_surface)
        self._made, self._candidates = {}, {}
        self._automaton = daachorse.CharwiseDoubleArrayAhoCorasick.deserialize(state[1])

    # -- records

    def _division(self, code: str) -> Division:
        d = self._made.get(code)
        if d is None:
            name, level, parent, aliases = self._rows[code].split("\t")
            d = Division(
                code, name, level, parent or None, tuple(aliases.split("|")) if aliases else ()
            )
            self._made[code] = d
        return d

    def _candidates_of(self, surface: str) -> tuple[Division, ...]:
        c = self._candidates.get(surface)
        if c is None:
            v = self._by_surface.get(surface)
            if v is None:
                return ()
            if "|" not in v:
                c = (self._division(v),)
            else:
                c = tuple(
                    sorted(
                        (self._division(code) for code in v.split("|")),
                        key=lambda d: (d.name != surface, rank(d), d.code),
                    )
                )
            self._candidates[surface] = c
        return c

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[Division]:
        """All divisions, in data order."""
        return (self._division(code) for code in self._rows)

    def get(self, code: str) -> Division:
        """The division with this code; :class:`KeyError` if there is none."""
        if code not in self._rows:
            raise KeyError(code)
        return self._division(code)

    def lookup(self, name: str) -> list[Division]:
        """All divisions whose full name or alias is exactly ``name`` (may be empty).

        Order: divisions whose full name it is first, then by level (province first),
        then by code.
        """
        return list(self._candidates_of(name))

    def parents(self, division: Division) -> list[Division]:
        """Ancestors of ``division``, top (province) first, excluding itself."""
        chain: list[Division] = []
        code = division.parent
        while code:
            d = self._division(code)
            chain.append(d)
            code = d.parent
        chain.reverse()
        return chain

    def province(self, division: Division) -> Division:
        """The province ``division`` lies in (itself, for a province)."""
        parents = self.parents(division)
        return parents[0] if parents else division

    def is_within(self, division: Division, ancestor: Division) -> bool:
        """True if ``division`` is ``ancestor`` itself or lies anywhere under it."""
        target = ancestor.code
        if division.code == target:
            return True
        code = division.parent
        while code:
            if code == target:
                return True
            code = self._rows[code].split("\t")[2]
        return False

    def scan(self, text: str) -> list[PlaceHit]:
        """Every occurrence of a name or alias in ``text``, non-overlapping, leftmost-longest.

        Offsets are ``str`` indices (``text[hit.start:hit.end] == hit.surface``).  No
        context guard is applied (an alias inside a longer word is still reported):
        that is the caller's business.
        """
        surfaces = self._surfaces
        hits: list[PlaceHit] = []
        for start, end, pid in self._automaton.find(text):
            s = surfaces[pid]
            cands = self._candidates_of(s)
            # full-name owners sort first
            hits.append(PlaceHit(start, end, s, cands, cands[0].name == s))
        return hits


# --------------------------------------------------------------------------- automaton


def _daachorse_id() -> str:
    """Identifies the installed daachorse build (its serialization format may change).

    The compiled module's size and mtime stand in for the version: asking
    importlib.metadata costs some 20 ms, more than reading the cache saves.
    """
    module = getattr(daachorse, "daachorse", None)
    try:
        st = os.stat(module.__file__)  # type: ignore[union-attr, arg-type]
    except (AttributeError, TypeError, OSError):
        return "unknown"
    return f"{st.st_size}-{st.st_mtime_ns}"


# --------------------------------------------------------------------------- loading


def _read_data() -> bytes:
    """The packaged data file, via importlib.resources, else next to this module."""
    if __package__:
        try:
            return (resources.files(__package__) / "data" / _DATA_NAME).read_bytes()
        except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError, TypeError):
            pass
    return (Path(__file__).resolve().parent / "data" / _DATA_NAME).read_bytes()


@functools.cache
def load_gazetteer() -> Gazetteer:
    """The gazetteer built from the packaged data file (loaded once, then shared)."""
    data = _read_data()
    key = hashlib.sha256(data).hexdigest()
    # Some 100,000 small objects are made at once and all live on: generational GC
    # passes over them would only cost time, so GC is paused meanwhile. The whole index is
    # cached pickled (35 ms to read against 75 ms to parse and index the file).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return cached("gazetteer-index", [key, file_stamp(__file__), _daachorse_id()],
                      lambda: Gazetteer._from_tsv(gzip.decompress(data).decode("utf-8")))
    finally:
        if gc_was_enabled:
            gc.enable()
