"""Printed handouts as a patient and a clinic get them: header, wording, blanks, saved settings."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QApplication

from handbook import APP_NAME
from handbook.catalog import Catalog
from handbook.cli import run_export_pdf
from handbook.pagehtml import ClinicDetails
from handbook.printjob import PrintOptions, compose_job, patient_handouts
from handbook.ui import printdialogs
from handbook.userdata import Settings
from tests.helpers import REAL_INDEX, page_texts

URGENT = "handout-get-help-urgently"
LONG_CLINIC = (
    "Haematology Day Unit, Ward 7B, St Elsewhere University Hospitals NHS Foundation Trust Leeds"
)[:90]
PACK = [URGENT, "handout-pnh", "handout-aplastic-anaemia"]


def export(tmp_path: Path, ids: list[str], name: str, **options: object) -> Path:
    out = tmp_path / name
    assert run_export_pdf(ids, out, index_dir=REAL_INDEX, **options) == 0  # type: ignore[arg-type]
    return out


def header_runs(path: Path) -> list[list[tuple[str, float, float, float]]]:
    """Per page, each text run in the top band: (text, left x, right x estimate, baseline y)."""
    pages = []
    for page in PdfReader(path).pages:
        top = float(page.mediabox.top)
        runs: list[tuple[str, float, float, float]] = []

        def visit(
            text: str,
            cm: list[float],
            tm: list[float],
            _font: object,
            size: float,
            runs: list[tuple[str, float, float, float]] = runs,
            top: float = top,
        ) -> None:
            text = " ".join(text.split())  # pypdf gives tabs between words
            x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
            scale = abs(size * tm[0] * cm[0])
            if text.strip() and y > top - 110:  # the header band, within 110 pt of the top
                runs.append((text.strip(), x, x + 0.6 * scale * len(text.strip()), y))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def test_a_90_character_clinic_gets_its_own_header_line(qapp: QApplication, tmp_path: Path) -> None:
    assert len(LONG_CLINIC) == 90
    for ids, name in (([URGENT], "urgent.pdf"), (PACK, "pack.pdf")):
        path = export(tmp_path, ids, name, clinic=LONG_CLINIC, phone="0161 496 0000")
        for number, runs in enumerate(header_runs(path), 1):
            handbook = [r for r in runs if r[0].startswith(APP_NAME)]
            clinic = [r for r in runs if "Haematology Day Unit" in r[0]]
            assert handbook and clinic, f"sheet {number}: header is missing a line"
            (_, _, h_right, h_y), (_, c_left, _, c_y) = handbook[0], clinic[0]
            # Either on its own line, or side by side with room between: never overprinted.
            assert abs(h_y - c_y) >= 6 or h_right < c_left, f"sheet {number} overprints"
            assert "Foundation Trust" in " ".join(r[0] for r in runs)


def test_a_short_clinic_shares_the_top_line(qapp: QApplication, tmp_path: Path) -> None:
    path = export(tmp_path, [URGENT], "short.pdf", clinic="St Elsewhere", phone="0161 496 0000")
    runs = header_runs(path)[0]
    handbook = next(r for r in runs if r[0].startswith(APP_NAME))
    clinic = next(r for r in runs if r[0].startswith("St Elsewhere"))
    assert abs(handbook[3] - clinic[3]) < 1 and handbook[2] < clinic[1]


def test_handouts_never_print_clinician_text(qapp: QApplication, tmp_path: Path) -> None:
    catalog = Catalog.load(REAL_INDEX)
    ids = [page.id for page in patient_handouts(catalog)]
    job = compose_job(catalog, ids, PrintOptions("a4"))
    for part in job.parts[1:]:
        assert "product label" not in part.html, part.page_id
        assert "Sources differ" not in part.html, part.page_id
        assert "does not replace advice from your own care team" in part.html
    text = " ".join(page_texts(export(tmp_path, [URGENT], "urgent.pdf", emergency="999")))
    assert "Check doses" not in text and "Sources differ" not in text
    assert "In an emergency, call 999." in text  # the handout's own number, not "your local…"
    # Clinician pages keep their comparisons and the dose reminder.
    clinician = compose_job(catalog, ["pnh"], PrintOptions("a4")).parts[0].html
    assert "Sources differ" in clinician and "product label" in clinician


def test_a_pack_of_clinician_pages_gets_a_staff_cover_or_none(
    qapp: QApplication, tmp_path: Path
) -> None:
    staff = ["pnh", "aa-severity-criteria"]
    texts = page_texts(export(tmp_path, staff, "staff.pdf", clinic="St Elsewhere"))
    assert "Clinician reference pages" in texts[0] and "not patient handouts" in texts[0]
    assert "Your clinic's urgent number" not in texts[0] and "Information from" not in texts[0]
    patients = page_texts(export(tmp_path, PACK, "patients.pdf"))
    assert "Your information pack" in patients[0]
    bare = page_texts(export(tmp_path, staff, "bare.pdf", cover=False))
    assert "What is inside" not in bare[0] and bare[0].count("Paroxysmal") >= 1
    assert len(bare) == len(texts) - 1


def test_without_a_clinic_number_every_instruction_has_a_line_to_write_it_on(
    qapp: QApplication, tmp_path: Path
) -> None:
    catalog = Catalog.load(REAL_INDEX)
    named = catalog.page_html(URGENT).count("{{clinic_phone}}")
    text = " ".join(page_texts(export(tmp_path, [URGENT], "blank.pdf", phone="", clinic="")))
    assert "24-hour number" not in text and "{{" not in text
    blanks = re.findall(r"_{12,}", text)
    assert len(blanks) >= named >= 5
    assert "Call your clinic on ____" in text and "My clinic's urgent number: ____" in text
    assert "tell your clinic on ____" in text  # not "your clinic on your clinic on"
    assert "your clinic on your clinic" not in text


def test_command_line_export_uses_what_the_app_saved(
    qapp: QApplication, tmp_path: Path, _user_dir: Path
) -> None:
    saved = Settings(
        clinic_name="Ward 7B Haematology",
        clinic_phone="0113 496 0123",
        paper="letter",
        large_print=True,
        emergency_number="112",
    )
    saved.save(_user_dir)
    texts = page_texts(export(tmp_path, [URGENT], "saved.pdf"))
    reader = PdfReader(tmp_path / "saved.pdf")
    assert reader.pages[0].mediabox.height == pytest.approx(792, abs=1)  # Letter
    assert all("Ward 7B Haematology" in t for t in texts)
    body = " ".join(texts)
    assert "call 0113 496 0123 straight away" in body and "call 112" in body
    window_like = compose_job(
        Catalog.load(REAL_INDEX),
        [URGENT],
        PrintOptions("letter", True, ClinicDetails("Ward 7B Haematology", "0113 496 0123", "112")),
    )
    assert len(reader.pages) >= 2 and window_like.options.large_print
    # Flags override what was saved.
    flagged = export(
        tmp_path, [URGENT], "flags.pdf", paper="a4", large_print=False, clinic="Other Unit"
    )
    assert PdfReader(flagged).pages[0].mediabox.height == pytest.approx(842, abs=1)
    assert "Other Unit" in page_texts(flagged)[0] and len(PdfReader(flagged).pages) < len(
        reader.pages
    )


def test_exported_pdfs_get_a_normal_file_mode(qapp: QApplication, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = export(tmp_path, [URGENT], "mode.pdf")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # readable by colleagues, like any file


def test_export_dialog_starts_in_documents_not_the_working_directory(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def fake_dialog(parent: object, caption: str, directory: str, filters: str) -> tuple[str, str]:
        asked.append(directory)
        return "", ""

    monkeypatch.setattr(printdialogs.QFileDialog, "getSaveFileName", fake_dialog)
    monkeypatch.chdir(tmp_path)
    home = Path.home()
    documents = home / "Documents"
    documents.mkdir(parents=True, exist_ok=True)
    assert printdialogs.SavePdfDialog.ask(None, "urgent.pdf") is None
    assert Path(asked[-1]) == documents / "urgent.pdf"
    documents.rmdir()  # no Documents folder: the home folder, still not the working directory
    printdialogs.SavePdfDialog.ask(None, "urgent.pdf")
    assert Path(asked[-1]) == home / "urgent.pdf" and not asked[-1].startswith(str(tmp_path))
