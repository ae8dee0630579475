"""Build problems as ``file:line: message``, all reported at once (handbook/build/problems.py)."""

from __future__ import annotations

from pathlib import Path

from handbook.build.problems import BuildFailed, Problem, display_path


def test_a_problem_reads_like_a_compiler_message() -> None:
    assert (
        str(Problem("content/pnh.md", 12, "unknown page 'x'"))
        == "content/pnh.md:12: unknown page 'x'"
    )


def test_the_failure_lists_every_problem_in_file_and_line_order() -> None:
    failure = BuildFailed(
        [
            Problem("b.md", 1, "second file"),
            Problem("a.md", 9, "later"),
            Problem("a.md", 2, "early"),
        ]
    )
    assert [str(p) for p in failure.problems] == [
        "a.md:2: early",
        "a.md:9: later",
        "b.md:1: second file",
    ]
    assert (
        str(failure)
        == "a.md:2: early\na.md:9: later\nb.md:1: second file\nbuild refused: 3 problems"
    )
    assert str(BuildFailed([Problem("a.md", 1, "one")])).endswith("build refused: 1 problem")


def test_paths_are_shown_from_the_base_with_forward_slashes(tmp_path: Path) -> None:
    assert display_path(tmp_path / "content" / "pnh.md", tmp_path) == "content/pnh.md"
    outside = tmp_path.parent / "elsewhere.md"
    assert display_path(outside, tmp_path) == str(outside)
    assert display_path(outside, None) == str(outside)
