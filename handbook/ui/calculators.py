"""The Calculators window (IPSS-M/IPSS-R, IPSS-R, aplastic anaemia severity, CCI) and its entries.

Privacy: nothing typed here is saved, logged or bookmarked. The window is made anew, with an
empty form, every time it opens, and is destroyed (inputs and all) when it closes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from handbook.ui import screenfit
from handbook.ui.calculator_tabs import TABS, CalculatorTab

if TYPE_CHECKING:
    from handbook.ui.host import CalculatorHost

SCHEME = "calculator"
DEFAULT_TAB = "ipssm"


class CalculatorDialog(QDialog):
    """A tab per calculator; Print and Export PDF act on the tab shown."""

    def __init__(self, window: CalculatorHost) -> None:
        super().__init__(window.window())
        self.window_ = window
        self.setObjectName("calculatorDialog")
        self.setWindowTitle("Calculators")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(screenfit.fitting_size(1120, 760, window.window()))
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Calculators")
        self.pages: dict[str, CalculatorTab] = {}
        for kind in TABS:
            tab = kind(self.tabs)  # type: ignore[arg-type]  # each tab fixes its own groups
            self.pages[tab.key] = tab
            self.tabs.addTab(tab, tab.title)
        self.tabs.currentChanged.connect(lambda _index: self._update_buttons())
        note = QLabel(
            "For clinical staff. Nothing typed here is saved: the form is empty each time "
            "the calculators open. Check every score against clinical judgement.",
            self,
        )
        note.setWordWrap(True)
        self.print_button = QPushButton("&Print…", self)
        self.print_button.setAccessibleDescription("Print the result shown, with its inputs")
        self.print_button.clicked.connect(self.print_result)
        self.export_button = QPushButton("&Export PDF…", self)
        self.export_button.setAccessibleDescription(
            "Save the result shown, with its inputs, as a PDF"
        )
        self.export_button.clicked.connect(self.export_result)
        self.clear_button = QPushButton("C&lear form", self)
        self.clear_button.clicked.connect(lambda: self.current().clear())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        for button in (self.print_button, self.export_button, self.clear_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        for tab in self.pages.values():
            tab.form.changed.connect(self._update_buttons)
            chain: list[QWidget] = [*tab.focus_chain()]
            for first, second in zip(chain, chain[1:], strict=False):
                QWidget.setTabOrder(first, second)
        self._update_buttons()

    def current(self) -> CalculatorTab:
        widget = self.tabs.currentWidget()
        assert isinstance(widget, CalculatorTab)
        return widget

    def show_tab(self, key: str) -> CalculatorTab:
        tab = self.pages.get(key) or self.pages[DEFAULT_TAB]
        self.tabs.setCurrentWidget(tab)
        tab.form.first_widget().setFocus(Qt.FocusReason.OtherFocusReason)
        return tab

    def _update_buttons(self) -> None:
        ready = bool(self.current().outcome.lines)
        self.print_button.setEnabled(ready)
        self.export_button.setEnabled(ready)

    def print_result(self) -> bool:
        from handbook.ui.calculator_print import print_result

        return print_result(self.current(), self.window_)

    def export_result(self) -> Path | None:
        from handbook.ui.calculator_print import export_result

        path = export_result(self.current(), self.window_)
        if path is not None:
            self.window_.statusBar().showMessage(f"Saved {path.name}", 8000)
        return path

    def closeEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        for tab in self.pages.values():
            tab.clear()  # nothing typed outlives the window, even before it is deleted
        super().closeEvent(event)


def tab_of(url: str) -> str:
    """The tab a ``calculator:KEY`` link names (the IPSS-M tab when it names none we know)."""
    key = url.split(":", 1)[1] if url.lower().startswith(SCHEME + ":") else url
    key = key.strip("/").lower()
    return key if key in {kind.key for kind in TABS} else DEFAULT_TAB


def open_calculator(window: CalculatorHost, key: str = DEFAULT_TAB) -> CalculatorDialog:
    """Show the calculators at ``key``: the open window if there is one, else a new, empty one."""
    dialog = window.calculator_dialog
    if dialog is not None and dialog.isVisible():
        dialog.show_tab(tab_of(key))
        dialog.raise_()  # already open, perhaps behind the main window
        dialog.activateWindow()
        return dialog
    dialog = CalculatorDialog(window)

    def forget(_obj: object = None) -> None:
        window.calculator_dialog = None

    dialog.destroyed.connect(forget)
    window.calculator_dialog = dialog
    dialog.show()
    dialog.show_tab(tab_of(key))
    return dialog
