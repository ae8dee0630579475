"""The clinic set up once: the site file's details print everywhere, locked fields stay locked."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from handbook import paths
from handbook.ui import printdialogs
from handbook.ui.clinicdialog import ClinicDetailsDialog
from handbook.ui.mainwindow import MainWindow
from handbook.ui.printmenu import PrintController
from handbook.userdata import Settings
from tests.helpers import png

URGENT = "handout-get-help-urgently"


@pytest.fixture()
def site_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "install"
    folder.mkdir()
    (folder / "logo.png").write_bytes(png(240, 80))
    site = {
        "managed_by": "Haematology IT, extension 4321",
        "clinic": {
            "name": "Day Unit",
            "department": "Clinical Haematology",
            "urgent_phone": "0161 496 0000",
            "out_of_hours_phone": "0161 496 0999",
            "address": "St Elsewhere Hospital\nOxford Road",
            "logo": "logo.png",
        },
        "locked": ["name", "urgent_phone"],
    }
    (folder / "site.json").write_text(json.dumps(site))
    monkeypatch.setattr(paths, "site_dir", lambda: folder)
    return folder


@pytest.fixture()
def controller(window: MainWindow) -> PrintController:
    assert isinstance(window.printing, PrintController)
    return window.printing


def when_shown(act: Callable[[ClinicDetailsDialog], None]) -> list[str]:
    done: list[str] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, ClinicDetailsDialog) and dialog.isVisible():
            done.append("opened")
            try:
                act(dialog)
            finally:
                if dialog.isVisible():
                    dialog.reject()
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return done


def test_locked_fields_are_shown_locked_and_the_rest_saves(
    qtbot: QtBot, site_dir: Path, window: MainWindow, controller: PrintController
) -> None:
    window.open_page(URGENT)
    assert "0161 496 0000" in window.page_view.toPlainText()  # from the site file at once

    def edit(dialog: ClinicDetailsDialog) -> None:
        assert dialog.name_field.isReadOnly() and dialog.phone_field.isReadOnly()
        assert not dialog.department_field.isReadOnly()
        assert dialog.name_field.text() == "Day Unit"
        assert "Haematology IT, extension 4321" in dialog.lock_label.text()
        assert str(site_dir / "site.json") in dialog.lock_label.text()
        assert dialog.logo_label.text() == "logo.png"
        dialog.department_field.setText("Haematology and Oncology")
        qtbot.keyClicks(dialog.emergency_field, "no digits")
        dialog.try_accept()
        assert dialog.isVisible()  # refused: the dialog says why
        assert "Emergency number: 'no digits' has no digits" in dialog.problem_label.text()
        dialog.emergency_field.setText("112")
        dialog.try_accept()

    done = when_shown(edit)
    assert controller.edit_clinic_details()
    assert done == ["opened"]
    saved = Settings.load()
    assert saved.clinic_department == "Haematology and Oncology"
    assert saved.emergency_number == "112" and saved.clinic_name == ""  # locked: never copied
    assert set(saved.clinic_own) == {"department"}
    options = controller.options()
    assert options.clinic.name == "Day Unit" and options.clinic.emergency == "112"
    assert options.profile is not None and options.profile.department == "Haematology and Oncology"


def test_pack_cover_and_header_carry_the_clinic_logo_name_and_address(
    site_dir: Path, controller: PrintController, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        printdialogs.SavePdfDialog, "ask", classmethod(lambda cls, parent, name: tmp_path / name)
    )
    path = controller.export_pages([URGENT, "handout-pnh"])
    assert path is not None
    pages = PdfReader(path).pages
    cover = " ".join(pages[0].extract_text().split())
    for text in (
        "Clinical Haematology",
        "St Elsewhere Hospital",
        "Information from Day Unit",
        "Urgent number, day or night: 0161 496 0000",
        "Out of hours: 0161 496 0999",
    ):
        assert text in cover
    assert len(pages[0].images) >= 2  # the logo on the cover and in the header
    assert all(len(page.images) >= 1 for page in pages)  # the header's logo on every sheet
    assert all("Day Unit" in " ".join(page.extract_text().split()) for page in pages)


def test_a_damaged_site_file_is_reported_and_the_valid_details_still_print(
    qtbot: QtBot, site_dir: Path, window: MainWindow, controller: PrintController
) -> None:
    (site_dir / "site.json").write_text(
        json.dumps({"clinic": {"name": "Day Unit", "urgent_phone": ["not", "text"]}})
    )
    window.open_page(URGENT)

    def look(dialog: ClinicDetailsDialog) -> None:
        text = dialog.site_problems_label.text()
        assert "Urgent phone (24 hours) (urgent_phone) must be text, not list" in text
        assert dialog.name_field.text() == "Day Unit"

    done = when_shown(look)
    assert not controller.edit_clinic_details()
    assert done == ["opened"]
    assert controller.options().clinic.name == "Day Unit"
