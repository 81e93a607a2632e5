"""`figure`: a number with its unit near an indicator term, optionally compared with a target."""
from __future__ import annotations

import operator
import re

from pydantic import Field, field_validator

from qscore import Rule, RuleConfig, RuleContext, hookimpl

_COMPARE = re.compile(r"^\s*(>=|<=|>|<|==)\s*(\d+(?:\.\d+)?)\s*(\S*)\s*$")
_OPERATORS = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt, "==": operator.eq}


class FigureConfig(RuleConfig):
    indicators: list[str] = Field(min_length=1, description="terms the figure must follow (抽检合格率)")
    units: list[str] = Field([], description="accepted units after normalisation (%, 个, 元); empty: any")
    within: int = Field(20, ge=1, description="maximum characters between the indicator and the figure")
    compare: str | None = Field(None, description="a target such as '>= 94%'; the scorecard shows "
                                                  "whether each figure meets it")

    @field_validator("compare")
    @classmethod
    def _parses(cls, value: str | None) -> str | None:
        if value is not None and not _COMPARE.match(value):
            raise ValueError(f"{value!r} is not a comparison such as '>= 94%'")
        return value


class FigureRule(Rule):
    """Evidence where an indicator is followed, within `within` characters, by a figure."""

    name = "figure"
    Config = FigureConfig
    config: FigureConfig

    def __init__(self, config: FigureConfig) -> None:
        super().__init__(config)
        self._target = None
        if config.compare:
            op, value, unit = _COMPARE.match(config.compare).groups()
            self._target = (_OPERATORS[op], float(value), unit)

    @property
    def literals(self) -> set[str]:
        return super().literals | set(self.config.indicators)

    def find(self, ctx: RuleContext) -> None:
        for hit in ctx.occurrences(self.config.indicators):
            if self.cancelled(ctx, hit):
                continue
            sentence = ctx.unit_at(hit.start, "sentence")
            for found in ctx.figures_in(hit.end, min(sentence.end, hit.end + self.config.within)):
                figure = found.figure
                if self.config.units and figure.unit not in self.config.units:
                    continue
                if self._target is not None:
                    compare, value, unit = self._target
                    if not unit or unit == figure.unit:
                        figure = figure.model_copy(update={
                            "target": self.config.compare,
                            "meets_target": figure.value is not None and compare(figure.value, value),
                        })
                ctx.report(hit.start, found.end, [hit.term], [figure])
                break


@hookimpl
def register_rule_types(register) -> None:
    register(FigureRule)
