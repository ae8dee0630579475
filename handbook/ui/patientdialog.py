"""The "For this patient" step before printing: typed by the nurse, kept for one job only.

The form opens empty every time and is emptied and deleted once the job has its details:
nothing typed here reaches the settings, the log or any file but the printout itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from handbook.patient import MAX_MEDICINES, TEXT_LIMITS, PatientDetails, PatientInputError
from handbook.patient import details_from as check_details

ACTIONS = (("print", "&Print…"), ("preview", "Pre&view…"), ("pdf", "&Export PDF…"))


@dataclass(frozen=True)
class PatientChoice:
    details: PatientDetails
    action: str  # "print", "preview" or "pdf"


class PatientDialog(QDialog):
    """Name, date, today's counts, the team's thresholds, appointment, medicines and a note."""

    def __init__(self, parent: QWidget | None, title: str, action: str = "print") -> None:
        super().__init__(parent)
        self.setWindowTitle(f"For this patient: {title}")
        self.action = action
        self.details: PatientDetails | None = None

        def line(hint: str, limit: int = 40) -> QLineEdit:
            edit = QLineEdit(self)
            edit.setPlaceholderText(hint)
            edit.setMaxLength(limit)
            return edit

        self.name_field = line("leave empty to write it by hand", TEXT_LIMITS["name"])
        self.date_field = QDateEdit(QDate.currentDate(), self)
        self.date_field.setDisplayFormat("d MMMM yyyy")
        # The handout prints its dates in English (textutil.readable_date) whatever the
        # workstation's language: the field shows the same month names, and so does the
        # calendar it pops up (a child of the field, made when first opened, inherits it).
        self.date_field.setLocale(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        self.date_field.setCalendarPopup(True)
        self.hb_field = line("e.g. 9.1 g/dL or 91 g/L")
        self.anc_field = line("e.g. 0.4 (×10⁹/L)")
        self.plt_field = line("e.g. 18 (×10⁹/L)")
        self.temperature_field = line("e.g. 38 °C")
        self.bleeding_field = line("e.g. 20 (×10⁹/L)")
        self.appointment_field = line(
            "e.g. Tuesday 14 January, 10:30, Day Unit", TEXT_LIMITS["next_appointment"]
        )
        self.medicines_field = self._text_box(f"one per line, up to {MAX_MEDICINES}", 4)
        self.note_field = self._text_box("a short note in plain words", 3)
        self.problem_label = QLabel("", self)
        self.problem_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.action_buttons: dict[str, QPushButton] = {}
        for value, label in ACTIONS:
            button = QPushButton(label, self)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, a=value: self.finish(a))
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            self.action_buttons[value] = button
        self.action_buttons.get(action, self.action_buttons["print"]).setDefault(True)
        self.buttons.rejected.connect(self.reject)
        # In the two text boxes Enter starts a new line; Ctrl+Enter finishes (they would
        # take a shortcut for themselves, so their keys are looked at first).
        for box in (self.medicines_field, self.note_field):
            box.installEventFilter(self)
        self._build()

    def _text_box(self, hint: str, rows: int) -> QPlainTextEdit:
        box = QPlainTextEdit(self)
        box.setPlaceholderText(hint)
        box.setTabChangesFocus(True)  # Tab moves on, as in every other field
        box.setFixedHeight(self.fontMetrics().lineSpacing() * rows + 12)
        return box

    def _build(self) -> None:
        form = QFormLayout()
        form.addRow("&Name:", self.name_field)
        form.addRow("&Date:", self.date_field)
        form.addRow("&Haemoglobin (Hb):", self.hb_field)
        form.addRow("Ne&utrophils:", self.anc_field)
        form.addRow("P&latelets:", self.plt_field)
        form.addRow("Call if temperature &reaches:", self.temperature_field)
        form.addRow("Platelet level for &bleeding advice:", self.bleeding_field)
        form.addRow("Ne&xt appointment:", self.appointment_field)
        form.addRow("&Medicines:", self.medicines_field)
        form.addRow("N&ote:", self.note_field)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Prints in a box on the first page. Leave a field empty to print a line to write "
            "on. Nothing typed here is saved: the form is empty every time.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self.name_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name_field.text(),
            "date": self.date_field.date().toString(Qt.DateFormat.ISODate),
            "hb": self.hb_field.text(),
            "anc": self.anc_field.text(),
            "plt": self.plt_field.text(),
            "call_temperature": self.temperature_field.text(),
            "bleeding_platelets": self.bleeding_field.text(),
            "next_appointment": self.appointment_field.text(),
            "medicines": self.medicines_field.toPlainText().splitlines(),
            "note": self.note_field.toPlainText(),
        }

    def finish(self, action: str) -> None:
        try:
            self.details = check_details(self.values())
        except PatientInputError as exc:
            self.problem_label.setText("Please check: " + "; ".join(exc.problems) + ".")
            return
        self.action = action
        self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.finish(self.action)
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        # Enter in a one-line field finishes with the default action (QDialog would press
        # the default button too, but only if it has focus-independent autoDefault).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(
            self.focusWidget(), QPlainTextEdit | QPushButton
        ):
            self.finish(self.action)
            return
        super().keyPressEvent(event)

    def forget(self) -> None:
        """Empty every field (and its undo history) before the dialog is deleted."""
        for edit in (
            self.name_field,
            self.hb_field,
            self.anc_field,
            self.plt_field,
            self.temperature_field,
            self.bleeding_field,
            self.appointment_field,
        ):
            edit.clear()
            edit.setModified(False)
        for box in (self.medicines_field, self.note_field):
            box.clear()
        self.details = None

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, action: str = "print") -> PatientChoice | None:
        dialog = cls(parent, title, action)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            details = dialog.details
            return PatientChoice(details, dialog.action) if accepted and details else None
        finally:
            dialog.forget()
            dialog.deleteLater()
