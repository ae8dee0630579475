"""Scoring a CSV in the official IPSS-M column names: every input column plus the scores."""

from __future__ import annotations

import csv
import gc
import io
import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice, repeat
from operator import sub
from pathlib import Path
from typing import Any, TextIO

from handbook.scores.batch_columns import CHUNK_ROWS, ColumnScorer, may_start_formula
from handbook.scores.cells import FORMULA_FIRST, format_number, safe_cell
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
_EMPTY_SCORES = dict.fromkeys(OUTPUT_COLUMNS[:-1], "")


class BatchError(Exception):
    """The file cannot be scored at all (missing, not CSV, a required column absent, too big)."""


@dataclass(frozen=True)
class BatchReport:
    """How many rows were written and how many of them carry an ERROR."""

    rows: int
    errors: int


def score_row(row: Mapping[str, object]) -> dict[str, str]:
    """The output columns for one patient; a row that cannot be scored gets only ERROR.

    The general path: ``batch_rows.RowScorer`` gives the same cells faster for most rows."""
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


def general_row(cells: list[str], header: list[str], kept: list[int]) -> list[str]:
    """One row as written, scored by ``score_row``: any row, well-formed or not."""
    width = len(header)
    if len(cells) > width:
        scores = {**_EMPTY_SCORES, "ERROR": f"row has {len(cells)} values for {width} columns"}
    else:
        scores = score_row(dict(zip(header, cells, strict=False)))
    cells = cells + [""] * (width - len(cells))
    out = [cells[i] for i in kept]
    out += [scores[c] for c in OUTPUT_COLUMNS]
    if may_start_formula(out):
        out = [c if c[:1] not in FORMULA_FIRST else safe_cell(c) for c in out]
    return out


def _chunks(reader: Iterator[list[str]]) -> Iterator[list[list[str]]]:
    """The data rows, CHUNK_ROWS at a time, without blank lines."""
    count = 0
    while chunk := list(islice(reader, CHUNK_ROWS)):
        count += len(chunk)
        if count > MAX_ROWS:
            raise BatchError(f"more than {MAX_ROWS:,} rows; split the file")
        if [] in chunk:
            chunk = [cells for cells in chunk if cells]
        if chunk:
            yield chunk


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
    rows = 0
    reader: Any = None
    try:
        with source.open(encoding="utf-8-sig", newline="") as infile:
            reader = csv.reader(infile, strict=True)
            header = _header(reader, source)
            kept = [i for i, name in enumerate(header) if name not in OUTPUT_COLUMNS]
            csv.writer(outfile).writerow(
                [safe_cell(header[i]) for i in kept] + list(OUTPUT_COLUMNS)
            )
            scorer = ColumnScorer(header, kept, lambda cells: general_row(cells, header, kept))
            with _collector_paused():
                for chunk in _chunks(reader):
                    written = scorer.rows(chunk)
                    rows += len(written)
                    _write_rows(outfile, written)
    except (UnicodeDecodeError, csv.Error) as exc:
        line = reader.line_num if reader is not None else 0
        where = f"after line {line}" if isinstance(exc, UnicodeDecodeError) else f"line {line}"
        raise BatchError(f"{source}: not a readable UTF-8 CSV ({where}): {_short(exc)}") from None
    except OSError as exc:
        raise BatchError(f"{exc.filename or source}: {exc.strerror or 'cannot be read'}") from None
    return BatchReport(rows, scorer.errors)


def _write_rows(outfile: TextIO, rows: list[list[str]]) -> None:
    """Write ``rows`` exactly as ``csv.writer(outfile).writerows`` would, but faster.

    The csv writer quotes a cell only if it holds a comma, a quote or a line break. A row
    whose joined line shows none of these (only the joins' commas) is the writer's line as
    it stands; the writer itself writes the others."""
    lines = list(map(",".join, rows))
    joins = list(map(sub, map(len, rows), map(str.count, lines, repeat(","))))
    special = set() if joins.count(1) == len(rows) else {at for at, n in enumerate(joins) if n != 1}
    text = "\r\n".join(lines)
    ends = len(lines) - 1  # the joins' own line breaks
    if '"' in text or text.count("\r") != ends or text.count("\n") != ends:
        special.update(at for at, line in enumerate(lines) if any(c in line for c in '"\r\n'))
    if special:
        for at in special:
            buffer = io.StringIO()
            csv.writer(buffer).writerow(rows[at])
            lines[at] = buffer.getvalue().removesuffix("\r\n")
        text = "\r\n".join(lines)
    outfile.write(text + "\r\n")


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while scoring.

    Scoring makes about a hundred short-lived tuples a row and no reference cycles, so
    reference counting frees everything; the collector would otherwise walk the live rows
    every 700 allocations, a third of the time spent scoring."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) <= 120 else text[:120] + "…"


def _remove(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass
