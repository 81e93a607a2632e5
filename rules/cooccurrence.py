"""`cooccurrence`: one term of each group, meeting within a sentence, a clause or N characters."""
from __future__ import annotations

from pydantic import Field, field_validator

from qscore import Rule, RuleConfig, RuleContext, hookimpl


class CooccurrenceConfig(RuleConfig):
    terms: list[list[str]] = Field(description="groups of terms; one term of every group must occur")
    within: int | None = Field(None, ge=1, description="maximum distance in characters between the first "
                                                       "group's hit and the others; default: the same scope")

    @field_validator("terms")
    @classmethod
    def _two_groups(cls, groups: list[list[str]]) -> list[list[str]]:
        if len(groups) < 2 or any(not group for group in groups):
            raise ValueError("needs at least two non-empty groups of terms")
        return groups


class Cooccurrence(Rule):
    """Evidence where a term of the first group meets a term of every other group."""

    name = "cooccurrence"
    Config = CooccurrenceConfig
    config: CooccurrenceConfig

    @property
    def evidence_terms(self) -> set[str]:
        return set(self.config.terms[0])

    @property
    def literals(self) -> set[str]:
        return super().literals | {term for group in self.config.terms for term in group}

    def find(self, ctx: RuleContext) -> None:
        first, *others = self.config.terms
        within = self.config.within
        # every term must stand in the first term's sentence: only sentences holding all groups
        hits = (hit for sentence in ctx.sentences_holding_each(self.config.terms)
                for hit in ctx.occurrences_in(sentence.start, sentence.end, first))
        for hit in hits:
            if self.cancelled(ctx, hit):
                continue
            unit = ctx.unit_at(hit.start, self.config.scope)
            lo, hi = (max(unit.start, hit.start - within), min(unit.end, hit.end + within)) if within else (unit.start, unit.end)
            matched = [hit.term]
            for group in others:
                partners = [o for o in ctx.occurrences_in(lo, hi, group) if not self.cancelled(ctx, o)]
                if not partners:
                    break
                matched.append(min(partners, key=lambda o: abs(o.start - hit.start)).term)
            else:
                # The first group's term is the evidence; its partners only qualify it, so the
                # status is read where the first term stands.
                ctx.report(hit.start, hit.end, matched)


@hookimpl
def register_rule_types(register) -> None:
    register(Cooccurrence)
