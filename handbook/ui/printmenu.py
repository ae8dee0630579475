"""The File menu's printing: print, preview, export PDF, a pack, for a patient, clinic details."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence

from handbook.catalog import CatalogError
from handbook.history import HOME
from handbook.ui.clinicdialog import ClinicChoice, ClinicDetailsDialog
from handbook.ui.printdialogs import HandoutPackDialog, Notice, PrinterDialogs, SavePdfDialog

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from handbook.patient import PatientDetails
    from handbook.printjob import PrintJob, PrintOptions
    from handbook.ui.host import PrintHost

# Printing support (QtPrintSupport, QtSvg, the print-job composer) loads when something is
# first printed, not at start-up: the File menu only needs its actions before the first paint.


class PrintController:
    """Adds the File menu to the main window and runs print, preview and PDF export."""

    def __init__(self, window: PrintHost) -> None:
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
        action = QAction(text, self.window.window())
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def options(self, patient: PatientDetails | None = None) -> PrintOptions:
        from handbook.printjob import PrintOptions
        from handbook.ui.clinic import clinic_profile

        profile = clinic_profile(self.window.settings)  # the site file's defaults and locks
        return PrintOptions(
            profile.paper, profile.large_print, profile.details(), profile=profile, patient=patient
        )

    def current_ids(self) -> list[str]:
        return [self.window.current_page or HOME]

    def job(self, page_ids: list[str], patient: PatientDetails | None = None) -> PrintJob | None:
        try:
            from handbook.printjob import compose_job

            return compose_job(self.window.catalog, page_ids, self.options(patient))
        except CatalogError as exc:
            Notice.warn(self.window.window(), f"This page cannot be printed: {exc}")
            return None

    def print_pages(self, page_ids: list[str], patient: PatientDetails | None = None) -> bool:
        job = self.job(page_ids, patient)
        if job is None:
            return False
        from handbook.ui.printing import make_printer

        printer = make_printer(job.options.paper, job.title)
        if not PrinterDialogs.ask_printer(self.window.window(), printer):
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

        PrinterDialogs.preview(self.window.window(), self.preview_printer, paint)

    def export_pages(
        self, page_ids: list[str], patient: PatientDetails | None = None
    ) -> Path | None:
        job = self.job(page_ids, patient)
        if job is None:
            return None
        name = ("handout-pack" if job.has_cover else job.page_ids[0]) + ".pdf"
        path = SavePdfDialog.ask(self.window.window(), name)
        if path is None:
            return None
        from handbook.ui.export import write_pdf
        from handbook.ui.printing import PrintError

        try:
            pages = write_pdf(job, path, self.window.catalog)
        except (OSError, PrintError) as exc:
            Notice.warn(self.window.window(), f"The PDF could not be written: {exc}")
            return None
        self.window.statusBar().showMessage(f"Saved {path.name}: {pages} pages", 8000)
        return path

    def _render(self, job: PrintJob, printer: QPrinter) -> bool:
        from handbook.ui.printing import PrintError, render_job

        try:
            render_job(job, printer, self.window.catalog)
        except PrintError as exc:
            Notice.warn(self.window.window(), f"Printing failed: {exc}")
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
            self.window.window(), self.window.catalog, [current] if current else []
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

        choice = PatientDialog.ask(self.window.window(), title, action)
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
        choice = ClinicDetailsDialog.ask(self.window.window(), current)
        if choice is None:
            return False
        apply_user_choice(settings, resolved.site, choice.values())
        self.window.reload_page()  # handouts on screen show the new details at once
        try:
            settings.save()
        except OSError as exc:  # a full or read-only disk, or a settings file left alone
            Notice.warn(
                self.window.window(),
                "The clinic details are used until the handbook is closed, but they could not "
                f"be saved ({exc.strerror or exc}).",
            )
            return False
        return True
