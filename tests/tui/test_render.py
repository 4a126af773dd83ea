"""The pure render functions: highlights line up, article text stays inert."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rjtui.display import window
from rjtui.results import ArticleHit, ArticleMeta, PassageHit
from rjtui.tui.palette import PLAIN
from rjtui.tui.render import (
    highlighted,
    passage_entry,
    result_entry,
)


def hit_texts(text) -> list[str]:
    return [
        text.plain[s.start : s.end] for s in text.spans if s.style in (PLAIN.hit, PLAIN.current_hit)
    ]


def test_highlight_spans_cover_exactly_the_hits() -> None:
    text = highlighted("Japan and Russia; Japan again", [(0, 5), (18, 23)], current=1)
    assert text.plain == "Japan and Russia; Japan again"
    assert hit_texts(text) == ["Japan", "Japan"]
    assert [s.style for s in text.spans] == [PLAIN.hit, PLAIN.current_hit]


def test_escapes_are_stripped_at_render_and_hits_stay_aligned() -> None:
    raw = "a\x1b[2Jb \x1b]52;c;ZXZpbA==\x07Japan\x9b31m end"
    start = raw.index("Japan")
    text = highlighted(raw, [(start, start + 5)])
    assert "\x1b" not in text.plain and "\x9b" not in text.plain and "\x07" not in text.plain
    assert hit_texts(text) == ["Japan"]


def test_markup_is_literal_and_carries_no_style() -> None:
    raw = "[bold red]x[/] [link=file:///etc/passwd]y[/link] [@click=app.quit]z[/]"
    text = highlighted(raw, [(0, 10)])
    assert text.plain == raw
    assert all(not s.style.link and not s.style.meta for s in text.spans)


@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.lists(st.tuples(st.integers(0, 320), st.integers(0, 40)), max_size=6),
    st.integers(20, 120),
)
def test_window_keeps_every_visible_hit_on_the_same_text(text, raw_spans, width) -> None:
    spans = [(s, min(s + n, len(text))) for s, n in raw_spans if s + n <= len(text) and n]
    excerpt, shifted = window(text, spans, width)
    assert len(excerpt) <= width + 2  # two ellipses at most
    for s, e in shifted:
        assert 0 <= s < e <= len(excerpt)
        assert excerpt[s:e] in text


def test_result_entry_shows_title_meta_count_topics_and_snippets() -> None:
    meta = ArticleMeta(
        id="a",
        path="/a",
        title="Title [b]x[/b]",
        authors=("Ann Author",),
        date="2024-01-02",
        source="Outlook",
        topics=("energy",),
    )
    passages = tuple(
        PassageHit(id=f"a:{i}", n=i, text=f"oil {i} here", highlights=((0, 3),)) for i in range(4)
    )
    text = result_entry(ArticleHit(meta=meta, score=1.0, matched_passages=4, passages=passages))
    lines = text.plain.split("\n")
    assert lines[0] == "Title [b]x[/b]"
    assert lines[1] == "Ann Author · 2024-01-02 · Outlook · 4 matching passages"
    assert lines[2] == "energy"
    assert len(lines) == 6 and hit_texts(text) == ["oil"] * 3  # at most three snippets


def test_passage_entry_marks_bookmarks_and_numbers() -> None:
    passage = PassageHit(id="a:1", n=7, text="text")
    assert passage_entry(passage, bookmarked=True).plain.startswith("★ ¶7 text")
    assert passage_entry(passage).plain.startswith("  ¶7 text")


def test_concordance_row_keeps_the_keyword_column_fixed() -> None:
    from rjtui.concordance import ConcordanceLine
    from rjtui.tui.screens.concordance import concordance_row

    def row(left: str, keyword: str) -> str:
        line = ConcordanceLine("a", "Title", "a:1", 3, left, keyword, " right side")
        return concordance_row(line, context=10, keyword=12).plain

    long, short = row("left side words ", "Northern Territories"), row("x ", "Kuril")
    assert long.index("right") == short.index("right") == 10 + 1 + 12 + 1 + 1
    assert short.startswith("        x  Kuril")
    assert hit_texts(
        concordance_row(ConcordanceLine("a", "T", "a:1", 1, "", "Kuril", ""), 4, 5)
    ) == ["Kuril"]
