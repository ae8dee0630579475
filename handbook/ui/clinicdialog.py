"""Clinic details and printing: the profile handouts print, with the site file's locks shown."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from handbook import paths
from handbook.sitefile import SPECS, check_logo, check_value
from handbook.userdata import PAPER_SIZES

PAPER_LABELS = {  # PAPER_SIZES in the menu
    "auto": "Automatic (A4, or Letter in the US and Canada)",
    "a4": "A4",
    "letter": "Letter",
}
USER_LOGO_STEM = "clinic-logo"
LOCK_NOTE = "  (locked: set by IT)"


@dataclass(frozen=True)
class ClinicChoice:
    name: str
    phone: str
    paper: str
    large_print: bool
    emergency: str = ""  # empty: the locale's number
    department: str = ""
    out_of_hours: str = ""
    address: str = ""
    logo: str = ""  # a file name in the user-data folder, or the site file's logo
    # What the site file locks and who sets it: shown, never chosen.
    locked: tuple[str, ...] = field(default=(), compare=False)
    who_sets: str = field(default="", compare=False)
    problems: tuple[str, ...] = field(default=(), compare=False)  # in the site file, say

    def values(self) -> dict[str, Any]:
        """The choice by the profile's field names (handbook/sitefile.py)."""
        return {
            "name": self.name,
            "department": self.department,
            "urgent_phone": self.phone,
            "out_of_hours_phone": self.out_of_hours,
            "emergency_number": self.emergency,
            "address": self.address,
            "logo": self.logo,
            "paper": self.paper,
            "large_print": self.large_print,
        }


def copy_user_logo(source: Path) -> str:
    """Check a chosen logo and copy it into the user-data folder; returns its file name there."""
    check_logo(source)  # raises ValueError saying why it cannot be used
    folder = paths.user_data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{USER_LOGO_STEM}{source.suffix.lower()}"
    shutil.copyfile(source, folder / name)
    return name


class ClinicDetailsDialog(QDialog):
    """The clinic profile for handouts, paper size and large print; locked fields read-only."""

    def __init__(self, parent: QWidget | None, current: ClinicChoice) -> None:
        super().__init__(parent)
        self.setWindowTitle("Clinic details and printing")
        self.locked = set(current.locked)
        self.logo = current.logo
        from handbook.ui.clinic import locale_emergency_number

        def line(key: str, text: str, hint: str) -> QLineEdit:
            edit = QLineEdit(text, self)
            edit.setMaxLength(SPECS[key].max_length)
            edit.setPlaceholderText(hint)
            edit.setReadOnly(key in self.locked)
            return edit

        self.name_field = line("name", current.name, "e.g. Haematology Day Unit")
        self.department_field = line(
            "department", current.department, "e.g. Department of Haematology"
        )
        self.phone_field = line(
            "urgent_phone", current.phone, "the number patients call day or night"
        )
        self.out_of_hours_field = line(
            "out_of_hours_phone", current.out_of_hours, "if different at night and weekends"
        )
        self.emergency_field = line(
            "emergency_number",
            current.emergency,
            f"{locale_emergency_number()} (from this computer's country)",
        )
        self.emergency_field.setToolTip(
            "Printed on handouts for chest pain, fits, heavy bleeding and suspected meningococcal "
            "infection. Leave empty to use the number for this computer's country."
        )
        self.address_field = QPlainTextEdit(current.address, self)
        self.address_field.setTabChangesFocus(True)
        self.address_field.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.address_field.setReadOnly("address" in self.locked)
        self.logo_label = QLabel(self._logo_text(), self)
        self.logo_button = QPushButton("Choose logo…", self)
        self.logo_button.clicked.connect(self.choose_logo)
        self.no_logo_button = QPushButton("No logo", self)
        self.no_logo_button.clicked.connect(self.clear_logo)
        for button in (self.logo_button, self.no_logo_button):
            button.setEnabled("logo" not in self.locked)
        self.paper_box = QComboBox(self)
        for value in PAPER_SIZES:
            self.paper_box.addItem(PAPER_LABELS[value], value)
        self.paper_box.setCurrentIndex(max(0, self.paper_box.findData(current.paper)))
        self.paper_box.setEnabled("paper" not in self.locked)
        self.large_print_box = QCheckBox("Large print (body text 14 pt)", self)
        self.large_print_box.setChecked(current.large_print)
        self.large_print_box.setEnabled("large_print" not in self.locked)
        self.problem_label = QLabel("", self)
        self.problem_label.setWordWrap(True)
        self._build(current)

    def _build(self, current: ClinicChoice) -> None:
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_label, 1)
        logo_row.addWidget(self.logo_button)
        logo_row.addWidget(self.no_logo_button)
        form = QFormLayout()
        rows: list[tuple[str, str, Any]] = [
            ("name", "Clinic name:", self.name_field),
            ("department", "Department:", self.department_field),
            ("urgent_phone", "Urgent phone number (24 hours):", self.phone_field),
            ("out_of_hours_phone", "Out-of-hours phone:", self.out_of_hours_field),
            ("emergency_number", "Emergency number:", self.emergency_field),
            ("address", "Address:", self.address_field),
            ("logo", "Logo (SVG or PNG):", logo_row),
            ("paper", "Paper:", self.paper_box),
            ("large_print", "", self.large_print_box),
        ]
        for key, label, widget in rows:
            shown = label + (LOCK_NOTE if key in self.locked and label else "")
            if key in self.locked and not label:
                self.large_print_box.setText(self.large_print_box.text() + LOCK_NOTE)
            form.addRow(shown, widget)
            if key in self.locked and isinstance(widget, QWidget):
                widget.setToolTip(current.who_sets)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("These details are printed on patient handouts.", self))
        if self.locked:
            self.lock_label = QLabel(current.who_sets, self)
            self.lock_label.setWordWrap(True)
            layout.addWidget(self.lock_label)
        if current.problems:
            self.site_problems_label = QLabel(
                "Some clinic details could not be used: " + "; ".join(current.problems) + ".",
                self,
            )
            self.site_problems_label.setWordWrap(True)
            layout.addWidget(self.site_problems_label)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(buttons)

    def _logo_text(self) -> str:
        return Path(self.logo).name if self.logo else "No logo"

    def choose_logo(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Clinic logo", "", "Logo images (*.svg *.png)")
        if name:
            self.set_logo_file(Path(name))

    def set_logo_file(self, source: Path) -> bool:
        try:
            self.logo = copy_user_logo(source)
        except (ValueError, OSError) as exc:
            self.problem_label.setText(f"This logo cannot be used: {exc}")
            return False
        self.problem_label.setText("")
        self.logo_label.setText(self._logo_text())
        return True

    def clear_logo(self) -> None:
        self.logo = ""
        self.logo_label.setText(self._logo_text())

    def problems(self) -> list[str]:
        """What cannot be used in the fields as typed (shown under the form)."""
        found = []
        for key, value in self.choice().values().items():
            problem = None if key == "logo" else check_value(SPECS[key], value)
            if problem:
                found.append(f"{SPECS[key].label}: {problem}")
        return found

    def try_accept(self) -> None:
        found = self.problems()
        if found:
            self.problem_label.setText("; ".join(found) + ".")
            return
        self.accept()

    def choice(self) -> ClinicChoice:
        return ClinicChoice(
            self.name_field.text().strip(),
            self.phone_field.text().strip(),
            str(self.paper_box.currentData()),
            self.large_print_box.isChecked(),
            self.emergency_field.text().strip(),
            self.department_field.text().strip(),
            self.out_of_hours_field.text().strip(),
            self.address_field.toPlainText().strip(),
            self.logo,
        )

    @classmethod
    def ask(cls, parent: QWidget | None, current: ClinicChoice) -> ClinicChoice | None:
        dialog = cls(parent, current)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
