"""Build and update the search index: ``update_index`` is the only entry point.

First use builds the whole index; later calls touch only added, changed (size
and mtime, then content hash) and removed files. A schema, ingest-version or
ingest-config change rebuilds by itself. Full builds happen in a fresh folder
that replaces the live one only once complete (see ``rjtui.search.layout``), so
Ctrl-C or a crash leaves the previous index usable; big corpora are ingested
and indexed by one worker process per core, each writing its own segment.
Only one process writes at a time (an ``flock``); another one reports
``read_only`` and keeps using the index as it is.

Raw files become articles through the ``Loader`` the caller passes in
(``rjtui.ingest.LOADER``, see ``rjtui.session``): the search package does not
import ingest.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import secrets
import shutil
import sys
import threading
import time
import traceback
import types
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rjtui.config import Config
from rjtui.corpus import Loader, Templates
from rjtui.entities import load_gazetteer
from rjtui.rawfile import Unreadable, read_raw
from rjtui.search import layout
from rjtui.search.entities import entity_matcher
from rjtui.search.schema import SCHEMA_VERSION, make_codec, make_schema, passage_documents
from rjtui.search.table import meta_to_row
from rjtui.search.writer import PassageWriter

Progress = Callable[[int, int, str], None]

PARALLEL_MIN_FILES = 400
"""Below this, worker start-up costs more than it saves."""
WRITER_LIMIT_MB = 128
SEGMENT_MB = 128
"""A parallel build worker starts a new segment once its buffer holds this much."""


@dataclass
class IndexReport:
    """What ``update_index`` did (the ``rjtui index`` summary line)."""

    articles: int
    passages: int
    added: int = 0
    changed: int = 0
    removed: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    rebuilt: bool = False
    read_only: bool = False


@dataclass
class _FileResult:
    """One raw file after ingest: its state row and, unless skipped, its article row."""

    path: str
    state: dict[str, Any]
    row: dict[str, Any] | None


def _writer_options() -> dict[str, Any]:
    """Every writer: rjtui's codec, a bounded buffer, and separate segment files (a
    compound segment is copied into memory whole when a reader opens it)."""
    return {"limitmb": WRITER_LIMIT_MB, "codec": make_codec(), "compound": False}


def fingerprint(config: Config, loader: Loader) -> str:
    """Everything besides the raw files that changes what ingest produces."""
    data = {
        "schema": SCHEMA_VERSION,
        "ingest": loader.version,
        "topics": config.topics,
        "topic_min_hits": config.topic_min_hits,
        "topic_min_article_hits": config.topic_min_article_hits,
        "boilerplate": config.boilerplate,
        "gazetteer": load_gazetteer(config).fingerprint,
    }
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.blake2b(blob, digest_size=8).hexdigest()


def update_index(
    config: Config, loader: Loader, *, rebuild: bool = False, progress: Progress | None = None
) -> IndexReport:
    """Make the index current for ``config``'s corpus, reading files with ``loader``;
    ``progress(done, total, path)`` is called from the calling thread as files are read."""
    started = time.monotonic()
    root = layout.prepare_root(config)
    fp = fingerprint(config, loader)
    usable = _usable(root, fp)
    with layout.writer_lock(root, blocking=usable is None) as locked:
        if not locked:
            report = _report_existing(root, usable)
        else:
            usable = _usable(root, fp)  # another process may have built while we waited
            state = None if rebuild or usable is None else _load_state(root, usable)
            if state is None:
                report = _rebuild(config, loader, root, fp, progress)
            else:
                assert usable is not None  # state was loaded from it
                try:
                    report = _update(config, loader, root, usable, state, progress)
                except _LinesLost:
                    report = _rebuild(config, loader, root, fp, progress)
    report.seconds = time.monotonic() - started
    return report


def _rebuild(
    config: Config, loader: Loader, root: Path, fp: str, progress: Progress | None
) -> IndexReport:
    before = set(root.glob("build-*"))
    try:
        return _full_build(config, loader, root, fp, progress)
    except BaseException:  # a failed build (full disk, Ctrl-C) gives its space back
        for path in set(root.glob("build-*")) - before:
            shutil.rmtree(path, ignore_errors=True)
        raise


def _usable(root: Path, fp: str) -> layout.Pointer | None:
    pointer = layout.read_pointer(root)
    if pointer is None or pointer.schema != SCHEMA_VERSION or pointer.fingerprint != fp:
        return None
    build = root / pointer.build
    if not build.is_dir():
        return None
    layout.check_private(build)
    return pointer


@dataclass
class _State:
    generation: int
    files: dict[str, dict[str, Any]]
    rows: dict[int, dict[str, Any]]
    vocab: dict[str, str]


def _load_state(root: Path, pointer: layout.Pointer) -> _State | None:
    """The sidecars of the live generation, or None (then rebuild) if any is unreadable."""
    from whoosh.filedb.filestore import FileStorage

    build = root / pointer.build
    try:
        gen = FileStorage(str(build), readonly=True).open_index().latest_generation()
        files = layout.read_json(layout.sidecar(build, "files", gen))
        rows = layout.read_json(layout.sidecar(build, "articles", gen))["articles"]
        vocab = layout.read_json(layout.sidecar(build, "vocab", gen))
    except Exception:  # any damage at all: a rebuild is the recovery
        return None
    return _State(gen, files, {int(r["akey"]): r for r in rows}, vocab)


def _report_existing(root: Path, pointer: layout.Pointer | None) -> IndexReport:
    """Another process is writing: describe the index as it stands."""
    state = _load_state(root, pointer) if pointer else None
    if state is None:
        return IndexReport(articles=0, passages=0, read_only=True)
    return IndexReport(
        articles=len(state.rows),
        passages=sum(r["passage_count"] for r in state.rows.values()),
        skipped=_skipped(state.files),
        read_only=True,
    )


def _skipped(files: dict[str, dict[str, Any]]) -> list[tuple[str, str]]:
    return sorted((p, s["skip"]) for p, s in files.items() if s.get("skip"))


def _read(path: Path) -> tuple[dict[str, Any], Any]:
    """``(state, raw file)``: the file read once (bounded, hashed while reading), or
    ``(state with a skip reason, None)`` for a file that is not one to read."""
    try:
        raw = read_raw(path)
    except Unreadable as exc:
        stamp = exc.stamp
        state = {"size": stamp.size, "mtime": stamp.mtime_ns} if stamp else {}
        return {**state, "skip": exc.reason}, None
    return {"size": raw.stamp.size, "mtime": raw.stamp.mtime_ns, "hash": raw.stamp.digest}, raw


@dataclass
class _Prepared:
    """A file read once (``_read``) and parsed (``Loader.parse``), waiting for its
    folder's template counts before it is ingested."""

    state: dict[str, Any]
    parsed: Any
    """``None`` for a file refused unread (``state`` says why)."""

    @classmethod
    def of(cls, loader: Loader, path: Path, read: Any = None) -> _Prepared:
        state, raw = read or _read(path)
        return cls(state, None if raw is None else loader.parse(path, raw))

    @property
    def keys(self) -> tuple[str, ...]:
        return () if self.parsed is None else tuple(self.parsed.keys)


def _ingest_one(
    loader: Loader,
    path: Path,
    root: Path,
    config: Config,
    akey: int,
    writer: Any,
    prepared: _Prepared,
    templates: Mapping[str, int],
) -> _FileResult:
    """Ingest one prepared file with its site chrome (``templates``) and add its
    passages to ``writer``; a bad file becomes a skip."""
    state = dict(prepared.state)
    if prepared.parsed is None:
        return _FileResult(str(path), state, None)
    fix = loader.stamp(config, path)
    if fix:
        state["fix"] = fix
    try:
        article = loader.load(path, config, root=root, parsed=prepared.parsed, templates=templates)
    except loader.skip as exc:
        state["skip"] = getattr(exc, "reason", str(exc))
        return _FileResult(str(path), state, None)
    docs, entities = passage_documents(article, akey, entity_matcher(config), writer.vocabulary)
    for doc in docs:
        writer.add_document(**doc)
    state.update(akey=akey, apath=article.path)
    meta = replace(article.meta(), entities=entities)
    return _FileResult(str(path), state, meta_to_row(akey, meta))


def _vocabulary(*parts: dict[str, str]) -> dict[str, str]:
    """Merge vocabularies (index term -> word), keeping the shortest word for a term."""
    vocab: dict[str, str] = {}
    for part in parts:
        for term, word in part.items():
            known = vocab.get(term)
            if known is None or len(word) < len(known):
                vocab[term] = word
    return vocab


def _full_build(
    config: Config, loader: Loader, root: Path, fp: str, progress: Progress | None
) -> IndexReport:
    from whoosh.filedb.filestore import FileStorage

    files = list(loader.list_files(config.corpus_dirs))
    build = layout.make_private(root / f"build-{time.time_ns():x}-{secrets.token_hex(3)}")
    previous = layout.read_pointer(root)
    known = previous is not None or not (root / "current").exists()
    ix = FileStorage(str(build)).create_index(make_schema())
    workers = min(os.cpu_count() or 1, 4)
    if workers > 1 and len(files) >= PARALLEL_MIN_FILES:
        results, vocab, keys = _build_parallel(config, loader, build, files, workers, progress)
        writer = ix.writer()
        segments = [segment for r in results for segment in r.segments]
        writer._close_segment()
        generation = writer.generation
        file_results = [fr for r in results for fr in r.files]
        files_state, rows = _write_sidecars(build, generation, file_results, vocab, keys)
        writer._commit_toc(segments)
        writer._finish()
    else:
        writer = PassageWriter(ix, _lk=False, **_writer_options())  # see _update
        try:
            keyed = [(path, root, akey) for akey, (path, root) in enumerate(files)]
            counted = _counted(progress, len(files))
            lines: dict[str, tuple[str, ...]] = {}

            def templates(keys: dict[str, tuple[str, ...]]) -> Templates:
                lines.update(keys)  # kept for the "lines" sidecar
                return loader.templates(keys)

            file_results = _ingest_all(loader, keyed, config, writer, counted, templates)
            generation = writer.generation
            vocab = writer.vocabulary
            files_state, rows = _write_sidecars(build, generation, file_results, vocab, lines)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
    layout.write_pointer(root, layout.Pointer(build.name, SCHEMA_VERSION, fp))
    if known:  # a pointer that exists but cannot be read (EMFILE...): keep every build
        layout.prune_builds(root, keep={build.name} | ({previous.build} if previous else set()))
    report = _summary(rows, files_state)
    report.added, report.rebuilt = len(rows), True
    return report


def _ingest_all(
    loader: Loader,
    files: list[tuple[Path, Path, int]],
    config: Config,
    writer: Any,
    progress: Callable[[str], None] | None,
    templates: Callable[[dict[str, tuple[str, ...]]], Templates],
) -> list[_FileResult]:
    """Read and parse every file once, count their lines (``templates`` turns the keys
    into the folders' site chrome, and keeps them if they are wanted), then ingest them.

    Nothing here outlives its use: the keys are not held past ``templates``, and a
    file's chrome (picked out of its folder's as it is ingested) and parsed text are
    let go once it is ingested (at 50k articles a build worker held a hundred MB of
    keys and chrome through its whole ingest)."""
    prepared: list[_Prepared | None] = [_Prepared.of(loader, path) for path, _, _ in files]
    chrome = templates(
        {str(path): p.keys for (path, _, _), p in zip(files, prepared, strict=True) if p}
    )
    results = []
    for i, (path, root, akey) in enumerate(files):
        ready, prepared[i] = prepared[i], None
        assert ready is not None
        own = chrome.of(str(path), ready.keys)
        results.append(_ingest_one(loader, path, root, config, akey, writer, ready, own))
        if progress:
            progress(str(path))
    return results


def _counted(progress: Progress | None, total: int) -> Callable[[str], None] | None:
    """``progress`` called with a running count, one call per file."""
    if progress is None:
        return None
    done = iter(range(1, total + 1))
    return lambda path: progress(next(done), total, path)


def _write_sidecars(
    build: Path,
    generation: int,
    results: Iterable[_FileResult],
    vocab: dict[str, str],
    keys: Mapping[str, Sequence[str]],
    *,
    files: dict[str, dict[str, Any]] | None = None,
    rows: dict[int, dict[str, Any]] | None = None,
) -> tuple[dict[str, dict[str, Any]], dict[int, dict[str, Any]]]:
    """Write the sidecars for ``generation`` (``files``/``rows`` updated with ``results``)
    and return the merged tables. Written before Whoosh commits the generation, so
    a reader that sees the generation always finds them. Every file's line ``keys``
    go to a sidecar of their own ("lines"), read only when an update recounts the
    templates: the others are read at every start and stay small."""
    files = dict(files or {})
    rows = dict(rows or {})
    for fr in results:
        files[fr.path] = fr.state
        if fr.row:
            rows[fr.row["akey"]] = fr.row
    layout.write_json(layout.sidecar(build, "files", generation), files)
    articles = {"articles": list(rows.values())}
    layout.write_json(layout.sidecar(build, "articles", generation), articles)
    layout.write_json(layout.sidecar(build, "vocab", generation), vocab)
    lines = {path: list(k) for path, k in keys.items() if k}
    layout.write_json(layout.sidecar(build, "lines", generation), lines)
    return files, rows


# --- parallel full build ---------------------------------------------------------------


@dataclass
class _WorkerResult:
    segments: list[Any]
    files: list[_FileResult]
    vocab: dict[str, str]


def _build_worker(
    config: Config,
    loader: Loader,
    build: str,
    files: list[tuple[Path, Path, int]],
    queue: Any,
    inbox: Any,
    worker: int,
    segment_mb: float,
) -> None:
    """Runs in a child process: ingest ``files`` and write them as segments. Their line
    keys go to the parent, which counts templates over every worker's files and sends
    back this worker's share (``inbox``) before anything is ingested."""
    try:
        from whoosh.filedb.filestore import FileStorage

        _exit_with_parent()
        out = _Segments(FileStorage(build).open_index(), segment_mb)

        def templates(keys: dict[str, tuple[str, ...]]) -> Templates:
            queue.put(("keys", worker, keys))
            return inbox.get()

        def progress(path: str) -> None:
            queue.put(("progress", worker, path))
            out.roll()

        results = _ingest_all(loader, files, config, out, progress, templates)
        queue.put(("done", worker, _WorkerResult(out.finish(), results, out.words)))
    except BaseException:
        queue.put(("error", worker, traceback.format_exc(limit=3)))


class _Segments:
    """A build worker's writer: a full buffer becomes a segment of its own, not a sorted
    run on disk merged back at the end. Whoosh's run merge (a pickle and a heap step
    per posting) made a 50k build 7x the 10k one, and several segments cost searches
    little."""

    def __init__(self, ix: Any, segment_mb: float) -> None:
        self.ix, self.segment_mb = ix, segment_mb
        self.options = {**_writer_options(), "limitmb": 2 * WRITER_LIMIT_MB}  # flushed before
        self.writer = PassageWriter(ix, _lk=False, **self.options)
        self.words = self.writer.vocabulary  # one vocabulary across the worker's segments
        self.segments: list[Any] = []

    @property
    def vocabulary(self) -> dict[str, str]:
        return self.words

    def add_document(self, **doc: Any) -> None:
        self.writer.add_document(**doc)

    def roll(self) -> None:
        """Start a new segment if the buffer holds ``segment_mb``."""
        if self.writer.buffered_mb() > self.segment_mb:
            self.segments.append(self.writer._finalize_segment())
            self.writer = PassageWriter(self.ix, _lk=False, **self.options)
            self.writer.vocabulary = self.words

    def finish(self) -> list[Any]:
        if self.writer.doc_count():
            self.segments.append(self.writer._finalize_segment())
        else:  # not cancel(): that deletes the temp folder the other workers still write in
            self.writer._close_segment()  # (its empty files go when the parent commits)
        return self.segments


def _exit_with_parent() -> None:
    """End this worker the moment its parent dies, whatever it is doing.

    A check between files is not enough: a worker can be writing its segment,
    or blocked sending its results into a pipe that no one will ever read
    (multiprocessing then waits for that send at exit, forever). A daemon
    thread waits on the parent's sentinel (a pipe that reaches EOF when the
    parent dies, even before this worker finished starting) and exits at once;
    the abandoned build folder is pruned by the next build.
    """
    parent = multiprocessing.parent_process()
    assert parent is not None  # only ever run in a spawned worker

    def watch() -> None:
        parent.join()
        os._exit(1)

    threading.Thread(target=watch, name="rjtui-parent-watch", daemon=True).start()


def _build_parallel(
    config: Config,
    loader: Loader,
    build: Path,
    files: list[tuple[Path, Path]],
    workers: int,
    progress: Progress | None,
) -> tuple[list[_WorkerResult], dict[str, str], dict[str, list[str]]]:
    """One spawned process per core, each ingesting an interleaved share of the files;
    the results, the merged vocabulary and every file's line keys.

    Spawn (not fork): the TUI calls this from a worker thread, and forking a
    threaded process can deadlock the child.
    """
    from rjtui.errors import RjtuiError

    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    inboxes = [ctx.Queue() for _ in range(workers)]
    keyed = [(path, root, akey) for akey, (path, root) in enumerate(files)]
    procs = [
        ctx.Process(
            target=_build_worker,
            args=(config, loader, str(build), keyed[i::workers], queue, inboxes[i], i, SEGMENT_MB),
            daemon=True,
        )
        for i in range(workers)
    ]
    with _main_hidden_from_children():
        for proc in procs:
            proc.start()
    results: dict[int, _WorkerResult] = {}
    keys: dict[int, dict[str, tuple[str, ...]]] = {}
    lines = "{}"
    done = 0
    try:
        while len(results) < workers:
            try:
                kind, worker, payload = queue.get(timeout=1.0)
            except Exception:  # queue.Empty: check nobody died silently
                if any(p.exitcode not in (None, 0) for p in procs):
                    raise RjtuiError("index build failed: a worker process died") from None
                continue
            if kind == "progress":
                done += 1
                if progress:
                    progress(done, len(files), payload)
            elif kind == "keys":
                keys[worker] = payload
                if len(keys) == workers:  # every file read: count, and let them ingest
                    _send_templates(loader, keys, inboxes)
                    lines = _pack_lines(keys)
                    keys.clear()
            elif kind == "done":
                results[worker] = payload
            else:
                raise RjtuiError(f"index build failed in a worker: {payload.splitlines()[-1]}")
    finally:
        for proc in procs:
            if proc.is_alive() and len(results) < workers:
                proc.terminate()
            proc.join(timeout=5)
    vocab = _vocabulary(*(result.vocab for result in results.values()))
    return [results[i] for i in range(workers)], vocab, json.loads(lines)


def _pack_lines(keys: dict[int, dict[str, tuple[str, ...]]]) -> str:
    """Every file's line keys (the "lines" sidecar, written at the end of the build)
    as one JSON text: as dicts of tuples of strings they took 100 MB and more of the
    parent's memory at 50k articles, all through the workers' ingest."""
    return json.dumps({path: k for share in keys.values() for path, k in share.items()})


def _send_templates(
    loader: Loader, keys: dict[int, dict[str, tuple[str, ...]]], inboxes: list[Any]
) -> None:
    """Count templates over all the workers' files; send each worker the templates of
    its own files' folders (the pickle goes through a pipe)."""
    templates = loader.templates({path: k for share in keys.values() for path, k in share.items()})
    for worker, share in keys.items():
        inboxes[worker].put(templates.only(share))


@contextlib.contextmanager
def _main_hidden_from_children() -> Iterator[None]:
    """Spawned children re-import the parent's ``__main__``; for ``python -m rjtui``
    (whose ``__main__`` runs the CLI at import) every worker would start rjtui again.
    The workers only need ``rjtui.search.indexer`` and the loader's modules, so they
    are shown an empty main module."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


# --- incremental update ----------------------------------------------------------------


def _update(
    config: Config,
    loader: Loader,
    root: Path,
    pointer: layout.Pointer,
    state: _State,
    progress: Progress | None,
) -> IndexReport:
    """Re-ingest files whose size or mtime changed and whose content did too; each
    such file is read once (its bytes give the hash check, the line keys and the
    article). Then templates are recounted over the corpus as it now is, and an
    unchanged file whose site chrome changed with it is ingested again too."""
    build = root / pointer.build
    files = dict(state.files)
    listed = list(loader.list_files(config.corpus_dirs))
    seen = {str(path) for path, _ in listed}
    removed = [key for key in files if key not in seen]
    fixes = {str(p): loader.stamp(config, p) for p, _ in listed}
    todo = [
        (p, r)
        for p, r in listed
        if _stat_changed(p, files.get(str(p))) or _fix_changed(files.get(str(p)), fixes[str(p)])
    ]
    rows = dict(state.rows)
    next_akey = 1 + max([-1, *state.rows, *(s.get("akey", -1) for s in state.files.values())])
    fresh: dict[str, tuple[Path, Path, _Prepared]] = {}
    touched = _Kept(_TOUCHED_MB)  # same bytes, new mtime: kept in case its templates change
    for done, (path, corpus_root) in enumerate(todo, start=1):
        key = str(path)
        prev = files.get(key)
        read = _read(path)
        if prev is not None and _same_content(prev, read[0]) and not _fix_changed(prev, fixes[key]):
            files[key] = {**prev, **{k: read[0][k] for k in ("size", "mtime") if k in read[0]}}
            touched.keep(key, read)
        else:
            fresh[key] = (path, corpus_root, _Prepared.of(loader, path, read))
        if progress:
            progress(done, len(todo), key)
    keys: dict[str, tuple[str, ...]] = {}
    chrome: Templates | None = None
    if fresh or removed:  # else no line count changed
        stored = _stored_lines(build, state.generation)
        keys = _recount(stored, listed, fresh)
        before, chrome = loader.templates(stored), loader.templates(keys)
        for path, corpus_root in listed:
            key = str(path)
            if (
                key not in fresh
                and key in files
                and chrome.of(key, keys.get(key, ())).keys()
                != before.of(key, stored.get(key, ())).keys()
            ):
                fresh[key] = (path, corpus_root, _Prepared.of(loader, path, touched.get(key)))
    writer: Any = None
    results: list[_FileResult] = []
    added = changed = 0
    try:
        for key in removed:
            writer = writer or _open_writer(build)
            _forget(writer, files.pop(key), rows)
        for key, (path, corpus_root, prepared) in fresh.items():
            writer = writer or _open_writer(build)
            prev = files.pop(key, None)
            if prev is not None:
                _forget(writer, prev, rows)
            templates = chrome.of(key, keys.get(key, ())) if chrome is not None else {}
            result = _ingest_one(
                loader, path, corpus_root, config, next_akey, writer, prepared, templates
            )
            results.append(result)
            next_akey += 1
            changed += prev is not None
            added += prev is None
        if writer is None:
            if files != state.files:  # touched but identical files: remember the new stamps
                layout.write_json(layout.sidecar(build, "files", state.generation), files)
            return _summary(state.rows, files)
        vocab = _vocabulary(state.vocab, writer.vocabulary)
        files, rows = _write_sidecars(
            build, writer.generation, results, vocab, keys, files=files, rows=rows
        )
        writer.commit()
    except BaseException:
        if writer is not None:
            writer.cancel()
        raise
    layout.prune_sidecars(build, keep_from=state.generation)
    report = _summary(rows, files)
    report.added, report.changed, report.removed = added, changed, len(removed)
    return report


_TOUCHED_MB = 64
"""Bytes of touched-but-identical files kept through an update (see ``_Kept``)."""


class _Kept:
    """Reads of touched but identical files, kept so that one whose templates change is
    not read a second time; up to a bound (``touch`` on a whole corpus of PDFs must
    not hold it in memory): past it such a file is read once more."""

    def __init__(self, limit_mb: float) -> None:
        self.left = int(limit_mb * 1_000_000)
        self.reads: dict[str, Any] = {}

    def keep(self, key: str, read: tuple[dict[str, Any], Any]) -> None:
        size = len(read[1].data) if read[1] is not None else 0
        if size <= self.left:
            self.left -= size
            self.reads[key] = read

    def get(self, key: str) -> Any:
        return self.reads.pop(key, None)


class _LinesLost(Exception):
    """The stored line keys cannot be read: the update becomes a full build."""


def _stored_lines(build: Path, generation: int) -> dict[str, tuple[str, ...]]:
    try:
        stored = layout.read_json(layout.sidecar(build, "lines", generation))
    except Exception:  # missing or damaged: recounting without it would be wrong
        raise _LinesLost from None
    return {path: tuple(keys) for path, keys in stored.items()}


def _recount(
    stored: dict[str, tuple[str, ...]],
    listed: list[tuple[Path, Path]],
    fresh: dict[str, tuple[Path, Path, _Prepared]],
) -> dict[str, tuple[str, ...]]:
    """Every listed file's line keys: new ones for ``fresh`` files, stored ones else."""
    keys = {}
    for path, _ in listed:
        key = str(path)
        found = fresh[key][2].keys if key in fresh else stored.get(key, ())
        if found:
            keys[key] = found
    return keys


def _stat_changed(path: Path, prev: dict[str, Any] | None) -> bool:
    """Whether ``path`` must be read again: new, unreadable, or a new size or mtime."""
    if prev is None:
        return True
    try:
        st = path.stat()
    except OSError:
        return True
    return prev.get("size") != st.st_size or prev.get("mtime") != st.st_mtime_ns


def _fix_changed(prev: dict[str, Any] | None, stamp: str) -> bool:
    """Whether the user's correction of an indexed article changed (or appeared, or
    went) since the file was read."""
    return prev is not None and "hash" in prev and prev.get("fix", "") != stamp


def _same_content(prev: dict[str, Any], now: dict[str, Any]) -> bool:
    """Same bytes (hash), or refused again for the same reason without being read."""
    if "hash" in now:
        return prev.get("hash") == now["hash"]
    return "hash" not in prev and prev.get("skip") == now.get("skip")


def _open_writer(build: Path) -> PassageWriter:
    """``_lk=False``: our flock already excludes other writers, and Whoosh's own lock
    leaks (held until GC) when its writer fails to start, e.g. on a full disk."""
    from whoosh.filedb.filestore import FileStorage

    return PassageWriter(FileStorage(str(build)).open_index(), _lk=False, **_writer_options())


def _forget(writer: Any, old: dict[str, Any], rows: dict[int, dict[str, Any]]) -> None:
    """Delete the article an old file state points to, if it had one."""
    if "akey" in old:
        writer.delete_by_term("path", old["apath"])
        rows.pop(old["akey"], None)


def _summary(rows: dict[int, dict[str, Any]], files: dict[str, dict[str, Any]]) -> IndexReport:
    return IndexReport(
        articles=len(rows),
        passages=sum(r["passage_count"] for r in rows.values()),
        skipped=_skipped(files),
    )
