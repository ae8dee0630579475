"""Look-up tables for the column-wise CSV path: cell texts -> what the validators make of them.

A CSV of thousands of patients holds few distinct values per column ("0", "1", "NA", "9.5"),
and few combinations of five gene cells (3**5 = 243). Each table parses a key the first time
it is seen, with the validators and model terms the general path uses, and remembers it. A key
that does not validate, or holds a cell a spreadsheet would run as a formula, gives BAD: that
row is then scored by ``batch.score_row``, which words the ERROR (or escapes the cell).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from handbook.scores import ipssm, ipssr
from handbook.scores.cells import FORMULA_FIRST, format_number, is_number
from handbook.scores.errors import ScoreInputError
from handbook.scores.fields import IPSSM_FIELDS, IPSSR_FIELDS, RESIDUAL_GENES, FieldSpec
from handbook.scores.validation import (
    is_missing,
    parse_gene,
    parse_number,
    require_choice,
    require_number,
)

CACHE_MAX = 4096  # keys remembered per table: memory stays bounded whatever the file holds
SPECS = {spec.name: spec for spec in (*IPSSM_FIELDS, *IPSSR_FIELDS)}
Terms = tuple[float, float, float]  # what a variable adds to the mean, best and worst scores
HUNDREDTHS = 100.0  # terms are kept in hundredths of a point, ready for rounding
_CANONICAL_GENE: dict[str, int | None] = {"0": 0, "1": 1, "NA": None, "": None}


class _Risky(Exception):
    """A cell the written file must escape; the general path does that."""


BAD: Any = object()  # the key did not parse: the row goes the general way


class Table(dict[Any, Any]):
    """Key -> ``parse(key)``, remembered; BAD when the key does not parse."""

    def __init__(self, parse: Callable[[Any], Any], stand_in: Any) -> None:
        super().__init__()
        self.parse = parse
        self.holds_bad = False
        self.stand_in = parse(stand_in)  # a valid value put where BAD was, so sums still run

    def __missing__(self, key: Any) -> Any:
        try:
            value = self.parse(key)
        except (ScoreInputError, _Risky):
            value = BAD
            self.holds_bad = True
        if len(self) < CACHE_MAX:
            self[key] = value
        return value

    def convert(self, keys: Iterable[Any], general: set[int]) -> list[Any]:
        """Every key's value; the positions of those that failed are added to ``general``."""
        values = list(map(self.__getitem__, keys))
        if self.holds_bad:
            for at, value in enumerate(values):
                if value is BAD:
                    general.add(at)
                    values[at] = self.stand_in
        return values


def number(spec: FieldSpec, text: str) -> float:
    """``require_number``, with a shortcut for plain decimals such as 9.6 or 281."""
    if len(text) <= 64 and text.replace(".", "", 1).isdecimal():
        value = float(text)
        if spec.minimum is not None and spec.maximum is not None:
            if spec.minimum <= value <= spec.maximum:
                return value
    return require_number(spec, checked(text))


def checked(text: str) -> str:
    if text[:1] in FORMULA_FIRST and not is_number(text):
        raise _Risky
    return text


def term(name: str, x: float) -> float:
    """One variable's contribution, in hundredths (the written scores have two decimals)."""
    return HUNDREDTHS * (ipssm._SCALE[name] * (x - ipssm.MODEL[name].mean))


def scenarios(name: str, status: int | None) -> Terms:
    """What a 0/1 variable adds in each scenario, in hundredths (NA adds 0 to the mean)."""
    if status is None:
        return 0.0, HUNDREDTHS * ipssm._BEST_TERM[name], HUNDREDTHS * ipssm._WORST_TERM[name]
    value = term(name, status)
    return value, value, value


def numeric(
    name: str, points: Callable[[float], float], variable: str, x_of: Callable[[float], float]
) -> Table:
    """A number column -> (IPSS-R points, IPSS-M term)."""
    spec = SPECS[name]

    def parse(text: str) -> tuple[float, float]:
        value = number(spec, text)
        return points(value), term(variable, x_of(value))

    return Table(parse, f"{spec.minimum:g}")


def cytogenetics_and_blasts() -> Table:
    """(CYTO_IPSSR, BM_BLAST) cells -> (their IPSS-R points, their IPSS-M terms), summed."""
    cyto, blasts = SPECS["CYTO_IPSSR"], SPECS["BM_BLAST"]

    def parse(cells: tuple[str, str]) -> tuple[float, float]:
        category = require_choice(cyto, checked(cells[0]))
        value = number(blasts, cells[1])
        cyto_term = term("CYTOVEC", ipssm._CYTOVEC[category])
        blast_term = term("BLAST5", min(value, 20) / 5)
        points = ipssr._CYTO_POINTS[category] + ipssr.blast_points(value)
        return points, cyto_term + blast_term

    return Table(parse, ("Good", "0"))


def anc_points() -> Table:
    """ANC -> its points; None when not given (the IPSS-R is then empty, not an error)."""
    spec = SPECS["ANC"]

    def parse(text: str) -> float | None:
        if is_missing(checked(text)):
            return None
        return ipssr.anc_points(number(spec, text))

    return Table(parse, "")


def optional_number(name: str) -> Table:
    spec = SPECS[name]
    return Table(lambda text: parse_number(spec, checked(text)), "")


def _gene(name: str, text: str) -> int | None:
    status = _CANONICAL_GENE.get(text, -1)  # the usual cells, without the general checks
    return parse_gene(SPECS[name], checked(text)) if status == -1 else status


def _binary(name: str, text: str) -> int:
    return int(require_choice(SPECS[name], checked(text)))


# What a group of gene cells says of the SF3B1_alpha blockers it holds.
CLEAR, BLOCKED, UNKNOWN = 0, 1, 2  # all not mutated / one mutated / else (some not assessed)
_STATUS_OF_STATE = {CLEAR: 0, BLOCKED: 1, UNKNOWN: None}


def blocker_state(statuses: Sequence[int | None]) -> int:
    if 1 in statuses:
        return BLOCKED
    return CLEAR if all(status == 0 for status in statuses) else UNKNOWN


def sf3b1_variables() -> Table:
    """(SF3B1, del5q, del7_7q, complex cells, the groups' blocker states) -> what
    SF3B1_alpha and SF3B1_5q add together."""

    def parse(key: tuple[Any, ...]) -> Terms:
        (sf3b1_text, del5q, del7, complex_), *states = key
        sf3b1 = _gene("SF3B1", sf3b1_text)
        sf3b1_5q = ipssm._sf3b1_5q(
            sf3b1,
            _binary("del5q", del5q),
            _binary("del7_7q", del7),
            _binary("complex", complex_),
        )
        blockers = [_STATUS_OF_STATE[state] for state in states]
        alpha = ipssm._sf3b1_alpha(sf3b1, sf3b1_5q, blockers)
        first, second = scenarios("SF3B1_alpha", alpha), scenarios("SF3B1_5q", sf3b1_5q)
        return first[0] + second[0], first[1] + second[1], first[2] + second[2]

    return Table(parse, (("0", "0", "0", "0"), CLEAR, CLEAR))


def vaf_above_half() -> Table:
    """TP53maxvaf cell -> whether it shows loss of heterozygosity (VAF > 0.55)."""
    spec = SPECS["TP53maxvaf"]

    def parse(text: str) -> bool:
        vaf = parse_number(spec, checked(text))
        return vaf is not None and vaf > 0.55

    return Table(parse, "")


def tp53multi() -> Table:
    """(TP53mut cell, VAF > 0.55, TP53loh cell, del17_17p cell) -> TP53multi's terms."""
    high_vaf = 0.56  # the flag stands for the VAF: only its side of 0.55 matters

    def parse(key: tuple[str, bool, str, str]) -> Terms:
        mutations, above_half, loh, del17 = key
        status = ipssm._tp53multi(
            ipssm._tp53_mutations(checked(mutations)),
            high_vaf if above_half else None,
            _gene("TP53loh", loh),
            _binary("del17_17p", del17),
        )
        return scenarios("TP53multi", status)

    return Table(parse, ("0", False, "0", "0"))


_SCENARIOS = {
    name: {status: scenarios(name, status) for status in (0, 1, None)}
    for name in ipssm._GENE_VARIABLES
}


def model_genes(names: Sequence[str]) -> Table:
    """A group of model genes' cells -> (mean, best, worst terms they add, blocker state)."""
    blockers = [at for at, name in enumerate(names) if name in ipssm._ALPHA_BLOCKERS]

    def parse(cells: tuple[str, ...]) -> tuple[float, float, float, int]:
        statuses = [_gene(name, text) for name, text in zip(names, cells, strict=True)]
        mean = best = worst = 0.0
        for name, status in zip(names, statuses, strict=True):
            added = _SCENARIOS[name][status]
            mean, best, worst = mean + added[0], best + added[1], worst + added[2]
        return mean, best, worst, blocker_state([statuses[at] for at in blockers])

    return Table(parse, tuple("0" for _ in names))


COUNT_BASE = 16  # a residual group's counts in one int: mutated * 16 + not assessed


def residual_genes(names: Sequence[str]) -> Table:
    """A group of residual genes' cells -> (mutated * 16 + not assessed, blocker state)."""
    blockers = [at for at, name in enumerate(names) if name in ipssm._ALPHA_BLOCKERS]

    def parse(cells: tuple[str, ...]) -> tuple[int, int]:
        statuses = [_gene(name, text) for name, text in zip(names, cells, strict=True)]
        counts = statuses.count(1) * COUNT_BASE + statuses.count(None)
        return counts, blocker_state([statuses[at] for at in blockers])

    return Table(parse, tuple("0" for _ in names))


def nres2() -> Table:
    """All residual genes' counts (summed codes of the groups) -> Nres2's terms."""

    def parse(counts: int) -> Terms:
        mutated, missing = divmod(counts, COUNT_BASE)
        statuses: list[int | None] = [1] * mutated + [None] * missing
        statuses += [0] * (len(RESIDUAL_GENES) - len(statuses))
        mean, best, worst = ipssm.nres2_scenarios(statuses)
        return term("Nres2", mean), term("Nres2", best), term("Nres2", worst)

    return Table(parse, 0)


def ipssr_named() -> Table:
    """(cytogenetics and blasts, Hb, platelets, ANC points) -> (score, group, total or None)."""

    def parse(points: tuple[float, float, float, float | None]) -> tuple[str, str, Any]:
        if points[-1] is None:
            return "", "", None
        total = sum(points)  # type: ignore[arg-type]  # None excluded above
        return format_number(total), ipssr.category_for(total), total

    return Table(parse, (0.0, 0.0, 0.0, None))


def ipssra_named() -> Table:
    """(IPSS-R total or None, AGE cell) -> (IPSS-R(A) score, group), empty without both.

    Without an IPSS-R (no ANC) the general path never reads AGE, so neither does this."""
    ages = optional_number("AGE")  # the few distinct ages, each parsed once

    def parse(key: tuple[float | None, str]) -> tuple[str, str]:
        total, age_text = key
        if total is None:
            return "", ""
        age = ages[age_text]
        if age is BAD:
            raise _Risky  # not a valid age: the general path words the error
        if age is None:
            return "", ""
        adjusted = ipssr.age_adjusted(total, age)
        return format_number(adjusted), ipssr.category_for(adjusted)

    return Table(parse, (None, ""))


def ipssm_named() -> Table:
    """An IPSS-M score in whole hundredths -> (its written text, its category)."""

    def parse(hundredths: int) -> tuple[str, str]:
        rounded = hundredths / 100 + 0.0  # the double nearest k/100, as round_score gives
        return format_number(rounded), ipssm.category_for(rounded)

    return Table(parse, 0)
