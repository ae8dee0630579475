"""One value per key fact: a page that gives a different value is refused at build time."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.build.builder import build, collect
from handbook.build.keyfacts import read_keyfacts, statements
from handbook.build.problems import BuildFailed
from tests.helpers import REAL_RESOURCES, append_source

HANDOUT = "content/02-handouts/10-handout-bleeding.md"
PNH = "content/01-disorders/10-pnh.md"
FACTS = """facts:
  - fact: iptacopan is taken twice a day
    about: '\\biptacopan\\b'
    window: 60
    expect: twice daily
    values:
      once daily: '\\bonce (?:a )?da(?:y|ily)\\b|\\bevery day\\b'
      twice daily: '\\btwice (?:a )?da(?:y|ily)\\b'
  - fact: a fever is 38 °C or higher
    audience: patient
    about: '\\bfever\\b'
    window: 40
    expect: '38'
    values:
      '38': '38 ?°C'
      'other': '(?:37\\.5|38\\.5|39) ?°C'
"""


def test_two_pages_giving_different_values_fail_the_build(fixture_resources: Path) -> None:
    (fixture_resources / "keyfacts.yml").write_text(FACTS, encoding="utf-8")
    append_source(fixture_resources, PNH, "\nIptacopan 200 mg is taken twice daily by mouth.\n")
    append_source(fixture_resources, HANDOUT, "\n| Iptacopan | Capsules by mouth | Every day |\n")
    build_ok = fixture_resources.parent / "index"
    with pytest.raises(BuildFailed) as caught:
        build(fixture_resources, build_ok)
    problems = [str(p) for p in caught.value.problems]
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"resources/{HANDOUT}:")
    assert "iptacopan is taken twice a day" in problems[0] and "'once daily'" in problems[0]
    assert "Every day" in problems[0]  # the sentence is quoted so the editor finds it


def test_fact_limited_to_an_audience(fixture_resources: Path) -> None:
    (fixture_resources / "keyfacts.yml").write_text(FACTS, encoding="utf-8")
    # Clinician pages may quote another guideline's threshold; handouts may not.
    append_source(
        fixture_resources,
        PNH,
        "\nIDSA defines fever as a single reading of 38.3 °C or above, or 38 °C for an hour.\n",
    )
    build(fixture_resources, fixture_resources.parent / "index")
    append_source(fixture_resources, HANDOUT, "\nA fever over 39 °C means you should call.\n")
    with pytest.raises(BuildFailed) as caught:
        build(fixture_resources, fixture_resources.parent / "index2")
    assert any("a fever is 38 °C or higher" in str(p) for p in caught.value.problems)


def test_a_broken_fact_list_is_reported(fixture_resources: Path) -> None:
    (fixture_resources / "keyfacts.yml").write_text(
        "facts:\n  - fact: no values\n    about: x\n", encoding="utf-8"
    )
    with pytest.raises(BuildFailed) as caught:
        build(fixture_resources, fixture_resources.parent / "index")
    assert any(str(p).startswith("resources/keyfacts.yml:2:") for p in caught.value.problems)


def test_the_handbook_states_each_key_fact_alike() -> None:
    """On the real content every statement of a key fact gives the one expected value."""
    sections, _glossary, _rendered, _asked = collect(REAL_RESOURCES)
    facts = read_keyfacts(REAL_RESOURCES / "keyfacts.yml", REAL_RESOURCES.parent, [])
    assert len(facts) >= 5
    seen: dict[str, set[str]] = {}
    for section in sections:
        for page in section.pages:
            for fact, value, _line, _unit in statements(facts, page):
                seen.setdefault(fact.fact, set()).add(value)
    assert all(len(values) == 1 for values in seen.values()), seen
    # The facts the review found stated differently are stated, and alike.
    assert seen["iptacopan is taken twice a day"] == {"twice daily"}
    assert seen["a fever is a temperature of 38 °C or higher (what patients are told)"] == {"38"}
