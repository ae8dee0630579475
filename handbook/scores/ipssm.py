"""IPSS-M (Bernard 2022): model variables, NA scenarios, rounding, categories, contributions."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from handbook.scores.fields import IPSSM_FIELDS, MAIN_GENES, RESIDUAL_GENES
from handbook.scores.validation import (
    check_mapping,
    parse_choice,
    parse_gene,
    parse_number,
    require_choice,
    require_number,
)

CATEGORIES = ("Very Low", "Low", "Moderate Low", "Moderate High", "High", "Very High")
_UPPER_BOUNDS = (-1.5, -0.5, 0.0, 0.5, 1.5)  # each category's rounded score is <= its bound
MEDIAN_LFS_YEARS = dict(zip(CATEGORIES, (9.7, 5.9, 4.5, 2.3, 1.5, 0.76), strict=True))
_CYTOVEC = {"Very Good": 0, "Good": 1, "Intermediate": 2, "Poor": 3, "Very Poor": 4}
_ALPHA_BLOCKERS = ("SRSF2", "STAG2", "BCOR", "BCORL1", "RUNX1", "NRAS")
_SPECS = {spec.name: spec for spec in IPSSM_FIELDS}
_INPUT_ORDER = tuple(spec.name for spec in IPSSM_FIELDS)
_GENE_INPUTS = ("TP53loh", "MLL_PTD", "FLT3", *MAIN_GENES, *RESIDUAL_GENES)


@dataclass(frozen=True)
class Coefficient:
    """A model variable: weight, cohort mean, and the values used for NA in worst and best."""

    beta: float
    mean: float
    worst: float
    best: float


def _gene(beta: float, mean: float) -> Coefficient:
    return Coefficient(beta, mean, 1, 0)


MODEL: dict[str, Coefficient] = {
    "CYTOVEC": Coefficient(0.287, 1.39, 4, 0),
    "BLAST5": Coefficient(0.352, 0.922, 4, 0),
    "TRANSF_PLT100": Coefficient(-0.222, 1.41, 0, 2.5),
    "HB1": Coefficient(-0.171, 9.87, 2, 20),
    "SF3B1_alpha": Coefficient(-0.0794, 0.186, 0, 1),
    "SF3B1_5q": _gene(0.504, 0.0166),
    "ASXL1": _gene(0.213, 0.252),
    "SRSF2": _gene(0.239, 0.158),
    "DNMT3A": _gene(0.221, 0.161),
    "RUNX1": _gene(0.423, 0.126),
    "U2AF1": _gene(0.247, 0.0866),
    "EZH2": _gene(0.27, 0.0588),
    "CBL": _gene(0.295, 0.0473),
    "NRAS": _gene(0.417, 0.0362),
    "IDH2": _gene(0.379, 0.0429),
    "KRAS": _gene(0.202, 0.0271),
    "MLL_PTD": _gene(0.798, 0.0247),
    "ETV6": _gene(0.391, 0.0216),
    "NPM1": _gene(0.43, 0.0112),
    "TP53multi": _gene(1.18, 0.071),
    "FLT3": _gene(0.798, 0.0108),
    "Nres2": Coefficient(0.231, 0.388, 2, 0),
}

_GENE_VARIABLES = tuple(name for name in MODEL if name in (*MAIN_GENES, "MLL_PTD", "FLT3"))
# A term is beta * (x - m) / ln 2; precomputed because a CSV may hold many thousand rows.
_SCALE = {name: coef.beta / math.log(2) for name, coef in MODEL.items()}
_BEST_TERM = {name: _SCALE[name] * (coef.best - coef.mean) for name, coef in MODEL.items()}
_WORST_TERM = {name: _SCALE[name] * (coef.worst - coef.mean) for name, coef in MODEL.items()}


@dataclass(frozen=True)
class IpssmScenario:
    """One scenario's score (rounded to 2 decimals) and risk category."""

    score: float
    category: str


@dataclass(frozen=True)
class IpssmResult:
    """Mean, best and worst scenarios, per-variable contributions (mean), and what was NA."""

    mean: IpssmScenario
    best: IpssmScenario
    worst: IpssmScenario
    contributions: dict[str, float]
    not_assessed: tuple[str, ...]
    median_lfs_years: float


def round_score(score: float) -> float:
    """Two decimals, halves away from zero, from the shortest repr (0.125 -> 0.13)."""
    return float(Decimal(repr(score)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)) + 0.0


def category_for(rounded: float) -> str:
    """The risk category of a rounded score."""
    for bound, name in zip(_UPPER_BOUNDS, CATEGORIES, strict=False):
        if rounded <= bound:
            return name
    return CATEGORIES[-1]


def _binary(name: str, values: Mapping[str, object]) -> int:
    return int(require_choice(_SPECS[name], values.get(name)))


def _sf3b1_5q(sf3b1: int | None, del5q: int, del7: int, complex_: int) -> int | None:
    if sf3b1 == 0 or del5q == 0 or del7 == 1 or complex_ == 1:
        return 0
    return 1 if sf3b1 == 1 else None


def _sf3b1_alpha(sf3b1: int | None, sf3b1_5q: int | None, blockers: list[int | None]) -> int | None:
    if sf3b1 == 0 or sf3b1_5q == 1 or 1 in blockers:
        return 0
    if sf3b1 == 1 and sf3b1_5q == 0 and all(b == 0 for b in blockers):
        return 1
    return None


def _tp53_mutations(raw: object) -> str | None:
    """ "0", "1", "2 or more" (a count of 2 or more is accepted for it), or None (NA)."""
    if isinstance(raw, int | float | str) and not isinstance(raw, bool):
        try:
            count = float(raw)
        except ValueError:
            count = math.nan
        if count >= 2 and count.is_integer():
            return "2 or more"
    return parse_choice(_SPECS["TP53mut"], raw)


def _tp53multi(mutations: str | None, vaf: float | None, loh: int | None, del17: int) -> int | None:
    if mutations is None:
        return None
    if mutations == "0":
        return 0
    if mutations == "2 or more":
        return 1
    if loh == 1 or del17 == 1 or (vaf is not None and vaf > 0.55):
        return 1  # LOH present
    return 0 if loh == 0 else None


def model_variables(
    values: Mapping[str, object],
) -> tuple[dict[str, float | None], list[int | None], list[str]]:
    """The model's x_j (None where not assessed; Nres2 a placeholder), the residual genes'
    statuses and the names of the inputs not assessed."""
    hb = require_number(_SPECS["HB"], values.get("HB"))
    plt = require_number(_SPECS["PLT"], values.get("PLT"))
    blasts = require_number(_SPECS["BM_BLAST"], values.get("BM_BLAST"))
    cyto = require_choice(_SPECS["CYTO_IPSSR"], values.get("CYTO_IPSSR"))
    del5q, del7 = _binary("del5q", values), _binary("del7_7q", values)
    complex_, del17 = _binary("complex", values), _binary("del17_17p", values)
    mutations = _tp53_mutations(values.get("TP53mut"))
    vaf = parse_number(_SPECS["TP53maxvaf"], values.get("TP53maxvaf"))
    genes = {name: parse_gene(_SPECS[name], values.get(name)) for name in _GENE_INPUTS}
    not_assessed = [
        name for name, raw in (("TP53mut", mutations), ("TP53maxvaf", vaf)) if raw is None
    ]
    not_assessed += [name for name, status in genes.items() if status is None]
    sf3b1 = genes["SF3B1"]
    sf3b1_5q = _sf3b1_5q(sf3b1, del5q, del7, complex_)
    variables: dict[str, float | None] = {
        "CYTOVEC": _CYTOVEC[cyto],
        "BLAST5": min(blasts, 20) / 5,
        "TRANSF_PLT100": min(plt, 250) / 100,
        "HB1": hb,
        "SF3B1_alpha": _sf3b1_alpha(sf3b1, sf3b1_5q, [genes[name] for name in _ALPHA_BLOCKERS]),
        "SF3B1_5q": sf3b1_5q,
        "TP53multi": _tp53multi(mutations, vaf, genes["TP53loh"], del17),
    }
    for name in _GENE_VARIABLES:
        variables[name] = genes[name]
    variables["Nres2"] = None  # placeholder keeps MODEL's order; see nres2_scenarios
    return variables, [genes[name] for name in RESIDUAL_GENES], not_assessed


def nres2_scenarios(statuses: list[int | None]) -> tuple[float, float, float]:
    """Nres2 as (mean, best, worst) from the residual genes' statuses (None: not assessed)."""
    mutated = statuses.count(1)
    missing = statuses.count(None)
    share = missing / len(statuses)  # M / (S + M)
    mean = min(mutated, 2) + max((2 - mutated) / 2 * share * MODEL["Nres2"].mean, 0)
    return mean, float(min(mutated, 2)), float(min(mutated + missing, 2))


def _named(score: float) -> IpssmScenario:
    rounded = round_score(score)
    return IpssmScenario(rounded, category_for(rounded))


def score_ipssm(values: Mapping[str, object]) -> IpssmResult:
    """Score IPSS-M for the mean, best and worst scenarios of the variables not assessed."""
    values = check_mapping(values)
    variables, residual, not_assessed = model_variables(values)
    contributions: dict[str, float] = {}
    best_extra = worst_extra = 0.0  # what the NA variables add in those scenarios (mean adds 0)
    for name in MODEL:
        x = variables[name]
        scale, centre = _SCALE[name], MODEL[name].mean
        if x is not None:
            contributions[name] = scale * (x - centre)
        elif name != "Nres2":
            contributions[name] = 0.0
            best_extra += _BEST_TERM[name]
            worst_extra += _WORST_TERM[name]
    nres2 = nres2_scenarios(residual)
    scale, centre = _SCALE["Nres2"], MODEL["Nres2"].mean
    contributions["Nres2"] = scale * (nres2[0] - centre)
    mean_score = sum(contributions.values())
    known = mean_score - contributions["Nres2"]
    mean = _named(mean_score)
    return IpssmResult(
        mean=mean,
        best=_named(known + best_extra + scale * (nres2[1] - centre)),
        worst=_named(known + worst_extra + scale * (nres2[2] - centre)),
        contributions=contributions,
        not_assessed=tuple(name for name in _INPUT_ORDER if name in not_assessed),
        median_lfs_years=MEDIAN_LFS_YEARS[mean.category],
    )
