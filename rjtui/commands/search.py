"""``rjtui index``, ``rjtui search`` and ``rjtui facets``: the search engine from a shell.

Rich output for people (a progress bar while indexing, a table of articles
with highlighted snippets) and ``--json`` for scripts; the JSON shape is
``SearchResult.to_json`` and is a contract. Whoosh, Rich tables and ingest are
imported inside the handlers so that starting the TUI stays fast.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rjtui.config import Config
from rjtui.display import byline, clean, styled_hits, window
from rjtui.errors import UsageError
from rjtui.results import FACETS, Filters, PassageResult, SearchResult, plural
from rjtui.session import Session, ensure_index

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from rjtui.results import PassageHit, SearchEngine
    from rjtui.search.indexer import Progress

SNIPPET_CHARS = 220
_SHORT_ID = 8
"""Enough of an id to tell seeds apart; ``rjtui show`` takes any unique prefix."""


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
        description="Whoosh syntax: plain words (all of them somewhere in an article; "
        'add /p for all in one passage), "phrases", AND/OR/NOT, '
        "title: author: topic: source: year: language: fields, year:2014..2016, prefix*, "
        "fuzzy~. No query lists every article, newest first.",
    )
    search.add_argument("query", nargs="*", metavar="QUERY", help="words of the query")
    add_filters(search)
    search.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    search.add_argument("--limit", type=positive, default=10, metavar="N")
    search.add_argument("--offset", type=_natural, default=0, metavar="N")
    search.add_argument(
        "--passages", action="store_true", help="matching passages (keyword in context)"
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
    add_filters(facets)
    facets.add_argument("--json", action="store_true", help="print JSON for scripts")
    facets.set_defaults(handler=run_facets)


FILTER_HELP = {
    "authors": "only this author: any unique part of the name (repeatable)",
    "sources": "only this publication: any unique part of it (repeatable)",
    "years": "only this year (repeatable)",
    "languages": "only this language: en, ru, ja, other (repeatable)",
    "entities": "only articles mentioning this entity: a unique part of its id (repeatable)",
}
"""Wording for some filter options; the options themselves come from ``FACETS``."""


def option(facet: str) -> str:
    """The CLI option of a facet: ``authors`` -> ``author`` (``--author A``),
    ``entities`` -> ``entity``."""
    return facet.removesuffix("ies") + "y" if facet.endswith("ies") else facet.removesuffix("s")


def add_filters(parser: argparse.ArgumentParser) -> None:
    """One repeatable option per facet (``rjtui.results.FACETS``)."""
    for facet in FACETS:
        name = option(facet)
        parser.add_argument(
            f"--{name}",
            action="append",
            default=[],
            dest=facet,
            metavar=name.upper(),
            help=FILTER_HELP.get(facet, f"only this {name}: any unique part of it (repeatable)"),
            type=_year if facet == "years" else str,
        )
    parser.add_argument(
        "--literal", action="store_true", help="do not widen entity names to other spellings"
    )


def literal(args: argparse.Namespace) -> dict[str, bool]:
    """The engine's ``expand`` keyword for ``--literal`` (none: the config decides)."""
    return {"expand": False} if args.literal else {}


def positive(text: str) -> int:
    value = _natural(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must be ≥ 1")
    return value


def _natural(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be ≥ 0")
    return value


def _year(text: str) -> str:
    if not re.fullmatch(r"\d{1,4}", text.strip()):
        raise argparse.ArgumentTypeError(f"not a year: {text!r} (e.g. 2016)")
    return text.strip()


def resolve_filters(engine: SearchEngine, args: argparse.Namespace) -> Filters:
    """The filter options as the index spells the values: case-insensitive, a unique
    part of a name is enough. An unknown or ambiguous value is a ``UsageError``
    naming the closest values (``--author Panov`` means "Alexander Panov")."""
    known = engine.facets().to_json()
    chosen: dict[str, list[str]] = {}
    for facet in FACETS:
        values = list(known[facet])
        chosen[facet] = [_resolve(option(facet), v, values) for v in getattr(args, facet)]
    return Filters.of(**chosen)


def _resolve(option: str, given: str, values: list[str]) -> str:
    wanted = given.casefold().strip()
    exact = [v for v in values if v.casefold() == wanted]
    if exact:
        return exact[0]
    if option == "year":
        raise UsageError(f"--year {given}: no article dated {given}; years: {_listing(values)}")
    parts = [v for v in values if wanted and wanted in v.casefold()]
    if len(parts) == 1:
        return parts[0]
    if parts:
        raise UsageError(f"--{option} {given!r} is ambiguous: {_listing(parts)}")
    close = difflib.get_close_matches(wanted, [v.casefold() for v in values], n=3, cutoff=0.5)
    named = [v for c in close for v in values if v.casefold() == c] or values[:3]
    hint = f"; closest: {_listing(named)}" if named else "; the corpus has none"
    raise UsageError(f"--{option} {given!r} matches nothing{hint}")


def _listing(values: list[str], most: int = 5) -> str:
    shown = ", ".join(clean(v) for v in values[:most])
    return shown + (f" and {len(values) - most} more" if len(values) > most else "")


def _stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True)


@contextmanager
def _progress_bar() -> Iterator[Progress]:
    """A progress callback for index builds, drawn on stderr only once files are read
    (and only on a terminal)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    console = _stderr()
    with Progress(
        *columns, console=console, transient=True, disable=not console.is_terminal
    ) as bar:
        task = None

        def progress(done: int, total: int, path: str) -> None:
            nonlocal task
            if task is None:
                task = bar.add_task("indexing", total=total)
            bar.update(task, completed=done)

        yield progress


@contextmanager
def open_engine(config: Config) -> Iterator[SearchEngine]:
    """The engine over a current index; a damaged index (e.g. a truncated segment) is
    our own data, so it is rebuilt."""
    from rjtui.search import IndexMissing

    with Session(config) as session:
        try:
            with _progress_bar() as progress:
                session.build(progress=progress)
        except IndexMissing:
            with _progress_bar() as progress:
                session.build(rebuild=True, progress=progress)
        yield session.engine


def run_index(args: argparse.Namespace, config: Config) -> int:
    with _progress_bar() as progress:
        report = ensure_index(config, rebuild=args.rebuild, progress=progress)
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
        print(f"  skipped {clean(path)}: {clean(reason)}")
    return 0


def run_search(args: argparse.Namespace, config: Config) -> int:
    query = " ".join(args.query)
    result: SearchResult | PassageResult
    with open_engine(config) as engine:
        filters = resolve_filters(engine, args)
        if args.passages:
            result = engine.search_passages(query, filters, limit=args.limit, **literal(args))
        else:
            result = engine.search(
                query,
                filters,
                sort=args.sort,
                limit=args.limit,
                offset=args.offset,
                **literal(args),
            )
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
        return 0
    from rjtui.commands.console import stdout_console

    console = stdout_console(highlight=False)
    print_notices(console, result)
    if isinstance(result, PassageResult):
        _print_passages(console, result)
    else:
        _print_articles(console, result)
    return 0


def run_facets(args: argparse.Namespace, config: Config) -> int:
    with open_engine(config) as engine:
        facets = engine.facets(" ".join(args.query), resolve_filters(engine, args), **literal(args))
        notice = engine.empty_corpus_notice
    if args.json:
        print(json.dumps(facets.to_json(), ensure_ascii=False))
        return 0
    from rich.table import Table

    from rjtui.commands.console import stdout_console

    console = stdout_console(highlight=False)
    if notice:
        console.print(plain_text(notice))
    for name, counts in facets.to_json().items():
        table = Table(title=name, title_justify="left", show_header=False, box=None)
        for value, count in counts.items():
            table.add_row(plain_text(value), str(count))
        console.print(table)
    return 0


# --- rendering: article text is data, styled with spans, never markup ------------------


def plain_text(text: str, style: str = "") -> Text:
    from rich.text import Text

    return Text(clean(text), style=style)


def snippet(passage: PassageHit, width: int = SNIPPET_CHARS) -> Text:
    """The passage's window around its first hit (``rjtui.display.window``, as in the
    TUI), hits in bold (offsets, not markup)."""
    shown, spans = window(passage.text, passage.highlights, width)
    return styled_hits(shown, spans, "bold reverse")


def print_notices(console: Console, result: SearchResult | PassageResult) -> None:
    """The notice, and for an empty result "no matches" with the suggestion if any."""
    if result.notice:
        console.print(plain_text(result.notice, "yellow"))
    if result.expansion:  # on stderr: said to the person, kept out of what scripts parse
        line = f"{result.expansion} (--literal: only the words typed)"
        _stderr().print(plain_text(line, "yellow"))
    empty = not (result.passages if isinstance(result, PassageResult) else result.articles)
    if empty:
        console.print(plain_text("no matches", "bold"))
    if result.suggestion:
        console.print(plain_text(f"did you mean: {result.suggestion}", "yellow"))


def _print_articles(console: Console, result: SearchResult) -> None:
    from rich.table import Table
    from rich.text import Text

    if not result.articles:
        return
    table = Table(show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("article", ratio=1)
    for i, hit in enumerate(result.articles, 1):
        cell = Text()
        cell.append_text(plain_text(hit.meta.title, "bold"))
        cell.append(f"  [{hit.meta.id}]", style="dim")
        cell.append("\n")
        cell.append(byline(hit.meta), style="dim")
        for passage in hit.passages:
            cell.append(f"\n¶{passage.n} ", style="cyan")
            cell.append_text(snippet(passage))
        table.add_row(str(i), cell)
    console.print(table)
    passages = (
        "metadata match, no passage"
        if result.metadata_match
        else plural(result.total_passages, "passage")
    )
    console.print(
        f"{plural(result.total_articles, 'article')}, {passages}"
        f"{' (' + result.scope_label + ')' if result.query.strip() else ''} "
        f"({result.elapsed_ms:.0f} ms)",
        style="dim",
    )


def _print_passages(console: Console, result: PassageResult) -> None:
    from rich.text import Text

    for match in result.passages:
        line = Text()
        line.append_text(plain_text(match.article.title, "bold"))
        line.append(f"  ¶{match.passage.n}  ", style="cyan")
        line.append(f"[{match.article.id[:_SHORT_ID]}]", style="dim")
        line.append("\n  ")
        line.append_text(snippet(match.passage, width=120))
        console.print(line)
    console.print(
        f"{plural(result.total_passages, 'passage')} ({result.elapsed_ms:.0f} ms)", style="dim"
    )
