"""Corrections: the file, applying them on every ingest, and the index following at once."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from rjtui.config import Config
from rjtui.corpus import ArticleMeta
from rjtui.corrections.model import BadValue, CorrectionsFileError, LineRef, check_value
from rjtui.corrections.store import CorrectionStore, current
from rjtui.ingest import load_corpus
from rjtui.ingest.sourceview import trace_article
from rjtui.session import Session
from tests.conftest import REPO, SEEDS

SEED_001 = "001_015e008f48361a52"
PULL_QUOTE = "Moscow appreciated the presence of the head of"
TITLE = "Russia and Japan: looking for a way out"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("00[0-2]_*.txt")):
        shutil.copy(seed, folder / seed.name)
    return folder


@pytest.fixture
def config(corpus: Path, tmp_path: Path) -> Config:
    return Config(corpus=(corpus,), data_dir=tmp_path / "data")


def article(config: Config, article_id: str = SEED_001):
    return next(a for a in load_corpus(config).articles if a.id == article_id)


def line_of(config: Config, text: str) -> LineRef:
    _, lines = trace_article(article(config), config, load_corpus(config).line_keys)
    found = next(line for line in lines if line.text == text)
    return LineRef(found.line, found.text)


def store(config: Config) -> CorrectionStore:
    return CorrectionStore(config.corrections_file)


def test_fields_and_lines_are_applied_after_the_heuristics(config: Config) -> None:
    before = article(config)
    assert before.title_is_fallback and before.date is None
    assert not any(p.text == PULL_QUOTE for p in before.passages)  # a pull-quote: dropped
    ref = line_of(config, PULL_QUOTE)
    store(config).set_fields(before, before.content_hash, {"title": TITLE, "date": "2014-09-01"})
    store(config).keep_line(before, before.content_hash, ref)
    after = article(config)
    assert (after.title, after.date, after.title_is_fallback) == (TITLE, "2014-09-01", False)
    assert after.corrected == ("title", "date", "lines")
    kept = [p for p in after.passages if p.text == PULL_QUOTE]
    assert len(kept) == 1
    # it stands where it was in the source: after the paragraph above it
    above = after.passages[kept[0].n - 2].text
    assert above.startswith("Indeed, in the first half of 2014")
    assert len(after.passages) == len(before.passages) + 1
    assert PULL_QUOTE not in [d.text for d in after.dropped]
    _, lines = trace_article(after, config, load_corpus(config).line_keys)
    shown = next(line for line in lines if line.text == PULL_QUOTE)
    assert (shown.status, shown.reason) == ("body", "kept by you")
    again = article(config)  # a second ingest applies it again, identically
    assert again == after


def test_dropping_a_kept_line_takes_it_out_of_the_body(config: Config) -> None:
    before = article(config)
    first = before.passages[0].text
    ref = line_of(config, first)
    store(config).drop_line(before, before.content_hash, ref)
    after = article(config)
    assert all(p.text != first for p in after.passages)
    assert (ref.line, first, "dropped by you") in [
        (d.line, d.text, d.reason) for d in after.dropped
    ]
    store(config).keep_line(before, before.content_hash, ref)  # undoes the drop
    assert store(config).get(before.path) is None  # nothing left to correct: entry gone
    assert article(config).passages[0].text == first


def test_corrections_survive_an_edit_of_the_source_and_vanished_lines_are_reported(
    config: Config, corpus: Path
) -> None:
    before = article(config)
    keep = line_of(config, PULL_QUOTE)
    poll = line_of(config, "Poll conducted")
    store(config).set_fields(before, before.content_hash, {"authors": ["A. Panov", "B. Co"]})
    store(config).keep_line(before, before.content_hash, keep)
    store(config).keep_line(before, before.content_hash, poll)
    path = corpus / f"{SEED_001}.txt"
    text = path.read_text(encoding="utf-8")
    edited = "Breaking update\n\n" + text.replace("Poll conducted\n", "")
    path.write_text(edited, encoding="utf-8")
    after = article(config)
    assert after.content_hash != before.content_hash
    assert after.authors == ("A. Panov", "B. Co")
    assert any(p.text == PULL_QUOTE for p in after.passages)  # found two lines further down
    assert not any("Poll conducted" in p.text for p in after.passages)
    assert after.warnings == (
        f"correction not applied: the line to keep (line {poll.line} “Poll conducted”) "
        "is no longer in the file",
    )
    entry = store(config).get(before.path)
    assert entry is not None and entry.keep == (keep, poll)  # kept, never dropped silently


def test_the_index_updates_that_one_article_without_a_rebuild(config: Config) -> None:
    with Session(config) as session:
        session.build()
        engine = session.engine
        assert engine.search('title:"way out"').total_articles == 0
        meta = engine.article(SEED_001).meta
        store(config).set_fields(meta, "", {"title": TITLE, "authors": ["Panov, Alexander"]})
        report = session.update()
        assert (report.changed, report.added, report.removed, report.rebuilt) == (1, 0, 0, False)
        result = engine.search('title:"way out"')
        assert [a.meta.id for a in result.articles] == [SEED_001]
        assert result.articles[0].meta.corrected == ("title", "authors")
        authors = engine.facets()["authors"]
        assert "Panov, Alexander" in authors and "Alexander Panov" not in authors
        assert session.update().changed == 0  # nothing new: nothing re-ingested
        store(config).clear(meta.path)
        assert session.update().changed == 1
        assert engine.search('title:"way out"').total_articles == 0


def test_the_file_is_versioned_readable_and_round_trips(config: Config) -> None:
    meta = ArticleMeta(id="x", path="/c/x.txt", title="T")
    s = store(config)
    s.set_fields(meta, "h1", {"title": "New: a title", "date": "2014-09", "authors": "One Name"})
    s.drop_line(meta, "h1", LineRef(7, "Share this article"))
    text = config.corrections_file.read_text(encoding="utf-8")
    assert text.startswith("# rjtui corrections")
    assert "version: 1\n" in text and "path: /c/x.txt" in text and "made: '" in text
    assert "authors: [One Name]" in text and "- line: 7\n    text: Share this article" in text
    entry = s.get("/c/x.txt")
    assert entry.fields == {"title": "New: a title", "authors": ("One Name",), "date": "2014-09"}
    assert entry.content_hash == "h1" and entry.drop == (LineRef(7, "Share this article"),)
    s.set_fields(meta, "h1", {"subtitle": ""})  # '' clears: recorded as no subtitle
    assert s.get("/c/x.txt").fields["subtitle"] is None
    assert s.backup_path.is_file()
    assert s.clear("/c/x.txt") is not None and s.load() == {}


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("date", "2014-13-01", "is not a date"),
        ("date", "1 May 2014", "is not a date"),
        ("date", "2014-02-30", "is not a date"),
        ("language", "fr", "not one of"),
        ("title", "  ", "cannot be empty"),
        ("topics", "x", "cannot be corrected"),
    ],
)
def test_bad_values_are_refused(name: str, value: str, message: str) -> None:
    with pytest.raises(BadValue, match=message):
        check_value(name, value)


def test_a_broken_file_is_read_only_with_one_line_and_ingest_goes_on(config: Config) -> None:
    path = config.corrections_file
    path.parent.mkdir(parents=True)
    broken = "version: 1\ncorrections:\n  - path: /x\n    fields: {title: [unclosed\n"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(CorrectionsFileError) as caught:
        store(config).set_fields(ArticleMeta(id="a", path="/a", title="t"), "", {"title": "u"})
    message = str(caught.value)
    assert "\n" not in message and "corrections.yaml: line " in message
    assert message.endswith("(corrections are read-only until then)")
    assert path.read_text(encoding="utf-8") == broken
    corrections, error = current(path)
    assert corrections == {} and error == message
    assert len(load_corpus(config).articles) == 3  # ingest goes on, uncorrected


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("version: 2\ncorrections: []\n", "unsupported format version 2"),
        ("version: 1\ncorrections:\n  - id: x\n", "needs the article's 'path'"),
        ("version: 1\ncorrections:\n  - path: /a\n    fields: {colour: red}\n", "unknown field"),
        ("version: 1\ncorrections:\n  - path: /a\n    fields: {date: 2014-99}\n", "not a date"),
        ("title: my notes\n", "not a corrections file"),
    ],
)
def test_hand_edit_errors_name_the_line(config: Config, text: str, problem: str) -> None:
    config.corrections_file.parent.mkdir(parents=True)
    config.corrections_file.write_text(text, encoding="utf-8")
    with pytest.raises(CorrectionsFileError, match=f"line [0-9]+: .*{problem}"):
        store(config).load()


def test_a_hand_typed_file_is_read_leniently(config: Config) -> None:
    config.corrections_file.parent.mkdir(parents=True)
    config.corrections_file.write_text(
        textwrap.dedent("""\
            version: 1
            corrections:
              - path: /c/a.txt
                fields:
                  date: 2014-09-01
                  authors: Alexander Panov
                keep_lines:
                  - Poll conducted
            """),
        encoding="utf-8",
    )
    entry = store(config).get("/c/a.txt")
    assert entry.fields == {"authors": ("Alexander Panov",), "date": "2014-09-01"}
    assert entry.keep == (LineRef(0, "Poll conducted"),)


WRITER = """
import sys
from pathlib import Path
from rjtui.corpus import ArticleMeta
from rjtui.corrections.store import CorrectionStore
store = CorrectionStore(Path(sys.argv[1]))
sys.stdout.write("ready\\n"); sys.stdout.flush(); sys.stdin.readline()
for i in range(int(sys.argv[3])):
    meta = ArticleMeta(id=f"{sys.argv[2]}{i}", path=f"/c/{sys.argv[2]}{i}.txt", title="t")
    store.set_fields(meta, "", {"title": f"{sys.argv[2]} {i}"})
"""


def test_two_processes_correcting_at_once_keep_every_correction(tmp_path: Path) -> None:
    path = tmp_path / "corrections.yaml"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), name, "25"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=REPO,
        )
        for name in ("a", "b")
    ]
    for proc in procs:
        assert proc.stdout.readline() == "ready\n"
    for proc in procs:  # both start writing at the same moment
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        assert proc.wait(timeout=120) == 0
    titles = {c.fields["title"] for c in CorrectionStore(path).load().values()}
    assert titles == {f"{n} {i}" for n in ("a", "b") for i in range(25)}


def test_a_pdf_source_is_its_extracted_lines_and_identical_lines_are_told_apart(
    tmp_path: Path,
) -> None:
    """For a PDF, the source view lists the extracted text lines; a correction picks
    the one of several identical lines nearest the number it was made on."""
    from tests.support import reports

    corpus = tmp_path / "pdf"
    corpus.mkdir()
    (corpus / "report.pdf").write_bytes(reports.single_column())
    config = Config(corpus=(corpus,), data_dir=tmp_path / "data")
    report = article(config, "report")
    _, lines = trace_article(report, config, load_corpus(config).line_keys)
    by_number = {line.line: line for line in lines}
    assert (by_number[1].status, by_number[1].text) == ("title", reports.TITLE)
    heads = [n for n, line in by_number.items() if line.reason == "running head"]
    assert len(heads) == 2 and by_number[heads[0]].text == by_number[heads[1]].text
    assert {line.reason for line in lines if line.status == "dropped"} == {
        "page number",
        "running head",
    }
    assert [line.status for line in lines if line.text.startswith("1 Ministry")] == ["note"]
    assert not any("obj" in line.text or "/Font" in line.text for line in lines)
    second = by_number[heads[1]]
    store(config).keep_line(report, report.content_hash, LineRef(second.line, second.text))
    _, after = trace_article(article(config, "report"), config, load_corpus(config).line_keys)
    now = {line.line: line for line in after}
    assert (now[heads[0]].status, now[heads[0]].reason) == ("dropped", "running head")
    assert (now[heads[1]].status, now[heads[1]].reason) == ("body", "kept by you")
