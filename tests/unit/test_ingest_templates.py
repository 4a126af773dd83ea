"""Corpus-level template detection: lines repeated across a folder are site chrome.

Checked through ``load_corpus`` (what ``rjtui show`` uses) and through the index,
including incremental updates: adding the third file that repeats a line makes
it a template in the other two, and removing one makes it text again.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

import rjtui.search.indexer
from rjtui.config import Config, load_config, with_overrides
from rjtui.ingest import load_corpus
from rjtui.ingest.sourceview import trace_article
from rjtui.search import Engine
from rjtui.session import ensure_index
from tests.conftest import rjtui_json

BLOG = "Northern Notes"
SLOGAN = "Letters from the edge of the Sea of Okhotsk"
BYLINE = "By Anna Petrova"
SUPPORT = "Readers can support the blog through Patreon."
LONG = (
    "This blog is written by volunteers and reflects the views of its authors, not of any "
    "government or company."
)
STORIES = [
    ("Ferry to Korsakov resumes",
     "The summer ferry from Wakkanai to Korsakov is running again after a long pause, "
     "bringing tourists and traders."),
    ("Winter on Kunashir",
     "Snow closed the only road on Kunashir for a week, and the islanders relied on the "
     "helicopter for supplies."),
    ("Salmon season opens",
     "Fishermen in Nemuro prepared their boats as the salmon season opened under the new "
     "quota agreement."),
    ("Gas prices in Hokkaido",
     "Utilities in Hokkaido warned that gas prices could rise if shipments from Sakhalin "
     "were interrupted."),
    ("Graves on Etorofu",
     "Former islanders asked again to visit the family graves on Etorofu, which have been "
     "closed to them since 2020."),
    ("Crab exports fall",
     "Crab exports from Sakhalin to Japan fell by a third last year as buyers turned to "
     "suppliers in Alaska."),
]  # fmt: skip


def write(folder: Path, n: int, *, long_line: bool = False) -> Path:
    title, paragraph = STORIES[n]
    extra = f"\n\n{LONG}" if long_line else ""
    path = folder / f"post{n}.txt"
    path.write_text(
        f"{BLOG}\n{SLOGAN}\n\n{title}\n{BYLINE}\n\n{paragraph}\n\n"
        f"The council met on day {n + 1}.\n\n{SUPPORT}{extra}\n",
        encoding="utf-8",
    )
    return path


def config_for(folder: Path) -> Config:
    return with_overrides(load_config(), corpus=[folder])


def test_a_line_in_three_files_of_a_folder_is_a_template(tmp_path: Path) -> None:
    for n in range(3):
        write(tmp_path, n)
    articles = load_corpus(config_for(tmp_path)).articles
    for n, article in enumerate(articles):
        assert article.title == STORIES[n][0]  # not the blog name
        assert article.authors == ("Anna Petrova",)  # a recurring byline is still the author
        reasons = {d.text: d.reason for d in article.dropped}
        assert reasons[BLOG] == reasons[SLOGAN] == reasons[SUPPORT] == "template (in 3 files)"
        body = [p.text for p in article.passages]
        assert body[0] == STORIES[n][1]
        assert body[-1] == f"The council met on day {n + 1}."


def test_two_files_are_not_enough(tmp_path: Path) -> None:
    for n in range(2):
        write(tmp_path, n)
    for article in load_corpus(config_for(tmp_path)).articles:
        assert not [d for d in article.dropped if d.reason.startswith("template")]


def test_only_the_same_folder_counts(tmp_path: Path) -> None:
    for n in range(3):
        (tmp_path / f"site{n}").mkdir()
        write(tmp_path / f"site{n}", n)
    for article in load_corpus(config_for(tmp_path)).articles:
        assert not [d for d in article.dropped if d.reason.startswith("template")]


@pytest.mark.parametrize(("with_line", "dropped"), [(3, False), (4, True)])
def test_a_long_sentence_must_recur_in_most_of_the_folder(
    tmp_path: Path, with_line: int, dropped: bool
) -> None:
    for n in range(6):  # "most" of six files is four
        write(tmp_path, n, long_line=n < with_line)
    articles = load_corpus(config_for(tmp_path)).articles
    for article in articles[:with_line]:
        in_body = LONG in [p.text for p in article.passages]
        assert in_body is not dropped


def names(engine: Engine, query: str) -> set[str]:
    return {Path(h.meta.path).name for h in engine.search(query, limit=100).articles}


def indexed_posts(tmp_path: Path, data_dir: Path, posts: int) -> tuple[Path, Config]:
    """A corpus folder of ``posts`` blog posts, indexed."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    config = Config(corpus=(corpus,), data_dir=data_dir)
    for n in range(posts):
        write(corpus, n)
    ensure_index(config)
    return corpus, config


def test_index_updates_keep_templates_correct(tmp_path: Path, data_dir: Path) -> None:
    corpus, config = indexed_posts(tmp_path, data_dir, 2)
    engine = Engine.open(config)
    assert names(engine, "Patreon") == {"post0.txt", "post1.txt"}  # two files: still text

    write(corpus, 2)
    report = ensure_index(config)
    assert (report.added, report.changed) == (1, 2)  # the other two lost their template lines
    engine.refresh()
    assert names(engine, "Patreon") == set()
    assert names(engine, "Korsakov") == {"post0.txt"}

    (corpus / "post2.txt").unlink()
    report = ensure_index(config)
    assert (report.removed, report.changed) == (1, 2)
    engine.refresh()
    assert names(engine, "Patreon") == {"post0.txt", "post1.txt"}
    engine.close()

    rebuilt = Engine.open(config)  # an update gives what a full build gives
    ensure_index(config, rebuild=True)
    rebuilt.refresh()
    assert names(rebuilt, "Patreon") == {"post0.txt", "post1.txt"}
    rebuilt.close()


def test_copies_of_one_article_do_not_make_its_lines_templates(tmp_path: Path) -> None:
    for n, encoding in enumerate(["utf-8", "utf-16", "utf-8-sig"]):
        text = f"{STORIES[0][0]}\n\n{STORIES[0][1]}\n\n{STORIES[1][1]}\n"
        (tmp_path / f"copy{n}.txt").write_bytes(text.encode(encoding))
    for article in load_corpus(config_for(tmp_path)).articles:
        assert article.title == STORIES[0][0]
        assert not [d for d in article.dropped if d.reason.startswith("template")]


class OpenCounter:
    """Counts every ``open`` of a file under ``folder`` (an audit hook: it sees the
    builder's and ingest's reads alike). Hooks cannot be removed, so ``stop`` makes
    it inert."""

    def __init__(self, folder: Path) -> None:
        self.folder: str | None = str(folder)
        self.opened: Counter[str] = Counter()
        sys.addaudithook(self.hook)

    def hook(self, event: str, args: tuple) -> None:
        if event == "open" and self.folder and args and str(args[0]).startswith(self.folder):
            self.opened[Path(str(args[0])).name] += 1

    def stop(self) -> None:
        self.folder = None


@pytest.fixture
def opens(tmp_path: Path) -> Iterator[OpenCounter]:
    counter = OpenCounter(tmp_path / "corpus")
    yield counter
    counter.stop()


def test_counting_templates_reads_each_file_once(
    tmp_path: Path, data_dir: Path, opens: OpenCounter
) -> None:
    """The line count and the ingest share each file's one read: on a build, on an
    update that changes the templates of the other files, and in ``load_corpus``."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    config = Config(corpus=(corpus,), data_dir=data_dir)
    for n in range(3):
        write(corpus, n)
    opens.opened.clear()  # the writes above
    ensure_index(config)
    assert opens.opened == {"post0.txt": 1, "post1.txt": 1, "post2.txt": 1}

    write(corpus, 3)
    (corpus / "post2.txt").write_text("Only a note.\n\nNothing here repeats.\n", encoding="utf-8")
    opens.opened.clear()
    report = ensure_index(config)
    assert (report.added, report.changed) == (1, 1)
    assert opens.opened == {"post2.txt": 1, "post3.txt": 1}

    opens.opened.clear()
    (corpus / "post3.txt").unlink()  # post0 and post1 keep their chrome only with post3
    report = ensure_index(config)
    assert (report.removed, report.changed) == (1, 2)
    assert opens.opened == {"post0.txt": 1, "post1.txt": 1}  # re-ingested: their one read

    opens.opened.clear()
    load_corpus(config_for(corpus))
    assert opens.opened == {"post0.txt": 1, "post1.txt": 1, "post2.txt": 1}


def test_a_parallel_build_drops_the_same_templates(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers read their share of the files, the parent counts every worker's lines
    and sends each its templates: the same index as a serial build."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(4):
        write(corpus, n)
    serial = Config(corpus=(corpus,), data_dir=data_dir / "serial")
    parallel = Config(corpus=(corpus,), data_dir=data_dir / "parallel")
    ensure_index(serial)
    monkeypatch.setattr(rjtui.search.indexer, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert ensure_index(parallel).articles == 4
    for config in (serial, parallel):
        engine = Engine.open(config)
        assert names(engine, "Patreon") == set()
        assert names(engine, "Okhotsk") == set()
        assert names(engine, "Korsakov") == {"post0.txt"}
        engine.close()
    monkeypatch.setattr(rjtui.search.indexer, "PARALLEL_MIN_FILES", 10_000)
    (corpus / "post3.txt").unlink()  # an update from a parallel build's sidecars
    report = ensure_index(parallel)
    assert (report.removed, report.changed) == (1, 0)  # three files: still templates
    (corpus / "post2.txt").unlink()
    report = ensure_index(parallel)
    assert (report.removed, report.changed) == (1, 2)
    engine = Engine.open(parallel)
    assert names(engine, "Patreon") == {"post0.txt", "post1.txt"}
    engine.close()


def test_lost_line_keys_make_the_update_a_full_build(tmp_path: Path, data_dir: Path) -> None:
    """The keys live in a sidecar of their own (the ones read at every start stay
    small); if it is gone, an update that must recount rebuilds instead of guessing."""
    corpus, config = indexed_posts(tmp_path, data_dir, 2)
    sidecars = list(data_dir.rglob("lines-*.json"))
    assert len(sidecars) == 1
    (files,) = data_dir.rglob("files-*.json")
    assert not [s for s in json.loads(files.read_text()).values() if "keys" in s]
    sidecars[0].unlink()
    write(corpus, 2)
    report = ensure_index(config)
    assert report.rebuilt and report.articles == 3
    engine = Engine.open(config)
    assert names(engine, "Patreon") == set()
    engine.close()


def source_reasons(config: Config, article_id: str) -> tuple[str, dict[str, str]]:
    """What the source view (the reader's ``r``, ``rjtui fix``) shows of an indexed
    article: its title and the reason of each dropped line."""
    engine = Engine.open(config)
    try:
        meta = engine.article(article_id).meta
        article, lines = trace_article(meta, config, engine.line_keys(meta.path))
    finally:
        engine.close()
    return article.title, {line.text: line.reason for line in lines if line.status == "dropped"}


def test_the_source_view_counts_templates_as_the_index_now_does(
    tmp_path: Path, data_dir: Path
) -> None:
    """The source view ingests its one file again, with the templates of its folder as
    the index counts them now (its stored line keys): an update that does not re-ingest
    a file (its chrome is still chrome) still changes the number of files shown."""
    corpus, config = indexed_posts(tmp_path, data_dir, 4)
    title, reasons = source_reasons(config, "post0")
    assert title == STORIES[0][0]  # as indexed: the blog's name is no headline
    assert reasons[BLOG] == reasons[SLOGAN] == reasons[SUPPORT] == "template (in 4 files)"

    (corpus / "post3.txt").unlink()
    report = ensure_index(config)
    assert (report.removed, report.changed) == (1, 0)  # post0 was not ingested again
    title, reasons = source_reasons(config, "post0")
    assert title == STORIES[0][0]
    assert reasons[BLOG] == reasons[SLOGAN] == reasons[SUPPORT] == "template (in 3 files)"

    for n in (3, 4, 5):
        write(corpus, n)
    report = ensure_index(config)
    assert (report.added, report.changed) == (3, 0)
    assert source_reasons(config, "post1")[1][SUPPORT] == "template (in 6 files)"


def test_show_source_counts_templates_like_show(tmp_path: Path) -> None:
    """``rjtui show ID --source`` lists the lines of the article ``show`` prints: the
    same templates, counted over the folder."""
    for n in range(3):
        write(tmp_path, n)
    shown = rjtui_json("--corpus", str(tmp_path), "show", "post1", "--source", "--json")
    assert isinstance(shown, dict)
    reasons = {line["text"]: line["reason"] for line in shown["lines"]}
    assert reasons[BLOG] == reasons[SUPPORT] == "template (in 3 files)"
    assert [line["text"] for line in shown["lines"] if line["status"] == "title"] == [STORIES[1][0]]


def test_fix_keep_line_brings_a_template_line_back_into_the_body(tmp_path: Path) -> None:
    """``fix --keep-line`` on a line dropped as site chrome: the line is checked against
    the article as the index holds it (a template, dropped), so it can be kept."""
    from tests.conftest import rjtui_json, run_rjtui

    corpus = tmp_path / "blog"
    corpus.mkdir()
    for n in range(3):
        write(corpus, n)
    options = ["--corpus", str(corpus), "--data-dir", str(tmp_path / "data")]
    query = ["search", '"support the blog through Patreon"', "--json", *options]
    assert rjtui_json(*query)["total_articles"] == 0
    ids = [a["id"] for a in rjtui_json("articles", "--json", *options)]
    kept = run_rjtui("fix", ids[0], "--keep-line", "11", *options)  # SUPPORT
    assert kept.returncode == 0, kept.stderr
    assert [a["id"] for a in rjtui_json(*query)["articles"]] == [ids[0]]
