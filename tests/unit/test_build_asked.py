"""handbook.build.asked: the reviewed file of questions each section answers."""

from __future__ import annotations

from pathlib import Path

from handbook.build.asked import asked_field, read_asked
from handbook.build.problems import Problem

ANCHORS = {"pnh": {"who-gets-pnh", "thrombosis"}, "faq": {"can-it-be-cured"}}


def _read(tmp_path: Path, text: str, name: str = "a.yml") -> tuple[dict[str, list[str]], list[str]]:
    folder = tmp_path / "asked"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    found = read_asked(folder, tmp_path, ANCHORS, problems)
    return found, [str(p) for p in problems]


def test_questions_go_to_their_section_and_top_to_the_page(tmp_path: Path) -> None:
    found, problems = _read(
        tmp_path,
        "pnh:\n  top:\n    - what is pnh\n  who-gets-pnh:\n    - how rare is pnh\n"
        "    - who gets   pnh\n",
    )
    assert problems == []
    assert found == {
        "pnh": ["what is pnh"],
        "pnh#who-gets-pnh": ["how rare is pnh", "who gets pnh"],
    }
    assert asked_field(found["pnh#who-gets-pnh"]) == "how rare is pnh ; who gets pnh"


def test_unknown_page_and_section_are_named_with_their_line(tmp_path: Path) -> None:
    _found, problems = _read(
        tmp_path, "pnh:\n  nowhere:\n    - what\nnot-a-page:\n  top:\n    - what\n"
    )
    assert any("a.yml:2" in p and "no section 'nowhere'" in p for p in problems)
    assert any("a.yml:4" in p and "'not-a-page' is not a page id" in p for p in problems)


def test_the_same_question_for_two_sections_of_one_page_is_refused(tmp_path: Path) -> None:
    _read(tmp_path, "pnh:\n  thrombosis:\n    - Can PNH cause clots?\n", "a.yml")
    found, problems = _read(tmp_path, "pnh:\n  who-gets-pnh:\n    - can pnh cause clots\n", "b.yml")
    assert found == {"pnh#thrombosis": ["Can PNH cause clots?"]}
    assert len(problems) == 1 and "b.yml:2" in problems[0] and "pnh#thrombosis" in problems[0]
    # Another page (a handout and its clinician page) may answer the same question.
    found, problems = _read(
        tmp_path, "faq:\n  can-it-be-cured:\n    - can pnh cause clots\n", "b.yml"
    )
    assert problems == [] and found["faq#can-it-be-cured"] == ["can pnh cause clots"]


def test_bad_yaml_and_non_text_questions_are_refused(tmp_path: Path) -> None:
    _found, problems = _read(tmp_path, "pnh: [unclosed\n")
    assert problems and "invalid YAML" in problems[0]
    _found, problems = _read(tmp_path, "pnh:\n  thrombosis:\n    - yes\n    - 12\n", "a.yml")
    assert len(problems) == 2 and all("is not a question" in p for p in problems)
    _found, problems = _read(tmp_path, "pnh:\n  thrombosis: just text\n", "a.yml")
    assert any("needs a list of questions" in p for p in problems)


def test_no_folder_means_no_questions(tmp_path: Path) -> None:
    problems: list[Problem] = []
    assert read_asked(tmp_path / "missing", tmp_path, ANCHORS, problems) == {}
    assert problems == []
