"""Warnings for a rulebook that loads but will not do what its author meant (`qscore rules validate`).

- a term or pattern that can never match: texts are normalised to simplified, half-width
  characters before matching, so 質量 or ＱＣ小组 never occur in them;
- the same evidence term given to two criteria (each hit then counts twice), unless the rulebook
  lists it in `shared_terms` (督查激励 is evidence of both assessment and ranking);
- a criterion with no rule (it can never have evidence), or a rule asking for an anchor in a
  rulebook that has none;
- what a rule type's own `lint` finds (a pattern with no literal to run from runs everywhere);
- weights that do not add up to 100 (scores are then out of another maximum).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .normalize import normalize
from .rulebook import Rulebook


_CHARACTER_CLASS = re.compile(r"\[(?:\\.|[^\]\\])*\]")


def _strings(value: Any, loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, loc + (index,))
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("type", "note"):
                yield from _strings(item, loc + (key,))


def lint(rulebook: Rulebook) -> list[str]:
    """`FILE:LINE: warning: message` lines, in file order."""
    source = rulebook.source
    if source is None:
        return []
    warnings: list[tuple[int, str]] = []

    def warn(loc: tuple[Any, ...], message: str) -> None:
        warnings.append((source.line_of(loc) or 0, message))

    first_owner: dict[str, str] = {}
    no_anchors = not (rulebook.spec.relevance.anchors or rulebook.spec.relevance.core)
    shared = set(rulebook.spec.shared_terms)
    for check in rulebook.checks():
        if not check.rules:
            warn(check.loc + ("id",), f"criterion {check.id!r} has no rule: it can never have evidence")
        for index, rule in enumerate(check.rules):
            loc = check.loc + ("rules", index)
            if getattr(rule.config, "anchor", "none") != "none" and no_anchors:
                warn(loc + ("anchor",), "anchor is set but the rulebook has no relevance anchors: the rule never counts")
            for where, text in _strings(source.line_data(loc), loc):
                bare = _CHARACTER_CLASS.sub("", text)  # [~～] may list both forms: harmless
                simple = normalize(bare)
                if simple != bare:
                    warn(where, f"{text!r} can never match: texts are normalised to simplified, half-width "
                                f"characters (write {simple!r})")
            for path, message in getattr(rule, "lint", list)():  # a plugin's rule need not subclass Rule
                warn(loc + path, message)
            for term in sorted(rule.evidence_terms - shared):
                owner = first_owner.setdefault(term, check.id)
                if owner != check.id:
                    warn(loc, f"the term {term!r} is evidence of both {owner!r} and {check.id!r}")
    total = sum(c.weight for c in rulebook.criteria)
    if abs(total - 100) > 1e-6:
        warn(("dimensions",), f"criterion weights add up to {total:g}, not 100: scores will be out of {total:g}")
    return [f"{source.path}:{line}: warning: {message}" for line, message in sorted(warnings, key=lambda w: w[0])]
