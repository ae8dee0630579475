"""Handouts send true emergencies to the local emergency number, set once per workstation."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from handbook.cli import run_export_pdf
from handbook.ui import clinic as clinic_module
from handbook.ui.clinicdialog import ClinicChoice, ClinicDetailsDialog
from handbook.ui.mainwindow import MainWindow
from handbook.ui.printmenu import PrintController
from handbook.userdata import Settings
from tests.helpers import REAL_INDEX

URGENT = "handout-get-help-urgently"
PHONE = "0161 496 0000"


@pytest.fixture()
def controller(window: MainWindow) -> PrintController:
    assert isinstance(window.printing, PrintController)
    return window.printing


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


@pytest.mark.parametrize(
    ("lang", "given", "expected"),
    [
        ("en_GB.UTF-8", "", "Call 999"),
        ("en_US.UTF-8", "", "Call 911"),
        ("de_DE.UTF-8", "", "Call 112"),
        ("C.UTF-8", "", "Call your local emergency number"),
        ("en_GB.UTF-8", "000", "Call 000"),
    ],
)
def test_exported_handout_names_the_emergency_number(
    qapp: QApplication,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    lang: str,
    given: str,
    expected: str,
) -> None:
    for variable in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", lang)
    out = tmp_path / "urgent.pdf"
    assert run_export_pdf([URGENT], out, phone=PHONE, emergency=given, index_dir=REAL_INDEX) == 0
    capsys.readouterr()
    text = _pdf_text(out)
    assert expected in text
    assert PHONE in text  # the clinic keeps its number for fever and other problems
    assert "{{" not in text


def test_the_clinic_sets_its_emergency_number_once(
    controller: PrintController, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clinic_module, "system_region", lambda: "GB")
    window.open_page(URGENT)
    assert "Call 999 or go to the emergency department" in window.page_view.toPlainText()
    choice = ClinicChoice("Day Unit", PHONE, "a4", False, "112")
    monkeypatch.setattr(
        ClinicDetailsDialog, "ask", classmethod(lambda cls, parent, current: choice)
    )
    assert controller.edit_clinic_details()
    shown = window.page_view.toPlainText()
    assert "Call 112 or go to the emergency department" in shown
    assert "Call 999" not in shown
    # Saved for every later start on this workstation.
    assert Settings.load().emergency_number == "112"
    assert controller.options().clinic.emergency == "112"


def test_dialog_shows_the_locale_number_until_one_is_typed(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clinic_module, "system_region", lambda: "US")
    dialog = ClinicDetailsDialog(window, ClinicChoice("", "", "auto", False))
    qtbot.addWidget(dialog)
    assert dialog.emergency_field.placeholderText().startswith("911")
    assert dialog.choice().emergency == ""
    qtbot.keyClicks(dialog.emergency_field, " 999 ")
    assert dialog.choice().emergency == "999"


def test_a_damaged_emergency_number_in_settings_is_reset(tmp_path: Path) -> None:
    folder = tmp_path / "settings"
    folder.mkdir()
    (folder / "settings.json").write_text(
        '{"emergency_number": "' + "9" * 500 + '", "clinic_phone": "1"}'
    )
    settings = Settings.load(folder)
    assert settings.emergency_number == "" and settings.clinic_phone == "1"
    assert any("emergency_number" in problem for problem in settings.problems)
