"""Whatever is on the disk: each hostile file is skipped with a reason or loaded
correctly, and the rest of the corpus always loads.

One corpus holds every hostile file next to a good article. It goes through
both real entry points: ``load_corpus`` (ingest) and ``ensure_index`` (a real
Whoosh index, then searched with the real ``Engine``). Each case is then
checked on its own, by file name, so a regression names the file it broke.
"""

from __future__ import annotations

import codecs
import dataclasses
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import rjtui.ingest
import rjtui.ingest.files
from rjtui.corpus import Article
from rjtui.ingest import CorpusLoad, load_corpus
from rjtui.search import Engine
from rjtui.search.indexer import IndexReport
from rjtui.session import ensure_index
from tests.faults.conftest import (
    GOOD_WORD,
    as_child_user,
    child_env,
    make_config,
    unprivileged,
    write_good,
)

TEXT = (
    "Kuril talks in Tokyo\n\n"
    "The Россия delegation met キーウ officials about the Kuril islands and fishing.\n\n"
    "A second paragraph about café politics and “quoted” words in the text.\n"
)
"""A two-paragraph article in three scripts, written below in many encodings."""
WESTERN = TEXT.replace("Россия", "Russian").replace("キーウ", "Kyiv")
"""The same for single-byte code pages, which hold no Cyrillic or Japanese."""


def expect_text(*fragments: str, passages: int = 2) -> Callable[[Article], None]:
    """A check that the article decoded right: title, passage count, exact fragments."""

    def check(article: Article) -> None:
        assert article.title == "Kuril talks in Tokyo", article.title
        assert len(article.passages) == passages, article.passages
        text = "\n".join(p.text for p in article.passages)
        for fragment in fragments:
            assert fragment in text, (fragment, text)
        assert "\ufeff" not in text and "\r" not in text and "\ufffd" not in text

    return check


def one_line_article(article: Article) -> None:
    assert len(article.passages) == 1
    assert len(article.passages[0].text) > 900_000
    assert article.title.endswith("…") and len(article.title) <= 80


def broken_front_matter(article: Article) -> None:
    """The body is kept; the bad YAML is reported, not fatal."""
    expect_text("Россия", "café")(article)
    assert any("front matter" in w and "invalid YAML" in w for w in article.warnings)


@dataclass(frozen=True)
class Case:
    id: str
    name: str | bytes
    """The file name (bytes for a name that is not UTF-8)."""
    data: bytes
    skip: str | None = None
    """Expected skip reason (a substring), or None when the file must load."""
    check: Callable[[Article], None] | None = None


CASES = [
    Case("empty", "empty.txt", b"", skip="empty file"),
    Case("whitespace", "blank.txt", b"  \n\t\r\n " + "\u3000".encode() + b"\n", "empty file"),
    Case("png", "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "PNG"),
    Case("nul-bytes", "nul.txt", b"text\x00\x01\x02\x03\x00" + bytes(range(256)) * 4, "binary"),
    Case(
        "utf16-le-bom",
        "utf16le.txt",
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        check=expect_text("Россия", "キーウ", "café"),
    ),
    Case(
        "utf16-be-bom",
        "utf16be.txt",
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        check=expect_text("Россия", "キーウ", "café"),
    ),
    Case(
        "utf8-bom",
        "utf8bom.txt",
        codecs.BOM_UTF8 + TEXT.encode(),
        check=expect_text("Россия", "キーウ"),
    ),
    Case("cp1252", "cp1252.txt", WESTERN.encode("cp1252"), check=expect_text("café", "“quoted”")),
    Case(
        "crlf-and-cr",
        "mixed-eol.txt",
        TEXT.replace("\n\n", "\r\n\r\n", 1).replace("\n\n", "\r\r").encode(),
        check=expect_text("Россия", "café"),
    ),
    Case("one-1mb-line", "oneline.txt", b"word " * 200_000, check=one_line_article),
    Case(
        "non-utf8-name",
        b"caf\xe9-\xff.txt",
        TEXT.encode(),
        check=expect_text("Россия"),
    ),
    Case(
        "broken-front-matter",
        "front.md",
        b"---\ntitle: [unclosed\nauthors: {\n---\n\n" + TEXT.encode(),
        check=broken_front_matter,
    ),
    Case("no-paragraphs", "title-only.txt", b"Just a title\n", "no paragraphs"),
    Case(
        "only-links", "links.txt", b"https://example.com/a\nhttps://example.com/b\n", "paragraphs"
    ),
]


def write_case(folder: Path, case: Case) -> Path:
    raw = case.name if isinstance(case.name, bytes) else case.name.encode()
    path = Path(os.fsdecode(os.fsencode(folder) + b"/" + raw))
    path.write_bytes(case.data)
    return path


@dataclass
class Loaded:
    """The hostile corpus after ingest and after indexing."""

    paths: dict[str, Path]
    load: CorpusLoad
    report: IndexReport
    engine: Engine

    def article(self, case: Case) -> Article:
        wanted = os.fsencode(self.paths[case.id]).decode("utf-8", "replace")
        found = [a for a in self.load.articles if a.path == wanted]
        assert len(found) == 1, ([a.path for a in self.load.articles], wanted)
        return found[0]

    def ingest_reason(self, case: Case) -> str | None:
        wanted = os.fsencode(self.paths[case.id]).decode("utf-8", "replace")
        return next((s.reason for s in self.load.skipped if s.path == wanted), None)

    def index_reason(self, case: Case) -> str | None:
        return dict(self.report.skipped).get(str(self.paths[case.id]))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("hostile-files")
    corpus = base / "corpus"
    write_good(corpus)
    paths = {case.id: write_case(corpus, case) for case in CASES}
    (corpus / "loop").symlink_to(".")  # a folder symlink loop
    config = make_config(corpus, base / "data")
    load = load_corpus(config)
    report = ensure_index(config)
    engine = Engine.open(config)
    yield Loaded(paths, load, report, engine)
    engine.close()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_file(hostile: Loaded, case: Case) -> None:
    if case.skip is not None:
        for reason in (hostile.ingest_reason(case), hostile.index_reason(case)):
            assert reason is not None and case.skip in reason, (reason, case.skip)
        return
    assert hostile.ingest_reason(case) is None and hostile.index_reason(case) is None
    article = hostile.article(case)
    assert case.check is not None
    case.check(article)
    assert article.id in hostile.engine.article_ids()
    assert all(ch.isascii() for ch in article.id), article.id  # typeable on a command line


def test_the_rest_of_the_corpus_loads(hostile: Loaded) -> None:
    """Every loadable file is indexed exactly once (the folder loop adds no copies)
    and the good article is found by search."""
    loadable = sum(1 for c in CASES if c.skip is None) + 1
    assert len(hostile.load.articles) == loadable
    assert hostile.report.articles == loadable
    assert len(hostile.engine.article_ids()) == loadable
    result = hostile.engine.search(GOOD_WORD)
    assert [hit.meta.path.rsplit("/", 1)[-1] for hit in result.articles] == ["good.txt"]
    kuril = hostile.engine.search("kuril fishing")
    expected = {hostile.article(c).id for c in CASES if c.check and c.check is not one_line_article}
    assert {hit.meta.id for hit in kuril.articles} == expected | {"good"}


@pytest.mark.parametrize("kind", ["file-loop", "dangling"])
def test_broken_symlink_is_reported(corpus_dir: Path, data_dir: Path, kind: str) -> None:
    """A symlink that never reaches a file is named with a reason, not silently dropped."""
    if kind == "file-loop":
        (corpus_dir / "a.txt").symlink_to("b.txt")
        (corpus_dir / "b.txt").symlink_to("a.txt")
        names, needle = {"a.txt", "b.txt"}, "symbolic links"
    else:
        (corpus_dir / "gone.txt").symlink_to("nowhere.txt")
        names, needle = {"gone.txt"}, "no such file"
    config = make_config(corpus_dir, data_dir)
    load = load_corpus(config)
    assert [a.path.rsplit("/", 1)[-1] for a in load.articles] == ["good.txt"]
    skipped = {Path(s.path).name: s.reason.lower() for s in load.skipped}
    assert set(skipped) == names and all(needle in r for r in skipped.values()), skipped
    report = ensure_index(config)
    assert report.articles == 1
    assert {Path(p).name for p, _ in report.skipped} == names, report.skipped


def test_file_deleted_between_listing_and_reading(
    corpus_dir: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file vanishes after the folder was listed: skipped as missing, the rest loads."""
    victim = corpus_dir / "victim.txt"
    victim.write_text(TEXT, encoding="utf-8")
    listing = rjtui.ingest.iter_corpus_files

    def list_then_delete(dirs):
        files = list(listing(dirs))
        assert victim in [p for p, _ in files]
        victim.unlink()
        yield from files

    monkeypatch.setattr(rjtui.ingest, "iter_corpus_files", list_then_delete)
    monkeypatch.setattr(rjtui.ingest.files, "iter_corpus_files", list_then_delete)
    loader = dataclasses.replace(rjtui.ingest.LOADER, list_files=list_then_delete)
    monkeypatch.setattr(rjtui.ingest, "LOADER", loader)
    config = make_config(corpus_dir, data_dir)
    load = load_corpus(config)
    assert [Path(a.path).name for a in load.articles] == ["good.txt"]
    assert [(Path(s.path).name, s.reason) for s in load.skipped] == [
        ("victim.txt", "unreadable: no such file or directory")
    ]
    victim.write_text(TEXT, encoding="utf-8")
    report = ensure_index(config)
    assert report.articles == 1
    assert [(Path(p).name, "no such file" in r.lower()) for p, r in report.skipped] == [
        ("victim.txt", True)
    ]


def test_50mb_file_is_skipped_quickly(corpus_dir: Path, data_dir: Path) -> None:
    """A 50 MB text file (a log, a dump) is refused by size without being parsed."""
    big = corpus_dir / "dump.txt"
    line = b"The talks on the Kuril islands resumed in Tokyo on Tuesday. " * 16 + b"\n"
    with big.open("wb") as fh:
        for _ in range(50_000_000 // len(line) + 1):
            fh.write(line)
    assert big.stat().st_size >= 50_000_000
    started = time.monotonic()
    report = ensure_index(make_config(corpus_dir, data_dir))
    assert time.monotonic() - started < 20
    assert report.articles == 1
    assert report.skipped == [(str(big), "too large for an article (50 MB)")]


def test_unreadable_file_is_skipped_with_reason(shared_tmp: Path) -> None:
    """A file the user may not read (real EACCES: as root the child drops to nobody)."""
    corpus = shared_tmp / "corpus"
    write_good(corpus)
    secret = corpus / "secret.txt"
    secret.write_text(TEXT, encoding="utf-8")
    secret.chmod(0o000)
    for folder in (corpus, shared_tmp / "data"):
        folder.mkdir(exist_ok=True)
        as_child_user(folder)
    as_child_user(corpus / "good.txt")
    argv = [sys.executable, "-m", "rjtui", "--corpus", str(corpus), "--data-dir"]
    proc = unprivileged([*argv, str(shared_tmp / "data"), "index"], child_env(shared_tmp))
    assert proc.returncode == 0, proc.stderr
    assert "rebuilt: 1 articles" in proc.stdout, proc.stdout
    skipped = [line for line in proc.stdout.splitlines() if "skipped " in line and ": " in line]
    assert len(skipped) == 1 and str(secret) in skipped[0], proc.stdout
    assert "permission denied" in skipped[0].lower(), skipped
