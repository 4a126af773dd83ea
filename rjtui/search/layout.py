"""Where an index lives on disk (its layout), and the files kept beside Whoosh's own.

Layout, under ``<data dir>/index/<hash of the sorted corpus folders>/``::

    current            JSON pointer: which build folder is live (replaced atomically)
    writer.lock        flock'd by the one process allowed to write
    build-<token>/     a Whoosh index plus, per generation G,
        articles-G.json    article metadata (the facet/filter table)
        files-G.json       per raw file: size, mtime, content hash, article or skip reason
        vocab-G.json       index term -> a surface word (for "did you mean")

A full build writes a new ``build-*`` folder and then swaps ``current``, so a
crash mid-build leaves the previous index usable. Whoosh's table of contents
is a pickle, so every folder is checked to be the user's own and private
before anything in it is opened.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rjtui.config import Config
from rjtui.errors import RjtuiError
from rjtui.paths import ensure_private_dir
from rjtui.safefile import atomic_write, locked


class IndexMissing(RjtuiError):
    """There is no usable index yet for this corpus (``rjtui index`` builds one)."""


class UnsafeIndexDir(RjtuiError):
    """An index folder someone else could have written: opening it could run their code."""


@dataclass(frozen=True)
class Pointer:
    build: str
    schema: int
    fingerprint: str


def index_root(config: Config) -> Path:
    """The folder holding every build of the index for this corpus configuration."""
    dirs = "\n".join(sorted(str(Path(d).resolve()) for d in config.corpus_dirs))
    digest = hashlib.blake2b(dirs.encode("utf-8"), digest_size=6).hexdigest()
    return config.resolved_data_dir / "index" / digest


def check_private(path: Path) -> None:
    """Refuse a folder not owned by this user or writable by group/others."""
    st = path.stat()
    if st.st_uid != os.getuid() or st.st_mode & 0o022:
        raise UnsafeIndexDir(
            f"index folder {path} is not private to you (owner or permissions); "
            f"if it is yours run: chmod 700 {path}, otherwise delete it"
        )


def make_private(path: Path) -> Path:
    ensure_private_dir(path)
    check_private(path)
    return path


def prepare_root(config: Config) -> Path:
    """Create (mode 0700) and check the index root and its parent."""
    root = index_root(config)
    make_private(root.parent)
    return make_private(root)


def read_pointer(root: Path) -> Pointer | None:
    try:
        data = json.loads((root / "current").read_text(encoding="utf-8"))
        return Pointer(build=str(data["build"]), schema=int(data["schema"]), fingerprint=data["fp"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_pointer(root: Path, pointer: Pointer) -> None:
    write_json(
        root / "current",
        {"build": pointer.build, "schema": pointer.schema, "fp": pointer.fingerprint},
    )


def write_json(path: Path, data: Any) -> None:
    """Write atomically (``rjtui.safefile``): a reader sees the old file or the new one.

    ``surrogatepass``: a file name that is not UTF-8 reaches us as a str with
    lone surrogates (``os.fsdecode``) and must round-trip, not fail the build.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    atomic_write(path, text, errors="surrogatepass")


def read_json(path: Path) -> Any:
    with open(path, encoding="utf-8", errors="surrogatepass") as fh:
        return json.load(fh)


def sidecar(build_dir: Path, kind: str, generation: int) -> Path:
    return build_dir / f"{kind}-{generation}.json"


def prune_sidecars(build_dir: Path, keep_from: int) -> None:
    """Remove sidecars of generations older than ``keep_from``."""
    for path in build_dir.glob("*-*.json"):
        gen = path.stem.rpartition("-")[2]
        if gen.isdigit() and int(gen) < keep_from:
            path.unlink(missing_ok=True)


def prune_builds(root: Path, keep: set[str]) -> None:
    """Delete build folders not in ``keep`` (stale or interrupted builds)."""
    for path in root.glob("build-*"):
        if path.name not in keep and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def writer_lock(root: Path, *, blocking: bool) -> Iterator[bool]:
    """Hold the exclusive writer lock; yields False if another process has it.

    ``flock`` is released by the kernel when a process dies, so a build killed
    with SIGKILL never leaves a lock that blocks the next run.
    """
    with locked(root / "writer.lock", blocking=blocking) as held:
        yield held
