"""IPSS-R and IPSS-R(A): the worked examples, every cut-off, and free input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handbook.scores import IPSSR_FIELDS, ScoreInputError, score_ipssr
from tests.helpers import example_rows

# A copy of the worked examples beside the published rules (docs: prognostic-scores.md).
BASE = {"HB": "12", "PLT": "200", "BM_BLAST": "1", "ANC": "2", "CYTO_IPSSR": "Very Good"}


@pytest.mark.parametrize(
    ("case", "score", "category", "adjusted", "adjusted_category"),
    [
        ("pp347", 4, "Int", 4.27, "Int"),
        ("pp564", 10, "Very High", 10, "Very High"),
        ("zeroScore", 3.5, "Int", 4.475, "Int"),
        ("withNAs", 4, "Int", 4.27, "Int"),
    ],
)
def test_worked_examples(
    case: str, score: float, category: str, adjusted: float, adjusted_category: str
) -> None:
    result = score_ipssr(example_rows()[case])
    assert result.score == score
    assert result.category == category
    assert result.age_adjusted_score == pytest.approx(adjusted, abs=1e-9)
    assert result.age_adjusted_category == adjusted_category


def test_example_without_anc_is_not_computable() -> None:
    with pytest.raises(ScoreInputError) as caught:
        score_ipssr(example_rows()["SF3B1alphaTestCase"])
    assert caught.value.field == "ANC"


@pytest.mark.parametrize(
    ("blasts", "points"),
    [("0", 0), ("2", 0), ("2.1", 1), ("4.9", 1), ("5", 2), ("10", 2), ("10.1", 3), ("30", 3)],
)
def test_blast_cut_offs(blasts: str, points: float) -> None:
    assert score_ipssr({**BASE, "BM_BLAST": blasts}).points["BM_BLAST"] == points


@pytest.mark.parametrize(
    ("hb", "points"), [("7.9", 1.5), ("8", 1), ("9.9", 1), ("10", 0), ("4", 1.5), ("20", 0)]
)
def test_haemoglobin_cut_offs(hb: str, points: float) -> None:
    assert score_ipssr({**BASE, "HB": hb}).points["HB"] == points


@pytest.mark.parametrize(("plt", "points"), [("49", 1), ("50", 0.5), ("99", 0.5), ("100", 0)])
def test_platelet_cut_offs(plt: str, points: float) -> None:
    assert score_ipssr({**BASE, "PLT": plt}).points["PLT"] == points


@pytest.mark.parametrize(("anc", "points"), [("0.79", 0.5), ("0.8", 0), ("0", 0.5)])
def test_neutrophil_cut_off(anc: str, points: float) -> None:
    assert score_ipssr({**BASE, "ANC": anc}).points["ANC"] == points


@pytest.mark.parametrize(
    ("cyto", "points"),
    [("Very Good", 0), ("Good", 1), ("Intermediate", 2), ("Poor", 3), ("Very Poor", 4)],
)
def test_cytogenetic_points(cyto: str, points: float) -> None:
    assert score_ipssr({**BASE, "CYTO_IPSSR": cyto}).points["CYTO_IPSSR"] == points


@pytest.mark.parametrize(
    ("values", "score", "category", "survival", "aml25"),
    [
        ({}, 0, "Very Low", 8.8, None),
        ({"CYTO_IPSSR": "Good", "ANC": "0.5"}, 1.5, "Very Low", 8.8, None),
        ({"CYTO_IPSSR": "Intermediate", "ANC": "0.5"}, 2.5, "Low", 5.3, 10.8),
        ({"CYTO_IPSSR": "Poor"}, 3, "Low", 5.3, 10.8),
        ({"CYTO_IPSSR": "Poor", "ANC": "0.5"}, 3.5, "Int", 3.0, 3.2),
        ({"CYTO_IPSSR": "Poor", "HB": "9"}, 4, "Int", 3.0, 3.2),
        ({"CYTO_IPSSR": "Poor", "HB": "7"}, 4.5, "Int", 3.0, 3.2),
        ({"CYTO_IPSSR": "Poor", "HB": "7", "ANC": "0.5"}, 5, "High", 1.6, 1.4),
        ({"CYTO_IPSSR": "Very Poor", "BM_BLAST": "5"}, 6, "High", 1.6, 1.4),
        ({"CYTO_IPSSR": "Very Poor", "BM_BLAST": "5", "ANC": "0.1"}, 6.5, "Very High", 0.8, 0.7),
    ],
)
def test_risk_groups_at_their_bounds(
    values: dict[str, str], score: float, category: str, survival: float, aml25: float | None
) -> None:
    """Greenberg 2012's medians per group: survival, and time to 25% AML evolution (None:
    not reached in the Very Low group)."""
    result = score_ipssr({**BASE, **values})
    assert (result.score, result.category) == (score, category)
    assert (result.median_survival_years, result.median_aml25_years) == (survival, aml25)


def test_age_adjustment_formula_and_rounding() -> None:
    result = score_ipssr({**BASE, "CYTO_IPSSR": "Good", "AGE": "33"})  # score 1
    assert result.age_adjusted_score == round(1 + (33 - 70) * (0.05 - 0.005), 4)
    assert result.age_adjusted_category == "Very Low"
    assert score_ipssr({**BASE, "AGE": "70"}).age_adjusted_score == 0
    assert score_ipssr({**BASE, "AGE": "NA"}).age_adjusted_score is None
    assert score_ipssr(BASE).age_adjusted_category is None


def test_age_adjusted_group_can_move() -> None:
    result = score_ipssr({**BASE, "CYTO_IPSSR": "Poor", "AGE": "90"})  # 3 -> 3.7
    assert result.category == "Low"
    assert result.age_adjusted_score == pytest.approx(3.7)
    assert result.age_adjusted_category == "Int"


@pytest.mark.parametrize(
    ("field", "value"),
    [("HB", "3.9"), ("HB", "20.1"), ("HB", "abc"), ("PLT", "-1"), ("BM_BLAST", "31"),
     ("ANC", "16"), ("ANC", ""), ("CYTO_IPSSR", "Bad"), ("AGE", "-1"), ("HB", "nan")],
)  # fmt: skip
def test_bad_values_name_the_field_value_and_range(field: str, value: str) -> None:
    with pytest.raises(ScoreInputError) as caught:
        score_ipssr({**BASE, field: value})
    error = caught.value
    assert error.field == field
    assert str(error) == f"{field}: {value!r} is not valid; expected {error.expected}"


def test_message_gives_the_range() -> None:
    with pytest.raises(ScoreInputError, match=r"HB: '25' is not valid; expected a number from 4 "):
        score_ipssr({**BASE, "HB": "25"})


def test_numbers_and_spacing_are_accepted() -> None:
    result = score_ipssr(
        {"HB": 9.6, "PLT": 281, "BM_BLAST": 9, "ANC": 4.84, "CYTO_IPSSR": " good "}
    )
    assert result.score == 4


cell = st.one_of(
    st.text(max_size=30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.none(),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
)


@given(st.dictionaries(st.sampled_from([f.name for f in IPSSR_FIELDS]), cell))
def test_free_input_raises_only_score_input_error(values: dict[str, object]) -> None:
    try:
        result = score_ipssr(values)
    except ScoreInputError as error:
        assert error.field in {f.name for f in IPSSR_FIELDS}
    else:
        assert 0 <= result.score <= 10


@given(cell)
def test_anything_instead_of_a_mapping(values: object) -> None:
    with pytest.raises(ScoreInputError):
        score_ipssr(values)  # type: ignore[arg-type]
