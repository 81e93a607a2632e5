"""What every rule type shares: the base of its config model and the base of its class.

A rule type (Vale's pattern) is a class with a `name`, a pydantic `Config` that rejects unknown
keys, a constructor taking that config, the `literals` it needs from the shared automaton, and
one `find(ctx)` method that reports evidence through the context (textlint's pattern).
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from .context import RuleContext
    from .matching import Occurrence


class RuleConfig(BaseModel):
    """Keys that every rule accepts, whatever its type."""

    model_config = ConfigDict(extra="forbid")

    scope: Literal["sentence", "clause"] = Field(
        "sentence", description="where the rule's terms must meet: the whole sentence or one clause")
    anchor: Literal["none", "sentence", "passage"] = Field(
        "none", description="require a quality-work anchor term (rulebook `relevance.anchors`) in the same "
                            "sentence or passage: for generic words such as 培训 or 旅游")
    exclude: list[str] = Field(
        [], description="longer terms that cancel a hit they overlap (扶贫领导小组 cancels 领导小组)")
    unless: list[str] = Field(
        [], description="terms that cancel every hit in the same scope (sentence or clause)")
    note: str | None = Field(None, description="a comment for rule authors; ignored by the engine")


class Rule(ABC):
    """The base of every rule type; subclasses set `name` and `Config` and implement `find`."""

    name: ClassVar[str]
    Config: ClassVar[type[RuleConfig]]

    def __init__(self, config: RuleConfig) -> None:
        self.config = config

    @property
    def literals(self) -> set[str]:
        """The terms this rule needs from the shared automaton (exclusions included)."""
        return set(self.config.exclude) | set(self.config.unless)

    @property
    def evidence_terms(self) -> set[str]:
        """The terms whose hits are evidence (not the exclusions or companions): rulebook checks use
        them to find a term given to two criteria. Subclasses narrow it where they can."""
        return self.literals - set(self.config.exclude) - set(self.config.unless)

    def lint(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Warnings for `qscore rules validate` about a config that works but not as well as it
        could: (the path of the key within the rule's config, the message)."""
        return []

    @abstractmethod
    def find(self, ctx: "RuleContext") -> None:
        """Report every piece of evidence in the document through `ctx.report`."""

    def cancelled(self, ctx: "RuleContext", hit: "Occurrence") -> bool:
        """True when an exclusion overlaps the hit or an `unless` term shares its scope."""
        if self.config.exclude:
            sentence = ctx.unit_at(hit.start, "sentence")
            for other in ctx.occurrences_in(sentence.start, sentence.end, self.config.exclude):
                if other.start < hit.end and hit.start < other.end:
                    return True
        if self.config.unless:
            unit = ctx.unit_at(hit.start, self.config.scope)
            if ctx.occurrences_in(unit.start, unit.end, self.config.unless):
                return True
        return False
