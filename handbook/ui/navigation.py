"""Getting around: breadcrumb and "On this page" bar, the Go menu, history, previous/next."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QTextEdit,
    QToolButton,
    QWidget,
)

from handbook.catalog import Heading
from handbook.history import HOME, History, Place, neighbours, title_of
from handbook.ui.menus import menu

if TYPE_CHECKING:
    from PySide6.QtWidgets import QToolBar

    from handbook.ui.host import NavigationHost

SEPARATOR = "›"
MAX_LINKS = 3  # Home › section › page; the last part is plain text
MAX_LINK_WIDTH = 220  # pixels; longer titles are shortened with "…" (full title in the tooltip)
# A narrow window shortens the links further, to share what is left beside the last part
# (at least CURRENT_CHARS wide): each link keeps at least MIN_LINK_CHARS and "…".
CURRENT_CHARS = 8
MIN_LINK_CHARS = 3
FOLLOW_SLACK = 8  # pixels: a heading just scrolled to (at the very top) is the current one


def shortcut_text(action: QAction) -> str:
    return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)


def describe(action: QAction, tip: str) -> None:
    """Tooltip naming the shortcut, a status tip, and the same for screen readers."""
    keys = shortcut_text(action)
    action.setToolTip(f"{tip} ({keys})" if keys else tip)
    action.setStatusTip(tip)
    for widget in action.associatedObjects():
        if isinstance(widget, QToolButton):  # the action's toolbar button
            widget.setAccessibleName(action.text().replace("&", ""))
            widget.setAccessibleDescription(action.toolTip())


class ElidedLabel(QLabel):
    """A one-line label that shortens its text with "…" instead of widening the window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self._full = text
        self.setToolTip(text)
        self.setAccessibleName(text)
        self._elide()

    def text(self) -> str:
        return self._full

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, self.width())
        super().setText(shown)


class Breadcrumb(QWidget):
    """Home › Section › Page › Heading: every part but the last is a button."""

    chosen = Signal(str, str)  # page, anchor

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("breadcrumb")
        self.setAccessibleName("Breadcrumb")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        # The links shorten to the width the bar gives (_fit), so their full length must not
        # become the window's minimum width (a 1024x768 screen at 150 %).
        layout.setSizeConstraint(QHBoxLayout.SizeConstraint.SetNoConstraint)
        self._links: list[str] = []  # the shown links' full titles
        self.buttons: list[QToolButton] = []
        self.separators: list[QLabel] = []
        for number in range(MAX_LINKS):
            button = QToolButton(self)
            button.setObjectName(f"crumb{number}")
            button.setAutoRaise(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _checked=False, n=number: self._clicked(n))
            separator = QLabel(SEPARATOR, self)
            separator.setContentsMargins(2, 0, 4, 0)
            layout.addWidget(button)
            layout.addWidget(separator)
            self.buttons.append(button)
            self.separators.append(separator)
        self.current = ElidedLabel(self)
        self.current.setObjectName("crumbCurrent")
        font = self.current.font()
        font.setBold(True)
        self.current.setFont(font)
        layout.addWidget(self.current, 1)
        self.places: list[Place] = []
        self._recolour()

    def _recolour(self) -> None:
        """Crumbs in the palette's link colour, again whenever the palette changes (themes)."""
        colour = QGuiApplication.palette().color(QPalette.ColorRole.Link).name()
        for button in self.buttons:
            button.setStyleSheet(f"QToolButton {{ color: {colour}; }}")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._recolour()
        super().changeEvent(event)

    def set_trail(self, places: list[Place]) -> None:
        self.places = list(places)
        links = places[:-1][-MAX_LINKS:]
        self._links = [place.title for place in links]
        for number, button in enumerate(self.buttons):
            visible = number < len(links)
            button.setVisible(visible)
            self.separators[number].setVisible(visible)
            if visible:
                button.setToolTip(f"Go to {links[number].title}")
                button.setAccessibleName(links[number].title)
                button.setAccessibleDescription("Breadcrumb link")
        self.current.setText(places[-1].title if places else "")
        self.setAccessibleDescription("You are here: " + self.text())
        self._fit()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """Room for the last part's first characters and each link's: the rest shortens."""
        metrics = self.fontMetrics()
        chars = CURRENT_CHARS + (MIN_LINK_CHARS + 3) * len(self._links)
        return QSize(metrics.averageCharWidth() * chars, super().minimumSizeHint().height())

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Shorten the links to share the width beside the last part: short ones whole, the
        longer ones alike, none over MAX_LINK_WIDTH."""
        shown = self.buttons[: len(self._links)]
        if not shown:
            return
        metrics = shown[0].fontMetrics()
        layout = self.layout()
        spacing = layout.spacing() if layout is not None else 0
        pad = max(0, shown[0].sizeHint().width() - metrics.horizontalAdvance(shown[0].text()))
        fixed = sum(self.separators[n].sizeHint().width() + 2 * spacing for n in range(len(shown)))
        fixed += metrics.averageCharWidth() * CURRENT_CHARS + pad * len(shown)
        remaining = max(0, self.width() - fixed)
        least = metrics.averageCharWidth() * (MIN_LINK_CHARS + 1)
        natural = [metrics.horizontalAdvance(title) for title in self._links]
        widths = [0] * len(shown)
        order = sorted(range(len(shown)), key=lambda n: natural[n])
        for done, n in enumerate(order):
            share = remaining // (len(order) - done)
            widths[n] = max(least, min(natural[n], share, MAX_LINK_WIDTH))
            remaining -= widths[n]
        for button, title, width, full in zip(shown, self._links, widths, natural, strict=True):
            # (elidedText shortens a title given exactly its own width)
            short = (
                title
                if width >= full
                else metrics.elidedText(title, Qt.TextElideMode.ElideRight, width)
            )
            button.setText(short.replace("&", "&&"))

    def text(self) -> str:
        return f" {SEPARATOR} ".join(place.title for place in self.places)

    def _clicked(self, number: int) -> None:
        place = self.places[number]
        self.chosen.emit(place.page, place.anchor)


def anchor_positions(document: QTextDocument) -> dict[str, int]:
    """Where each named anchor (<a name>) of the document is: its document position."""
    found: dict[str, int] = {}
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            for name in fragment.charFormat().anchorNames():
                found.setdefault(name, fragment.position())
            it += 1
        block = block.next()
    return found


class OutlineBox(QComboBox):
    """ "On this page": the page's headings; choosing one scrolls there."""

    heading_chosen = Signal(str)  # anchor; "" for the top of the page
    visibility_changed = Signal(bool)
    TOP = "Top of page"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageOutline")
        self.setAccessibleName("On this page")
        self.setAccessibleDescription("Headings of the current page; choose one to scroll to it")
        self.setToolTip("Jump to a heading on this page (Ctrl+J)")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)  # a small screen at 150 % still fits the window
        self.activated.connect(self._on_activated)
        self._view: QTextEdit | None = None
        self._positions: dict[str, int] | None = None  # anchor -> document position

    def set_headings(self, headings: tuple[Heading, ...], current_anchor: str = "") -> None:
        self._positions = None  # a new page: its headings are looked up again
        self.blockSignals(True)
        self.clear()
        self.addItem(self.TOP, "")
        for heading in headings:
            indent = "    " * max(0, heading.level - 2)
            self.addItem(indent + heading.title, heading.anchor)
        self.setCurrentIndex(max(0, self.findData(current_anchor)) if current_anchor else 0)
        self.blockSignals(False)
        self.setVisible(bool(headings))
        self.visibility_changed.emit(bool(headings))

    def anchors(self) -> list[str]:
        return [self.itemData(row) for row in range(1, self.count())]

    def follow(self, view: QTextEdit) -> None:
        """Keep the list on the heading of the part of the page being read, as it scrolls."""
        self._view = view
        view.verticalScrollBar().valueChanged.connect(self._on_scrolled)

    def _on_scrolled(self, _value: int = 0) -> None:
        view = self._view
        if view is None or self.count() <= 1:
            return
        if self._positions is None:
            self._positions = anchor_positions(view.document())
        layout = view.document().documentLayout()
        top = view.verticalScrollBar().value() + FOLLOW_SLACK
        row = 0
        for number, anchor in enumerate(self.anchors(), start=1):
            position = self._positions.get(anchor)
            if position is None:
                continue
            block = view.document().findBlock(position)
            if layout.blockBoundingRect(block).top() > top:
                break
            row = number
        if row != self.currentIndex():
            self.setCurrentIndex(row)  # not "activated": nothing scrolls

    def _on_activated(self, row: int) -> None:
        self.heading_chosen.emit(self.itemData(row) or "")


class NavigationBar(QWidget):
    """The strip above the page: breadcrumb on the left, "On this page" on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigationBar")
        self.breadcrumb = Breadcrumb(self)
        self.outline = OutlineBox(self)
        self.outline_label = QLabel("On this &page:", self)
        self.outline_label.setBuddy(self.outline)  # Alt+P focuses the list
        self.outline.visibility_changed.connect(self.outline_label.setVisible)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.breadcrumb, 1)
        layout.addWidget(self.outline_label)
        layout.addWidget(self.outline)


class GoActions:
    """Back, forward, home, previous/next page, history: toolbar, Go menu and shortcuts."""

    HISTORY_LIMIT = 15

    def __init__(self, window: NavigationHost, history: History) -> None:
        self.window = window
        self.history = history
        self.back_action = self._action("Back", QKeySequence.StandardKey.Back, window.go_back)
        self.forward_action = self._action(
            "Forward", QKeySequence.StandardKey.Forward, window.go_forward
        )
        self.home_action = self._action("Home", "Alt+Home", lambda: window.open_page(HOME))
        self.previous_action = self._action("Previous page", "Ctrl+PgUp", self.go_previous)
        self.next_action = self._action("Next page", "Ctrl+PgDown", self.go_next)
        self.outline_action = self._action("Jump to heading…", "Ctrl+J", self.focus_outline)
        describe(self.back_action, "Back to the page you saw before")
        describe(self.forward_action, "Forward again")
        describe(self.home_action, "The home page: all sections")
        describe(self.outline_action, "Choose a heading on this page")
        self.history_menu = QMenu("&History", window.window())
        self.history_menu.setObjectName("historyMenu")
        self.history_menu.setAccessibleName("History")
        self.menu = menu(window, "goMenu", "&Go")
        for action in (self.back_action, self.forward_action, self.home_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.previous_action)
        self.menu.addAction(self.next_action)
        self.menu.addAction(self.outline_action)
        self.menu.addMenu(self.history_menu)
        self.menu.addSeparator()

    def add_to_menu(self, *actions: QAction) -> None:
        for action in actions:
            self.menu.addAction(action)

    def _action(
        self, text: str, keys: str | QKeySequence.StandardKey, slot: Callable[[], None]
    ) -> QAction:
        action = QAction(text, self.window.window())
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)  # shortcuts work even with the menu bar hidden
        return action

    def add_to_toolbar(self, toolbar: QToolBar) -> None:
        for action in (self.back_action, self.forward_action, self.home_action):
            toolbar.addAction(action)
        back_button = toolbar.widgetForAction(self.back_action)
        assert isinstance(back_button, QToolButton)  # what a toolbar makes for an action
        back_button.setMenu(self.history_menu)
        back_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        toolbar.addSeparator()
        toolbar.addAction(self.previous_action)
        toolbar.addAction(self.next_action)

    # -- state --------------------------------------------------------------------
    def update(self, page_id: str) -> None:
        self.back_action.setEnabled(self.history.can_go_back)
        self.forward_action.setEnabled(self.history.can_go_forward)
        previous, following = neighbours(self.window.catalog, page_id)
        for action, place, label in (
            (self.previous_action, previous, "Previous page"),
            (self.next_action, following, "Next page"),
        ):
            action.setEnabled(place is not None)
            action.setData(place)
            describe(
                action, f"{label}: {place.title}" if place else f"{label}: none, this is the end"
            )
        self._fill_history(page_id)

    def _fill_history(self, page_id: str) -> None:
        self.history_menu.clear()
        for place in self.history.recent(self.HISTORY_LIMIT):
            title = title_of(self.window.catalog, place.page)
            action = self.history_menu.addAction(title.replace("&", "&&"))
            action.setData(place)
            action.setCheckable(True)
            action.setChecked(place.page == page_id)
            action.triggered.connect(
                lambda _checked=False, p=place: self.window.open_page(p.page, p.anchor)
            )
        self.history_menu.setEnabled(bool(self.history_menu.actions()))

    def history_titles(self) -> list[str]:
        return [a.text().replace("&&", "&") for a in self.history_menu.actions()]

    # -- slots --------------------------------------------------------------------
    def go_previous(self) -> None:
        place = self.previous_action.data()
        if self.previous_action.isEnabled() and place is not None:
            self.window.open_page(place.page)

    def go_next(self) -> None:
        place = self.next_action.data()
        if self.next_action.isEnabled() and place is not None:
            self.window.open_page(place.page)

    def focus_outline(self) -> None:
        outline = self.window.navigation_bar.outline
        if outline.isVisible():
            outline.setFocus(Qt.FocusReason.ShortcutFocusReason)
            outline.showPopup()
        else:
            self.window.statusBar().showMessage("This page has no list of headings", 4000)
