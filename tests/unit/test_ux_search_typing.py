"""Search as it is typed: a typo is corrected at once, snippets bold only what matched."""

from __future__ import annotations

import re

import pytest

from handbook.analysis import text_analyzer
from handbook.search import SearchEngine
from handbook.snippets import CUT, MARK_CLOSE, MARK_OPEN, Highlight, opening, snippet
from tests.helpers import REAL_INDEX

ANALYZER = text_analyzer({"anaemia": "anemia"}, ["mds"])


@pytest.fixture(scope="module")
def engine() -> SearchEngine:
    return SearchEngine.open(REAL_INDEX)


def bold_words(snippet_html: str) -> set[str]:
    return {w.lower() for w in re.findall(r"<b>(.*?)</b>", snippet_html)}


# -- correction while typing (the window searches the last word as a prefix) ---------
@pytest.mark.parametrize(
    ("typed", "meant"),
    [("aplastik", "aplastic"), ("transfusoin", "transfusion"), ("aplastic anemai", "anemia")],
)
def test_a_typo_is_corrected_while_typing(engine: SearchEngine, typed: str, meant: str) -> None:
    outcome = engine.search(typed, prefix_last=True)
    assert outcome.corrected and outcome.suggestion is not None
    assert meant in outcome.suggestion
    assert outcome.results, f"nothing shown while typing {typed!r}"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("ciclosporinn levles", "ciclosporin levels"),  # "levles": a swap, one edit
        ("trasnfusion", "transfusion"),
        ("thromobcytopenia", "thrombocytopenia"),
        ("desferioxamine", "desferrioxamine"),
    ],
)
def test_a_swap_of_two_letters_counts_as_one_typo(
    engine: SearchEngine, typed: str, meant: str
) -> None:
    outcome = engine.search(typed)
    assert outcome.corrected and outcome.suggestion == meant


@pytest.mark.parametrize(
    "question",
    [
        "bruises everywhere and I dont remember bumping myself",  # was "burning myself"
        "my wife has a temperature of 38.2 tonight, do we go to A&E",  # was "tight"
        "how long after ATG before we can say it has or hasnt worked",  # was "hasn"
    ],
)
def test_an_everyday_word_is_not_corrected_into_another_word(
    engine: SearchEngine, question: str
) -> None:
    outcome = engine.search(question)
    assert outcome.suggestion is None and not outcome.corrected
    assert outcome.results


def test_a_long_word_with_two_typos_is_still_corrected(engine: SearchEngine) -> None:
    outcome = engine.search("eltrombopeg dosse")  # two words, one typo each
    assert outcome.suggestion == "eltrombopag dose"
    outcome = engine.search("lenalidimde")  # two typos in one long word
    assert outcome.corrected and outcome.suggestion == "lenalidomide"


def test_a_correction_is_worked_out_once_while_typing(engine: SearchEngine) -> None:
    engine.clear_caches()
    searcher = engine._searcher()
    corrector = type(searcher.corrector("spell"))
    calls: list[str] = []
    original = corrector.suggest

    def counted(self: object, text: str, **kwargs: object) -> list[str]:
        calls.append(text)
        return original(self, text, **kwargs)  # type: ignore[arg-type]

    corrector.suggest = counted  # type: ignore[method-assign]
    try:
        for typed in ("aplastik a", "aplastik an", "aplastik ane", "aplastik anaemia"):
            assert engine.search(typed, prefix_last=True).suggestion is not None
    finally:
        corrector.suggest = original  # type: ignore[method-assign]
    assert calls.count("aplastik") == 1


@pytest.mark.parametrize("typed", ["anaem", "haemog", "ciclo", "eltromb", "thrombocytop"])
def test_an_unfinished_word_is_not_corrected(engine: SearchEngine, typed: str) -> None:
    outcome = engine.search(typed, prefix_last=True)
    assert not outcome.corrected and outcome.suggestion is None
    assert outcome.results


def test_search_instead_searches_the_typed_words_and_still_offers_the_correction(
    engine: SearchEngine,
) -> None:
    outcome = engine.search("aplastik", correct=False)
    assert not outcome.corrected and not outcome.results
    assert outcome.suggestion == "aplastic"  # shown as "Did you mean aplastic?"


# -- snippets ------------------------------------------------------------------------
def test_pnh_snippets_bold_only_what_matched(engine: SearchEngine) -> None:
    outcome = engine.search("PNH", limit=30, prefix_last=True)
    bold = set().union(*(bold_words(r.snippet_html) for r in outcome.results))
    assert "pnh" in bold
    # "syndromes" (from the synonym "Marchiafava-Micheli syndrome") and "clone" (from
    # the glossary name "PNH clone") did not match the query on their own.
    assert not bold & {"syndromes", "clone", "clones"}
    for result in outcome.results:  # the synonym itself is bold, whole
        lone = result.snippet_html.replace("<b>Marchiafava-Micheli</b> <b>syndrome</b>", "")
        assert "<b>syndrome</b>" not in lone


def test_a_phrase_is_bold_only_where_it_is_whole() -> None:
    text = "Myelodysplastic syndromes are common. Marchiafava-Micheli syndrome is PNH."
    found = ANALYZER.spans(text, frozenset({"marchiafava-micheli", "syndrome", "pnh"}))
    words = {t for _s, _e, t in found}
    highlight = Highlight(frozenset({"pnh"}), frozenset({("marchiafava-micheli", "syndrome")}))
    kept = highlight.keep(text, found)
    marked = [text[s:e] for s, e, _t in kept]
    assert "syndrome" in words  # found in both places
    assert marked == ["Marchiafava-Micheli", "syndrome", "PNH"]


def test_a_cut_passage_ends_on_a_word_with_an_ellipsis() -> None:
    filler = " ".join(f"word{i}" for i in range(60))
    text = f"{filler} the platelet count, {filler}"
    marked = snippet(text, ANALYZER.spans(text, frozenset({"platelet"})), max_chars=120)
    plain = marked.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")
    assert plain.startswith(CUT) and plain.endswith(CUT)
    for edge in (plain[1:].split()[0], plain[:-1].split()[-1]):
        assert edge in text.split(), f"{edge!r} is not a whole word"
    assert not plain[:-1].endswith((",", " "))
    whole = "Platelets are low."
    assert snippet(whole, ANALYZER.spans(whole, frozenset({"platelet"}))).count(CUT) == 0


def test_the_opening_is_cut_at_a_word() -> None:
    text = "Aplastic anaemia is rare, and it is treated " * 10
    cut = opening(text, 60)
    assert cut.endswith(CUT) and len(cut) <= 61
    assert cut[:-1].split()[-1] in text.split()
    assert opening("short", 60) == "short"
