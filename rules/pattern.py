"""`pattern`: regular expressions (Python `re`), run once over the whole normalised document."""
from __future__ import annotations

import re
import re._parser as sre_parse  # the standard library's own parser: the structure, not the text

from pydantic import Field, field_validator

from qscore import Occurrence, Rule, RuleConfig, RuleContext, hookimpl

# \b next to a Han character never does what the author meant: Han characters are \w in Python.
_HAN_WORD_BOUNDARY = re.compile(r"\\b(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])\\b")


_REPEATS = (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, getattr(sre_parse, "POSSESSIVE_REPEAT", None))
_LONG = 10  # an outer repeat that may run this often over a variable-length body backtracks badly


def _nested_repeat(items: sre_parse.SubPattern | list, inside_long_repeat: bool = False) -> bool:
    """Does a repeat that can run long contain a variable-length repeat ((a+)+, (\\d{1,3},?)*)?
    Such patterns backtrack exponentially on text that almost matches, and one would hang a run."""
    for op, value in items:
        if op in _REPEATS:
            low, high, body = value
            if inside_long_repeat and low != high:
                return True
            if _nested_repeat(body, inside_long_repeat or high == sre_parse.MAXREPEAT or high >= _LONG):
                return True
        elif op is sre_parse.SUBPATTERN and _nested_repeat(value[-1], inside_long_repeat):
            return True
        elif op is sre_parse.BRANCH and any(_nested_repeat(branch, inside_long_repeat) for branch in value[1]):
            return True
        elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT) and _nested_repeat(value[1], inside_long_repeat):
            return True
    return False


class PatternConfig(RuleConfig):
    regex: list[str] = Field(min_length=1, description="regular expressions; each match is a hit")

    @field_validator("regex")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            if _HAN_WORD_BOUNDARY.search(pattern):
                raise ValueError(f"{pattern!r}: \\b next to a Chinese character never matches as meant "
                                 "(Han characters are word characters); remove it")
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"{pattern!r} does not compile: {exc}") from None
            if _nested_repeat(sre_parse.parse(pattern)):
                raise ValueError(f"{pattern!r} nests a repeat inside a repeat and can backtrack for minutes on "
                                 "text that almost matches; bound the inner or the outer repeat")
        return patterns


class Pattern(Rule):
    """Each match of each expression is evidence; the match is what the scorecard shows as matched."""

    name = "pattern"
    Config = PatternConfig
    config: PatternConfig

    def __init__(self, config: PatternConfig) -> None:
        super().__init__(config)
        self._compiled = [re.compile(p) for p in config.regex]

    def find(self, ctx: RuleContext) -> None:
        for compiled in self._compiled:
            for match in compiled.finditer(ctx.text):
                if match.end() == match.start():
                    continue
                hit = Occurrence(match.start(), match.end(), match.group(0))
                if not self.cancelled(ctx, hit):
                    ctx.report(match.start(), match.end(), [match.group(0)])


@hookimpl
def register_rule_types(register) -> None:
    register(Pattern)
