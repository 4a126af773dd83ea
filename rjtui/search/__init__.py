"""Search: the Whoosh index schema, analysis, queries and the ``Engine`` API.

The only package that imports Whoosh (a test checks), index builder included
(``indexer``). It never imports ``rjtui.ingest``: the builder is handed a ``Loader``.
"""

from rjtui.search.engine import Engine
from rjtui.search.layout import IndexMissing, UnsafeIndexDir

__all__ = ["Engine", "IndexMissing", "UnsafeIndexDir"]
