"""Turn what a person types into a Whoosh query, without ever raising.

Understood: words, "quoted phrases", AND / OR / NOT (and a leading '-' or '+'),
and a trailing '*' for a prefix. Everything else is read as plain words, so
unbalanced quotes, lone operators, brackets and emoji cannot break a search.
Synonyms and abbreviations from the glossary widen each matching run of words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq

from handbook.analysis import REVERSIBLE, canonical_spelling
from handbook.textutil import fold, strip_control

MAX_QUERY_CHARS = 256
MAX_ITEMS = 24
MAX_SYNONYM_WORDS = 6
FIELD_BOOSTS = {"title": 3.0, "aliases": 2.5, "heading": 2.0, "body": 1.0}
SYNONYM_BOOST = 0.8
RELATED_BOOST = 0.5
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
        return [
            w for item in self.items if not item.phrase and not item.excluded for w in item.words
        ]


_EDGE_PUNCTUATION = re.compile(r"^[^\w/]+|[^\w/]+$")


def is_acronym(word: str, known: Collection[str] | None = None) -> bool:
    """Typed in capitals and longer than a letter (WHO, MDS, G-CSF): kept even if it spells
    a stop word. Given the handbook's acronyms (``known``, folded), it must be one of them:
    "WHO classification" keeps WHO, but "is IT safe" drops IT, which would match every "it".
    """
    if len(word) < 2 or not word.isupper():
        return False
    return known is None or _EDGE_PUNCTUATION.sub("", fold(word)) in known


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


def _fields(make: Callable[[str], wq.Query], boost: float = 1.0) -> wq.Query:
    """The same query in every text field, each with its field's weight."""
    parts = []
    for name, weight in FIELD_BOOSTS.items():
        part = make(name)
        part.boost = weight * boost
        parts.append(part)
    return wq.Or(parts)


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

    def widen(self, pairs: Iterable[tuple[list[str], list[str]]], analyze: Analyze) -> None:
        """Add everyday words ("pee", "jab") that stand for the handbook's ("urine", "vaccine").

        The everyday words are searched with the handbook's words as synonyms, as a
        glossary synonym is; words that analyse to nothing are skipped.
        """
        for asks, means in pairs:
            targets = [t for t in (tuple(analyze(m)) for m in means) if t]
            for ask in asks:
                key = tuple(analyze(ask))
                if not key:
                    continue
                alternatives = self.groups.setdefault(key, [])
                alternatives.extend(t for t in targets if t != key and t not in alternatives)


@dataclass(frozen=True)
class Concept:
    """One thing the query asks for: any of these terms (or prefixes) shows a page has it."""

    terms: frozenset[str]
    prefixes: frozenset[str] = frozenset()
    # The token sequences searched for it (a name, each synonym): how rare the concept is
    # is judged from these, not from its commonest single word ("cell" in "pure red cell
    # aplasia").
    lookups: tuple[tuple[str, ...], ...] = ()

    def found_in(self, matched: set[str]) -> bool:
        if self.terms & matched:
            return True
        return any(m.startswith(p) for p in self.prefixes for m in matched)


@dataclass
class BuiltQuery:
    query: wq.Query
    concepts: list[Concept]


class QueryBuilder:
    def __init__(
        self,
        analyze: Analyze,
        lexicon: Lexicon,
        spellings: dict[str, str],
        stopwords: frozenset[str] = frozenset(),
        phrases: frozenset[tuple[str, ...]] = frozenset(),
        acronyms: frozenset[str] = frozenset(),
    ) -> None:
        self.analyze = analyze
        self.acronyms = acronyms  # the handbook's own: a stop word typed so is kept
        self.phrases = phrases  # names the index holds as single tokens
        self.lexicon = lexicon
        self.spellings = spellings
        self.stopwords = stopwords
        self.concepts: list[Concept] = []

    def _kept(self, word: str) -> bool:
        """A word that is not a stop word, or one of the handbook's acronyms in capitals."""
        return fold(word) not in self.stopwords or is_acronym(word, self.acronyms)

    def _tokens_query(self, tokens: Sequence[str], boost: float = 1.0) -> wq.Query | None:
        """One word, or several as a phrase; a glossary name indexed as one token is a term."""
        if not tokens:
            return None
        if len(tokens) == 1:
            return _fields(lambda f: wq.Term(f, tokens[0]), boost)
        if tuple(tokens) in self.phrases:
            return _fields(lambda f: wq.Term(f, " ".join(tokens)), boost)
        return _fields(lambda f: wq.Phrase(f, list(tokens)), boost)

    def _concept(
        self, tokens: Sequence[str], alternatives: Sequence[Sequence[str]] = (), prefix: str = ""
    ) -> None:
        terms = {t for t in tokens if t not in self.stopwords}
        if not terms and not prefix:
            return
        for alternative in alternatives:
            terms.update(alternative)
        lookups = tuple(dict.fromkeys(tuple(o) for o in (tokens, *alternatives) if o))
        self.concepts.append(
            Concept(frozenset(terms), frozenset({prefix} if prefix else ()), lookups)
        )

    def _run_query(self, tokens: list[str]) -> list[wq.Query]:
        """Queries for a run of plain tokens, widening glossary phrases with their synonyms."""
        out: list[wq.Query] = []
        at = 0
        while at < len(tokens):
            matched = 0
            for size in range(min(MAX_SYNONYM_WORDS, len(tokens) - at), 0, -1):
                span = tuple(tokens[at : at + size])
                if size == 2 and span[1] in REVERSIBLE and span[::-1] in self.lexicon.related:
                    span = span[::-1]  # "platelets (are) low": the name "low platelets"
                alternatives = self.lexicon.groups.get(span, [])
                lay = self.lexicon.related.get(span, [])
                if not alternatives and not lay:
                    continue
                self._concept(span, [*alternatives, *lay])
                options = [self._tokens_query(span)]
                options += [self._tokens_query(a, SYNONYM_BOOST) for a in alternatives]
                options += [self._tokens_query(a, RELATED_BOOST) for a in lay]
                if size == 1 and len(options) == 1:
                    break
                out.append(wq.Or([o for o in options if o is not None]))
                matched = size
                break
            if matched:
                at += matched
            else:
                self._concept([tokens[at]])
                single = self._tokens_query([tokens[at]])
                if single is not None:
                    out.append(single)
                at += 1
        return out

    def _prefix_query(self, word: str) -> wq.Query | None:  # None: too short to expand
        stem = canonical_spelling(fold(word), self.spellings)
        if len(stem) < 2:
            return None
        return _fields(lambda f: wq.Prefix(f, stem), 0.9)

    def build(self, parsed: ParsedQuery, prefix_last: bool = False) -> BuiltQuery | None:
        self.concepts = []
        optional: list[wq.Query] = []
        required: list[wq.Query] = []
        excluded: list[wq.Query] = []
        run: list[str] = []

        def flush() -> None:
            # No bonus for the typed words as a phrase: on the judged queries it cost
            # speed and changed nothing (glossary phrases are already matched as phrases).
            if run:
                optional.extend(self._run_query(run))
                run.clear()

        last = len(parsed.items) - 1
        words = [w for item in parsed.items if not item.excluded for w in item.words]
        content = [w for w in words if self._kept(w)]
        drop_stop = bool(content) and len(content) < len(words)
        for index, item in enumerate(parsed.items):
            # Stop words ("how", "can", "I") match every page and cost the most to score;
            # they are dropped when the query has other words. The handbook's acronyms
            # in capitals (WHO) and quoted phrases keep them.
            kept = [w for w in item.words if item.phrase or not drop_stop or self._kept(w)]
            if not kept:
                continue
            tokens = [t for w in kept for t in self.analyze(w)]
            wants_prefix = item.prefix or (prefix_last and index == last and not item.phrase)
            plain = not (item.phrase or item.required or item.excluded or wants_prefix)
            if plain:
                run.extend(tokens)
                continue
            flush()
            if wants_prefix and len(item.words) == 1:
                # The whole word (with its synonyms) or any word it begins.
                mark = len(self.concepts)
                options = self._run_query(tokens)
                prefix_query = self._prefix_query(item.words[0])
                if prefix_query is not None:
                    options.append(prefix_query)
                stem = canonical_spelling(fold(item.words[0]), self.spellings)
                if item.excluded:
                    del self.concepts[mark:]
                elif len(stem) >= 2:
                    merged = set().union(*(c.terms for c in self.concepts[mark:]))
                    del self.concepts[mark:]
                    self.concepts.append(Concept(frozenset(merged), frozenset({stem})))
                query: wq.Query | None = wq.Or(options) if options else None
            elif item.phrase:
                if not item.excluded:
                    self._concept(tokens)
                query = self._tokens_query(tokens)
            else:
                mark = len(self.concepts)
                parts = self._run_query(tokens)
                if item.excluded:
                    del self.concepts[mark:]
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
            positive = wq.AndNot(positive, wq.Or(excluded))
        return BuiltQuery(positive, list(self.concepts))
