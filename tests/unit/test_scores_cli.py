"""``handbook score``: the CSV contract (columns, NA, ERROR, exit codes), one patient."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.cli import main
from handbook.scores.batch import FIELD_LIMIT, OUTPUT_COLUMNS, safe_cell, score_row
from tests.helpers import EXAMPLES


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def score(tmp_path: Path, source: Path) -> tuple[int, list[dict[str, str]]]:
    out = tmp_path / "out.csv"
    code = main(["score", "--csv", str(source), "-o", str(out)])
    return code, (read(out) if out.exists() else [])


def test_worked_examples_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, rows = score(tmp_path, EXAMPLES)
    assert code == 0
    by_id = {row["ID"]: row for row in rows}
    assert list(rows[0]) == list(read(EXAMPLES)[0]) + list(OUTPUT_COLUMNS)
    pp347 = by_id["pp347"]
    assert [pp347[c] for c in OUTPUT_COLUMNS] == [
        "4", "Int", "4.27", "Int", "0.31", "Moderate High", "0.3", "Moderate High",
        "0.63", "High", "",
    ]  # fmt: skip
    assert by_id["zeroScore"]["IPSSRA_SCORE"] == "4.475"
    assert by_id["pp564"]["IPSSM_SCORE"] == "4.55" and by_id["pp564"]["IPSSR"] == "Very High"
    alpha = by_id["SF3B1alphaTestCase"]
    assert (alpha["IPSSR_SCORE"], alpha["IPSSR"], alpha["IPSSRA"], alpha["ERROR"]) == (
        "",
        "",
        "",
        "",
    )
    assert (alpha["IPSSM_SCORE"], alpha["IPSSM_BEST"], alpha["IPSSM_SCORE_WORST"]) == (
        "-0.22",
        "Moderate Low",
        "0.31",
    )
    assert "5 rows" in capsys.readouterr().out


def test_bad_row_keeps_inputs_and_others_are_scored(tmp_path: Path) -> None:
    rows = read(EXAMPLES)
    rows[1]["HB"] = "nine"
    _code, out = score(tmp_path, write(tmp_path / "in.csv", rows))
    assert out[1]["HB"] == "nine" and out[1]["ID"] == "pp564"
    assert out[1]["ERROR"] == "HB: 'nine' is not valid; expected a number from 4 to 20 g/dL"
    assert all(out[1][c] == "" for c in OUTPUT_COLUMNS[:-1])
    assert out[0]["IPSSM_SCORE"] == "0.31" and out[2]["IPSSM"] == "Moderate Low"


def test_missing_gene_columns_and_na_mean_not_assessed(tmp_path: Path) -> None:
    rows = [{k: v for k, v in row.items() if k not in ("BCOR", "WT1")} for row in read(EXAMPLES)]
    _code, out = score(tmp_path, write(tmp_path / "in.csv", rows))
    assert out[0]["IPSSM_SCORE"] == "0.32"  # pp347 without BCOR and WT1 is the withNAs case


def test_missing_age_leaves_only_ipssra_empty(tmp_path: Path) -> None:
    rows = read(EXAMPLES)[:1]
    rows[0]["AGE"] = "NA"
    _code, out = score(tmp_path, write(tmp_path / "in.csv", rows))
    assert (out[0]["IPSSR"], out[0]["IPSSRA_SCORE"], out[0]["ERROR"]) == ("Int", "", "")


def test_anc_out_of_range_is_an_error(tmp_path: Path) -> None:
    rows = read(EXAMPLES)[:1]
    rows[0]["ANC"] = "99"
    _code, out = score(tmp_path, write(tmp_path / "in.csv", rows))
    assert out[0]["ERROR"].startswith("ANC: '99' is not valid") and out[0]["IPSSM"] == ""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"\xff\xfe\x00binary\x00", "not a readable UTF-8 CSV"),
        (b"", "empty file"),
        (b"ID,HB,PLT\n1,9,100\n", "missing BM_BLAST, CYTO_IPSSR"),
        (b"just some text\n", "missing HB"),
    ],
)
def test_unreadable_files_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, message: str
) -> None:
    source = tmp_path / "in.csv"
    if content is not None:
        source.write_bytes(content)
    code, _rows = score(tmp_path, source)
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and err.count("\n") == 1
    assert not (tmp_path / "out.csv").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".scores-")] == []


def test_output_must_not_be_the_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.csv"
    shutil.copy(EXAMPLES, source)
    before = source.read_bytes()
    assert main(["score", "--csv", str(source), "-o", str(tmp_path / "." / "in.csv")]) == 2
    assert "must not be the input" in capsys.readouterr().err
    assert source.read_bytes() == before


def test_huge_field_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = read(EXAMPLES)
    rows[0]["ID"] = "x" * (FIELD_LIMIT + 1)
    code, _ = score(tmp_path, write(tmp_path / "in.csv", rows))
    assert code == 2 and "field larger than field limit" in capsys.readouterr().err


def test_row_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("handbook.scores.batch.MAX_ROWS", 3)
    code, _ = score(tmp_path, EXAMPLES)
    assert code == 2 and "more than 3 rows" in capsys.readouterr().err
    assert not (tmp_path / "out.csv").exists()


def test_formula_cells_are_quoted_but_numbers_are_not(tmp_path: Path) -> None:
    rows = read(EXAMPLES)[:1]
    rows[0]["ID"] = '=HYPERLINK("http://x")'
    rows[0]["NOTE"] = "@SUM(A1)"
    rows[0]["NEG"] = "-1.5"
    rows[0]["PLUS"] = "+cmd"
    _code, out = score(tmp_path, write(tmp_path / "in.csv", rows))
    assert out[0]["ID"] == '\'=HYPERLINK("http://x")'
    assert (out[0]["NOTE"], out[0]["NEG"], out[0]["PLUS"]) == ("'@SUM(A1)", "-1.5", "'+cmd")
    assert safe_cell("-0.22") == "-0.22" and safe_cell("-") == "'-" and safe_cell("") == ""


def test_row_with_too_many_values(tmp_path: Path) -> None:
    text = EXAMPLES.read_text(encoding="utf-8").splitlines()
    source = tmp_path / "in.csv"
    source.write_text("\n".join([text[0], text[1] + ",extra", text[2]]) + "\n", encoding="utf-8")
    _code, out = score(tmp_path, source)
    assert "values for" in out[0]["ERROR"] and out[1]["IPSSM_SCORE"] == "4.55"


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["HB", "PLT", "ANC", "CYTO_IPSSR", "TP53mut", "del5q"]),
                       st.text(max_size=12)))  # fmt: skip
def test_score_row_never_raises(changes: dict[str, str]) -> None:
    base = read(EXAMPLES)[0]
    out = score_row({**base, **changes})
    assert set(out) == set(OUTPUT_COLUMNS)
    assert bool(out["ERROR"]) != bool(out["IPSSM_SCORE"])


ONE = ["--HB", "9.6", "--PLT", "281", "--BM_BLAST", "9", "--CYTO_IPSSR", "Good", "--del5q", "0",
       "--del7_7q", "0", "--complex", "0", "--del17_17p", "0", "--TP53mut", "0"]  # fmt: skip


def test_one_patient_ipssm_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "ipssm", *ONE]) == 0
    out = capsys.readouterr().out
    assert "IPSS-M risk score" in out and "not assessed" in out and "Bernard" in out


def test_one_patient_ipssm_json(capsys: pytest.CaptureFixture[str]) -> None:
    row = read(EXAMPLES)[0]
    flags = [
        x for name in row if name not in ("ID", "ANC", "AGE") for x in (f"--{name}", row[name])
    ]
    assert main(["score", "ipssm", *flags, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["mean"] == {"score": 0.31, "category": "Moderate High"}
    assert data["worst"] == {"score": 0.63, "category": "High"}
    assert data["calculator"] == "ipssm"


def test_one_patient_ipssr(capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "--HB",
        "9.6",
        "--PLT",
        "281",
        "--BM_BLAST",
        "9",
        "--CYTO_IPSSR",
        "Good",
        "--ANC",
        "4.84",
    ]
    assert main(["score", "ipssr", *args, "--AGE", "79", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["score"], data["category"], data["age_adjusted_score"]) == (4, "Int", 4.27)
    assert (data["median_survival_years"], data["median_aml25_years"]) == (3.0, 3.2)
    assert data["median_aml25_reached"] is True and "Greenberg PL" in data["citation"]
    assert main(["score", "ipssr", *args]) == 0
    text = capsys.readouterr().out
    assert "median time to 25% AML evolution in the IPSS-R cohort: 3.2 years" in text
    very_low = [*args[:5], "0", *args[6:]]  # blasts 0 instead of 9
    assert main(["score", "ipssr", *very_low, "--HB", "12", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["category"] == "Very Low" and data["median_aml25_years"] is None
    assert data["median_aml25_reached"] is False


def test_one_patient_aa_and_cci(capsys: pytest.CaptureFixture[str]) -> None:
    aa = ["--CELLULARITY", "10", "--ANC", "0.1", "--PLT", "5", "--RETIC", "10",
          "--RETIC_METHOD", "automated"]  # fmt: skip
    assert main(["score", "aa-severity", *aa]) == 0
    assert "very severe" in capsys.readouterr().out
    cci = ["--PRE", "10", "--POST", "30", "--HEIGHT", "180", "--WEIGHT", "64.8", "--DOSE", "3",
           "--INTERVAL", "1h"]  # fmt: skip
    assert main(["score", "cci", *cci]) == 0
    assert "12,000" in capsys.readouterr().out


def test_one_patient_bad_value(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "ipssm", *ONE[:-1], "many"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("handbook: TP53mut: 'many' is not valid") and err.count("\n") == 1


def test_score_needs_a_file_or_a_calculator(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "--csv", str(EXAMPLES)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_scoring_writes_no_log(tmp_path: Path, _user_dir: Path) -> None:
    score(tmp_path, EXAMPLES)
    main(["score", "ipssm", *ONE])
    assert not _user_dir.exists() or not any(_user_dir.rglob("*.log"))
