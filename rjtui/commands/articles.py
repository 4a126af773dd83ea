"""``rjtui articles`` and ``rjtui show ID``: the ingested corpus from a shell.

They read the raw files through ingest directly (no index), so they show
exactly what ingest makes of a corpus: the quickest way to check metadata
and passages after adding files. Skipped files go to stderr, one line each.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from rjtui.config import Config
from rjtui.errors import RjtuiError, UsageError
from rjtui.results import plural

if TYPE_CHECKING:
    from rjtui.corpus import Article
    from rjtui.ingest import CorpusLoad

_TITLE_WIDTH = 60
_GUTTER = 16


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    articles = subparsers.add_parser(
        "articles",
        parents=[common],
        help="list the articles in the corpus with their metadata",
        description="Ingest the corpus folders and list every article "
        "(skipped files are reported on stderr).",
    )
    articles.add_argument("--json", action="store_true", help="print a JSON list for scripts")
    articles.set_defaults(handler=list_articles)

    show = subparsers.add_parser(
        "show",
        parents=[common],
        help="print one article with its passages",
        description="Print one article: metadata, then every passage with its number.",
    )
    show.add_argument(
        "article_id", metavar="ID", help="an id from 'rjtui articles' (any unique beginning)"
    )
    show.add_argument("--json", action="store_true", help="print JSON for scripts")
    show.add_argument(
        "--source",
        action="store_true",
        help="the source file line by line: where each line went, and why",
    )
    show.set_defaults(handler=show_article)


def _load(config: Config) -> CorpusLoad:
    from rjtui.ingest import load_corpus

    load = load_corpus(config)
    for skipped in load.skipped:
        print(f"rjtui: skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
    if not load.articles:
        folders = ", ".join(str(d) for d in config.corpus_dirs)
        raise RjtuiError(f"no articles loaded from {folders}; add .txt, .md, .html or .pdf files")
    return load


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def list_articles(args: argparse.Namespace, config: Config) -> int:
    load = _load(config)
    if args.json:
        _print_json([a.summary_json() for a in load.articles])
        return 0
    from rich.table import Table
    from rich.text import Text

    from rjtui.commands.console import stdout_console

    table = Table(title=Text(plural(len(load.articles), "article")), expand=False)
    table.add_column(Text("id"), no_wrap=True)
    table.add_column(Text("date"), no_wrap=True)
    table.add_column(Text("lang"), no_wrap=True)
    table.add_column(Text("title"), min_width=_TITLE_WIDTH // 2, ratio=1)
    table.add_column(Text("authors"), max_width=_TITLE_WIDTH // 3)
    table.add_column(Text("¶"), justify="right", no_wrap=True)
    table.add_column(Text("words"), justify="right", no_wrap=True)
    for a in load.articles:
        title = Text(a.title, style="italic" if a.title_is_fallback else "")
        table.add_row(
            Text(a.id),
            Text(a.date or "–"),
            Text(a.language),
            title,
            Text(", ".join(a.authors) or "–"),
            Text(str(len(a.passages))),
            Text(str(a.words)),
        )
    stdout_console().print(table)
    return 0


def show_article(args: argparse.Namespace, config: Config) -> int:
    load = _load(config)
    article = find_article(load.articles, args.article_id)
    if args.source:
        return _show_source(article, config, load.line_keys, as_json=args.json)
    if args.json:
        _print_json(article.full_json())
    else:
        from rjtui.commands.console import stdout_console

        stdout_console().print(render_article(article))
    return 0


def _show_source(
    article: Article, config: Config, line_keys: dict[str, tuple[str, ...]], *, as_json: bool
) -> int:
    from rjtui.ingest.sourceview import BLANK, dropped_summary, gutter_label, trace_article

    article, lines = trace_article(article, config, line_keys)
    if as_json:
        _print_json(
            {
                "id": article.id,
                "path": article.path,
                "summary": dropped_summary(lines),
                "lines": [line.to_json() for line in lines if line.status != BLANK],
                "warnings": list(article.warnings),
            }
        )
        return 0
    from rich.text import Text

    from rjtui.commands.console import stdout_console

    console = stdout_console()
    for line in lines:
        row = Text(f"{line.line:>5} {gutter_label(line)[:_GUTTER]:<{_GUTTER}} │ ", style="dim")
        row.append(line.text, style="dim" if line.status == "dropped" else "")
        console.print(row, no_wrap=True, overflow="ellipsis")
    console.print(Text(dropped_summary(lines)))
    for warning in article.warnings:
        console.print(Text(warning))
    return 0


def find_article(articles: list[Article], given: str) -> Article:
    """The article whose id is ``given`` or begins with it (``002`` for a seed)."""
    by_id = {a.id: a for a in articles}
    return by_id[match_id(list(by_id), given, RjtuiError)]


def match_id(ids: list[str], given: str, unknown: type[RjtuiError] = UsageError) -> str:
    """The id that is ``given`` or begins with it; ``unknown`` when none is."""
    found = [given] if given in ids else [i for i in ids if given and i.startswith(given)]
    if len(found) == 1:
        return found[0]
    if found:
        listed = ", ".join(found[:5]) + (" …" if len(found) > 5 else "")
        raise UsageError(f"id {given!r} is the beginning of {len(found)} ids: {listed}")
    raise unknown(f"no article with id {given!r}; 'rjtui articles' lists the ids")


def render_article(article: Article) -> Any:
    """The article as Rich renderables built from ``Text`` objects (text is data, not markup)."""
    from rich.console import Group
    from rich.text import Text

    parts: list[Any] = [Text(article.title, style="bold")]
    if article.subtitle:
        parts.append(Text(article.subtitle, style="italic"))
    facts = [
        ", ".join(article.authors),
        article.date or "",
        article.source or "",
        article.section or "",
    ]
    parts.append(Text(" · ".join(f for f in facts if f), style="dim"))
    if article.author_note:
        parts.append(Text(article.author_note, style="dim italic"))
    if article.topics:
        parts.append(Text("Topics: " + ", ".join(article.topics), style="cyan"))
    for passage in article.passages:
        parts.append(Text(""))
        line = Text(f"¶{passage.n} ", style="bold dim")
        line.append(passage.text)
        parts.append(line)
    if article.notes:
        parts.append(Text("\nNotes", style="bold"))
        parts.extend(Text(note, style="dim") for note in article.notes)
    return Group(*parts)
