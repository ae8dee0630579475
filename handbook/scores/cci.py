"""Corrected count increment after a platelet transfusion, with Mosteller body surface area."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from handbook.scores.fields import CCI_FIELDS
from handbook.scores.validation import check_mapping, require_choice, require_number

THRESHOLDS = {"1h": 7500.0, "24h": 4500.0}  # below these, after two transfusions: refractoriness
_SPECS = {spec.name: spec for spec in CCI_FIELDS}


@dataclass(frozen=True)
class CciResult:
    """Body surface area, increment, CCI and whether it is below the interval's threshold."""

    bsa: float
    increment: float
    cci: float
    threshold: float
    below_threshold: bool
    interval: str


def mosteller_bsa(height_cm: float, weight_kg: float) -> float:
    """Body surface area in m²: √(height cm × weight kg / 3600)."""
    return math.sqrt(height_cm * weight_kg / 3600)


def corrected_count_increment(values: Mapping[str, object]) -> CciResult:
    """CCI = increment (×10⁹/L) × 1000 × BSA (m²) ÷ dose (×10¹¹)."""
    values = check_mapping(values)
    pre = require_number(_SPECS["PRE"], values.get("PRE"))
    post = require_number(_SPECS["POST"], values.get("POST"))
    height = require_number(_SPECS["HEIGHT"], values.get("HEIGHT"))
    weight = require_number(_SPECS["WEIGHT"], values.get("WEIGHT"))
    dose = require_number(_SPECS["DOSE"], values.get("DOSE"))
    interval = require_choice(_SPECS["INTERVAL"], values.get("INTERVAL"))
    bsa = mosteller_bsa(height, weight)
    increment = post - pre
    cci = increment * 1000 * bsa / dose
    threshold = THRESHOLDS[interval]
    return CciResult(bsa, increment, cci, threshold, cci < threshold, interval)
