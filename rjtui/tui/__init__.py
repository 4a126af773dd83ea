"""The explorer: the Textual app that ``rjtui`` opens.

Nothing here is imported by the core; the core never imports Textual. Modules
in this package import Textual freely, but the start path (``app.run_app``)
keeps the search engine out of module level so the first paint is fast.
"""
