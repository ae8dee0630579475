"""IPSS-M: the worked examples in all three scenarios, derived variables, NA rules, cut-offs."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handbook.scores import IPSSM_FIELDS, ScoreInputError, score_ipssm
from handbook.scores.fields import MAIN_GENES, RESIDUAL_GENES
from handbook.scores.ipssm import MODEL, category_for, round_score
from tests.helpers import example_rows

EXPECTED = {  # mean, best, worst: score and category (prognostic-scores.md)
    "pp347": ((0.31, "Moderate High"), (0.30, "Moderate High"), (0.63, "High")),
    "pp564": ((4.55, "Very High"), (4.55, "Very High"), (4.55, "Very High")),
    "zeroScore": ((0, "Moderate Low"), (0, "Moderate Low"), (0, "Moderate Low")),
    "withNAs": ((0.32, "Moderate High"), (0.30, "Moderate High"), (0.63, "High")),
    "SF3B1alphaTestCase": (
        (-0.22, "Moderate Low"),
        (-0.30, "Moderate Low"),
        (0.31, "Moderate High"),
    ),
}

# Every gene assessed and not mutated, normal karyotype, TP53 wild type.
CLEAN: dict[str, object] = {
    "HB": "10", "PLT": "150", "BM_BLAST": "3", "CYTO_IPSSR": "Good", "del5q": "0",
    "del7_7q": "0", "complex": "0", "del17_17p": "0", "TP53mut": "0", "TP53maxvaf": "0",
    "TP53loh": "0", "MLL_PTD": "0", "FLT3": "0",
    **dict.fromkeys(MAIN_GENES, "0"), **dict.fromkeys(RESIDUAL_GENES, "0"),
}  # fmt: skip


def term(name: str, x: float) -> float:
    return MODEL[name].beta * (x - MODEL[name].mean) / math.log(2)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_worked_examples(case: str) -> None:
    result = score_ipssm(example_rows()[case])
    got = [(s.score, s.category) for s in (result.mean, result.best, result.worst)]
    assert got == [(pytest.approx(score, abs=1e-9), cat) for score, cat in EXPECTED[case]]


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_contributions_sum_to_the_unrounded_mean(case: str) -> None:
    result = score_ipssm(example_rows()[case])
    total = sum(result.contributions.values())
    assert list(result.contributions) == list(MODEL)
    assert round_score(total) == result.mean.score
    assert abs(total - result.mean.score) <= 0.005 + 1e-12


def test_not_assessed_lists_the_na_inputs() -> None:
    result = score_ipssm(example_rows()["withNAs"])
    assert result.not_assessed == ("TP53maxvaf", "BCOR", "ETNK1", "GNB1", "PRPF8", "WT1")
    assert score_ipssm(example_rows()["pp564"]).not_assessed == ()


def test_missing_gene_keys_mean_not_assessed() -> None:
    values = {k: v for k, v in CLEAN.items() if k != "NRAS"}
    result = score_ipssm(values)
    assert "NRAS" in result.not_assessed
    assert result.contributions["NRAS"] == 0  # mean scenario: the cohort mean
    assert result.worst.score == round_score(
        sum(score_ipssm(CLEAN).contributions.values()) + term("NRAS", 1) - term("NRAS", 0)
    )


@pytest.mark.parametrize(
    ("score", "category"),
    [(-1.51, "Very Low"), (-1.5, "Very Low"), (-1.49, "Low"), (-0.5, "Low"),
     (-0.49, "Moderate Low"), (0, "Moderate Low"), (0.01, "Moderate High"),
     (0.5, "Moderate High"), (0.51, "High"), (1.5, "High"), (1.51, "Very High")],
)  # fmt: skip
def test_category_cut_offs(score: float, category: str) -> None:
    assert category_for(score) == category


def test_rounding_happens_before_categorising() -> None:
    assert round_score(-1.504) == -1.5 and category_for(round_score(-1.504)) == "Very Low"
    assert round_score(0.004) == 0 and category_for(round_score(0.004)) == "Moderate Low"
    assert round_score(0.125) == 0.13 and round_score(-0.125) == -0.13
    assert math.copysign(1, round_score(-0.001)) == 1  # no "-0"


def test_continuous_variables_are_capped() -> None:
    low = score_ipssm({**CLEAN, "PLT": "250", "BM_BLAST": "20"}).contributions
    high = score_ipssm({**CLEAN, "PLT": "900", "BM_BLAST": "30"}).contributions
    assert (
        low["TRANSF_PLT100"] == high["TRANSF_PLT100"] == pytest.approx(term("TRANSF_PLT100", 2.5))
    )
    assert low["BLAST5"] == high["BLAST5"] == pytest.approx(term("BLAST5", 4))
    assert low["HB1"] == pytest.approx(term("HB1", 10))


def derived(values: dict[str, object], name: str) -> float | None:
    """The value a derived variable took: None when it was NA (contribution 0 in the mean)."""
    result = score_ipssm({**CLEAN, **values})
    x = result.contributions[name] / MODEL[name].beta * math.log(2) + MODEL[name].mean
    if abs(result.contributions[name]) < 1e-12 and name not in ("Nres2",):
        return None
    return round(x, 9)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"SF3B1": "1", "del5q": "1"}, 1),
        ({"SF3B1": "1", "del5q": "1", "complex": "1"}, 0),
        ({"SF3B1": "1", "del5q": "1", "del7_7q": "1"}, 0),
        ({"SF3B1": "0", "del5q": "1"}, 0),
        ({"SF3B1": "1", "del5q": "0"}, 0),
        ({"SF3B1": "NA", "del5q": "1"}, None),
        ({"SF3B1": "NA", "del5q": "0"}, 0),
    ],
)
def test_sf3b1_5q(values: dict[str, object], expected: float | None) -> None:
    assert derived(values, "SF3B1_5q") == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"SF3B1": "1"}, 1),
        ({"SF3B1": "1", "STAG2": "1"}, 0),
        ({"SF3B1": "1", "BCORL1": "1"}, 0),
        ({"SF3B1": "1", "del5q": "1"}, 0),  # SF3B1_5q = 1
        ({"SF3B1": "0", "RUNX1": "NA"}, 0),
        ({"SF3B1": "1", "RUNX1": "NA"}, None),
        ({"SF3B1": "1", "RUNX1": "NA", "NRAS": "1"}, 0),
        ({"SF3B1": "NA"}, None),
    ],
)
def test_sf3b1_alpha(values: dict[str, object], expected: float | None) -> None:
    assert derived(values, "SF3B1_alpha") == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"TP53mut": "0", "TP53loh": "NA"}, 0),
        ({"TP53mut": "2 or more", "TP53loh": "NA"}, 1),
        ({"TP53mut": "1", "TP53loh": "1"}, 1),
        ({"TP53mut": "1", "TP53loh": "0"}, 0),
        ({"TP53mut": "1", "TP53loh": "0", "TP53maxvaf": "0.56"}, 1),
        ({"TP53mut": "1", "TP53loh": "0", "TP53maxvaf": "0.55"}, 0),
        ({"TP53mut": "1", "TP53loh": "NA", "del17_17p": "1"}, 1),
        ({"TP53mut": "1", "TP53loh": "NA", "TP53maxvaf": "0.3"}, None),
        ({"TP53mut": "NA"}, None),
    ],
)
def test_tp53multi(values: dict[str, object], expected: float | None) -> None:
    assert derived(values, "TP53multi") == expected


def test_tp53multi_scenarios_when_unknown() -> None:
    result = score_ipssm({**CLEAN, "TP53mut": "1", "TP53loh": "NA"})
    clean = sum(score_ipssm(CLEAN).contributions.values())
    assert result.worst.score == round_score(clean - term("TP53multi", 0) + term("TP53multi", 1))
    assert result.best.score == round_score(clean)


@pytest.mark.parametrize(
    ("mutated", "missing", "mean", "best", "worst"),
    [(0, 0, 0, 0, 0), (1, 0, 1, 1, 1), (3, 0, 2, 2, 2), (0, 3, 2 / 2 * 3 / 15 * 0.388, 0, 2),
     (1, 5, 1 + 1 / 2 * 5 / 15 * 0.388, 1, 2), (2, 5, 2, 2, 2), (0, 15, 0.388, 0, 2)],
)  # fmt: skip
def test_nres2(mutated: int, missing: int, mean: float, best: float, worst: float) -> None:
    genes = dict.fromkeys(RESIDUAL_GENES[:mutated], "1")
    genes |= dict.fromkeys(RESIDUAL_GENES[mutated : mutated + missing], "NA")
    result = score_ipssm({**CLEAN, **genes})
    clean_known = sum(score_ipssm(CLEAN).contributions.values()) - term("Nres2", 0)
    assert result.contributions["Nres2"] == pytest.approx(term("Nres2", mean))
    assert result.best.score == round_score(clean_known + term("Nres2", best))
    assert result.worst.score == round_score(clean_known + term("Nres2", worst))


def test_median_lfs_follows_the_mean_category() -> None:
    assert score_ipssm(example_rows()["pp564"]).median_lfs_years == 0.76
    assert score_ipssm(example_rows()["pp347"]).median_lfs_years == 2.3


@pytest.mark.parametrize(
    ("field", "value"),
    [("HB", "NA"), ("PLT", "x"), ("BM_BLAST", "-2"), ("CYTO_IPSSR", "Normal"), ("del5q", "NA"),
     ("TP53mut", "1.5"), ("TP53maxvaf", "1.5"), ("ASXL1", "2"), ("NRAS", "yes"),
     ("TP53loh", "0.5")],
)  # fmt: skip
def test_bad_values(field: str, value: str) -> None:
    with pytest.raises(ScoreInputError) as caught:
        score_ipssm({**CLEAN, field: value})
    assert caught.value.field == field
    assert repr(value) in str(caught.value)


def test_tp53mut_accepts_a_count_of_two_or_more() -> None:
    expected = score_ipssm({**CLEAN, "TP53mut": "2 or more"})
    assert expected.mean.score > score_ipssm(CLEAN).mean.score
    assert score_ipssm({**CLEAN, "TP53mut": 2}) == expected
    assert score_ipssm({**CLEAN, "TP53mut": "3"}) == expected


def test_huge_value_is_shortened_in_the_message() -> None:
    with pytest.raises(ScoreInputError) as caught:
        score_ipssm({**CLEAN, "HB": "9" * 100_000})
    assert len(str(caught.value)) < 200


cell = st.one_of(
    st.sampled_from(["0", "1", "NA", "", "2 or more", "Good", "Very Poor", "9.6", "0.6"]),
    st.text(max_size=20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-5, max_value=300),
    st.none(),
    st.booleans(),
)


@given(st.dictionaries(st.sampled_from([f.name for f in IPSSM_FIELDS]), cell))
def test_free_input_raises_only_score_input_error(values: dict[str, object]) -> None:
    try:
        score_ipssm(values)
    except ScoreInputError as error:
        assert error.field in {f.name for f in IPSSM_FIELDS}


@given(st.fixed_dictionaries({}, optional={name: cell for name in CLEAN}))
def test_free_input_over_a_valid_patient(changes: dict[str, object]) -> None:
    try:
        result = score_ipssm({**CLEAN, **changes})
    except ScoreInputError:
        return
    assert result.best.score <= result.mean.score <= result.worst.score
