"""`heading`: terms that count only when they stand in a heading line (强化组织领导。 / 一、…).

Plans put the measure's name in a short heading and its detail below; a rulebook may want the
heading alone to count, which the built-in rule types cannot say.
"""
from __future__ import annotations

import re

from pydantic import Field

from qscore import Rule, RuleConfig, RuleContext, hookimpl

_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、])")


class HeadingConfig(RuleConfig):
    terms: list[str] = Field(min_length=1, description="terms to find in headings")
    max_length: int = Field(30, ge=4, description="the longest line that counts as a heading")


class Heading(Rule):
    name = "heading"
    Config = HeadingConfig
    config: HeadingConfig

    @property
    def literals(self) -> set[str]:
        return super().literals | set(self.config.terms)

    def find(self, ctx: RuleContext) -> None:
        for hit in ctx.occurrences(self.config.terms):
            if self.cancelled(ctx, hit):  # the exclude and unless every rule's config accepts
                continue
            line_start = ctx.text.rfind("\n", 0, hit.start) + 1
            line_end = ctx.text.find("\n", hit.end)
            line = ctx.text[line_start:line_end if line_end >= 0 else len(ctx.text)]
            if len(line.strip()) <= self.config.max_length and (_NUMBERING.match(line) or not re.search("[，,。]", line[:-1])):
                ctx.report(hit.start, hit.end, [hit.term])


@hookimpl
def register_rule_types(register) -> None:
    register(Heading)
