"""A seeded generator of hostile search text: every Unicode category, control characters, RTL
marks, huge strings, every Whoosh syntax form, nested quotes and parentheses, 1,000 ORs."""

from __future__ import annotations

import random
import sys
import unicodedata
from collections.abc import Iterator

MEDICAL = (
    "aplastic anaemia anemia PNH MDS ATG ciclosporin eltrombopag G-CSF IPSS-R del(5q) "
    "neutropenia transfusion platelets ferritin HSCT Fanconi telomere iron overload fever "
    "side effects serum sickness leukaemia ANC β-thalassaemia ≥ 10⁹/L"
).split()
OPERATORS = ("AND", "OR", "NOT", "and", "or", "not", "+", "-", "!", "&&", "||")
SYNTAX = (
    "title:aplastic", "body:*", "aplastic~2", "anemia~9", "anemia~/9", "anaemia^10", "^1e308",
    "[a TO z]", "{a TO b}", "[* TO *]", "*a*", "???", "?" * 300, "*" * 300, "a*", "an*",
    "(", ")", '"', "'", "\\", ":", "^", "~", "{", "}", "[", "]", "NOT NOT aplastic",
    "AND OR NOT", '"a "b" c"', "--aplastic", "+-+-+-", "((((((((((aplastic))))))))))",
    "field:", ":value", "*:*", "a:b:c:d", "/regex/", "\\*", "%", "$", "@", "#",
)  # fmt: skip
SPECIAL = (
    "\u0000", "\u0001", "\u0007", "\u001b[31m", "\u007f", "\u0085", "\u00ad", "\u200b",
    "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202d", "\u202e", "\u2066",
    "\u2069", "\ufeff", "\ufffd", "\ufffe", "\ud800", "\udfff", "\U0001f600", "\U0001f9ec",
    "İ", "ı", "ß", "ﬁ", "ﷺ", "Ⅻ", "①", "ǅ", "ʰ", "\u0301", "\u0345", "\u20dd", "ا", "עברית",
    "中文", "日本語", "한국어", "ไทย", "\t", "\n", "\r\n", "\u2028", "\u3000",
)  # fmt: skip


def _by_category() -> dict[str, list[str]]:
    """A sample of code points of every general category (assigned or not)."""
    rng = random.Random(1)
    found: dict[str, list[str]] = {}
    for _ in range(60_000):
        char = chr(rng.randrange(0, sys.maxunicode + 1))
        bucket = found.setdefault(unicodedata.category(char), [])
        if len(bucket) < 40:
            bucket.append(char)
    return found


CATEGORIES = _by_category()


def fixed_cases() -> list[str]:
    """The hand-picked hostile inputs, each run as written."""
    cases = [
        "",
        " ",
        "A" * 1_000_000,
        "aplastic " * 100_000,
        "é" * 10_000,
        "\u0301" * 100_000,
        "ﷺ" * 256,
        "ﷺ" * 10_000,
        "ﷺ " * 200,
        " OR ".join(f"w{n}" for n in range(1000)),
        " OR ".join(f"w{n}*" for n in range(1000)),
        " ".join(["an*"] * 50),
        " ".join(["a*"] * 50),
        " ".join(a + b + "*" for a in "aeiou" for b in "abcdefghij"),
        "(" * 500,
        ")" * 500,
        '"' * 501,
        "(" * 200 + "aplastic" + ")" * 200,
        '"' + '("' * 100 + "pnh" + '")' * 100,
        "NOT " * 200,
        "\u202eaplastic anaemia\u202c",
        "\x00" * 1000,
        "".join(SPECIAL),
        "".join(SYNTAX),
    ]
    cases.extend(SYNTAX)
    cases.extend(SPECIAL)
    cases.extend("".join(chars) for chars in CATEGORIES.values())
    return cases


def _token(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.30:
        word = rng.choice(MEDICAL)
        if rng.random() < 0.3 and len(word) > 3:  # a typo
            at = rng.randrange(len(word))
            word = word[:at] + rng.choice("aeiouxq") + word[at + 1 :]
        return word + rng.choice(("", "", "", "*", "~2", "^3", ":"))
    if roll < 0.45:
        return rng.choice(OPERATORS)
    if roll < 0.60:
        return rng.choice(SYNTAX)
    if roll < 0.72:
        return rng.choice(SPECIAL)
    if roll < 0.90:
        chars = rng.choice(list(CATEGORIES.values()))
        return "".join(rng.choice(chars) for _ in range(rng.randrange(1, 8)))
    return chr(rng.randrange(0, sys.maxunicode + 1)) * rng.randrange(1, 40)


def _nest(rng: random.Random, text: str) -> str:
    for _ in range(rng.randrange(0, 6)):
        left, right = rng.choice((("(", ")"), ('"', '"'), ("'", "'"), ("(", ""), ("", '"')))
        text = f"{left}{text}{right}"
    return text


def random_queries(count: int, seed: int = 20261125) -> Iterator[str]:
    """``count`` generated queries, the same ones for the same seed."""
    rng = random.Random(seed)
    for _ in range(count):
        # Queries are cut to 24 items, so a long one is long enough at 30 words.
        size = rng.choice((1, 1, 2, 2, 3, 4, 6, 10, 30))
        text = " ".join(_token(rng) for _ in range(size))
        if rng.random() < 0.25:
            text = _nest(rng, text)
        if rng.random() < 0.01:
            text = text * rng.randrange(50, 2000)  # huge
        yield text


def random_options(rng: random.Random) -> dict[str, object]:
    return {
        "limit": rng.choice((1, 10, 50, 10**9, -5, 0)),
        "audience": rng.choice((None, "clinician", "patient", "other")),
        "prefix_last": rng.random() < 0.5,
    }
