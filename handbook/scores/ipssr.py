"""IPSS-R and age-adjusted IPSS-R(A) (Greenberg 2012)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from handbook.scores.fields import AGE, ANC, BM_BLAST, CYTO_IPSSR, HB, PLT
from handbook.scores.validation import check_mapping, parse_number, require_choice, require_number

CATEGORIES = ("Very Low", "Low", "Int", "High", "Very High")
_UPPER_BOUNDS = (1.5, 3.0, 4.5, 6.0)  # each group's score is <= its bound
_CYTO_POINTS = {"Very Good": 0.0, "Good": 1.0, "Intermediate": 2.0, "Poor": 3.0, "Very Poor": 4.0}
MEDIAN_SURVIVAL_YEARS = {"Very Low": 8.8, "Low": 5.3, "Int": 3.0, "High": 1.6, "Very High": 0.8}
# Greenberg 2012's median time to 25% AML evolution, by group (reference/facts.md); None: not
# reached, i.e. fewer than a quarter of the group had progressed to AML during follow-up.
MEDIAN_AML25_YEARS: dict[str, float | None] = {
    "Very Low": None,
    "Low": 10.8,
    "Int": 3.2,
    "High": 1.4,
    "Very High": 0.7,
}


@dataclass(frozen=True)
class IpssrResult:
    """IPSS-R score and group, the age-adjusted score when AGE is given, points per variable,
    and the paper's medians for the group (``median_aml25_years`` None: not reached)."""

    score: float
    category: str
    age_adjusted_score: float | None
    age_adjusted_category: str | None
    points: dict[str, float]
    median_survival_years: float
    median_aml25_years: float | None


def category_for(score: float) -> str:
    """The risk group of a total (or age-adjusted) score."""
    for bound, name in zip(_UPPER_BOUNDS, CATEGORIES, strict=False):
        if score <= bound:
            return name
    return CATEGORIES[-1]


def blast_points(blasts: float) -> float:
    """≤2: 0; >2 to <5: 1; 5–10: 2; >10: 3."""
    if blasts <= 2:
        return 0.0
    if blasts < 5:
        return 1.0
    return 2.0 if blasts <= 10 else 3.0


def hb_points(hb: float) -> float:
    """≥10: 0; 8 to <10: 1; <8: 1.5."""
    if hb >= 10:
        return 0.0
    return 1.0 if hb >= 8 else 1.5


def plt_points(plt: float) -> float:
    """≥100: 0; 50 to <100: 0.5; <50: 1."""
    if plt >= 100:
        return 0.0
    return 0.5 if plt >= 50 else 1.0


def anc_points(anc: float) -> float:
    """≥0.8: 0; <0.8: 0.5."""
    return 0.0 if anc >= 0.8 else 0.5


def age_adjusted(score: float, age: float) -> float:
    """IPSS-R(A), rounded to 4 decimals as the official tools do before grouping."""
    return round(score + (age - 70) * (0.05 - score * 0.005), 4)


def score_ipssr(values: Mapping[str, object]) -> IpssrResult:
    """Score IPSS-R; ANC is required, AGE optional (no IPSS-R(A) without it)."""
    values = check_mapping(values)
    hb = require_number(HB, values.get("HB"))
    plt = require_number(PLT, values.get("PLT"))
    blasts = require_number(BM_BLAST, values.get("BM_BLAST"))
    anc = require_number(ANC, values.get("ANC"))
    age = parse_number(AGE, values.get("AGE"))
    cyto = require_choice(CYTO_IPSSR, values.get("CYTO_IPSSR"))
    points = {
        "CYTO_IPSSR": _CYTO_POINTS[cyto],
        "BM_BLAST": blast_points(blasts),
        "HB": hb_points(hb),
        "PLT": plt_points(plt),
        "ANC": anc_points(anc),
    }
    score = sum(points.values())
    category = category_for(score)
    adjusted = None if age is None else age_adjusted(score, age)
    return IpssrResult(
        score=score,
        category=category,
        age_adjusted_score=adjusted,
        age_adjusted_category=None if adjusted is None else category_for(adjusted),
        points=points,
        median_survival_years=MEDIAN_SURVIVAL_YEARS[category],
        median_aml25_years=MEDIAN_AML25_YEARS[category],
    )
