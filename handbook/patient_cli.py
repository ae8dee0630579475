"""``export-pdf``'s "for this patient" flags: checked like the window's form, never logged."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when used: main() asks carries_patient_data() before the window
    import argparse

    from handbook.patient import PatientDetails

# Flags whose values are a patient's details: a command line holding one is kept out of
# the log (handbook/cli.py), as "score" is.
PATIENT_FLAGS = (
    "--patient",
    "--patient-name",
    "--date",
    "--counts",
    "--call-temperature",
    "--bleeding-platelets",
    "--next-appointment",
    "--medicine",
    "--note",
)


def carries_patient_data(arguments: list[str]) -> bool:
    return any(arg.split("=", 1)[0] in PATIENT_FLAGS for arg in arguments)


def add_patient_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "for this patient",
        "A framed box on the first page (a pack's cover) with these details; a value left out "
        "prints as a line to write on. Nothing given here is saved or logged.",
    )
    group.add_argument(
        "--patient", type=Path, metavar="FILE.json", help="the details below from a JSON file"
    )
    group.add_argument("--patient-name", metavar="NAME", help="the patient's name")
    group.add_argument("--date", metavar="YYYY-MM-DD", help="the date printed (default: today)")
    group.add_argument(
        "--counts",
        metavar="hb=9.1,anc=0.4,plt=18",
        help="today's counts: Hb in g/dL (or 91g/L), neutrophils and platelets in ×10⁹/L",
    )
    group.add_argument(
        "--call-temperature", metavar="38", help="call at this temperature (°C, or 100.4F)"
    )
    group.add_argument(
        "--bleeding-platelets", metavar="20", help="platelet level for bleeding advice (×10⁹/L)"
    )
    group.add_argument("--next-appointment", metavar="TEXT", help="when and where")
    group.add_argument(
        "--medicine", action="append", metavar="TEXT", help="one medicine (repeat for more)"
    )
    group.add_argument("--note", metavar="TEXT", help="a short note from the team")


def patient_from_args(args: argparse.Namespace) -> PatientDetails | None:
    """The details asked for, or None when no patient flag was given; raises PatientInputError."""
    from handbook.patient import PatientInputError, details_from, parse_counts
    from handbook.patient import values_from_file as patient_file_values

    given = {
        "name": args.patient_name,
        "date": args.date,
        "call_temperature": args.call_temperature,
        "bleeding_platelets": args.bleeding_platelets,
        "next_appointment": args.next_appointment,
        "medicines": args.medicine,
        "note": args.note,
    }
    if args.patient is None and args.counts is None and all(v is None for v in given.values()):
        return None
    values: dict[str, Any] = patient_file_values(args.patient) if args.patient else {}
    if args.counts is not None:
        try:
            values.update(parse_counts(args.counts))
        except ValueError as exc:
            raise PatientInputError([str(exc)]) from None
    values.update({key: value for key, value in given.items() if value is not None})
    values.setdefault("date", "today")
    return details_from(values)
