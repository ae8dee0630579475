"""Read a question typed in everyday words: the words that name its topic, and what it asks.

"how long can you live with low risk MDS?" names its topic in "low risk MDS"; "how long
can you live" asks about the outlook. The vocabulary is content (``resources/search/
question-words.yml``, compiled into ``lexicon.json`` at build time): here it is only
applied. A question keeps its topic words for the full-text query; filler ("can you",
"is it") is dropped so it cannot outweigh them; what the question asks becomes a second,
optional query for the handbook's own words ("outlook", "prognosis"), which lifts the
section whose heading uses them over the rest of a matching page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any

from whoosh import query as wq

from handbook.query import is_acronym
from handbook.snippets import Highlight
from handbook.textutil import fold

MAX_PHRASE = 8
# Where the words a question asks for are looked for, and how much each place counts:
# a section heading says what the section answers, a page title what the page is about.
# (Body text is not searched for them: it cost a fifth of a question's time and changed
# no judged result.)
INTENT_FIELDS = {"heading": 1.5, "title": 1.0}
# A section whose heading uses the words the question asks for is worth this much more
# than its topic words alone make it; less for its page's title, or for its text when a
# topic word is also one of them ("relapse").
INTENT_HEADING_BONUS = 1.0
INTENT_TITLE_BONUS = 0.5
INTENT_BODY_BONUS = 0.25
# In a question, the best section is where a result lands when it scores at least this
# share of its page's best document (keyword searches keep the stricter SECTION_LANDING).
QUESTION_LANDING = 0.5
# A page's top document matches a question through its list of every heading and its
# aliases; in a question it counts at this share, so the section that answers comes first.
QUESTION_TOP_SHARE = 0.6
# Six words or more are read as a question even without "?" ("LMWH prophylaxis in
# pregnant PNH patient"): a keyword search is shorter.
QUESTION_WORDS = 6
FIRST_PERSON = frozenset({"i", "im", "ive", "id", "my", "me", "mine", "we", "our", "us"})
_APOSTROPHES = re.compile("['\u2019]")
_EDGES = re.compile(r"^[^\w&]+|[^\w&]+$")
_SYNTAX = re.compile(r'"|(?:^|\s)[-+]\S|\S\*(?:\s|$)|(?:^|\s)(?:AND|OR|NOT)(?:\s|$)')

Analyze = Callable[[str], list[str]]


def asked_form(word: str) -> str:
    """A typed word as the vocabulary writes it: folded, lower case, no apostrophes or edges."""
    return _EDGES.sub("", _APOSTROPHES.sub("", fold(word).lower()))


@dataclass(frozen=True)
class Intent:
    """What a question asks about: the handbook's words for it (analysed) and their pull."""

    means: tuple[tuple[str, ...], ...]
    weight: float = 1.0
    top: bool = False  # a page's opening answers it ("what is ...")


@dataclass(frozen=True)
class Reading:
    """A search text as read: what to search for, and (for a question) what it asks."""

    text: str
    intents: tuple[Intent, ...] = ()
    question: bool = False
    typed: str = ""  # the question as typed (compared whole with the questions sections answer)

    @property
    def opening(self) -> bool:
        """The question asks what something is: a page's opening answers it."""
        return any(intent.top for intent in self.intents)


class QuestionReader:
    """Applies the compiled question vocabulary to what a person types."""

    def __init__(
        self, data: dict[str, Any], analyze: Analyze, acronyms: Collection[str] = frozenset()
    ) -> None:
        self._acronyms = acronyms  # the handbook's, folded: typed in capitals, a topic word
        self._starts = frozenset(data.get("starts", ()))
        self._filler = frozenset(data.get("filler_words", ()))
        # Every phrase the vocabulary knows, by its words: the longest match wins.
        self._phrases: dict[tuple[str, ...], tuple[str, int]] = {}
        for phrase in data.get("filler_phrases", ()):
            self._phrases[tuple(phrase.split())] = ("filler", -1)
        for entry in data.get("words", ()):
            for ask in entry["asks"]:
                self._phrases[tuple(ask.split())] = ("word", -1)
        self._intents: list[Intent] = []
        self._keeps: list[bool] = []  # whether the handbook's own asked words stay topic words
        self._analyze = analyze
        for number, entry in enumerate(data.get("intents", ())):
            means = tuple(t for t in (tuple(analyze(m)) for m in entry["means"]) if t)
            weight = float(entry.get("weight", 1.0))
            self._intents.append(Intent(means, weight, bool(entry.get("top", False))))
            self._keeps.append(bool(entry.get("keep", True)))
            for ask in entry["asks"]:
                self._phrases[tuple(ask.split())] = ("intent", number)
        self._words = [(e["asks"], e["means"]) for e in data.get("words", ())]
        # Words the vocabulary uses, which spelling correction must not "correct".
        self._known = self._starts | self._filler | {w for p in self._phrases for w in p}

    @classmethod
    def from_lexicon(
        cls, lexicon: dict[str, Any], analyze: Analyze, acronyms: Collection[str] = frozenset()
    ) -> QuestionReader:
        """The reader for an index's lexicon (one built before question words reads nothing)."""
        data = lexicon.get("questions")
        return cls(data if isinstance(data, dict) else {}, analyze, acronyms)

    def knows(self, word: str) -> bool:
        """Whether the vocabulary uses this word (folded, lower case)."""
        return asked_form(word) in self._known

    def everyday_words(self) -> Iterable[tuple[list[str], list[str]]]:
        """(everyday words, the handbook's words) pairs, to widen searches as synonyms do."""
        return self._words

    def read(self, text: str) -> Reading:
        """Split a question into topic words and intents; a keyword search is left as typed."""
        typed = text.split()
        if not typed or not self._phrases or _SYNTAX.search(text):
            return Reading(text)
        forms = [asked_form(word) for word in typed]
        question = (
            forms[0] in self._starts
            or text.rstrip().endswith("?")
            or any(form in FIRST_PERSON for form in forms)
            or len(forms) >= QUESTION_WORDS
        )
        if not question:
            return Reading(text)
        keep = [bool(form) for form in forms]
        asked: list[int] = []  # positions of the words that said what the question asks
        intents: list[Intent] = []
        at = 0
        while at < len(forms):
            found = self._longest(forms, at)
            if found is None:
                # In a question, filler and bare numbers ("at 70", "a ferritin of 2000") go:
                # they match figures anywhere rather than the section that answers.
                filler = forms[at] in self._filler or forms[at].isdigit()
                if filler and not is_acronym(typed[at], self._acronyms):
                    keep[at] = False
                at += 1
                continue
            size, (kind, number) = found
            span = range(at, at + size)
            if kind == "filler":
                keep[at : at + size] = [False] * size
            elif kind == "intent":
                intent = self._intents[number]
                intents.append(intent)
                asked.extend(span)
                # The handbook's own words stay topic words ("side effects", "causes");
                # the question's way of asking ("how long can you live") goes.
                own = {token for tokens in intent.means for token in tokens}
                if not self._keeps[number]:
                    own = set()
                for i in span:
                    tokens = self._analyze(forms[i])
                    keep[i] = bool(tokens) and set(tokens) <= own and forms[i] not in self._filler
            at += size
        words = [typed[i] for i in range(len(typed)) if keep[i]]
        if not words:
            # "can it be cured?": nothing but what it asks; those words are the search.
            words = [typed[i] for i in asked if forms[i] not in self._filler]
        return Reading(" ".join(words) or text, tuple(dict.fromkeys(intents)), True, text)

    def _longest(self, forms: list[str], at: int) -> tuple[int, tuple[str, int]] | None:
        for size in range(min(MAX_PHRASE, len(forms) - at), 0, -1):
            found = self._phrases.get(tuple(forms[at : at + size]))
            if found is not None:
                return size, found
        return None

    def intent_query(self, reading: Reading, phrases: frozenset[tuple[str, ...]]) -> Any:
        """An optional query for the handbook words the question asks for (None: asks nothing)."""
        parts: list[wq.Query] = []
        for intent in reading.intents:
            for tokens in intent.means:
                for name, boost in INTENT_FIELDS.items():
                    part: wq.Query
                    if len(tokens) == 1 or tokens in phrases:
                        part = wq.Term(name, " ".join(tokens))
                    else:
                        part = wq.Phrase(name, list(tokens))
                    part.boost = boost * intent.weight
                    parts.append(part)
        return wq.Or(parts) if parts else None


def intent_words(reading: Reading) -> frozenset[str]:
    """Every term the question's intents look for: a document's other terms do not change
    what intent_bonus and asked_in_heading make of it (so they can be remembered by these)."""
    words: set[str] = set()
    for intent in reading.intents:
        for tokens in intent.means:
            words.add(" ".join(tokens))
            words.update(tokens)
    return frozenset(words)


def asked_in_heading(reading: Reading, matched: Iterable[tuple[str, str]]) -> bool:
    """Whether a section's heading uses words its question asks for (all of a phrase's)."""
    if not reading.intents:
        return False
    heading = {term for name, term in matched if name == "heading"}
    return any(
        " ".join(tokens) in heading or (len(tokens) > 1 and heading.issuperset(tokens))
        for intent in reading.intents
        for tokens in intent.means
    )


def intent_bonus(reading: Reading, matched: Iterable[tuple[str, str]], section: bool) -> float:
    """How much a document's score is lifted for using the words its question asks for.

    ``matched`` holds the (field, term) pairs the document matched. A section's heading
    says what it answers; a page's top document lists every heading, so only its title
    counts there. Text that merely mentions the words lifts a section a little. A phrase
    ("how long") counts when all its words matched in the same field.
    """
    fields: dict[str, set[str]] = {"heading": set(), "title": set(), "body": set()}
    for name, term in matched:
        if name in fields and (section or name == "title"):
            fields[name].add(term)
    lift = dict.fromkeys(fields, 0.0)
    for intent in reading.intents:
        if intent.top and not section:
            lift["heading"] = max(lift["heading"], intent.weight)
        for tokens in intent.means:
            joined = " ".join(tokens)
            for name, terms in fields.items():
                if lift[name] < intent.weight and (
                    joined in terms or (len(tokens) > 1 and terms.issuperset(tokens))
                ):
                    lift[name] = intent.weight
    return 1.0 + max(
        INTENT_HEADING_BONUS * lift["heading"],
        INTENT_TITLE_BONUS * lift["title"],
        INTENT_BODY_BONUS * lift["body"],
    )


def with_asked_words(terms: Highlight, reading: Reading, stopwords: frozenset[str]) -> Highlight:
    """What a snippet marks, with the words the question asks for ("survival", "relapse"),
    so the passage chosen is the one that answers; "what" and other stop words are left out.
    """
    words = {
        tokens[0]
        for intent in reading.intents
        for tokens in intent.means
        if len(tokens) == 1 and tokens[0] not in stopwords
    }
    phrases = {tokens for intent in reading.intents for tokens in intent.means if len(tokens) > 1}
    return Highlight(terms.words | words, terms.phrases | phrases)
