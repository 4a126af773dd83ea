"""``rjtui fix``: correct what ingest made of an article, from a shell.

The twin of ``e`` and ``r``/``k``/``x`` in the reader: fields are set, source
lines kept or dropped (by their number in ``rjtui show ID --source``), and the
index is updated for that one article at once. Values are checked before
anything is read or written: a bad date is one line and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rjtui.config import Config
from rjtui.corrections.model import (
    EDITABLE,
    LANGUAGES,
    BadValue,
    Correction,
    LineRef,
    check_value,
)
from rjtui.corrections.store import CorrectionStore
from rjtui.errors import UsageError

if TYPE_CHECKING:
    from rjtui.corpus import Article, ArticleMeta
    from rjtui.ingest.sourceview import SourceLine


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    fix = subparsers.add_parser(
        "fix",
        parents=[common],
        help="correct an article's metadata or the lines cleaning kept or dropped",
        description="Correct an article (kept in the corrections file and applied on every "
        "ingest). Line numbers are those of 'rjtui show ID --source'.",
    )
    fix.add_argument("article_id", metavar="ID", nargs="?", help="an id (any unique beginning)")
    for name in EDITABLE:
        if name == "authors":
            fix.add_argument(
                "--author",
                dest="authors",
                action="append",
                metavar="A",
                help="an author (repeatable; replaces the authors; '' clears them)",
            )
        elif name == "language":
            fix.add_argument("--language", choices=LANGUAGES)
        else:
            meta = "YYYY-MM-DD" if name == "date" else name[0].upper()
            fix.add_argument(f"--{name}", metavar=meta, help=f"set the {name} ('' clears it)")
    fix.add_argument("--keep-line", type=int, action="append", default=[], metavar="N",
                     help="keep dropped source line N as body (repeatable)")  # fmt: skip
    fix.add_argument("--drop-line", type=int, action="append", default=[], metavar="N",
                     help="drop source line N from the body (repeatable)")  # fmt: skip
    fix.add_argument("--list", action="store_true", help="list the corrections (of ID, or all)")
    fix.add_argument("--clear", action="store_true", help="remove ID's correction")
    fix.add_argument("--json", action="store_true", help="--list as JSON for scripts")
    fix.set_defaults(handler=run_fix)


def run_fix(args: argparse.Namespace, config: Config) -> int:
    values = _checked_values(args)
    store = CorrectionStore(config.corrections_file)
    corrections = store.load()  # a broken file is reported before anything else
    changes = bool(values or args.keep_line or args.drop_line)
    if args.article_id is None:
        if not args.list or changes or args.clear:
            raise UsageError("give an article ID (or --list for every correction)")
        return _print_list(list(corrections.values()), config, as_json=args.json)
    if sum((changes, args.list, args.clear)) != 1:
        raise UsageError("give fields or lines to correct, or one of --list and --clear")
    from rjtui.ingest.sourceview import trace_article
    from rjtui.session import Session

    with Session(config) as session:
        session.build()
        meta = _article(session.engine, args.article_id)
        if args.list:
            entry = corrections.get(meta.path)
            return _print_list([entry] if entry else [], config, as_json=args.json)
        if args.clear:
            cleared = store.clear(meta.path)
            what = "cleared" if cleared else "had no correction"
        else:
            article, lines = trace_article(meta, config, session.engine.line_keys(meta.path))
            what = _apply(store, article, lines, values, args.keep_line, args.drop_line)
        session.update()
    print(f"{meta.id}: {what} ({store.path}); index updated")
    return 0


def _checked_values(args: argparse.Namespace) -> dict[str, Any]:
    values = {}
    for name in EDITABLE:
        given = getattr(args, name)
        if given is not None:
            try:
                values[name] = check_value(name, given)
            except BadValue as exc:
                raise UsageError(f"--{name.removesuffix('s')}: {exc}") from None
    return values


def _article(engine: Any, given: str) -> ArticleMeta:
    from rjtui.commands.articles import match_id

    return engine.article(match_id(engine.article_ids(), given)).meta


def _apply(
    store: CorrectionStore,
    article: Article,
    lines: list[SourceLine],
    values: dict[str, Any],
    keep: list[int],
    drop: list[int],
) -> str:
    """Write the correction of ``article`` (its source ``lines`` as the index sees
    them); returns what was corrected, for the summary line."""
    by_number = {line.line: line for line in lines}
    refs = [(_line(by_number, n, keep=True), True) for n in keep]
    refs += [(_line(by_number, n, keep=False), False) for n in drop]
    done = []
    if values:
        store.set_fields(article, article.content_hash, values)
        done.append(", ".join(values))
    for line, keeping in refs:
        ref = LineRef(line.line, line.text)
        if keeping:
            store.keep_line(article, article.content_hash, ref)
        else:
            store.drop_line(article, article.content_hash, ref)
        done.append(f"line {line.line} {'kept' if keeping else 'dropped'}")
    return "corrected " + "; ".join(done)


def _line(lines: dict[int, SourceLine], n: int, *, keep: bool) -> SourceLine:
    """Source line ``n``, checked to be one that can be kept (or dropped)."""
    line = lines.get(n)
    if line is None or not line.text:
        last = max(lines, default=0)
        raise UsageError(f"line {n} is not a text line of the source (lines 1-{last})")
    if keep and line.status == "body" and not line.reason:
        raise UsageError(f"line {n} is already body text")
    if not keep and line.status == "dropped":
        raise UsageError(f"line {n} is already dropped ({line.reason})")
    if not keep and line.status not in ("body", "caption", "note"):
        raise UsageError(
            f"line {n} is metadata ({line.reason or line.status}): correct the field instead"
        )
    return line


def _print_list(entries: list[Correction], config: Config, *, as_json: bool) -> int:
    rows = [_status(entry, config) for entry in entries]
    if as_json:
        print(json.dumps({"file": str(config.corrections_file), "corrections": rows},
                         ensure_ascii=False, indent=2))  # fmt: skip
        return 0
    if not rows:
        print(f"No corrections ({config.corrections_file}).")
        return 0
    for row in rows:
        fields = ", ".join(f"{k}={_shown(v)}" for k, v in row.get("fields", {}).items())
        lines = len(row.get("keep_lines", [])) + len(row.get("drop_lines", []))
        parts = [p for p in (fields, f"{lines} line(s)" * bool(lines)) if p]
        print(f"{row['id']}  {'; '.join(parts)}  ({row['made']})")
        for problem in row["problems"]:
            print(f"  ! {problem}")
    print(f"{len(rows)} correction{'s' * (len(rows) != 1)} in {config.corrections_file}")
    return 0


def _status(entry: Correction, config: Config) -> dict[str, Any]:
    """The entry, and whatever in it no longer applies."""
    from rjtui.ingest import SkipFile
    from rjtui.ingest.files import trace_file

    row = {**entry.to_dict(), "problems": []}
    if not os.path.exists(entry.path):
        row["problems"].append(f"the article file {entry.path} is gone; kept in case it returns")
        return row
    try:
        article, _ = trace_file(Path(entry.path), config, entry.id)
    except SkipFile as exc:
        row["problems"].append(f"the article file is now skipped: {exc.reason}")
        return row
    if entry.content_hash and article.content_hash != entry.content_hash:
        row["problems"].append("the file was edited since this correction (fields still apply)")
    row["problems"] += [w for w in article.warnings if w.startswith("correction")]
    return row


def _shown(value: Any) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value)
