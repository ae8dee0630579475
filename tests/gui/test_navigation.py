"""Getting around the real window: history, breadcrumb, "On this page", previous/next, keyboard."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from handbook.history import HOME
from handbook.ui.mainwindow import MainWindow
from handbook.ui.menus import menu


def activate(window: MainWindow, qtbot: QtBot) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)


def top_line(window: MainWindow) -> str:
    return window.page_view.cursorForPosition(QPoint(0, 0)).block().text()


def heading_is_visible(window: MainWindow, title: str) -> bool:
    view = window.page_view
    cursor = view.document().find(title)
    rect = view.cursorRect(cursor)
    return not cursor.isNull() and 0 <= rect.top() < view.viewport().height() // 3


def test_menus_are_in_order_and_found_by_name(window: MainWindow) -> None:
    names = [a.menu().objectName() for a in window.menuBar().actions() if a.menu()]
    assert names[:6] == ["fileMenu", "goMenu", "bookmarksMenu", "viewMenu", "toolsMenu", "helpMenu"]
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()][:6]
    assert titles == ["File", "Go", "Bookmarks", "View", "Tools", "Help"]
    go = menu(window, "goMenu", "ignored")
    assert go.title() == "&Go"  # found, not created again
    texts = [a.text() for a in go.actions()]
    assert {"Back", "Forward", "Home", "Previous page", "Next page", "&History"} <= set(texts)
    assert len([a for a in window.menuBar().actions() if a.menu()]) == len(names)


def test_history_menu_lists_visited_pages_and_goes_there(window: MainWindow) -> None:
    for page in ("pnh", "aplastic-anaemia", "mds"):
        window.open_page(page)
    window.go_back()  # back to aplastic anaemia; mds stays in the session list
    window.open_page("glossary")  # drops mds from the forward stack
    titles = window.go.history_titles()
    pages = window.catalog.pages
    assert titles[:4] == [pages[p].title for p in ("glossary", "aplastic-anaemia", "mds", "pnh")]
    assert titles[-1] == "Home"
    assert not window.forward_action.isEnabled()
    # The same list hangs off the Back button on the toolbar.
    assert window.toolbar.widgetForAction(window.back_action).menu() is window.go.history_menu
    mds = next(a for a in window.go.history_menu.actions() if a.text() == pages["mds"].title)
    mds.trigger()
    assert window.current_page == "mds"
    assert window.page_view.toPlainText().startswith(pages["mds"].title)
    checked = [a.text() for a in window.go.history_menu.actions() if a.isChecked()]
    assert checked == [pages["mds"].title]


def test_breadcrumb_shows_where_you_are_and_each_part_goes_there(
    window: MainWindow, qtbot: QtBot
) -> None:
    page = window.catalog.pages["pnh"]
    heading = [h for h in page.headings if h.level == 2][3]
    window.open_page("pnh", heading.anchor)
    crumb = window.navigation_bar.breadcrumb
    assert crumb.accessibleName() == "Breadcrumb"
    assert crumb.text() == f"Home › Disorders › {page.title} › {heading.title}"
    shown = [b for b in crumb.buttons if b.isVisible()]
    assert [b.accessibleName() for b in shown] == ["Home", "Disorders", page.title]
    assert [b.text() for b in shown][:2] == ["Home", "Disorders"]
    assert shown[2].text().rstrip("…") in page.title  # long titles are shortened on screen
    assert crumb.current.text() == heading.title
    assert window.page_view.verticalScrollBar().value() > 0

    qtbot.mouseClick(crumb.buttons[2], Qt.MouseButton.LeftButton)  # the page: back to its top
    assert window.current_page == "pnh" and window.page_view.verticalScrollBar().value() == 0
    assert crumb.text() == f"Home › Disorders › {page.title}"

    qtbot.mouseClick(crumb.buttons[1], Qt.MouseButton.LeftButton)  # the section, on the home page
    assert window.current_page == HOME
    assert crumb.text() == "Home › Disorders"
    assert heading_is_visible(window, "Disorders")

    qtbot.mouseClick(crumb.buttons[0], Qt.MouseButton.LeftButton)
    assert crumb.text() == "Home" and not any(b.isVisible() for b in crumb.buttons)
    assert window.page_view.verticalScrollBar().value() == 0
    window.go_back()
    assert crumb.text() == "Home › Disorders"


def test_on_this_page_lists_headings_and_scrolls_to_the_one_chosen(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.open_page("pnh")
    outline = window.navigation_bar.outline
    page = window.catalog.pages["pnh"]
    assert outline.isVisible() and window.navigation_bar.outline_label.isVisible()
    assert outline.anchors() == [h.anchor for h in page.headings if h.level > 1]
    assert outline.itemText(0) == "Top of page"
    bar = window.page_view.verticalScrollBar()
    assert bar.value() == 0
    for _ in range(4):  # the keyboard picks a heading, as a user would
        qtbot.keyClick(outline, Qt.Key.Key_Down)
    chosen = [h for h in page.headings if h.level > 1][3]
    assert outline.currentText().strip() == chosen.title
    assert bar.value() > 0
    assert heading_is_visible(window, chosen.title)
    assert window.navigation_bar.breadcrumb.text().endswith(f"› {chosen.title}")
    window.go_back()  # the jump is history too; stepping through the list counts once
    assert window.current_page == "pnh" and bar.value() == 0
    assert outline.currentIndex() == 0


def test_on_this_page_is_hidden_on_home_and_pages_without_headings(window: MainWindow) -> None:
    assert not window.navigation_bar.outline.isVisible()  # home
    window.open_page("no-such-page")
    assert not window.navigation_bar.outline.isVisible()
    assert not window.navigation_bar.outline_label.isVisible()
    window.open_page("glossary")
    assert window.navigation_bar.outline.count() > 100


def test_same_page_anchor_link_updates_breadcrumb(window: MainWindow) -> None:
    page = window.catalog.pages["pnh"]
    heading = page.headings[-1]
    window.open_page("pnh")
    window.page_view.anchorClicked.emit(QUrl(f"#{heading.anchor}"))
    assert window.current_page == "pnh" and window.current_anchor == heading.anchor
    assert window.page_view.verticalScrollBar().value() > 0


def test_previous_and_next_page_in_handbook_order(window: MainWindow, qtbot: QtBot) -> None:
    ordered = [p.id for p in window.catalog.ordered_pages()]
    assert not window.previous_action.isEnabled()  # home is the start
    assert window.next_action.isEnabled()
    assert "Ctrl+PgDown" in window.next_action.toolTip().replace("Page Down", "PgDown")
    activate(window, qtbot)
    qtbot.keyClick(window.page_view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page == ordered[0]
    qtbot.keyClick(window.page_view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page == ordered[1]
    assert window.page_view.toPlainText().startswith(window.catalog.pages[ordered[1]].title)
    qtbot.keyClick(window.page_view, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page == ordered[0]
    window.previous_action.trigger()
    assert window.current_page == HOME and not window.previous_action.isEnabled()

    window.open_page(ordered[-1])
    assert not window.next_action.isEnabled() and window.previous_action.isEnabled()
    before_last = window.catalog.pages[ordered[-2]].title
    assert before_last in window.previous_action.toolTip()
    button = window.toolbar.widgetForAction(window.previous_action)
    assert before_last in accessible(button)[1]  # screen readers hear where it goes
    qtbot.keyClick(window.page_view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page == ordered[-1]  # nothing after the last page
    window.go_back()
    assert window.current_page == HOME


def accessible(widget: QWidget) -> tuple[str, str]:
    face = QAccessible.queryAccessibleInterface(widget)
    assert face is not None, widget.objectName()
    return face.text(QAccessible.Text.Name), face.text(QAccessible.Text.Description)


def test_main_widgets_and_toolbar_buttons_have_accessible_names_and_descriptions(
    window: MainWindow,
) -> None:
    panel = window.search_panel
    widgets = [
        panel.field,
        panel.results,
        window.tree,
        window.page_view,
        window.navigation_bar.breadcrumb,
        window.navigation_bar.outline,
        window.find_bar,
        window.find_bar.field,
        window.toolbar,
    ]
    for widget in widgets:
        name, description = accessible(widget)
        assert name.strip() and description.strip(), widget.objectName()
    assert accessible(window.navigation_bar.breadcrumb)[0] == "Breadcrumb"
    buttons = [
        window.toolbar.widgetForAction(a) for a in window.toolbar.actions() if not a.isSeparator()
    ]
    assert len(buttons) >= 6
    for button in buttons:
        name, description = accessible(button)
        assert name.strip() and description.strip(), button.text()
    assert "Alt+Left" in accessible(window.toolbar.widgetForAction(window.back_action))[1]


def test_tab_goes_search_then_contents_then_page(window: MainWindow, qtbot: QtBot) -> None:
    window.open_page("pnh")
    activate(window, qtbot)
    window.focus_search()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.search_panel.field)
    seen: list[QWidget] = []
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
        if seen[-1] is window.page_view:
            break
    crumbs = [b for b in window.navigation_bar.breadcrumb.buttons if b.isVisible()]
    expected = [window.search_panel.audience, window.tree, *crumbs, window.navigation_bar.outline]
    assert seen == [*expected, window.page_view]


def test_tab_reaches_search_results_when_searching(window: MainWindow, qtbot: QtBot) -> None:
    panel = window.search_panel
    activate(window, qtbot)
    window.focus_search()
    qtbot.keyClicks(panel.field, "PNH")
    qtbot.waitUntil(lambda: panel.results.count() > 0, timeout=10000)
    qtbot.keyClick(panel.field, Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.results
    qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    assert window.current_page != HOME


def test_go_menu_shortcuts_for_search_find_and_headings(window: MainWindow, qtbot: QtBot) -> None:
    window.open_page("pnh")
    activate(window, qtbot)
    qtbot.keyClick(window.page_view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.search_panel.field
    qtbot.keyClick(window.search_panel.field, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible()
    assert window.go.outline_action.shortcut().toString() == "Ctrl+J"
