"""The records a run produces: evidence, scorecards, documents (the JSON contract of design.md)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, SerializerFunctionWrapHandler, field_serializer

if TYPE_CHECKING:
    from typing_extensions import Self

Status = Literal["implemented", "planned", "negated", "absent"]
Level = Literal["province", "city", "county", "district", "town", "unknown"]

# implemented outranks planned, and both outrank negated (criteria.md, "Status").
STATUS_RANK: dict[str, int] = {"implemented": 3, "planned": 2, "negated": 1, "absent": 0}


# One set of field names per record type, shared by the instances `compact` makes: pydantic
# otherwise keeps a set per instance, some 700 bytes, 40% of a piece of evidence, and a large run
# holds a hundred thousand pieces of evidence and a record per document.
_ALL_FIELDS: dict[type, set[str]] = {}


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @classmethod
    def compact(cls, **values: Any) -> Self:
        """A validated instance that counts every field as set and shares that set of names with
        the other instances `compact` made. (Validation runs in pydantic-core: it costs less than
        half of model_construct, which is Python.)"""
        record = cls(**values)
        object.__setattr__(record, "__pydantic_fields_set__", _ALL_FIELDS.setdefault(cls, set(cls.model_fields)))
        return record

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Unpickled in the parent of a --jobs run, a compact record shares its set of names again."""
        shared = _ALL_FIELDS.get(type(self))
        if shared is not None and state.get("__pydantic_fields_set__") == shared:
            state = {**state, "__pydantic_fields_set__": shared}
        super().__setstate__(state)


class Figure(_Record):
    text: str
    value: float | None
    unit: str
    indicator: str | None = None
    upper: float | None = Field(default=None, description="upper bound of a range such as 3-20万元")
    target: str | None = Field(default=None, description="the rulebook's target, e.g. '>= 94%'")
    meets_target: bool | None = None


class Evidence(_Record):
    document: str
    start: int = Field(description="offset in the ORIGINAL decoded text, in code points")
    end: int = Field(description="end offset (exclusive) in the original text")
    text: str = Field(description="the original text of the evidence's sentence")
    match_start: int = Field(description="where the rule's match starts, in the original text")
    match_end: int = Field(description="where the rule's match ends (exclusive), in the original text")
    status: Status
    matched: list[str]
    figures: list[Figure] = []
    cue: str | None = Field(default=None, description="the word that decided the status; none: the passage's default")
    rule: str = Field(description="the rule type that found it")
    line: int = Field(description="the line of the original text where the sentence starts (1-based)")
    passage_anchor: str | None = Field(default=None, description="the quality-work term that makes its passage "
                                                                 "relevant, if any")


class RegionInfo(_Record):
    name: str
    level: Level
    code: str | None = None
    parents: list[str] = []
    parent_codes: list[str] = Field(default=[], description="the parents' codes, top first")
    ambiguous: list[str] = Field(default=[], description="other places the name could denote")


class CriterionResult(_Record):
    id: str
    name: str
    dimension: str
    status: Status
    score: float
    max: float
    evidence: list[Evidence] = []
    evidence_count: int = Field(default=0, description="all the evidence found; `evidence` keeps up to --max-evidence")
    shortcoming: bool = Field(default=False, description="only negated evidence")
    error: str | None = Field(default=None, description="a rule of this criterion failed on a document: its "
                                                        "evidence there is missing")


class DimensionResult(_Record):
    id: str
    name: str
    score: float
    max: float


class Scorecard(_Record):
    region: RegionInfo
    score: float
    max: float
    grade: str
    dimensions: list[DimensionResult]
    criteria: list[CriterionResult]
    veto: list[Evidence] = Field(default=[], description="evidence of the rulebook's veto item; the grade is capped")
    documents: list[str] = []
    rolled_up_from: list[str] = Field(default=[], description="in a roll-up view: the regions whose evidence it adds up")


class DocumentRecord(_Record):
    path: str
    regions: list[str] = []
    error: str | None = None
    encoding: str | None = Field(default=None, description="the encoding the text was decoded from, or the container (docx, pdf)")
    format: str | None = Field(default=None, description="the reader that read it: text, html, docx, pdf")
    genre: str | None = None
    about_quality_work: bool | None = None
    anchors: int | None = Field(default=None, description="occurrences of quality-work anchor terms")
    rule_errors: list[str] = Field(default=[], description="rules that failed on this document (plugin bugs)")
    quality_share: float | None = Field(default=None, description="share of sentences in passages about quality work")


class RulebookRef(_Record):
    id: str
    version: str
    name: str = ""


class Run(_Record):
    rulebook: RulebookRef
    documents: list[DocumentRecord]  # a run evaluated here holds a RecordLog (record_log.py): on disk
    scorecards: list[Scorecard]
    roll_ups: list[Scorecard] = Field(default=[], description="with --roll-up: parents adding up their regions")
    # The documents' texts (path -> text their offsets count in), kept only when a renderer asks
    # for them (Options.keep_texts: the HTML report shows each sentence in its context); never
    # serialised, so that runs stay small and documents are not all held in memory.
    _texts: dict[str, str] = PrivateAttr(default_factory=dict)

    @property
    def texts(self) -> dict[str, str]:
        return self._texts

    @field_serializer("documents", mode="wrap")
    def _documents(self, documents: Any, handler: SerializerFunctionWrapHandler) -> Any:
        """A RecordLog is read into a list when the whole run is dumped at once."""
        return handler(documents if isinstance(documents, list) else list(documents))
