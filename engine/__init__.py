"""qscore: score regional quality-work documents against a YAML rulebook, region by region.

The public API for users and plugin authors lives here.
"""
from __future__ import annotations

from .context import RuleContext
from .hookspecs import hookimpl
from .matching import Occurrence
from .rulebase import Rule, RuleConfig

__all__ = ["Occurrence", "Rule", "RuleConfig", "RuleContext", "hookimpl"]
