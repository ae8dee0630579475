"""Searching as a nurse would: typos while typing, "Search instead", the keyboard, the filter."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from handbook.ui.mainwindow import MainWindow
from handbook.ui.searchpanel import AlsoRole, ResultRole, SearchPanel


def wait_for_results(qtbot: QtBot, panel: SearchPanel, text: str) -> None:
    qtbot.waitUntil(
        lambda: (
            panel.last_outcome is not None
            and panel.last_outcome.query == text
            and panel._shown_serial == panel._serial
        ),  # noqa: SLF001 (the newest answer is shown)
        timeout=10000,
    )


def test_a_typo_is_corrected_as_it_is_typed(window: MainWindow, qtbot: QtBot) -> None:
    panel = window.search_panel
    qtbot.keyClicks(panel.field, "aplastik")  # no Enter, no space: still typing
    wait_for_results(qtbot, panel, "aplastik")
    assert panel.results.count() > 0
    assert panel.last_outcome.results[0].page == "aplastic-anaemia"
    assert panel.status.text().startswith("Showing results for <b>aplastic</b>")
    assert panel.alternative.isVisible()
    assert "Search instead for aplastik" in panel.alternative.text()


def test_search_instead_searches_the_words_as_typed(window: MainWindow, qtbot: QtBot) -> None:
    panel = window.search_panel
    qtbot.keyClicks(panel.field, "aplastik")
    wait_for_results(qtbot, panel, "aplastik")
    serial = panel._serial  # noqa: SLF001
    link = panel.alternative
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton, pos=QPoint(12, link.height() // 2))
    qtbot.waitUntil(lambda: panel._shown_serial > serial, timeout=10000)  # noqa: SLF001
    outcome = panel.last_outcome
    assert outcome is not None and not outcome.corrected
    assert panel.results.count() == 0  # nothing is spelt "aplastik"
    assert panel.field.text() == "aplastik"
    assert "Showing results for" not in panel.status.text()
    assert "Did you mean aplastic?" in panel.alternative.text()
    # Enter on the same words does not correct them behind the user's back.
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel._shown_serial == panel._serial, timeout=10000)  # noqa: SLF001
    assert not panel.last_outcome.corrected and panel.results.count() == 0


def test_arrow_keys_choose_a_result_and_enter_opens_it(window: MainWindow, qtbot: QtBot) -> None:
    panel = window.search_panel
    panel.field.setFocus()
    qtbot.keyClicks(panel.field, "transfusion")
    wait_for_results(qtbot, panel, "transfusion")
    assert panel.results.count() >= 3
    qtbot.keyClick(panel.field, Qt.Key.Key_Down)
    qtbot.keyClick(panel.field, Qt.Key.Key_Down)
    qtbot.keyClick(panel.field, Qt.Key.Key_Down)
    qtbot.keyClick(panel.field, Qt.Key.Key_Up)
    assert panel.results.currentRow() == 1
    assert panel.field.text() == "transfusion"  # the keys moved the choice, not the cursor
    chosen = panel.results.item(1).data(ResultRole)  # a result, or a section offered under it
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    assert window.current_page == chosen.page


def test_escape_clears_the_search_and_brings_the_contents_back(
    window: MainWindow, qtbot: QtBot
) -> None:
    panel = window.search_panel
    qtbot.keyClicks(panel.field, "PNH")
    wait_for_results(qtbot, panel, "PNH")
    assert not window.tree.isVisible() and panel.results.isVisible()
    qtbot.keyClick(panel.field, Qt.Key.Key_Escape)
    assert panel.field.text() == ""
    assert window.tree.isVisible() and not panel.results.isVisible()
    assert not panel.status.isVisible()


def test_the_filter_says_what_it_hides(window: MainWindow, qtbot: QtBot) -> None:
    panel = window.search_panel
    panel.audience.setCurrentIndex(panel.audience.findData("clinician"))
    panel.search_now("meningococcal")  # fewer pages than the list shows at most
    wait_for_results(qtbot, panel, "meningococcal")
    answer = panel.last_answer
    shown = len(panel.result_items())
    hidden = answer.hidden.get("patient", 0)
    assert shown > 0 and hidden > 0
    assert all(r.audience == "clinician" for r in answer.outcome.results)
    status = panel.status.text()
    assert f"{shown} clinician pages found" in status and f"{hidden} handouts hidden" in status
    # Together they are what "All pages" finds.
    panel.audience.setCurrentIndex(0)
    qtbot.waitUntil(lambda: panel.last_answer.request.audience is None, timeout=10000)
    assert len(panel.result_items()) == shown + hidden
    assert "hidden" not in panel.status.text()


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_an_arrow_key_or_wheel_does_not_change_the_filter(window: MainWindow, qtbot: QtBot) -> None:
    combo = window.search_panel.audience
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # opens the list instead of choosing
    assert combo.currentIndex() == 0
    assert combo.view().isVisible()
    combo.hidePopup()
    qtbot.keyClick(combo, Qt.Key.Key_Up)
    assert combo.currentIndex() == 0
    combo.hidePopup()
    centre = QPointF(combo.rect().center())
    for delta in (-120, 120, -120):  # the wheel turned while the pointer crosses the list
        wheel = QWheelEvent(
            centre,
            combo.mapToGlobal(centre),
            QPoint(0, 0),
            QPoint(0, delta),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(combo, wheel)
    assert combo.currentIndex() == 0


def test_find_bar_counts_from_the_landing_point(window: MainWindow, qtbot: QtBot) -> None:
    panel = window.search_panel
    panel.search_now("eculizumab")
    wait_for_results(qtbot, panel, "eculizumab")
    item = next(i for i in panel.result_items() if i.data(ResultRole).anchor)
    result = item.data(ResultRole)
    panel.results.itemActivated.emit(item)
    bar = window.find_bar
    assert window.current_page == result.page and bar.isVisible()
    total = len(bar.spans)
    assert bar.first > 0, "the landing section is not the top of the page"
    assert bar.count.text() == f"1 of {total} matches"
    view = window.page_view
    before = view.verticalScrollBar().value()
    bar.next_match()
    # Next goes on from the landing point, not from the top of the page.
    assert bar.count.text() == f"2 of {total} matches"
    assert bar.spans[bar.current][0] >= bar.spans[bar.first][0]
    assert view.verticalScrollBar().value() >= before


def test_find_bar_after_a_corrected_search_uses_the_corrected_words(
    window: MainWindow, qtbot: QtBot
) -> None:
    panel = window.search_panel
    qtbot.keyClicks(panel.field, "eculizumb")
    wait_for_results(qtbot, panel, "eculizumb")
    assert panel.last_outcome.corrected
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    bar = window.find_bar
    assert bar.isVisible() and bar.field.text() == "eculizumab"
    assert len(bar.spans) > 1 and bar.count.text() != "No matches"


def test_find_bar_after_back_is_restored_never_stale(window: MainWindow, qtbot: QtBot) -> None:
    panel = window.search_panel
    panel.search_now("eculizumab")
    wait_for_results(qtbot, panel, "eculizumab")
    first = panel.last_outcome.results[0]
    panel.results.itemActivated.emit(panel.results.item(0))
    bar = window.find_bar
    found = len(bar.spans)
    assert found > 1
    window.open_page("glossary")  # a link elsewhere: the search's highlights stay behind
    assert not bar.isVisible() or bar.count.text() != "No matches"
    window.go_back()
    assert window.current_page == first.page
    assert bar.isVisible() and len(bar.spans) == found
    assert bar.count.text().endswith(f"of {found} matches")
    # Words typed in the bar are found again on the next page, with a true count.
    window.open_find_bar()
    bar.field.clear()
    qtbot.keyClicks(bar.field, "complement")
    window.open_page("pnh")
    expected = window.page_view.toPlainText().lower().count("complement")
    assert expected > 2 and len(bar.spans) == expected
    assert bar.count.text().endswith(f"of {expected} matches")


def test_the_words_to_highlight_come_with_the_results_not_from_the_ui_thread(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from handbook.search import SearchEngine

    on_ui_thread: list[bool] = []
    real = SearchEngine.term_matcher

    def recording(engine: SearchEngine, text: str) -> Any:
        on_ui_thread.append(threading.current_thread() is threading.main_thread())
        return real(engine, text)

    monkeypatch.setattr(SearchEngine, "term_matcher", recording)
    panel = window.search_panel
    panel.search_now("camitta")
    wait_for_results(qtbot, panel, "camitta")
    assert panel.last_outcome.highlight is not None
    panel.results.itemActivated.emit(panel.results.item(0))
    assert window.find_bar.isVisible() and len(window.find_bar.spans) >= 3
    window.open_page("glossary")
    window.go_back()  # highlighted again from what the result brought
    assert window.find_bar.isVisible() and len(window.find_bar.spans) >= 3
    assert on_ui_thread and not any(on_ui_thread)


def test_a_result_is_laid_out_once_for_its_size_and_painting(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The list asks each row's size and then paints it; the row's rich text is laid out
    once for both, and again only when the width changes."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    from handbook.ui.resultdelegate import HtmlDelegate

    panel = window.search_panel
    qtbot.keyClicks(panel.field, "PNH")
    wait_for_results(qtbot, panel, "PNH")
    delegate = panel.results.itemDelegate()
    assert isinstance(delegate, HtmlDelegate)
    index = panel.results.model().index(0, 0)
    option = QStyleOptionViewItem()
    option.initFrom(panel.results)
    option.rect.setWidth(300)
    first = delegate._document(option, index)  # noqa: SLF001
    assert delegate._document(option, index) is first  # noqa: SLF001
    assert "PNH" in first.toPlainText()
    option.rect.setWidth(200)
    narrower = delegate._document(option, index)  # noqa: SLF001
    assert narrower is not first and narrower.textWidth() == 200
    assert delegate.sizeHint(option, index).height() >= first.size().height()


def test_the_first_result_offers_more_sections_of_its_page(
    window: MainWindow, qtbot: QtBot
) -> None:
    """A question whose section is not the first result's landing may still be on its page:
    the rows under the first result offer that page's next best sections, and open them."""
    panel = window.search_panel
    panel.search_now("what does a low risk IPSS-R score mean")
    wait_for_results(qtbot, panel, "what does a low risk IPSS-R score mean")
    first = panel.last_outcome.results[0]
    assert first.page == "mds-risk-scoring" and first.also
    rows = [panel.results.item(n) for n in range(panel.results.count())]
    offered = [row for row in rows if row.data(AlsoRole)]
    assert rows[1 : 1 + len(first.also)] == offered  # right under the first result
    assert [row.data(ResultRole).section for row in offered] == [s.section for s in first.also]
    assert all(row.data(ResultRole).page == first.page for row in offered)
    assert {row.data(ResultRole).anchor for row in offered}.isdisjoint({first.anchor, ""})
    names = [row.data(Qt.ItemDataRole.AccessibleTextRole) for row in offered]
    assert names == [f"Also on this page: {s.section}" for s in first.also]
    assert len(panel.result_items()) == len(panel.last_outcome.results)
    assert f"{len(panel.last_outcome.results)} pages found" in panel.status.text()
    panel.results.itemActivated.emit(offered[0])
    assert window.current_page == first.page
    assert window.find_bar.first > 0  # opened at the offered section, not the page's top


def test_a_narrow_sidebar_moves_the_filter_under_the_search_field(
    window: MainWindow, qtbot: QtBot
) -> None:
    """At 150 % on a 1024x768 screen the sidebar is about 195 logical pixels wide: beside
    the filter the field showed eight characters of a question. The filter now moves under
    it, and stays beside a field that keeps room for about twenty."""
    panel = window.search_panel
    window.resize(1180, 780)
    qtbot.waitExposed(window)
    chars = panel.field.fontMetrics().averageCharWidth()
    for sidebar, beside in ((195, False), (290, True), (520, True)):
        window.splitter.setSizes([sidebar, 1180 - sidebar])
        qtbot.waitUntil(lambda sidebar=sidebar: abs(panel.width() - sidebar) < 40)
        qtbot.wait(20)
        field, audience = panel.field.geometry(), panel.audience.geometry()
        if beside:
            assert audience.top() < field.bottom() and audience.left() >= field.right()
        else:
            assert audience.top() >= field.bottom()
        assert field.width() >= 20 * chars, (sidebar, field.width())
        assert audience.right() <= panel.width()  # the filter is whole on screen


def test_with_the_handouts_filter_the_first_handout_offers_more_of_its_page(
    window: MainWindow, qtbot: QtBot
) -> None:
    """A question's first result offers more sections of its page; with "Patient handouts"
    chosen, the first handout shown does too (the rows came only with the first result of
    all, a clinician page the filter hides)."""
    panel = window.search_panel
    panel.audience.setCurrentIndex(panel.audience.findData("patient"))
    question = "how do I stop a nosebleed when my platelets are low"
    panel.search_now(question)
    wait_for_results(qtbot, panel, question)
    results = panel.last_outcome.results
    assert results and all(r.audience == "patient" for r in results)
    assert results[0].also and not any(r.also for r in results[1:])
    rows = [panel.results.item(n) for n in range(panel.results.count())]
    offered = [row for row in rows if row.data(AlsoRole)]
    assert rows[1 : 1 + len(results[0].also)] == offered
    assert all(row.data(ResultRole).page == results[0].page for row in offered)


def test_f6_moves_between_search_field_list_and_page(window: MainWindow, qtbot: QtBot) -> None:
    """A keyboard user leaves the page (whose Tab walks its links) for the search field or
    the contents with F6, as in a web browser; Shift+F6 goes back round."""
    window.activateWindow()
    window.open_page("pnh")
    window.page_view.setFocus()
    qtbot.waitUntil(window.page_view.hasFocus)

    def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, key, modifier)
        return QApplication.focusWidget()

    panel = window.search_panel
    assert press(Qt.Key.Key_F6) is panel.field
    assert press(Qt.Key.Key_F6) is window.tree  # no search: the contents
    assert press(Qt.Key.Key_F6) is window.page_view
    assert press(Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier) is window.tree
    panel.search_now("PNH")
    wait_for_results(qtbot, panel, "PNH")
    window.page_view.setFocus()
    assert press(Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier) is panel.results
    assert press(Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier) is panel.field
    assert panel.field.selectedText() == "PNH"  # ready to type over
