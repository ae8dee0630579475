"""Turn what a person types into a Whoosh query, without ever raising.

Understood: words, "quoted phrases", AND / OR / NOT (and a leading '-' or '+'),
and a trailing '*' for a prefix. Everything else is read as plain words, so
unbalanced quotes, lone operators, brackets and emoji cannot break a search.
Synonyms and abbreviations from the glossary widen each matching run of words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq

from handbook.analysis import canonical_spelling
from handbook.textutil import fold, strip_control

MAX_QUERY_CHARS = 256
MAX_ITEMS = 24
MAX_SYNONYM_WORDS = 6
FIELD_BOOSTS = {"title": 3.0, "aliases": 2.5, "heading": 2.0, "pagetitle": 1.2, "body": 1.0}
SYNONYM_BOOST = 0.8
RELATED_BOOST = 0.5
PHRASE_BONUS = 1.5
_LEXEME = re.compile(r'"[^"]*"?|\S+')
_WORD_EDGES = re.compile(r"^[^\w(]+|[^\w)*]+$")

Analyze = Callable[[str], list[str]]


@dataclass
class Item:
    """One unit of a query: a word, a phrase or a prefix, and how it must match."""

    words: list[str]
    phrase: bool = False
    prefix: bool = False
    required: bool = False
    excluded: bool = False


@dataclass
class ParsedQuery:
    items: list[Item] = field(default_factory=list)

    def plain_words(self) -> list[str]:
        return [w for item in self.items if not item.phrase and not item.excluded for w in item.words]


def clean(text: str) -> str:
    text = strip_control(text)[: MAX_QUERY_CHARS * 4]
    return " ".join(text.split())[:MAX_QUERY_CHARS]


def parse(text: str) -> ParsedQuery:
    """Split user text into items; never raises."""
    parsed = ParsedQuery()
    pending_required = pending_excluded = False
    for lexeme in _LEXEME.findall(clean(text)):
        if lexeme in ("AND", "&&"):
            pending_required = True
            if parsed.items and not parsed.items[-1].excluded:
                parsed.items[-1].required = True
            continue
        if lexeme in ("OR", "||"):
            continue
        if lexeme in ("NOT", "!"):
            pending_excluded = True
            continue
        sign = ""
        if lexeme[0] in "+-" and len(lexeme) > 1 and lexeme[1] != "-":
            sign, lexeme = lexeme[0], lexeme[1:]
        if lexeme.startswith('"'):
            words = [w for w in (_WORD_EDGES.sub("", p) for p in lexeme.strip('"').split()) if w]
            if not words:
                continue
            item = Item(words, phrase=len(words) > 1)
        else:
            word = _WORD_EDGES.sub("", lexeme.replace("?", ""))
            prefix = word.endswith("*")
            word = word.rstrip("*")
            if not word or not any(ch.isalnum() for ch in word):
                continue
            item = Item([word], prefix=prefix and len(word) >= 2)
        item.excluded = pending_excluded or sign == "-"
        item.required = not item.excluded and (pending_required or sign == "+")
        pending_required = pending_excluded = False
        parsed.items.append(item)
        if len(parsed.items) >= MAX_ITEMS:
            break
    return parsed


def _fields(make: Callable[[str], wq.Query | None], boost: float = 1.0) -> wq.Query | None:
    parts = [q for q in (make(name) for name in FIELD_BOOSTS) if q is not None]
    for part, name in zip(parts, FIELD_BOOSTS, strict=False):
        part.boost = FIELD_BOOSTS[name] * boost
    if not parts:
        return None
    return wq.Or(parts)


def _tokens_query(tokens: Sequence[str], boost: float = 1.0) -> wq.Query | None:
    if not tokens:
        return None
    if len(tokens) == 1:
        return _fields(lambda f: wq.Term(f, tokens[0]), boost)
    return _fields(lambda f: wq.Phrase(f, list(tokens)), boost)


@dataclass
class Lexicon:
    """Synonym groups and lay words, keyed by their analysed token sequences."""

    groups: dict[tuple[str, ...], list[tuple[str, ...]]]
    related: dict[tuple[str, ...], list[tuple[str, ...]]]

    @classmethod
    def from_json(cls, data: dict[str, Any], analyze: Analyze) -> Lexicon:
        groups: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for names in data.get("synonyms", []):
            forms = [tuple(analyze(n)) for n in names]
            forms = [f for f in dict.fromkeys(forms) if f]
            for form in forms:
                groups.setdefault(form, [])
                groups[form].extend(o for o in forms if o != form and o not in groups[form])
        related: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for word, terms in data.get("related", {}).items():
            key = tuple(analyze(word))
            if key:
                related.setdefault(key, []).extend(tuple(analyze(t)) for t in terms)
        return cls(groups, related)


class QueryBuilder:
    def __init__(self, analyze: Analyze, lexicon: Lexicon, spellings: dict[str, str]) -> None:
        self.analyze = analyze
        self.lexicon = lexicon
        self.spellings = spellings

    def _run_query(self, tokens: list[str]) -> list[wq.Query]:
        """Queries for a run of plain tokens, widening glossary phrases with their synonyms."""
        out: list[wq.Query] = []
        at = 0
        while at < len(tokens):
            matched = 0
            for size in range(min(MAX_SYNONYM_WORDS, len(tokens) - at), 0, -1):
                span = tuple(tokens[at : at + size])
                alternatives = self.lexicon.groups.get(span, [])
                lay = self.lexicon.related.get(span, [])
                if not alternatives and not lay:
                    continue
                options = [_tokens_query(span)]
                options += [_tokens_query(a, SYNONYM_BOOST) for a in alternatives]
                options += [_tokens_query(a, RELATED_BOOST) for a in lay]
                if size == 1 and len(options) == 1:
                    break
                out.append(wq.Or([o for o in options if o is not None]))
                matched = size
                break
            if matched:
                at += matched
            else:
                single = _tokens_query([tokens[at]])
                if single is not None:
                    out.append(single)
                at += 1
        return out

    def _prefix_query(self, word: str) -> wq.Query | None:
        stem = canonical_spelling(fold(word), self.spellings)
        if len(stem) < 2:
            return None
        return _fields(lambda f: wq.Prefix(f, stem), 0.9)

    def build(self, parsed: ParsedQuery, prefix_last: bool = False) -> wq.Query | None:
        optional: list[wq.Query] = []
        required: list[wq.Query] = []
        excluded: list[wq.Query] = []
        run: list[str] = []

        def flush() -> None:
            if run:
                optional.extend(self._run_query(run))
                if len(run) > 1:
                    bonus = _tokens_query(run, PHRASE_BONUS)
                    if bonus is not None:
                        optional.append(bonus)
                run.clear()

        last = len(parsed.items) - 1
        for index, item in enumerate(parsed.items):
            tokens = [t for w in item.words for t in self.analyze(w)]
            wants_prefix = item.prefix or (prefix_last and index == last and not item.phrase)
            plain = not (item.phrase or item.required or item.excluded or wants_prefix)
            if plain:
                run.extend(tokens)
                continue
            flush()
            if wants_prefix and len(item.words) == 1:
                options = [q for q in (_tokens_query(tokens), self._prefix_query(item.words[0])) if q]
                query: wq.Query | None = wq.Or(options) if options else None
            elif item.phrase:
                query = _tokens_query(tokens)
            else:
                parts = self._run_query(tokens)
                query = wq.Or(parts) if len(parts) > 1 else (parts[0] if parts else None)
            if query is None:
                continue
            (excluded if item.excluded else required if item.required else optional).append(query)
        flush()
        positive: wq.Query
        if required and optional:
            positive = wq.AndMaybe(wq.And(required), wq.Or(optional))
        elif required:
            positive = wq.And(required)
        elif optional:
            positive = wq.Or(optional)
        else:
            return None
        if excluded:
            return wq.AndNot(positive, wq.Or(excluded))
        return positive
