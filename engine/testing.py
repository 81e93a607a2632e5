"""Testing rule types on sentences: what plugin authors (and qscore's own tests) need.

    from qscore.testing import run_rule
    findings = run_rule(MyRule, "全县成立质量强县工作领导小组。", terms=["领导小组"])

The text is normalised and split as the engine does and the rule's literals are matched with
the engine's automaton, so a rule behaves here as in `qscore evaluate` (without regions,
status or relevance, which the engine adds after the rules).
"""
from __future__ import annotations

from typing import Any

from .context import DocumentView, Finding, RuleContext
from .matching import TermAutomaton
from .normalize import normalize
from .rulebase import Rule
from .segment import split


def run_rule(rule: Rule | type[Rule], text: str, criterion: str = "test.criterion", **config: Any) -> list[Finding]:
    """The findings of one rule on one text: a Rule instance, or a rule type and its config keys."""
    if isinstance(rule, type):
        rule = rule(rule.Config(**config))
    normalized = normalize(text)
    view = DocumentView(normalized, split(normalized), TermAutomaton(rule.literals).scan(normalized))
    findings: list[Finding] = []
    rule.find(RuleContext(view, criterion, rule, findings))
    return findings
