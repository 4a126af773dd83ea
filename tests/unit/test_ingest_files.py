"""Files on disk: encodings, skipped files with reasons, walking folders, ids, duplicates."""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path

import pytest

from rjtui.config import Config, ConfigError, load_config
from rjtui.ingest import SkipFile, article_id, ingest_file, iter_corpus_files, load_corpus

PARAGRAPH = (
    "Japan and Russia signed a fisheries agreement in Moscow after long talks about quotas "
    "and the safety of crews near the Kuril Islands."
)
TEXT = f"Fisheries Talks in Moscow\n\nBy Anna Popova | 12 May 2023\n\n{PARAGRAPH}\n"


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config()


def corpus_config(config: Config, *dirs: Path) -> Config:
    return dataclasses.replace(config, corpus=tuple(dirs))


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-32-le", b"\xff\xfe\x00\x00"),
        ("utf-32-be", b"\x00\x00\xfe\xff"),
        ("utf-16-le", b""),  # no BOM: recognised by its NUL bytes
    ],
)
def test_unicode_encodings_and_boms(tmp_path: Path, config: Config, encoding, prefix) -> None:
    text = TEXT.replace("Moscow after", "Moscow — «after»")
    path = write(tmp_path, "a.txt", prefix + text.encode(encoding))
    article = ingest_file(path, config, root=tmp_path)
    assert article.title == "Fisheries Talks in Moscow"
    assert article.authors == ("Anna Popova",)
    assert article.passages[0].text.startswith("Japan and Russia signed")
    assert "Moscow — «after»" in article.passages[0].text
    assert "\ufeff" not in article.title


def test_cp1252_fallback(tmp_path: Path, config: Config) -> None:
    text = TEXT.replace("talks", "“talks” – café")
    path = write(tmp_path, "a.txt", text.encode("cp1252"))
    article = ingest_file(path, config, root=tmp_path)
    assert "“talks” – café" in article.passages[0].text
    assert article.warnings == ("not UTF-8: decoded as cp1252",)


def test_cp1251_russian_fallback(tmp_path: Path, config: Config) -> None:
    text = (
        "Россия и Япония\n\nИван Петров, 15 марта 2023\n\n"
        "Переговоры о мирном договоре между Россией и Японией остаются замороженными, "
        "и ни одна из сторон не готова к уступкам по Курильским островам.\n"
    )
    path = write(tmp_path, "a.txt", text.encode("cp1251"))
    article = ingest_file(path, config, root=tmp_path)
    assert article.language == "ru"
    assert article.title == "Россия и Япония"
    assert article.authors == ("Иван Петров",)
    assert article.date == "2023-03-15"


def test_nfc_normalisation(tmp_path: Path, config: Config) -> None:
    decomposed = TEXT.replace("Moscow after", "Moscow after Shinzo\u0304 Abe")
    path = write(tmp_path, "a.txt", decomposed.encode())
    assert "Shinzō Abe" in ingest_file(path, config, root=tmp_path).passages[0].text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\n\t \n", "empty file"),
        (b"\xef\xbb\xbf", "empty file"),
        (b"\x00\x01\x02\x03binary\x00\xff" * 50, "binary file (NUL bytes)"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file (PDF)"),
        (b"\x89PNG\r\n\x1a\n" + b"\x10" * 40, "binary file (PNG image)"),
        (b"\x01\x02\x03\x04\x05\x06" * 100 + b"text", "binary file (control bytes)"),
        (b"Rate this article\nShare this article\n", "no paragraphs"),
    ],
)
def test_files_skipped_with_reason(tmp_path: Path, config: Config, data: bytes, reason) -> None:
    path = write(tmp_path, "bad.txt", data)
    with pytest.raises(SkipFile) as info:
        ingest_file(path, config, root=tmp_path)
    assert info.value.reason == reason
    assert str(info.value) == reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_skipped_and_rest_of_corpus_loads(tmp_path: Path, config: Config) -> None:
    write(tmp_path, "a.txt", TEXT.encode())
    locked = write(tmp_path, "b.txt", TEXT.encode())
    locked.chmod(0)
    write(tmp_path, "c.txt", b"")
    write(tmp_path, "d.txt", TEXT.replace("Anna Popova", "Ivan Sokolov").encode())
    try:
        load = load_corpus(corpus_config(config, tmp_path))
    finally:
        locked.chmod(0o600)
    assert [a.id for a in load.articles] == ["a", "d"]
    assert [(Path(s.path).name, s.reason) for s in load.skipped] == [
        ("b.txt", "unreadable: permission denied"),
        ("c.txt", "empty file"),
    ]


def test_unreadable_path_is_a_skip_not_a_crash(tmp_path: Path, config: Config) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(SkipFile, match="unreadable: a directory"):
        ingest_file(folder, config, root=tmp_path)
    with pytest.raises(SkipFile, match="unreadable: no such file or directory"):
        ingest_file(tmp_path / "gone.txt", config, root=tmp_path)


def test_one_bad_file_never_stops_the_rest(tmp_path: Path, config: Config) -> None:
    write(tmp_path, "1.txt", b"\x00\x00binary\x00")
    write(tmp_path, "2.txt", TEXT.encode())
    write(tmp_path, "3.md", b"")
    load = load_corpus(corpus_config(config, tmp_path))
    assert [a.id for a in load.articles] == ["2"]
    assert {Path(s.path).name: s.reason for s in load.skipped} == {
        "1.txt": "binary file (NUL bytes)",
        "3.md": "empty file",
    }


def test_iter_corpus_files_recursive_sorted_filtered(tmp_path: Path) -> None:
    for name in ("b.txt", "a.md", "c.markdown", "D.TXT", "sub/z.txt", "sub/deeper/y.md"):
        write(tmp_path, name, b"x")
    for name in ("notes.docx", "image.png", ".hidden.txt", ".git/HEAD.txt", "sub/.cache/x.txt"):
        write(tmp_path, name, b"x")
    found = [p.relative_to(tmp_path).as_posix() for p, root in iter_corpus_files([tmp_path])]
    assert found == ["D.TXT", "a.md", "b.txt", "c.markdown", "sub/deeper/y.md", "sub/z.txt"]
    assert {root for _, root in iter_corpus_files([tmp_path])} == {tmp_path}


def test_symlink_loops_are_walked_once(tmp_path: Path) -> None:
    write(tmp_path, "sub/a.txt", b"x")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self").symlink_to(tmp_path / "sub", target_is_directory=True)
    found = [p.relative_to(tmp_path).as_posix() for p, _ in iter_corpus_files([tmp_path])]
    assert found == ["self/a.txt"] or found == ["sub/a.txt"]


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses non-UTF-8 file names")
def test_non_utf8_file_names(tmp_path: Path, config: Config) -> None:
    name = os.fsdecode(b"caf\xe9-\x1b[31m.txt")
    (tmp_path / name).write_bytes(TEXT.encode())
    load = load_corpus(corpus_config(config, tmp_path))
    (article,) = load.articles
    assert article.id.startswith("caf_-_31m-")
    assert set(article.id) <= set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-"
    )
    assert "\ufffd" in article.path and "\x1b" not in article.path
    article.path.encode("utf-8")  # printable: no lone surrogates


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("000_206e5e792e276c3c.txt", "000_206e5e792e276c3c"),
        ("2023/01.txt", "2023-01"),
        ("news/2024/kishida visit.md", "news-2024-kishida_visit-"),
        ("статья.txt", "article-"),
    ],
)
def test_article_ids(tmp_path: Path, relative: str, expected: str) -> None:
    aid = article_id(tmp_path / relative, tmp_path)
    assert aid.startswith(expected)
    assert set(aid) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
    assert aid == article_id(tmp_path / relative, tmp_path)  # stable


def test_ids_of_different_unsafe_names_differ(tmp_path: Path) -> None:
    assert article_id(tmp_path / "a b.txt", tmp_path) != article_id(tmp_path / "a?b.txt", tmp_path)


def test_duplicate_ids_across_roots_keep_the_first(tmp_path: Path, config: Config) -> None:
    one = write(tmp_path, "one/2023/01.txt", TEXT.encode()).parents[1]
    two = write(tmp_path, "two/2023/01.txt", TEXT.encode()).parents[1]
    load = load_corpus(corpus_config(config, one, two))
    assert [a.id for a in load.articles] == ["2023-01"]
    assert load.articles[0].path == str(one / "2023" / "01.txt")
    (skipped,) = load.skipped
    assert skipped.path == str(two / "2023" / "01.txt")
    assert skipped.reason.startswith("duplicate article id 2023-01")


def test_content_hash_follows_the_bytes(tmp_path: Path, config: Config) -> None:
    a = ingest_file(write(tmp_path, "a.txt", TEXT.encode()), config, root=tmp_path)
    b = ingest_file(write(tmp_path, "b.txt", TEXT.encode()), config, root=tmp_path)
    c = ingest_file(write(tmp_path, "c.txt", (TEXT + "\n").encode()), config, root=tmp_path)
    assert a.content_hash == b.content_hash != c.content_hash
    # same text: same passage ids apart from the article id
    assert [p.id.split(":")[1] for p in a.passages] == [p.id.split(":")[1] for p in c.passages]


def test_invalid_boilerplate_regex_in_config_is_a_config_error(
    tmp_path: Path, config: Config
) -> None:
    bad = dataclasses.replace(config, boilerplate=("fine", "(unclosed"))
    with pytest.raises(ConfigError, match=r"boilerplate\[1\] '\(unclosed' is not a valid"):
        load_corpus(bad)
