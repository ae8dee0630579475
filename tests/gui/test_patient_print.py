"""A personalised handout with the keyboard only, and nothing typed for a patient left on disk."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from handbook.ui import printdialogs
from handbook.ui.mainwindow import MainWindow
from handbook.ui.patientdialog import PatientDialog
from handbook.ui.printmenu import PrintController
from tests.helpers import REAL_INDEX, ROOT

URGENT = "handout-get-help-urgently"


LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
)


def pdf_text(path: Path) -> str:
    """The PDF's text, whitespace collapsed and ligatures unfolded: a marker holding "ff"
    is typeset with the ﬀ ligature, which pypdf extracts as one character (U+FB00).
    (Not NFKC: it would also turn the ⁹ of ×10⁹/L into 9.)"""
    pages = PdfReader(path).pages
    return " ".join(" ".join(p.extract_text().translate(LIGATURES).split()) for p in pages)


def files_holding(folder: Path, needles: list[str], newer_than: float = 0.0) -> list[Path]:
    """Every file under ``folder`` (modified after ``newer_than``) holding any needle."""
    forms = [n.encode(enc) for n in needles for enc in ("utf-8", "utf-16-le")]
    found = []
    # os.walk, not Path.rglob: another process's folder vanishing mid-walk is skipped.
    paths = (Path(top) / name for top, _dirs, files in os.walk(folder) for name in files)
    for path in paths:
        try:
            if not path.is_file() or path.stat().st_mtime < newer_than:
                continue
            if path.stat().st_size > 20 << 20:
                continue
            data = path.read_bytes()
        except OSError:
            continue  # another process's file, gone or unreadable
        if any(form in data for form in forms):
            found.append(path)
    return found


def metadata_text(path: Path) -> str:
    reader = PdfReader(path)
    info = {str(k): str(v) for k, v in (reader.metadata or {}).items()}
    xmp = reader.xmp_metadata
    xml = xmp.stream.get_data().decode("utf-8", "replace") if xmp is not None else ""
    return json.dumps(info) + xml


def when_dialog_opens(qtbot: QtBot, act: Callable[[PatientDialog], None]) -> list[str]:
    """Run ``act`` on the patient dialog as soon as it is shown (it runs its own event loop)."""
    done: list[str] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, PatientDialog) and dialog.isVisible():
            done.append("opened")
            try:
                act(dialog)
            except BaseException as exc:
                done.append(f"failed: {exc!r}")
                raise
            finally:  # a failed check must not leave the test waiting on an open dialog
                if dialog.isVisible():
                    dialog.reject()
        elif not done:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return done


def type_into_every_field(qtbot: QtBot, dialog: PatientDialog, marker: str) -> None:
    """Keyboard only: type, Tab to the next field; Ctrl+Enter in the last box prints."""
    assert dialog.focusWidget() is dialog.name_field
    entries = [
        (dialog.name_field, f"{marker} name"),
        (dialog.date_field, None),  # today, left as it is
        (dialog.hb_field, "13.79"),
        (dialog.anc_field, "0.83"),
        (dialog.plt_field, "417"),
        (dialog.temperature_field, "38.3"),
        (dialog.bleeding_field, "37"),
        (dialog.appointment_field, f"{marker} Tuesday"),
        (dialog.medicines_field, f"{marker} ciclosporin"),
    ]
    for field, text in entries:
        assert dialog.focusWidget() is field or field.isAncestorOf(dialog.focusWidget())
        if text is not None:
            qtbot.keyClicks(dialog.focusWidget(), text)
        for _ in range(4):  # a date field steps through day, month and year first
            qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
            if not field.isAncestorOf(dialog.focusWidget()) and dialog.focusWidget() is not field:
                break
    assert dialog.focusWidget() is dialog.note_field
    qtbot.keyClicks(dialog.note_field, f"{marker} note")
    qtbot.keyClick(dialog.note_field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


@pytest.fixture()
def controller(window: MainWindow) -> PrintController:
    assert isinstance(window.printing, PrintController)
    return window.printing


@pytest.fixture()
def private_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder of the test's own, for Python and Qt alike."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_keyboard_only_personalised_urgent_handout_leaves_nothing_on_disk(
    qtbot: QtBot,
    window: MainWindow,
    controller: PrintController,
    tmp_path: Path,
    private_temp: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    started = time.time()
    marker = f"MKff{uuid.uuid4().hex[:10]}"  # "ff" is typeset as a ligature: unfolded above
    needles = [marker, "13.79", "417 ×10"]
    printed, exported = tmp_path / "out" / "printed.pdf", tmp_path / "out" / "exported.pdf"
    printed.parent.mkdir()

    def accept_to_file(cls: object, parent: object, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return True

    monkeypatch.setattr(printdialogs.PrinterDialogs, "ask_printer", classmethod(accept_to_file))
    monkeypatch.setattr(
        printdialogs.SavePdfDialog, "ask", classmethod(lambda cls, parent, name: exported)
    )
    window.open_page(URGENT)
    window.activateWindow()

    # Ctrl+Shift+P -> the dialog -> type, Tab, … -> Enter -> printed.
    done = when_dialog_opens(qtbot, lambda d: type_into_every_field(qtbot, d, marker))
    qtbot.keyClick(
        window.page_view,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: bool(done) and (printed.exists() or len(done) > 1), timeout=20000)
    assert done == ["opened"]
    assert time.time() - started < 60
    text = pdf_text(printed)
    assert f"Name: {marker} name" in text and "13.79 g/dL" in text and "417 ×10⁹/L" in text
    assert "38.3 °C or higher" in text and f"{marker} ciclosporin" in text
    assert "When to get help urgently" in text

    # The dialog is empty the next time; this time the details go to an exported PDF.
    seen: list[dict[str, object]] = []

    def check_empty_then_export(dialog: PatientDialog) -> None:
        edits = dialog.findChildren(QLineEdit) + dialog.findChildren(QPlainTextEdit)
        texts = [e.text() if isinstance(e, QLineEdit) else e.toPlainText() for e in edits]
        seen.append({"texts": texts, "date": dialog.date_field.date()})
        qtbot.keyClicks(dialog.name_field, f"{marker} again")
        qtbot.keyClicks(dialog.note_field, marker)
        dialog.finish("pdf")

    done = when_dialog_opens(qtbot, check_empty_then_export)
    controller.print_for_patient()
    assert seen and all(
        t in ("", QDate.currentDate().toString("d MMMM yyyy")) for t in seen[0]["texts"]
    )  # type: ignore[union-attr]
    assert seen[0]["date"] == QDate.currentDate()
    assert f"{marker} again" in pdf_text(exported)

    window.close()  # saves settings, window state, the last page…
    QApplication.processEvents()
    user = Path(os.environ["HANDBOOK_USER_DIR"])
    assert user.is_dir() and any(user.iterdir())  # the search below looked somewhere real
    assert files_holding(user, needles) == []
    assert files_holding(private_temp, needles) == []
    assert files_holding(Path(tempfile.gettempdir()), needles, newer_than=started) == []
    system_temp = Path("/tmp")
    if system_temp.is_dir():
        own = {tmp_path.resolve(), *tmp_path.resolve().parents}
        leftovers = [
            p
            for p in files_holding(system_temp, needles, newer_than=started)
            if not own & {p.resolve(), *p.resolve().parents} - {system_temp.resolve()}
        ]
        assert leftovers == []
    for pdf in (printed, exported):
        assert marker not in metadata_text(pdf)
        assert "13.79" not in metadata_text(pdf)
    assert not any(marker in record.getMessage() for record in caplog.records)
    assert marker not in json.dumps(window.settings.values())


def test_a_handout_pack_can_carry_the_patient_box_on_its_cover(
    qtbot: QtBot,
    window: MainWindow,
    controller: PrintController,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        printdialogs.HandoutPackDialog,
        "ask",
        classmethod(
            lambda cls, parent, catalog, pre: printdialogs.PackChoice(
                [URGENT, "handout-pnh"], "pdf", True
            )
        ),
    )
    monkeypatch.setattr(
        printdialogs.SavePdfDialog, "ask", classmethod(lambda cls, parent, name: tmp_path / name)
    )

    def fill(dialog: PatientDialog) -> None:
        assert dialog.action_buttons["pdf"].isDefault()  # the pack's choice stays the default
        qtbot.keyClicks(dialog.name_field, "Ann Example")
        qtbot.keyClicks(dialog.hb_field, "300")  # in neither g/dL nor g/L: refused, and why
        qtbot.keyClick(dialog.hb_field, Qt.Key.Key_Return)
        assert dialog.isVisible()
        assert "Haemoglobin (hb): 300 g/dL is outside 1 to 25 g/dL" in dialog.problem_label.text()
        dialog.hb_field.clear()
        qtbot.keyClicks(dialog.hb_field, "91 g/L")
        qtbot.keyClick(dialog.hb_field, Qt.Key.Key_Return)

    done = when_dialog_opens(qtbot, fill)
    controller.choose_pack()
    assert done
    pages = PdfReader(tmp_path / "handout-pack.pdf").pages
    cover = " ".join(pages[0].extract_text().split())
    assert "Name: Ann Example" in cover and "91 g/L" in cover and "What is inside" in cover
    rest = " ".join(" ".join(p.extract_text().split()) for p in pages[1:])
    assert "Ann Example" not in rest


def test_pack_dialog_offers_the_patient_step(qtbot: QtBot, window: MainWindow) -> None:
    pack = printdialogs.HandoutPackDialog(window, window.catalog, [URGENT])
    qtbot.addWidget(pack)
    assert not pack.patient_box.isChecked()
    assert "patient" in pack.patient_box.text()


def test_command_line_patient_details_reach_the_pdf_but_not_its_metadata_or_the_log(
    tmp_path: Path,
) -> None:
    marker = f"MKff{uuid.uuid4().hex[:10]}"  # "ff" is typeset as a ligature: unfolded above
    user, temp = tmp_path / "user", tmp_path / "tmp"
    temp.mkdir()
    patient = tmp_path / "patient.json"
    patient.write_text(json.dumps({"name": f"{marker} name", "counts": {"hb": 9.1}}))
    out = tmp_path / "urgent.pdf"
    env = dict(
        os.environ, HANDBOOK_USER_DIR=str(user), TMPDIR=str(temp), QT_QPA_PLATFORM="offscreen"
    )
    command = [
        sys.executable,
        "-m",
        "handbook",
        "--index",
        str(REAL_INDEX),
        "export-pdf",
        URGENT,
        "-o",
        str(out),
        "--patient",
        str(patient),
        "--note",
        f"{marker} note",
        "--medicine",
        f"{marker} med",
        "--next-appointment",
        f"{marker} appt",
        "--counts",
        "anc=0.4,plt=18",
        "--call-temperature",
        "38",
    ]
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    patient.unlink()  # the nurse's own file: not the app's to keep or remove, but not searched
    text = pdf_text(out)
    assert f"Name: {marker} name" in text and "9.1 g/dL" in text and f"{marker} note" in text
    assert marker not in metadata_text(out)
    assert [p for p in files_holding(tmp_path, [marker]) if p != out] == []
    bad = subprocess.run(
        [*command[:8], str(tmp_path / "bad.pdf"), "--counts", "hb=300"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert bad.returncode == 2 and "300 g/dL is outside 1 to 25 g/dL" in bad.stderr
    assert not (tmp_path / "bad.pdf").exists()


def test_the_date_field_shows_english_month_names_on_any_workstation(qtbot: QtBot) -> None:
    # The printed handout writes its dates in English; a German workstation once showed
    # "Dezember" in the field while the handout said "December".
    from PySide6.QtCore import QDate, QLocale

    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    try:
        dialog = PatientDialog(None, "Test page")
        qtbot.addWidget(dialog)
        dialog.date_field.setDate(QDate(2026, 12, 7))
        assert dialog.date_field.text() == "7 December 2026"
        calendar = dialog.date_field.calendarWidget()
        assert calendar.locale().language() == QLocale.Language.English
    finally:
        QLocale.setDefault(previous)
