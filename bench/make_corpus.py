#!/usr/bin/env python3
"""Make a large, deterministic corpus of raw article files for scale benchmarks.

Sentences are drawn from the seed articles and mixed with a long-tail
vocabulary (Zipf-distributed pseudo-words), so the term dictionary grows the
way a real collection's does. Each article is written in one of the raw
layouts the seeds show (byline header, author-bio header, web page with
trailing boilerplate, hard-wrapped PDF text with hyphenation), so ingestion is
exercised at scale too, not only indexing.

    python3 make_corpus.py OUT_DIR [--articles 10000] [--seed 7]

Same arguments, same bytes. Standard library only. Vendored from the founders'
``../shared/bench/make_corpus.py`` (same output) so a bare clone's tests and
benchmarks can make their corpora; tests call ``make_corpus()`` directly.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import textwrap
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

FIRST = [
    "Alexander",
    "Maria",
    "Kenji",
    "Yuko",
    "Dmitry",
    "Olga",
    "Hiroshi",
    "Anna",
    "Sergei",
    "Naoko",
    "Ivan",
    "Akiko",
    "Pavel",
    "Emi",
    "Nikolai",
    "Sachiko",
    "James",
    "Laura",
    "Taro",
    "Elena",
    "Mikhail",
    "Haruka",
    "Viktor",
    "Rin",
]
LAST = [
    "Ivanov",
    "Tanaka",
    "Petrova",
    "Suzuki",
    "Smirnov",
    "Watanabe",
    "Kuznetsova",
    "Yamamoto",
    "Sokolov",
    "Nakamura",
    "Popova",
    "Kobayashi",
    "Lebedev",
    "Kato",
    "Novikova",
    "Yoshida",
    "Morozov",
    "Yamada",
    "Volkova",
    "Sasaki",
    "Brown",
    "Reed",
]
SOURCES = [
    "New Eastern Outlook",
    "RIAC",
    "Responsible Statecraft",
    "The Diplomat",
    "East Asia Forum",
    "Valdai Club",
    "Nippon.com",
    "Carnegie Politika",
]
SYLLABLES = [
    "ka",
    "ri",
    "to",
    "mo",
    "sa",
    "nov",
    "ev",
    "ich",
    "shi",
    "ta",
    "ya",
    "bur",
    "gor",
    "an",
    "ze",
    "lu",
    "mi",
    "ro",
    "ne",
    "ku",
    "dan",
    "vo",
]


def seed_sentences() -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    text = re.sub(r"-\n(?=[a-z])", "", text)  # undo PDF hyphenation for sampling
    text = re.sub(r"\s+", " ", text)
    sentences = re.split(r"(?<=[.!?”])\s+(?=[A-Z“])", text)
    return [s for s in sentences if 40 <= len(s) <= 400]


def make_vocabulary(rng: random.Random, size: int) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def zipf_word(rng: random.Random, vocab: list[str]) -> str:
    # rank ~ 1/r: sample an index with a heavy head and a long tail
    r = int(len(vocab) ** rng.random()) - 1
    return vocab[max(0, min(r, len(vocab) - 1))]


def paragraph(rng, sentences, vocab) -> str:
    out = []
    for s in rng.sample(sentences, rng.randint(2, 5)):
        words = s.split()
        for i in range(len(words)):
            if rng.random() < 0.08:
                words[i] = zipf_word(rng, vocab)
        out.append(" ".join(words))
    return " ".join(out)


def article(rng, i, sentences, vocab) -> tuple[str, str]:
    author = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    date = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randint(0, 16 * 365))
    title = " ".join(rng.sample(sentences, 1)[0].split()[: rng.randint(5, 10)]).rstrip(".,;:")
    paras = [paragraph(rng, sentences, vocab) for _ in range(rng.randint(4, 12))]
    layout = i % 4
    if layout == 0:  # byline header
        head = f"{date:%d.%m.%Y} Author: {author}\n\n{title}\n\n{title}\n\n"
        body = (
            "\n\n".join(paras)
            + f"\n\n\n{author.upper()}, analyst, especially for {rng.choice(SOURCES)}"
            + "\n\nRelated articles:"
        )
    elif layout == 1:  # author-bio header, rating widgets
        head = (
            f"Rate this article\n(no votes)\nShare this article\n{author}\n\n"
            f"Senior Fellow, {rng.choice(SOURCES)}\n\n"
        )
        body = (
            "\n\n".join(paras)
            + "\n\nRate this article\n(no votes)\nShare this article\nFor business\nFor researchers"
        )
    elif layout == 2:  # web page with trailing unrelated teasers
        head = (
            f"Follow us on social\n\n{title}\n\n{title}\n\n"
            f"Analysis | Asia-Pacific\n\n{author}, {date:%B %d %Y}\n\n"
        )
        teaser = paragraph(rng, sentences, vocab)
        body = (
            "\n\n".join(paras)
            + f"\n\nAnalysis | Asia-Pacific\n{title[:40]}\n\n{teaser}\n\n"
            + "keep readingShow less\n\nSubscribe now to our weekly round-up."
        )
    else:  # hard-wrapped PDF text with hyphenation
        wrapped = []
        for p in paras:
            lines = textwrap.wrap(p, 56, break_long_words=False)
            lines = [
                re.sub(r"(\w{3,})(\w{3,})$", r"\1-\n\2", ln) if k % 3 == 1 else ln
                for k, ln in enumerate(lines)
            ]
            wrapped.append("\n".join(lines))
        head = f"\nchaPter {i % 9 + 1}.\n{title.upper()}\n\n"
        body = "\n\n".join(wrapped)
    return f"{i:06d}_{layout}.txt", head + body + "\n"


def make_corpus(out: Path, articles: int, seed: int = 7) -> int:
    """Write ``articles`` raw files into ``out``; returns their total size in bytes."""
    rng = random.Random(seed)
    sentences = seed_sentences()
    vocab = make_vocabulary(rng, 60_000)
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(articles):
        name, text = article(rng, i, sentences, vocab)
        (out / name).write_text(text, encoding="utf-8")
        total += len(text.encode())
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    total = make_corpus(args.out, args.articles, args.seed)
    print(f"{args.articles} articles, {total / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
