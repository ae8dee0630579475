"""Reading questions typed in everyday words, and checking the vocabulary file that says how."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.build.problems import Problem
from handbook.build.questionwords import QUESTION_WORDS_FILE, read_question_words
from handbook.questions import QuestionReader, intent_bonus

REAL_RESOURCES = Path(__file__).resolve().parents[2] / "resources"

VOCABULARY = {
    "starts": ["can", "how", "what", "will", "is"],
    "filler_phrases": ["can you tell me"],
    "filler_words": ["can", "i", "my", "it", "is", "the", "be", "what", "how", "a", "with"],
    "words": [{"asks": ["pee"], "means": ["urine"]}],
    "intents": [
        {"asks": ["how long can you live"], "means": ["outlook", "prognosis"], "keep": False},
        {"asks": ["cured", "cure"], "means": ["cure", "remission"]},
        {"asks": ["what is"], "means": ["what"], "weight": 0.6, "keep": False, "top": True},
    ],
}


def words(text: str) -> list[str]:
    """A stand-in analyzer: lower-case words, 'cured' -> 'cure'."""
    return [{"cured": "cure"}.get(w, w) for w in text.lower().split()]


@pytest.fixture()
def reader() -> QuestionReader:
    return QuestionReader(VOCABULARY, words)


def test_question_keeps_its_topic_and_drops_the_way_of_asking(reader: QuestionReader) -> None:
    reading = reader.read("How long can you live with low risk MDS?")
    assert reading.question
    assert reading.text == "low risk MDS?"
    assert [intent.means for intent in reading.intents] == [(("outlook",), ("prognosis",))]


def test_the_handbooks_own_asked_word_stays_a_topic_word(reader: QuestionReader) -> None:
    reading = reader.read("can pure red cell aplasia be cured?")
    assert reading.text == "pure red cell aplasia cured?"
    assert reading.intents[0].means == (("cure",), ("remission",))


def test_a_question_of_nothing_but_what_it_asks_searches_those_words(
    reader: QuestionReader,
) -> None:
    assert reader.read("can it be cured?").text == "cured?"


def test_keyword_searches_are_left_as_typed(reader: QuestionReader) -> None:
    for text in ("PRCA cure", '"can you" tell', "MDS AND cure", "cur*"):
        reading = reader.read(text)
        assert (reading.text, reading.intents, reading.question) == (text, (), False)


def test_filler_phrases_numbers_go_but_the_handbooks_acronyms_in_capitals_stay(
    reader: QuestionReader,
) -> None:
    knows_it = QuestionReader(VOCABULARY, words, acronyms={"it"})
    assert knows_it.read("can you tell me what is IT at 70").text == "IT at"
    assert knows_it.read("can you tell me what is it at 70").text == "at"  # not in capitals
    # Capitals that are not one of the handbook's acronyms are the filler they spell.
    assert reader.read("can you tell me what is IT at 70").text == "at"
    assert reader.read("is my pee dark?").text == "pee dark?"  # everyday words stay for the lexicon


def test_what_is_asks_for_a_pages_opening(reader: QuestionReader) -> None:
    reading = reader.read("what is PNH")
    assert reading.opening and reading.text == "PNH"
    assert intent_bonus(reading, [], section=False) == pytest.approx(1.6)
    assert intent_bonus(reading, [], section=True) == 1.0


def test_a_section_heading_using_the_asked_words_is_lifted(reader: QuestionReader) -> None:
    reading = reader.read("how long can you live with MDS")
    heading = intent_bonus(reading, [("heading", "outlook")], section=True)
    body = intent_bonus(reading, [("body", "outlook")], section=True)
    top = intent_bonus(reading, [("heading", "outlook")], section=False)
    assert heading > body > top == 1.0


def test_an_index_without_question_words_reads_nothing() -> None:
    reader = QuestionReader.from_lexicon({"spellings": {}}, words)
    reading = reader.read("can it be cured?")
    assert (reading.text, reading.intents) == ("can it be cured?", ())
    assert not reader.knows("pee")


def test_the_vocabularys_words_are_known_to_spelling_correction(reader: QuestionReader) -> None:
    assert reader.knows("pee") and reader.knows("Cured") and not reader.knows("zebra")
    assert list(reader.everyday_words()) == [(["pee"], ["urine"])]


# -- the vocabulary file -------------------------------------------------------------


def test_the_shipped_vocabulary_compiles_and_every_entry_is_sourced() -> None:
    problems: list[Problem] = []
    data = read_question_words(REAL_RESOURCES / QUESTION_WORDS_FILE, REAL_RESOURCES, problems)
    assert problems == []
    assert len(data["intents"]) >= 20 and len(data["words"]) >= 20
    outlook = next(i for i in data["intents"] if "life expectancy" in i["asks"])
    assert {"outlook", "prognosis"} <= set(outlook["means"])
    assert "can you tell me" in data["filler_phrases"] and "my" in data["filler_words"]


def write_vocabulary(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "question-words.yml"
    path.write_text(
        "reviewed: 2026-12-02\nsources:\n  mesh: MeSH 2026.\nstarts: [can]\n"
        "filler:\n  phrases: [can you]\n  words: [my]\n" + body,
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "intents:\n  - asks: [survival]\n    means: [outlook]\n",
            "'source' must be a key of 'sources' or 'plain English' (got None)",
        ),
        (
            "words:\n  - asks: [pee]\n    means: [urine]\n    source: nowhere\n",
            "(got 'nowhere')",
        ),
        (
            "intents:\n  - asks: [cure]\n    means: [cure]\n    source: mesh\n    kep: false\n",
            "unknown key(s) kep",
        ),
        (
            "intents:\n  - asks: cure\n    means: [cure]\n    source: mesh\n",
            "must be lists of words",
        ),
    ],
)
def test_a_bad_entry_is_refused_with_its_line(tmp_path: Path, body: str, message: str) -> None:
    problems: list[Problem] = []
    data = read_question_words(write_vocabulary(tmp_path, body), tmp_path, problems)
    assert data == {}
    assert len(problems) == 1
    assert message in problems[0].message
    assert str(problems[0]).startswith("question-words.yml:9:")


def test_an_unquoted_no_in_yaml_is_named(tmp_path: Path) -> None:
    path = write_vocabulary(tmp_path, "")
    path.write_text(path.read_text().replace("words: [my]", "words: [my, no]"), encoding="utf-8")
    problems: list[Problem] = []
    assert read_question_words(path, tmp_path, problems) == {}
    assert "False is not a word (quote yes, no, on, off)" in problems[0].message


def test_a_missing_vocabulary_file_means_no_question_reading(tmp_path: Path) -> None:
    problems: list[Problem] = []
    assert read_question_words(tmp_path / "absent.yml", tmp_path, problems) == {}
    assert problems == []
