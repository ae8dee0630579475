"""The page view: a QTextBrowser that shows prebuilt pages and never loads anything remote."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser

LOCAL_SCHEMES = ("", "file", "qrc")


class PageView(QTextBrowser):
    """Emits ``page_requested(page_id, anchor)`` for internal links, ``external_link`` otherwise."""

    page_requested = Signal(str, str)
    external_link = Signal(str)

    def __init__(self, index_dir: Path, stylesheet: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageView")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([str(index_dir)])
        self.document().setDefaultStyleSheet(stylesheet)
        self.document().setDocumentMargin(18)
        self.anchorClicked.connect(self._on_anchor)
        self.setAccessibleName("Page")

    def show_html(self, html: str, anchor: str = "") -> None:
        self.setHtml(html)
        if anchor:
            self.scrollToAnchor(anchor)
        else:
            self.verticalScrollBar().setValue(0)

    def loadResource(self, kind: int, url: QUrl | str) -> Any:  # noqa: N802 (Qt's name)
        qurl = url if isinstance(url, QUrl) else QUrl(url)
        if qurl.scheme().lower() not in LOCAL_SCHEMES:
            return None  # never fetch anything from the network
        return super().loadResource(kind, qurl)

    def _on_anchor(self, url: QUrl) -> None:
        scheme = url.scheme().lower()
        if scheme not in LOCAL_SCHEMES:
            self.external_link.emit(url.toString())
            return
        path = url.path()
        fragment = url.fragment()
        if not path:
            if fragment:
                self.scrollToAnchor(fragment)
            return
        name = path.rsplit("/", 1)[-1]
        page_id = name[:-5] if name.endswith(".html") else name
        self.page_requested.emit(page_id, fragment)

    def find_text(self, text: str, backward: bool = False) -> bool:
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        return bool(self.find(text, flags))
