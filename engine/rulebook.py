"""Rulebooks: YAML files of dimensions, criteria and rules, validated with pydantic.

Every mistake an author can make is reported as one `FILE:LINE: message` (a SourceError).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .cache import cached, file_stamp
from .matching import TermAutomaton
from .plugins import rule_types
from .rulebase import Rule
from .yamlsource import LocatedYaml, SourceError, load_located_yaml

DEFAULT_RULEBOOK = "quality-cn"
VETO = "veto"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Grade(_Strict):
    """A grade and the lowest share of the maximum score that reaches it."""

    grade: str = Field(description="the grade's name (A, B, 优秀…)")
    min: float = Field(ge=0, le=100, description="lowest percentage of the maximum that reaches this grade")


class StatusWeights(_Strict):
    """The share of a criterion's weight that its best evidence earns, by status."""

    implemented: float = Field(1.0, ge=0, le=1, description="done or standing practice")
    planned: float = Field(0.5, ge=0, le=1, description="a goal, task, intention or requirement")
    negated: float = Field(0.0, ge=0, le=1, description="only a shortcoming (the criterion is listed as one)")


class VetoSpec(_Strict):
    """Evidence that caps a region's grade, whatever its score (《质量工作考核办法》: a regional or
    systemic quality-safety incident gives grade D)."""

    grade: str = Field(description="the grade a region gets when the veto's evidence is found (a fact, not a plan)")
    description: str = Field(description="what the veto item is")
    source: str = Field("", description="the policy document it comes from")
    rules: list[dict[str, Any]] = Field(min_length=1, description="rules, as a criterion's, that find the veto's evidence")


class Relevance(_Strict):
    """When a document, and a passage, is about quality work at all."""

    anchors: list[str] = Field([], description="terms that mark a passage as being about quality work")
    document_min: int = Field(0, ge=0, description="anchor occurrences a document needs to be about quality work")
    core: list[str] = Field([], description="the anchors that name quality work itself (质量强市, 质量工作): a short "
                                            "document dense in anchors is about quality work when it has one")
    density_min: float = Field(0.0, ge=0, description="anchors per 1,000 characters that, with a core anchor and two "
                                                      "distinct anchors, make a short document about quality work")
    exclude: list[str] = Field([], description="longer terms that cancel an anchor they overlap (教育质量 in 教育质量工作)")


class CriterionSpec(_Strict):
    """One criterion: what it is, what it weighs, where it comes from, and the rules that find it."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$", description="`dimension.name`, stable across versions")
    name: str = Field(description="the criterion's Chinese name")
    weight: float = Field(gt=0, description="its maximum score")
    source: str = Field(description="the policy document the criterion comes from")
    description: str = Field("", description="one line on what counts")
    rules: list[dict[str, Any]] = Field([], description="each a mapping with `type` (a rule type) and that type's keys; "
                                                         "any rule's hit is evidence")


class DimensionSpec(_Strict):
    """A group of criteria, subtotalled in the scorecard."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="the prefix of its criteria's ids")
    name: str = Field(description="its Chinese name")
    criteria: list[CriterionSpec] = Field(min_length=1, description="its criteria")


class RulebookSpec(_Strict):
    """A rulebook file."""

    id: str = Field(description="the rulebook's id, recorded in every run")
    version: str = Field(description="its version, recorded in every run")
    name: str = Field("", description="its Chinese name")
    description: str = Field("", description="what it scores")
    grades: list[Grade] = Field(min_length=1, description="grades from the highest; a score reaches the first whose min it meets")
    status_weights: StatusWeights = Field(StatusWeights(), description="what evidence of each status is worth")
    quantified_bonus: float = Field(0.0, ge=0, le=1, description="added to the status weight of implemented "
                                                                 "evidence that carries a figure, up to 1")
    veto: VetoSpec | None = Field(None, description="evidence that caps the grade whatever the score")
    shared_terms: list[str] = Field([], description="terms knowingly evidence of several criteria (validate does "
                                                    "not warn about them)")
    relevance: Relevance = Field(Relevance(), description="when a document and a passage are about quality work")
    dimensions: list[DimensionSpec] = Field(min_length=1, description="the dimensions, each with its criteria")

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, (int, float)) else value


@dataclass
class Criterion:
    id: str
    name: str
    dimension: str
    weight: float
    source: str
    rules: list[Rule]
    loc: tuple[Any, ...] = ()  # where it stands in the rulebook file (for messages)


def _checks(criteria: list[Criterion], veto: Criterion | None) -> list[Criterion]:
    return [*criteria, *([veto] if veto else [])]


@dataclass
class Rulebook:
    """A validated rulebook with its rules compiled and its literals in one automaton."""

    path: str
    spec: RulebookSpec
    criteria: list[Criterion]
    automaton: TermAutomaton
    veto: Criterion | None = None
    source: LocatedYaml | None = None
    text: str = ""  # the YAML it was compiled from (what a cluster's workers are sent)

    def checks(self) -> list[Criterion]:
        """Everything whose rules run over a document: the criteria, and the veto if any."""
        return _checks(self.criteria, self.veto)

    @property
    def id(self) -> str:
        return self.spec.id

    def lower_grade(self, first: str, second: str) -> str:
        """The lower of two grades of this rulebook (a veto caps a grade, never raises it)."""
        floor = {g.grade: g.min for g in self.spec.grades}
        return min(first, second, key=lambda grade: floor.get(grade, 0.0))

    def grade(self, percent: float) -> str:
        for grade in sorted(self.spec.grades, key=lambda g: g.min, reverse=True):
            if percent >= grade.min:
                return grade.grade
        return self.spec.grades[-1].grade


def _error_message(error: dict[str, Any]) -> str:
    loc = ".".join(str(part) for part in error["loc"] if not isinstance(part, int))
    if error["type"] == "extra_forbidden":
        return f"unknown key {error['loc'][-1]!r}"
    message = error["msg"].removeprefix("Value error, ")
    return f"{loc}: {message}" if loc else message


def _validate(model: type[BaseModel], data: Any, source: LocatedYaml, prefix: tuple[Any, ...]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        # An unknown key says more than the "field required" that a misspelt key also causes.
        first = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")[0]
        loc = prefix + tuple(first["loc"])
        raise SourceError(source.path, source.line_of(loc), _error_message(first)) from None


def _compile_rule(raw: dict[str, Any], loc: tuple[Any, ...], source: LocatedYaml, types: dict[str, Any]) -> Rule:
    if not isinstance(raw, dict):
        raise SourceError(source.path, source.line_of(loc), "a rule must be a mapping with a 'type'")
    kind = raw.get("type")
    if kind not in types:
        known = ", ".join(sorted(types)) or "none installed"
        raise SourceError(source.path, source.line_of(loc + ("type",)), f"unknown rule type {kind!r} (known: {known})")
    rule_type = types[kind]
    config = _validate(rule_type.Config, {k: v for k, v in raw.items() if k != "type"}, source, loc)
    try:
        return rule_type(config)
    except Exception as exc:  # a plugin's constructor rejecting its config is still the author's error
        raise SourceError(source.path, source.line_of(loc), f"rule type {kind!r}: {exc}") from None


def shipped_rulebooks():
    """The folder of the rulebooks (and their fixtures) that ship with qscore."""
    return resources.files("qscore.rules") / "rulebooks"


def packaged_rulebook(name: str | Path | None) -> str | None:
    """The name of a rulebook shipped with qscore that `name` stands for (None: the default), if any.

    A path to an existing file always means that file.
    """
    if name is None:
        return DEFAULT_RULEBOOK
    stem = Path(name).name.removesuffix(".yaml")
    if Path(name).exists() or "/" in str(name):
        return None
    return stem if (shipped_rulebooks() / f"{stem}.yaml").is_file() else None


def load_rulebook(path: str | Path | None = None, keep_source: bool = False) -> Rulebook:
    """Load, validate and compile a rulebook: a file, or the name of a shipped one (default `quality-cn`).

    A compiled rulebook is cached on disk, keyed by its text and by the code of the rule types
    it uses (compiling quality-cn costs ~80 ms; reading it back ~15 ms). `keep_source` keeps the
    YAML's line map, which only `rules validate` needs, and skips the cache.
    """
    packaged = packaged_rulebook(path)
    if packaged is not None:
        resource = shipped_rulebooks() / f"{packaged}.yaml"
        text, name = resource.read_text(encoding="utf-8"), f"{packaged}.yaml"
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")  # type: ignore[arg-type]
        except (OSError, UnicodeDecodeError) as exc:
            raise SourceError(path, None, f"cannot read rulebook: {getattr(exc, 'strerror', None) or exc}") from None
        name = str(path)
    return load_rulebook_text(text, name, keep_source)


def load_rulebook_text(text: str, name: str, keep_source: bool = False) -> Rulebook:
    """Load a rulebook from its YAML text (`name` is what errors call it): cached as load_rulebook says."""
    types = rule_types()
    if keep_source:
        return _load_text(text, name, types)
    code = sorted(f"{n}:{getattr(t, '__module__', '')}:{file_stamp(getattr(sys.modules.get(t.__module__), '__file__', None))}"
                  for n, t in types.items())
    engine = [file_stamp(module.__file__) for module in (sys.modules[__name__], sys.modules[Rule.__module__],
                                                         sys.modules[TermAutomaton.__module__])]
    return cached("rulebook", [CACHE_FORMAT, name, text, *code, *engine],
                  lambda: _without_source(_load_text(text, name, types)))


CACHE_FORMAT = "2"  # bump when what a cached Rulebook holds changes


def _without_source(rulebook: Rulebook) -> Rulebook:
    rulebook.source = None
    return rulebook


def _load_text(text: str, path: str, types: dict[str, type[Rule]]) -> Rulebook:
    source = load_located_yaml(text, path)
    if not isinstance(source.data, dict):
        raise SourceError(path, source.line_of(()), "a rulebook must be a mapping with id, version, grades and dimensions")
    spec = _validate(RulebookSpec, source.data, source, ())
    criteria: list[Criterion] = []
    seen: dict[str, int | None] = {}
    for d_index, dimension in enumerate(spec.dimensions):
        for c_index, criterion in enumerate(dimension.criteria):
            loc = ("dimensions", d_index, "criteria", c_index)
            if not criterion.id.startswith(dimension.id + "."):
                raise SourceError(path, source.line_of(loc + ("id",)),
                                  f"criterion {criterion.id!r} must start with its dimension id {dimension.id!r}.")
            if criterion.id in seen:
                raise SourceError(path, source.line_of(loc + ("id",)),
                                  f"duplicate criterion id {criterion.id!r} (first at line {seen[criterion.id]})")
            seen[criterion.id] = source.line_of(loc + ("id",))
            rules = [_compile_rule(raw, loc + ("rules", r_index), source, types)
                     for r_index, raw in enumerate(criterion.rules)]
            criteria.append(Criterion(criterion.id, criterion.name, dimension.id, criterion.weight,
                                      criterion.source, rules, loc))
    veto = None
    if spec.veto is not None:
        if spec.veto.grade not in {g.grade for g in spec.grades}:
            raise SourceError(path, source.line_of(("veto", "grade")), f"veto grade {spec.veto.grade!r} is not a grade")
        veto = Criterion(VETO, "否决项", "", 0.0, spec.veto.source,
                         [_compile_rule(raw, ("veto", "rules", i), source, types) for i, raw in enumerate(spec.veto.rules)],
                         ("veto",))
    literals = {*spec.relevance.anchors, *spec.relevance.core, *spec.relevance.exclude}
    literals |= {term for check in _checks(criteria, veto) for rule in check.rules for term in rule.literals}
    return Rulebook(path=path, spec=spec, criteria=criteria, automaton=TermAutomaton(literals), veto=veto,
                    source=source, text=text)
