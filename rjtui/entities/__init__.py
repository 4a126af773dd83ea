"""Names across languages: the gazetteer of the field and the matcher that finds its
entities in text.

Headless and Whoosh-free: the matcher is handed the search analyzer's word
terms by ``rjtui.search`` (so a variant is matched after exactly the folding
and stemming a query gets), and the search layer tags passages at index time
and expands queries with it.
"""

from __future__ import annotations

from rjtui.entities.gazetteer import LANGUAGES, Entity, Gazetteer, load_gazetteer
from rjtui.entities.matcher import EntityMatcher, Mention

__all__ = ["LANGUAGES", "Entity", "EntityMatcher", "Gazetteer", "Mention", "load_gazetteer"]
