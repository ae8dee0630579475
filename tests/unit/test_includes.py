"""Snippets: a shared fact is written once and included by every page that states it."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.build.builder import build
from handbook.build.problems import BuildFailed
from handbook.nobreak import plain
from tests.helpers import append_source

HANDOUT = "content/02-handouts/10-handout-bleeding.md"
PNH = "content/01-disorders/10-pnh.md"


def _snippet(
    resources: Path,
    name: str,
    body: str,
    audience: str = "patient",
    source: str = "NICE. CG151. 2012.",
) -> None:
    folder = resources / "snippets"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.md").write_text(
        f'---\ntitle: {name}\naudience: {audience}\nsources:\n  - "{source}"\n---\n{body}\n',
        encoding="utf-8",
    )


def _problems(resources: Path) -> list[str]:
    with pytest.raises(BuildFailed) as caught:
        build(resources, resources.parent / "index")
    return [str(p) for p in caught.value.problems]


def test_included_text_and_its_sources_appear_on_the_page(fixture_resources: Path) -> None:
    _snippet(
        fixture_resources,
        "fever",
        "A fever is a temperature of 38 °C or higher.",
        source="NICE. CG151 (test source). 2012.",
    )
    append_source(
        fixture_resources,
        HANDOUT,
        '\n{{snippet:fever}}\n\n!!! warning "Fever"\n    {{snippet:fever}}\n',
    )
    out = fixture_resources.parent / "index"
    build(fixture_resources, out)
    page = (out / "pages" / "handout-bleeding.html").read_text(encoding="utf-8")
    # plain(): "38 °C" is kept on one line with a no-break space (handbook/nobreak.py).
    assert plain(page).count("A fever is a temperature of 38 °C or higher.") == 2
    assert "{{snippet" not in page
    # The second copy sits inside the box, as the page's author placed it.
    assert page.index('class="callout warning"') < page.rindex("A fever is a temperature")
    assert "NICE. CG151 (test source). 2012." in page
    assert (
        page.count("NICE. CG151 (test source). 2012.") == 1
    )  # listed once, however often included


def test_unknown_snippet_is_refused_with_its_line(fixture_resources: Path) -> None:
    append_source(fixture_resources, HANDOUT, "\n{{snippet:no-such-fact}}\n")
    lines = (fixture_resources / HANDOUT).read_text(encoding="utf-8").splitlines()
    line = lines.index("{{snippet:no-such-fact}}") + 1
    problems = _problems(fixture_resources)
    assert any(
        p.startswith(f"resources/{HANDOUT}:{line}: unknown snippet 'no-such-fact'")
        for p in problems
    ), problems


def test_a_handout_cannot_include_clinician_wording(fixture_resources: Path) -> None:
    _snippet(fixture_resources, "thresholds", "Transfuse below 10 ×10⁹/L.", audience="clinician")
    append_source(fixture_resources, HANDOUT, "\n{{snippet:thresholds}}\n")
    assert any("snippet 'thresholds' is for clinicians" in p for p in _problems(fixture_resources))
    # A clinician page may include it.
    (fixture_resources / HANDOUT).write_text(
        (fixture_resources / HANDOUT)
        .read_text(encoding="utf-8")
        .replace("\n{{snippet:thresholds}}\n", ""),
        encoding="utf-8",
    )
    append_source(fixture_resources, PNH, "\n{{snippet:thresholds}}\n")
    build(fixture_resources, fixture_resources.parent / "index")


def test_include_inside_a_sentence_is_refused(fixture_resources: Path) -> None:
    _snippet(fixture_resources, "fever", "A fever is 38 °C.")
    append_source(fixture_resources, HANDOUT, "\nSee {{snippet:fever}} here.\n")
    assert any("must stand alone on its line" in p for p in _problems(fixture_resources))


def test_snippet_without_sources_or_including_another_is_refused(fixture_resources: Path) -> None:
    folder = fixture_resources / "snippets"
    folder.mkdir()
    (folder / "bare.md").write_text(
        "---\ntitle: Bare\naudience: patient\n---\nText.\n", encoding="utf-8"
    )
    _snippet(fixture_resources, "nested", "{{snippet:bare}}")
    problems = _problems(fixture_resources)
    assert any(p.startswith("resources/snippets/bare.md:1:") and "sources" in p for p in problems)
    assert any(
        p.startswith("resources/snippets/nested.md:") and "cannot include another" in p
        for p in problems
    )


def test_a_work_the_page_already_cites_is_not_listed_twice(fixture_resources: Path) -> None:
    # The page cites Parker 2005 in short form; the snippet cites it in full.
    _snippet(
        fixture_resources,
        "pnh-basics",
        "PNH is a clonal disorder.",
        audience="clinician",
        source=(
            "Parker C, Omine M, Richards S, et al. Diagnosis and management of PNH. "
            "Blood 2005;106:3699-3709."
        ),
    )
    append_source(fixture_resources, PNH, "\n{{snippet:pnh-basics}}\n")
    out = fixture_resources.parent / "index"
    build(fixture_resources, out)
    page = (out / "pages" / "pnh.html").read_text(encoding="utf-8")
    assert page.count("Parker C") == 1
