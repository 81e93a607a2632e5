"""`pattern`: regular expressions (Python `re`) over the normalised document, sentence by sentence."""
from __future__ import annotations

import re
import re._parser as sre_parse  # the standard library's own parser: the structure, not the text
from collections.abc import Iterable, Iterator

from pydantic import Field, field_validator

from qscore import Occurrence, Rule, RuleConfig, RuleContext, hookimpl
from qscore.segment import Span

# \b next to a Han character never does what the author meant: Han characters are \w in Python.
_HAN_WORD_BOUNDARY = re.compile(r"\\b(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])\\b")


_REPEATS = (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, getattr(sre_parse, "POSSESSIVE_REPEAT", None))
_LONG = 10  # an outer repeat that may run this often over a variable-length body backtracks badly


def _nested_repeat(items: sre_parse.SubPattern | list, inside_long_repeat: bool = False) -> bool:
    """Does a repeat that can run long contain a variable-length repeat ((a+)+, (\\d{1,3},?)*)?
    Such patterns backtrack exponentially on text that almost matches, and one would hang a run."""
    for op, value in items:
        if op in _REPEATS:
            low, high, body = value
            if inside_long_repeat and low != high:
                return True
            if _nested_repeat(body, inside_long_repeat or high == sre_parse.MAXREPEAT or high >= _LONG):
                return True
        elif op is sre_parse.SUBPATTERN and _nested_repeat(value[-1], inside_long_repeat):
            return True
        elif op is sre_parse.BRANCH and any(_nested_repeat(branch, inside_long_repeat) for branch in value[1]):
            return True
        elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT) and _nested_repeat(value[1], inside_long_repeat):
            return True
    return False


def _required(items) -> list[frozenset[str]]:
    """Sets of literal strings such that every match of `items` (a parsed sequence) holds one
    string of each set. A set with a string shorter than two characters is left out (one
    character filters nothing), and so is any literal under a case-insensitive flag."""
    found: list[frozenset[str]] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            found.append(frozenset({"".join(run)}))
            run.clear()

    for op, value in items:
        if op is sre_parse.LITERAL:
            run.append(chr(value))
            continue
        close_run()
        if op is sre_parse.SUBPATTERN and not value[1] & re.IGNORECASE:
            found += _required(value[-1])
        elif op is sre_parse.BRANCH:
            # one set per alternative, the one whose shortest string is longest
            alternatives = [max(_required(branch), key=lambda terms: min(map(len, terms)), default=None)
                            for branch in value[1]]
            if all(alternatives):
                found.append(frozenset().union(*alternatives))  # type: ignore[arg-type]
        elif op in _REPEATS and value[0] >= 1:
            found += _required(value[2])
    close_run()
    return [terms for terms in found if min(map(len, terms)) >= 2]


def _prefixes(items) -> set[str] | None:
    """Literal strings one of which every match of `items` (a parsed sequence) starts with, past
    its lookarounds (which take no characters); None when a match may start otherwise (a class,
    a repeat, a case-insensitive group)."""
    run: list[str] = []
    for op, value in items:
        if op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT) and not run:
            continue
        if op is sre_parse.LITERAL:
            run.append(chr(value))
            continue
        if run:
            break
        if op is sre_parse.SUBPATTERN and not value[1] & re.IGNORECASE:
            return _prefixes(value[-1])
        if op is sre_parse.BRANCH:
            alternatives = [_prefixes(branch) for branch in value[1]]
            return set().union(*alternatives) if all(alternatives) else None  # type: ignore[arg-type]
        return None
    return {"".join(run)} if run else None


class PatternConfig(RuleConfig):
    regex: list[str] = Field(min_length=1, description="regular expressions; each match is a hit")

    @field_validator("regex")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            if _HAN_WORD_BOUNDARY.search(pattern):
                raise ValueError(f"{pattern!r}: \\b next to a Chinese character never matches as meant "
                                 "(Han characters are word characters); remove it")
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"{pattern!r} does not compile: {exc}") from None
            if _nested_repeat(sre_parse.parse(pattern)):
                raise ValueError(f"{pattern!r} nests a repeat inside a repeat and can backtrack for minutes on "
                                 "text that almost matches; bound the inner or the outer repeat")
        return patterns


class Pattern(Rule):
    """Each match of each expression is evidence; the match is what the scorecard shows as matched."""

    name = "pattern"
    Config = PatternConfig
    config: PatternConfig

    def __init__(self, config: PatternConfig) -> None:
        super().__init__(config)
        # the text of each expression, compiled when it first runs (re caches it): a compiled
        # rulebook is unpickled on every run, and unpickling a compiled expression recompiles it
        self._expressions: list[tuple[str, tuple[frozenset[str], ...], frozenset[str] | None]] = []
        for expression in config.regex:
            parsed = sre_parse.parse(expression)
            folded = bool(parsed.state.flags & re.IGNORECASE)
            starts = None if folded else _prefixes(parsed)
            required = () if folded else tuple(dict.fromkeys(_required(parsed)))
            self._expressions.append((expression, required, frozenset(starts) if starts is not None else None))

    @property
    def evidence_terms(self) -> set[str]:
        return set()  # a pattern's evidence is its match; its literals only choose where it runs

    @property
    def literals(self) -> set[str]:
        """The exclusions, and for each expression the literals its matches start with and those
        that every match holds: the expression runs only in the sentences where the shared
        automaton saw one of each set."""
        return super().literals | {term for _, required, starts in self._expressions
                                   for terms in (*required, starts or ()) for term in terms}

    def lint(self) -> list[tuple[tuple[str | int, ...], str]]:
        return [(("regex", index), f"{expression!r} holds no literal of two characters or more that every match "
                                   "needs: it runs over every sentence of every document; spell one out "
                                   "(A级|B级 rather than [AB]级)")
                for index, (expression, required, starts) in enumerate(self._expressions)
                if starts is None and not required]

    def find(self, ctx: RuleContext) -> None:
        for expression, required, starts in self._expressions:
            compiled = re.compile(expression)
            sentences = ctx.sentences_holding_each(required if starts is None else (*required, starts))
            for match in (self._anchored(ctx, compiled, starts, sentences) if starts is not None
                          else self._scanned(ctx, compiled, sentences)):
                hit = Occurrence(match.start(), match.end(), match.group(0))
                if not self.cancelled(ctx, hit):
                    ctx.report(match.start(), match.end(), [match.group(0)])

    @staticmethod
    def _anchored(ctx: RuleContext, compiled: re.Pattern[str], starts: frozenset[str],
                  sentences: Iterable[Span]) -> Iterator[re.Match[str]]:
        """The matches of an expression whose matches all start with one of `starts`, tried only
        where the automaton saw one: the same matches as a scan of each sentence (leftmost, not
        overlapping), without running the expression from every character of the text."""
        text = ctx.text
        for sentence in sentences:
            end_of_last = tried = -1
            for occurrence in ctx.occurrences_in(sentence.start, sentence.end, starts):
                if occurrence.start < end_of_last or occurrence.start == tried:
                    continue
                tried = occurrence.start
                match = compiled.match(text, occurrence.start, sentence.end)
                if match is not None:
                    end_of_last = match.end()
                    yield match

    @staticmethod
    def _scanned(ctx: RuleContext, compiled: re.Pattern[str], sentences: Iterable[Span]) -> Iterator[re.Match[str]]:
        """The matches of an expression in each sentence given (evidence is a sentence, and no
        match runs into the next)."""
        for sentence in sentences:
            for match in compiled.finditer(ctx.text, sentence.start, sentence.end):
                if match.end() > match.start():
                    yield match


@hookimpl
def register_rule_types(register) -> None:
    register(Pattern)
