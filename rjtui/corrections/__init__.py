"""Corrections: the user's fixes to what ingest made of an article, kept in a file.

Ingest heuristics are never perfect on a real corpus: a headline taken from a
section label, a paragraph dropped as boilerplate, an author missed. A
correction sets metadata fields and keeps or drops source lines; ingest applies
it after its heuristics every time (``rjtui.ingest.corrected``), so it survives
re-ingest and index rebuilds. The file (``corrections.yaml`` in the data dir)
has the same guarantees as bookmarks, through the same code (``rjtui.handfile``).
"""
