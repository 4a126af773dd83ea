"""Text-level ingest rules: control stripping, look-alike folding, hyphenation, headings,
dates, names and boilerplate lines."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rjtui.fold import fold_for_search
from rjtui.ingest.boilerplate import is_boilerplate, is_tail_marker
from rjtui.ingest.dates import parse_date
from rjtui.ingest.language import detect_language
from rjtui.ingest.names import normalise_name, parse_names
from rjtui.ingest.notes import split_url_notes
from rjtui.ingest.reflow import Lexicon, is_wrapped, join_lines, needs_case_restore, restore_case
from rjtui.sanitize import strip_controls

# --- control characters and escape sequences -------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\x1b[31mred\x1b[0m b", "ared b"),  # CSI colours: the whole sequence goes
        ("\x1b[2J\x1b[Hcleared", "cleared"),
        ("x\x1b]0;evil title\x07y", "xy"),  # OSC window title to BEL
        ("x\x1b]52;c;ZXZpbA==\x1b\\y", "xy"),  # OSC 52 clipboard write to ST
        ("\x9b31mone-byte CSI", "one-byte CSI"),
        ("\x1bPq#0;2;0;0;0\x1b\\sixel", "sixel"),  # DCS
        ("\x1b(Bcharset", "charset"),
        ("bell\x07 back\x08space del\x7f c1\x85", "bell backspace del c1"),
        ("a\r\nb\rc", "a\nb\nc"),
        ("keep\ttab\nand newline", "keep\ttab\nand newline"),
        ("\u202egnp.exe\u202c \u2066iso\u2069 zw\u200bsp \ufeffbom", "gnp.exe iso zwsp bom"),
        ("ZWJ 👨\u200d👩\u200d👧 ZWNJ می\u200cخواهم", "ZWJ 👨\u200d👩\u200d👧 ZWNJ می\u200cخواهم"),
        ("日本語 Русский [bold red]x[/]", "日本語 Русский [bold red]x[/]"),
    ],
)
def test_strip_controls(raw: str, clean: str) -> None:
    assert strip_controls(raw) == clean


@given(st.text())
def test_strip_controls_is_idempotent_and_leaves_no_controls(text: str) -> None:
    once = strip_controls(text)
    assert strip_controls(once) == once
    assert not any(
        (ord(c) < 32 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F or c in "\u202e\u2066\ufeff"
        for c in once
    )


# --- look-alike folding ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("the Сold War", "the Cold War"),  # Cyrillic С in a Latin word
        ("Οkinawa and Tоkyo", "Okinawa and Tokyo"),  # Greek Ο, Cyrillic о
        ("Россия и Япония", "Россия и Япония"),  # Russian words stay Russian
        ("СССР and USSR", "СССР and USSR"),  # an all-Cyrillic word is not folded
        ("plain ascii", "plain ascii"),
    ],
)
def test_fold_for_search(text: str, folded: str) -> None:
    assert fold_for_search(text) == folded


@given(st.text())
def test_fold_for_search_preserves_length_and_is_idempotent(text: str) -> None:
    folded = fold_for_search(text)
    assert len(folded) == len(text)
    assert fold_for_search(folded) == folded


# --- hyphenation and reflow ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["strengthening bi-", "lateral relations"], "strengthening bilateral relations"),
        (["in Ja-", "pan and Russia"], "in Japan and Russia"),
        (["the anti-", "Western axis"], "the anti-Western axis"),
        (["a long-", "term partner"], "a long-term partner"),
        (["the Asia-", "Pacific region"], "the Asia-Pacific region"),
        (["anti-Japa-", "nese element"], "anti-Japanese element"),
        (["the Sakhalin-", "2 project"], "the Sakhalin-2 project"),
        (["a well-", "known fact"], "a well-known fact"),
        (["ordinary", "wrapped line"], "ordinary wrapped line"),
        (["日本と", "ロシア"], "日本とロシア"),  # no space between CJK lines
    ],
)
def test_join_lines(lines: list[str], joined: str) -> None:
    assert join_lines(lines, Lexicon(" ".join(lines))) == joined


def test_document_spelling_decides_ambiguous_breaks() -> None:
    lexicon = Lexicon("We prefer co-operation. A post-war order.")
    assert join_lines(["co-", "operation"], lexicon) == "co-operation"
    assert join_lines(["post-", "war"], lexicon) == "post-war"
    assert join_lines(["co-", "operation"], Lexicon("cooperation")) == "cooperation"


WRAPPED = [
    "Japan's pro-active stance with Russia can be viewed",
    "as a method of strengthening its positions in bi-",
    "lateral relations with key diplomatic partners, the",
    "United States and China. In recent years Japan's",
    "dependence on US security guarantees has grown.",
]


def test_wrapped_text_is_recognised() -> None:
    assert is_wrapped([WRAPPED, WRAPPED])
    url = "See http://example.org/" + "x" * 200  # one long line does not change the verdict
    assert is_wrapped([WRAPPED, WRAPPED, WRAPPED, [url]])


def test_short_paragraphs_one_per_line_are_not_wrapped() -> None:
    block = [
        "Talks resumed in Moscow on Friday.",
        "Both sides called them useful.",
        "A new round is planned for May.",
        "Fishing quotas were the main topic.",
        "No joint statement was issued.",
    ]
    assert not is_wrapped([block, block])
    assert not is_wrapped([["a long paragraph " * 30], ["another one " * 30]])


@pytest.mark.parametrize(
    ("garbled", "restored"),
    [
        (
            "ruSSo-JaPaneSe relatIonS: a SkePtIcal vIew",
            "Russo-Japanese Relations: A Skeptical View",
        ),
        ("chaPter 2.", "Chapter 2."),
        ("ENERGY TIES BETWEEN RUSSIA AND THE USSR", "Energy Ties Between Russia and the USSR"),
    ],
)
def test_small_caps_and_all_caps_headings_restored(garbled: str, restored: str) -> None:
    assert needs_case_restore(garbled)
    assert restore_case(garbled, Lexicon("The USSR fell.").acronyms) == restored


@pytest.mark.parametrize("line", ["Russia and Japan", "The problem of a peace treaty", "USSR"])
def test_normal_headings_are_left_alone(line: str) -> None:
    assert not needs_case_restore(line)


# --- dates and names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("13.04.2024", "2024-04-13"),
        ("March 10 2022", "2022-03-10"),
        ("May 26, 2014", "2014-05-26"),
        ("12 May 2023", "2023-05-12"),
        ("Sept. 3, 2021", "2021-09-03"),
        ("2024-04-13T10:00:00Z", "2024-04-13"),
        ("2024/04/13", "2024-04-13"),
        ("April 2022", "2022-04"),
        ("15 марта 2023", "2023-03-15"),
        ("1 мая 2020 г.", "2020-05-01"),
        ("2024年2月20日", "2024-02-20"),
        ("２０２４年２月２０日", "2024-02-20"),
        ("2024年2月20日 10:30", "2024-02-20"),
        ("May 12, 2023 at 10:30 am", "2023-05-12"),
        ("12.05.2023 14:00 MSK", "2023-05-12"),
        ("31.02.2024", None),
        ("the 1990s", None),
        ("Sakhalin-2", None),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Nazar KURBANOV", ("Nazar Kurbanov",)),
        ("Hiroshi Watanabe and Anna Kuznetsova", ("Hiroshi Watanabe", "Anna Kuznetsova")),
        ("K. Kobayashi, Jean-Yves Le Drian", ("K. Kobayashi", "Jean-Yves Le Drian")),
        ("Иван Петров", ("Иван Петров",)),
        ("山田太郎", ("山田太郎",)),
        ("ウラジーミル・プーチン", ("ウラジーミル・プーチン",)),
        ("日ロ関係の行方", None),  # a headline, not a name
        ("Russia and Japan", None),
        ("the complete falling out", None),
        ("Analysis", None),
    ],
)
def test_parse_names(text: str, names: tuple[str, ...] | None) -> None:
    assert parse_names(text) == names


def test_normalise_name_keeps_mixed_case() -> None:
    assert normalise_name("Brendan McDermid") == "Brendan McDermid"
    assert normalise_name("ИВАН ПЕТРОВ") == "Иван Петров"


# --- boilerplate lines -------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Rate this article",
        "(no votes)",
        "(0 votes)",
        "Share this article",
        "Follow us on:",
        "Follow us on social",
        "EN|FR|RU",
        "English | Русский | 日本語",
        "IT9534521",
        "keep readingShow less",
        "Advertisement",
        "For business",
        "Share on Facebook | Twitter | Email",
        "Home > World > Asia",
        "ホーム > 国際",
        "トップ ＞ 政治",
        "Главная > Международные отношения",
        "Поделиться",
        "シェア",
        "Accept all cookies",
        "We use cookies to improve your experience. By continuing you agree to our policy.",
        "© 2023 Example News. All rights reserved.",
        "Tags: Russia, Japan",
        "Page 3 of 10",
        "Home | About us | Contact",
        "24",
    ],
)
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Share prices in Tokyo fell sharply after the announcement of new sanctions.",
        "Russia and Japan",
        "The problem of a peace treaty",
        "Follow the money: how sanctions reshaped trade between Tokyo and Moscow.",
        "In 2024 the ratio was 3 > 2 for imports versus exports, officials said.",
        "Copyright law in Russia was changed in 2022, officials said.",
    ],
)
def test_prose_is_not_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)


@pytest.mark.parametrize(
    "line", ["Related articles:", "Poll conducted", "Читайте также:", "関連記事", "Read also"]
)
def test_tail_markers(line: str) -> None:
    assert is_tail_marker(line)


def test_extra_boilerplate_rules_from_config() -> None:
    assert not is_boilerplate("Sponsored by Example Corp")
    assert is_boilerplate("Sponsored by Example Corp", extra=(r"sponsored by .*",))


# --- language ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The talks between Japan and Russia resumed in Moscow, and the delegations met.", "en"),
        ("“Talks” between Japan and Russia — café diplomacy — resumed in the spring.", "en"),
        ("Переговоры между Японией и Россией возобновились в Москве.", "ru"),
        ("ロシアのウクライナ侵攻以降、日本とロシアの関係は冷え込んだままだ。", "ja"),
        ("Les négociations entre le Japon et la Russie ont repris à Moscou.", "other"),
        (
            "Переговори між Японією та Росією відновилися у Києві, їхні делегації зустрілися.",
            "other",
        ),
        ("中国和俄罗斯的关系", "other"),
        ("12345 !!!", "other"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_url_notes_keep_the_paragraph_break_around_them() -> None:
    lines = ["first para.", "1 http://example.org/a/b-", "", "c.html", "", "Second para."]
    assert split_url_notes(lines) == (
        ["first para.", "", "Second para."],
        ["1 http://example.org/a/b-c.html"],
    )
