"""Aplastic anaemia severity (modified Camitta) and the corrected count increment."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handbook.scores import (
    AA_FIELDS,
    CCI_FIELDS,
    CITATIONS,
    ScoreInputError,
    classify_aa,
    corrected_count_increment,
)
from handbook.scores.cci import mosteller_bsa

# Hypocellular marrow; counts that meet none of the count criteria.
AA = {"CELLULARITY": "10", "ANC": "1.0", "PLT": "50", "RETIC": "80", "RETIC_METHOD": "manual"}


def grade(**changes: str) -> str:
    return classify_aa({**AA, **changes}).grade


def test_no_count_criterion_is_non_severe() -> None:
    result = classify_aa(AA)
    assert result.grade == "non-severe"
    assert result.criteria_met == ("marrow cellularity 10% < 25%",)


def test_one_count_criterion_is_not_enough() -> None:
    assert grade(ANC="0.4") == "non-severe"


@pytest.mark.parametrize(
    ("anc", "expected"),
    [("0.5", "non-severe"), ("0.49", "severe"), ("0.2", "severe"), ("0.19", "very severe")],
)
def test_neutrophil_cut_offs(anc: str, expected: str) -> None:
    assert grade(ANC=anc, PLT="10") == expected


@pytest.mark.parametrize(("plt", "expected"), [("20", "non-severe"), ("19", "severe")])
def test_platelet_cut_off(plt: str, expected: str) -> None:
    assert grade(ANC="0.3", PLT=plt) == expected


@pytest.mark.parametrize(
    ("retic", "method", "expected"),
    [("20", "manual", "non-severe"), ("19", "manual", "severe"), ("59", "manual", "non-severe"),
     ("60", "automated", "non-severe"), ("59", "automated", "severe")],
)  # fmt: skip
def test_reticulocyte_cut_off_depends_on_the_method(retic: str, method: str, expected: str) -> None:
    result = classify_aa({**AA, "PLT": "10", "RETIC": retic, "RETIC_METHOD": method})
    assert result.grade == expected
    assert result.reticulocyte_cutoff == (20 if method == "manual" else 60)
    assert result.reticulocyte_method == method


@pytest.mark.parametrize(
    ("cellularity", "residual", "expected"),
    [("24", "NA", "severe"), ("25", "29", "severe"), ("25", "30", "non-severe"),
     ("50", "29", "severe"), ("50", "30", "non-severe"), ("51", "10", "non-severe")],
)  # fmt: skip
def test_cellularity_and_residual_haematopoiesis(
    cellularity: str, residual: str, expected: str
) -> None:
    changes = {"CELLULARITY": cellularity, "RESIDUAL_HAEM": residual, "ANC": "0.3", "PLT": "10"}
    assert grade(**changes) == expected


def test_residual_cells_are_needed_between_25_and_50() -> None:
    with pytest.raises(ScoreInputError) as caught:
        classify_aa({**AA, "CELLULARITY": "40"})
    assert caught.value.field == "RESIDUAL_HAEM"


def test_criteria_are_explained() -> None:
    result = classify_aa({**AA, "ANC": "0.1", "PLT": "5", "RETIC": "10"})
    assert result.grade == "very severe"
    assert "neutrophils 0.1 < 0.5 ×10⁹/L" in result.criteria_met
    assert "platelets 5 < 20 ×10⁹/L" in result.criteria_met
    assert "reticulocytes 10 < 20 ×10⁹/L (manual count)" in result.criteria_met


CCI = {"PRE": "10", "POST": "30", "HEIGHT": "180", "WEIGHT": "64.8", "DOSE": "3", "INTERVAL": "1h"}


def test_cci_worked_example() -> None:
    result = corrected_count_increment(CCI)  # BSA √(180 × 64.8 / 3600) = 1.8 m²
    assert result.bsa == pytest.approx(1.8)
    assert result.increment == 20
    assert result.cci == pytest.approx(12_000)
    assert (result.threshold, result.below_threshold) == (7500, False)


def test_mosteller() -> None:
    assert mosteller_bsa(170, 70) == pytest.approx(math.sqrt(170 * 70 / 3600))
    assert mosteller_bsa(170, 70) == pytest.approx(1.82, abs=0.005)


@pytest.mark.parametrize(
    ("post", "interval", "below"),
    [("22.4", "1h", True), ("22.6", "1h", False), ("17.6", "24h", False), ("17.4", "24h", True)],
)
def test_cci_thresholds(post: str, interval: str, below: bool) -> None:
    # with BSA 1.8 and dose 3, CCI = increment × 600: 7500 at 12.5, 4500 at 7.5
    result = corrected_count_increment({**CCI, "POST": post, "INTERVAL": interval})
    assert result.below_threshold is below
    assert result.threshold == (7500 if interval == "1h" else 4500)


def test_cci_bad_dose() -> None:
    with pytest.raises(ScoreInputError, match="DOSE: '0' is not valid"):
        corrected_count_increment({**CCI, "DOSE": "0"})


def test_every_calculator_is_cited() -> None:
    assert set(CITATIONS) == {"ipssr", "ipssm", "aa-severity", "cci"}
    assert "Bernard" in CITATIONS["ipssm"] and "Greenberg" in CITATIONS["ipssr"]
    assert "Mosteller" in CITATIONS["cci"] and "Camitta" in CITATIONS["aa-severity"]


cell = st.one_of(
    st.text(max_size=20), st.floats(), st.integers(), st.none(), st.booleans(),
    st.sampled_from(["manual", "automated", "1h", "24h", "10", "0.3"]),
)  # fmt: skip


@given(st.dictionaries(st.sampled_from([f.name for f in AA_FIELDS]), cell))
def test_aa_free_input(values: dict[str, object]) -> None:
    try:
        result = classify_aa(values)
    except ScoreInputError:
        return
    assert result.grade in ("non-severe", "severe", "very severe")


@given(st.dictionaries(st.sampled_from([f.name for f in CCI_FIELDS]), cell))
def test_cci_free_input(values: dict[str, object]) -> None:
    try:
        result = corrected_count_increment(values)
    except ScoreInputError:
        return
    assert math.isfinite(result.cci)
