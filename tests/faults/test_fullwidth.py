"""Full-width and other compatibility forms are the same letters to search.

``ＳＡＫＨＡＬＩＮ`` (typed with a Japanese input method) found nothing while
``sakhalin`` found two articles. Compatibility forms are folded (NFKC, one
character for one, so highlights still land on the text as displayed) at
index and query time, like the look-alike letters.
"""

from __future__ import annotations

import sys
import unicodedata

import pytest

from rjtui.fold import fold_for_search
from rjtui.search import Engine
from rjtui.session import ensure_index
from tests.faults.conftest import make_config, write_good


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    base = tmp_path_factory.mktemp("fullwidth")
    corpus = base / "corpus"
    write_good(corpus)
    body = "The ＳＡＫＨＡＬＩＮ ｐｉｐｅｌｉｎｅ was discussed in Tokyo at length."
    (corpus / "wide.txt").write_text(f"Ｗｉｄｅ ｔｉｔｌｅ\n\n{body}\n", encoding="utf-8")
    config = make_config(corpus, base / "data")
    ensure_index(config)
    engine = Engine.open(config)
    yield engine
    engine.close()


QUERIES = ["sakhalin", "ＳＡＫＨＡＬＩＮ", "Ｓａｋｈａｌｉｎ", "ｓａｋｈ*", "sakh*"]


@pytest.mark.parametrize("query", QUERIES)
def test_full_width_and_ascii_find_the_same_articles(engine: Engine, query: str) -> None:
    found = {hit.meta.id for hit in engine.search(query).articles}
    assert found == {"good", "wide"}, (query, found)


def test_highlights_land_on_the_full_width_word(engine: Engine) -> None:
    view = engine.article("wide", "pipeline sakhalin")
    (passage,) = view.passages
    marked = {passage.text[start:end] for start, end in passage.highlights}
    assert marked == {"ＳＡＫＨＡＬＩＮ", "ｐｉｐｅｌｉｎｅ"}, marked


def test_text_already_in_nfkc_holds_nothing_to_fold() -> None:
    """Folding skips text that is already NFKC (a C-level quick check, 1 us against 30
    for the per-character table): every character the table changes (its NFKC form is
    one other character) makes any text holding it not NFKC, whatever its neighbours."""
    changed = [
        ch
        for ch in map(chr, range(0x80, sys.maxunicode + 1))
        if len(form := unicodedata.normalize("NFKC", ch)) == 1 and form != ch
    ]
    assert len(changed) > 3000  # full-width forms, ſ, Ω, compatibility ideographs...
    for ch in changed:
        for text in (ch, f"a{ch}b", f"Россия {ch}", f"日本{ch}"):
            assert not unicodedata.is_normalized("NFKC", text), hex(ord(ch))
    assert fold_for_search("ＳＡＫＨＡＬＩＮ ſea \u2126") == "SAKHALIN sea \u03a9"
