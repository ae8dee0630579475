"""The "for this patient" details: checked with messages that name the field, printed in a box."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handbook.catalog import Catalog
from handbook.clinicprofile import ClinicProfile
from handbook.patient import (
    PatientDetails,
    PatientInputError,
    details_from,
    parse_counts,
    values_from_file,
)
from handbook.patientbox import LONG_LINE, patient_box_html
from handbook.printjob import PrintOptions, compose_job
from tests.helpers import REAL_INDEX

URGENT = "handout-get-help-urgently"


def problems(values: dict[str, object]) -> list[str]:
    with pytest.raises(PatientInputError) as caught:
        details_from(values)
    return caught.value.problems


def test_counts_with_units_as_typed() -> None:
    details = details_from(
        {"hb": "91 g/L", "anc": "0,4", "plt": "18 x10^9/L", "call_temperature": "100.4F"}
    )
    assert details.hb is not None and details.hb.text() == "91 g/L"
    assert details.anc is not None and details.anc.text() == "0.4 ×10⁹/L"
    assert details.plt is not None and details.plt.text() == "18 ×10⁹/L"
    assert details.call_temperature is not None and details.call_temperature.text() == "100.4 °F"


def test_a_bare_haemoglobin_takes_the_unit_its_size_means() -> None:
    # UK result slips print g/L (91), others g/dL (9.1): both typed bare are understood.
    assert details_from({"hb": "91"}).hb.text() == "91 g/L"  # type: ignore[union-attr]
    assert details_from({"hb": "9.1"}).hb.text() == "9.1 g/dL"  # type: ignore[union-attr]


def test_every_problem_names_the_field_the_value_and_the_range() -> None:
    found = problems(
        {"hb": "300", "anc": "lots", "plt": "18 mg", "call_temperature": "45", "date": "14/01/27"}
    )
    assert "Haemoglobin (hb): 300 g/dL is outside 1 to 25 g/dL" in found
    assert "Neutrophils (anc): 'lots' is not a number; give 0 to 30 ×10⁹/L" in found
    assert "Platelets (plt): unknown unit 'mg'; give 0 to 2000 ×10⁹/L" in found
    assert any(
        p.startswith("Temperature to call at: 45 °C is outside 37 to 39.5 °C") for p in found
    )
    assert any(p.startswith("Date: '14/01/27' is not a date") for p in found)


def test_text_fields_are_bounded_and_one_line() -> None:
    assert problems({"name": "x" * 81}) == ["Name: 81 characters; at most 80 fit on the sheet"]
    assert problems({"next_appointment": "Tuesday\nWednesday"})[0].startswith("Next appointment")
    assert problems({"medicines": [f"m{n}" for n in range(13)]}) == [
        "Medicines: 13 given; at most 12 fit"
    ]
    assert problems({"name": "Ann\x00"})[0].startswith("Name:")


def test_counts_option_text() -> None:
    assert parse_counts("hb=9.1,anc=0.4;plt=18") == {"hb": "9.1", "anc": "0.4", "plt": "18"}
    assert parse_counts("Haemoglobin=9, platelets=20") == {"hb": "9", "plt": "20"}
    with pytest.raises(ValueError, match="'wbc=3' is not one of hb"):
        parse_counts("hb=9,wbc=3")


def test_patient_file(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(
        json.dumps(
            {"name": "Ann", "counts": {"hb": 9.1, "plt": 18}, "medicines": ["A"], "note": "n"}
        )
    )
    details = details_from(values_from_file(path))
    assert details.name == "Ann" and details.hb and details.hb.value == 9.1
    assert details.medicines == ("A",)
    path.write_text(json.dumps({"name": "Ann", "nhs_number": "1"}))
    with pytest.raises(PatientInputError, match="unknown entries nhs_number"):
        values_from_file(path)
    path.write_bytes(b"{" * 100_000)
    with pytest.raises(PatientInputError, match="p.json"):
        values_from_file(path)


@given(st.text(max_size=60))
def test_any_typed_count_is_a_value_or_a_clear_problem(text: str) -> None:
    try:
        details = details_from({"plt": text})
    except PatientInputError as exc:
        assert exc.problems and all(p.startswith("Platelets (plt):") for p in exc.problems)
    else:
        assert details.plt is None or 0 <= details.plt.value <= 2000


def test_box_prints_values_in_plain_words_and_lines_for_empty_fields() -> None:
    full = details_from(
        {
            "name": "Ann <Example>",
            "date": "2027-01-14",
            "hb": "9.1",
            "call_temperature": "38",
            "medicines": ["Ciclosporin 100 mg twice a day"],
        }
    )
    box = patient_box_html(
        full, ClinicProfile(urgent_phone="0161 496 0000", emergency_number="999")
    )
    assert "Ann &lt;Example&gt;" in box and "14 January 2027" in box
    assert "<b>9.1 g/dL</b>" in box and "<b>38 °C</b> or higher" in box
    assert "Ciclosporin 100 mg twice a day" in box
    assert "<b>0161 496 0000</b>" in box and "call <b>999</b>" in box
    assert "border: 3px solid #000000" in box  # a framed box, black on white
    empty = patient_box_html(PatientDetails(), ClinicProfile())
    assert empty.count(LONG_LINE) >= 5  # name, urgent number, appointment, medicines, note
    assert "°C or higher" in empty and "Ann" not in empty


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load(REAL_INDEX)


def test_box_goes_after_the_title_of_a_handout_and_on_a_packs_cover(catalog: Catalog) -> None:
    patient = PatientDetails(name="Ann Example", date=datetime.date(2027, 1, 14))
    one = compose_job(catalog, [URGENT], PrintOptions("a4", False, patient=patient))
    html = one.parts[0].html
    assert html.index("When to get help urgently") < html.index("Ann Example")
    assert html.index("Ann Example") < html.index("Call ")
    assert one.title == "When to get help urgently"  # the PDF title never names the patient
    pack = compose_job(catalog, [URGENT, "handout-pnh"], PrintOptions("a4", False, patient=patient))
    assert "Ann Example" in pack.parts[0].html
    assert all("Ann Example" not in part.html for part in pack.parts[1:])
    plain = compose_job(catalog, [URGENT], PrintOptions("a4", False))
    assert "For you, from your clinic team" not in plain.parts[0].html
