"""qscore: score regional quality-work documents against a YAML rulebook, region by region.

The public API for users and plugin authors lives here.
"""
from __future__ import annotations

from .context import Finding, RuleContext
from .figures import FoundFigure
from .hookspecs import hookimpl
from .matching import Occurrence
from .models import Evidence, Figure
from .rulebase import Rule, RuleConfig

__all__ = ["Evidence", "Figure", "Finding", "FoundFigure", "Occurrence", "Rule", "RuleConfig", "RuleContext", "hookimpl"]
