"""Ingest output pinned byte for byte: speed work on the pipeline may change no output.

``tests/data/ingest_golden.json.gz`` was generated from main at 17114f6, BEFORE the
text-ingest speed work of issue #10 (precompiled and merged passes, cached stems), by
running this module as a script::

    .venv/bin/python -m tests.unit.test_ingest_golden

The corpus is every seed, every text and HTML fixture in ``tests/data``, the two PDF
reports of the test helper and 300 articles of ``bench/make_corpus.py`` (all its
layouts), loaded the way the index builder loads them (``load_corpus``: template
counts per folder, then ingest), with the packaged config. Each article is compared
as its full JSON (every field, passages with ids and topics, notes, captions, every
dropped line with its reason), and the skipped files with their reasons. A change
of ingest output on purpose regenerates the file (and bumps ``INGEST_VERSION``).
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from typing import Any

from bench.make_corpus import make_corpus
from rjtui import paths
from rjtui.config import load_config, with_overrides
from rjtui.ingest import load_corpus
from tests.conftest import DATA, SEEDS
from tests.support import reports

GOLDEN = DATA / "ingest_golden.json.gz"
GENERATED = 300


def _corpus(root: Path) -> None:
    """Write the pinned corpus into ``root``, one folder per origin (templates are
    counted per folder, so the generated articles share theirs as a site would)."""
    shutil.copytree(SEEDS, root / "seeds")
    shutil.copytree(DATA / "ingest", root / "ingest")
    shutil.copytree(DATA / "web", root / "web")
    (root / "pdf").mkdir()
    (root / "pdf" / "single.pdf").write_bytes(reports.single_column())
    (root / "pdf" / "two.pdf").write_bytes(reports.two_column())
    make_corpus(root / "generated", GENERATED)


def ingest_all(root: Path, data_dir: Path) -> dict[str, Any]:
    """``{"articles": {id: full JSON}, "skipped": {path: reason}}`` with paths relative
    to ``root``, so that the output does not depend on where the corpus was written."""
    _corpus(root)
    config = with_overrides(
        load_config(paths.packaged_config_file()), corpus=[root], data_dir=data_dir
    )
    prefix = str(root) + "/"
    load = load_corpus(config)
    articles = {}
    for article in load.articles:
        record = article.full_json()
        record["path"] = record["path"].removeprefix(prefix)
        articles[article.id] = record
    skipped = {s.path.removeprefix(prefix): s.reason for s in load.skipped}
    return json.loads(json.dumps({"articles": articles, "skipped": skipped}))


def test_ingest_output_is_unchanged(tmp_path: Path) -> None:
    golden = json.loads(gzip.decompress(GOLDEN.read_bytes()))
    now = ingest_all(tmp_path / "corpus", tmp_path / "data")
    assert len(golden["articles"]) > GENERATED  # the corpus really was ingested
    assert now["skipped"] == golden["skipped"]
    assert sorted(now["articles"]) == sorted(golden["articles"])
    for aid, expected in golden["articles"].items():
        got = now["articles"][aid]
        for name in expected:  # field by field, so that a failure names the field
            assert got[name] == expected[name], f"{aid}: {name}"
        assert got == expected, aid


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = ingest_all(Path(tmp) / "corpus", Path(tmp) / "data")
    GOLDEN.write_bytes(gzip.compress(json.dumps(out, sort_keys=True).encode(), mtime=0))
    print(f"{len(out['articles'])} articles, {len(out['skipped'])} skipped -> {GOLDEN}")
