"""``rjtui bookmarks list|add|remove|export``: the bookmarks file from a shell.

The CLI twins of the TUI's bookmark keys, for scripts and for people who
live in the terminal. Listing re-anchors every bookmark against the current
index (so re-ingested passages are found again); if the index cannot be
opened the saved bookmarks are still listed, because they are the user's
work and must stay reachable whatever state the corpus is in.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rjtui.bookmarks import (
    EXPORT_FORMATS,
    Anchored,
    AnchorStatus,
    BookmarkStore,
    engine_lookup,
    export_text,
    find_article,
    group_by_article,
)
from rjtui.config import Config
from rjtui.corrections.store import cite_corrected
from rjtui.errors import RjtuiError
from rjtui.results import SearchEngine
from rjtui.safefile import write_output
from rjtui.sanitize import strip_controls

PREVIEW_WIDTH = 72


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "bookmarks",
        parents=[common],
        help="list, add, remove and export saved passages",
        description="Saved passages, kept in bookmarks.yaml in the data dir "
        "(--bookmarks FILE or bookmarks.path in the config to move it).",
    )
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)

    listing = actions.add_parser(
        "list", parents=[common], help="bookmarks by article, re-found in the current corpus"
    )
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")
    listing.set_defaults(handler=list_bookmarks)

    add = actions.add_parser("add", parents=[common], help="bookmark a passage")
    add.add_argument("article_id", metavar="ARTICLE_ID", help="as shown by 'rjtui articles'")
    add.add_argument("passage_n", metavar="PASSAGE_N", type=int, help="paragraph number (¶)")
    add.add_argument("--note", default="", metavar="TEXT", help="your note")
    add.add_argument("--tag", action="append", default=[], metavar="TAG", help="repeatable")
    add.add_argument("--query", default="", metavar="Q", help="the search it was found with")
    add.set_defaults(handler=add_bookmark)

    remove = actions.add_parser("remove", parents=[common], help="delete a bookmark by id")
    remove.add_argument("bookmark_id", metavar="ID", help="e.g. bm-1a2b3c4d")
    remove.set_defaults(handler=remove_bookmark)

    export = actions.add_parser(
        "export", parents=[common], help="bookmarks with citations, to paste elsewhere"
    )
    export.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: stdout")
    export.set_defaults(handler=export_bookmarks)


def _store(config: Config) -> BookmarkStore:
    return BookmarkStore(config.bookmarks_file)


@contextlib.contextmanager
def open_corpus(config: Config) -> Iterator[SearchEngine]:
    """The search engine over a current index (built first on a fresh data dir)."""
    from rjtui.session import Session

    with Session(config) as session:
        session.build()
        yield session.engine


def list_bookmarks(args: argparse.Namespace, config: Config) -> int:
    store = _store(config)
    bookmarks = store.load()
    anchored: list[Anchored] | None = None
    if bookmarks:
        try:
            with open_corpus(config) as engine:
                anchored = store.reanchor(engine_lookup(engine))
        except RjtuiError as exc:
            print(f"rjtui: passages not checked against the corpus: {exc}", file=sys.stderr)
    by_id = {a.bookmark.id: a for a in anchored or ()}
    if args.json:
        rows = []
        for bookmark in bookmarks:
            row = bookmark.to_dict()
            found = by_id.get(bookmark.id)
            row["status"] = found.status.value if found else "unchecked"
            current = found.passage if found else None
            row["current_passage"] = {"id": current.id, "n": current.n} if current else None
            rows.append(row)
        print(json.dumps({"file": str(store.path), "bookmarks": rows}, ensure_ascii=False))
        return 0
    if not bookmarks:
        print(f"No bookmarks yet ({store.path}).")
        return 0
    for meta, items in group_by_article(bookmarks):
        byline = ", ".join(_flat(p) for p in (*meta.authors, meta.date or "") if p)
        print(f"{_flat(meta.id)}  {_flat(meta.title)}" + (f" ({byline})" if byline else ""))
        for bookmark in items:
            found = by_id.get(bookmark.id)
            n = found.passage.n if found and found.passage else bookmark.passage.n
            flag = f"[{found.status.value}] " if found and found.status != AnchorStatus.SAME else ""
            extras = "".join(f"  #{_flat(t)}" for t in bookmark.tags)
            extras += f"  — {_flat(bookmark.note)}" if bookmark.note else ""
            line = f"{_flat(bookmark.id)}  ¶{n:<3} {flag}{_preview(bookmark.passage.text)}"
            print(f"  {line}{extras}")
    print(f"{len(bookmarks)} bookmark{'s' * (len(bookmarks) != 1)} in {store.path}")
    return 0


def add_bookmark(args: argparse.Namespace, config: Config) -> int:
    store = _store(config)
    store.load()  # a broken file is reported before the index is touched
    from rjtui.commands.articles import match_id

    with open_corpus(config) as engine:
        # a unique beginning of an id will do, as for show and fix ("002" for a seed)
        article_id = match_id(engine.article_ids(), args.article_id, RjtuiError)
        view = find_article(engine, article_id)
    if view is None:
        raise RjtuiError(f"no article {article_id!r}; see 'rjtui articles' for ids")
    passage = next((p for p in view.passages if p.n == args.passage_n), None)
    if passage is None:
        raise RjtuiError(
            f"article {article_id!r} has passages 1-{len(view.passages)}, "
            f"not {args.passage_n}; see 'rjtui show {article_id}'"
        )
    bookmark = store.add(view.meta, passage, note=args.note, tags=args.tag, query=args.query)
    print(bookmark.id)
    return 0


def remove_bookmark(args: argparse.Namespace, config: Config) -> int:
    removed = _store(config).remove(args.bookmark_id)
    where = f"¶{removed.passage.n} of {_flat(removed.article.id)}"
    print(f"Removed {_flat(removed.id)} ({where}): {_preview(removed.passage.text)}")
    return 0


def export_bookmarks(args: argparse.Namespace, config: Config) -> int:
    store = _store(config)
    text = export_text(
        store.load(), args.format, cite_corrected(config.corrections_file, warn=_warn)
    )
    if args.output is None:
        sys.stdout.write(text)
        return 0
    output = args.output.expanduser().resolve()
    protected = {store.path.resolve(), store.backup_path.resolve(), store.lock_path.resolve()}
    if output in protected:
        raise RjtuiError(f"{output} is the bookmarks file itself; choose another -o FILE")
    if not output.parent.is_dir():
        raise RjtuiError(f"{output.parent}: no such folder; create it or choose another -o FILE")
    try:
        write_output(output, text)
    except OSError as exc:
        raise RjtuiError(f"{output}: cannot write ({exc.strerror or exc})") from None
    print(f"Exported to {output}", file=sys.stderr)
    return 0


def _warn(line: str) -> None:
    print(f"rjtui: {line}", file=sys.stderr)


def _flat(text: str) -> str:
    """One terminal-safe line: hand-edited fields may hold newlines or escapes."""
    return " ".join(strip_controls(text).split())


def _preview(text: str, width: int = PREVIEW_WIDTH) -> str:
    flat = _flat(text)
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"
