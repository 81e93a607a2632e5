"""`keywords`: any of some terms, optionally with all of others in the same sentence or clause."""
from __future__ import annotations

from pydantic import Field

from qscore import Rule, RuleConfig, RuleContext, hookimpl


class KeywordsConfig(RuleConfig):
    any: list[str] = Field(min_length=1, description="terms of which one must occur; each occurrence is a hit")
    all: list[str] = Field([], description="terms that must all occur in the hit's scope as well")


class Keywords(Rule):
    """Each occurrence of an `any` term whose scope also holds every `all` term is evidence."""

    name = "keywords"
    Config = KeywordsConfig
    config: KeywordsConfig

    @property
    def evidence_terms(self) -> set[str]:
        return set(self.config.any)

    @property
    def literals(self) -> set[str]:
        return super().literals | set(self.config.any) | set(self.config.all)

    def find(self, ctx: RuleContext) -> None:
        any_, all_ = self.config.any, self.config.all
        # with companions, only the sentences that hold them all can hold a hit
        hits = ctx.occurrences(any_) if not all_ else (
            hit for sentence in ctx.sentences_holding_each([any_, *([term] for term in all_)])
            for hit in ctx.occurrences_in(sentence.start, sentence.end, any_))
        for hit in hits:
            if self.cancelled(ctx, hit):
                continue
            unit = ctx.unit_at(hit.start, self.config.scope)
            if all(ctx.occurrences_in(unit.start, unit.end, [term]) for term in self.config.all):
                ctx.report(hit.start, hit.end, [hit.term, *self.config.all])


@hookimpl
def register_rule_types(register) -> None:
    register(Keywords)
