"""Whoosh analyzers that fit medical text.

The analyzers are pickled into the index's schema, so the classes here must keep
their import path (``handbook.analysis``) or a built index will not open.

Measured traps they avoid (see the tech notes): the default tokenizer splits
``G-CSF`` into ``g``/``csf`` so GM-CSF ranks first; the stop list deletes ``AS``,
``IT``, ``ON``; the stemmer turns ``MDS`` into ``md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from whoosh.analysis import Analyzer, Filter, LowercaseFilter, RegexTokenizer, StemFilter, Token

from handbook.textutil import fold

# A word, optionally joined to more words by - / . ^ or carrying a bracketed part:
# G-CSF, IPSS-R, flow-FISH, del(5q), 10⁹/L, 0.5, t(3;3) is cut at ';'.
# Words that start a two-word name which text also says the other way round, and the words
# that may join the two then ("platelets are low", "neutrophil counts are very low").
REVERSIBLE = frozenset({"low"})
JOINING_VERBS = frozenset({"is", "are", "was", "were", "stay", "stays", "remain", "remains"})
JOINING_FILLERS = frozenset({"count", "counts", "very", "still", "too"})
REVERSED_GAP = 3  # joining words at most

TOKEN_PATTERN = r"\w+(?:\(\w+\))?(?:[-/.^]\w+(?:\(\w+\))?)*"
SPELL_PATTERN = r"[^\W\d_]{2,}"
_PARTS = re.compile(r"[^\W_]+")
_COMPOUND = re.compile(r"[-/(]")

# British prefixes and their US forms, for words the glossary does not list.
PREFIX_RULES: tuple[tuple[str, str], ...] = (
    ("haemopoie", "hematopoie"),
    ("hemopoie", "hematopoie"),
    ("haem", "hem"),
    ("anaem", "anem"),
    ("leukaem", "leukem"),
    ("leucaem", "leukem"),
    ("leuco", "leuko"),
    ("oesophag", "esophag"),
    ("oedem", "edem"),
    ("paediatr", "pediatr"),
    ("orthopaed", "orthoped"),
    ("foet", "fet"),
    ("oestr", "estr"),
    ("diarrhoe", "diarrhe"),
    ("anaesth", "anesth"),
    ("coeliac", "celiac"),
    ("haemorrh", "hemorrh"),
)


def canonical_spelling(word: str, spellings: Mapping[str, str]) -> str:
    """The one spelling search uses for a folded word (British and US forms agree)."""
    mapped = spellings.get(word)
    if mapped is not None:
        return mapped
    for british, us in PREFIX_RULES:
        if word.startswith(british):
            word = us + word[len(british) :]
            break
    # neutropaenia, thrombocytopaenia, cytopaenic: the -paen- forms of -pen-.
    return word.replace("paeni", "peni") if "paeni" in word else word


class FoldFilter(Filter):
    """Accent and compatibility folding (é -> e, ⁹ -> 9); drops '^' so 10^9/L == 10⁹/L."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = fold(t.text).replace("^", "")
            yield t


class CompoundFilter(Filter):
    """Keep ``g-csf`` whole and, when indexing, also emit its parts ``g`` and ``csf``.

    A query keeps only the whole token, so ``G-CSF`` does not match ``GM-CSF``, while
    ``IPSS`` still finds pages that say ``IPSS-R``.
    """

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for t in tokens:
            text = t.text
            if t.mode == "query" or not _COMPOUND.search(text):
                yield t
                continue
            yield t
            parts = _PARTS.findall(text)
            if len(parts) > 1:
                for part in parts:
                    t.text = part
                    yield t


class SpellingFilter(Filter):
    """Map British and US spellings to one form (anaemia/anemia, ciclosporin/cyclosporine)."""

    def __init__(self, spellings: Mapping[str, str] | None = None) -> None:
        self.spellings = dict(spellings or {})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SpellingFilter) and other.spellings == self.spellings

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        spellings = self.spellings
        for t in tokens:
            t.text = canonical_spelling(t.text, spellings)
            yield t


class GuardedStemFilter(StemFilter):
    """Stem plain words only: acronyms, numbers and compounds stay as typed."""

    def __init__(self, protected: Iterable[str] = ()) -> None:
        super().__init__(ignore=None)
        self.protected = frozenset(protected)

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        stem = self.stemfn
        protected = self.protected
        for t in tokens:
            text = t.text
            if len(text) > 3 and text.isalpha() and text not in protected:
                t.text = stem(text)
            yield t

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_stem", None)  # the LRU-cached stemmer is rebuilt on load
        return state


class CachedAnalyzer(Analyzer):
    """A filter chain run once per distinct word, then remembered.

    Every filter in the chain works on one token at a time, so the tokens a word
    becomes depend only on the word (and the mode). Running five Python generators
    for each of the thousands of words in a page cost most of the time spent
    indexing and highlighting; a dictionary lookup per word gives the same tokens,
    at the same positions and offsets.
    """

    MAX_CACHED = 200_000

    def __init__(self, chain: Any, pattern: str, phrases: Iterable[tuple[str, ...]] = ()) -> None:
        self.chain = chain
        self.pattern = pattern
        # Glossary names of several words ("aplastic anemia"): when indexing, each one
        # found in the text is also indexed as one token, "aplastic anemia", so a search
        # for the name (or for a synonym that expands to it) is a term lookup instead of
        # a phrase match over positions, which cost about a quarter of search time.
        self.phrases = frozenset(p for p in phrases if len(p) > 1)
        self._longest = max((len(p) for p in self.phrases), default=0)
        if self.phrases:
            self._longest = max(self._longest, REVERSED_GAP + 2)
        self._expression: re.Pattern[str] | None = None
        self._cache: dict[tuple[str, str], tuple[str, ...]] = {}
        self._judged: tuple[Any, dict[str, str]] = (None, {})
        # "Platelets are low" says what the name "low platelets" says: a two-word name that
        # starts with one of REVERSIBLE is also found the other way round, joined by a verb.
        self._reversed = {
            (first, second)
            for first, second in (p for p in self.phrases if len(p) == 2)
            if first in self._stems(REVERSIBLE)
        }
        self._joining = self._stems(JOINING_VERBS)
        self._between = self._stems(JOINING_VERBS | JOINING_FILLERS)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CachedAnalyzer) and (
            other.chain,
            other.pattern,
            other.phrases,
        ) == (self.chain, self.pattern, self.phrases)

    def __hash__(self) -> int:
        return hash(self.pattern)

    def __getstate__(self) -> dict[str, Any]:
        return {"chain": self.chain, "pattern": self.pattern, "phrases": sorted(self.phrases)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(  # type: ignore[misc]
            state["chain"], state["pattern"], [tuple(p) for p in state.get("phrases", ())]
        )

    def _stems(self, words: Iterable[str]) -> frozenset[str]:
        return frozenset(f for w in words for f in self._forms(w, "query")[:1])

    def _reversed_phrases(self, recent: list[tuple[str, int]]) -> list[int]:
        """How many words back each name that the last word ends the other way round begins:
        "the platelet count is low" ends "low count" (3 back) and "low platelet" (4 back)."""
        last = recent[-1][0]
        found: list[int] = []
        gap = joined = 0
        for back in range(2, len(recent) + 1):
            form = recent[-back][0]
            if joined and (last, form) in self._reversed:
                found.append(back)
            if form not in self._between or gap == REVERSED_GAP:
                break
            gap += 1
            joined += form in self._joining
        return found

    def _forms(self, word: str, mode: str) -> tuple[str, ...]:
        key = (word, mode)
        forms = self._cache.get(key)
        if forms is None:
            forms = tuple(t.text for t in self.chain(word, mode=mode))
            if len(self._cache) >= self.MAX_CACHED:
                self._cache.clear()
            self._cache[key] = forms
        return forms

    def spans(
        self, text: str, wanted: frozenset[str], prefixes: frozenset[str] = frozenset()
    ) -> list[tuple[int, int, str]]:
        """(start, end, term) of every word in ``text`` whose indexed forms include a wanted term
        (or begin with one of ``prefixes``): what a search for those terms matched."""
        if self._expression is None:
            self._expression = re.compile(self.pattern, re.UNICODE)
        found: list[tuple[int, int, str]] = []
        # What each word is (its wanted form, or "" for none), remembered for the last set of
        # wanted terms: a search's results are marked with the same terms, one after another.
        key = (wanted, prefixes)
        last_key, judged = self._judged
        if last_key != key:
            judged = {}
            self._judged = (key, judged)  # one tuple, replaced whole: safe across threads
        starts = tuple(prefixes)
        forms_of = self._forms
        for match in self._expression.finditer(text):
            word = match.group(0)
            form = judged.get(word)
            if form is None:
                form = ""
                for candidate in forms_of(word, "index"):
                    if candidate in wanted or (starts and candidate.startswith(starts)):
                        form = candidate
                        break
                if len(judged) < self.MAX_CACHED:
                    judged[word] = form
            if form:
                found.append((match.start(), match.end(), form))
        return found

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        if not tokenize:
            yield from self.chain(
                value,
                positions=positions,
                chars=chars,
                keeporiginal=keeporiginal,
                removestops=removestops,
                start_pos=start_pos,
                start_char=start_char,
                tokenize=False,
                mode=mode,
                **kwargs,
            )
            return
        if self._expression is None:
            self._expression = re.compile(self.pattern, re.UNICODE)
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        forms_of = self._forms
        phrases = self.phrases if mode != "query" else frozenset()
        longest = self._longest
        recent: list[tuple[str, int]] = []  # (first form, start) of the last few words
        for pos, match in enumerate(self._expression.finditer(value)):
            word = match.group(0)
            forms = forms_of(word, mode)
            for text in forms:
                t.text = text
                t.boost = 1.0
                t.stopped = False
                if keeporiginal:
                    t.original = word
                if positions:
                    t.pos = start_pos + pos
                if chars:
                    t.startchar = start_char + match.start()
                    t.endchar = start_char + match.end()
                yield t
            if not phrases or not forms:
                continue
            recent.append((forms[0], match.start()))
            if len(recent) > longest:
                del recent[0]
            # Names ending at this word: (the name's token, how many words back it begins).
            joined = [
                (" ".join(words), size)
                for size in range(2, len(recent) + 1)
                if (words := tuple(form for form, _start in recent[-size:])) in phrases
            ]
            if self._reversed:
                joined += [
                    (f"{forms[0]} {recent[-back][0]}", back)
                    for back in self._reversed_phrases(recent)
                ]
            for text, back in joined:
                t.text = text
                t.boost = 1.0
                t.stopped = False
                if keeporiginal:
                    t.original = value[recent[-back][1] : match.end()]
                if positions:
                    t.pos = start_pos + pos - back + 1
                if chars:
                    t.startchar = start_char + recent[-back][1]
                    t.endchar = start_char + match.end()
                yield t


def text_analyzer(
    spellings: Mapping[str, str], protected: Iterable[str], phrases: Iterable[str] = ()
) -> Any:
    """The analyzer for titles, headings and body text; ``phrases`` (glossary names of
    several words) are also indexed as single tokens."""
    chain = (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | FoldFilter()
        | CompoundFilter()
        | SpellingFilter(spellings)
        | GuardedStemFilter(protected)
    )
    plain = CachedAnalyzer(chain, TOKEN_PATTERN)
    analysed = [tuple(t.text for t in plain(phrase, mode="query")) for phrase in phrases]
    return CachedAnalyzer(chain, TOKEN_PATTERN, analysed)


def spell_analyzer() -> Any:
    """Unstemmed plain words, the vocabulary for 'did you mean'."""
    return CachedAnalyzer(
        RegexTokenizer(SPELL_PATTERN) | LowercaseFilter() | FoldFilter(), SPELL_PATTERN
    )
