"""The PDFs people get: header, footer, numbering, clinic details, large print, packs, menu."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from handbook import APP_NAME
from handbook.catalog import Catalog
from handbook.cli import run_export_pdf
from handbook.printjob import PrintOptions, compose_job
from handbook.textutil import MONTHS, readable_date
from handbook.ui import about, printdialogs
from handbook.ui.clinicdialog import ClinicChoice, ClinicDetailsDialog
from handbook.ui.mainwindow import MainWindow
from handbook.ui.pageframe import sheet_bands
from handbook.ui.pagination import first_bad_break
from handbook.ui.printdialogs import HandoutPackDialog, PackChoice
from handbook.ui.printing import layout_part, make_printer
from handbook.ui.printmenu import PrintController
from tests.helpers import REAL_INDEX, page_lines, page_texts
from tests.locale_helpers import GERMAN_LOCALES, german_month_names

URGENT = "handout-get-help-urgently"
CLINIC, PHONE = "St Elsewhere Haematology", "0161 496 0000"
CHROME = ("All pages", "Back", "Forward", "Search", "Contents")


def body_font_sizes(path: Path) -> Counter[float]:
    sizes: Counter[float] = Counter()

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            sizes[round(abs(size * tm[3] * cm[3]), 1)] += len(text)

    PdfReader(path).pages[0].extract_text(visitor_text=visit)
    return sizes


def export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], ids: list[str], name: str, **kw: object
) -> Path:
    out = tmp_path / name
    assert run_export_pdf(ids, out, index_dir=REAL_INDEX, **kw) == 0  # type: ignore[arg-type]
    pages = len(PdfReader(out).pages)
    assert capsys.readouterr().out.strip() == f"wrote {out}: {pages} pages"
    return out


def test_handout_has_header_footer_and_clinic_number_on_every_page(
    qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = export(tmp_path, capsys, [URGENT], "urgent.pdf", clinic=CLINIC, phone=PHONE, paper="a4")
    catalog = Catalog.load(REAL_INDEX)
    texts = page_texts(path)
    assert len(texts) >= 2
    for lines in page_lines(path):
        assert not any(line.strip() in CHROME for line in lines)
    for number, text in enumerate(texts, 1):
        assert APP_NAME in text and "When to get help urgently" in text and CLINIC in text
        assert f"Page {number} of {len(texts)}" in text
        assert f"Content version {catalog.content_version}" in text
        assert f"Last reviewed {readable_date(catalog.pages[URGENT].reviewed)}" in text
        assert "does not replace, advice from your clinical team" in text
    body = " ".join(texts)
    assert "call 0161 496 0000 straight away" in body  # fever goes to the clinic
    assert "or go to the emergency department (A&E) now" in body  # not the clinic phone
    assert "My clinic's urgent number: 0161 496 0000" in body
    assert "{{" not in body
    assert PdfReader(tmp_path / "urgent.pdf").pages[0].mediabox.height == pytest.approx(842, abs=1)


def test_large_print_is_at_least_14_pt_and_takes_more_pages(
    qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    normal = export(tmp_path, capsys, [URGENT], "normal.pdf", paper="letter")
    large = export(tmp_path, capsys, [URGENT], "large.pdf", paper="letter", large_print=True)
    assert body_font_sizes(normal).most_common(1)[0][0] == pytest.approx(11, abs=0.2)
    assert body_font_sizes(large).most_common(1)[0][0] >= 14
    assert len(PdfReader(large).pages) > len(PdfReader(normal).pages)
    assert PdfReader(large).pages[0].mediabox.height == pytest.approx(792, abs=1)  # Letter


def test_pack_opens_with_a_cover_and_numbers_pages_across_the_pack(
    qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = Catalog.load(REAL_INDEX)
    ids = [URGENT, "handout-pnh", "bone-marrow-and-blood-cells"]
    texts = page_texts(export(tmp_path, capsys, ids, "pack.pdf", clinic=CLINIC, phone=PHONE))
    cover = texts[0]
    assert "Information from St Elsewhere Haematology" in cover and PHONE in cover
    for pid in ids:
        assert catalog.pages[pid].title in cover
    lines = page_lines(tmp_path / "pack.pdf")
    for pid in ids:
        page = catalog.pages[pid]
        start = next(n for n, page_lines_ in enumerate(lines, 1) if page_lines_[2] == page.title)
        audience = "For patients and families" if page.audience == "patient" else "For clinic staff"
        assert f"{page.title} {audience} {start}" in cover  # the cover says where each page starts
    assert lines[1][2] == "When to get help urgently"
    assert all(f"Page {n} of {len(texts)}" in t for n, t in enumerate(texts, 1))


@pytest.mark.parametrize("which", GERMAN_LOCALES)
def test_footers_and_about_name_english_months_under_a_german_locale(
    which: str,
    qapp: QApplication,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    english_date = rf"\d{{1,2}} (?:{'|'.join(MONTHS)}) \d{{4}}"
    catalog = Catalog.load(REAL_INDEX)
    with german_month_names(which, monkeypatch):
        assert datetime.date(2026, 12, 2).strftime("%B") == "Dezember"  # the locale is German
        texts = page_texts(export(tmp_path, capsys, [URGENT], "urgent.pdf"))
        overall, _sections = about.review_spans(catalog)
        described = overall.describe()
    for text in texts:
        assert re.search(rf"Last reviewed {english_date}", text), text
    assert re.fullmatch(
        rf"last reviewed (?:on|between) {english_date}(?: and {english_date})?", described
    )


def test_unknown_ids_write_nothing_and_exit_2(
    qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bad.pdf"
    assert run_export_pdf([URGENT, "no-such-page", "nor-this"], out, index_dir=REAL_INDEX) == 2
    err = capsys.readouterr().err
    assert "no-such-page" in err and "nor-this" in err
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_severity_table_rows_are_not_split_across_pages(qapp: QApplication, tmp_path: Path) -> None:
    catalog = Catalog.load(REAL_INDEX)
    for page_id, large in (
        ("aa-severity-criteria", False),
        ("aa-severity-criteria", True),
        ("aplastic-anaemia", False),
    ):
        job = compose_job(catalog, [page_id], PrintOptions("a4", large))
        printer = make_printer("a4", "test", tmp_path / "x.pdf")
        bands = sheet_bands(printer, 1.3 if large else 1.0)
        document = layout_part(job.parts[0], job, printer, bands, REAL_INDEX)
        assert first_bad_break(document, bands.body.height()) is None


@pytest.fixture()
def controller(window: MainWindow) -> PrintController:
    """The controller the window installed for itself."""
    assert isinstance(window.printing, PrintController)
    return window.printing


def test_file_menu_offers_printing(controller: PrintController, window: MainWindow) -> None:
    titles = [a.text().replace("&", "") for a in controller._file_menu().actions() if a.text()]
    assert titles[:6] == [
        "Print…",
        "Print Preview…",
        "Export PDF…",
        "Print for a patient…",
        "Handout pack…",
        "Clinic details and printing…",
    ]
    assert "Quit" in titles[6:]  # File > Quit comes after printing (handbook/ui/lifecycle.py)
    assert controller.print_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)


def test_export_current_page_and_print_it(
    controller: PrintController, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.open_page("aa-severity-criteria")
    monkeypatch.setattr(
        printdialogs.SavePdfDialog, "ask", classmethod(lambda cls, parent, name: tmp_path / name)
    )
    path = controller.export_current()
    assert path == tmp_path / "aa-severity-criteria.pdf"
    assert "Very severe (VSAA)" in page_texts(path)[0]

    def accept_to_file(cls: object, parent: object, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "printed.pdf"))
        return True

    monkeypatch.setattr(printdialogs.PrinterDialogs, "ask_printer", classmethod(accept_to_file))
    assert controller.print_current()
    texts = page_texts(tmp_path / "printed.pdf")
    assert all("Aplastic anaemia: severity criteria" in t for t in texts)


def test_preview_paints_the_page(
    controller: PrintController, window: MainWindow, qtbot: QtBot
) -> None:
    window.open_page(URGENT)
    painted: list[int] = []
    original = controller._render

    def render(job: object, printer: QPrinter) -> bool:
        painted.append(1)
        return original(job, printer)  # type: ignore[arg-type]

    controller._render = render  # type: ignore[method-assign]

    def close_preview() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            dialog.close()

    QTimer.singleShot(300, close_preview)
    controller.preview_current()
    assert painted and controller.preview_printer is not None


def test_clinic_details_fill_the_page_and_are_saved(
    controller: PrintController, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.open_page(URGENT)
    choice = ClinicChoice(CLINIC, PHONE, "letter", True)
    monkeypatch.setattr(
        ClinicDetailsDialog, "ask", classmethod(lambda cls, parent, current: choice)
    )
    saved: list[bool] = []
    monkeypatch.setattr(window.settings, "save", lambda: saved.append(True))
    assert controller.edit_clinic_details()
    assert saved and window.settings.clinic_phone == PHONE and window.settings.paper == "letter"
    assert PHONE in window.page_view.toPlainText()
    assert controller.options().large_print


def test_clinic_dialog_and_pack_dialog_widgets(qtbot: QtBot, window: MainWindow) -> None:
    dialog = ClinicDetailsDialog(window, ClinicChoice("", "", "auto", False))
    qtbot.addWidget(dialog)
    dialog.name_field.setText(f"  {CLINIC} ")
    dialog.phone_field.setText(PHONE)
    dialog.paper_box.setCurrentIndex(dialog.paper_box.findData("a4"))
    dialog.large_print_box.setChecked(True)
    assert dialog.choice() == ClinicChoice(CLINIC, PHONE, "a4", True)

    pack = HandoutPackDialog(window, window.catalog, [URGENT])
    qtbot.addWidget(pack)
    labels = [pack.page_list.item(row).text() for row in range(pack.page_list.count())]
    assert labels[0] == "Patient handouts" and "Clinician pages" in labels
    assert pack.checked_page_ids() == [URGENT]
    severity_row = labels.index(window.catalog.pages["aa-severity-criteria"].title)
    pack.page_list.item(severity_row).setCheckState(pack.page_list.item(0).checkState().Checked)
    assert set(pack.checked_page_ids()) == {URGENT, "aa-severity-criteria"}


def test_pack_from_the_menu_exports_one_pdf(
    controller: PrintController, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    choice = PackChoice([URGENT, "handout-pnh"], "pdf")
    monkeypatch.setattr(
        HandoutPackDialog, "ask", classmethod(lambda cls, parent, catalog, pre: choice)
    )
    monkeypatch.setattr(
        printdialogs.SavePdfDialog, "ask", classmethod(lambda cls, parent, name: tmp_path / name)
    )
    controller.choose_pack()
    texts = page_texts(tmp_path / "handout-pack.pdf")
    assert "What is inside" in texts[0] and "What is PNH?" in texts[0]


def test_print_preview_opens_as_large_as_the_screen_allows(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Qt's preview opened at 455x341 on a 1024x768 screen at 150 %, its Print button hidden
    behind the toolbar's overflow arrow; it now takes the screen's room, up to 900x1000."""
    seen: dict[str, object] = {}

    def close_preview() -> None:
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and type(widget).__name__ == "QPrintPreviewDialog":
                seen["size"] = widget.size()
                widget.reject()

    window.open_page(URGENT)
    QTimer.singleShot(500, close_preview)
    window.printing.preview_current()
    available = window.screen().availableGeometry()
    size = seen["size"]
    assert size.width() >= min(900, available.width() - 40) - 1  # type: ignore[attr-defined]
    assert size.height() >= min(1000, available.height() - 60) - 1  # type: ignore[attr-defined]
