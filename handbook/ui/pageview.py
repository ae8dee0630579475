"""The page view: a QTextBrowser that shows prebuilt pages and never loads anything remote."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt, QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QTextEdit

from handbook.ui.pagefit import fit_images
from handbook.ui.zoom import clamp_zoom, heading_base_font, scale_css, zoom_factor

LOCAL_SCHEMES = ("", "file", "qrc")
CALCULATOR_SCHEME = "calculator"  # calculator:ipssm etc., from the pages on each score
WHEEL_NOTCH = 120  # angleDelta of one wheel step
# Qt lays out full-width tables a pixel or two wider than the page (rounding of cell
# borders): a scroll bar for that hides nothing and looks broken.
ROUNDING_SLACK = 3


class PageView(QTextBrowser):
    """Emits ``page_requested(page_id, anchor)`` for internal links, ``external_link`` otherwise.

    A link to an anchor on the same page emits ``page_requested("", anchor)``; a
    ``calculator:KEY`` link emits ``calculator_requested(KEY)`` (it opens in the app).
    Ctrl+wheel emits ``zoom_requested(steps)``; the owner decides the level (``set_zoom``).
    """

    page_requested = Signal(str, str)
    external_link = Signal(str)
    calculator_requested = Signal(str)
    zoom_requested = Signal(int)

    def __init__(self, index_dir: Path, stylesheet: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageView")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([str(index_dir)])
        self.document().setDocumentMargin(18)
        self.anchorClicked.connect(self._on_anchor)
        self.document().documentLayout().documentSizeChanged.connect(self._fit_width)
        self.setAccessibleName("Page")
        self.setAccessibleDescription(
            "The handbook page. Tab moves between its links; Enter follows a link."
        )
        self.zoom = 0
        self._stylesheet = stylesheet
        self._html = ""
        self._wheel_delta = 0
        self._apply_stylesheet()

    # -- content ------------------------------------------------------------------
    def setHtml(self, html: str) -> None:  # noqa: N802 (Qt's name)
        super().setHtml(html)
        self.document().documentLayout().documentSize()  # loads the images
        # Not yet shown (the page opened at start): the view has no width of its own yet,
        # and showing it resizes it, which fits the images (resizeEvent).
        if self.isVisible():
            fit_images(self.document(), self.viewport().width())

    def createMimeDataFromSelection(self) -> Any:  # noqa: N802 (Qt's name)
        """Copied text has ordinary spaces and no invisible word joiners (a dose pasted
        elsewhere must read exactly as typed)."""
        from PySide6.QtCore import QMimeData

        from handbook.nobreak import plain

        data = QMimeData()
        data.setText(plain(self.textCursor().selection().toPlainText()))
        return data

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        fit_images(self.document(), self.viewport().width())

    def show_html(self, html: str, anchor: str = "") -> None:
        self._html = html
        self.setHtml(html)
        self.scroll_to_anchor(anchor)

    def scroll_to_anchor(self, anchor: str) -> None:
        if anchor:
            self.scrollToAnchor(anchor)
        else:
            self.verticalScrollBar().setValue(0)

    def set_stylesheet(self, css: str) -> None:
        """Use ``css`` as the default stylesheet from the next page shown (or ``rerender``)."""
        self._stylesheet = css
        self._apply_stylesheet()

    def stylesheet(self) -> str:
        """The stylesheet as set (before the zoom scales its point sizes)."""
        return self._stylesheet

    def set_zoom(self, step: int) -> None:
        """Scale the page text (step -5..10, 10% each) and show the page again in place."""
        top = self.top_position() if self._html else 0  # before the new sizes move it
        self.zoom = clamp_zoom(step)
        self._apply_stylesheet()
        self.rerender(top)

    def _apply_stylesheet(self) -> None:
        factor = zoom_factor(self.zoom)
        document = self.document()
        document.setDefaultStyleSheet(scale_css(self._stylesheet, factor))
        # Headings are sized from the document font: it follows the body text and zoom.
        font = heading_base_font(self.font(), self._stylesheet, factor)
        if font != document.defaultFont():
            document.setDefaultFont(font)

    def rerender(self, top: int | None = None) -> None:
        """Lay the current page out again, keeping the text at the top (``top``, or the
        text at the top now) and the highlights."""
        if not self._html:
            return
        from PySide6.QtGui import QTextCharFormat, QTextCursor

        top = self.top_position() if top is None else top
        # Copies: the formats of the old selections do not outlive the old document.
        kept = [
            (s.cursor.selectionStart(), s.cursor.selectionEnd(), QTextCharFormat(s.format))
            for s in self.extraSelections()
        ]
        self.setHtml(self._html)
        self.scroll_to_position(top)
        last = self.document().characterCount() - 1
        selections = []
        for start, end, fmt in kept:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(min(start, last))
            cursor.setPosition(min(end, last), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format = fmt
            selections.append(selection)
        self.setExtraSelections(selections)

    def top_position(self) -> int:
        """The document position of the text at the top of the view (0 at the very top)."""
        if self.verticalScrollBar().value() <= 0:
            return 0
        self.document().documentLayout().documentSize()  # finish the lazy layout first
        return self.cursorForPosition(QPoint(0, 0)).position()

    def scroll_to_position(self, position: int) -> None:
        """Scroll so the line holding ``position`` is at the top."""
        document = self.document()
        block = document.findBlock(max(0, min(position, document.characterCount() - 1)))
        if position <= 0 or not block.isValid():
            self.verticalScrollBar().setValue(0)
            return
        top = document.documentLayout().blockBoundingRect(block).top()
        layout = block.layout()
        line = layout.lineForTextPosition(position - block.position()) if layout else None
        if line is not None and line.isValid():
            top += line.y()
        self.verticalScrollBar().setValue(round(top))

    def _fit_width(self, size: Any) -> None:
        overflow = size.width() - self.viewport().width()
        policy = (
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            if overflow <= ROUNDING_SLACK
            else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )
        if self.horizontalScrollBarPolicy() != policy:
            self.setHorizontalScrollBarPolicy(policy)

    # -- events -------------------------------------------------------------------
    def wheelEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            super().wheelEvent(event)
            return
        # Collect small deltas (touchpads) into whole steps.
        self._wheel_delta += event.angleDelta().y()
        steps = int(self._wheel_delta / WHEEL_NOTCH)
        if steps:
            self._wheel_delta -= steps * WHEEL_NOTCH
            self.zoom_requested.emit(steps)
        event.accept()

    def loadResource(self, kind: int, url: QUrl | str) -> Any:  # noqa: N802 (Qt's name)
        qurl = url if isinstance(url, QUrl) else QUrl(url)
        scheme = qurl.scheme().lower()
        if scheme not in LOCAL_SCHEMES:
            return None  # never fetch anything from the network
        if qurl.host() and scheme != "qrc":
            return None  # //host/share/x.png: on Windows a UNC path, an SMB connection
        return super().loadResource(kind, qurl)

    def _on_anchor(self, url: QUrl) -> None:
        scheme = url.scheme().lower()
        if scheme == CALCULATOR_SCHEME:
            self.calculator_requested.emit(url.path())
            return
        if scheme not in LOCAL_SCHEMES:
            self.external_link.emit(url.toString())
            return
        path = url.path()
        fragment = url.fragment()
        if not path:
            if fragment:
                self.page_requested.emit("", fragment)
            return
        name = path.rsplit("/", 1)[-1]
        page_id = name[:-5] if name.endswith(".html") else name
        self.page_requested.emit(page_id, fragment)

    def find_text(self, text: str, backward: bool = False) -> bool:
        from PySide6.QtGui import QTextDocument

        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        return bool(self.find(text, flags))
