"""The window fits the screen it opens on: at first start, and when a saved place no
longer exists (another monitor, another resolution, another scale factor)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

PREFERRED = QSize(1180, 780)  # the first-start size on a roomy screen
SHARE = 0.9  # at most this share of the screen's free area
SMALL_SCREEN = QSize(1280, 800)  # logical pixels; below this the window starts maximised
MIN_VISIBLE = 0.5  # a saved place showing less of the window than this is moved back
SIDEBAR = 340  # the contents and search pane on a roomy screen
DIALOG_MARGIN = QSize(40, 60)  # a dialog's frame and title bar, and a little screen around it
SIDEBAR_SHARE = 0.32  # at most this share of a narrow window, so the page keeps the rest


def _screens() -> list[QScreen]:
    return list(QGuiApplication.screens())


def _visible_share(rect: QRect, screens: list[QScreen]) -> float:
    """How much of ``rect`` lies on some screen's free area (0 to 1)."""
    area = max(1, rect.width() * rect.height())
    best = 0
    for screen in screens:
        part = rect.intersected(screen.availableGeometry())
        best = max(best, part.width() * part.height())
    return best / area


def first_size(available: QRect) -> QSize:
    """The preferred size, no larger than SHARE of the free area."""
    return QSize(
        min(PREFERRED.width(), int(available.width() * SHARE)),
        min(PREFERRED.height(), int(available.height() * SHARE)),
    )


def fitting_size(width: int, height: int, widget: QWidget) -> QSize:
    """A dialog's preferred size, shrunk to fit the free area of the screen ``widget`` is on,
    with room for its frame (1024x768 at 150 % leaves 683x512 logical pixels)."""
    available = available_area(widget)
    if available is None:
        return QSize(width, height)
    return dialog_size(QSize(width, height), available)


def available_area(widget: QWidget) -> QRect | None:
    """The free area of the screen ``widget`` is on (the primary one before it is shown)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def dialog_size(preferred: QSize, available: QRect) -> QSize:
    """``preferred``, no larger than ``available`` less DIALOG_MARGIN."""
    return preferred.boundedTo(available.size() - DIALOG_MARGIN)


def is_small(available: QRect) -> bool:
    return available.width() < SMALL_SCREEN.width() or available.height() < SMALL_SCREEN.height()


def first_split(width: int) -> list[int]:
    """Widths of the sidebar and the page for a window ``width`` wide, at first start."""
    sidebar = min(SIDEBAR, max(200, int(width * SIDEBAR_SHARE)))
    return [sidebar, max(1, width - sidebar)]


def place_first_time(window: QWidget) -> None:
    """Size the window for the screen it opens on; maximised on a small screen."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    available = screen.availableGeometry()
    size = first_size(available)
    window.resize(size)
    frame = QRect(0, 0, size.width(), size.height())
    frame.moveCenter(available.center())
    window.move(frame.topLeft())
    if is_small(available):
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def bring_on_screen(window: QWidget) -> bool:
    """Move and shrink a restored window that is (mostly) off every screen or larger
    than its screen, frame included; True if it was changed."""
    screens = _screens()
    if not screens or window.isMaximized() or window.isFullScreen():
        return False
    frame = window.frameGeometry()
    inner = window.geometry()
    # The title bar and borders: what the frame adds around the window's own area.
    extra = QSize(frame.width() - inner.width(), frame.height() - inner.height())
    on_screen = _visible_share(frame, screens) >= MIN_VISIBLE
    screen = QGuiApplication.screenAt(frame.center()) if on_screen else None
    if screen is None:
        screen = QGuiApplication.primaryScreen() or screens[0]
        on_screen = False
    available = screen.availableGeometry()
    too_big = frame.width() > available.width() or frame.height() > available.height()
    if on_screen and not too_big:
        return False
    room = QSize(available.width() - extra.width(), available.height() - extra.height())
    size = (first_size(available) if too_big else inner.size()).boundedTo(room)
    placed = QRect(frame.topLeft(), size + extra)
    if not available.contains(placed):
        placed.moveCenter(available.center())
    window.resize(size)
    window.move(placed.topLeft())  # move() places the frame, resize() sizes the inside
    return True
