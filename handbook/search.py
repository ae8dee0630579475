"""Full-text search over the prebuilt Whoosh index (Qt-free).

``SearchEngine.open()`` opens the bundled index read-only; ``engine.search(text)``
returns ranked results, one per page, each landing on the best-matching section,
with a highlighted snippet and a spelling suggestion when a word is unknown.
"""

from __future__ import annotations

import html
import json
import math
import re
import threading
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from handbook import paths
from handbook.analysis import canonical_spelling
from handbook.indexer import LEXICON_NAME, STAMP_NAME, WHOOSH_DIR
from handbook.manifest import SCHEMA_VERSION, Manifest
from handbook.query import Lexicon, QueryBuilder, clean, is_acronym, parse
from handbook.snippets import MARK_CLOSE, MARK_OPEN, snippet
from handbook.textutil import fold

# A page's score is scaled by the share of the query's concepts it matches, so a page
# that has every word beats one that only repeats the commonest ones.
COVERAGE_POWER = 3.0
# The glossary and the about page define words; the page that covers the topic should win.
PAGE_PRIOR = {"glossary": 0.45, "about-this-handbook": 0.6}
AUDIENCE_PRIOR = 0.85  # pages for the other audience than the query's wording suggests
# Concepts found in the page's own title or aliases (its names) lift it: the page named
# "Supportive care" beats a long page that merely mentions supportive care.
TITLE_BONUS = 3.0
NAME_FIELDS = frozenset({"title", "aliases"})
FIRST_PERSON = frozenset({"i", "my", "me", "i'm", "im", "we", "our", "mine"})
# Question and filler words dropped from queries that also hold real words.
EXTRA_STOPWORDS = frozenset(
    "vs versus mean means does what how why when who which there get got do did would should "
    "could im i".split()
)
# Highlighting in a page also skips "after": it would light up the whole page.
HIGHLIGHT_STOPWORDS = frozenset({"after"})
SNIPPET_CHARS = 220
LOCAL_SHARE = 0.7  # weight of the best single document (vs the whole page) in a page's score
SECTION_LANDING = 0.8  # a section wins the landing spot at >= 80% of its page's best score
_WORD = re.compile(r"[^\W\d_]{3,}")


class IndexUnavailable(RuntimeError):
    """The search index is missing, damaged or does not match the shipped pages."""


@dataclass(frozen=True)
class SearchResult:
    page: str
    title: str
    section: str  # heading the result lands on ('' = top of the page)
    anchor: str
    audience: str
    score: float
    snippet: str
    snippet_html: str = field(repr=False, default="")
    part: str = ""  # the sidebar section the page sits in

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["score"] = round(self.score, 4)
        return data


@dataclass
class SearchOutcome:
    query: str
    results: list[SearchResult]
    suggestion: str | None = None
    corrected: bool = False  # results are for ``suggestion`` because a word was unknown
    message: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "suggestion": self.suggestion,
            "corrected": self.corrected,
            "results": [r.to_json() for r in self.results],
        }


def _snippet_forms(marked: str) -> tuple[str, str]:
    plain = marked.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")
    rich = html.escape(marked).replace(MARK_OPEN, "<b>").replace(MARK_CLOSE, "</b>")
    return plain, rich


@dataclass(frozen=True)
class TermMatcher:
    """Finds the words of a query in any text, the way the index matched them.

    ``anaemia`` finds "anemia" and "anaemic"; ``G-CSF`` finds "G-CSF" but not "GM-CSF".
    """

    analyzer: Any
    exact: frozenset[str]
    prefixes: frozenset[str]

    def __bool__(self) -> bool:
        return bool(self.exact or self.prefixes)

    def spans(self, text: str) -> list[tuple[int, int]]:
        if not self:
            return []
        return [
            (start, end)
            for start, end, _term in self.analyzer.spans(text, self.exact, self.prefixes)
        ]


class SearchEngine:
    def __init__(self, index_dir: Path, whoosh_dir: Path) -> None:
        from whoosh import index

        self.index_dir = index_dir
        # Whoosh leaves files open when a damaged index fails to read; they are released
        # with the failure's traceback, inside this block, without a ResourceWarning.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            failure = ""
            try:
                self._ix = index.open_dir(str(whoosh_dir), readonly=True)
                self._analyzer = self._ix.schema["body"].analyzer
                lexicon = json.loads((index_dir / LEXICON_NAME).read_text(encoding="utf-8"))
                self._probe()
            except Exception as exc:  # whoosh raises many kinds on damaged files
                failure = exc.__class__.__name__
            if failure:
                self._discard()
        if failure:
            raise IndexUnavailable(f"{whoosh_dir}: cannot be opened ({failure})")
        self._spellings: dict[str, str] = lexicon.get("spellings", {})
        from whoosh.analysis import STOP_WORDS

        self._stopwords = frozenset(fold(w) for w in STOP_WORDS | EXTRA_STOPWORDS)
        self._builder = QueryBuilder(
            self._analyze,
            Lexicon.from_json(lexicon, self._analyze),
            self._spellings,
            self._stopwords,
            self._analyzer.phrases,
        )
        # One searcher (and its column readers) per OS thread, keyed by thread id: a
        # threading.local does not survive between calls from a Qt thread (PySide drops
        # the thread's Python state after each call), which opened a new searcher, and
        # leaked about 8 MB, on every search from the window's worker thread.
        self._per_thread: dict[int, tuple[Any, tuple[Any, Any, Any]]] = {}
        self._lock = threading.Lock()

    def _discard(self) -> None:
        """Release a damaged index's files (whoosh leaves some open when reading fails)."""
        import gc

        ix = getattr(self, "_ix", None)
        if ix is not None:
            try:
                ix.close()
            except Exception:
                pass
        self._ix = None
        gc.collect()

    def _probe(self) -> None:
        """Read a little of everything (whoosh opens lazily): damage shows now, not mid-search."""
        from whoosh import query as wq

        with self._ix.searcher() as searcher:
            reader = searcher.reader()
            count = reader.doc_count()
            if count == 0:
                raise ValueError("empty index")
            reader.stored_fields(0)
            reader.stored_fields(count - 1)
            for name in ("title", "body", "spell"):
                for _freq, term in reader.most_frequent_terms(name, 3):
                    searcher.search(wq.Term(name, term), limit=3)

    @classmethod
    def open(cls, index_dir: Path | None = None, whoosh_dir: Path | None = None) -> SearchEngine:
        """Open the index in ``index_dir`` (default: the bundled one), checking its stamp."""
        index_dir = index_dir or paths.bundled_index_dir()
        whoosh_dir = whoosh_dir or index_dir / WHOOSH_DIR
        try:
            manifest = Manifest.read(index_dir)
        except RuntimeError as exc:
            raise IndexUnavailable(str(exc)) from None
        try:
            stamp = json.loads((whoosh_dir / STAMP_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError, UnicodeDecodeError):
            raise IndexUnavailable(f"{whoosh_dir}: missing or damaged stamp") from None
        if (
            stamp.get("schema_version") != SCHEMA_VERSION
            or stamp.get("documents_hash") != manifest.documents_hash
        ):
            raise IndexUnavailable(
                f"{whoosh_dir}: stale (built from other pages than the catalog's)"
            )
        return cls(index_dir, whoosh_dir)

    def _analyze(self, text: str) -> list[str]:
        return [t.text for t in self._analyzer(text, mode="query")]

    def _searcher(self) -> Any:
        return self._thread_state()[0]

    def _thread_state(self) -> tuple[Any, tuple[Any, Any, Any]]:
        """This thread's searcher and its page, kind and audience column readers."""
        # One searcher per thread: a shared one gave corrupted reads (tech notes).
        key = threading.get_ident()
        found = self._per_thread.get(key)
        if found is None:
            from whoosh import scoring

            # Names (titles, aliases, headings) are short and should not be penalised for
            # their length the way long body text is.
            weighting = scoring.BM25F(B=0.75, K1=1.2, title_B=0.3, aliases_B=0.2, heading_B=0.4)
            searcher = self._ix.searcher(weighting=weighting)
            reader = searcher.reader()
            columns = (
                reader.column_reader("page"),
                reader.column_reader("kind"),
                reader.column_reader("audience"),
            )
            found = (searcher, columns)
            with self._lock:
                self._per_thread[key] = found
        return found

    def close(self) -> None:
        """Close every thread's searcher and the index (call when no search is running)."""
        with self._lock:
            held, self._per_thread = self._per_thread, {}
        for searcher, _columns in held.values():
            searcher.close()
        self._ix.close()

    # -- highlighting in a page -------------------------------------------------
    def term_matcher(self, text: str) -> TermMatcher:
        """What to highlight in a page opened from a search for ``text``."""
        skip = self._stopwords | HIGHLIGHT_STOPWORDS
        parsed = parse(clean(text))
        exact: set[str] = set()
        prefixes: set[str] = set()
        several = len(parsed.plain_words()) > 1
        for item in parsed.items:
            if item.excluded:
                continue
            for word in item.words:
                # "after", "with", "can" would light up the whole page; acronyms typed in
                # capitals (AS, IT) and quoted phrases are kept.
                if several and not item.phrase and fold(word) in skip and not is_acronym(word):
                    continue
                exact.update(self._analyze(word))
                if item.prefix:
                    prefixes.add(canonical_spelling(fold(word), self._spellings))
        return TermMatcher(self._analyzer, frozenset(exact), frozenset(prefixes))

    # -- spelling -----------------------------------------------------------------
    def suggest(self, text: str, prefix_last: bool = False) -> str | None:
        """The query with unknown words replaced by their nearest known word, if any."""
        searcher = self._searcher()
        reader = searcher.reader()
        corrector = searcher.corrector("spell")
        words = list(_WORD.finditer(text))
        changed = False
        out, at = [], 0
        for index, match in enumerate(words):
            word = match.group(0)
            folded = fold(word)
            if prefix_last and index == len(words) - 1 and match.end() == len(text.rstrip("*")):
                continue
            if word in ("AND", "OR", "NOT") or self._known(reader, word, folded):
                continue
            found = corrector.suggest(
                folded, limit=1, maxdist=2 if len(folded) > 5 else 1, prefix=1
            )
            if found:
                out.append(text[at : match.start()])
                out.append(found[0])
                at = match.end()
                changed = True
        if not changed:
            return None
        out.append(text[at:])
        return "".join(out)

    def _known(self, reader: Any, word: str, folded: str) -> bool:
        """A word is known as typed or in its analysed form (anemia ~ anaemia)."""
        if reader.doc_frequency("spell", folded) > 0:
            return True
        tokens = self._analyze(word)
        return bool(tokens) and all(
            any(
                reader.doc_frequency(name, token) > 0
                for name in ("body", "title", "aliases", "heading")
            )
            for token in tokens
        )

    # -- search -------------------------------------------------------------------
    def search(
        self,
        text: str,
        limit: int = 10,
        audience: str | None = None,
        prefix_last: bool = False,
        correct: bool = True,
    ) -> SearchOutcome:
        """Ranked results for ``text``; never raises on any user text."""
        cleaned = clean(text)
        limit = max(1, min(int(limit), 100))
        if not cleaned:
            return SearchOutcome(text, [], message="Type a word to search the handbook.")
        # An unknown word adds nothing to a search, so a corrected query that finds
        # something is answered without also running the uncorrected one.
        suggestion = self.suggest(cleaned, prefix_last) if correct else None
        if suggestion == cleaned:
            suggestion = None
        if suggestion:
            corrected_results = self._run(suggestion, limit, audience, prefix_last)
            if corrected_results:
                return SearchOutcome(text, corrected_results, suggestion, corrected=True)
        results = self._run(cleaned, limit, audience, prefix_last)
        message = (
            ""
            if results
            else "Nothing found. Try fewer words, another spelling, or an abbreviation."
        )
        return SearchOutcome(text, results, suggestion, message=message)

    def _run(
        self, text: str, limit: int, audience: str | None, prefix_last: bool
    ) -> list[SearchResult]:
        from whoosh import query as wq

        parsed = parse(text)
        built = self._builder.build(parsed, prefix_last=prefix_last)
        if built is None:
            return []
        searcher = self._searcher()
        filt = wq.Term("audience", audience) if audience in ("clinician", "patient") else None
        try:
            hits = searcher.search(built.query.normalize(), limit=None, filter=filt, terms=True)
        except Exception:  # a query whoosh cannot run is a "nothing found", never a crash
            return []
        return self._rank(hits, built, parsed, limit, searcher)

    def _rank(
        self, hits: Any, built: Any, parsed: Any, limit: int, searcher: Any
    ) -> list[SearchResult]:
        """One result per page, landing on its best section.

        A document scores its raw score x the share of the query's concepts it covers
        (its own matched words plus its page's names) ^ COVERAGE_POWER; a page scores
        a blend of that best document and its best hit x the coverage of the whole page,
        times a bonus for concepts in its names and its priors.
        """
        patient_wording = any(w.lower() in FIRST_PERSON for w in parsed.plain_words())
        pages, kinds, audiences = self._columns()
        docterms = hits.docterms
        per_doc: list[tuple[float, int, str, set[str]]] = []
        matched: dict[str, set[str]] = {}
        named: dict[str, set[str]] = {}
        best: dict[str, tuple[float, int]] = {}
        for score, docnum in hits.top_n:
            page = pages[docnum]
            if page not in best:
                best[page] = (score, docnum)
            words: set[str] = set()
            names = named.setdefault(page, set())
            for fieldname, value in docterms.get(docnum, ()):
                text = value.decode("utf-8") if isinstance(value, bytes) else value
                # A glossary name indexed as one token counts as its words, as a phrase would.
                found = text.split(" ") if " " in text else (text,)
                words.update(found)
                if fieldname in NAME_FIELDS:
                    names.update(found)
            matched.setdefault(page, set()).update(words)
            per_doc.append((score, docnum, page, words))
        concepts = built.concepts
        weights = self._concept_weights(concepts, searcher)
        total = sum(weights) or 1.0

        def coverage(words: set[str]) -> float:
            if not concepts:
                return 1.0
            return (
                sum(w for c, w in zip(concepts, weights, strict=True) if c.found_in(words)) / total
            )

        local: dict[str, tuple[float, int]] = {}
        landing: dict[str, tuple[float, int]] = {}
        for score, docnum, page, words in per_doc:
            value = score * coverage(words | named[page]) ** COVERAGE_POWER
            if page not in local or value > local[page][0]:
                local[page] = (value, docnum)
            if kinds[docnum] == "section" and (page not in landing or value > landing[page][0]):
                landing[page] = (value, docnum)
        wanted = "patient" if patient_wording else "clinician"
        scored = []
        for page, (score, top) in best.items():
            whole = score * coverage(matched[page]) ** COVERAGE_POWER
            factor = PAGE_PRIOR.get(page, 1.0)
            if audiences[top] != wanted:
                factor *= AUDIENCE_PRIOR
            factor *= 1 + TITLE_BONUS * coverage(named[page])
            value = (1 - LOCAL_SHARE) * whole + LOCAL_SHARE * local[page][0]
            scored.append((value * factor, page))
        scored.sort(key=lambda item: (-item[0], item[1]))
        terms = frozenset(self._body_terms(built.query, searcher))
        results = []
        for final, page in scored[:limit]:
            if final <= 0:
                continue
            chosen = local[page][1]
            if page in landing and landing[page][0] >= SECTION_LANDING * local[page][0]:
                chosen = landing[page][1]
            results.append(self._result(searcher.stored_fields(chosen), final, terms))
        return results

    def _columns(self) -> tuple[Any, Any, Any]:
        """Page id, kind and audience of every document, read from columns (not stored fields)."""
        return self._thread_state()[1]

    def _concept_weights(self, concepts: list[Any], searcher: Any) -> list[float]:
        """Rarer concepts count for more (inverse document frequency over the body text)."""
        reader = searcher.reader()
        count = max(1, reader.doc_count())
        weights = []
        for concept in concepts:
            frequency = max((reader.doc_frequency("body", t) for t in concept.terms), default=0)
            if concept.prefixes and not frequency:
                frequency = count // 20  # an unfinished word: treat as moderately common
            weights.append(math.log(1 + count / (1 + frequency)))
        return weights

    def _body_terms(self, built: Any, searcher: Any) -> set[str]:
        # Query.existing_terms() reuses its ``fieldname`` argument as a loop variable
        # and so drops every leaf after the first field; walk the leaves instead.
        reader = searcher.reader()
        terms: set[str] = set()
        try:
            for leaf in built.leaves():
                for fieldname, value in leaf.expanded_terms(reader, phrases=True):
                    if fieldname == "body":
                        text = value.decode("utf-8") if isinstance(value, bytes) else value
                        terms.update(text.split(" "))  # a glossary name's words are highlighted
        except Exception:
            pass  # highlighting is a nicety; a plain snippet is shown without it
        return terms

    def _result(self, hit: dict[str, Any], score: float, terms: frozenset[str]) -> SearchResult:
        body = hit.get("body", "")
        marked = ""
        if terms and body:
            marked = snippet(
                body, self._analyzer.spans(body, terms), max_chars=SNIPPET_CHARS, surround=70, top=2
            )
        if not marked:
            marked = body[:SNIPPET_CHARS].rsplit(" ", 1)[0] + (
                "…" if len(body) > SNIPPET_CHARS else ""
            )
        plain, rich = _snippet_forms(marked)
        return SearchResult(
            page=hit["page"],
            title=hit["title"],
            section=hit.get("heading", "") if hit["kind"] == "section" else "",
            anchor=hit.get("anchor", ""),
            audience=hit["audience"],
            score=float(score),
            snippet=plain,
            snippet_html=rich,
            part=hit.get("section", ""),
        )
