"""The Calculators window as a user drives it: typed values, live results, chart, links, PDF."""

from __future__ import annotations

import csv
import logging
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QModelIndex, Qt, QUrl
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QLineEdit, QMenu, QWidget
from pytestqt.qtbot import QtBot

from handbook.ui import mainwindow, printdialogs
from handbook.ui.calculator_tabs import CalculatorTab
from handbook.ui.calculators import CalculatorDialog
from handbook.ui.contribution_chart import LOWERS, RAISES
from handbook.ui.mainwindow import MainWindow
from handbook.ui.sidebar import SidebarModel

EXAMPLES = Path("/work/shared/reference/prognostic-scores-examples.csv")
ROOT = Path(__file__).resolve().parents[2]
MARKER = "13579.2468"  # typed into a field; must never reach a file
PP347 = {
    # fmt: off
    "ID": "pp347",
    "HB": "9.6",
    "PLT": "281",
    "BM_BLAST": "9",
    "ANC": "4.84",
    "AGE": "79",
    "del5q": "0",
    "del7_7q": "0",
    "complex": "0",
    "CYTO_IPSSR": "Good",
    "del17_17p": "0",
    "TP53mut": "0",
    "TP53maxvaf": "NA",
    "TP53loh": "0",
    "MLL_PTD": "0",
    "FLT3": "0",
    "ASXL1": "1",
    "BCOR": "0",
    "BCORL1": "0",
    "CBL": "0",
    "CEBPA": "0",
    "DNMT3A": "0",
    "ETV6": "0",
    "EZH2": "0",
    "IDH1": "0",
    "IDH2": "0",
    "KRAS": "0",
    "NF1": "0",
    "NPM1": "0",
    "NRAS": "0",
    "RUNX1": "0",
    "SETBP1": "0",
    "SF3B1": "0",
    "SRSF2": "1",
    "STAG2": "1",
    "U2AF1": "0",
    "ETNK1": "NA",
    "GATA2": "0",
    "GNB1": "NA",
    "PHF6": "0",
    "PPM1D": "0",
    "PRPF8": "NA",
    "PTPN11": "0",
    "WT1": "0",
    # fmt: on
}


def pp347() -> dict[str, str]:
    """The worked example's row from the shared file (the copy above when it is not there)."""
    if EXAMPLES.is_file():
        with EXAMPLES.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["ID"] == "pp347":
                    return row
    return PP347


def open_from_menu(window: MainWindow, qtbot: QtBot) -> CalculatorDialog:
    tools = window.menuBar().findChild(QMenu, "toolsMenu")
    action = next(a for a in tools.actions() if a.text() == "&Calculators…")
    assert action.shortcut().toString() == "Ctrl+Shift+C"
    action.trigger()
    dialog = window.calculator_dialog
    assert isinstance(dialog, CalculatorDialog)
    qtbot.waitExposed(dialog)
    return dialog


def choose(qtbot: QtBot, box: QComboBox, value: str) -> None:
    """Pick an item with the keyboard: Home, then Down until it is chosen (Space would open
    the list, which the offscreen platform cannot show)."""
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Home)
    for _ in range(box.count()):
        if box.currentData() == value:
            break
        qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.currentData() == value, (box.objectName(), value, box.currentText())


def fill(qtbot: QtBot, tab: CalculatorTab, row: dict[str, str]) -> None:
    for name, field in tab.form.inputs.items():
        value = row.get(name, "NA")
        if isinstance(field.widget, QLineEdit):
            field.widget.clear()
            if value != "NA":
                qtbot.keyClicks(field.widget, value)
        elif field.widget.findData(value) >= 0:
            choose(qtbot, field.widget, value)


def test_pp347_typed_into_the_form_shows_the_published_scores(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = open_from_menu(window, qtbot)
    tab = dialog.current()
    assert tab.key == "ipssm"
    assert all(f.raw() in ("", "NA") for f in tab.form.inputs.values())  # an empty form
    assert tab.result_text().startswith("Still to fill in:")
    fill(qtbot, tab, pp347())
    text = tab.result_text()
    assert tab.headline.text() == "IPSS-M: Moderate High (score 0.31)"
    assert "best 0.30 (Moderate High), worst 0.63 (High)" in text
    assert "leukaemia-free survival in the paper for Moderate High: 2.3 years" in text
    assert "IPSS-R: Intermediate (score 4); median survival in the paper 3.0 years" in text
    assert "IPSS-R(A), age-adjusted: Intermediate (score 4.27)" in text
    assert dialog.export_button.isEnabled() and dialog.print_button.isEnabled()


def test_a_value_out_of_range_is_named_with_its_field(window: MainWindow, qtbot: QtBot) -> None:
    tab = open_from_menu(window, qtbot).current()
    fill(qtbot, tab, pp347())
    hb = tab.form.inputs["HB"].widget
    assert isinstance(hb, QLineEdit)
    hb.clear()
    qtbot.keyClicks(hb, "45")
    assert tab.message.isVisible()
    assert tab.message.text().startswith("Haemoglobin (HB): “45” is not valid; expected")
    assert tab.outcome.lines == []
    hb.clear()  # a wrong value among empty fields is named at once, too
    tab.form.inputs["PLT"].widget.clear()  # type: ignore[union-attr]
    qtbot.keyClicks(hb, "2")
    assert tab.message.text().startswith("Haemoglobin (HB): “2”")


def test_every_field_has_a_name_and_tab_follows_the_form(window: MainWindow, qtbot: QtBot) -> None:
    dialog = open_from_menu(window, qtbot)
    for tab in dialog.pages.values():
        widgets = [f.widget for f in tab.form.inputs.values()]
        assert all(w.accessibleName() for w in widgets)
        for first, second in zip(widgets, widgets[1:], strict=False):
            assert next_tab_stop(first) is second, (first.objectName(), second.objectName())


def next_tab_stop(widget: QWidget) -> QWidget:
    """Where Tab goes from ``widget``: the next widget in the focus chain that takes Tab."""
    following = widget.nextInFocusChain()
    while not following.focusPolicy() & Qt.FocusPolicy.TabFocus or not following.isEnabled():
        following = following.nextInFocusChain()
    return following


def test_the_chart_paints_bars_both_ways(window: MainWindow, qtbot: QtBot) -> None:
    tab = open_from_menu(window, qtbot).current()
    assert tab.chart is not None
    fill(qtbot, tab, pp347())
    image = tab.chart.grab().toImage()
    colours = {
        QColor(image.pixel(x, y)).name()
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    }
    assert RAISES.name() in colours and LOWERS.name() in colours
    assert "Marrow blasts +0.45" in tab.chart.accessibleDescription()


def test_calculator_links_on_pages_and_sidebar_open_the_right_tab(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    browsed: list[str] = []
    monkeypatch.setattr(
        mainwindow.ExternalLinkDialog,
        "show_address",
        classmethod(lambda cls, parent, url: browsed.append(url)),
    )
    window.open_page("aa-severity-criteria")
    window.page_view.anchorClicked.emit(QUrl("calculator:aa-severity"))  # as a click does
    dialog = window.calculator_dialog
    assert dialog.current().key == "aa-severity" and browsed == []
    window.page_view.anchorClicked.emit(QUrl("calculator:cci"))
    assert window.calculator_dialog is dialog and dialog.current().key == "cci"
    dialog.close()
    qtbot.waitUntil(lambda: window.calculator_dialog is None)

    model = window.sidebar_model
    tools = model.index(model.rowCount() - 1, 0)
    assert tools.data() == "Calculators"
    entries = [model.index(row, 0, tools) for row in range(model.rowCount(tools))]
    links = [index.data(SidebarModel.LinkRole) for index in entries]
    assert links == [
        "calculator:ipssm",
        "calculator:ipssr",
        "calculator:aa-severity",
        "calculator:cci",
    ]
    window.tree.activated.emit(entries[1])
    assert window.calculator_dialog.current().key == "ipssr"
    assert window.sidebar_model.index_of_page("aplastic-anaemia") != QModelIndex()


def _pdf_text(path: Path) -> str:
    pages = PdfReader(path).pages
    return " ".join(unicodedata.normalize("NFKC", p.extract_text()) for p in pages)


def test_export_pdf_holds_the_result_and_nothing_typed_is_kept(
    new_window, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, _user_dir: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    caplog.set_level(logging.DEBUG)
    window = new_window()
    out = tmp_path / "export" / "result.pdf"
    suggested: list[str] = []

    def save_as(cls: object, parent: object, name: str) -> Path:
        suggested.append(name)
        return out

    monkeypatch.setattr(printdialogs.SavePdfDialog, "ask", classmethod(save_as))
    dialog = open_from_menu(window, qtbot)
    tab = dialog.current()
    row = pp347()
    fill(qtbot, tab, row)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert out.is_file() and suggested == ["ipssm-calculation.pdf"]
    text = " ".join(_pdf_text(out).split())
    assert "IPSS-M: Moderate High (score 0.31)" in text
    assert "worst 0.63 (High)" in text and "Bernard E" in text and "Greenberg PL" in text
    assert "Haemoglobin 9.6 g/dL" in text and "ASXL1 mutated" in text
    metadata = PdfReader(out).metadata or {}
    typed = [v for v in row.values() if len(v) >= 3 and v not in ("Good", "pp347")]
    for value in metadata.values():
        assert not any(t in str(value) for t in typed), (value, typed)
    assert list(out.parent.iterdir()) == [out]  # no temporary file left beside it

    age = tab.form.inputs["AGE"].widget
    assert isinstance(age, QLineEdit)
    age.clear()
    qtbot.keyClicks(age, MARKER)
    assert MARKER in tab.result_text()  # the error names what was typed, on screen only
    dialog.close()
    qtbot.waitUntil(lambda: window.calculator_dialog is None)
    reopened = open_from_menu(window, qtbot)
    assert all(
        f.raw() in ("", "NA") for t in reopened.pages.values() for f in t.form.inputs.values()
    )
    reopened.close()
    window.close()  # saves the settings and window state

    from handbook.logsetup import log_path

    files = [p for p in _user_dir.rglob("*") if p.is_file()]
    if log_path().is_file():
        files.append(log_path())
    for path in files:
        data = path.read_bytes()
        assert MARKER.encode() not in data and b"4.84" not in data, path
    assert not any(MARKER in record.getMessage() for record in caplog.records)
