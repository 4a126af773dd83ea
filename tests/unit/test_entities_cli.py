"""The Mentions facet, ``--entity``, ``rjtui entities`` and ``rjtui trends`` on a real index."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pytest

from rjtui.config import Config
from rjtui.results import Filters
from rjtui.search import Engine
from rjtui.search.entities import entity_matcher
from rjtui.session import ensure_index
from rjtui.trends import build_trends
from tests.conftest import run_rjtui
from tests.unit.test_entity_search import ARTICLES

MORE = {  # a wider date range, an undated article and a date to the month
    "en_2016.txt": "Title: Nagato\nDate: 2016-12-15\n\nAbe met Putin in Nagato on the Kurils.\n",
    "ru_2018.txt": "Title: Сингапур\nDate: 2018-11-14\n\nПутин и Абэ обсудили Курилы.\n",
    "en_undated.txt": "Title: Undated note\n\nThe Kuril Islands and Sakhalin from Hokkaido.\n",
    "en_month.txt": "Title: Month\nDate: March 2021\n\nSakhalin-2 kept shipping gas to Japan.\n",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mentions-corpus")
    for name, text in {**ARTICLES, **MORE}.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mentions-data")


@pytest.fixture(scope="module")
def engine(corpus: Path, data: Path):
    config = Config(corpus=(corpus,), data_dir=data)
    ensure_index(config)
    engine = Engine.open(config)
    yield engine
    engine.close()


def cli(corpus: Path, data: Path, *args: str):
    proc = run_rjtui("--corpus", str(corpus), "--data-dir", str(data), *args)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def independent_mentions(query_ids: set[str]) -> Counter[str]:
    """Mentions counted straight from the raw texts with the matcher, not the index."""
    matcher = entity_matcher(Config())
    counts: Counter[str] = Counter()
    for name, text in {**ARTICLES, **MORE}.items():
        if name.removesuffix(".txt") in query_ids:
            body = text.split("\n\n", 1)[1]
            counts.update(set(matcher.entities(body)))
    return counts


@pytest.mark.parametrize("query", ["", "kuril", "sakhalin", "Путин"])
def test_facet_counts_equal_independently_computed_counts(engine: Engine, query: str) -> None:
    result = engine.search(query, limit=100)
    ids = {hit.meta.id for hit in result.articles}
    assert len(ids) == result.total_articles
    assert result.facets["entities"] == dict(independent_mentions(ids))
    assert result.facets["entities"]  # the corpus does mention entities


def test_entity_filter_keeps_the_articles_mentioning_it(engine: Engine) -> None:
    result = engine.search("", Filters.of(entities=["sakhalin"]), limit=100)
    assert {h.meta.id for h in result.articles} == {"en_other", "en_undated"}  # not Sakhalin-2
    assert result.facets["years"] == {"2020": 1}  # other facets count within the filter
    assert result.facets["entities"]["kuril-islands"] == 6  # its own facet without it (OR)


def test_trends_counts_equal_the_year_facet(engine: Engine) -> None:
    for query in ("kuril", "Путин", "sakhalin", ""):
        trends = engine.trends([query], by="year")
        years = engine.facets(query)["years"]
        points = {p: n for p, n in trends.series[0].points if n}
        assert points == years, query
        undated = engine.search(query, limit=100).total_articles - sum(years.values())
        assert trends.series[0].undated == undated


def test_trends_month_view_and_undated_note(engine: Engine) -> None:
    trends = engine.trends(["sakhalin"])  # 2020-03 and 2021-03: under three years
    assert trends.by == "month"
    points = trends.series[0].points
    assert len(points) == 13 and points[0] == ("2020-03", 1) and points[-1] == ("2021-03", 1)
    assert sum(n for _, n in points) == 2 and trends.series[0].undated == 1
    assert trends.side_note() == "1 undated article not on the chart"
    assert engine.trends(["kuril"]).by == "year"  # 2016 to 2021


def test_a_month_chart_says_what_is_dated_only_to_the_year() -> None:
    trends = build_trends(["q"], [["2020-01-05", "2020", None, "2021-02"]])
    assert trends.by == "month"
    assert trends.series[0].points[0] == ("2020-01", 1) and len(trends.series[0].points) == 14
    assert trends.series[0].year_only == 1 and trends.series[0].undated == 1
    assert trends.side_note() == "1 undated article not on the chart; 1 dated only to the year"
    assert build_trends(["q"], [["2020", "2010-05"]]).series[0].points[0] == ("2010", 1)


def test_cli_entities_json_and_text(corpus: Path, data: Path, engine: Engine) -> None:
    out = json.loads(cli(corpus, data, "entities", "kuril", "--json"))
    counts = {row["id"]: row["articles"] for row in out["entities"]}
    assert counts == engine.facets("kuril")["entities"]
    assert counts["kuril-islands"] == 6
    row = next(r for r in out["entities"] if r["id"] == "kuril-islands")
    assert row["kind"] == "place" and row["name"] == "Kuril Islands" and "千島列島" in row["ja"]
    text = cli(corpus, data, "entities")
    assert "place" in text and "Kuril Islands" in text and "person" in text


def test_cli_search_entity_filter_and_expansion_line(corpus: Path, data: Path) -> None:
    out = json.loads(cli(corpus, data, "search", "--entity", "vladimir-putin", "--json"))
    assert {a["id"] for a in out["articles"]} == {"en_2016", "ru_2018"}
    assert out["facets"]["entities"]["vladimir-putin"] == 2
    proc = run_rjtui("--corpus", str(corpus), "--data-dir", str(data), "search", "kuril")
    assert "Kuril Islands: also searched Курильские острова, 千島列島" in proc.stderr
    assert "also searched" not in proc.stdout  # what scripts parse stays the results
    literal = json.loads(cli(corpus, data, "search", "kuril", "--literal", "--json"))
    assert literal["expansion"] is None
    assert {a["id"] for a in literal["articles"]} == {"en_kurils", "en_2016", "en_undated"}


def test_cli_trends_json_csv_and_table(corpus: Path, data: Path, engine: Engine) -> None:
    out = json.loads(cli(corpus, data, "trends", "kuril", "Путин", "--by", "year", "--json"))
    assert [s["query"] for s in out["series"]] == ["kuril", "Путин"]
    for series in out["series"]:
        years = engine.facets(series["query"])["years"]
        assert {p: n for p, n in series["points"] if n} == years
        assert [p for p, _ in series["points"]] == [str(y) for y in range(2016, 2022)]
    assert out["undated"] == 1
    rows = list(csv.reader(io.StringIO(cli(corpus, data, "trends", "kuril", "--csv"))))
    assert rows[0] == ["year", "kuril"] and rows[-1] == ["undated", "1"]
    assert ["2021", "2"] in rows
    table = cli(corpus, data, "trends", "kuril")
    assert "2019" in table and "1 undated article not on the chart" in table


def test_cli_trends_refuses_five_series(corpus: Path, data: Path) -> None:
    proc = run_rjtui("--corpus", str(corpus), "--data-dir", str(data), "trends", *"abcde")
    assert proc.returncode != 0
    assert "at most 4 queries" in proc.stderr and proc.stderr.count("\n") == 1


def test_trends_can_count_passages(engine: Engine) -> None:
    trends = engine.trends(["kuril", ""], by="year", passages=True)
    assert trends.unit == "passages" and trends.to_json()["unit"] == "passages"
    kuril, everything = trends.series
    assert kuril.total == engine.search_passages("kuril").total_passages
    assert everything.total == engine.search("").total_passages
    assert everything.total > engine.trends([""]).series[0].total  # more passages than articles
    assert "undated passage" in trends.side_note()
