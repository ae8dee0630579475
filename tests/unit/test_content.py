"""The handbook's content meets its own rules: coverage, sources, handouts in plain words."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from handbook.build.builder import collect
from handbook.build.readability import measure
from handbook.build.render import render_markdown
from handbook.build.sources import SourcePage
from handbook.catalog import Catalog
from tests.helpers import REAL_INDEX, REAL_RESOURCES, ROOT

CONTENT = REAL_RESOURCES / "content"
HANDOUTS = sorted(p for p in (CONTENT / "09-handouts").glob("*.md") if not p.name.startswith("_"))
SEED_TOOL = ROOT.parent / "shared" / "tools" / "seed_overlap.py"


def body(path):  # type: ignore[no-untyped-def]
    return path.read_text(encoding="utf-8").split("---", 2)[2]


@pytest.fixture(scope="module")
def expanded() -> dict[str, SourcePage]:
    """Every page as the build reads it: snippets included, their sources added."""
    sections, _glossary, _rendered, _asked = collect(REAL_RESOURCES)
    return {page.id: page for section in sections for page in section.pages}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load(REAL_INDEX)


def test_required_topics_have_pages(catalog: Catalog) -> None:
    required = {
        "bone-marrow-and-blood-cells",
        "what-is-bone-marrow-failure",
        "pancytopenia",
        "failure-vs-myelosuppression",
        "epidemiology",
        "aplastic-anaemia",
        "aa-severity-criteria",
        "mds",
        "mds-risk-scoring",
        "pnh",
        "pure-red-cell-aplasia",
        "fanconi-anaemia",
        "dyskeratosis-congenita",
        "diamond-blackfan-anaemia",
        "shwachman-diamond-syndrome",
        "gata2-deficiency",
        "aa-vs-hypoplastic-mds",
        "causes-overview",
        "drugs-chemicals-radiation",
        "viral-causes",
        "immune-mediated-marrow-failure",
        "symptoms",
        "red-flags",
        "febrile-neutropenia",
        "diagnostic-workup",
        "fbc-reference-ranges",
        "bone-marrow-biopsy",
        "pnh-testing",
        "inherited-testing",
        "cytogenetics-and-ngs",
        "imaging-and-hla",
        "supportive-care",
        "platelet-transfusion",
        "iron-overload",
        "immunosuppressive-therapy",
        "hsct",
        "complement-inhibitors",
        "meningococcal-vaccination",
        "luspatercept",
        "lenalidomide",
        "azacitidine",
        "imetelstat",
        "emerging-therapies",
        "prognosis",
        "daily-life",
        "vaccinations",
        "emotional-support",
        "support-organisations",
        "faq",
        "glossary",
    }
    assert required <= set(catalog.pages)


def test_every_page_cites_sources_and_a_review_date(catalog: Catalog) -> None:
    for page in catalog.pages.values():
        assert page.sources, page.id
        assert len(page.reviewed) == 10, page.id


def test_at_least_ten_handouts_in_plain_words(expanded: dict[str, SourcePage]) -> None:
    assert len(HANDOUTS) >= 10
    for path in HANDOUTS:
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])
        assert meta["audience"] == "patient", path.name
        # Measured as printed: with the shared snippets it includes.
        level = measure(expanded[path.stem.split("-", 1)[1]].body)
        # Reading age 11-13 or easier: Flesch-Kincaid grade 8 at most.
        assert level.grade <= 8.0, f"{path.name}: grade {level.grade:.1f}"
        # One or two printed pages.
        assert 300 <= level.words <= 900, f"{path.name}: {level.words} words"


def test_glossary_size_and_spellings() -> None:
    data = yaml.safe_load((REAL_RESOURCES / "glossary.yml").read_text(encoding="utf-8"))
    assert len(data["entries"]) >= 80
    pairs = {tuple(g[:2]) for g in data["spellings"]}
    for pair in [
        ("anaemia", "anemia"),
        ("haemoglobin", "hemoglobin"),
        ("leukaemia", "leukemia"),
        ("ciclosporin", "cyclosporine"),
    ]:
        assert pair in pairs


def test_three_diagrams_are_used() -> None:
    used = set()
    for path in CONTENT.rglob("*.md"):
        used.update(src for src in render_markdown(body(path)).images if src.endswith(".svg"))
    assert {
        "images/blood-cell-tree.svg",
        "images/workup-pathway.svg",
        "images/saa-treatment-pathway.svg",
    } <= used


def test_urgent_handout_shows_the_clinic_number() -> None:
    text = body(CONTENT / "09-handouts" / "60-handout-get-help-urgently.md")
    assert "{{clinic_phone}}" in text


EMERGENCY_HANDOUTS = (
    "handout-get-help-urgently",
    "handout-get-help-urgently-child",
    "handout-pnh",
    "handout-complement-inhibitors",
    "handout-treatment-card",
)


@pytest.mark.parametrize("page_id", EMERGENCY_HANDOUTS)
def test_true_emergencies_go_to_the_emergency_number(
    expanded: dict[str, SourcePage], page_id: str
) -> None:
    """Chest pain, fits and suspected meningococcal sepsis are not sent to a clinic phone line."""
    text = expanded[page_id].body
    assert "{{emergency_number}}" in text, page_id
    for line in text.splitlines():
        lowered = line.lower()
        if any(word in lowered for word in ("chest pain", "a fit", "seizure", "meningococcal")):
            # A line naming a true emergency never tells the reader to phone the clinic instead.
            assert "{{clinic_phone}}" not in line or "{{emergency_number}}" in line, (page_id, line)


def test_every_handout_gives_the_same_fever_rule(expanded: dict[str, SourcePage]) -> None:
    """Handouts that talk about fever say what a fever is: 38 °C or higher (review W7, C4)."""
    for page in expanded.values():
        if page.audience == "patient" and "fever" in page.body.lower():
            assert "38 °C" in page.body, page.id


def test_new_pages_of_the_december_2026_edition(catalog: Catalog) -> None:
    wanted = {
        "irradiated-components",
        "platelet-refractoriness",
        "atg-administration",
        "pnh-pregnancy",
        "aa-pregnancy",
        "germline-predisposition",
        "differential-diagnosis",
        "emergency-department-card",
        "palliative-care",
        "common-side-effects",
        "remedies-and-supplements",
        "alcohol",
        "cost-and-access",
        "handout-ciclosporin",
        "handout-eltrombopag",
        "handout-pnh-pregnancy",
        "handout-treatment-card",
        "handout-get-help-urgently-child",
        "whats-changed",
    }
    in_sidebar = {pid for section in catalog.sections for pid in section.page_ids}
    assert wanted <= in_sidebar, sorted(wanted - in_sidebar)


@pytest.mark.skipif(not SEED_TOOL.is_file(), reason="shared/ tools are not beside this checkout")
def test_no_long_passage_shared_with_the_seed() -> None:
    done = subprocess.run(
        [sys.executable, str(SEED_TOOL), str(CONTENT), "--fail-at", "12"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    snippets = subprocess.run(
        [sys.executable, str(SEED_TOOL), str(REAL_RESOURCES / "snippets"), "--fail-at", "12"],
        capture_output=True,
        text=True,
    )
    assert snippets.returncode == 0, snippets.stdout[-2000:]
