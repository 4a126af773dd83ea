"""The ``rjtui`` command: global options, config loading, subcommand dispatch.

With no subcommand it opens the explorer (the Textual app). Every expected
problem becomes one line on stderr and a non-zero exit code: 2 for usage and
config errors, 1 for other failures, 130 for Ctrl-C.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import re
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from rjtui import __version__
from rjtui.config import Config, ConfigError, load_config, with_overrides
from rjtui.errors import RjtuiError, UsageError
from rjtui.paths import shared_data_dir_warning

COMMAND_MODULES: tuple[str, ...] = (
    "rjtui.commands.bookmarks",
    "rjtui.commands.search",
    "rjtui.commands.concordance",
    "rjtui.commands.articles",
    "rjtui.commands.entities",
)
"""Modules under ``rjtui.commands`` that register subcommands (see its docstring)."""


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (``rjtui: --limit: must be ≥ 1``) and a pointer to
    ``--help`` instead of the whole usage; subcommand parsers inherit it."""

    def error(self, message: str) -> NoReturn:
        message = message.removeprefix("argument ")
        message = re.sub(r"^(--[\w-]+)/-\w+:", r"\1:", message)
        self.exit(2, f"rjtui: {message} (see: {self.prog} --help)\n")


def _add_common(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Options accepted before or after the subcommand name."""
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--config",
        type=Path,
        default=default,
        metavar="FILE",
        help="config file (default: $RJTUI_CONFIG, ./config.yaml, "
        "~/.config/rjtui/config.yaml, packaged default)",
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        action="append",
        default=default,
        metavar="DIR",
        help="corpus folder (repeatable; replaces the configured folders)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=default,
        metavar="DIR",
        help="folder for the index and bookmarks ($RJTUI_DATA_DIR)",
    )
    parser.add_argument(
        "--bookmarks",
        type=Path,
        default=default,
        metavar="FILE",
        help="bookmarks file (default: bookmarks.yaml in the data dir)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="rjtui",
        description="Search and read a corpus of articles on Russia-Japan relations.",
    )
    parser.add_argument("--version", action="version", version=f"rjtui {__version__}")
    _add_common(parser, suppress=False)
    common = _Parser(add_help=False)
    _add_common(common, suppress=True)
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers, common)
    return parser


def resolve_config(args: argparse.Namespace) -> Config:
    """The config file plus the command-line overrides."""
    config = load_config(args.config)
    return with_overrides(
        config, corpus=args.corpus, data_dir=args.data_dir, bookmarks=args.bookmarks
    )


def _run_tui(args: argparse.Namespace, config: Config) -> int:
    from rjtui.tui.app import run_app

    return run_app(config)


_OS_ERROR_FIXES = {
    errno.ENOSPC: "the disk is full: free some space or point --data-dir elsewhere",
    errno.EDQUOT: "over the disk quota: free some space or point --data-dir elsewhere",
    errno.EACCES: "check the permissions, or point --data-dir to a folder you own",
    errno.EPERM: "check the permissions, or point --data-dir to a folder you own",
    errno.EROFS: "the file system is read-only: point --data-dir to a writable folder",
}


def _os_error_line(exc: OSError) -> str:
    """A file-system failure (full disk, read-only data dir...) as one line with the fix."""
    where = f": {exc.filename}" if exc.filename else ""
    fix = _OS_ERROR_FIXES.get(exc.errno or 0, "check the path, or use --data-dir")
    return f"{exc.strerror or exc}{where}; {fix}"


def _silence_closed_stdout() -> None:
    """The reader of our stdout left (``| head``): point stdout at devnull so the
    interpreter's final flush does not print 'Exception ignored ... BrokenPipeError'."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _undecodable_argument(args: argparse.Namespace) -> str | None:
    """The first text argument that is not valid UTF-8 (Python hands such bytes over
    as lone surrogates, which fail only later, when written), or None. File and
    folder names are exempt: any bytes are a valid name."""
    for name, value in vars(args).items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and _SURROGATE.search(text):
                return name
    return None


_SURROGATE = re.compile("[\ud800-\udfff]")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    bad = _undecodable_argument(args)
    if bad is not None:
        shown = bad.upper() if bad in ("query", "article_id") else "--" + bad.replace("_", "-")
        print(
            f"rjtui: {shown} is not valid UTF-8 text (check the terminal's encoding)",
            file=sys.stderr,
        )
        return 2
    try:
        config = resolve_config(args)
        warning = shared_data_dir_warning(config.resolved_data_dir)
        if warning:
            print(f"rjtui: {warning}", file=sys.stderr)
        handler = getattr(args, "handler", _run_tui)
        return int(handler(args, config) or 0)
    except (ConfigError, UsageError) as exc:
        print(f"rjtui: {exc}", file=sys.stderr)
        return 2
    except RjtuiError as exc:
        print(f"rjtui: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("rjtui: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _silence_closed_stdout()
        return 0
    except OSError as exc:
        print(f"rjtui: {_os_error_line(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:  # still one line, never a traceback
        if os.environ.get("RJTUI_DEBUG"):
            raise
        line = _unexpected_line(exc)
        print(f"rjtui: {line} (RJTUI_DEBUG=1 shows the traceback)", file=sys.stderr)
        return 1


def _unexpected_line(exc: Exception) -> str:
    """Name the real cause. Index damage is what an error raised inside Whoosh means
    (a damaged index that fails to open is already named by ``Engine.open``); only
    then is a rebuild the fix."""
    if isinstance(exc, MemoryError):
        return "out of memory; close other programs, or check the corpus for huge files"
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to process (RecursionError)"
    what = f"unexpected error ({type(exc).__name__}: {exc})"
    frames = traceback.extract_tb(exc.__traceback__)
    if any(f"{os.sep}whoosh{os.sep}" in frame.filename for frame in frames):
        return f"{what} while reading the index; it may be damaged, run: rjtui index --rebuild"
    return f"{what}; this is a bug, please report it"
