"""Single-patient results as plain text or JSON-ready dictionaries, for the command line."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from handbook.scores.aa_severity import AaSeverityResult, classify_aa
from handbook.scores.cci import CciResult, corrected_count_increment
from handbook.scores.citations import CITATIONS
from handbook.scores.fields import AA_FIELDS, CCI_FIELDS, IPSSM_FIELDS, IPSSR_FIELDS, FieldSpec
from handbook.scores.ipssm import IpssmResult, score_ipssm
from handbook.scores.ipssr import IpssrResult, score_ipssr

Result = IpssrResult | IpssmResult | AaSeverityResult | CciResult

CALCULATORS: dict[str, tuple[tuple[FieldSpec, ...], Callable[[Mapping[str, object]], Result]]] = {
    "ipssm": (IPSSM_FIELDS, score_ipssm),
    "ipssr": (IPSSR_FIELDS, score_ipssr),
    "aa-severity": (AA_FIELDS, classify_aa),
    "cci": (CCI_FIELDS, corrected_count_increment),
}


def as_json(name: str, result: Result) -> dict[str, Any]:
    """The result's fields plus the calculator's name and citation."""
    fields = dataclasses.asdict(result)
    if isinstance(result, IpssrResult):  # null alone could be read as "unknown"
        fields["median_aml25_reached"] = result.median_aml25_years is not None
    return {"calculator": name, **fields, "citation": CITATIONS[name]}


def _ipssm_text(result: IpssmResult) -> list[str]:
    lines = [f"IPSS-M risk score {result.mean.score:.2f}: {result.mean.category}"]
    if result.not_assessed:
        lines.append(
            f"  best {result.best.score:.2f} ({result.best.category}), "
            f"worst {result.worst.score:.2f} ({result.worst.category}); "
            f"not assessed: {', '.join(result.not_assessed)}"
        )
    lines.append(
        f"  median leukaemia-free survival in the IPSS-M cohort: {result.median_lfs_years:g} years"
    )
    lines.append("  contributions (mean scenario):")
    for variable, value in sorted(result.contributions.items(), key=lambda kv: -abs(kv[1])):
        lines.append(f"    {variable:<14} {value:+.3f}")
    return lines


def _ipssr_text(result: IpssrResult) -> list[str]:
    lines = [f"IPSS-R score {result.score:g}: {result.category}"]
    if result.age_adjusted_score is not None:
        lines.append(
            f"IPSS-R(A) score {result.age_adjusted_score:g}: {result.age_adjusted_category}"
        )
    lines.append(f"  median survival in the IPSS-R cohort: {result.median_survival_years:g} years")
    lines.append(f"  median time to 25% AML evolution in the IPSS-R cohort: {aml25_text(result)}")
    points = ", ".join(f"{name} {value:g}" for name, value in result.points.items())
    lines.append(f"  points: {points}")
    return lines


def aml25_text(result: IpssrResult) -> str:
    """The paper's median time to 25% AML evolution for the group, in words."""
    if result.median_aml25_years is None:
        return "not reached"
    return f"{result.median_aml25_years:g} years"


def _aa_text(result: AaSeverityResult) -> list[str]:
    lines = [f"Aplastic anaemia severity: {result.grade}"]
    lines.append(
        f"  reticulocyte cut-off {result.reticulocyte_cutoff:g} ×10⁹/L"
        f" ({result.reticulocyte_method} count)"
    )
    lines += [f"  met: {reason}" for reason in result.criteria_met] or ["  no criterion met"]
    return lines


def _cci_text(result: CciResult) -> list[str]:
    verdict = "below" if result.below_threshold else "not below"
    return [
        f"CCI ({result.interval}) {result.cci:,.0f}: {verdict} {result.threshold:,.0f}",
        f"  increment {result.increment:g} ×10⁹/L,"
        f" body surface area {result.bsa:.2f} m² (Mosteller)",
        "  refractoriness needs two consecutive ABO-compatible transfusions of fresh platelets",
    ]


def as_text(name: str, result: Result) -> str:
    """A few readable lines, ending with the source to credit."""
    if isinstance(result, IpssmResult):
        lines = _ipssm_text(result)
    elif isinstance(result, IpssrResult):
        lines = _ipssr_text(result)
    elif isinstance(result, AaSeverityResult):
        lines = _aa_text(result)
    else:
        lines = _cci_text(result)
    return "\n".join([*lines, f"Source: {CITATIONS[name]}"])
