"""Details for one patient, typed before printing a handout: checked, held in memory only.

Nothing here writes anywhere: a :class:`PatientDetails` lives for one print job. Every
value is checked the same way for the window and the command line, and a problem names
the field, the value and what is expected ("Neutrophils: 40 is outside 0 to 30 ×10⁹/L").
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handbook import safejson

PATIENT_FILE_MAX_BYTES = 16 * 1024
PER_LITRE = "×10⁹/L"
MAX_MEDICINES = 12
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NUMBER = re.compile(r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*(.*?)\s*$")
_PER_LITRE_UNITS = {"", "x10^9/l", "×10^9/l", "x10⁹/l", "×10⁹/l", "10^9/l", "10⁹/l", "/nl"}


@dataclass(frozen=True)
class Measure:
    """A number as it will print, with its unit."""

    value: float
    unit: str

    def text(self) -> str:
        return f"{self.value:g} {self.unit}"


@dataclass(frozen=True)
class CountSpec:
    key: str
    label: str
    units: tuple[tuple[str, str, float, float], ...]  # (typed unit, printed unit, low, high)
    example: str


COUNTS = (
    CountSpec("hb", "Haemoglobin (hb)", (("g/dl", "g/dL", 1, 25), ("g/l", "g/L", 10, 250)), "9.1"),
    CountSpec("anc", "Neutrophils (anc)", (("", PER_LITRE, 0, 30),), "0.4"),
    CountSpec("plt", "Platelets (plt)", (("", PER_LITRE, 0, 2000),), "18"),
)
TEMPERATURE = CountSpec(
    "call_temperature",
    "Temperature to call at",
    (
        ("°c", "°C", 37, 39.5),
        ("c", "°C", 37, 39.5),
        ("°f", "°F", 98.6, 103.1),
        ("f", "°F", 98.6, 103.1),
    ),
    "38",
)
PLATELET_LEVEL = CountSpec(
    "bleeding_platelets", "Platelet level for bleeding advice", (("", PER_LITRE, 1, 500),), "20"
)
_ALIASES = {
    "hb": "hb",
    "haemoglobin": "hb",
    "hemoglobin": "hb",
    "anc": "anc",
    "neut": "anc",
    "neutrophils": "anc",
    "plt": "plt",
    "platelets": "plt",
}
TEXT_LIMITS = {"name": 80, "next_appointment": 120, "medicine": 100, "note": 600}


class PatientInputError(ValueError):
    """One or more values could not be used; ``problems`` has one sentence for each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class PatientDetails:
    """What prints in the patient box; None or empty means "leave a line to write on"."""

    name: str = ""
    date: datetime.date | None = None
    hb: Measure | None = None
    anc: Measure | None = None
    plt: Measure | None = None
    call_temperature: Measure | None = None
    bleeding_platelets: Measure | None = None
    next_appointment: str = ""
    medicines: tuple[str, ...] = ()
    note: str = ""


def parse_measure(spec: CountSpec, text: str) -> Measure | None:
    """The typed value (``9.1``, ``91 g/L``, ``38,5``) or None when empty; raises ValueError."""
    if not text.strip():
        return None
    match = _NUMBER.match(text)
    printed = {unit: (low, high) for _typed, unit, low, high in spec.units}
    ranges = " or ".join(f"{low:g} to {high:g} {unit}" for unit, (low, high) in printed.items())
    if not match:
        raise ValueError(f"{spec.label}: {text.strip()!r} is not a number; give {ranges}")
    value = float(match.group(1).replace(",", "."))
    typed = match.group(2).replace(" ", "").lower()
    if spec.units[0][1] == PER_LITRE and typed in _PER_LITRE_UNITS:
        typed = ""
    if not typed:
        # No unit typed: the first unit whose plausible range holds the value (Hb 9.1 is
        # g/dL, Hb 91 is g/L as UK result slips print it), else the first unit.
        fitting = [t for t, _unit, low, high in spec.units if low <= value <= high]
        typed = fitting[0] if fitting else spec.units[0][0]
    units = {t: (unit, low, high) for t, unit, low, high in spec.units}
    if typed not in units:
        raise ValueError(f"{spec.label}: unknown unit {match.group(2)!r}; give {ranges}")
    unit, low, high = units[typed]
    if not low <= value <= high:
        hint = ""
        for other, (other_low, other_high) in printed.items():
            if other != unit and other_low <= value <= other_high and not match.group(2):
                hint = f" (for {other} write {value:g} {other})"
        raise ValueError(
            f"{spec.label}: {value:g} {unit} is outside {low:g} to {high:g} {unit}{hint}"
        )
    return Measure(value, unit)


def check_text(key: str, label: str, text: str, lines: int = 1) -> str:
    """The text stripped; raises ValueError when it is too long or holds control characters."""
    text = text.strip()
    limit = TEXT_LIMITS[key]
    if len(text) > limit:
        raise ValueError(f"{label}: {len(text)} characters; at most {limit} fit on the sheet")
    if _CONTROL.search(text.replace("\n", " ")) or text.count("\n") >= lines:
        raise ValueError(f"{label}: use at most {lines} line(s) of plain text")
    return text


def parse_date(text: str) -> datetime.date | None:
    text = text.strip()
    if not text:
        return None
    if text.lower() == "today":
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"Date: {text!r} is not a date like 2027-01-14 (year-month-day)") from None


def parse_counts(text: str) -> dict[str, str]:
    """``hb=9.1,anc=0.4,plt=18`` as {"hb": "9.1", …}; raises ValueError naming what is wrong."""
    counts: dict[str, str] = {}
    for item in re.split(r"[;,]", text):
        if not item.strip():
            continue
        key, equals, value = item.partition("=")
        name = _ALIASES.get(key.strip().lower())
        if not equals or name is None:
            raise ValueError(
                f"Counts: {item.strip()!r} is not one of hb=…, anc=…, plt=… "
                '(for example --counts "hb=9.1,anc=0.4,plt=18")'
            )
        counts[name] = value.strip()
    return counts


def details_from(values: Mapping[str, Any]) -> PatientDetails:
    """Check every value (strings as typed; ``medicines`` a list) and build the details.

    Raises PatientInputError listing every problem, not only the first.
    """
    problems: list[str] = []
    checked: dict[str, Any] = {}

    def attempt(key: str, parse: Any, *args: Any) -> None:
        try:
            checked[key] = parse(*args)
        except ValueError as exc:
            problems.append(str(exc))

    for spec in (*COUNTS, TEMPERATURE, PLATELET_LEVEL):
        attempt(spec.key, parse_measure, spec, str(values.get(spec.key) or ""))
    attempt("date", parse_date, str(values.get("date") or ""))
    attempt("name", check_text, "name", "Name", str(values.get("name") or ""))
    attempt(
        "next_appointment",
        check_text,
        "next_appointment",
        "Next appointment",
        str(values.get("next_appointment") or ""),
    )
    attempt("note", check_text, "note", "Note", str(values.get("note") or ""), 8)
    medicines = values.get("medicines") or []
    if isinstance(medicines, str):
        medicines = medicines.splitlines()
    if not isinstance(medicines, list | tuple) or not all(isinstance(m, str) for m in medicines):
        problems.append("Medicines: give a list of text lines")
        medicines = []
    medicines = [m.strip() for m in medicines if m.strip()]
    if len(medicines) > MAX_MEDICINES:
        problems.append(f"Medicines: {len(medicines)} given; at most {MAX_MEDICINES} fit")
    for number, medicine in enumerate(medicines, 1):
        attempt(f"medicine{number}", check_text, "medicine", f"Medicine {number}", medicine)
    if problems:
        raise PatientInputError(problems)
    return PatientDetails(
        name=checked["name"],
        date=checked["date"],
        hb=checked["hb"],
        anc=checked["anc"],
        plt=checked["plt"],
        call_temperature=checked["call_temperature"],
        bleeding_platelets=checked["bleeding_platelets"],
        next_appointment=checked["next_appointment"],
        medicines=tuple(medicines[:MAX_MEDICINES]),
        note=checked["note"],
    )


FILE_KEYS = {
    "name",
    "date",
    "counts",
    "call_temperature",
    "bleeding_platelets",
    "next_appointment",
    "medicines",
    "note",
}


def values_from_file(path: Path) -> dict[str, Any]:
    """The values in a small JSON patient file (read bounded); raises PatientInputError."""
    try:
        data = safejson.read_json(path, PATIENT_FILE_MAX_BYTES, max_depth=2)
    except FileNotFoundError:
        raise PatientInputError([f"the patient file {path} does not exist"]) from None
    except safejson.UserFileError as exc:
        raise PatientInputError([f"the patient file {exc}"]) from None
    if not isinstance(data, dict):
        raise PatientInputError([f"the patient file {path.name} must hold one JSON object"])
    unknown = sorted(str(key)[:40] for key in data if key not in FILE_KEYS)
    if unknown:
        raise PatientInputError(
            [
                f"the patient file has unknown entries {', '.join(unknown)}; "
                f"known are {', '.join(sorted(FILE_KEYS))}"
            ]
        )
    values = {key: value for key, value in data.items() if key != "counts"}
    counts = data.get("counts", {})
    if isinstance(counts, str):
        try:
            counts = parse_counts(counts)
        except ValueError as exc:
            raise PatientInputError([str(exc)]) from None
    if not isinstance(counts, dict):
        raise PatientInputError(['the patient file\'s counts must be an object like {"hb": 9.1}'])
    for key, value in counts.items():
        name = _ALIASES.get(str(key).lower())
        if name is None:
            raise PatientInputError([f"Counts: unknown count {str(key)[:40]!r}; use hb, anc, plt"])
        values[name] = value
    for key, value in list(values.items()):
        if isinstance(value, int | float) and not isinstance(value, bool):
            values[key] = f"{value:g}"
        elif key != "medicines" and not isinstance(value, str):
            raise PatientInputError([f"the patient file's {key} must be text or a number"])
    return values
