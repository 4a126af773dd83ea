"""The gazetteer matcher the index and the query builder share, one per gazetteer.

Built with the search analyzer's own word terms, so what is tagged at index
time and what a query is recognised as are the same spellings.
"""

from __future__ import annotations

from functools import lru_cache

from rjtui.config import Config
from rjtui.entities import EntityMatcher, Gazetteer, load_gazetteer
from rjtui.search.analysis import analyze, runs


def entity_matcher(config: Config) -> EntityMatcher:
    return _matcher(load_gazetteer(config))


@lru_cache(maxsize=4)
def _matcher(gazetteer: Gazetteer) -> EntityMatcher:
    return EntityMatcher(gazetteer, analyze, runs)
