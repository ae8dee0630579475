"""Themes as the reader sees them: the Theme menu, dark pages, high contrast, light prints."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPalette, QTextFormat
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from handbook.contrast import contrast_ratio, relative_luminance
from handbook.ui import appearance, printdialogs
from handbook.ui.appearance import Role
from handbook.ui.mainwindow import MainWindow
from handbook.userdata import Settings
from tests.helpers import REAL_INDEX, ROOT


@pytest.fixture(scope="session")
def themed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real index with the stylesheets from resources/ (page-dark.css before a rebuild)."""
    index = tmp_path_factory.mktemp("themed") / "index"
    shutil.copytree(REAL_INDEX, index)
    for sheet in (ROOT / "resources" / "styles").glob("*.css"):
        shutil.copy2(sheet, index / "styles" / sheet.name)
    return index


def _drop_deleted_windows() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def open_window(qtbot: QtBot, index: Path) -> MainWindow:
    from handbook.ui.app import create_window, make_application

    make_application()
    _drop_deleted_windows()  # earlier tests' windows stop listening to the system
    window = create_window(index)
    qtbot.addWidget(window)
    assert isinstance(window.appearance, appearance.Appearance)  # the window installs it
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.ready)
    return window


@pytest.fixture()
def themed(qtbot: QtBot, themed_index: Path) -> Iterator[MainWindow]:
    window = open_window(qtbot, themed_index)
    yield window
    window.search_panel.shutdown()
    appearance._AppLook.restore_native(QApplication.instance())  # type: ignore[arg-type]


def page_pixels(window: MainWindow) -> QImage:
    QApplication.processEvents()  # Qt hands a new application palette to widgets by event
    window.page_view.viewport().repaint()
    return window.page_view.viewport().grab().toImage()


def mean_luminance(image: QImage) -> float:
    step = 7
    values = [
        relative_luminance(_rgb(image.pixelColor(x, y)))
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    ]
    return sum(values) / len(values)


def _rgb(colour: QColor) -> tuple[int, int, int]:
    return colour.red(), colour.green(), colour.blue()


def text_colour(window: MainWindow, text: str) -> str | None:
    """The colour the page sets for ``text`` (first occurrence); None: the palette's text colour."""
    cursor = window.page_view.document().find(text)
    assert not cursor.isNull(), text
    char_format = cursor.charFormat()
    if not char_format.hasProperty(QTextFormat.Property.ForegroundBrush):
        return None
    return char_format.foreground().color().name()


def theme_menu(window: MainWindow) -> QMenu:
    menu = window.menuBar().findChild(QMenu, "themeMenu")
    assert menu is not None
    return menu


def test_view_theme_menu_offers_three_exclusive_choices(themed: MainWindow) -> None:
    menu = theme_menu(themed)
    view = themed.menuBar().findChild(QMenu, "viewMenu")
    assert menu.menuAction() in view.actions()
    choices = [a for a in menu.actions() if a.isCheckable()]
    assert [a.text().replace("&", "") for a in choices] == ["Light", "Dark", "Follow System"]
    assert [a.isChecked() for a in choices] == [True, False, False]  # the default setting
    choices[1].trigger()
    assert [a.isChecked() for a in choices] == [False, True, False]


def test_dark_theme_darkens_window_and_page_and_is_remembered(themed: MainWindow) -> None:
    themed.open_page("pnh")
    assert mean_luminance(page_pixels(themed)) > 0.7
    themed.appearance.actions["dark"].trigger()
    assert themed.appearance.applied == "dark"
    palette = QApplication.instance().palette()
    assert palette.color(Role.Window).lightness() < 60
    assert palette.color(Role.Base).name() == "#1e1e1e"
    assert mean_luminance(page_pixels(themed)) < 0.12
    assert themed.current_page == "pnh"
    assert text_colour(themed, "What PNH is") == "#9fcbf0"  # a heading
    assert text_colour(themed, "A plain-language handout is") == "#e6e6e6"  # body text
    assert text_colour(themed, "What is PNH?") == "#8cc4ff"  # a link
    assert Settings.load().theme == "dark"


def cell_background(window: MainWindow, text: str) -> str:
    cursor = window.page_view.document().find(text)
    table = cursor.currentTable()
    assert table is not None, text  # callout boxes are one-cell tables
    return table.cellAt(cursor).format().background().color().name()


def test_breadcrumb_links_follow_the_theme(themed: MainWindow) -> None:
    themed.open_page("pnh")
    crumb = themed.findChild(QWidget, "crumb0")
    assert crumb is not None and crumb.isVisible()

    def best_text_contrast() -> float:
        """Contrast of the crumb's most distinct drawn pixel (its text) with the window."""
        QApplication.processEvents()
        image = themed.grab(QRect(crumb.mapTo(themed, QPoint(0, 0)), crumb.size())).toImage()
        background = _rgb(QColor(image.pixel(1, 1)))
        return max(
            contrast_ratio(_rgb(QColor(image.pixel(x, y))), background)
            for x in range(0, image.width(), 2)
            for y in range(0, image.height(), 2)
        )

    themed.appearance.actions["dark"].trigger()
    assert best_text_contrast() >= 4.5
    themed.appearance.actions["light"].trigger()
    assert best_text_contrast() >= 4.5


def test_tables_and_callout_boxes_are_dark_in_dark_theme(themed: MainWindow) -> None:
    themed.appearance.set_theme("dark")
    themed.open_page("red-flags")
    assert cell_background(themed, "Act now") == "#3b1f1f"  # the danger box
    assert text_colour(themed, "Act now") == "#f2f2f2"
    themed.open_page("pnh")
    assert cell_background(themed, "Main features") == "#2c3a47"  # a table header
    assert cell_background(themed, "Thrombosis frequency") == "#1d2933"  # "Sources differ"
    assert text_colour(themed, "Main features") == "#e6e6e6"


def test_theme_is_applied_at_start_from_settings(qtbot: QtBot, themed_index: Path) -> None:
    settings = Settings.load()
    settings.theme = "dark"
    settings.save()
    window = open_window(qtbot, themed_index)
    try:
        assert window.appearance.applied == "dark"
        assert window.appearance.actions["dark"].isChecked()
        assert mean_luminance(page_pixels(window)) < 0.12
    finally:
        window.search_panel.shutdown()
        appearance._AppLook.restore_native(QApplication.instance())  # type: ignore[arg-type]


def test_light_after_dark_gives_back_the_system_palette(themed: MainWindow) -> None:
    system = QApplication.instance().palette().color(Role.Window).name()
    style = QApplication.style().name()
    themed.appearance.set_theme("dark")
    themed.appearance.set_theme("light")
    assert themed.appearance.applied == "light"
    assert QApplication.instance().palette().color(Role.Window).name() == system
    assert QApplication.style().name() == style  # the system's style, not the dark theme's
    assert "#1e1e1e" not in themed.page_view.document().defaultStyleSheet()
    assert Settings.load().theme == "light"


def test_follow_system_tracks_the_colour_scheme(
    themed: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(appearance, "system_prefers_dark", lambda native: True)
    themed.appearance.set_theme("system")
    assert themed.appearance.applied == "dark"
    monkeypatch.setattr(appearance, "system_prefers_dark", lambda native: False)
    hints = QGuiApplication.styleHints()
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)  # the user switched the system to light
    assert themed.appearance.applied == "light"
    assert Settings.load().theme == "system"


def test_system_scheme_is_read_from_qt_or_the_palette() -> None:
    # Offscreen reports no scheme, so the palette decides.
    assert appearance.system_prefers_dark(appearance.dark_palette())
    assert not appearance.system_prefers_dark(appearance.light_palette())


def test_missing_dark_sheet_falls_back_to_light_and_says_so_once(
    qtbot: QtBot, themed_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = tmp_path / "index"
    shutil.copytree(themed_index, index)
    (index / "styles" / "page-dark.css").unlink()
    window = open_window(qtbot, index)
    told: list[str] = []
    monkeypatch.setattr(window, "tell_user", told.append)
    try:
        window.appearance.set_theme("dark")
        window.appearance.set_theme("light")
        window.appearance.set_theme("dark")
        assert window.appearance.applied == "light"
        assert QApplication.instance().palette().color(Role.Base).lightness() > 200
        assert len(told) == 1 and "page-dark.css" in told[0]
    finally:
        window.search_panel.shutdown()


def test_high_contrast_keeps_the_system_palette_and_colours(themed: MainWindow) -> None:
    themed.appearance.set_theme("dark")
    applied = themed.appearance.apply(high_contrast=True)
    assert applied == "high-contrast"
    palette = QApplication.instance().palette()
    assert palette.color(Role.Base).lightness() > 200  # not our dark palette: the system's
    css = themed.page_view.document().defaultStyleSheet()
    assert "color:" not in css.replace("border-color", "")
    assert "background" not in css
    themed.open_page("pnh")
    assert text_colour(themed, "What PNH is") is None  # drawn in the palette's text colour
    assert text_colour(themed, "A plain-language handout is") is None
    assert all(not a.isEnabled() for a in themed.appearance.actions.values())
    assert themed.appearance.high_contrast_note.isVisible()
    assert themed.appearance.apply(high_contrast=False) == "dark"
    assert themed.appearance.actions["dark"].isEnabled()


def test_a_high_contrast_system_palette_is_recognised_and_kept(
    themed: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = QApplication.instance()
    black = QPalette(QColor("#000000"), QColor("#000000"))
    for role, colour in ((Role.Base, "#000000"), (Role.Text, "#ffffff"),
                         (Role.WindowText, "#ffffff"), (Role.Link, "#ffff00")):  # fmt: skip
        black.setColor(role, QColor(colour))
    app.setPalette(black)  # what Windows' "High Contrast Black" gives
    monkeypatch.setattr(appearance, "system_contrast_preference", lambda: None)  # Qt < 6.10
    try:
        themed.appearance.set_theme("light")
        assert themed.appearance.applied == "high-contrast"
        assert app.palette().color(Role.Base).name() == "#000000"
        themed.open_page("pnh")
        assert text_colour(themed, "What PNH is") is None  # the palette's white
        assert text_colour(themed, "What is PNH?") in (None, "#ffff00")  # the system's link colour
        pixels = page_pixels(themed)
        assert mean_luminance(pixels) < 0.1  # white on black, as the system asks
        brightest = max(
            relative_luminance(_rgb(pixels.pixelColor(x, y)))
            for x in range(0, pixels.width(), 2)
            for y in range(0, 120)
        )
        assert brightest > 0.9  # the heading, in the palette's white
    finally:
        app.setPalette(QPalette())


def test_ordinary_palettes_are_not_taken_for_high_contrast() -> None:
    assert not appearance.palette_looks_high_contrast(appearance.light_palette())
    assert not appearance.palette_looks_high_contrast(appearance.dark_palette())
    assert not appearance.palette_looks_high_contrast(QApplication.instance().palette())


@pytest.mark.parametrize(
    ("text", "background"),
    [
        (Role.WindowText, Role.Window),
        (Role.Text, Role.Base),
        (Role.Text, Role.AlternateBase),
        (Role.ButtonText, Role.Button),
        (Role.HighlightedText, Role.Highlight),
        (Role.ToolTipText, Role.ToolTipBase),
        (Role.Link, Role.Base),
    ],
)
def test_dark_palette_text_is_readable(text: Role, background: Role) -> None:
    palette = appearance.dark_palette()
    ratio = contrast_ratio(_rgb(palette.color(text)), _rgb(palette.color(background)))
    assert ratio >= 4.5, f"{text.name} on {background.name}: {ratio:.2f}"


# -- printing stays black on white ----------------------------------------------------------


BOX_SIDE = 100  # PDF units of Qt's 1200 dpi page (about 2 mm): thinner fills are rules/borders
PATH_ENDS = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s", b"n"}
FILLS = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}


def _luminance(operands: list[object]) -> float | None:
    values = [round(float(v) * 255) for v in operands]  # type: ignore[arg-type]
    if len(values) == 3:
        return relative_luminance((values[0], values[1], values[2]))
    if len(values) == 1:
        return relative_luminance((values[0], values[0], values[0]))
    return None


def _paint_colours(path: Path) -> tuple[list[float], list[float]]:
    """Luminance of every text run's colour and of every filled box (not rules) in the PDF."""
    reader = PdfReader(path)
    texts: list[float] = []
    boxes: list[float] = []
    for page in reader.pages:
        stack: list[float] = []
        fill = 0.0
        points: list[tuple[float, float]] = []
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"q":
                stack.append(fill)
            elif operator == b"Q" and stack:
                fill = stack.pop()
            elif operator in (b"scn", b"sc", b"rg", b"g"):
                fill = _luminance(operands) if _luminance(operands) is not None else fill
            elif operator in (b"Tj", b"TJ", b"'", b'"'):
                texts.append(fill)
            elif operator == b"re":
                x, y, w, h = (float(v) for v in operands)
                points += [(x, y), (x + w, y + h)]
            elif operator in (b"m", b"l"):
                points.append((float(operands[0]), float(operands[1])))
            elif operator in PATH_ENDS:
                if operator in FILLS and points:
                    xs, ys = [p[0] for p in points], [p[1] for p in points]
                    if min(max(xs) - min(xs), max(ys) - min(ys)) > BOX_SIDE:
                        boxes.append(fill)
                points = []
    return texts, boxes


def _export(window: MainWindow, tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(
        printdialogs.SavePdfDialog,
        "ask",
        classmethod(lambda cls, parent, suggested: tmp_path / name),
    )
    path = window.printing.export_current()
    assert path is not None and path.is_file()
    return path


def test_printed_pdf_stays_black_on_white_in_dark_theme(
    themed: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    themed.open_page("pnh")  # headings, tables, a "Sources differ" box, links
    light = _export(themed, tmp_path, "light.pdf", monkeypatch)
    themed.appearance.set_theme("dark")
    assert mean_luminance(page_pixels(themed)) < 0.12  # the screen is dark…
    dark = _export(themed, tmp_path, "dark.pdf", monkeypatch)
    texts, boxes = _paint_colours(dark)
    assert len(texts) > 500 and boxes  # …the PDF's text is black or near black
    assert max(texts) < 0.05, "text printed in a light colour"
    assert min(boxes) > 0.75, "a dark box was printed"  # table headers, "Sources differ"
    assert _paint_colours(light) == (texts, boxes)  # the theme changes nothing on paper
    light_pages = [p.get_contents().get_data() for p in PdfReader(light).pages]
    assert [p.get_contents().get_data() for p in PdfReader(dark).pages] == light_pages


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
def test_printed_page_looks_white_in_dark_theme(
    themed: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    themed.appearance.set_theme("dark")
    themed.open_page("pnh")
    pdf = _export(themed, tmp_path, "pnh.pdf", monkeypatch)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "sheet")],
        check=True,
    )
    image = QImage(str(next(tmp_path.glob("sheet*.png"))))
    assert not image.isNull()
    assert _rgb(image.pixelColor(2, 2)) == (255, 255, 255)  # the paper
    assert mean_luminance(image) > 0.8
    darkest = min(
        relative_luminance(_rgb(image.pixelColor(x, y)))
        for x in range(image.width())
        for y in range(image.height() // 3)
    )
    assert darkest < 0.05  # the title is printed black


def test_the_system_style_comes_back_after_the_dark_theme(
    themed: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyle("Windows")  # a system style the dark theme replaces with Fusion
    monkeypatch.setattr(appearance._AppLook, "native_style", None)
    try:
        themed.appearance.set_theme("dark")
        assert app.style().name().lower() == "fusion"
        themed.appearance.set_theme("light")
        assert app.style().name().lower() == "windows"
    finally:
        app.setStyle("Fusion")
