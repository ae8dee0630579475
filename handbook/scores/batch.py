"""Scoring a CSV in the official IPSS-M column names: every input column plus the scores."""

from __future__ import annotations

import csv
import math
import os
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from handbook.scores.errors import ScoreInputError
from handbook.scores.ipssm import score_ipssm
from handbook.scores.ipssr import score_ipssr
from handbook.scores.validation import is_missing

REQUIRED_COLUMNS = (
    "HB", "PLT", "BM_BLAST", "CYTO_IPSSR", "del5q", "del7_7q", "complex", "del17_17p",
)  # fmt: skip
OUTPUT_COLUMNS = (
    "IPSSR_SCORE", "IPSSR", "IPSSRA_SCORE", "IPSSRA",
    "IPSSM_SCORE", "IPSSM", "IPSSM_SCORE_BEST", "IPSSM_BEST", "IPSSM_SCORE_WORST", "IPSSM_WORST",
    "ERROR",
)  # fmt: skip
FIELD_LIMIT = 10_000  # characters in one cell; real cells are a few characters long
MAX_ROWS = 1_000_000
MAX_BYTES = 256 * 1024 * 1024
MAX_COLUMNS = 1_000
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # spreadsheet formula triggers (OWASP)
_FORMULA_FIRST = frozenset(_FORMULA_STARTS)
_EMPTY_SCORES = dict.fromkeys(OUTPUT_COLUMNS[:-1], "")


class BatchError(Exception):
    """The file cannot be scored at all (missing, not CSV, a required column absent, too big)."""


@dataclass(frozen=True)
class BatchReport:
    """How many rows were written and how many of them carry an ERROR."""

    rows: int
    errors: int


def format_number(value: float) -> str:
    """Up to 4 decimals, no trailing zeros: 4, 3.5, 4.475, -0.22."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def safe_cell(text: str) -> str:
    """Text that a spreadsheet would run as a formula gets a leading quote; numbers stay."""
    if text.startswith(_FORMULA_STARTS) and not _is_number(text):
        return "'" + text
    return text


def score_row(row: Mapping[str, object]) -> dict[str, str]:
    """The output columns for one patient; a row that cannot be scored gets only ERROR."""
    try:
        ipssm = score_ipssm(row)
        try:
            ipssr = score_ipssr(row)
        except ScoreInputError as exc:
            if exc.field == "ANC" and is_missing(row.get("ANC")):
                ipssr = None  # IPSS-R needs ANC; IPSS-M does not: not an error
            else:
                raise
    except ScoreInputError as exc:
        return {**_EMPTY_SCORES, "ERROR": str(exc)}
    out = dict(_EMPTY_SCORES, ERROR="")
    if ipssr is not None:
        out["IPSSR_SCORE"] = format_number(ipssr.score)
        out["IPSSR"] = ipssr.category
        if ipssr.age_adjusted_score is not None and ipssr.age_adjusted_category is not None:
            out["IPSSRA_SCORE"] = format_number(ipssr.age_adjusted_score)
            out["IPSSRA"] = ipssr.age_adjusted_category
    out["IPSSM_SCORE"] = format_number(ipssm.mean.score)
    out["IPSSM"] = ipssm.mean.category
    out["IPSSM_SCORE_BEST"] = format_number(ipssm.best.score)
    out["IPSSM_BEST"] = ipssm.best.category
    out["IPSSM_SCORE_WORST"] = format_number(ipssm.worst.score)
    out["IPSSM_WORST"] = ipssm.worst.category
    return out


def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _check_paths(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BatchError(f"{source}: no such file")
    if _same_file(source, target):
        raise BatchError(f"{target}: the output must not be the input file")
    if source.stat().st_size > MAX_BYTES:
        raise BatchError(f"{source}: larger than {MAX_BYTES // 2**20} MB; split the file")


def _header(reader: Iterator[list[str]], source: Path) -> list[str]:
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise BatchError(f"{source}: empty file, expected a CSV header row") from None
    if len(header) > MAX_COLUMNS:
        raise BatchError(f"{source}: more than {MAX_COLUMNS} columns; is this the right file?")
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise BatchError(
            f"{source}: not a CSV with the required columns; missing {', '.join(missing)}"
        )
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise BatchError(f"{source}: duplicate columns {', '.join(duplicates)}")
    return header


def _scored_rows(
    reader: Iterator[list[str]], header: list[str], kept: list[int]
) -> Iterator[tuple[list[str], dict[str, str]]]:
    width = len(header)
    for number, cells in enumerate(reader, start=1):
        if number > MAX_ROWS:
            raise BatchError(f"more than {MAX_ROWS:,} rows; split the file")
        if not cells:
            continue
        if len(cells) > width:
            scores = {**_EMPTY_SCORES, "ERROR": f"row has {len(cells)} values for {width} columns"}
        else:
            scores = score_row(dict(zip(header, cells, strict=False)))
        cells += [""] * (width - len(cells))
        yield [cells[i] for i in kept], scores


def score_csv(source: Path, target: Path) -> BatchReport:
    """Score every row of ``source`` into ``target``, written whole or not at all."""
    _check_paths(source, target)
    csv.field_size_limit(FIELD_LIMIT)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=".scores-", suffix=".csv", dir=target.parent)
    except OSError as exc:
        raise BatchError(f"{target}: cannot write here ({exc.strerror})") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as outfile:
            report = _copy_scored(source, outfile)
        os.replace(temp_name, target)
    except BaseException:
        _remove(temp_name)  # never leave a half-written file of patient data behind
        raise
    return report


def _copy_scored(source: Path, outfile: TextIO) -> BatchReport:
    rows = errors = 0
    line = 0
    try:
        with source.open(encoding="utf-8-sig", newline="") as infile:
            reader = csv.reader(infile, strict=True)
            header = _header(reader, source)
            kept = [i for i, name in enumerate(header) if name not in OUTPUT_COLUMNS]
            writer = csv.writer(outfile)
            writer.writerow([safe_cell(header[i]) for i in kept] + list(OUTPUT_COLUMNS))
            for cells, scores in _scored_rows(reader, header, kept):
                rows += 1
                errors += bool(scores["ERROR"])
                line = reader.line_num
                out = [c if c[:1] not in _FORMULA_FIRST else safe_cell(c) for c in cells]
                writer.writerow(out + [safe_cell(scores[c]) for c in OUTPUT_COLUMNS])
    except (UnicodeDecodeError, csv.Error) as exc:
        raise BatchError(
            f"{source}: not a readable UTF-8 CSV (after line {line}): {_short(exc)}"
        ) from None
    except OSError as exc:
        raise BatchError(f"{exc.filename or source}: {exc.strerror or 'cannot be read'}") from None
    return BatchReport(rows, errors)


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) <= 120 else text[:120] + "…"


def _remove(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass
