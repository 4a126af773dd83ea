"""Template counting over generated line keys: the same result as the plain one-pass count.

``folder_templates`` counts in two passes so that a 50k-file folder does not need a
set of articles for every one of its keys; ``Templates`` hands a file its own
templates out of its folder's. Both must give exactly what counting every key's
articles in one pass gives (``reference_file_templates`` below: that definition,
written plainly), on folders with copies of one article, long sentences, keys
repeated within a file and files without keys.
"""

from __future__ import annotations

import itertools
import pickle
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from rjtui.ingest.templates import MIN_FILES, count_templates, file_templates


def reference_file_templates(
    keys_by_file: Mapping[str, Sequence[str]],
) -> dict[str, dict[str, int]]:
    """path -> {key: articles} for its keys that are templates: every key's set of
    articles per folder, counted in one pass; copies of an article (more than half of
    the shorter one's sentences shared, counting only sentences in 2-20 files) are one."""
    parent = {path: path for path in keys_by_file}

    def find(path: str) -> str:
        while parent[path] != path:
            path = parent[path]
        return path

    holders: dict[str, list[str]] = {}
    sentences: Counter[str] = Counter()
    for path, keys in keys_by_file.items():
        for key in keys:
            if key[0] == "s":
                holders.setdefault(key, []).append(path)
                sentences[path] += 1
    shared: Counter[tuple[str, str]] = Counter()
    for paths in holders.values():
        if 1 < len(paths) <= 20:
            shared.update(itertools.combinations(paths, 2))
    for (a, b), n in shared.items():
        if 2 * n > min(sentences[a], sentences[b]):
            parent[find(a)] = find(b)
    counts: dict[str, dict[str, set[str]]] = {}
    articles: dict[str, set[str]] = {}
    for path, keys in keys_by_file.items():
        folder = str(Path(path).parent)
        articles.setdefault(folder, set()).add(find(path))
        for key in keys:
            counts.setdefault(folder, {}).setdefault(key, set()).add(find(path))
    folders = {}
    for folder, found in counts.items():
        most = max(MIN_FILES, len(articles[folder]) // 2 + 1)
        folders[folder] = {
            key: len(holders)
            for key, holders in found.items()
            if len(holders) >= MIN_FILES and (key[0] != "s" or len(holders) >= most)
        }
    return {
        path: {
            k: folders.get(str(Path(path).parent), {})[k]
            for k in keys
            if k in folders.get(str(Path(path).parent), {})
        }
        for path, keys in keys_by_file.items()
    }


KEYS = [f"l{n:010x}" for n in range(8)] + [f"s{n:010x}" for n in range(8)]


@st.composite
def corpora(draw: st.DrawFn) -> dict[str, list[str]]:
    """Files in 1-3 folders, each with keys drawn from a small pool (so that keys
    recur), some of them copies of an earlier file with a few keys changed."""
    files: dict[str, list[str]] = {}
    for n in range(draw(st.integers(0, 40))):
        folder = draw(st.sampled_from(["a", "a/b", "c"]))
        keys = draw(st.lists(st.sampled_from(KEYS), max_size=10))
        if files and draw(st.booleans()):  # a copy of another file, give or take a key
            keys = [*draw(st.sampled_from(list(files.values()))), *keys[:2]]
        files[f"{folder}/{n}.txt"] = keys
    return files


@settings(max_examples=300, deadline=None)
@given(corpora())
def test_counting_gives_what_the_one_pass_count_gives(keys_by_file: dict[str, list[str]]) -> None:
    assert file_templates(keys_by_file) == reference_file_templates(keys_by_file)


@settings(max_examples=100, deadline=None)
@given(corpora())
def test_a_worker_sent_part_of_the_templates_picks_the_same_ones(
    keys_by_file: dict[str, list[str]],
) -> None:
    """A build worker gets the templates of its own files' folders, pickled, and picks
    each file's out of them: the same as counting each file's own."""
    expected = reference_file_templates(keys_by_file)
    paths = list(keys_by_file)
    counted = count_templates(keys_by_file)
    for share in (paths[0::2], paths[1::2]):
        sent = pickle.loads(pickle.dumps(counted.only(share)))
        assert {p: sent.of(p, keys_by_file[p]) for p in share} == {p: expected[p] for p in share}


def test_the_generated_corpora_have_templates_and_copies() -> None:
    """The property above is not vacuous: a folder of copies, templates and sentences."""
    template = ["l0000000001", "s0000000001"]
    article = ["s00000000aa", "s00000000bb", "s00000000cc"]
    files = {f"a/{n}.txt": [*template, f"s{n}own1", f"s{n}own2"] for n in range(4)}
    files |= {f"a/copy{n}.txt": [*template, *article] for n in range(3)}
    counted = file_templates(files)
    assert counted == reference_file_templates(files)
    assert counted["a/0.txt"] == {"l0000000001": 5, "s0000000001": 5}  # 3 copies count once
    assert counted["a/copy0.txt"] == {"l0000000001": 5, "s0000000001": 5}
