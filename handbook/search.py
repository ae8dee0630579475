"""Full-text search over the prebuilt Whoosh index (Qt-free).

``SearchEngine.open()`` opens the bundled index read-only; ``engine.search(text)``
returns ranked results, one per page, each landing on the best-matching section,
with a highlighted snippet and a spelling suggestion when a word is unknown.
"""

from __future__ import annotations

import html
import json
import logging
import math
import re
import threading
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from handbook import indexfiles, mappedfiles, ranking, rerank
from handbook.analysis import canonical_spelling
from handbook.asked import AskedQuestions
from handbook.indexlayout import LEXICON_NAME, QUESTIONS_DIR, WHOOSH_DIR
from handbook.manifest import Manifest, StaleIndexError, check_stamp
from handbook.postings import QueryRunner
from handbook.query import Lexicon, QueryBuilder, clean, is_acronym, parse
from handbook.questions import QuestionReader, Reading, with_asked_words
from handbook.questionvectors import VectorsError
from handbook.snippets import MARK_CLOSE, MARK_OPEN, Highlight, opening, snippet
from handbook.textutil import fold

FIRST_PERSON = frozenset({"i", "my", "me", "i'm", "im", "we", "our", "mine"})
# Question and filler words dropped from queries that also hold real words.
EXTRA_STOPWORDS = frozenset(
    "vs versus mean means does what how why when who which there get got do did would should "
    "could im i".split()
)
# Highlighting in a page also skips "after": it would light up the whole page.
HIGHLIGHT_STOPWORDS = frozenset({"after"})
SNIPPET_CHARS = 220
ALSO_SNIPPET_CHARS = 110  # a shorter snippet for the first result's other sections
STORED_KEPT = 400  # documents whose stored fields are kept once read (about 1 MB)
_WORD = re.compile(r"[^\W\d_]{3,}")
_NUMBER = re.compile(r"[\d.,]+")
# Spelling correction builds an automaton over the word: a folded word longer than any
# real one (U+FDFA folds to 18 letters) is left as it is, or one query takes seconds.
MAX_CORRECTED_CHARS = 30
# Whoosh's corrector finds the words within two edits, counting a swap of two letters as
# two ("anemai"), and ranks them by frequency alone, nearer or not. A word is corrected to
# the most frequent of them within one edit, a swap counted as one; two edits are accepted
# only on a word this long: on a shorter one they turn everyday words into other words
# ("bumping" into "burning", "tonight" into "tight").
TWO_EDITS_CHARS = 8
CORRECTION_CANDIDATES = 50
SPELLING_FIELD = "spell"  # the unstemmed field spelling is corrected against (tech notes)
CORRECTIONS_KEPT = 500  # unknown words whose correction is kept (typing repeats them)
log = logging.getLogger(__name__)


class IndexUnavailable(RuntimeError):
    """The search index is missing, damaged or does not match the shipped pages."""


class IndexDamaged(IndexUnavailable):
    """A search failed inside Whoosh and reading the whole index failed too."""


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
    # The first result only: more sections of its page that may answer, best first.
    also: tuple[SearchResult, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["score"] = round(self.score, 4)
        data["also"] = [link.to_json() for link in self.also]
        return data


@dataclass
class SearchOutcome:
    query: str
    results: list[SearchResult]
    suggestion: str | None = None
    corrected: bool = False  # results are for ``suggestion`` because a word was unknown
    message: str = ""
    unavailable: str = ""  # why search could not run at all (a damaged index); "" normally
    # What to mark in a page opened from the results: made with the search (in its thread),
    # so whoever shows the page never calls the engine.
    highlight: TermMatcher | None = field(default=None, repr=False, compare=False)

    @property
    def searched(self) -> str:
        """The words the results were found for: the correction, if there was one."""
        return self.suggestion if self.corrected and self.suggestion else self.query

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


def _anchor(fields: dict[str, Any]) -> str:
    """A document's anchor from its stored fields ("" for a page's top)."""
    return str(fields.get("anchor") or "") if fields.get("kind") == "section" else ""


class SearchEngine:
    def __init__(self, index_dir: Path, whoosh_dir: Path, read_whole: bool = False) -> None:
        """Open and read the index: all of it when ``read_whole`` (no record of its files)."""
        from whoosh import index

        mappedfiles.install()
        self.index_dir = index_dir
        # Called when a search proves the index damaged; returns a repaired engine.
        self.on_damage: Callable[[], SearchEngine] | None = None
        self._read_whole_ok = False
        # Whoosh leaves files open when a damaged index fails to read; they are released
        # with the failure's traceback, inside this block, without a ResourceWarning.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            failure = ""
            try:
                self._ix = index.open_dir(str(whoosh_dir), readonly=True)
                self._analyzer = self._ix.schema["body"].analyzer
                lexicon = json.loads((index_dir / LEXICON_NAME).read_text(encoding="utf-8"))
                if read_whole:
                    indexfiles.read_everything(self._ix)
                    self._read_whole_ok = True
                else:
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
        # Questions typed in everyday words: their filler, everyday words and intents.
        # The handbook's acronyms: one typed in capitals is kept though it spells a stop
        # word ("WHO classification"); other capitals ("is IT safe") are not.
        self._acronyms = frozenset(fold(w) for w in lexicon.get("protected", ()))
        self._questions = QuestionReader.from_lexicon(lexicon, self._analyze, self._acronyms)
        words = Lexicon.from_json(lexicon, self._analyze)
        words.widen(self._questions.everyday_words(), self._analyze)
        self._builder = QueryBuilder(
            self._analyze,
            words,
            self._spellings,
            self._stopwords,
            self._analyzer.phrases,
            self._acronyms,
        )
        # One searcher (and its column readers) per OS thread, keyed by thread id: a
        # threading.local does not survive between calls from a Qt thread (PySide drops
        # the thread's Python state after each call), which opened a new searcher, and
        # leaked about 8 MB, on every search from the window's worker thread.
        self._per_thread: dict[int, tuple[Any, QueryRunner]] = {}
        self._lock = threading.Lock()
        self._asked: AskedQuestions | None = None
        # The question model (handbook.rerank), read on the first question; False: unusable.
        self._question_model: rerank.QuestionModel | bool | None = None
        self._rows_of: list[int | None] | None = None  # Whoosh document -> its vectors' row
        # Every document's page id, kind and audience, read from the columns once.
        self._doc_columns: tuple[list[str], list[str], list[str]] | None = None
        self._by_audience: dict[str, frozenset[int]] = {}
        self._stored_fields: dict[int, dict[str, Any]] = {}
        self._corrections: dict[str, str | None] = {}  # in memory only, as typed words are

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
            for name in ("title", "body", SPELLING_FIELD):
                for _freq, term in reader.most_frequent_terms(name, 3):
                    searcher.search(wq.Term(name, term), limit=3)

    @classmethod
    def open(cls, index_dir: Path | None = None, whoosh_dir: Path | None = None) -> SearchEngine:
        """Open the index in ``index_dir`` (default: the edition in use), checking its stamp."""
        if index_dir is None:
            from handbook.editions.store import index_in_use

            index_dir = index_in_use()
        whoosh_dir = whoosh_dir or index_dir / WHOOSH_DIR
        try:
            manifest = Manifest.read(index_dir)
        except RuntimeError as exc:
            raise IndexUnavailable(str(exc)) from None
        try:
            check_stamp(whoosh_dir, manifest)
        except StaleIndexError as exc:
            raise IndexUnavailable(str(exc)) from None
        # The files are checked against their record before Whoosh reads (and unpickles)
        # any of them; without a record, the whole index is read once instead.
        shipped = whoosh_dir == index_dir / WHOOSH_DIR
        # An installed content update records its locally built files in whoosh/files.json.
        recorded = (manifest.whoosh_files if shipped else None) or indexfiles.read_record(
            whoosh_dir
        )
        if recorded:
            try:
                indexfiles.verify(whoosh_dir, recorded)
            except indexfiles.IndexDamaged as exc:
                raise IndexUnavailable(str(exc)) from None
        return cls(index_dir, whoosh_dir, read_whole=not recorded)

    def _analyze(self, text: str) -> list[str]:
        return [t.text for t in self._analyzer(text, mode="query")]

    def _searcher(self) -> Any:
        return self._thread_state()[0]

    def _thread_state(self) -> tuple[Any, QueryRunner]:
        """This thread's searcher and the runner that evaluates queries with it."""
        # One searcher per thread: a shared one gave corrupted reads (tech notes).
        key = threading.get_ident()
        found = self._per_thread.get(key)
        if found is None:
            from whoosh import scoring

            # Names (titles, aliases, headings) are short and should not be penalised for
            # their length the way long body text is.
            weighting = scoring.BM25F(B=0.75, K1=1.2, title_B=0.3, aliases_B=0.2, heading_B=0.4)
            searcher = self._ix.searcher(weighting=weighting)
            found = (searcher, QueryRunner(searcher))
            with self._lock:
                self._per_thread[key] = found
        return found

    def clear_caches(self) -> None:
        """Forget what earlier searches read (benchmarks measure a first search this way)."""
        with self._lock:
            runners = [runner for _searcher, runner in self._per_thread.values()]
            self._stored_fields.clear()
            self._corrections.clear()
        for runner in runners:
            runner.clear()

    def close(self) -> None:
        """Close every thread's searcher and the index (call when no search is running)."""
        with self._lock:
            held, self._per_thread = self._per_thread, {}
        for searcher, _runner in held.values():
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
                # "after", "with", "can" would light up the whole page; the handbook's
                # acronyms typed in capitals (WHO) and quoted phrases are kept.
                if (
                    several
                    and not item.phrase
                    and fold(word) in skip
                    and not is_acronym(word, self._acronyms)
                ):
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
        corrector = searcher.corrector(SPELLING_FIELD)
        words = list(_WORD.finditer(text))
        changed = False
        out, at = [], 0
        for index, match in enumerate(words):
            word = match.group(0)
            folded = fold(word)
            last_typed = index == len(words) - 1 and match.end() == len(text.rstrip("*"))
            # A word still being typed is left alone while it can become a known word
            # ("anaem"); one no known word begins ("aplastik") is corrected at once.
            if prefix_last and last_typed and self._begins_known(reader, folded):
                continue
            if len(folded) > MAX_CORRECTED_CHARS:
                continue
            if word in ("AND", "OR", "NOT") or self._known(reader, word, folded):
                continue
            found = self._correction(reader, corrector, folded)
            if found:
                out.append(text[at : match.start()])
                out.append(found)
                at = match.end()
                changed = True
        if not changed:
            return None
        out.append(text[at:])
        return "".join(out)

    def _correction(self, reader: Any, corrector: Any, folded: str) -> str | None:
        """The known word nearest an unknown one: the most frequent within one edit, else,
        for a long word, within two; kept, since each key typed searches the words again."""
        if folded in self._corrections:
            return self._corrections[folded]
        if len(folded) >= TWO_EDITS_CHARS:
            from whoosh.support.levenshtein import damerau_levenshtein

            found = corrector.suggest(
                folded, limit=CORRECTION_CANDIDATES, maxdist=2, prefix=1
            )  # the most frequent first
            close = [word for word in found if damerau_levenshtein(folded, word, limit=2) <= 1]
            best: str | None = str((close or found)[0]) if found else None
        else:
            # Within one edit only: Whoosh's automaton for one insertion, deletion or change,
            # and each swap of two neighbouring letters after the first, looked up (the
            # automaton for two edits would also find swaps, but costs 2 to 4 ms more).
            near: set[str] = set(
                corrector.suggest(folded, limit=CORRECTION_CANDIDATES, maxdist=1, prefix=1)
            )
            for at in range(1, len(folded) - 1):
                swapped = folded[:at] + folded[at + 1] + folded[at] + folded[at + 2 :]
                if swapped != folded and reader.doc_frequency(SPELLING_FIELD, swapped) > 0:
                    near.add(swapped)
            # The most frequent, as Whoosh's corrector ranks them (the first of equals).
            frequency = reader.frequency
            best = min(near, key=lambda w: (-frequency(SPELLING_FIELD, w), w)) if near else None
        with self._lock:
            if len(self._corrections) >= CORRECTIONS_KEPT:
                self._corrections.clear()
            self._corrections[folded] = best
        return best

    def _last_word_known(self, text: str) -> bool:
        """The text ends with a whole word the index knows, or with punctuation after it
        ("cured?"): not a word still being typed."""
        ended = text.rstrip()
        if ended and ended[-1] in "?!.,;:)":
            return True
        words = list(_WORD.finditer(text))
        if not words or words[-1].end() != len(ended):
            return False
        word = words[-1].group(0)
        return self._known(self._searcher().reader(), word, fold(word))

    def _begins_known(self, reader: Any, folded: str) -> bool:
        """Some indexed word begins with ``folded`` (in any of its spellings)."""
        stem = canonical_spelling(folded, self._spellings)
        return any(
            next(iter(reader.expand_prefix(name, start)), None) is not None
            for name, start in ((SPELLING_FIELD, folded), ("body", stem), ("title", stem))
        )

    def _known(self, reader: Any, word: str, folded: str) -> bool:
        """A word is known as typed or in its analysed form (anemia ~ anaemia), or as one of
        the everyday words questions use ("pee", "jab"), which are not in the pages."""
        if reader.doc_frequency(SPELLING_FIELD, folded) > 0 or self._questions.knows(folded):
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
        offers_per_audience: bool = False,
    ) -> SearchOutcome:
        """Ranked results for ``text``; never raises on any user text.

        A question's first result offers more sections of its page (``SearchResult.also``).
        With ``offers_per_audience`` the first result for each audience does, so that a
        caller who filters the results to one audience itself shows its first with its own.

        A failure inside Whoosh is never taken for "nothing found": the whole index is
        read, and if that fails too the index is repaired (``on_damage``) and the search
        run again, or the outcome says that search is unavailable.
        """
        offers = offers_per_audience
        try:
            return self._search(text, limit, audience, prefix_last, correct, offers=offers)
        except Exception as exc:  # whoosh raises many kinds on damaged files
            reason = self._damage_after(exc)
        if not reason:
            return SearchOutcome(
                text, [], message="This search could not be run; the problem was logged."
            )
        if self.on_damage is not None:
            try:
                self._adopt(self.on_damage())
                return self._search(text, limit, audience, prefix_last, correct, offers=offers)
            except Exception as exc:  # the repair failed or the new index fails too
                reason = f"{reason}; repairing it failed ({exc.__class__.__name__}: {exc})"
        return SearchOutcome(
            text,
            [],
            message=f"Search is not available: the index is damaged ({reason}). Pages still work.",
            unavailable=reason,
        )

    def considered(self, text: str, limit: int = 8) -> list[tuple[ranking.Considered, str]]:
        """Every document the ``limit`` first results could have landed on, with its anchor
        ("" for a page's top), for the query ``search`` runs for ``text`` (corrected where
        search corrects it): for studying how results are chosen (benchmarks/study_ranker.py)."""
        trace: list[ranking.Considered] = []
        self._search(text, limit, None, False, True, trace)
        searcher = self._searcher()
        out = []
        for item in trace:
            stored = self._stored(searcher, item.document)
            out.append((item, _anchor(stored)))
        return out

    def _damage_after(self, failure: Exception) -> str:
        """Why the index is damaged, judged by reading all of it after ``failure``; "" if intact."""
        log.warning("a search failed inside the index: %r", failure)
        if self._read_whole_ok:
            return ""
        try:
            indexfiles.read_everything(self._ix)
        except Exception as exc:
            log.error("the search index is damaged: %r", exc)
            return f"{exc.__class__.__name__}: {exc}"
        self._read_whole_ok = True
        return ""

    def _adopt(self, fresh: SearchEngine) -> None:
        """Become ``fresh`` (a repaired engine): callers keep their reference to this one."""
        try:
            self.close()
        except Exception:  # a damaged index may fail to close; its files go with it
            pass
        self.__dict__.update(fresh.__dict__)

    def _search(
        self,
        text: str,
        limit: int,
        audience: str | None,
        prefix_last: bool,
        correct: bool,
        trace: list[ranking.Considered] | None = None,
        offers: bool = False,
    ) -> SearchOutcome:
        cleaned = clean(text)
        limit = max(1, min(int(limit), 100))
        if not cleaned:
            return SearchOutcome(text, [], message="Type a word to search the handbook.")
        # An unknown word adds nothing to a search, so a corrected query that finds
        # something is answered without also running the uncorrected one.
        # Without correction (the user chose "Search instead for …") the typed words are
        # searched as they are, and the suggestion is only offered ("Did you mean …?").
        if prefix_last and self._last_word_known(cleaned):
            # A whole word is searched as one, though typing may go on ("low", not "lower"):
            # as a prefix it would rank the words it begins beside it.
            prefix_last = False
        suggestion = self.suggest(cleaned, prefix_last)
        if suggestion == cleaned:
            suggestion = None
        if suggestion and correct:
            corrected_results = self._run(suggestion, limit, audience, prefix_last, trace, offers)
            if corrected_results:
                return SearchOutcome(
                    text,
                    corrected_results,
                    suggestion,
                    corrected=True,
                    highlight=self.term_matcher(suggestion),
                )
        results = self._run(cleaned, limit, audience, prefix_last, trace, offers)
        message = (
            ""
            if results
            else "Nothing found. Try fewer words, another spelling, or an abbreviation."
        )
        highlight = self.term_matcher(text)
        return SearchOutcome(text, results, suggestion, message=message, highlight=highlight)

    def _run(
        self,
        text: str,
        limit: int,
        audience: str | None,
        prefix_last: bool,
        trace: list[ranking.Considered] | None = None,
        offers: bool = False,
    ) -> list[SearchResult]:
        """Search for ``text``; ``offers``: the first result for each audience offers more
        of its page, not only the first of all (``ranking.rank``'s offer_each_audience)."""
        from whoosh import query as wq

        reading = self._questions.read(text)
        built = self._builder.build(parse(reading.text), prefix_last=prefix_last)
        if built is None:
            return []
        # What a question asks ("outlook", "side effects") only adds to the topic's score.
        asked = self._questions.intent_query(reading, self._analyzer.phrases)
        if asked is not None:
            built.query = wq.AndMaybe(built.query, asked)
        searcher, runner = self._thread_state()
        allowed = None
        if audience in ("clinician", "patient"):
            allowed = self._audience_documents(audience)
        # A failure here is judged by search(): damage, or a query Whoosh cannot run.
        hits = runner.run(built.query, allowed)
        if hits is None:  # a query shape the runner does not evaluate: Whoosh runs it
            filt = wq.Term("audience", audience) if allowed is not None else None
            hits = searcher.search(built.query.normalize(), limit=None, filter=filt, terms=True)
        return self._rank(hits, built, parse(text), limit, searcher, reading, trace, offers)

    def _rank(
        self,
        hits: Any,
        built: Any,
        parsed: Any,
        limit: int,
        searcher: Any,
        reading: Reading,
        trace: list[ranking.Considered] | None = None,
        offers: bool = False,
    ) -> list[SearchResult]:
        """One result per page, landing on its best section (``ranking.rank``)."""
        patient_wording = any(w.lower() in FIRST_PERSON for w in parsed.plain_words())
        resembles = (
            self._asked_questions(searcher).matches(reading.typed) if reading.question else {}
        )
        model = self._questions_model() if reading.question else None
        considered = trace if trace is not None else ([] if model is not None else None)
        ranked = ranking.rank(
            hits.top_n,
            hits.docterms,
            ranking.Columns(*self._columns()),
            built.concepts,
            self._concept_weights(built.concepts, searcher),
            reading,
            resembles,
            "patient" if patient_wording else "clinician",
            # The model chooses among the first eight results' documents, however few are asked for.
            max(limit, rerank.CONSIDERED_PAGES) if model is not None else limit,
            considered,
            offer_each_audience=offers,
        )
        if model is not None and considered:
            ranked = self._reranked(ranked, considered, model, reading, searcher, offers)[:limit]
        terms = self._body_terms(built.query, searcher)
        if reading.intents:  # the snippet shows the sentence that says what was asked
            terms = with_asked_words(terms, reading, self._stopwords)
        results = []
        for r in ranked:
            result = self._result(self._stored(searcher, r.landing), r.score, terms)
            if r.also:
                also = [
                    self._result(self._stored(searcher, d), r.score, terms, ALSO_SNIPPET_CHARS)
                    for d in r.also
                ]
                result = replace(result, also=tuple(also))
            results.append(result)
        return results

    def _questions_model(self) -> rerank.QuestionModel | None:
        """The question model, read once; None (and one warning) if it cannot be used."""
        if self._question_model is None:
            try:
                self._question_model = rerank.QuestionModel.load(self.index_dir / QUESTIONS_DIR)
            except VectorsError as exc:
                log.warning("questions are ranked without the question vectors: %s", exc)
                self._question_model = False
        model = self._question_model
        return model if isinstance(model, rerank.QuestionModel) else None

    def _reranked(
        self,
        ranked: list[ranking.Ranked],
        considered: list[ranking.Considered],
        model: rerank.QuestionModel,
        reading: Reading,
        searcher: Any,
        offers: bool,
    ) -> list[ranking.Ranked]:
        """``ranked`` with its first result opening the document the question model prefers
        among those its first results could open (``handbook.rerank``)."""
        items = [c for c in considered if c.page_rank <= rerank.CONSIDERED_PAGES]
        if not items or not ranked or any(rerank.asked_in_heading(c) for c in items):
            return ranked
        if rerank.keeps_first_page(reading):  # urgent help, or a handout: only its sections
            items = [c for c in items if c.page_rank == 1]
        rows = self._vector_rows(searcher, model)
        handouts = [item.page.startswith("handout-") for item in items]
        chosen = items[
            model.choose(reading.typed, items, [rows[c.document] for c in items], handouts)
        ]
        if chosen.landing and chosen.page_rank == 1:
            return ranked
        at = chosen.page_rank - 1
        if at == 0:  # the same page, another section: the one ranking chose is offered first
            kinds = self._columns()[1]
            before = ranked[0].landing
            offered = [before] if kinds[before] == "section" and ranked[0].also else []
            offered += [d for d in ranked[0].also if d not in (chosen.document, before)]
            also = tuple(offered[: ranking.ALSO_LINKS])
            return [replace(ranked[0], landing=chosen.document, also=also), *ranked[1:]]
        # Another page comes first: it opens on the chosen document and offers its next
        # sections as ranking would have; the old first keeps its offer only where the list
        # offers per audience and the two are for different audiences.
        audiences = self._columns()[2]
        page_items = [c for c in considered if c.page_rank == chosen.page_rank]
        also = ranking.offered_sections(page_items, chosen.document)
        first = replace(ranked[at], landing=chosen.document, also=also)
        old = ranked[0]
        if not (offers and audiences[old.landing] != audiences[chosen.document]):
            old = replace(old, also=())
        return [first, old, *(r for n, r in enumerate(ranked) if n not in (0, at))]

    def _vector_rows(self, searcher: Any, model: rerank.QuestionModel) -> list[int | None]:
        """Each Whoosh document's row in the question vectors, read from the index once."""
        if self._rows_of is None:
            reader = searcher.reader()
            rows: list[int | None] = [None] * reader.doc_count_all()
            for docnum, fields in reader.iter_docs():
                rows[docnum] = model.documents.keys.get((fields.get("page", ""), _anchor(fields)))
            self._rows_of = rows
        return self._rows_of

    def _stored(self, searcher: Any, docnum: int) -> dict[str, Any]:
        """A document's stored fields, kept once read (a result's page, heading and body)."""
        fields = self._stored_fields.get(docnum)
        if fields is None:
            fields = searcher.stored_fields(docnum)
            with self._lock:
                if len(self._stored_fields) >= STORED_KEPT:
                    self._stored_fields.clear()
                self._stored_fields[docnum] = fields
        return fields

    def _asked_questions(self, searcher: Any) -> AskedQuestions:
        """The questions sections answer, analysed once (on the first question searched)."""
        if self._asked is None:
            reader = searcher.reader()
            # Analysed by the build (``asked_terms``); an index without them, analysed here.
            documents = [
                (docnum, fields.get("asked_terms") or fields["asked"])
                for docnum, fields in reader.iter_docs()
                if fields.get("asked")
            ]
            self._asked = AskedQuestions(documents, self._analyze, self._stopwords)
        return self._asked

    def _columns(self) -> tuple[list[str], list[str], list[str]]:
        """Page id, kind and audience of every document, read from the columns once."""
        if self._doc_columns is None:
            reader = self._searcher().reader()
            pages, kinds, audiences = (
                list(reader.column_reader(name)) for name in ("page", "kind", "audience")
            )
            self._doc_columns = (pages, kinds, audiences)
        return self._doc_columns

    def _audience_documents(self, audience: str) -> frozenset[int]:
        """The documents written for ``audience``, gathered once per audience."""
        found = self._by_audience.get(audience)
        if found is None:
            audiences = self._columns()[2]
            found = frozenset(d for d, value in enumerate(audiences) if value == audience)
            self._by_audience[audience] = found
        return found

    def _concept_weights(self, concepts: list[Any], searcher: Any) -> list[float]:
        """Rarer concepts count for more (inverse document frequency over the body text)."""
        reader = searcher.reader()
        count = max(1, reader.doc_count())
        moderately_common = count // 20  # in one document in twenty
        weights = []
        for concept in concepts:
            if concept.lookups:
                frequency = max(
                    self._lookup_frequency(reader, tokens) for tokens in concept.lookups
                )
            else:
                frequency = max((reader.doc_frequency("body", t) for t in concept.terms), default=0)
            if concept.prefixes and not frequency:
                frequency = moderately_common  # an unfinished word
            if concept.terms and all(_NUMBER.fullmatch(term) for term in concept.terms):
                # A number is no rarer in meaning for being rare in the text: a count of
                # 0.3 in a question must not make the page with "0.3 mL" of a dose win.
                frequency = max(frequency, moderately_common)
            weights.append(math.log(1 + count / (1 + frequency)))
        return weights

    def _lookup_frequency(self, reader: Any, tokens: tuple[str, ...]) -> int:
        """Documents whose body holds this word or name (a phrase: at most its rarest word's)."""
        if len(tokens) == 1 or tokens in self._analyzer.phrases:
            return int(reader.doc_frequency("body", " ".join(tokens)))
        return min(int(reader.doc_frequency("body", token)) for token in tokens)

    def _body_terms(self, built: Any, searcher: Any) -> Highlight:
        """What a result's snippet marks: the body terms the query matched, phrases whole."""
        from whoosh import query as wq

        # Query.existing_terms() reuses its ``fieldname`` argument as a loop variable
        # and so drops every leaf after the first field; walk the leaves instead.
        reader = searcher.reader()
        words: set[str] = set()
        phrases: set[tuple[str, ...]] = set()
        try:
            for leaf in built.leaves():
                if isinstance(leaf, wq.Phrase):
                    if leaf.fieldname == "body":
                        phrases.add(tuple(leaf.words))
                    continue
                start = leaf.text if isinstance(leaf, wq.Prefix) else None
                for fieldname, value in leaf.expanded_terms(reader, phrases=True):
                    if fieldname != "body":
                        continue
                    text = value.decode("utf-8") if isinstance(value, bytes) else value
                    if start is not None:  # "pnh*" matched "pnh clone": only "pnh" is bold
                        words.update(w for w in text.split(" ") if w.startswith(start))
                    elif " " in text:  # a glossary name held as one token: bold only whole
                        phrases.add(tuple(text.split(" ")))
                    else:
                        words.add(text)
        except Exception:
            pass  # highlighting is a nicety; a plain snippet is shown without it
        return Highlight(frozenset(words), frozenset(phrases))

    def _result(
        self, hit: dict[str, Any], score: float, terms: Highlight, chars: int = 0
    ) -> SearchResult:
        chars = chars or SNIPPET_CHARS
        body = hit.get("body", "")
        marked = ""
        if terms and body:
            spans = terms.keep(body, self._analyzer.spans(body, terms.terms()))
            marked = snippet(body, spans, max_chars=chars, surround=70, top=2)
        if not marked:
            marked = opening(body, chars)
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
