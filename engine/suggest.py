"""`qscore suggest`: terms a criterion's rules do not have yet, from the sentences around its hits.

The engine's own matching finds the criterion's evidence; jieba (loaded only here) segments the
evidence sentences and their neighbours, with every rulebook term added to its dictionary so
that known phrases stay whole, and ranks their words by TF-IDF (or TextRank). Words the rulebook
already knows, single characters and policy boilerplate are dropped; each remaining word comes
with its count and a sentence to judge it by. It proposes, the author decides.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass

from .normalize import normalize
from .pipeline import Options, read_results
from .regions.gazetteer import load_gazetteer
from .rulebook import Rulebook
from .segment import split

_ALLOWED_POS = ("n", "nz", "vn", "v", "nt", "l", "i", "j")  # not place or person names
_BOILERPLATE = re.compile(r"^(推进|推动|加强|加快|开展|实施|提升|提高|建设|发展|工作|全面|深入|进一步|积极|持续|不断|坚持|"
                          r"落实|完善|健全|强化|深化|促进|组织|管理|服务|体系|机制|水平|能力|全市|全县|全省|全区|我市|我县|"
                          r"企业|部门|单位|相关|有关|重点|主要|建立|打造|培育|支持|鼓励|引导|做好|抓好|全国|国家|省级|市级)$|^[一二三四五六七八九十两]")


@dataclass(frozen=True)
class Suggestion:
    term: str
    weight: float
    count: int
    example: str


def _jieba(rulebook: Rulebook):
    import jieba
    import jieba.analyse

    jieba.setLogLevel(logging.WARNING)
    for term in rulebook.automaton.terms:
        if re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9]{2,}", term):
            jieba.add_word(term, freq=200_000)
    return jieba.analyse


def context_sentences(paths: list[str], rulebook: Rulebook, criterion: str) -> list[str]:
    """The (normalised) sentences holding the criterion's evidence, each with the next one."""
    out: list[str] = []
    for result in read_results(paths, rulebook, Options(keep_texts=True)):
        if result.text is None:  # a document that could not be read
            continue
        text = normalize(result.text)
        segments = split(text)
        wanted = sorted({item.start for _, cid, item in result.evidence if cid == criterion})
        indices = {segments.sentence_at(start).index for start in wanted}
        indices |= {i + 1 for i in indices if i + 1 < len(segments.sentences)}
        out.extend(text[segments.sentences[i].start:segments.sentences[i].end] for i in sorted(indices))
    return out


def _collocations(sentences: list[str], ranked: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Two adjacent words that recur together (信用+修复, 红黑+榜): policy terms are mostly compounds
    that jieba splits. Weighted by how often they recur and by their parts' keyword weight."""
    import jieba

    weights = dict(ranked)
    pairs: Counter[tuple[str, str]] = Counter()
    for sentence in sentences:
        words = [w for w in jieba.lcut(sentence) if re.fullmatch(r"[\u4e00-\u9fff]+", w)]
        for first, second in zip(words, words[1:]):
            if len(first + second) >= 3 and not _BOILERPLATE.search(first) and not _BOILERPLATE.search(second):
                pairs[(first, second)] += 1
    scored = [(first + second, count * (1 + max(weights.get(first, 0), weights.get(second, 0))))
              for (first, second), count in pairs.items() if count >= 2]
    return sorted(scored, key=lambda item: -item[1])


def suggest(paths: list[str], rulebook: Rulebook, criterion: str, top: int = 20, method: str = "tfidf") -> list[Suggestion]:
    """Candidate terms for `criterion`, best first."""
    sentences = context_sentences(paths, rulebook, criterion)
    if not sentences:
        return []
    analyse = _jieba(rulebook)
    known = set(rulebook.automaton.terms)
    gazetteer = load_gazetteer()
    extract = analyse.textrank if method == "textrank" else analyse.extract_tags
    ranked = extract("\n".join(sentences), topK=top * 4, withWeight=True, allowPOS=_ALLOWED_POS)
    suggestions = []
    for word, weight in [*_collocations(sentences, ranked), *ranked]:
        if any(s.term == word for s in suggestions):
            continue
        if (len(word) < 2 or word in known or _BOILERPLATE.search(word) or gazetteer.lookup(word)
                or any(word in term for term in known)):
            continue
        holding = [s for s in sentences if word in s]
        if not holding:
            continue
        suggestions.append(Suggestion(word, round(weight, 4), sum(s.count(word) for s in holding), holding[0]))
        if len(suggestions) == top:
            break
    return suggestions
