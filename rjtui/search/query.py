"""Turn what a user typed into a Whoosh query that cannot blow up.

Whoosh syntax is offered as is (plain words ANDed, "phrases", AND/OR/NOT,
``field:``, ``prefix*``, ``fuzzy~``), with guard rails a researcher typing on
every keystroke needs: a length cap; unknown fields and malformed input
(unbalanced quotes or brackets, a lone operator, a parser error, deep
recursion) fall back to a plain-terms search with a one-line notice saying
what was actually searched; and prefix, wildcard, range and fuzzy terms are
expanded here, capped to the most frequent matches, because Whoosh would
otherwise expand them to every matching term (seconds for ``a*``).
"""

from __future__ import annotations

import fnmatch
import heapq
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from typing import Any, Literal

from whoosh import query as wq
from whoosh.qparser import AndGroup, FuzzyTermPlugin, QueryParser, WhitespacePlugin

from rjtui.fold import fold_for_search
from rjtui.search.analysis import stem
from rjtui.search.highlight import HitTerms
from rjtui.search.schema import DEFAULT_FIELD, QUERY_FIELDS
from rjtui.search.termlist import field_terms

MAX_QUERY_CHARS = 400
MAX_EXPANSION = 24
"""Most terms one prefix/wildcard/fuzzy term may stand for."""
MAX_EXPANSION_POSTINGS = 50_000
"""Most passages the expanded terms may list in all (bounds the cost of ``a*`` at scale)."""
EXPANSION_SCAN = 3000
"""Most candidate terms looked at for one expansion (bounds the cost of ``a*``)."""
QUERY_TERMS = 2 * MAX_EXPANSION
QUERY_POSTINGS = 2 * MAX_EXPANSION_POSTINGS
QUERY_SCAN = EXPANSION_SCAN
"""The budget all expansions of ONE query share: terms kept, passages they list, and
candidate terms looked at. Without it ``a* b* ... z*`` or forty ``xx~2`` cost seconds
(each within its own cap); with it a whole query scans no more than one capped term
did and reads the postings of about two."""
RECENT_PARSES = 8
"""Parsed queries kept: search, passages and facets of one query parse it once."""

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_FIELD = re.compile(r"(?<![\w:])([^\W\d]\w*):(?=\S)")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
_WORDS = re.compile(r"[^\W_]+(?:[*~]\d?)?")
_PASSAGE_SCOPE = re.compile(r"(?<!\S)/p(?!\S)", re.IGNORECASE)
_RANGE = re.compile(r"(?<![\w:])(year):(\d{1,4})?\.\.(\d{1,4})?(?!\S)", re.IGNORECASE)


@dataclass
class ParsedQuery:
    """A query ready to run, and what the user must be told about it."""

    query: wq.Query | None
    """``None`` for an empty query (list everything)."""
    notices: list[str] = field(default_factory=list)
    searched: str | None = None
    """The text actually searched, when it differs from what was typed."""
    entities: list[str] = field(default_factory=list)
    """Gazetteer entities the query was widened to (``rjtui.search.expand``)."""
    expansion: str | None = None
    """What the widening added, for the user ('Kuril Islands: also searched ...')."""
    scope: Literal["article", "passage"] = "article"
    """Where AND looks for its words: anywhere in an article, or in one passage (``/p``)."""

    @property
    def notice(self) -> str | None:
        return "; ".join(self.notices) or None


class Vocabulary:
    """Index terms for fuzzy expansion and suggestions, with a surface word for each.

    Terms are bucketed by first letter and length: a term within ``d`` edits of
    another has a length within ``d`` of it, so only a few buckets are compared.
    """

    def __init__(self, term_to_word: dict[str, str]) -> None:
        self.words = term_to_word
        self._buckets: dict[tuple[str, int], list[str]] = {}
        for term in term_to_word:
            self._buckets.setdefault((term[:1], len(term)), []).append(term)
        self._lines = {key: "\n".join(terms) for key, terms in self._buckets.items()}
        """Each bucket's terms, one a line, for one regex pass (joined here, in the
        background before the first keystroke: 1-3 ms in all, not within a search)."""

    def near(
        self, term: str, maxdist: int, prefix: int, scan: Scan | None = None
    ) -> Iterator[tuple[int, str]]:
        """``(distance, term)`` for terms within ``maxdist`` edits sharing ``prefix`` chars,
        looking at no more candidates than ``scan`` allows."""
        if not term:
            return
        head = term[:prefix]
        first, middles, last = _pieces(term, maxdist)
        # The same cheap test as ``_plausible``, run over a whole bucket by one regex.
        middle = "|".join(map(re.escape, middles))
        plausible = re.compile(
            f"^(?={re.escape(head)})(?:{re.escape(first)}.*|.*{re.escape(last)}"
            + (f"|.*(?:{middle}).*" if middles else "")
            + ")$",
            re.MULTILINE,
        )
        letters = [term[0]] if prefix else sorted({k[0] for k in self._buckets})
        for letter in letters:
            for length in range(len(term) - maxdist, len(term) + maxdist + 1):
                bucket = self._buckets.get((letter, length))
                if not bucket:
                    continue
                if scan is None or scan.glance_all(len(bucket)):
                    found: Iterable[str] = plausible.findall(self._joined(letter, length))
                else:  # the scan runs out inside this bucket: one candidate at a time
                    found = self._glanced(bucket, head, first, middles, last, scan)
                for candidate in found:
                    if scan is not None and not scan.take():
                        return
                    dist = edit_distance(term, candidate, maxdist)
                    if dist <= maxdist:
                        yield dist, candidate
                if scan is not None and scan.cut:
                    return

    def _joined(self, letter: str, length: int) -> str:
        """A bucket's terms, one a line (terms are words: never a line break)."""
        return self._lines.get((letter, length), "")

    @staticmethod
    def _glanced(
        bucket: list[str], head: str, first: str, middles: list[str], last: str, scan: Scan
    ) -> Iterator[str]:
        for candidate in bucket:
            if not scan.glance():
                return
            if candidate.startswith(head) and (
                candidate.startswith(first)
                or candidate.endswith(last)
                or any(m in candidate for m in middles)
            ):
                yield candidate


class Scan:
    """How many more candidate terms an expansion may look at (a term read from the
    index, or an edit distance computed), and, ``GLANCES`` times as many, how many
    it may reject by a cheap string test."""

    GLANCES = 32

    def __init__(self, limit: int) -> None:
        self.left = limit
        self.glances = limit * self.GLANCES
        self.cut = False
        """True once a candidate was refused: there may be more matches than found."""

    def glance_all(self, count: int) -> bool:
        """Count ``count`` cheap looks at once if that many are left (else count none)."""
        if count > self.glances:
            return False
        self.glances -= count
        return True

    def glance(self) -> bool:
        """Count one cheap look at a candidate (False: the scan is spent, stop)."""
        self.glances -= 1
        if self.glances < 0:
            self.cut = True
        return not self.cut

    def take(self, _candidate: object = None) -> bool:
        """Count one more candidate looked at (False: the scan is spent, stop)."""
        if self.left <= 0:
            self.cut = True
            return False
        self.left -= 1
        return True


@dataclass
class _Budget:
    """What the expansions of one query may still spend, shared fairly: each
    multi-term gets an equal part of what is left (unused parts flow on)."""

    pending: int
    """Multi-terms not expanded yet."""
    terms: int = QUERY_TERMS
    postings: int = QUERY_POSTINGS
    scan: int = QUERY_SCAN
    cuts: list[tuple[str, int, int, bool]] = field(default_factory=list)
    """(label, words matched, words kept, matches uncounted) of each term cut."""

    def share(self) -> tuple[int, int, int]:
        n = max(self.pending, 1)
        return (
            min(MAX_EXPANSION, self.terms // n),
            min(MAX_EXPANSION_POSTINGS, self.postings // n),
            min(EXPANSION_SCAN, self.scan // n),
        )

    def spend(self, terms: int, postings: int, scanned: int) -> None:
        self.pending -= 1
        self.terms -= terms
        self.postings -= postings
        self.scan -= scanned

    def notice(self) -> str | None:
        """One line for every term the budget cut (the single-term wording when alone)."""
        if not self.cuts:
            return None
        if len(self.cuts) == 1:
            label, found, kept, more = self.cuts[0]
            plus = "+" if more else ""
            return f"{label} matches {found}{plus} words; expanded to the {kept} most common"
        parts = [
            f"{label} {kept} of {found}{'+' if more else ''}" if kept else f"{label} left out"
            for label, found, kept, more in self.cuts
        ]
        shown = ", ".join(parts[:6]) + (f", and {len(parts) - 6} more" if len(parts) > 6 else "")
        return (
            f"{len(self.cuts)} wildcard/fuzzy terms share one budget of {QUERY_TERMS} "
            f"words: expanded to the most common ({shown})"
        )


def _multiterms(q: wq.Query) -> int:
    """How many prefix/wildcard/range/fuzzy terms ``q`` holds (they share the budget)."""
    if isinstance(q, (wq.FuzzyTerm, wq.Prefix, wq.Wildcard, wq.TermRange)):
        return 1
    if isinstance(q, wq.Query):
        return sum(_multiterms(child) for child in q.children())
    return 0


def _pieces(term: str, maxdist: int) -> tuple[str, list[str], str]:
    """Split ``term`` into ``maxdist + 1`` pieces with one-letter gaps between them.

    One edit (even a swap of neighbours) touches at most one piece, so a word
    within ``maxdist`` edits keeps one piece intact: it starts with the first,
    ends with the last, or contains a middle one. Testing that is far cheaper
    than the edit distance, which then runs on few candidates.
    """
    count = maxdist + 1
    size = max(len(term) - maxdist, 0) / count
    pieces = []
    for i in range(count):
        start = round(i * size) + i
        pieces.append(term[start : round((i + 1) * size) + i])
    return pieces[0], pieces[1:-1], pieces[-1] if count > 1 else ""


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (swapping neighbours costs 1), or ``limit + 1``
    when it is larger. Branches only at the first difference, so small limits are cheap."""
    i, n = 0, min(len(a), len(b))
    while i < n and a[i] == b[i]:
        i += 1
    a, b = a[i:], b[i:]
    if a == b:
        return 0
    if limit == 0 or abs(len(a) - len(b)) > limit:
        return limit + 1
    options = [(a[1:], b[1:]), (a[1:], b), (a, b[1:])]
    if len(a) > 1 and len(b) > 1 and a[0] == b[1] and a[1] == b[0]:
        options.append((a[2:], b[2:]))
    return min(1 + edit_distance(x, y, limit - 1) for x, y in options)


def clean(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text).split())


def _rewrite_fields(text: str) -> tuple[str, list[str]]:
    """Map known ``field:`` names to the schema; turn unknown ones into plain words."""
    unknown: list[str] = []

    def repl(m: re.Match[str]) -> str:
        name = m.group(1).lower()
        if name in QUERY_FIELDS:
            return f"{QUERY_FIELDS[name]}:"
        unknown.append(m.group(1))
        return f"{m.group(1)} "

    return _FIELD.sub(repl, text), unknown


def malformation(text: str) -> str | None:
    """Why ``text`` is not well-formed query syntax, or None."""
    if text.count('"') % 2:
        return "unbalanced quotes"
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            break
    if depth:
        return "unbalanced brackets"
    if text.count("[") != text.count("]") or text.count("{") != text.count("}"):
        return "unbalanced brackets"
    tokens = [t.strip("()") for t in re.findall(r'"[^"]*"|\S+', text)]
    tokens = [t for t in tokens if t]
    ops = [t in _OPERATORS for t in tokens]
    if ops and (ops[-1] or (ops[0] and tokens[0] != "NOT")):
        return f"operator {tokens[-1] if ops[-1] else tokens[0]} has nothing to combine"
    for a, b, tb in zip(ops, ops[1:], tokens[1:], strict=False):
        if a and b and tb != "NOT":
            return "two operators in a row"
    empty_field = re.search(r"(\w+):(\s|$)", text)
    if empty_field:
        return f"nothing after {empty_field.group(1)}:"
    if re.search(r"(^|\s)[*~?]", text):
        return "a wildcard needs letters before it"
    return None


def plain_terms(text: str) -> str:
    """The words of ``text`` with all syntax removed (the fallback search)."""
    words = [w.rstrip("*~0123456789") or w for w in _WORDS.findall(text)]
    return " ".join(w for w in words if w not in _OPERATORS)


class QueryBuilder:
    """Parses with the index's schema and expands multi-terms against its reader."""

    def __init__(
        self, schema: Any, reader_fn: Callable[[], Any], vocab: Callable[[], Vocabulary]
    ) -> None:
        self._reader = reader_fn
        self._vocab = vocab
        self._parser = QueryParser(DEFAULT_FIELD, schema, group=AndGroup)
        self._parser.add_plugin(FuzzyTermPlugin())
        self._plain = QueryParser(DEFAULT_FIELD, schema, plugins=[WhitespacePlugin()])
        self._recent: dict[str, ParsedQuery] = {}

    def parse(self, raw: str) -> ParsedQuery:
        """``raw`` parsed and expanded (the last few are kept: the result is read-only)."""
        parsed = self._recent.pop(raw, None) or self._parse(raw)
        self._recent[raw] = parsed
        if len(self._recent) > RECENT_PARSES:
            self._recent.pop(next(iter(self._recent)))
        return parsed

    def _parse(self, raw: str) -> ParsedQuery:
        text = clean(raw)
        result = ParsedQuery(None)
        if len(text) > MAX_QUERY_CHARS:
            text = text[:MAX_QUERY_CHARS].rsplit(" ", 1)[0]
            result.notices.append(f"query cut to {MAX_QUERY_CHARS} characters")
        if _PASSAGE_SCOPE.search(text):
            result.scope = "passage"
            text = " ".join(_PASSAGE_SCOPE.sub(" ", text).split())
        if not text:
            return result
        rewritten, unknown = _rewrite_fields(_RANGE.sub(_range_syntax, text))
        if unknown:
            names = ", ".join(f"{u}:" for u in unknown)
            result.notices.append(f"unknown field {names} searched as words")
        problem = malformation(rewritten)
        parsed: wq.Query = wq.NullQuery
        if problem is None:
            try:
                tree = self._parser.parse(rewritten)
                budget = _Budget(pending=_multiterms(tree))
                parsed = self._expand(tree, result, budget)
                notice = budget.notice()
                if notice:
                    result.notices.append(notice)
            except (Exception, RecursionError) as exc:
                problem = f"could not parse the query ({type(exc).__name__})"
        if problem is not None:
            plain = plain_terms(rewritten)
            result.notices.append(f"{problem}; searched the words: {plain or '(none)'}")
            result.searched = plain
            parsed = self._plain.parse(plain) if plain else wq.NullQuery
        elif unknown:
            result.searched = rewritten
        unmatched = any(
            n.endswith(" matches no words") or n.startswith("no article dated")
            for n in result.notices
        )
        if parsed is wq.NullQuery and problem is None and not unmatched:
            result.notices.append("only very common words: nothing to search for")
        result.query = parsed
        return result

    # --- capped expansion of multi-term queries -----------------------------------------

    def _expand(self, q: wq.Query, result: ParsedQuery, budget: _Budget) -> wq.Query:
        if isinstance(q, wq.FuzzyTerm):
            return self._fuzzy(q, result, budget)
        if isinstance(q, (wq.Prefix, wq.Wildcard, wq.TermRange)):
            return self._multiterm(q, result, budget)
        if isinstance(q, wq.Query) and q.children():
            return q.apply(lambda child: self._expand(child, result, budget))
        return q

    def _terms_query(self, q: wq.Query, terms: list[str]) -> wq.Query:
        if not terms:
            return wq.NullQuery
        return wq.Or([wq.Term(q.fieldname, t) for t in terms], boost=q.boost)

    def _multiterm(self, q: wq.Query, result: ParsedQuery, budget: _Budget) -> wq.Query:
        scan = Scan(budget.share()[2])
        match = None
        if isinstance(q, wq.TermRange):
            start, label = q.start or "", str(q)
        else:
            pattern = fold_for_search(q.text).lower()
            if isinstance(q, wq.Prefix):
                start, label = pattern, f"{q.text}*"
            else:
                start = re.split(r"[*?]", pattern, maxsplit=1)[0]
                match, label = re.compile(fnmatch.translate(pattern)).match, str(q)
        found = []
        for term, df in _terms_from(self._reader(), q.fieldname, start, scan):
            if isinstance(q, wq.TermRange):
                if q.end is not None and (term > q.end or (q.endexcl and term == q.end)):
                    break
                if q.startexcl and term == start:
                    continue
            elif not term.startswith(start):
                break
            elif match is not None and not match(term):
                continue
            found.append((df, term))
        if isinstance(q, wq.Prefix):
            found += self._own_stem(q, start, {term for _, term in found})
        return self._capped(q, found, label, result, budget, scan)

    def _own_stem(self, q: wq.Prefix, word: str, found: set[str]) -> list[tuple[int, str]]:
        """Index terms begin with the prefix exactly as typed (folded), never with its
        stem: ``Курил*`` must not reach "курсе" through the stem "кур". A prefix that is a
        whole word seen in the corpus ("sanctions*") also brings its own stem."""
        own = stem(word)
        if own in found or not word.startswith(own):
            return []
        surface = self._vocab().words.get(own, "")
        df = self._reader().doc_frequency(q.fieldname, own)
        if df and fold_for_search(surface).lower().startswith(word):
            return [(df, own)]
        return []

    def _capped(
        self,
        q: wq.Query,
        found: list[tuple[int, str]],
        label: str,
        result: ParsedQuery,
        budget: _Budget,
        scan: Scan,
    ) -> wq.Query:
        max_terms, max_postings, max_scan = budget.share()
        alone = budget.pending == 1 and budget.terms == QUERY_TERMS
        found.sort(key=lambda ft: (-ft[0], ft[1]))
        kept: list[str] = []
        postings = 0
        for df, term in found[:max_terms]:
            if postings + df > max_postings and (kept or not alone):
                break  # a lone term keeps its most common word whatever it costs, like a word
            kept.append(term)
            postings += df
        budget.spend(len(kept), postings, max_scan - scan.left)
        if not found and not scan.cut:  # say so, rather than 'only very common words' below
            result.notices.append(_nothing_found(q, label))
        elif len(kept) < len(found) or scan.cut:
            budget.cuts.append((label, len(found), len(kept), scan.cut))
        return self._terms_query(q, kept)

    def _fuzzy(self, q: wq.FuzzyTerm, result: ParsedQuery, budget: _Budget) -> wq.Query:
        reader = self._reader()
        term = _text(q.text)
        scan = Scan(budget.share()[2])
        found = [
            (df, t)
            for dist, t in self._vocab().near(term, q.maxdist, q.prefixlength, scan)
            if (df := reader.doc_frequency(q.fieldname, t))
        ]
        return self._capped(q, found, f"{term}~", result, budget, scan)


def _terms_from(reader: Any, fieldname: str, start: str, scan: Scan) -> Iterator[tuple[str, int]]:
    """``(term, doc frequency)`` of ``fieldname`` from ``start`` on, in order, while
    ``scan`` allows. Each segment's term list is read in one pass (``field_terms``)
    and merged: asking a multi-segment reader for each term's frequency costs a hash
    lookup per segment, which made expansions ten times slower."""
    first = reader.schema[fieldname].to_bytes(start) if isinstance(start, str) else start
    leaves = [_leaf_terms(leaf, fieldname, first) for leaf, _ in reader.leaf_readers()]
    merged = heapq.merge(*leaves, key=itemgetter(0))
    for tbytes, group in groupby(merged, key=itemgetter(0)):
        if not scan.take():
            return
        yield _text(tbytes), sum(df for _, df in group)


def _leaf_terms(leaf: Any, fieldname: str, start: bytes) -> Iterator[tuple[bytes, int]]:
    fast = field_terms(leaf, fieldname, start)
    if fast is not None:
        return fast
    return ((term, info.doc_frequency()) for term, info in leaf.iter_field(fieldname, start))


def _text(t: str | bytes) -> str:
    return t.decode("utf-8") if isinstance(t, bytes) else t


def _range_syntax(m: re.Match[str]) -> str:
    """``year:2014..2016`` (either end may be left out) as Whoosh range syntax."""
    start, end = m.group(2), m.group(3)
    return f"{m.group(1)}:[{start + ' ' if start else ''}TO{' ' + end if end else ''}]"


def _nothing_found(q: wq.Query, label: str) -> str:
    """Why an expansion is empty, in the user's terms."""
    if isinstance(q, wq.TermRange) and q.fieldname == "year":
        start, end = _text(q.start or ""), _text(q.end or "")
        if start and end:
            return f"no article dated {start}–{end}"
        return f"no article dated {'from ' + start if start else 'up to ' + end}"
    return f"{label} matches no words"


def positive_terms(q: wq.Query | None, fieldname: str = DEFAULT_FIELD) -> HitTerms:
    """Terms and phrases of ``fieldname`` the query looks for (outside any NOT): what to
    highlight."""
    words: set[str] = set()
    phrases: set[tuple[str, ...]] = set()

    def walk(q: wq.Query | None) -> None:
        if q is None or isinstance(q, wq.Not):
            return
        if isinstance(q, wq.Term) and q.fieldname == fieldname:
            words.add(_text(q.text))
        elif isinstance(q, wq.Phrase) and q.fieldname == fieldname:
            if len(q.words) == 1:
                words.add(_text(q.words[0]))
            else:
                phrases.add(tuple(_text(w) for w in q.words))
        elif isinstance(q, wq.AndNot):
            walk(q.a)
        else:
            for child in q.children():
                walk(child)

    walk(q)
    return HitTerms(frozenset(words), frozenset(phrases))
