"""Query forms on the real seed articles, through one shared index (``seeds_engine``)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from rjtui.fold import fold_for_search
from rjtui.ingest import load_corpus
from rjtui.results import Filters, SearchResult


@pytest.fixture(scope="module")
def articles(seeds_config):
    """The seeds as ingest sees them: the independent truth facets are checked against."""
    return {a.id: a for a in load_corpus(seeds_config).articles}


def ids(result: SearchResult) -> list[str]:
    return [hit.meta.id for hit in result.articles]


def prefix_ids(result: SearchResult) -> set[str]:
    return {i.split("_")[0] for i in ids(result)}


def hit_words(result: SearchResult) -> set[str]:
    """Every highlighted stretch of text, folded and lower-cased."""
    return {
        fold_for_search(p.text[s:e]).lower()
        for hit in result.articles
        for p in hit.passages
        for s, e in p.highlights
    }


def test_phrase_finds_cold_war_written_with_a_cyrillic_letter(seeds_engine):
    result = seeds_engine.search('"Cold War"')
    assert ids(result)[0].startswith("004")
    assert {"003", "004"} <= prefix_ids(result)
    assert hit_words(result) == {"cold war"}  # the phrase as one hit, not its words


def test_highlights_are_offsets_into_the_passage_text(seeds_engine):
    result = seeds_engine.search("sanctions japan", limit=5)
    spans = [(p, s, e) for h in result.articles for p in h.passages for s, e in p.highlights]
    assert spans
    for passage, start, end in spans:
        assert 0 <= start < end <= len(passage.text)
        assert fold_for_search(passage.text[start:end]).lower().startswith(("sanction", "japan"))


def test_single_word_finds_energy_passages(seeds_engine):
    result = seeds_engine.search("sakhalin")
    assert result.total_articles >= 1
    assert all(hit.passages for hit in result.articles)
    passages = [p for hit in result.articles for p in hit.passages]
    assert all("sakhalin" in p.text.lower() for p in passages)
    assert any("energy" in p.topics for p in passages) or any(
        "energy" in hit.meta.topics for hit in result.articles
    )


def test_fuzzy_term_reaches_sakhalin(seeds_engine):
    exact = seeds_engine.search("sakhalin")
    fuzzy = seeds_engine.search("Sakhalin~")
    assert set(ids(exact)) <= set(ids(fuzzy))
    assert "sakhalin" in hit_words(fuzzy)


def test_misspelling_gets_a_suggestion_from_the_index_vocabulary(seeds_engine):
    result = seeds_engine.search("sakhalni")
    assert result.total_articles == 0
    assert result.suggestion == "sakhalin"
    assert seeds_engine.search(result.suggestion).total_articles >= 1


def test_no_suggestion_when_results_are_plenty(seeds_engine):
    assert seeds_engine.search("japan").suggestion is None


def test_author_field_finds_only_that_author(seeds_engine):
    result = seeds_engine.search('author:"Petr Konovalov"')
    assert prefix_ids(result) == {"002"}


def test_title_field(seeds_engine, articles):
    expected = {a.id for a in articles.values() if "skeptical" in a.title.lower()}
    assert expected
    assert set(ids(seeds_engine.search("title:skeptical"))) == expected


def test_prefix_query(seeds_engine):
    result = seeds_engine.search("sanction*")
    assert result.total_articles >= 3
    assert all(w.startswith("sanction") for w in hit_words(result))


def test_prefix_expansion_is_capped_with_a_notice(seeds_engine):
    result = seeds_engine.search("s*")
    assert result.total_articles > 0
    assert "most common" in result.notice


def test_boolean_operators(seeds_engine):
    def found(query: str) -> set[str]:
        return set(ids(seeds_engine.search(query, limit=50)))

    both, either = found("sakhalin AND crimea"), found("sakhalin OR crimea")
    assert both <= found("sakhalin") <= either
    assert either == found("sakhalin") | found("crimea")
    assert found("(sakhalin OR crimea) AND japan") <= either


def test_not_drops_articles_that_mention_the_word_anywhere(seeds_engine, articles):
    result = seeds_engine.search("sakhalin NOT crimea", limit=50)
    expected = {
        i
        for i, a in articles.items()
        if any("sakhalin" in p.text.lower() for p in a.passages)
        and not any("crimea" in p.text.lower() for p in a.passages)
    }
    assert expected and set(ids(result)) == expected


def test_not_excludes_at_passage_level_under_p(seeds_engine):
    result = seeds_engine.search_passages("japan NOT russia /p")
    assert result.passages
    for match in result.passages:
        text = match.passage.text.lower()
        assert "japan" in text and not re.search(r"\brussia\b", text)


def test_empty_query_lists_all_articles_newest_first(seeds_engine, articles):
    result = seeds_engine.search("", limit=50)
    assert result.total_articles == len(articles)
    dates = [hit.meta.date for hit in result.articles]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True)
    assert dates[: len(dated)] == dated  # undated last
    assert result.total_passages == sum(len(a.passages) for a in articles.values())


def test_sort_by_date(seeds_engine):
    result = seeds_engine.search("japan", sort="date", limit=50)
    dates = [hit.meta.date or "" for hit in result.articles]
    assert dates == sorted(dates, reverse=True)


def test_paging(seeds_engine):
    full = ids(seeds_engine.search("japan", limit=50))
    assert ids(seeds_engine.search("japan", limit=2, offset=1)) == full[1:3]


def facet_truth(articles, keys) -> dict[str, Counter]:
    chosen = [articles[k] for k in keys]
    return {
        "authors": Counter(a for art in chosen for a in art.authors),
        "topics": Counter(t for art in chosen for t in art.topics),
        "sources": Counter(art.source for art in chosen if art.source),
        "years": Counter(art.date[:4] for art in chosen if art.date),
        "languages": Counter(art.language for art in chosen),
    }


@pytest.mark.parametrize("query", ["", "japan", "sanctions", '"Cold War"'])
def test_facets_equal_counts_from_the_articles(seeds_engine, articles, query):
    result = seeds_engine.search(query, limit=100)
    truth = facet_truth(articles, ids(result))
    facets = result.facets.to_json()
    for name, counts in truth.items():
        assert facets[name] == dict(counts), name
    assert seeds_engine.facets(query) == result.facets


def test_filters_and_across_facets_or_within_one(seeds_engine, articles):
    def found(**filters) -> set[str]:
        return set(ids(seeds_engine.search("", Filters.of(**filters), limit=50)))

    def having(facet: str, values: list[str]) -> set[str]:
        return {i for i, a in articles.items() if set(getattr(a, facet)) & set(values)}

    authors = sorted({a for art in articles.values() for a in art.authors})[:2]
    topics = sorted({t for art in articles.values() for t in art.topics})
    assert len(authors) == 2 and len(topics) >= 2
    assert found(authors=authors) == having("authors", authors)
    narrowed = []
    for topic in topics:
        expected = having("authors", authors) & having("topics", [topic])
        assert found(authors=authors, topics=[topic]) == expected
        narrowed.append(expected != having("authors", authors))
    assert any(narrowed)  # the seeds really exercise the AND
    pair = topics[:2]
    assert found(topics=pair) == having("topics", pair)


def test_facet_is_counted_without_its_own_filter(seeds_engine, articles):
    author = next(a for art in articles.values() for a in art.authors)
    result = seeds_engine.search("", Filters.of(authors=[author]))
    unfiltered = seeds_engine.search("")
    assert result.facets["authors"] == unfiltered.facets["authors"]
    own = [i for i, a in articles.items() if author in a.authors]
    assert result.facets["years"] == dict(facet_truth(articles, own)["years"])


def test_language_field_and_filter(seeds_engine, articles):
    english = {i for i, a in articles.items() if a.language == "en"}
    assert set(ids(seeds_engine.search("language:en", limit=50))) == english
    assert set(ids(seeds_engine.search("", Filters.of(languages=["en"]), limit=50))) == english


@pytest.mark.parametrize(
    "query",
    [
        '"cold war',
        "(japan",
        "japan)",
        "AND",
        "japan OR",
        "NOT",
        "OR japan",
        "japan AND AND russia",
        "foo:bar",
        "*",
        "~",
        "title:",
        "year:[2020 TO",
        "((((((((((japan",
        "x" * 5000,
        "(" * 3000 + "japan" + ")" * 3000,
        "\x1b[31mjapan\x07",
    ],
)
def test_malformed_queries_give_a_notice_not_an_exception(seeds_engine, query):
    result = seeds_engine.search(query)
    assert result.notice
    assert isinstance(result.total_articles, int)
    assert "\x1b" not in (result.searched or "")


def test_unknown_field_is_searched_as_words(seeds_engine):
    result = seeds_engine.search("colour:sakhalin")
    assert "unknown field colour:" in result.notice
    assert set(ids(result)) <= set(ids(seeds_engine.search("sakhalin")))


def test_passage_search_concordance(seeds_engine):
    result = seeds_engine.search_passages("sakhalin")
    assert result.total_passages == len(result.passages) >= 2
    for match in result.passages:
        assert match.passage.highlights
        s, e = match.passage.highlights[0]
        assert match.passage.text[s:e].lower() == "sakhalin"
        assert match.article.id in seeds_engine.article_ids()


def test_article_view_marks_query_hits(seeds_engine, articles):
    article_id = next(i for i in articles if i.startswith("004"))
    view = seeds_engine.article(article_id, "cold war")
    assert [p.n for p in view.passages] == [p.n for p in articles[article_id].passages]
    assert [p.text for p in view.passages] == [p.text for p in articles[article_id].passages]
    assert view.hit_count >= 6
    assert seeds_engine.article(article_id).hit_count == 0
    with pytest.raises(KeyError):
        seeds_engine.article("no-such-article")


def test_more_like_this(seeds_engine):
    first = seeds_engine.article_ids()[0]
    result = seeds_engine.more_like_this(first, limit=10)
    assert first not in ids(result)
    assert result.articles and all(hit.passages for hit in result.articles)
    passage = seeds_engine.article(first).passages[0]
    by_passage = seeds_engine.more_like_this(first, passage.id)
    assert first not in ids(by_passage)
    with pytest.raises(KeyError):
        seeds_engine.more_like_this("no-such-article")


def test_json_contract(seeds_engine):
    data = seeds_engine.search("sakhalin").to_json()
    assert {"query", "notice", "suggestion", "elapsed_ms", "total_articles"} <= data.keys()
    assert {"total_passages", "facets", "articles"} <= data.keys()
    assert set(data["facets"]) >= {"authors", "topics", "sources", "years"}
    article = data["articles"][0]
    assert {"id", "path", "title", "authors", "date", "source", "topics", "score"} <= set(article)
    assert {"id", "n", "text", "highlights"} <= set(article["passages"][0])


# --- article-level AND (issue 14) -----------------------------------------------------------


def words_of(article) -> set[str]:
    from rjtui.search.analysis import analyze

    text = " ".join([article.title, *(p.text for p in article.passages)])
    return {term for term, *_ in analyze(text)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [("abe sakhalin", {"002", "004"}), ("crimea kuril", {"001"})],
)
def test_words_in_different_passages_still_find_the_article(seeds_engine, query, expected):
    result = seeds_engine.search(query, limit=50)
    assert expected <= prefix_ids(result)
    assert result.scope == "article"
    for hit in result.articles:  # every shown passage holds a word, every word is marked
        assert all(p.highlights for p in hit.passages)


def test_article_and_is_exactly_the_articles_holding_every_word(seeds_engine, articles):
    from rjtui.search.analysis import stem

    for query in ("putin sanctions", "abe sakhalin", "crimea kuril", "energy treaty"):
        terms = {stem(w) for w in query.split()}
        expected = {i for i, a in articles.items() if terms <= words_of(a)}
        assert set(ids(seeds_engine.search(query, limit=50))) == expected, query


def test_p_asks_for_the_words_in_one_passage(seeds_engine):
    article = seeds_engine.search("crimea kuril", limit=50)
    passage = seeds_engine.search("crimea kuril /p", limit=50)
    assert passage.scope == "passage"
    assert set(ids(passage)) <= set(ids(article))
    for hit in passage.articles:
        for p in hit.passages:
            text = p.text.lower()
            assert "crimea" in text and "kuril" in text
    assert passage.total_passages < article.total_passages


def test_shown_passages_hold_the_most_query_words(seeds_engine):
    result = seeds_engine.search("putin sanctions", limit=50, snippets=1)
    for hit in result.articles:
        view = seeds_engine.article(hit.meta.id, "putin sanctions")

        def distinct(p) -> int:
            return len({fold_for_search(p.text[s:e]).lower()[:5] for s, e in p.highlights})

        assert distinct(hit.passages[0]) == max(distinct(p) for p in view.passages)


def test_ranking_prefers_words_that_meet_in_one_passage(seeds_engine):
    result = seeds_engine.search("putin sanctions", limit=50)
    together = set(ids(seeds_engine.search("putin sanctions /p", limit=50)))
    order = ids(result)
    apart = [i for i in order if i not in together]
    assert together and apart
    assert max(order.index(i) for i in together) < min(order.index(i) for i in apart)


def test_field_only_query_matches_articles_and_no_passage(seeds_engine):
    result = seeds_engine.search("author:konovalov")
    assert prefix_ids(result) == {"002"}
    assert result.total_passages == 0 and result.metadata_match
    assert seeds_engine.search_passages("author:konovalov").total_passages == 0


def test_field_and_word_combine_at_article_level(seeds_engine):
    result = seeds_engine.search("author:konovalov sakhalin")
    assert prefix_ids(result) == {"002"}
    assert 0 < result.total_passages < result.articles[0].meta.passage_count
    assert not result.metadata_match


def test_phrase_marks_the_phrase_not_its_words(seeds_engine):
    result = seeds_engine.search('"Northern Territories"', limit=50, expand=False)
    assert result.total_articles >= 1
    assert hit_words(result) == {"northern territories"}
    lines = seeds_engine.search_passages('"Northern Territories"', limit=50, expand=False)
    assert lines.passages
    for match in lines.passages:
        passage = match.passage
        marked = {fold_for_search(passage.text[s:e]).lower() for s, e in passage.highlights}
        assert marked == {"northern territories"}
    # widened to the gazetteer entity, every mark is still a whole spelling of it
    widened = seeds_engine.search('"Northern Territories"', limit=50)
    assert widened.expanded == ("northern-territories",)
    entity = seeds_engine.gazetteer.by_id["northern-territories"]
    variants = {v.casefold() for v in entity.variants}
    assert "northern territories" in hit_words(widened)
    for word in hit_words(widened):
        assert any(word.startswith(v) or v.startswith(word) for v in variants), word


def test_year_range_with_dots(seeds_engine, articles):
    years = sorted({a.year for a in articles.values() if a.year})
    low, high = years[0], years[-1]
    dotted = seeds_engine.search(f"year:{low}..{high}", limit=50)
    bracketed = seeds_engine.search(f"year:[{low} TO {high}]", limit=50)
    assert (
        set(ids(dotted))
        == set(ids(bracketed))
        == {i for i, a in articles.items() if a.year is not None}
    )
    assert dotted.notice is None
    open_end = seeds_engine.search(f"year:{high}..", limit=50)
    assert set(ids(open_end)) == {i for i, a in articles.items() if a.year == high}


def test_empty_year_range_says_no_article_dated(seeds_engine):
    assert seeds_engine.search("year:1900..1905").notice == "no article dated 1900–1905"
    assert seeds_engine.search("year:[1900 TO 1905]").notice == "no article dated 1900–1905"
    assert seeds_engine.search("year:..1800").notice == "no article dated up to 1800"
