"""One analyzer for English, Russian and Japanese/Chinese text, at index and query time.

The corpus mixes three scripts in one body field, so a single tokenizer decides
per token: Cyrillic words get the Russian Snowball stemmer, Latin words the
Porter stemmer, and runs of kana/kanji (no spaces to split on) become
overlapping character bigrams so a word inside a longer run is still found.
Because the query goes through the same code, a query in any of the three
languages reaches articles in that language without knowing which it is.

Look-alike letter folding (``rjtui.fold.fold_for_search``) is applied first;
it preserves length, so the character offsets yielded here index the display
text directly - that is what the highlighter relies on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence, Set
from itertools import compress, count

from whoosh.analysis import STOP_WORDS, Composable, Token
from whoosh.lang.porter import stem as english_stem
from whoosh.lang.snowball.russian import RussianStemmer

from rjtui.fold import fold_for_search

CJK_CHARS = "\u3005\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
_TOKEN = re.compile(rf"(?P<cjk>[{CJK_CHARS}]+)|(?P<word>[^\W_{CJK_CHARS}]+)")
_CYRILLIC = re.compile("[\u0400-\u04ff]")

VALUE_SEPARATOR = "\x1e"
"""Joins several values in one field (authors, topics); phrases never span it.
A control character, so ingest has removed it from any article text."""
_VALUE_GAP = 100

_russian_stem = RussianStemmer().stem
_STEMS: dict[str, str] = {}
"""Private to ``stem``: a cache only (the index vocabulary is collected by the writer,
see ``analyze``). Plain dict reads and writes are atomic, so threads may share it."""
_STEM_CACHE_MAX = 500_000


def stem(word: str) -> str:
    """The index term for one lower-cased word (cached: stemming is the hot loop)."""
    term = _STEMS.get(word)
    if term is None:
        if _CYRILLIC.search(word):
            term = _russian_stem(word)
        elif word.isascii() and word.isalpha():
            term = english_stem(word)
        else:
            term = word
        if len(_STEMS) >= _STEM_CACHE_MAX:
            _STEMS.clear()
        _STEMS[word] = term
    return term


def analyze(text: str, words: dict[str, str] | None = None) -> Iterator[tuple[str, int, int, int]]:
    """Yield ``(term, position, start, end)`` for every indexable token of ``text``.

    Stop words and one-letter words are dropped and positions stay consecutive,
    so a phrase query analysed the same way lines up with the index. ``words``,
    when given, collects term -> shortest word seen for it: the index writer's
    vocabulary ("did you mean" shows words, not stems).
    """
    folded = fold_for_search(text)
    pos = 0
    for match in _TOKEN.finditer(folded):
        start, end = match.span()
        if match.lastgroup == "cjk":
            if end - start == 1:
                yield folded[start], pos, start, end
                pos += 1
                continue
            for i in range(start, end - 1):
                yield folded[i : i + 2], pos, i, i + 2
                pos += 1
            continue
        word = match.group().lower()
        if len(word) < 2 or word in STOP_WORDS:
            continue
        if start and folded[start - 1] == VALUE_SEPARATOR:
            pos += _VALUE_GAP
        term = stem(word)
        if words is not None:
            known = words.get(term)
            if known is None or len(word) < len(known):
                words[term] = word
        yield term, pos, start, end
        pos += 1


class _IndexTerms(dict[str, str]):
    """Lower-cased word -> its index term, or "" for a word the index leaves out (a stop
    word, one letter): filled on first sight, so a build looks each word up in C."""

    def __missing__(self, word: str) -> str:
        if len(self) >= _STEM_CACHE_MAX:
            self.clear()
        term = self[word] = "" if len(word) < 2 or word in STOP_WORDS else stem(word)
        return term


_INDEX_TERMS = _IndexTerms()


def learn_words(vocabulary: Mapping[str, str]) -> None:
    """Remember the index term of each word of an index's ``vocabulary`` (term ->
    word, as ``analyze`` collected it), so the first highlights of a session do not
    stem every word they meet (a Porter stem is ~5 us; a cold passage met 30 new
    words). Skipped when it would fill the cache past its bound."""
    if len(_INDEX_TERMS) + len(vocabulary) <= _STEM_CACHE_MAX:
        _INDEX_TERMS.update((word, term) for term, word in vocabulary.items())


_WORD = re.compile(r"[^\W_]+")
_CJK_OR_SEPARATOR = re.compile(f"[{CJK_CHARS}{VALUE_SEPARATOR}]")
Run = tuple[int, int, tuple[str, ...]]
"""``(start, end, key)``: an occurrence of a run of terms in a text (see ``runs``)."""


def term_positions(text: str, words: dict[str, str] | None = None) -> dict[str, list[int]]:
    """Each term of ``text`` with its positions: what :func:`analyze` yields, grouped
    by term (``words`` collects the vocabulary the same way).

    The index writer's hot loop. Text without CJK runs or value separators (nearly
    every passage) takes a path with no per-token generator step or match object:
    its words are found, lower-cased and mapped to terms by C-level calls."""
    folded = fold_for_search(text)
    placed: Iterable[tuple[int, str]]
    if _CJK_OR_SEPARATOR.search(folded):
        placed = ((pos, term) for term, pos, _start, _end in analyze(text, words))
    else:
        lowered = list(map(str.lower, _WORD.findall(folded)))
        terms = list(map(_INDEX_TERMS.__getitem__, lowered))
        if words is not None:
            for word, term in dict(zip(lowered, terms, strict=True)).items():  # each word once
                if term:
                    known = words.get(term)
                    if known is None or len(word) < len(known):
                        words[term] = word
        placed = enumerate(filter(None, terms))
    positions: dict[str, list[int]] = {}
    for pos, term in placed:
        found = positions.get(term)
        if found is None:
            positions[term] = [pos]
        else:
            found.append(pos)
    return positions


def tokens(text: str) -> list[tuple[str, int, int, int]]:
    """Every token :func:`analyze` yields for ``text``, as a list.

    Highlighting a passage for a phrase or an entity needs them all; text without
    CJK runs or value separators (nearly every passage) is tokenised by C-level
    calls, as in :func:`term_positions`, not a generator step per token."""
    folded = fold_for_search(text)
    if _CJK_OR_SEPARATOR.search(folded):
        return list(analyze(text))
    matches = list(_WORD.finditer(folded))
    terms = list(map(_INDEX_TERMS.__getitem__, map(str.lower, map(re.Match.group, matches))))
    kept = list(compress(matches, terms))
    return list(
        zip(filter(None, terms), count(), map(re.Match.start, kept), map(re.Match.end, kept))
    )


class _Wanted(dict[str, bool]):
    """Word as written -> whether its index term is one of ``terms`` (each distinct
    word of a passage decided once).

    ``candidates`` finds only the words that can be one: a stem keeps its word's
    first letter (Porter and Snowball take suffixes off), so a word whose first
    letter starts none of the terms is skipped in C, and the Python step per new
    word (most of a cold highlight) is taken for a few words in twenty. Only the
    Russian stemmer, which spells a word in Latin letters and back, may start a term
    with another letter (ш+ч is щ, ё is е, a Latin letter of a mixed word is
    Cyrillic): for a term in Cyrillic, every word holding a Cyrillic letter counts
    - looked for only in text that has one (it is a slower scan)."""

    def __init__(self, terms: Set[str]) -> None:
        super().__init__()
        self._terms = terms
        firsts = {term[0] for term in terms if term}
        kept = "".join(sorted(re.escape(c) for c in firsts if not _CYRILLIC.match(c)))
        # The letter first, then "no word character before it": sre then skips to
        # the letters in C, where a look-behind first was tried at every position.
        starts = [f"(?i:[{kept}])(?<![^\\W_].)[^\\W_]*"] if kept else []
        self._plain = _either(starts)
        self._cyrillic = None
        if any(map(_CYRILLIC.match, firsts)):
            held = "(?<![^\\W_])[^\\W_]*?[\u0400-\u04ff][^\\W_]*"
            self._cyrillic = _either([*starts, held])

    def candidates(self, folded: str) -> Iterator[re.Match[str]]:
        """The words of ``folded`` (folded text) whose term may be wanted."""
        if self._cyrillic is not None and _CYRILLIC.search(folded):
            return self._cyrillic.finditer(folded)
        return iter(()) if self._plain is None else self._plain.finditer(folded)

    def __missing__(self, word: str) -> bool:
        term = _INDEX_TERMS[word.lower()]
        hit = self[word] = bool(term) and term in self._terms
        return hit


def _either(patterns: list[str]) -> re.Pattern[str] | None:
    """One of ``patterns`` (``None`` for none)."""
    return re.compile("|".join(patterns)) if patterns else None


_WANTED: dict[frozenset[str], _Wanted] = {}
"""The last few term sets' decisions (a search highlights many passages for one set)."""
_WANTED_SETS = 4


def _wanted(terms: Set[str]) -> _Wanted:
    key = frozenset(terms)
    found = _WANTED.pop(key, None)
    if found is None or len(found) >= _STEM_CACHE_MAX:
        found = _Wanted(key)
    _WANTED[key] = found
    while len(_WANTED) > _WANTED_SETS:
        _WANTED.pop(next(iter(_WANTED)))
    return found


def hit_spans(text: str, terms: Set[str]) -> list[tuple[int, int]]:
    """``(start, end)`` of each token of ``text`` whose term is in ``terms``: what
    :func:`analyze` yields, filtered, without its positions and generator, each
    distinct word looked up once (highlighting runs on every shown passage)."""
    folded = fold_for_search(text)
    if not _CJK_OR_SEPARATOR.search(folded):  # words only: token by token in C
        wanted = _wanted(terms)
        matches = list(wanted.candidates(folded))
        hits = map(wanted.__getitem__, map(re.Match.group, matches))
        return list(compress(map(re.Match.span, matches), hits))
    spans: list[tuple[int, int]] = []
    seen: dict[str, bool] = {}
    for match in _TOKEN.finditer(folded):
        start, end = match.span()
        if match.lastgroup == "cjk":
            if end - start == 1:
                if folded[start] in terms:
                    spans.append((start, end))
                continue
            spans.extend((i, i + 2) for i in range(start, end - 1) if folded[i : i + 2] in terms)
            continue
        word = match.group()
        hit = seen.get(word)
        if hit is None:
            lower = word.lower()
            hit = seen[word] = len(lower) >= 2 and lower not in STOP_WORDS and stem(lower) in terms
        if hit:
            spans.append((start, end))
    return spans


def phrase_spans(text: str, phrase: Sequence[str]) -> list[tuple[int, int]] | None:
    """``(start, end)`` of each run of tokens of ``text`` whose terms are ``phrase``,
    in order at consecutive positions; ``None`` for text with CJK runs or value
    separators (then the caller matches on :func:`tokens`)."""
    found = runs(text, [tuple(phrase)])
    return None if found is None else [(start, end) for start, end, _ in found]


def runs(text: str, keys: Iterable[tuple[str, ...]]) -> list[Run] | None:
    """``(start, end, key)`` of each occurrence in ``text`` of one of ``keys`` (tuples of
    terms: a phrase, an entity's variant) at consecutive positions, in order of start;
    ``None`` for text with CJK runs or value separators (then the caller matches on
    :func:`tokens`).

    Only the words that can start a key are looked at (see ``_Wanted``), and from
    each one the next indexed words: a passage's full token list (what phrases and
    entity names were matched on before) cost five times as much to make."""
    folded = fold_for_search(text)
    if _CJK_OR_SEPARATOR.search(folded):
        return None
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for key in keys:
        if key:
            by_first.setdefault(key[0], []).append(key)
    wanted = _wanted(by_first.keys())
    found: list[Run] = []
    for first in wanted.candidates(folded):
        if not wanted[first.group()]:
            continue
        following = _indexed(folded, first.end())
        after: list[tuple[str, int]] = []  # the next indexed words' terms and ends, as needed
        for key in by_first[_INDEX_TERMS[first.group().lower()]]:
            while len(after) < len(key) - 1 and (word := next(following, None)):
                after.append(word)
            if len(after) >= len(key) - 1 and all(
                term == after[i][0] for i, term in enumerate(key[1:])
            ):
                found.append(
                    (first.start(), after[len(key) - 2][1] if len(key) > 1 else first.end(), key)
                )
    return found


def _indexed(folded: str, start: int) -> Iterator[tuple[str, int]]:
    """``(term, end)`` of the words of ``folded`` from ``start`` on that hold a position
    (stop words and one-letter words do not)."""
    for word in _WORD.finditer(folded, start):
        term = _INDEX_TERMS[word.group().lower()]
        if term:
            yield term, word.end()


class MultiScriptAnalyzer(Composable):
    """Whoosh analyzer wrapping :func:`analyze` (stateless, so the schema pickles)."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        mode: str = "",
        tokenize: bool = True,
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode)
        token.boost = 1.0
        token.stopped = False
        if not tokenize:  # wildcards: the whole text is one (folded) term
            token.text = fold_for_search(value).lower()
            token.pos, token.startchar, token.endchar = (
                start_pos,
                start_char,
                start_char + len(value),
            )
            yield token
            return
        for term, pos, start, end in analyze(value):
            token.text = term
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token
