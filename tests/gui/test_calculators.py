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
from PySide6.QtWidgets import QComboBox, QLineEdit, QMenu, QScrollArea, QWidget
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
    assert "IPSS-R: Intermediate (score 4)\nIn the paper, Intermediate: median survival 3.0" in text
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
    assert "median survival 3.0 years; 25% had progressed to AML by 3.2 years" in text
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


# -- the other tabs, as a user fills them ---------------------------------------------------


def open_tab(window: MainWindow, qtbot: QtBot, key: str) -> tuple[CalculatorDialog, CalculatorTab]:
    """Tools → Calculators…, then the tab chosen with Ctrl+Tab as a keyboard user would."""
    dialog = open_from_menu(window, qtbot)
    for _ in range(len(dialog.pages)):
        if dialog.current().key == key:
            break
        qtbot.keyClick(dialog.tabs, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert dialog.current().key == key
    return dialog, dialog.current()


def type_into(qtbot: QtBot, tab: CalculatorTab, values: dict[str, str]) -> None:
    """Type each value into its field (choose it, for a list), as a user would."""
    for name, value in values.items():
        widget = tab.form.inputs[name].widget
        if isinstance(widget, QLineEdit):
            widget.selectAll()
            qtbot.keyClick(widget, Qt.Key.Key_Backspace)
            qtbot.keyClicks(widget, value)
        else:
            choose(qtbot, widget, value)


def shown(tab: CalculatorTab) -> str:
    """The result as the user reads it: the visible labels of the result area."""
    labels = (tab.headline, tab.details, tab.message)
    return "\n".join(label.text() for label in labels if label.isVisible())


def test_aplastic_anaemia_tab_grades_as_typed(window: MainWindow, qtbot: QtBot) -> None:
    _dialog, tab = open_tab(window, qtbot, "aa-severity")
    assert shown(tab).startswith("No result yet\nStill to fill in: Marrow cellularity")
    type_into(qtbot, tab, {"CELLULARITY": "10", "ANC": "0.1", "PLT": "5", "RETIC": "10"})
    assert "Still to fill in: Reticulocyte count method." in shown(tab)
    type_into(qtbot, tab, {"RETIC_METHOD": "manual"})
    text = shown(tab)
    assert tab.headline.text() == "Aplastic anaemia: very severe"
    assert "Reticulocyte cut-off used: < 20 ×10⁹/L (manual count)" in text
    assert "neutrophils 0.1 < 0.2 ×10⁹/L (very severe)" in text
    type_into(qtbot, tab, {"RETIC_METHOD": "automated", "ANC": "0.3"})
    assert tab.headline.text() == "Aplastic anaemia: severe"
    assert "< 60 ×10⁹/L (automated count)" in shown(tab)
    # 25–50% cellular: the residual haematopoietic cells decide, and are asked for.
    type_into(qtbot, tab, {"CELLULARITY": "40"})
    assert tab.headline.text() == "No result yet"
    assert "Residual haematopoietic cells (RESIDUAL_HAEM)" in shown(tab)
    assert "when cellularity is 25–50%" in shown(tab)
    type_into(qtbot, tab, {"RESIDUAL_HAEM": "45"})
    assert tab.headline.text() == "Aplastic anaemia: non-severe"


def test_aplastic_anaemia_value_out_of_range_names_the_field(
    window: MainWindow, qtbot: QtBot
) -> None:
    _dialog, tab = open_tab(window, qtbot, "aa-severity")
    type_into(qtbot, tab, {"CELLULARITY": "10", "ANC": "0.1", "PLT": "5", "RETIC_METHOD": "manual"})
    type_into(qtbot, tab, {"RETIC": "1500"})
    assert tab.message.isVisible() and tab.headline.text() == "No result yet"
    assert tab.message.text() == (
        "Reticulocytes (RETIC): “1500” is not valid; expected a number from 0 to 1000 ×10⁹/L."
    )


def test_cci_tab_computes_body_surface_area_and_increment(window: MainWindow, qtbot: QtBot) -> None:
    _dialog, tab = open_tab(window, qtbot, "cci")
    type_into(qtbot, tab, {"PRE": "10", "POST": "30", "HEIGHT": "180", "WEIGHT": "64.8"})
    type_into(qtbot, tab, {"DOSE": "3", "INTERVAL": "1h"})
    text = shown(tab)
    assert tab.headline.text() == "Corrected count increment (1-hour): 12,000"
    assert "Increment 20 ×10⁹/L; body surface area 1.80 m² (Mosteller)" in text
    assert "At or above the 1-hour threshold of 7,500." in text
    type_into(qtbot, tab, {"POST": "15", "INTERVAL": "24h"})
    assert tab.headline.text() == "Corrected count increment (24-hour): 3,000"
    assert "Below the 24-hour threshold of 4,500" in shown(tab)
    assert "suggests refractoriness" in shown(tab)


def test_cci_height_out_of_range_names_the_field(window: MainWindow, qtbot: QtBot) -> None:
    _dialog, tab = open_tab(window, qtbot, "cci")
    type_into(qtbot, tab, {"PRE": "10", "POST": "30", "HEIGHT": "400"})
    assert tab.message.text() == (
        "Height (HEIGHT): “400” is not valid; expected a number from 30 to 250 cm."
    )
    type_into(qtbot, tab, {"HEIGHT": "180", "WEIGHT": "64.8", "DOSE": "0", "INTERVAL": "1h"})
    assert tab.message.text().startswith("Platelets transfused (DOSE): “0” is not valid")


def test_ipssr_tab_shows_points_survival_and_aml(window: MainWindow, qtbot: QtBot) -> None:
    _dialog, tab = open_tab(window, qtbot, "ipssr")
    type_into(qtbot, tab, {"HB": "9.6", "PLT": "281", "BM_BLAST": "9", "ANC": "4.84"})
    type_into(qtbot, tab, {"CYTO_IPSSR": "Good"})
    text = shown(tab)
    assert tab.headline.text() == "IPSS-R: Intermediate (score 4)"
    assert (
        "In the paper, Intermediate: median survival 3.0 years; "
        "25% had progressed to AML by 3.2 years"
    ) in text
    assert "Points: cytogenetics 1, blasts 2, haemoglobin 1, platelets 0, neutrophils 0" in text
    assert "IPSS-R(A), age-adjusted: needs the age" in text
    type_into(qtbot, tab, {"AGE": "79"})
    assert "IPSS-R(A), age-adjusted: Intermediate (score 4.27)" in shown(tab)
    type_into(qtbot, tab, {"HB": "12", "BM_BLAST": "1"})
    assert tab.headline.text() == "IPSS-R: Very Low (score 1)"
    assert (
        "In the paper, Very Low: median survival 8.8 years; "
        "fewer than 25% progressed to AML during follow-up"
    ) in shown(tab)
    type_into(qtbot, tab, {"BM_BLAST": "31"})
    assert tab.message.text() == (
        "Marrow blasts (BM_BLAST): “31” is not valid; expected a number from 0 to 30 %."
    )


def focused_after_tabs(qtbot: QtBot, dialog: CalculatorDialog, start: QWidget, count: int) -> list:
    """The widgets that take the focus as Tab is pressed ``count`` times from ``start``."""
    dialog.activateWindow()
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: dialog.focusWidget() is start)
    visited = []
    for _ in range(count):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        visited.append(dialog.focusWidget())
    return visited


@pytest.mark.parametrize("key", ["ipssr", "aa-severity", "cci"])
def test_keyboard_reaches_every_field_and_every_input_is_named(
    window: MainWindow, qtbot: QtBot, key: str
) -> None:
    dialog, tab = open_tab(window, qtbot, key)
    fields = [field.widget for field in tab.form.inputs.values()]
    visited = focused_after_tabs(qtbot, dialog, fields[0], len(fields) - 1)
    assert visited == fields[1:]
    for field in tab.form.inputs.values():
        name = field.widget.accessibleName()
        assert name == field.spec.label, field.spec.name
        assert field.label.buddy() is field.widget  # Alt+letter and screen readers pair them
        assert field.widget.accessibleDescription()
    for label in (tab.headline, tab.details, tab.message, tab.citation):
        assert label.accessibleName()


def test_enter_and_space_work_the_buttons(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    out = tmp_path / "cci.pdf"
    monkeypatch.setattr(printdialogs.SavePdfDialog, "ask", classmethod(lambda c, p, n: out))
    dialog, tab = open_tab(window, qtbot, "cci")
    type_into(qtbot, tab, {"PRE": "10", "POST": "30", "HEIGHT": "180", "WEIGHT": "64.8"})
    type_into(qtbot, tab, {"DOSE": "3", "INTERVAL": "1h"})
    dialog.export_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(dialog.export_button, Qt.Key.Key_Return)
    assert out.is_file()
    dialog.clear_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(dialog.clear_button, Qt.Key.Key_Space)
    assert all(f.raw() in ("", "NA") for f in tab.form.inputs.values())
    assert tab.headline.text() == "No result yet" and not dialog.export_button.isEnabled()


def test_cci_export_pdf_holds_result_and_typed_values_stay_out_of_files(
    new_window, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, _user_dir: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    caplog.set_level(logging.DEBUG)
    window = new_window()
    out = tmp_path / "export" / "platelets.pdf"
    suggested: list[str] = []

    def save_as(cls: object, parent: object, name: str) -> Path:
        suggested.append(name)
        return out

    monkeypatch.setattr(printdialogs.SavePdfDialog, "ask", classmethod(save_as))
    dialog, tab = open_tab(window, qtbot, "cci")
    typed = {"PRE": "11.37", "POST": "48.91", "HEIGHT": "173.21", "WEIGHT": "68.47", "DOSE": "2.93"}
    type_into(qtbot, tab, {**typed, "INTERVAL": "24h"})
    assert tab.headline.text().startswith("Corrected count increment (24-hour): ")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert out.is_file() and suggested == ["cci-calculation.pdf"]
    text = " ".join(_pdf_text(out).split())
    assert tab.headline.text() in text
    assert "Height 173.21 cm" in text and "Time after transfusion 24 hours" in text
    assert "Mosteller RD" in text and "TRAP Study Group" in text
    assert "supports, and does not replace, clinical judgement" in text
    assert "Calculated with the" in text
    metadata = PdfReader(out).metadata or {}
    assert "Platelet increment (CCI) calculation" in str(metadata.get("/Title", ""))
    for value in metadata.values():
        assert not any(t in str(value) for t in typed.values()), value
    assert list(out.parent.iterdir()) == [out]
    dialog.close()
    qtbot.waitUntil(lambda: window.calculator_dialog is None)
    window.close()

    from handbook.logsetup import log_path

    files = [p for p in _user_dir.rglob("*") if p.is_file()]
    if log_path().is_file():
        files.append(log_path())
    for path in files:
        data = path.read_bytes()
        assert not any(t.encode() in data for t in typed.values()), path
    assert not any(t in r.getMessage() for r in caplog.records for t in typed.values())


@pytest.mark.parametrize("width", [984, 643])  # 1024x768, and the same screen at 150 %
def test_neither_form_nor_result_scrolls_sideways_on_a_small_screen(
    window: MainWindow, qtbot: QtBot, width: int
) -> None:
    """On a 1024-pixel screen the result sits beside the form; at 150 % (683 logical pixels)
    it moves below it, and the result's text wraps to its width (it was cut off, beside a
    form whose units were hidden, both scrolling sideways)."""
    dialog = open_from_menu(window, qtbot)
    dialog.resize(width, 452)
    for tab in dialog.pages.values():
        dialog.tabs.setCurrentWidget(tab)
        qtbot.waitUntil(tab.isVisible)
        qtbot.wait(50)
        assert tab.side_by_side() == (width == 984), tab.key
        for scroll in tab.findChildren(QScrollArea):
            assert not scroll.horizontalScrollBar().isVisible(), (tab.key, width)
            assert scroll.widget().width() <= scroll.viewport().width(), (tab.key, width)
        units = [field.unit for field in tab.form.inputs.values() if field.unit.text()]
        view = tab.form_scroll.viewport()
        for unit in units:  # every unit is shown whole within the form's width
            right = unit.mapTo(view, unit.rect().topRight()).x()
            assert right <= view.width(), (tab.key, unit.text(), width)
        if width == 643:  # the result's first line is on screen, below the form
            below = tab.result_scroll.mapTo(tab, tab.result_scroll.rect().topLeft()).y()
            assert below >= tab.form_scroll.mapTo(tab, tab.form_scroll.rect().bottomLeft()).y()
            assert tab.headline.isVisible() and tab.headline.text()
