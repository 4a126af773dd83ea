"""``rjtui concordance QUERY``: every hit in context, one line each, from a shell.

The twin of the TUI's concordance (same lines, same sorts, from
``rjtui.concordance``): a table for people, ``--json`` / ``--tsv`` / ``--csv``
for scripts and spreadsheets.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rjtui.commands.search import (
    add_filters,
    literal,
    open_engine,
    plain_text,
    positive,
    print_notices,
    resolve_filters,
)
from rjtui.concordance import (
    DEFAULT_WIDTH,
    SORTS,
    ConcordanceLine,
    concordance_lines,
    delimited,
    sort_lines,
)
from rjtui.config import Config
from rjtui.results import plural

TITLE_CHARS = 30
DEFAULT_LIMIT = 200
"""Passages searched (each may give several lines)."""


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    cmd = subparsers.add_parser(
        "concordance",
        parents=[common],
        help="every hit of a query in context, one line each",
        description="Keyword in context: one line per hit (a phrase is one hit), "
        "sortable by the words left or right of it.",
    )
    cmd.add_argument("query", nargs="+", metavar="QUERY", help="words of the query")
    add_filters(cmd)
    cmd.add_argument(
        "--width", type=positive, default=DEFAULT_WIDTH, metavar="N", help="context characters"
    )
    cmd.add_argument("--sort", choices=SORTS, default="rank", help="rank (default), left, right")
    cmd.add_argument(
        "--limit", type=positive, default=DEFAULT_LIMIT, metavar="N", help="passages searched"
    )
    out = cmd.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print JSON for scripts")
    out.add_argument("--tsv", action="store_true", help="tab-separated, with a header row")
    out.add_argument("--csv", action="store_true", help="comma-separated, with a header row")
    cmd.set_defaults(handler=run_concordance)


def run_concordance(args: argparse.Namespace, config: Config) -> int:
    query = " ".join(args.query)
    with open_engine(config) as engine:
        result = engine.search_passages(
            query, resolve_filters(engine, args), limit=args.limit, **literal(args)
        )
    lines = sort_lines(concordance_lines(result, args.width), args.sort)
    if args.json:
        data = {"query": query, "lines": [line.to_json() for line in lines]}
        print(json.dumps(data, ensure_ascii=False))
        return 0
    if args.tsv or args.csv:
        sys.stdout.write(delimited(lines, "tsv" if args.tsv else "csv"))
        return 0
    from rjtui.commands.console import stdout_console

    console = stdout_console(highlight=False)
    print_notices(console, result)
    for line in lines:
        console.print(_row(line, args.width), soft_wrap=True)
    if lines:
        console.print(plain_text(f"{plural(len(lines), 'hit')} · sort: {args.sort}", "dim"))
    return 0


def _row(line: ConcordanceLine, width: int) -> Any:
    """Fixed columns: left context right-aligned, the keyword, right context, title, ¶."""
    from rich.text import Text

    row = Text(line.left.rjust(width) + " ")
    row.append(line.keyword, "bold reverse")
    row.append(" " + line.right.ljust(width) + "  ")
    row.append(line.title[:TITLE_CHARS], "dim")
    row.append(f" ¶{line.n}", "cyan")
    return row
