"""The small dialogs printing opens: the handout pack, Save as PDF, the printer, notices."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt
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

from handbook.catalog import Catalog
from handbook.ui import screenfit

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter


@dataclass(frozen=True)
class PackChoice:
    page_ids: list[str]
    action: str  # "print", "preview" or "pdf"
    for_patient: bool = False  # then the "For this patient" step comes next


PREVIEW_SIZE = (900, 1000)  # a whole A4 page readable, where the screen has room


class HandoutPackDialog(QDialog):
    """Tick the pages for a pack: patient handouts first, clinician pages below."""

    def __init__(self, parent: QWidget | None, catalog: Catalog, preselected: list[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Handout pack")
        self.resize(screenfit.fitting_size(520, 600, parent or self))
        self.action = "print"
        self.page_list = QListWidget(self)
        # Long titles wrap rather than scroll the list sideways.
        self.page_list.setWordWrap(True)
        self.page_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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
        # Qt opens it small (455x341 at 150 %, its Print button behind the toolbar's ">>").
        dialog.resize(screenfit.fitting_size(*PREVIEW_SIZE, parent or dialog))
        dialog.paintRequested.connect(paint)
        dialog.exec()
        dialog.paintRequested.disconnect(paint)  # the job may hold a patient's details
        dialog.deleteLater()


class Notice:
    @classmethod
    def warn(cls, parent: QWidget | None, text: str) -> None:
        QMessageBox.warning(parent, "Printing", text)
