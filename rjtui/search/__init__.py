"""Search: the Whoosh index schema, analysis, queries and the ``Engine`` API.

This package and ``rjtui.index`` are the only places that import Whoosh.
"""

from rjtui.search.engine import Engine
from rjtui.search.store import IndexMissing, UnsafeIndexDir

__all__ = ["Engine", "IndexMissing", "UnsafeIndexDir"]
