"""The shipped index: fresh against the sources, and answering as the CLI promises."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from handbook.catalog import Catalog
from handbook.manifest import check_fresh
from handbook.search import SearchEngine
from tests.helpers import REAL_INDEX, REAL_RESOURCES, ROOT


def handbook(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "handbook", *args], cwd=ROOT, capture_output=True, text=True
    )


def first_result(typed: str) -> dict[str, str]:
    """The one result ``handbook search TEXT --limit 1 --json`` prints (exactly one)."""
    done = handbook("search", typed, "--limit", "1", "--json")
    [result] = json.loads(done.stdout)["results"]
    return result  # type: ignore[no-any-return]


def test_index_matches_sources() -> None:
    # Fails when content or build code changed without 'handbook build' being re-run.
    manifest = check_fresh(REAL_INDEX, REAL_RESOURCES)
    assert manifest.pages >= 2


def test_build_check_command_agrees() -> None:
    done = handbook("build", "--check")
    assert done.returncode == 0, done.stderr
    assert "index is fresh" in done.stdout


def test_list_json_fields() -> None:
    done = handbook("list", "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    ids = {row["id"] for row in rows}
    assert {"pnh", "aplastic-anaemia"} <= ids
    for row in rows:
        assert set(row) >= {"id", "title", "section", "audience", "reviewed"}
        assert row["audience"] in ("clinician", "patient")
        assert len(row["reviewed"]) == 10 and row["reviewed"][4] == "-"


def test_search_pnh_json_puts_pnh_page_first() -> None:
    done = handbook("search", "PNH", "--json", "--limit", "5")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["query"] == "PNH"
    first = data["results"][0]
    assert first["page"] == "pnh"
    assert set(first) >= {"page", "title", "section", "anchor", "audience", "score", "snippet"}


def test_search_text_output_and_bad_index(tmp_path: pytest.TempPathFactory) -> None:
    done = handbook("search", "aplastic", "anaemia")
    assert done.returncode == 0 and "Aplastic anaemia" in done.stdout
    broken = handbook("--index", str(tmp_path), "search", "PNH")
    assert broken.returncode == 1
    assert broken.stderr.startswith("handbook: search is unavailable")
    assert "Traceback" not in broken.stderr


def test_version_names_content_version() -> None:
    done = handbook("--version")
    catalog = Catalog.load(REAL_INDEX)
    assert done.stdout.strip().endswith(f"(content version {catalog.content_version})")


def test_every_catalog_page_has_html() -> None:
    catalog = Catalog.load(REAL_INDEX)
    for page in catalog.ordered_pages():
        html = catalog.page_html(page.id)
        assert f"{page.title}" in html or page.title.replace("&", "&amp;") in html
        assert "Sources" in html


# What a clinician or a patient would type to find each page of the December 2026 edition.
NEW_PAGE_QUERIES = [
    ("who needs irradiated blood", "irradiated-components"),
    ("corrected count increment", "platelet-refractoriness"),
    ("ATG test dose", "atg-administration"),
    ("PNH pregnancy eculizumab dose", "pnh-pregnancy"),
    ("aplastic anaemia pregnancy relapse", "aa-pregnancy"),
    ("DDX41", "germline-predisposition"),
    ("VEXAS", "differential-diagnosis"),
    ("emergency department card", "emergency-department-card"),
    ("hospice end of life MDS", "palliative-care"),
    ("papaya leaf", "remedies-and-supplements"),
    ("alcohol with ciclosporin", "alcohol"),
    ("NICE funding complement inhibitor cost", "cost-and-access"),
    ("what changed in this edition", "whats-changed"),
]


@pytest.mark.parametrize(("query", "page"), NEW_PAGE_QUERIES)
def test_search_finds_the_new_pages(query: str, page: str) -> None:
    done = handbook("search", query, "--limit", "3", "--json")
    assert done.returncode == 0, done.stderr
    pages = [r["page"] for r in json.loads(done.stdout)["results"]]
    assert page in pages, (query, pages)


@pytest.mark.parametrize(
    ("query", "page"),
    [
        ("taking ciclosporin leaflet", "handout-ciclosporin"),
        ("eltrombopag leaflet", "handout-eltrombopag"),
        ("my treatment card", "handout-treatment-card"),
        ("PNH planning a pregnancy", "handout-pnh-pregnancy"),
        ("when to get help urgently child fever", "handout-get-help-urgently-child"),
        ("how long in hospital for a stem cell transplant", "handout-having-a-transplant"),
        ("leaflet on pure red cell aplasia", "handout-pure-red-cell-aplasia"),
        ("how long will I be on ciclosporin for red cell aplasia", "handout-pure-red-cell-aplasia"),
        ("my child has diamond blackfan anaemia", "handout-inherited-marrow-failure-child"),
        (
            "should our other children be tested for fanconi",
            "handout-inherited-marrow-failure-child",
        ),
    ],
)
def test_patients_find_the_new_handouts(query: str, page: str) -> None:
    done = handbook("search", query, "--limit", "3", "--audience", "patient", "--json")
    pages = [r["page"] for r in json.loads(done.stdout)["results"]]
    assert page in pages, (query, pages)


@pytest.mark.parametrize(
    ("closed", "hyphenated"),
    [
        ("antiemetic", "anti-emetic"),
        ("nonsevere", "non-severe"),
        ("cotrimoxazole", "co-trimoxazole"),
    ],
)
def test_closed_and_hyphenated_spellings_find_the_same(closed: str, hyphenated: str) -> None:
    def first(query: str) -> list[str]:
        done = handbook("search", query, "--limit", "3", "--json")
        assert done.returncode == 0, done.stderr
        return [f"{r['page']}#{r['anchor']}" for r in json.loads(done.stdout)["results"]]

    found = first(closed)
    assert found, closed
    assert found == first(hyphenated)


def test_antiemetic_finds_the_premedication_section() -> None:
    result = first_result("antiemetic before azacitidine")
    assert (result["page"], result["anchor"]) == (
        "azacitidine",
        "anti-emetic-premedication-for-azacitidine",
    )


def test_anaemic_finds_what_is_said_about_anaemia() -> None:
    # The stemmer leaves "anaemic" and "anaemia" apart; the glossary makes the one the other.
    done = handbook("search", "I am still anaemic on eculizumab, why?", "--limit", "3", "--json")
    found = [(r["page"], r["anchor"]) for r in json.loads(done.stdout)["results"]]
    assert ("complement-inhibitors", "extravascular-haemolysis-on-a-c5-inhibitor") in found


@pytest.mark.parametrize("drug", ["eculizumab", "eculizimab", "ravulizumab", "pegcetacoplan"])
def test_a_drugs_name_alone_opens_its_page_not_a_pregnancy_section(drug: str) -> None:
    # The PNH pregnancy page once had "eculizumab pregnancy" among its names, and the drug's
    # name alone (or misspelt) opened its section on eculizumab in pregnancy.
    result = first_result(drug)
    assert (result["page"], result["anchor"]) == ("complement-inhibitors", "")


def test_a_labels_neutropenia_grade_finds_the_ctcae_bands() -> None:
    result = first_result("what does grade 3 neutropenia mean")
    assert (result["page"], result["anchor"]) == (
        "neutropenia-anc",
        "ctcae-grades-in-drug-labels-and-trials",
    )
    page = (REAL_INDEX / "pages" / "neutropenia-anc.html").read_text(encoding="utf-8")
    assert "below 1.0, down to 0.5" in page  # CTCAE grade 3, the band called moderate


@pytest.mark.parametrize(
    "typed",
    [
        "do I go to A&E with a fever of 38.1",
        "my son has a fever and aplastic anaemia",
        "at what temperature should I ring the clinic",
    ],
)
def test_a_question_about_a_fever_finds_what_to_do_now(typed: str) -> None:
    # A fever in marrow failure is urgent: the first result says when and whom to call
    # (it once put survival by age, or "who gets aplastic anaemia", first).
    result = first_result(typed)
    assert result["page"] in {
        "handout-get-help-urgently",
        "red-flags",
        "febrile-neutropenia",
        "emergency-department-card",
    }, result


def test_a_question_about_a_disease_reaches_its_page_not_a_charity_named_after_it() -> None:
    result = first_result("will my daughter with fanconi get cancer")
    assert (result["page"], result["anchor"]) == (
        "fanconi-anaemia",
        "cancer-risk-in-fanconi-anaemia",
    )
    result = first_result("DBA support group")
    assert result["page"] == "support-organisations"  # asking for a group still finds them


def test_the_section_whose_asked_questions_match_lands() -> None:
    # From the staff set: the refractoriness page's work-up section is asked this nearly
    # word for word; the post-transfusion count section shares more of the question's words.
    typed = (
        "platelet increments poor after every transfusion, should we ask for HLA matched platelets"
    )
    result = first_result(typed)
    assert (result["page"], result["anchor"]) == ("platelet-refractoriness", "work-up")


@pytest.mark.parametrize(
    ("typed", "page", "anchor"),
    [
        # Staff shorthand: "neuts" and "temp" are neutrophils and a fever.
        ("neuts 0.3 and temp 38.5", "neutropenia-anc", "neutropenia-with-fever"),
        # A delayed infusion is a late dose.
        (
            "ravulizumab infusion delayed by a week",
            "complement-inhibitors",
            "stopping-or-missing-doses",
        ),
    ],
)
def test_staff_shorthand_finds_the_handbooks_words(typed: str, page: str, anchor: str) -> None:
    result = first_result(typed)
    assert (result["page"], result["anchor"]) == (page, anchor)


@pytest.mark.parametrize(
    ("typed", "page", "anchor"),
    [
        # "tell the difference" asks for the difference: the findings that separate them
        # (it once landed on the page's top).
        (
            "aplastic anaemia or hypoplastic MDS, how do we tell the difference",
            "aa-vs-hypoplastic-mds",
            "findings-that-help-separate-them",
        ),
        # "how often" asks about surveillance too, not only monitoring.
        (
            "how often should a child with SDS have a marrow",
            "shwachman-diamond-syndrome",
            "marrow-surveillance",
        ),
        # Asking when to send a test asks whom it is for; "Who to test for PNH" uses none
        # of "send", "flow" or "screen", but its asked questions match.
        ("when should we send PNH flow cytometry", "pnh-testing", "who-to-test-for-pnh"),
        # "What are" asks for a list, not a definition: the ranges themselves, not the
        # section on what the test measures (which "what is" lands on).
        (
            "what are the normal ranges for a full blood count",
            "fbc-reference-ranges",
            "adult-reference-ranges",
        ),
        # Counts "drop": the handbook says they fall. (Before, the rare word "drop" made
        # a PNH pregnancy handout's "what happens" first.)
        (
            "what happens if my platelets drop too low",
            "low-platelets-bleeding",
            "how-low-platelets-show-the-words-patients-use",
        ),
    ],
)
def test_the_way_a_question_asks_picks_the_section(typed: str, page: str, anchor: str) -> None:
    result = first_result(typed)
    assert (result["page"], result["anchor"]) == (page, anchor)


def test_capitals_that_are_not_the_handbooks_acronyms_are_the_words_they_spell() -> None:
    # "IT" is not one of the handbook's acronyms: it no longer matches every "it".
    # ("IT neutropenia" once put the grades of neutropenia first, "it neutropenia" not.)
    assert first_result("IT neutropenia") == first_result("it neutropenia")
    # WHO is: the classification, not "who gets MDS".
    result = first_result("WHO classification of MDS")
    assert (result["page"], result["anchor"]) == ("mds", "classification-who-2022-and-icc-2022")


def test_typing_a_whole_word_shows_what_enter_would() -> None:
    # The window searches as you type (the last word as a prefix) and Enter opens the first
    # result shown: a last word that is whole ("low", "ATG", "cured?") is searched as one.
    engine = SearchEngine.open(REAL_INDEX)
    try:
        for typed in ("gardening when my neutrophils are low", "ATG", "can PRCA be cured?"):
            typing = engine.search(typed, limit=3, prefix_last=True).results
            entered = engine.search(typed, limit=3).results
            assert [(r.page, r.anchor) for r in typing] == [(r.page, r.anchor) for r in entered]
        # A word still being typed still finds the words it begins.
        first = engine.search("neutrop", prefix_last=True).results[0]
        assert "neutropenia" in first.page
    finally:
        engine.close()


@pytest.mark.parametrize(
    ("typed", "wanted"),
    [
        # "been told she has" asks what MDS is, as "been told I have" did.
        ("my mum has just been told she has MDS, is it cancer?", ("handout-mds", "what-is-mds")),
        # "life expectancy" is the outlook, in a keyword search too: not hospice care.
        ("life expectancy MDS", ("prognosis", "myelodysplastic-syndromes-mds")),
        # "newly diagnosed" asks what it is: "newly" once found the new red cells (reticulocytes).
        ("my wife was newly diagnosed with PNH what is it", ("handout-pnh", "what-is-pnh")),
        # A handout is a leaflet: the patients' page, not the clinicians'.
        # Asking for a handout opens the handout from its start (a "leaflet" intent).
        ("do you have a handout on eltrombopag", ("handout-eltrombopag", "")),
        # Time to response is not the length of treatment.
        (
            "how long does ciclosporin take to work in pure red cell aplasia",
            ("handout-pure-red-cell-aplasia", "when-will-treatment-start-to-work"),
        ),
    ],
)
def test_what_a_family_asks_first_lands_on_the_answer(typed: str, wanted: tuple[str, str]) -> None:
    done = handbook("search", typed, "--limit", "2", "--json")
    results = json.loads(done.stdout)["results"]
    assert (results[0]["page"], results[0]["anchor"]) == wanted
    assert all(r["page"] != "palliative-care" for r in results)


def test_a_family_asking_about_a_sibling_match_gets_the_chance() -> None:
    done = handbook("search", "what is the chance my sister is a match for my transplant", "--json")
    first = json.loads(done.stdout)["results"][0]
    assert (first["page"], first["anchor"]) == (
        "handout-having-a-transplant",
        "how-is-a-donor-found",
    )
    assert "1 in 4 chance" in first["snippet"]  # the snippet shows the answer


def test_what_search_considered_includes_what_it_shows() -> None:
    """SearchEngine.considered (benchmarks/study_ranker.py): each first result shown is
    among the documents recorded for its page, marked as the one landed on."""
    engine = SearchEngine.open(REAL_INDEX)
    for typed in ("camitta", "anemai"):
        shown = engine.search(typed, limit=3).results
        considered = engine.considered(typed, limit=3)
        landed = [(item.page, anchor) for item, anchor in considered if item.landing]
        assert landed == [(r.page, r.anchor) for r in shown]
        assert {item.page_rank for item, _anchor in considered} == {1, 2, 3}
    # A question's first result is the reranker's choice among the considered documents
    # (handbook.rerank); the others are ranking's landings, in ranking's order.
    typed = "can pure red cell aplasia be cured"
    shown = engine.search(typed, limit=3).results
    considered = engine.considered(typed, limit=8)
    places = {(item.page, anchor) for item, anchor in considered}
    landed = [(item.page, anchor) for item, anchor in considered if item.landing]
    assert (shown[0].page, shown[0].anchor) in places
    assert [(r.page, r.anchor) for r in shown[1:]] == [p for p in landed if p[0] != shown[0].page][
        :2
    ]
    assert engine.considered("   ") == []
