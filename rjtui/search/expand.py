"""Cross-language search: a query word or phrase that names a gazetteer entity also
finds every passage tagged with that entity, whatever spelling or language it uses.

``kuril`` becomes ``kuril OR entity:kuril-islands``, so the English word still
ranks as typed while Курилы and 千島列島 come in through the index-time tags
(which are exactly the passages holding some variant). Plain words next to
each other count as a phrase here ("Sea of Okhotsk" unquoted is recognised),
longest first. Nothing under NOT is expanded: excluding stays literal. The
caller reports what was added (``describe``), so widening is never silent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from whoosh import query as wq

from rjtui.entities import LANGUAGES, EntityMatcher
from rjtui.search.schema import DEFAULT_FIELD, ENTITY_FIELD

MAX_SHOWN_VARIANTS = 3
MAX_SHOWN_ENTITIES = 3


@dataclass
class Expanded:
    query: wq.Query
    entities: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Entity id -> the analysed query terms that named it."""
    unknown: list[str] = field(default_factory=list)
    """``entity:`` ids the gazetteer does not have."""


def expand_entities(q: wq.Query, matcher: EntityMatcher, *, expand: bool = True) -> Expanded:
    """``q`` with entity names widened to their tagged passages (``expand``), and any
    ``entity:`` id checked against the gazetteer either way."""
    result = Expanded(q)
    longest = matcher.longest

    def entity_terms(key: tuple[str, ...]) -> list[wq.Query]:
        ids = matcher.keys.get(key, []) if expand else []
        for eid in ids:
            result.entities.setdefault(eid, key)
        return [wq.Term(ENTITY_FIELD, eid) for eid in ids]

    def widen(node: wq.Query, key: tuple[str, ...]) -> wq.Query:
        extra = entity_terms(key)
        return wq.Or([node, *extra]) if extra else node

    def walk(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.Term):
            if node.fieldname == DEFAULT_FIELD:
                return widen(node, (_text(node.text),))
            if node.fieldname == ENTITY_FIELD and _text(node.text) not in matcher.gazetteer.by_id:
                result.unknown.append(_text(node.text))
            return node
        if isinstance(node, wq.Phrase) and node.fieldname == DEFAULT_FIELD:
            return widen(node, tuple(_text(w) for w in node.words))
        if isinstance(node, wq.Not):
            return node
        if isinstance(node, wq.And):
            return wq.And(runs(node.subqueries), boost=node.boost)
        if node.children():
            return node.apply(walk)
        return node

    def runs(children: list[wq.Query]) -> list[wq.Query]:
        """Consecutive plain words that spell a multi-word variant, longest first."""
        out: list[wq.Query] = []
        i = 0
        while i < len(children):
            for n in range(min(longest, len(children) - i), 1, -1):
                run = children[i : i + n]
                if not all(isinstance(c, wq.Term) and c.fieldname == DEFAULT_FIELD for c in run):
                    continue
                extra = entity_terms(tuple(_text(c.text) for c in run))
                if extra:
                    out.append(wq.Or([wq.And(run), *extra]))
                    i += n
                    break
            else:
                out.append(walk(children[i]))
                i += 1
        return out

    result.query = walk(q)
    return result


def describe(entities: dict[str, tuple[str, ...]], matcher: EntityMatcher) -> str | None:
    """'Kuril Islands: also searched Курильские острова, 千島列島' (the spellings in the
    other languages than the one typed)."""
    parts = []
    for eid, key in list(entities.items())[:MAX_SHOWN_ENTITIES]:
        entity = matcher.gazetteer.by_id[eid]
        typed = {
            lang
            for lang in LANGUAGES
            if any(matcher.terms(v) == key for v in getattr(entity, lang))
        }
        shown = [getattr(entity, lang)[0] for lang in LANGUAGES if lang not in typed]
        shown = [v for v in shown if v][:MAX_SHOWN_VARIANTS] or list(entity.variants[:1])
        parts.append(f"{entity.name}: also searched {', '.join(shown)}")
    if len(entities) > MAX_SHOWN_ENTITIES:
        parts.append(f"+{len(entities) - MAX_SHOWN_ENTITIES} more entities")
    return "; ".join(parts) or None


def _text(t: str | bytes) -> str:
    return t.decode("utf-8") if isinstance(t, bytes) else t
