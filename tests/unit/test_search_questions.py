"""Questions typed the way patients and nurses ask them, on a small built handbook.

The corpus is written here; the vocabulary is the shipped one
(``resources/search/question-words.yml``), so these tests also check that it works.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handbook.build.builder import build
from handbook.build.questionwords import QUESTION_WORDS_FILE
from handbook.search import SearchEngine

REAL_RESOURCES = Path(__file__).resolve().parents[2] / "resources"
GLOSSARY = """title: Glossary
reviewed: 2026-12-02
sources:
  - "Test source."
spellings:
  - [anaemia, anemia]
  - [leukaemia, leukemia]
  - [ciclosporin, cyclosporine, cyclosporin]
entries:
  - term: PRCA
    expansion: Pure red cell aplasia
    definition: Failure of red cell production alone.
    page: pure-red-cell-aplasia
  - term: MDS
    expansion: Myelodysplastic syndromes
    definition: Clonal marrow disorders.
    page: mds
  - term: AML
    expansion: Acute myeloid leukaemia
    definition: A blood cancer.
"""

PAGES = {
    "01-disorders/10-pure-red-cell-aplasia.md": (
        "Pure red cell aplasia (PRCA)",
        "An isolated failure of red cell production.",
        {
            "What PRCA is": "Only the red cell line fails; white cells and platelets are normal.",
            "Treatment of PRCA": "Ciclosporin is the treatment of choice for idiopathic PRCA.",
            "Outlook": "Most people recover once the cause is removed. Drug-related PRCA "
            "often settles after the drug is stopped.",
        },
    ),
    "01-disorders/20-mds.md": (
        "Myelodysplastic syndromes (MDS)",
        "Clonal marrow disorders of older adults.",
        {
            "What MDS is": "A clone of stem cells makes blood cells that mature badly.",
            "Progression and the risk of AML": "Some patients with MDS progress to acute "
            "myeloid leukaemia; the risk score estimates how many.",
            "Outlook in MDS": "Median survival ranges from months to many years with MDS, "
            "depending on the risk group.",
        },
    ),
    "02-drugs/10-ciclosporin.md": (
        "Ciclosporin",
        "A calcineurin inhibitor used in aplastic anaemia.",
        {
            "How to take it": "Take ciclosporin twice a day, twelve hours apart.",
            "Side effects and what to do": "Tremor and gum overgrowth are common with "
            "ciclosporin; check the level.",
            "How long to continue and how to stop": "Keep taking ciclosporin for a year "
            "after the best response, then taper slowly.",
        },
    ),
    "03-living/10-faq.md": (
        "Frequently asked questions",
        "Short answers to the questions patients ask.",
        {
            "Can it be cured?": "Sometimes: a stem cell transplant can cure bone marrow "
            "failure, and other treatment often controls it.",
            "Is it inherited?": "Usually not: most bone marrow failure is acquired.",
        },
    ),
    "03-living/20-daily-life.md": (
        "Daily life with low blood counts",
        "Practical precautions for people with low counts.",
        {
            "Pets and animals": "Most people can keep their pets; wash hands after touching "
            "them and let someone else clean the litter tray.",
            "Exercise and sport": "Avoid contact sports while platelets are low.",
        },
    ),
}


def page_source(title: str, summary: str, sections: dict[str, str]) -> str:
    body = "\n\n".join(f"## {heading}\n\n{text}" for heading, text in sections.items())
    return (
        f'---\ntitle: "{title}"\naudience: clinician\nreviewed: 2026-12-02\n'
        f'summary: "{summary}"\nsources:\n  - "Test source."\n---\n{body}\n'
    )


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    base = tmp_path_factory.mktemp("questions")
    resources = base / "resources"
    (resources / "content").mkdir(parents=True)
    (resources / "glossary.yml").write_text(GLOSSARY, encoding="utf-8")
    (resources / "search").mkdir()
    shutil.copy(REAL_RESOURCES / QUESTION_WORDS_FILE, resources / QUESTION_WORDS_FILE)
    for rel, (title, summary, sections) in PAGES.items():
        path = resources / "content" / rel
        if not path.parent.exists():
            path.parent.mkdir(parents=True)
            (path.parent / "_section.md").write_text(
                f"---\ntitle: {path.parent.name[3:].title()}\n---\n", encoding="utf-8"
            )
        path.write_text(page_source(title, summary, sections), encoding="utf-8")
    build(resources, base / "index")
    return SearchEngine.open(base / "index")


def first(engine: SearchEngine, text: str) -> tuple[str, str]:
    results = engine.search(text).results
    assert results, f"nothing found for {text!r}"
    return results[0].page, results[0].anchor


def test_the_disease_in_the_question_decides(engine: SearchEngine) -> None:
    assert first(engine, "can pure red cell aplasia be cured?") == (
        "pure-red-cell-aplasia",
        "outlook",
    )


def test_a_question_without_a_disease_may_land_on_the_faq(engine: SearchEngine) -> None:
    assert first(engine, "can it be cured?") == ("faq", "can-it-be-cured")


def test_life_expectancy_words_find_the_outlook(engine: SearchEngine) -> None:
    assert first(engine, "how long can you live with MDS?") == ("mds", "outlook-in-mds")
    assert first(engine, "life expectancy with mds?") == ("mds", "outlook-in-mds")


def test_turning_into_leukaemia_finds_progression(engine: SearchEngine) -> None:
    assert first(engine, "will my mds turn into leukemia") == (
        "mds",
        "progression-and-the-risk-of-aml",
    )


def test_side_effects_land_on_the_section_and_the_snippet_answers(
    engine: SearchEngine,
) -> None:
    result = engine.search("what are the side effects of ciclosporin?").results[0]
    assert (result.page, result.anchor) == ("ciclosporin", "side-effects-and-what-to-do")
    assert "Tremor" in result.snippet


def test_everyday_words_find_the_handbooks_words(engine: SearchEngine) -> None:
    outcome = engine.search("can I keep my cat while on treatment?")
    assert outcome.suggestion is None  # "cat" is not "corrected" into another word
    assert (outcome.results[0].page, outcome.results[0].anchor) == (
        "daily-life",
        "pets-and-animals",
    )


def test_filler_does_not_outweigh_the_topic(engine: SearchEngine) -> None:
    assert first(engine, "can you tell me how long to take ciclosporin for") == (
        "ciclosporin",
        "how-long-to-continue-and-how-to-stop",
    )


def test_keywords_are_searched_as_typed(engine: SearchEngine) -> None:
    assert first(engine, "PRCA outlook") == ("pure-red-cell-aplasia", "outlook")
    assert first(engine, "ciclosporin tremor") == ("ciclosporin", "side-effects-and-what-to-do")
