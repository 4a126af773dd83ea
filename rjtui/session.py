"""Where the layers meet: the index builder gets the real ingest here.

``rjtui.search`` may not import ``rjtui.ingest`` (search -> ingest would load the
whole ingest pipeline with every search module), so the CLI and the TUI ask
this module, which hands ``rjtui.ingest.LOADER`` to ``rjtui.search.indexer``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rjtui.config import Config
    from rjtui.search.indexer import IndexReport, Progress


def ensure_index(
    config: Config, *, rebuild: bool = False, progress: Progress | None = None
) -> IndexReport:
    """Build or update ``config``'s index from its corpus (see ``update_index``)."""
    import rjtui.ingest
    from rjtui.search.indexer import update_index

    return update_index(config, rjtui.ingest.LOADER, rebuild=rebuild, progress=progress)
