"""Bookmarks core: the file format, the store's operations, re-anchoring, export.

Everything runs against real files in a tmp folder; nothing here needs an
index (re-anchoring is fed plain passage lists, as its lookup contract says).
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rjtui.bookmarks import (
    AnchorStatus,
    Bookmark,
    BookmarkNotFoundError,
    BookmarksFileError,
    BookmarkStore,
    export_path,
    export_text,
    parse_tags,
    reanchor,
)
from rjtui.bookmarks.fileformat import dumps, loads
from rjtui.results import ArticleMeta, PassageHit

ARTICLE = ArticleMeta(
    id="kurbanov-2024",
    path="/corpus/000.txt",
    title="Russia in Japanese foreign policy at present",
    authors=("Nazar Kurbanov",),
    date="2024-04-13",
    source="New Eastern Outlook",
)
OTHER = ArticleMeta(
    id="konovalov-2022",
    path="/corpus/002.txt",
    title="Russia and Japan: a Difficult Balance",
    authors=("Petr Konovalov", "Ivan Petrov", "Anna Sato"),
    date="2022-03-10",
    source="R&D {Review} 100% #1",
)
P1 = PassageHit(id="kurbanov-2024:aaa", n=1, text="Japan tightened sanctions on 1 March 2024.")
P2 = PassageHit(id="kurbanov-2024:bbb", n=4, text="Educational contacts have not been interrupted.")
Q1 = PassageHit(id="konovalov-2022:ccc", n=2, text="The *Sakhalin-2* project [LNG] <b>stake</b>.")


@pytest.fixture
def store(tmp_path: Path) -> BookmarkStore:
    return BookmarkStore(tmp_path / "bm" / "bookmarks.yaml")


# --- the store ---------------------------------------------------------------


def test_add_writes_a_readable_versioned_file_and_round_trips(store: BookmarkStore) -> None:
    first = store.add(ARTICLE, P1, note=" key fact ", tags=["sanctions", " 2024 ,x"], query="q")
    second = store.add(OTHER, Q1)
    assert re.fullmatch(r"bm-[0-9a-f]{8}", first.id) and first.id != second.id
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", first.created)
    assert first.note == "key fact" and first.tags == ("sanctions", "2024", "x")
    assert store.load() == [first, second]
    raw = yaml.safe_load(store.path.read_text(encoding="utf-8"))
    assert raw["version"] == 1
    entry = raw["bookmarks"][0]
    assert entry["article"] == {
        "id": ARTICLE.id,
        "title": ARTICLE.title,
        "authors": ["Nazar Kurbanov"],
        "date": "2024-04-13",
        "source": "New Eastern Outlook",
        "path": ARTICLE.path,
    }
    assert entry["passage"] == {"id": P1.id, "n": 1, "text": P1.text}
    assert entry["query"] == "q" and entry["note"] == "key fact"
    assert "note" not in raw["bookmarks"][1] and "tags" not in raw["bookmarks"][1]
    assert store.passage_ids() == {P1.id, Q1.id}


def test_update_remove_restore_and_backup(store: BookmarkStore) -> None:
    a = store.add(ARTICLE, P1, note="n", tags=["t"])
    b = store.add(ARTICLE, P2)
    c = store.add(OTHER, Q1)
    updated = store.update(a.id, tags=["new, tags"])
    assert updated.note == "n" and updated.tags == ("new", "tags")
    assert store.update(a.id, note="").note == ""
    before_remove = store.path.read_text(encoding="utf-8")
    removed = store.remove(b.id)
    assert removed == b
    assert store.backup_path.read_text(encoding="utf-8") == before_remove
    assert [x.id for x in store.load()] == [a.id, c.id]
    store.restore(removed)
    store.restore(removed)  # undo twice is harmless
    assert [x.id for x in store.load()] == [a.id, b.id, c.id]
    with pytest.raises(BookmarkNotFoundError, match="bm-nope"):
        store.remove("bm-nope")
    with pytest.raises(BookmarkNotFoundError):
        store.update("bm-nope", note="x")


def test_missing_or_empty_file_means_no_bookmarks(store: BookmarkStore) -> None:
    assert store.load() == [] and not store.path.exists()
    store.path.parent.mkdir(parents=True)
    store.path.write_text("", encoding="utf-8")
    assert store.load() == []


def test_writes_keep_the_users_file_mode_and_leave_no_temporaries(store: BookmarkStore) -> None:
    store.add(ARTICLE, P1)
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    os.chmod(store.path, 0o640)
    (store.path.parent / ".bookmarks.yaml.dead.tmp").write_text("left by a killed writer")
    store.add(ARTICLE, P2)
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o640
    leftovers = sorted(p.name for p in store.path.parent.iterdir())
    assert leftovers == ["bookmarks.yaml", "bookmarks.yaml.bak", "bookmarks.yaml.lock"]


BROKEN = [
    ("version: 1\nbookmarks:\n  - id: bm-1\n    note: [unclosed\n", 5),
    ("version: 1\nbookmarks:\n- id: bm-1\n  article: {id: a}\n  passage: {text: t, n: x}\n", 5),
    ("version: 1\nbookmarks:\n- id: bm-1\n  article: {id: a}\n  passage: {n: 1}\n", 5),
    (
        "version: 1\nbookmarks:\n- id: x\n  article: {id: a}\n  passage: {text: t}\n"
        "- id: x\n  article: {id: a}\n  passage: {text: t}\n",
        6,
    ),
    ("version: 7\nbookmarks: []\n", 1),
    ("- just\n- a list\n", 1),
]


@pytest.mark.parametrize(("text", "line"), BROKEN)
def test_a_broken_file_is_reported_by_line_and_never_overwritten(
    store: BookmarkStore, text: str, line: int
) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text(text, encoding="utf-8")
    with pytest.raises(BookmarksFileError, match=rf"bookmarks\.yaml: line {line}: "):
        store.load()
    for write in (
        lambda: store.add(ARTICLE, P1),
        lambda: store.update("bm-1", note="x"),
        lambda: store.remove("bm-1"),
    ):
        with pytest.raises(BookmarksFileError, match="read-only until then"):
            write()
    assert store.path.read_text(encoding="utf-8") == text
    assert not store.backup_path.exists()
    store.path.write_text("version: 1\nbookmarks: []\n", encoding="utf-8")  # the user fixes it
    assert store.add(ARTICLE, P1).id in {b.id for b in store.load()}


def test_non_utf8_file_is_reported_and_kept(store: BookmarkStore) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(b"version: 1\nbookmarks:\n- id: \xff\n")
    with pytest.raises(BookmarksFileError, match="line 3: not UTF-8"):
        store.add(ARTICLE, P1)
    assert store.path.read_bytes() == b"version: 1\nbookmarks:\n- id: \xff\n"


def test_hand_edited_file_is_respected(store: BookmarkStore) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text(
        "# my notes\nbookmarks:\n"
        "- id: 42\n  created: 2024-05-01 10:00:00+09:00\n"
        "  article: {id: kurbanov-2024, date: 2024-04-13, authors: Nazar Kurbanov}\n"
        "  passage:\n    n: 3\n    text: |\n      Two lines\n      of text.\n"
        "  tags: evidence, japan\n",
        encoding="utf-8",
    )
    (mine,) = store.load()
    assert mine.id == "42" and mine.created.startswith("2024-05-01T10:00:00")
    assert mine.article.date == "2024-04-13" and mine.article.title == "kurbanov-2024"
    assert mine.article.authors == ("Nazar Kurbanov",)
    assert mine.passage.text == "Two lines\nof text.\n"
    assert mine.tags == ("evidence", "japan")
    store.add(ARTICLE, P1)  # a change keeps the hand-made entry intact
    assert store.load()[0] == mine


_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80)
_field = _text.map(str.strip).filter(bool)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_text.filter(str.strip), note=_text, tags=st.lists(_text, max_size=4), name=_field)
def test_any_text_survives_the_file_exactly(
    text: str, note: str, tags: list[str], name: str
) -> None:
    saved = Bookmark(
        id="bm-1",
        created="2024-01-01T00:00:00+00:00",
        article=ArticleMeta(id="a", path="p", title=name, authors=(name,), source=name),
        passage=PassageHit(id="a:1", n=1, text=text),
        note=note.strip(),
        tags=parse_tags(tags),
    )
    assert loads(dumps([saved]), Path("f")) == [saved]


# --- re-anchoring ------------------------------------------------------------


def _passage(article_id: str, n: int, text: str) -> PassageHit:
    return PassageHit(id=f"{article_id}:{abs(hash(text)) % 10**8:08d}", n=n, text=text)


def test_reanchor_by_id_then_exact_text_then_closest_text_else_keep(
    store: BookmarkStore,
) -> None:
    same = store.add(ARTICLE, P1)
    moved = store.add(ARTICLE, P2)
    long_text = (
        "Thus, unlike the EU, Japan has maintained a very active humanitarian interaction "
        "with our country, which allows Japan to keep the door open."
    )
    edited = store.add(ARTICLE, PassageHit(id="kurbanov-2024:ddd", n=7, text=long_text))
    gone = store.add(ARTICLE, PassageHit(id="kurbanov-2024:eee", n=8, text="Deleted later."))
    orphan = store.add(OTHER, Q1)
    corpus = {
        ARTICLE.id: [
            PassageHit(id=P1.id, n=1, text=P1.text),
            _passage(ARTICLE.id, 2, "A new first paragraph."),
            # re-ingest changed whitespace and the position: same text, new id
            _passage(ARTICLE.id, 5, "Educational  contacts\nhave not been interrupted."),
            _passage(ARTICLE.id, 8, long_text.replace("very active", "lively")),
        ]
    }
    lookups: list[str] = []

    def lookup(article_id: str) -> list[PassageHit] | None:
        lookups.append(article_id)
        return corpus.get(article_id)

    result = {a.bookmark.id: a for a in store.reanchor(lookup)}
    assert sorted(lookups) == sorted({ARTICLE.id, OTHER.id})  # once per article
    assert result[same.id].status is AnchorStatus.SAME
    assert result[moved.id].status is AnchorStatus.MOVED
    assert result[moved.id].passage_id == corpus[ARTICLE.id][2].id
    assert result[edited.id].status is AnchorStatus.EDITED
    assert result[edited.id].passage == corpus[ARTICLE.id][3]
    assert result[gone.id].status is AnchorStatus.CHANGED
    assert result[gone.id].status == "passage changed"
    assert result[gone.id].passage_id == gone.passage.id  # keeps the saved one
    assert result[orphan.id].status is AnchorStatus.ARTICLE_GONE

    # relocations are written back, saved text kept; nothing is dropped
    saved = {b.id: b for b in store.load()}
    assert set(saved) == {same.id, moved.id, edited.id, gone.id, orphan.id}
    assert (saved[moved.id].passage.id, saved[moved.id].passage.n) == (
        corpus[ARTICLE.id][2].id,
        5,
    )
    assert saved[edited.id].passage.text == long_text
    assert saved[gone.id] == gone
    again = {a.bookmark.id: a.status for a in reanchor(store.load(), lookup)}
    assert again[moved.id] is AnchorStatus.SAME
    assert again[edited.id] is AnchorStatus.EDITED  # still differs from what was saved


def test_a_dissimilar_rewrite_is_not_mistaken_for_the_passage() -> None:
    bookmark = Bookmark(id="bm-1", created="", article=ARTICLE, passage=P2)
    rewritten = [_passage(ARTICLE.id, 4, "Trade fell sharply after the sanctions of 2022.")]
    (result,) = reanchor([bookmark], lambda _id: rewritten)
    assert result.status is AnchorStatus.CHANGED and result.passage is None


# --- export ------------------------------------------------------------------


def test_markdown_export_groups_by_article_with_citations(store: BookmarkStore) -> None:
    store.add(ARTICLE, P2, note="see *also* p. 3", tags=["education"])
    store.add(OTHER, Q1)
    store.add(ARTICLE, P1, tags=["sanctions", "japan"])
    md = export_text(store.load(), "markdown")
    assert md.count("## ") == 2
    kurbanov = md.index("## Russia in Japanese")
    assert kurbanov < md.index("## Russia and Japan")
    assert (
        "Nazar Kurbanov, “Russia in Japanese foreign policy at present”, "
        "New Eastern Outlook, 2024-04-13." in md
    )
    assert "Petr Konovalov, Ivan Petrov and Anna Sato, “Russia and Japan" in md
    # passages in reading order within the article, each quoted, then note and tags
    assert md.index(f"> {P1.text}") < md.index("> Educational contacts")
    assert "**Note:** see \\*also\\* p. 3" in md
    assert "**Tags:** sanctions, japan" in md
    # article text stays literal: no emphasis, link or HTML from the corpus
    assert r"> The \*Sakhalin-2\* project \[LNG\] \<b\>stake\</b\>." in md


def test_bibtex_export_has_one_escaped_entry_per_cited_article(store: BookmarkStore) -> None:
    store.add(ARTICLE, P1)
    store.add(ARTICLE, P2)
    store.add(OTHER, Q1)
    untitled = ArticleMeta(id="x", path="", title="The Élan of Kurils", date="2023")
    store.add(untitled, PassageHit(id="x:1", n=1, text="t"))
    bib = export_text(store.load(), "bibtex")
    keys = re.findall(r"^@(\w+)\{([^,]+),$", bib, re.MULTILINE)
    assert keys == [
        ("article", "kurbanov2024russia"),
        ("article", "konovalov2022russia"),
        ("misc", "anon2023elan"),
    ]
    assert "author = {Konovalov, Petr and Petrov, Ivan and Sato, Anna}" in bib
    assert r"journal = {R\&D \{Review\} 100\% \#1}" in bib
    assert "month = apr," in bib and "date = {2024-04-13}" in bib
    unescaped_open = bib.count("{") - bib.count(r"\{")
    assert unescaped_open == bib.count("}") - bib.count(r"\}")


def test_duplicate_bibtex_keys_get_suffixes(store: BookmarkStore) -> None:
    twin = ArticleMeta(
        id="twin", path="", title=ARTICLE.title, authors=ARTICLE.authors, date=ARTICLE.date
    )
    store.add(ARTICLE, P1)
    store.add(twin, PassageHit(id="twin:1", n=1, text="t"))
    keys = re.findall(r"^@\w+\{([^,]+),$", export_text(store.load(), "bibtex"), re.MULTILINE)
    assert keys == ["kurbanov2024russia", "kurbanov2024russiab"]


def test_yaml_and_json_exports_carry_every_field(store: BookmarkStore) -> None:
    store.add(ARTICLE, P1, note="n", tags=["t"], query="sanctions")
    store.add(OTHER, Q1)
    bookmarks = store.load()
    assert loads(export_text(bookmarks, "yaml"), Path("export.yaml")) == bookmarks
    data = json.loads(export_text(bookmarks, "json"))
    assert data["version"] == 1
    assert data["bookmarks"] == [b.to_dict() for b in bookmarks]
    assert export_path(store.path, "bibtex") == store.path.with_name("bookmarks-export.bib")
    assert export_path(store.path, "yaml") != store.path


def test_text_exports_drop_terminal_escapes_and_data_exports_keep_them(
    store: BookmarkStore,
) -> None:
    hostile = ArticleMeta(id="h", path="", title="T\x1b]0;pwned\x07itle", source="S\x1b[2J")
    store.add(hostile, PassageHit(id="h:1", n=1, text="red \x1b[31malert\x1b[0m"), note="n\x1b[1m")
    bookmarks = store.load()
    for fmt in ("markdown", "bibtex"):
        out = export_text(bookmarks, fmt)
        assert "\x1b" not in out and "\x07" not in out and "Title" in out, fmt
    assert "red alert" in export_text(bookmarks, "markdown")
    assert json.loads(export_text(bookmarks, "json"))["bookmarks"][0]["passage"]["text"] == (
        "red \x1b[31malert\x1b[0m"
    )
    assert loads(export_text(bookmarks, "yaml"), Path("x")) == bookmarks


def test_a_symlinked_file_stays_a_symlink(tmp_path: Path) -> None:
    synced = tmp_path / "synced" / "research.yaml"
    synced.parent.mkdir()
    link = tmp_path / "data" / "bookmarks.yaml"
    link.parent.mkdir()
    link.symlink_to(synced)
    store = BookmarkStore(link)
    first = store.add(ARTICLE, P1)
    store.add(ARTICLE, P2)
    assert link.is_symlink() and first.id in synced.read_text(encoding="utf-8")
    assert store.backup_path == synced.with_name("research.yaml.bak")
    assert first.id in store.backup_path.read_text(encoding="utf-8")


@pytest.mark.parametrize("failing_fsync", [1, 3], ids=["backup", "bookmarks"])
def test_a_failed_write_leaves_the_file_and_no_temporaries(
    store: BookmarkStore, monkeypatch: pytest.MonkeyPatch, failing_fsync: int
) -> None:
    store.add(ARTICLE, P1)
    before = store.path.read_bytes()
    calls = []
    real_fsync = os.fsync

    def disk_full(fd: int) -> None:
        calls.append(fd)
        if len(calls) == failing_fsync:  # 1: the backup's temp file, 3: the new file's
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr("rjtui.safefile.os.fsync", disk_full)
    with pytest.raises(BookmarksFileError, match=r"No space left on device.*unchanged"):
        store.add(ARTICLE, P2)
    monkeypatch.undo()
    assert store.path.read_bytes() == before
    assert not list(store.path.parent.glob("*.tmp"))
    assert [b.passage.id for b in store.load()] == [P1.id]
