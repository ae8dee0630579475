"""Severity of aplastic anaemia by the modified Camitta criteria (Bacigalupo for very severe)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from handbook.scores.errors import ScoreInputError
from handbook.scores.fields import AA_FIELDS
from handbook.scores.validation import check_mapping, parse_number, require_choice, require_number

RETIC_CUTOFFS = {"manual": 20.0, "automated": 60.0}
_SPECS = {spec.name: spec for spec in AA_FIELDS}
_UNIT = "×10⁹/L"


@dataclass(frozen=True)
class AaSeverityResult:
    """The grade, the reticulocyte cut-off used and why, and the criteria that were met."""

    grade: str
    reticulocyte_cutoff: float
    reticulocyte_method: str
    criteria_met: tuple[str, ...]


def _marrow_criterion(values: Mapping[str, object]) -> str | None:
    cellularity = require_number(_SPECS["CELLULARITY"], values.get("CELLULARITY"))
    if cellularity < 25:
        return f"marrow cellularity {cellularity:g}% < 25%"
    if cellularity > 50:
        return None
    residual = parse_number(_SPECS["RESIDUAL_HAEM"], values.get("RESIDUAL_HAEM"))
    if residual is None:
        raise ScoreInputError(
            "RESIDUAL_HAEM",
            values.get("RESIDUAL_HAEM"),
            "a number from 0 to 100 % when cellularity is 25–50%",
        )
    if residual < 30:
        return (
            f"marrow cellularity {cellularity:g}% (25–50%) with residual haematopoietic cells "
            f"{residual:g}% < 30%"
        )
    return None


def classify_aa(values: Mapping[str, object]) -> AaSeverityResult:
    """Grade aplastic anaemia: very severe, severe or non-severe."""
    values = check_mapping(values)
    marrow = _marrow_criterion(values)
    anc = require_number(_SPECS["ANC"], values.get("ANC"))
    plt = require_number(_SPECS["PLT"], values.get("PLT"))
    retic = require_number(_SPECS["RETIC"], values.get("RETIC"))
    method = require_choice(_SPECS["RETIC_METHOD"], values.get("RETIC_METHOD"))
    cutoff = RETIC_CUTOFFS[method]
    counts = []
    if anc < 0.5:
        counts.append(f"neutrophils {anc:g} < 0.5 {_UNIT}")
    if plt < 20:
        counts.append(f"platelets {plt:g} < 20 {_UNIT}")
    if retic < cutoff:
        counts.append(f"reticulocytes {retic:g} < {cutoff:g} {_UNIT} ({method} count)")
    met = ([marrow] if marrow else []) + counts
    if marrow is None or len(counts) < 2:
        grade = "non-severe"
    elif anc < 0.2:
        grade = "very severe"
        met.append(f"neutrophils {anc:g} < 0.2 {_UNIT} (very severe)")
    else:
        grade = "severe"
    return AaSeverityResult(grade, cutoff, method, tuple(met))
