"""`pattern`: regular expressions (Python `re`), run once over the whole normalised document."""
from __future__ import annotations

import re

from pydantic import Field, field_validator

from qscore import Occurrence, Rule, RuleConfig, RuleContext, hookimpl

# \b next to a Han character never does what the author meant: Han characters are \w in Python.
_HAN_WORD_BOUNDARY = re.compile(r"\\b(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])\\b")


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
