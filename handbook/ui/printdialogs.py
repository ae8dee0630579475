"""The File menu's printing actions (PrintController) and the small dialogs they open."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from handbook.catalog import Catalog, CatalogError
from handbook.history import HOME

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from handbook.handout import PrintJob, PrintOptions

# Printing support (QtPrintSupport, QtSvg, the handout composer) loads when something is
# first printed, not at start-up: the File menu only needs its actions before the first paint.

PAPER_CHOICES = (
    ("auto", "Automatic (A4, or Letter in the US and Canada)"),
    ("a4", "A4"),
    ("letter", "Letter"),
)


@dataclass(frozen=True)
class ClinicChoice:
    name: str
    phone: str
    paper: str
    large_print: bool
    emergency: str = ""  # empty: the locale's number


class ClinicDetailsDialog(QDialog):
    """Clinic name and urgent number for handouts, paper size and large print."""

    def __init__(self, parent: QWidget | None, current: ClinicChoice) -> None:
        super().__init__(parent)
        self.setWindowTitle("Clinic details and printing")
        self.name_field = QLineEdit(current.name, self)
        self.name_field.setPlaceholderText("e.g. Haematology Day Unit, St Elsewhere Hospital")
        self.phone_field = QLineEdit(current.phone, self)
        self.phone_field.setPlaceholderText("the number patients call day or night")
        from handbook.ui.clinic import locale_emergency_number

        self.emergency_field = QLineEdit(current.emergency, self)
        self.emergency_field.setMaxLength(40)
        self.emergency_field.setPlaceholderText(
            f"{locale_emergency_number()} (from this computer's country)"
        )
        self.emergency_field.setToolTip(
            "Printed on handouts for chest pain, fits, heavy bleeding and suspected meningococcal "
            "infection. Leave empty to use the number for this computer's country."
        )
        self.paper_box = QComboBox(self)
        for value, label in PAPER_CHOICES:
            self.paper_box.addItem(label, value)
        self.paper_box.setCurrentIndex(max(0, self.paper_box.findData(current.paper)))
        self.large_print_box = QCheckBox("Large print (body text 14 pt)", self)
        self.large_print_box.setChecked(current.large_print)
        form = QFormLayout()
        form.addRow("Clinic name:", self.name_field)
        form.addRow("Urgent phone number:", self.phone_field)
        form.addRow("Emergency number:", self.emergency_field)
        form.addRow("Paper:", self.paper_box)
        form.addRow("", self.large_print_box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("These details are printed on patient handouts.", self))
        layout.addLayout(form)
        layout.addWidget(buttons)

    def choice(self) -> ClinicChoice:
        return ClinicChoice(
            self.name_field.text().strip(),
            self.phone_field.text().strip(),
            str(self.paper_box.currentData()),
            self.large_print_box.isChecked(),
            self.emergency_field.text().strip(),
        )

    @classmethod
    def ask(cls, parent: QWidget | None, current: ClinicChoice) -> ClinicChoice | None:
        dialog = cls(parent, current)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None


@dataclass(frozen=True)
class PackChoice:
    page_ids: list[str]
    action: str  # "print", "preview" or "pdf"


class HandoutPackDialog(QDialog):
    """Tick the pages for a pack: patient handouts first, clinician pages below."""

    def __init__(self, parent: QWidget | None, catalog: Catalog, preselected: list[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Handout pack")
        self.resize(520, 600)
        self.action = "print"
        self.page_list = QListWidget(self)
        pages = catalog.ordered_pages()
        for heading, audience in (
            ("Patient handouts", "patient"),
            ("Clinician pages", "clinician"),
        ):
            header = QListWidgetItem(heading, self.page_list)
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            for page in pages:
                if (page.audience == "patient") == (audience == "patient"):
                    item = QListWidgetItem(page.title, self.page_list)
                    item.setData(Qt.ItemDataRole.UserRole, page.id)
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                    checked = page.id in preselected
                    item.setCheckState(
                        Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
                    )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        for label, action in (("Print…", "print"), ("Preview…", "preview"), ("Export PDF…", "pdf")):
            button = QPushButton(label, self)
            button.clicked.connect(lambda _checked=False, a=action: self._finish(a))
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("Tick the pages to print together. A cover sheet lists what is inside.", self)
        )
        layout.addWidget(self.page_list, 1)
        layout.addWidget(buttons)

    def checked_page_ids(self) -> list[str]:
        items = (self.page_list.item(row) for row in range(self.page_list.count()))
        return [
            item.data(Qt.ItemDataRole.UserRole)
            for item in items
            if item.data(Qt.ItemDataRole.UserRole) and item.checkState() == Qt.CheckState.Checked
        ]

    def _finish(self, action: str) -> None:
        if not self.checked_page_ids():
            Notice.warn(self, "Tick at least one page for the pack.")
            return
        self.action = action
        self.accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, catalog: Catalog, preselected: list[str]
    ) -> PackChoice | None:
        dialog = cls(parent, catalog, preselected)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return PackChoice(dialog.checked_page_ids(), dialog.action)


class SavePdfDialog:
    @classmethod
    def ask(cls, parent: QWidget | None, suggested_name: str) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name, _ = QFileDialog.getSaveFileName(
            parent, "Export PDF", str(Path(folder) / suggested_name), "PDF (*.pdf)"
        )
        if not name:
            return None
        return Path(name if name.lower().endswith(".pdf") else name + ".pdf")


class PrinterDialogs:
    """The system print dialog and the print preview; replaced in tests."""

    @classmethod
    def ask_printer(cls, parent: QWidget | None, printer: QPrinter) -> bool:
        from PySide6.QtPrintSupport import QPrintDialog

        return QPrintDialog(printer, parent).exec() == QDialog.DialogCode.Accepted

    @classmethod
    def preview(
        cls, parent: QWidget | None, printer: QPrinter, paint: Callable[[QPrinter], None]
    ) -> None:
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        dialog = QPrintPreviewDialog(printer, parent)
        dialog.setWindowTitle("Print preview")
        dialog.paintRequested.connect(paint)
        dialog.exec()


class Notice:
    @classmethod
    def warn(cls, parent: QWidget | None, text: str) -> None:
        QMessageBox.warning(parent, "Printing", text)


class PrintController:
    """Adds the File menu to the main window and runs print, preview and PDF export."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.preview_printer: QPrinter | None = None  # must outlive the preview dialog
        menu = self._file_menu()
        self.print_action = self._action(
            menu, "&Print…", self.print_current, QKeySequence.StandardKey.Print
        )
        self.preview_action = self._action(menu, "Print Pre&view…", self.preview_current, None)
        self.export_action = self._action(menu, "&Export PDF…", self.export_current, None)
        menu.addSeparator()
        self.pack_action = self._action(menu, "&Handout pack…", self.choose_pack, None)
        self.clinic_action = self._action(
            menu, "&Clinic details and printing…", self.edit_clinic_details, None
        )

    def _file_menu(self) -> Any:
        bar = self.window.menuBar()
        for action in bar.actions():
            if action.menu() is not None and action.text().replace("&", "") == "File":
                return action.menu()
        return bar.addMenu("&File")

    def _action(self, menu: Any, text: str, slot: Callable[[], object], shortcut: Any) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def options(self) -> PrintOptions:
        from handbook.handout import PrintOptions

        settings = self.window.settings
        return PrintOptions(settings.paper, settings.large_print, self.window.clinic)

    def current_ids(self) -> list[str]:
        return [self.window.current_page or HOME]

    def job(self, page_ids: list[str]) -> PrintJob | None:
        try:
            from handbook.handout import compose_job

            return compose_job(self.window.catalog, page_ids, self.options())
        except CatalogError as exc:
            Notice.warn(self.window, f"This page cannot be printed: {exc}")
            return None

    def print_pages(self, page_ids: list[str]) -> bool:
        job = self.job(page_ids)
        if job is None:
            return False
        from handbook.ui.printing import make_printer

        printer = make_printer(job.options.paper, job.title)
        if not PrinterDialogs.ask_printer(self.window, printer):
            return False
        return self._render(job, printer)

    def preview_pages(self, page_ids: list[str]) -> None:
        job = self.job(page_ids)
        if job is None:
            return
        from handbook.ui.printing import make_printer

        self.preview_printer = make_printer(job.options.paper, job.title)

        def paint(printer: QPrinter) -> None:
            self._render(job, printer)

        PrinterDialogs.preview(self.window, self.preview_printer, paint)

    def export_pages(self, page_ids: list[str]) -> Path | None:
        job = self.job(page_ids)
        if job is None:
            return None
        name = ("handout-pack" if job.has_cover else job.page_ids[0]) + ".pdf"
        path = SavePdfDialog.ask(self.window, name)
        if path is None:
            return None
        from handbook.ui.export import write_pdf
        from handbook.ui.printing import PrintError

        try:
            pages = write_pdf(job, path, self.window.catalog)
        except (OSError, PrintError) as exc:
            Notice.warn(self.window, f"The PDF could not be written: {exc}")
            return None
        self.window.statusBar().showMessage(f"Saved {path.name}: {pages} pages", 8000)
        return path

    def _render(self, job: PrintJob, printer: QPrinter) -> bool:
        from handbook.ui.printing import PrintError, render_job

        try:
            render_job(job, printer, self.window.catalog)
        except PrintError as exc:
            Notice.warn(self.window, f"Printing failed: {exc}")
            return False
        return True

    def print_current(self) -> bool:
        return self.print_pages(self.current_ids())

    def preview_current(self) -> None:
        self.preview_pages(self.current_ids())

    def export_current(self) -> Path | None:
        return self.export_pages(self.current_ids())

    def choose_pack(self) -> None:
        current = self.window.current_page
        choice = HandoutPackDialog.ask(
            self.window, self.window.catalog, [current] if current else []
        )
        if choice is None:
            return
        run = {"print": self.print_pages, "preview": self.preview_pages, "pdf": self.export_pages}[
            choice.action
        ]
        run(choice.page_ids)

    def edit_clinic_details(self) -> bool:
        settings = self.window.settings
        current = ClinicChoice(
            settings.clinic_name,
            settings.clinic_phone,
            settings.paper,
            settings.large_print,
            settings.emergency_number,
        )
        choice = ClinicDetailsDialog.ask(self.window, current)
        if choice is None:
            return False
        settings.clinic_name, settings.clinic_phone = choice.name, choice.phone
        settings.paper, settings.large_print = choice.paper, choice.large_print
        settings.emergency_number = choice.emergency
        settings.save()
        self.window.reload_page()  # handouts on screen show the new number at once
        return True
