"""No network, ever: a full session with every socket call forbidden makes no attempt to connect."""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from handbook.catalog import Catalog
from handbook.ui.mainwindow import ExternalLinkDialog, MainWindow
from tests.helpers import REAL_INDEX

SEARCHES = ("PNH", "aplastic anaemia", "G-CSF", "transfusoin", "eltrombopag")


@pytest.fixture()
def network_guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every way Python code opens a connection raises, and is recorded."""
    attempts: list[str] = []

    def refuse(what: str) -> Any:
        def blocked(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{what}{args[1:] if what.startswith('socket.') else args}")
            raise OSError(f"network access attempted in an offline app: {what}")

        return blocked

    for name in ("connect", "connect_ex", "sendto", "bind"):
        monkeypatch.setattr(socket.socket, name, refuse(f"socket.{name}"))
    monkeypatch.setattr(socket.socket, "__init__", refuse("socket.socket()"))
    for name in (
        "create_connection",
        "getaddrinfo",
        "gethostbyname",
        "gethostbyname_ex",
        "socketpair",
    ):
        monkeypatch.setattr(socket, name, refuse(name))
    yield attempts


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.external: list[tuple[str, str]] = []  # (href, class)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        href = values.get("href") or ""
        if tag == "a" and ":" in href.split("/", 1)[0]:  # has a scheme: http(s), mailto, tel…
            self.external.append((href, values.get("class") or ""))


def external_links(catalog: Catalog) -> dict[str, list[tuple[str, str]]]:
    found = {}
    for page_id in catalog.pages:
        parser = _Links()
        parser.feed(catalog.page_html(page_id))
        if parser.external:
            found[page_id] = parser.external
    return found


def test_every_external_link_is_marked_external() -> None:
    links = external_links(Catalog.load(REAL_INDEX))
    assert links, "the pages cite websites; the test must see some"
    unmarked = [
        (page, href)
        for page, items in links.items()
        for href, cls in items
        if "external" not in cls.split()
    ]
    assert unmarked == []


def _external_anchor_point(window: MainWindow) -> tuple[str, QPoint]:
    """The first website link in the shown page and a viewport point over it."""
    view = window.page_view
    document = view.document()
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            href = fragment.charFormat().anchorHref()
            if fragment.charFormat().isAnchor() and href.startswith(("http:", "https:")):
                cursor = QTextCursor(document)
                cursor.setPosition(fragment.position() + max(1, fragment.length() // 2))
                view.setTextCursor(cursor)
                view.ensureCursorVisible()
                return href, view.cursorRect(cursor).center()
            fragments += 1
        block = block.next()
    raise AssertionError(f"no website link on {window.current_page}")


def _search(window: MainWindow, qtbot: QtBot, text: str) -> None:
    panel = window.search_panel
    panel.field.clear()
    qtbot.keyClicks(panel.field, text)
    qtbot.waitUntil(
        lambda: (
            panel.last_outcome is not None
            and panel.last_outcome.query == text
            and panel.results.isVisible()
        ),
        timeout=10000,
    )


def test_full_session_makes_no_network_attempt(
    network_guard: list[str],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from handbook.cli import main
    from handbook.ui.app import create_window, make_application

    shown: list[str] = []
    monkeypatch.setattr(
        ExternalLinkDialog, "show_address", classmethod(lambda cls, parent, url: shown.append(url))
    )
    make_application()
    window = create_window(REAL_INDEX)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    try:
        window.search_panel.warm_up()
        linked = external_links(window.catalog)
        for page_id in window.catalog.pages:  # every page, many of them citing websites
            window.open_page(page_id)
            assert window.current_page == page_id
        for text in SEARCHES:
            _search(window, qtbot, text)
        assert window.search_panel.last_outcome is not None
        assert window.search_panel.results.count() > 0

        page_id = next(iter(linked))
        window.open_page(page_id)
        href, point = _external_anchor_point(window)
        qtbot.mouseClick(window.page_view.viewport(), Qt.MouseButton.LeftButton, pos=point)
        qtbot.waitUntil(lambda: shown == [href], timeout=3000)
        assert window.current_page == page_id  # the app stayed on the page
    finally:
        window.search_panel.shutdown()

    assert main(["search", "PNH", "--limit", "3"]) == 0
    assert "Paroxysmal nocturnal haemoglobinuria" in capsys.readouterr().out
    assert network_guard == []
    assert "PySide6.QtNetwork" not in sys.modules
