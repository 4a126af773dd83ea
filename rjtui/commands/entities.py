"""``rjtui entities`` and ``rjtui trends``: who and what the results mention, and when.

``entities`` is the Mentions facet from a shell: the gazetteer entities the
matching articles mention, grouped by kind, with article counts. ``trends``
counts matching articles per year or month for one to four queries (each
QUERY argument is one series: quote a query of several words); undated
articles are counted apart, never dropped.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any

from rjtui.commands.search import add_filters, literal, open_engine, plain_text, resolve_filters
from rjtui.config import Config
from rjtui.errors import RjtuiError
from rjtui.trends import MAX_SERIES


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    entities = subparsers.add_parser(
        "entities",
        parents=[common],
        help="people, places, organisations... the matching articles mention",
        description="The gazetteer entities mentioned by the articles matching QUERY "
        "(all articles if none), grouped by kind, with article counts.",
    )
    entities.add_argument("query", nargs="*", metavar="QUERY")
    add_filters(entities)
    entities.add_argument("--json", action="store_true", help="print JSON for scripts")
    entities.set_defaults(handler=run_entities)

    trends = subparsers.add_parser(
        "trends",
        parents=[common],
        help="matching articles per year or month, for up to four queries",
        description="One series per QUERY (quote a query of several words). Per month "
        "when the matches span under three years, else per year.",
    )
    trends.add_argument("queries", nargs="+", metavar="QUERY")
    trends.add_argument("--by", choices=("year", "month"), help="period (default: automatic)")
    trends.add_argument("--passages", action="store_true", help="count passages, not articles")
    add_filters(trends)
    out = trends.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print JSON for scripts")
    out.add_argument("--csv", action="store_true", help="print CSV: period, one column a query")
    trends.set_defaults(handler=run_trends)


def run_entities(args: argparse.Namespace, config: Config) -> int:
    with open_engine(config) as engine:
        query = " ".join(args.query)
        counts = engine.facets(query, resolve_filters(engine, args), **literal(args))["entities"]
        gazetteer = engine.gazetteer
    mentioned = [(gazetteer.by_id[eid], n) for eid, n in counts.items() if eid in gazetteer.by_id]
    if args.json:
        rows = [{**entity.to_json(), "articles": n} for entity, n in mentioned]
        print(json.dumps({"query": query, "entities": rows}, ensure_ascii=False))
        return 0
    from rich.table import Table

    from rjtui.commands.console import stdout_console

    console = stdout_console(highlight=False)
    if not mentioned:
        console.print("no gazetteer entity is mentioned by the matching articles", style="dim")
    for kind in sorted({entity.kind for entity, _ in mentioned}):
        table = Table(title=kind, title_justify="left", show_header=False, box=None)
        for entity, n in mentioned:
            if entity.kind == kind:
                table.add_row(plain_text(entity.name), plain_text(entity.id, "dim"), str(n))
        console.print(table)
    return 0


def run_trends(args: argparse.Namespace, config: Config) -> int:
    if len(args.queries) > MAX_SERIES:
        raise RjtuiError(f"trends compares at most {MAX_SERIES} queries, not {len(args.queries)}")
    with open_engine(config) as engine:
        trends = engine.trends(
            args.queries,
            resolve_filters(engine, args),
            by=args.by,
            passages=args.passages,
            **literal(args),
        )
    if args.json:
        print(json.dumps(trends.to_json(), ensure_ascii=False))
        return 0
    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([trends.by, *(s.query for s in trends.series)])
        periods = [p for p, _ in trends.series[0].points] if trends.series else []
        for i, period in enumerate(periods):
            writer.writerow([period, *(s.points[i][1] for s in trends.series)])
        writer.writerow(["undated", *(s.undated for s in trends.series)])
        return 0
    from rich.table import Table

    from rjtui.commands.console import stdout_console

    console = stdout_console(highlight=False)
    table = Table(box=None)
    table.add_column(trends.by)
    for s in trends.series:
        table.add_column(plain_text(s.query), justify="right")
    periods = [p for p, _ in trends.series[0].points] if trends.series else []
    for i, period in enumerate(periods):
        table.add_row(period, *(str(s.points[i][1]) for s in trends.series))
    console.print(table)
    console.print(trends.side_note(), style="dim")
    return 0
