"""Parsing of typed or CSV values: numbers within their range, choices, gene statuses."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping

from handbook.scores.errors import ScoreInputError
from handbook.scores.fields import CHOICE, GENE, FieldSpec

_NA_TEXT = frozenset({"", "na", "n/a", "nan"})


def is_missing(raw: object) -> bool:
    """True for a value that means "not assessed": absent, blank or the text NA."""
    if raw is None:
        return True
    if isinstance(raw, str):
        return raw.strip().lower() in _NA_TEXT
    return isinstance(raw, float) and math.isnan(raw)


def expected_text(spec: FieldSpec) -> str:
    """What the field accepts, as said in every error message."""
    if spec.kind == GENE:
        return "1 (mutated), 0 (not mutated) or NA (not tested)"
    if spec.kind == CHOICE:
        text = ", ".join(repr(c) for c in spec.choices)
        return f"one of {text}" + ("" if spec.required else " or NA")
    unit = f" {spec.unit}" if spec.unit else ""
    text = f"a number from {spec.minimum:g} to {spec.maximum:g}{unit}"
    return text + ("" if spec.required else " or NA")


def _as_float(spec: FieldSpec, raw: object) -> float:
    if isinstance(raw, bool):
        raise ScoreInputError(spec.name, raw, expected_text(spec))
    if isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, str) and len(raw) <= 64:
        try:
            value = float(raw.strip().replace("_", "!"))  # float() would accept "1_0"
        except ValueError:
            raise ScoreInputError(spec.name, raw, expected_text(spec)) from None
    else:
        raise ScoreInputError(spec.name, raw, expected_text(spec))
    if not math.isfinite(value):
        raise ScoreInputError(spec.name, raw, expected_text(spec))
    assert spec.minimum is not None and spec.maximum is not None
    if not spec.minimum <= value <= spec.maximum:
        raise ScoreInputError(spec.name, raw, expected_text(spec))
    return value


def parse_number(spec: FieldSpec, raw: object) -> float | None:
    """The number in range, or None when not assessed and the field allows it."""
    if is_missing(raw):
        if spec.required:
            raise ScoreInputError(spec.name, raw, expected_text(spec))
        return None
    return _as_float(spec, raw)


def require_number(spec: FieldSpec, raw: object) -> float:
    """The number in range; NA is an error whatever the field's own rule."""
    if is_missing(raw):
        raise ScoreInputError(spec.name, raw, expected_text(spec).removesuffix(" or NA"))
    return _as_float(spec, raw)


def require_choice(spec: FieldSpec, raw: object) -> str:
    """The canonical choice; NA is an error."""
    chosen = parse_choice(spec, raw)
    if chosen is None:
        raise ScoreInputError(spec.name, raw, expected_text(spec).removesuffix(" or NA"))
    return chosen


def _canonical(text: str) -> str:
    return " ".join(text.split()).lower()


@functools.cache  # keyed by the choices: cheaper to hash than the whole FieldSpec
def _options(choices: tuple[str, ...]) -> dict[str, str]:
    """Each choice by its canonical text (the first choice wins should two coincide)."""
    options: dict[str, str] = {}
    for option in choices:
        options.setdefault(_canonical(option), option)
    return options


def parse_choice(spec: FieldSpec, raw: object) -> str | None:
    """The canonical choice (case and spacing ignored), or None when NA is allowed."""
    if isinstance(raw, str) and raw in spec.choices:
        return raw
    if is_missing(raw):
        if spec.required:
            raise ScoreInputError(spec.name, raw, expected_text(spec))
        return None
    text: str | None = None
    if isinstance(raw, str) and len(raw) <= 64:
        text = raw
    elif isinstance(raw, int | float) and not isinstance(raw, bool) and float(raw).is_integer():
        text = str(int(raw))
    if text is not None:
        wanted = _canonical(text)
        if wanted.endswith(".0") and wanted[:-2].isdigit():
            wanted = wanted[:-2]
        option = _options(spec.choices).get(wanted)
        if option is not None:
            return option
    raise ScoreInputError(spec.name, raw, expected_text(spec))


_GENE_TEXT: dict[object, int | None] = {"0": 0, "1": 1, "NA": None, "": None}


def parse_gene(spec: FieldSpec, raw: object) -> int | None:
    """1 mutated, 0 not mutated, None not tested."""
    if isinstance(raw, str):
        status = _GENE_TEXT.get(raw, -1)  # the usual CSV cells, without the general checks below
        if status != -1:
            return status
    if is_missing(raw):
        return None
    if isinstance(raw, bool):
        raise ScoreInputError(spec.name, raw, expected_text(spec))
    if isinstance(raw, int | float) and raw in (0, 1):
        return int(raw)
    if isinstance(raw, str) and raw.strip() in ("0", "1", "0.0", "1.0"):
        return int(float(raw.strip()))
    raise ScoreInputError(spec.name, raw, expected_text(spec))


def check_mapping(values: object) -> Mapping[str, object]:
    """The inputs themselves must be a mapping of names to values."""
    if not isinstance(values, Mapping):
        raise ScoreInputError("inputs", type(values).__name__, "a mapping of field names to values")
    return values
