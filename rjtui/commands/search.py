"""``rjtui index``, ``rjtui search`` and ``rjtui facets``: the search engine from a shell.

Rich output for people (a progress bar while indexing, a table of articles
with highlighted snippets) and ``--json`` for scripts; the JSON shape is
``SearchResult.to_json`` and is a contract. Whoosh, Rich tables and ingest are
imported inside the handlers so that starting the TUI stays fast.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rjtui.config import Config

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from rjtui.results import PassageHit
    from rjtui.search import Engine
    from rjtui.search.indexer import IndexReport

SNIPPET_CHARS = 220


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    index = subparsers.add_parser(
        "index",
        parents=[common],
        help="build or update the search index",
        description="Index the corpus: the first run builds, later runs touch only "
        "added, changed and removed files.",
    )
    index.add_argument("--rebuild", action="store_true", help="rebuild from scratch")
    index.set_defaults(handler=run_index)

    search = subparsers.add_parser(
        "search",
        parents=[common],
        help="search the corpus",
        description='Whoosh syntax: plain words (ANDed), "phrases", AND/OR/NOT, '
        "title: author: topic: source: year: language: fields, prefix*, fuzzy~. "
        "No query lists every article, newest first.",
    )
    search.add_argument("query", nargs="*", metavar="QUERY", help="words of the query")
    _add_filters(search)
    search.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    search.add_argument("--limit", type=_positive, default=10, metavar="N")
    search.add_argument("--offset", type=_natural, default=0, metavar="N")
    search.add_argument(
        "--passages", action="store_true", help="matching passages (keyword in context)"
    )
    search.add_argument(
        "--literal", action="store_true", help="do not widen entity names to other spellings"
    )
    search.add_argument("--json", action="store_true", help="print JSON for scripts")
    search.set_defaults(handler=run_search)

    facets = subparsers.add_parser(
        "facets",
        parents=[common],
        help="counts per author, topic, source, year and language",
        description="Facet counts over the articles matching QUERY (all articles if none).",
    )
    facets.add_argument("query", nargs="*", metavar="QUERY")
    _add_filters(facets)
    facets.add_argument("--json", action="store_true", help="print JSON for scripts")
    facets.set_defaults(handler=run_facets)


def _add_filters(parser: argparse.ArgumentParser) -> None:
    for name, help_ in (
        ("author", "only this author (repeatable: any of them)"),
        ("topic", "only this topic (repeatable)"),
        ("source", "only this publication (repeatable)"),
        ("year", "only this year (repeatable)"),
        ("language", "only this language: en, ru, ja, other (repeatable)"),
        ("entity", "only articles mentioning this entity id (repeatable; rjtui entities)"),
    ):
        parser.add_argument(
            f"--{name}", action="append", default=[], metavar=name.upper(), help=help_
        )


def _positive(text: str) -> int:
    value = _natural(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _natural(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _filters(args: argparse.Namespace) -> dict[str, list[str]]:
    return {
        "authors": args.author,
        "topics": args.topic,
        "sources": args.source,
        "years": args.year,
        "languages": args.language,
        "entities": args.entity,
    }


def _stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True)


def _index(config: Config, *, rebuild: bool = False) -> IndexReport:
    """Run ``ensure_index`` with a progress bar on stderr (only when files are read)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from rjtui.session import ensure_index

    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=_stderr(), transient=True) as bar:
        task = None

        def progress(done: int, total: int, path: str) -> None:
            nonlocal task
            if task is None:
                task = bar.add_task("indexing", total=total)
            bar.update(task, completed=done)

        return ensure_index(config, rebuild=rebuild, progress=progress)


@contextmanager
def _engine(config: Config) -> Iterator[Engine]:
    from rjtui.search import Engine, IndexMissing

    _index(config)
    try:
        engine = Engine.open(config)
    except IndexMissing:  # damaged (e.g. a truncated segment): our own data, rebuild it
        _index(config, rebuild=True)
        engine = Engine.open(config)
    try:
        yield engine
    finally:
        engine.close()


def run_index(args: argparse.Namespace, config: Config) -> int:
    report = _index(config, rebuild=args.rebuild)
    if report.read_only:
        what = "another rjtui process is updating the index; it has"
    else:
        what = "rebuilt:" if report.rebuilt else "updated:"
    changes = (
        "" if report.rebuilt else (f" (+{report.added} ~{report.changed} -{report.removed} files)")
    )
    print(
        f"{what} {report.articles} articles, {report.passages} passages{changes}, "
        f"{len(report.skipped)} skipped, {report.seconds:.1f} s"
    )
    for path, reason in report.skipped:
        print(f"  skipped {_plain(path)}: {_plain(reason)}")
    return 0


def run_search(args: argparse.Namespace, config: Config) -> int:
    query = " ".join(args.query)
    with _engine(config) as engine:
        if args.passages:
            result = engine.search_passages(
                query, limit=args.limit, expand=False if args.literal else None, **_filters(args)
            )
        else:
            result = engine.search(
                query,
                sort=args.sort,
                limit=args.limit,
                offset=args.offset,
                expand=False if args.literal else None,
                **_filters(args),
            )
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
        return 0
    from rjtui.commands.console import stdout_console

    console = stdout_console(highlight=False)
    expansion = result.expansion and f"{result.expansion} (--literal: only the words typed)"
    suggestion = result.suggestion and f"did you mean: {result.suggestion}"
    for line in (result.notice, expansion, suggestion):
        if line:
            console.print(_text(line, "yellow"))
    if args.passages:
        _print_passages(console, result)
    else:
        _print_articles(console, result)
    return 0


def run_facets(args: argparse.Namespace, config: Config) -> int:
    with _engine(config) as engine:
        facets = engine.facets(" ".join(args.query), **_filters(args))
    if args.json:
        print(json.dumps(facets.to_json(), ensure_ascii=False))
        return 0
    from rich.table import Table

    from rjtui.commands.console import stdout_console

    console = stdout_console(highlight=False)
    for name, counts in facets.to_json().items():
        table = Table(title=name, title_justify="left", show_header=False, box=None)
        for value, count in counts.items():
            table.add_row(_text(value), str(count))
        console.print(table)
    return 0


# --- rendering: article text is data, styled with spans, never markup ------------------


def _plain(text: str) -> str:
    from rjtui.sanitize import strip_controls

    return strip_controls(text)


def _text(text: str, style: str = "") -> Text:
    from rich.text import Text

    return Text(_plain(text), style=style)


def snippet(passage: PassageHit, width: int = SNIPPET_CHARS) -> Text:
    """A window of the passage around its first hit, hits in bold (offsets, not markup)."""
    from rich.text import Text

    text = passage.text
    first = passage.highlights[0][0] if passage.highlights else 0
    start = max(0, min(first - width // 3, len(text) - width))
    end = min(len(text), start + width)
    out = Text("…" if start else "")
    shift = len(out) - start
    out.append(_plain(text[start:end]))
    if end < len(text):
        out.append("…")
    for hit_start, hit_end in passage.highlights:
        if hit_start >= start and hit_end <= end:
            out.stylize("bold reverse", hit_start + shift, hit_end + shift)
    return out


def _byline(meta: Any) -> Text:
    parts = [", ".join(meta.authors), meta.source or "", meta.date or ""]
    return _text(" · ".join(p for p in parts if p), "dim")


def _print_articles(console: Console, result: Any) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("article", ratio=1)
    for i, hit in enumerate(result.articles, 1):
        cell = Text()
        cell.append_text(_text(hit.meta.title, "bold"))
        cell.append(f"  [{hit.meta.id}]", style="dim")
        cell.append("\n")
        cell.append_text(_byline(hit.meta))
        for passage in hit.passages:
            cell.append(f"\n¶{passage.n} ", style="cyan")
            cell.append_text(snippet(passage))
        table.add_row(str(i), cell)
    console.print(table)
    console.print(
        f"{result.total_articles} articles, {result.total_passages} passages "
        f"({result.elapsed_ms:.0f} ms)",
        style="dim",
    )


def _print_passages(console: Console, result: Any) -> None:
    from rich.text import Text

    for match in result.passages:
        line = Text()
        line.append_text(_text(match.article.id, "dim"))
        line.append(f" ¶{match.passage.n}  ", style="cyan")
        line.append_text(snippet(match.passage, width=120))
        console.print(line)
    console.print(f"{result.total_passages} passages ({result.elapsed_ms:.0f} ms)", style="dim")
