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
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from handbook.catalog import Catalog, CatalogError
from handbook.history import HOME
from handbook.ui.clinicdialog import PAPER_CHOICES as PAPER_CHOICES
from handbook.ui.clinicdialog import ClinicChoice as ClinicChoice
from handbook.ui.clinicdialog import ClinicDetailsDialog as ClinicDetailsDialog

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from handbook.handout import PrintJob, PrintOptions
    from handbook.patient import PatientDetails

# Printing support (QtPrintSupport, QtSvg, the handout composer) loads when something is
# first printed, not at start-up: the File menu only needs its actions before the first paint.


@dataclass(frozen=True)
class PackChoice:
    page_ids: list[str]
    action: str  # "print", "preview" or "pdf"
    for_patient: bool = False  # then the "For this patient" step comes next


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
        self.patient_box = QCheckBox("Add details for one patient (the next step)", self)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("Tick the pages to print together. A cover sheet lists what is inside.", self)
        )
        layout.addWidget(self.page_list, 1)
        layout.addWidget(self.patient_box)
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
        return PackChoice(dialog.checked_page_ids(), dialog.action, dialog.patient_box.isChecked())


class SavePdfDialog:
    @classmethod
    def start_folder(cls) -> Path:
        """The user's Documents folder, or their home folder when there is none; never the
        working directory (Qt's file dialog falls back to it for a missing folder)."""
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        if documents and Path(documents).is_dir():
            return Path(documents)
        return Path.home()

    @classmethod
    def ask(cls, parent: QWidget | None, suggested_name: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            parent, "Export PDF", str(cls.start_folder() / suggested_name), "PDF (*.pdf)"
        )
        if not name:
            return None
        if name.lower().endswith(".pdf"):
            return Path(name)  # the file dialog itself asked before choosing an existing file
        path = Path(name + ".pdf")
        if path.exists() and not cls.confirm_replace(parent, path):
            return None
        return path

    @classmethod
    def confirm_replace(cls, parent: QWidget | None, path: Path) -> bool:
        """Ask before replacing a file the dialog did not ask about (".pdf" was added)."""
        answer = QMessageBox.question(
            parent,
            "Export PDF",
            f"{path.name} already exists in {path.parent}. Replace it?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes


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
        dialog.paintRequested.disconnect(paint)  # the job may hold a patient's details
        dialog.deleteLater()


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
        self.patient_action = self._action(
            menu, "Print for a pa&tient…", self.print_for_patient, "Ctrl+Shift+P"
        )
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

    def options(self, patient: PatientDetails | None = None) -> PrintOptions:
        from handbook.handout import PrintOptions
        from handbook.ui.clinic import clinic_profile

        profile = clinic_profile(self.window.settings)  # the site file's defaults and locks
        return PrintOptions(
            profile.paper, profile.large_print, profile.details(), profile=profile, patient=patient
        )

    def current_ids(self) -> list[str]:
        return [self.window.current_page or HOME]

    def job(self, page_ids: list[str], patient: PatientDetails | None = None) -> PrintJob | None:
        try:
            from handbook.handout import compose_job

            return compose_job(self.window.catalog, page_ids, self.options(patient))
        except CatalogError as exc:
            Notice.warn(self.window, f"This page cannot be printed: {exc}")
            return None

    def print_pages(self, page_ids: list[str], patient: PatientDetails | None = None) -> bool:
        job = self.job(page_ids, patient)
        if job is None:
            return False
        from handbook.ui.printing import make_printer

        printer = make_printer(job.options.paper, job.title)
        if not PrinterDialogs.ask_printer(self.window, printer):
            return False
        return self._render(job, printer)

    def preview_pages(self, page_ids: list[str], patient: PatientDetails | None = None) -> None:
        job = self.job(page_ids, patient)
        if job is None:
            return
        from handbook.ui.printing import make_printer

        self.preview_printer = make_printer(job.options.paper, job.title)

        def paint(printer: QPrinter) -> None:
            self._render(job, printer)

        PrinterDialogs.preview(self.window, self.preview_printer, paint)

    def export_pages(
        self, page_ids: list[str], patient: PatientDetails | None = None
    ) -> Path | None:
        job = self.job(page_ids, patient)
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
        if choice.for_patient:
            self.run_for_patient(choice.page_ids, "Handout pack", choice.action)
            return
        run = {"print": self.print_pages, "preview": self.preview_pages, "pdf": self.export_pages}[
            choice.action
        ]
        run(choice.page_ids)

    def print_for_patient(self) -> None:
        ids = self.current_ids()
        page = self.window.catalog.page(ids[0])
        self.run_for_patient(ids, page.title if page else "this page", "print")

    def run_for_patient(self, page_ids: list[str], title: str, action: str) -> None:
        """The "For this patient" step, then the chosen action; the details die with the job."""
        from handbook.ui.patientdialog import PatientDialog

        choice = PatientDialog.ask(self.window, title, action)
        if choice is None:
            return
        run = {"print": self.print_pages, "preview": self.preview_pages, "pdf": self.export_pages}
        run[choice.action](page_ids, choice.details)

    def edit_clinic_details(self) -> bool:
        from handbook.clinicprofile import apply_user_choice
        from handbook.ui.clinic import resolved_profile

        settings = self.window.settings
        resolved = resolved_profile(settings)
        raw = resolved.raw
        current = ClinicChoice(
            raw["name"],
            raw["urgent_phone"],
            raw["paper"],
            raw["large_print"],
            raw["emergency_number"],
            raw["department"],
            raw["out_of_hours_phone"],
            raw["address"],
            raw["logo"],
            locked=tuple(sorted(resolved.site.locked)),
            who_sets=resolved.who_sets(),
            problems=tuple(resolved.problems),
        )
        choice = ClinicDetailsDialog.ask(self.window, current)
        if choice is None:
            return False
        apply_user_choice(settings, resolved.site, choice.values())
        self.window.reload_page()  # handouts on screen show the new details at once
        try:
            settings.save()
        except OSError as exc:  # a full or read-only disk, or a settings file left alone
            Notice.warn(
                self.window,
                "The clinic details are used until the handbook is closed, but they could not "
                f"be saved ({exc.strerror or exc}).",
            )
            return False
        return True
