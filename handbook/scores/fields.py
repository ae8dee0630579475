"""Field descriptions of every calculator: official column names, units, ranges, choices."""

from __future__ import annotations

from dataclasses import dataclass

NUMBER = "number"
CHOICE = "choice"
GENE = "gene"

CYTO_CATEGORIES = ("Very Good", "Good", "Intermediate", "Poor", "Very Poor")
BINARY = ("0", "1")
TP53MUT_CHOICES = ("0", "1", "2 or more")
RETIC_METHODS = ("manual", "automated")
CCI_INTERVALS = ("1h", "24h")

MAIN_GENES = (
    "ASXL1", "CBL", "DNMT3A", "ETV6", "EZH2", "IDH2", "KRAS",
    "NPM1", "NRAS", "RUNX1", "SF3B1", "SRSF2", "U2AF1",
)  # fmt: skip
RESIDUAL_GENES = (
    "BCOR", "BCORL1", "CEBPA", "ETNK1", "GATA2", "GNB1", "IDH1", "NF1",
    "PHF6", "PPM1D", "PRPF8", "PTPN11", "SETBP1", "STAG2", "WT1",
)  # fmt: skip


@dataclass(frozen=True)
class FieldSpec:
    """One input: its column name, label, unit, kind, range or choices, and whether required."""

    name: str
    label: str
    unit: str
    kind: str
    minimum: float | None
    maximum: float | None
    choices: tuple[str, ...]
    required: bool


def number(
    name: str, label: str, unit: str, low: float, high: float, required: bool = True
) -> FieldSpec:
    """A numeric field with an inclusive range."""
    return FieldSpec(name, label, unit, NUMBER, low, high, (), required)


def choice(name: str, label: str, choices: tuple[str, ...], required: bool = True) -> FieldSpec:
    """A field taking one of a fixed set of values."""
    return FieldSpec(name, label, "", CHOICE, None, None, choices, required)


def gene(name: str, label: str) -> FieldSpec:
    """A mutation status: "1" mutated, "0" not mutated, "NA" not tested."""
    return FieldSpec(name, label, "", GENE, None, None, ("0", "1", "NA"), False)


G_L = "×10⁹/L"
HB = number("HB", "Haemoglobin", "g/dL", 4, 20)
PLT = number("PLT", "Platelets", G_L, 0, 2000)
BM_BLAST = number("BM_BLAST", "Marrow blasts", "%", 0, 30)
ANC = number("ANC", "Absolute neutrophil count", G_L, 0, 15)
AGE = number("AGE", "Age", "years", 0, 120, required=False)
CYTO_IPSSR = choice("CYTO_IPSSR", "IPSS-R cytogenetic category", CYTO_CATEGORIES)

IPSSR_FIELDS: tuple[FieldSpec, ...] = (HB, PLT, BM_BLAST, ANC, AGE, CYTO_IPSSR)

IPSSM_FIELDS: tuple[FieldSpec, ...] = (
    HB,
    PLT,
    BM_BLAST,
    CYTO_IPSSR,
    choice("del5q", "del(5q)", BINARY),
    choice("del7_7q", "−7/del(7q)", BINARY),
    choice("complex", "Complex karyotype", BINARY),
    choice("del17_17p", "−17/del(17p)", BINARY),
    choice("TP53mut", "Number of TP53 mutations", TP53MUT_CHOICES, required=False),
    number("TP53maxvaf", "Highest TP53 variant allele fraction", "", 0, 1, required=False),
    gene("TP53loh", "TP53 loss of heterozygosity"),
    gene("MLL_PTD", "KMT2A (MLL) partial tandem duplication"),
    gene("FLT3", "FLT3 ITD or TKD"),
    *(gene(name, name) for name in MAIN_GENES),
    *(gene(name, name) for name in RESIDUAL_GENES),
)

AA_FIELDS: tuple[FieldSpec, ...] = (
    number("CELLULARITY", "Marrow cellularity", "%", 0, 100),
    number("RESIDUAL_HAEM", "Residual haematopoietic cells", "%", 0, 100, required=False),
    number("ANC", "Neutrophils", G_L, 0, 15),
    number("PLT", "Platelets", G_L, 0, 2000),
    number("RETIC", "Reticulocytes", G_L, 0, 1000),
    choice("RETIC_METHOD", "Reticulocyte count method", RETIC_METHODS),
)

CCI_FIELDS: tuple[FieldSpec, ...] = (
    number("PRE", "Pre-transfusion platelet count", G_L, 0, 2000),
    number("POST", "Post-transfusion platelet count", G_L, 0, 2000),
    number("HEIGHT", "Height", "cm", 30, 250),
    number("WEIGHT", "Weight", "kg", 2, 350),
    number("DOSE", "Platelets transfused", "×10¹¹", 0.1, 20),
    choice("INTERVAL", "Time after transfusion", CCI_INTERVALS),
)
