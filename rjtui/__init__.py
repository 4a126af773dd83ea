"""rjtui: a keyboard-driven terminal explorer for articles on Russia-Japan relations.

The package is split so that the core (config, ingest, index, search, bookmarks)
never imports Textual: the CLI, scripts and tests use it headless, and only
``rjtui.tui`` pulls in the UI.
"""

__version__ = "0.1.0"
