"""Figures fit the page view on screen: never wider than the view, whenever the page opened."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from handbook.ui.mainwindow import MainWindow
from handbook.ui.pagefit import FIGURE_MARGIN, natural_size


def shown_widths(document: QTextDocument) -> list[tuple[float, float]]:
    """(width shown, natural width) of every image in the document."""
    widths = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                image = fmt.toImageFormat()
                size = natural_size(document, image.name())
                assert size is not None, f"{image.name()} was not loaded"
                widths.append((image.width(), float(size.width())))
            it += 1
        block = block.next()
    return widths


def fits(window: MainWindow) -> bool:
    view = window.page_view
    room = view.viewport().width() - 2 * view.document().documentMargin() - FIGURE_MARGIN
    widths = shown_widths(view.document())
    return bool(widths) and all(0 < shown <= max(40.0, room) + 0.5 for shown, _ in widths)


def test_a_figure_on_the_page_opened_before_the_window_shows_fits(qtbot: QtBot) -> None:
    from handbook.ui.app import create_window, make_application
    from tests.helpers import REAL_INDEX

    make_application()
    window = create_window(REAL_INDEX)
    qtbot.addWidget(window)
    window.open_page("aplastic-anaemia")  # as at start: the view is not shown, has no width
    window.resize(640, 600)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.ready)
    qtbot.waitUntil(lambda: fits(window))
    shown, natural = shown_widths(window.page_view.document())[0]
    assert shown < natural  # the pathway is wider than a 640-pixel window: shown smaller
    window.search_panel.shutdown()


def test_a_figure_fits_a_page_opened_in_the_window_and_after_a_resize(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.resize(700, 600)
    window.open_page("bone-marrow-and-blood-cells")
    assert fits(window)
    window.resize(1200, 800)
    qtbot.waitUntil(lambda: fits(window))
    widths = shown_widths(window.page_view.document())
    assert all(shown <= natural + 0.5 for shown, natural in widths)  # never made larger
