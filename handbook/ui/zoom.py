"""Text size of the page: View menu actions, Ctrl+wheel, kept in settings.zoom."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QFont, QKeySequence

from handbook.ui.menus import menu
from handbook.userdata import ZOOM_MAX, ZOOM_MIN

if TYPE_CHECKING:
    from handbook.ui.host import PageHost

STEP = 0.1  # each step is 10% of the normal size
_POINTS = re.compile(r"(?<![\w.-])(\d+(?:\.\d+)?)pt\b")
_BODY_SIZE = re.compile(r"(?<![\w.-])body\s*\{[^}]*?font-size:\s*(\d+(?:\.\d+)?)pt")
DEFAULT_BODY_POINTS = 11.0


def clamp_zoom(step: int) -> int:
    return max(ZOOM_MIN, min(ZOOM_MAX, step))


def zoom_factor(step: int) -> float:
    return 1.0 + STEP * clamp_zoom(step)


def scale_css(css: str, factor: float) -> str:
    """The stylesheet with every point size multiplied by ``factor``.

    The page stylesheet gives every element a size in points, which overrides the
    widget font, so QTextEdit.zoomIn would change nothing: the sizes are scaled instead.
    """
    if factor == 1.0:
        return css
    return _POINTS.sub(
        lambda m: f"{float(m.group(1)) * factor:.2f}".rstrip("0").rstrip(".") + "pt", css
    )


def body_points(css: str) -> float:
    """The body text size the stylesheet gives, in points (11 if it gives none)."""
    found = _BODY_SIZE.search(css)
    return float(found.group(1)) if found else DEFAULT_BODY_POINTS


def heading_base_font(font: QFont, css: str, factor: float) -> QFont:
    """The document font that sizes headings in step with the (zoomed) body text.

    Qt sizes <h1>..<h4> by an adjustment of the document's font (2x, 1.5x, 1.2x, 1x)
    that wins over the stylesheet's font-size; with the widget's 9 pt font the headings
    kept their size while the zoom grew the body (at 130 % an H2 was smaller than the
    body). Based on the body size instead, they grow with it.
    """
    scaled = QFont(font)
    scaled.setPointSizeF(body_points(css) * factor)
    return scaled


class ZoomController(QObject):
    """Zoom in/out/reset actions in the View menu; the level is stored in settings.zoom."""

    def __init__(self, window: PageHost) -> None:
        super().__init__(window.window())
        self.window = window
        self.view = window.page_view
        view_menu = menu(window, "viewMenu", "&View")
        self.zoom_in_action = self._action(
            "Zoom &in",
            [QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")],
            "Make the page text larger",
            lambda: self.change(+1),
        )
        self.zoom_out_action = self._action(
            "Zoom &out",
            [QKeySequence(QKeySequence.StandardKey.ZoomOut)],
            "Make the page text smaller",
            lambda: self.change(-1),
        )
        self.reset_action = self._action(
            "&Normal size",
            [QKeySequence("Ctrl+0")],
            "Show the page text at its normal size",
            lambda: self.set_level(0, announce=True),
        )
        for action in (self.zoom_in_action, self.zoom_out_action, self.reset_action):
            view_menu.addAction(action)
            window.addAction(action)  # works while the menu bar is hidden too
        self.view.zoom_requested.connect(self.change)
        self.set_level(window.settings.zoom)

    def _action(
        self, text: str, keys: list[QKeySequence], tip: str, slot: Callable[[], None]
    ) -> QAction:
        action = QAction(text, self.window.window())
        unique = [k for i, k in enumerate(keys) if not k.isEmpty() and k not in keys[:i]]
        action.setShortcuts(unique)
        shown = unique[0].toString(QKeySequence.SequenceFormat.NativeText) if unique else ""
        action.setToolTip(f"{tip} ({shown})" if shown else tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    @property
    def level(self) -> int:
        return int(self.view.zoom)

    def change(self, steps: int) -> None:
        self.set_level(self.level + steps, announce=True)

    def set_level(self, step: int, announce: bool = False) -> None:
        step = clamp_zoom(step)
        if step != self.view.zoom:
            self.view.set_zoom(step)
        self.window.settings.zoom = step
        self.zoom_in_action.setEnabled(step < ZOOM_MAX)
        self.zoom_out_action.setEnabled(step > ZOOM_MIN)
        self.reset_action.setEnabled(step != 0)
        if announce:
            percent = round(zoom_factor(step) * 100)
            self.window.statusBar().showMessage(f"Text size {percent}%", 3000)
