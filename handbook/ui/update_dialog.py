"""Content updates in the window: File → Install content update…, the watched folder's offer,
the change list shown once after an update, and changed pages marked in the contents."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from handbook import APP_NAME
from handbook.editions.seen import SeenState
from handbook.editions.store import Edition, Selection, select, shipped_edition
from handbook.textutil import readable_date
from handbook.ui.menus import menu
from handbook.ui.navigation import describe

if TYPE_CHECKING:
    from handbook.editions.install import Installed, Plan
    from handbook.editions.watch import Offer
    from handbook.ui.host import UpdatesHost

CHANGES_PAGE = "whats-changed"
KIND_WORD = {"new": "New", "changed": "Changed", "removed": "Removed"}
LISTED_IN_CONFIRM = 8


class UpdateDialogs:
    """The dialogs, as classmethods so tests can replace them."""

    @classmethod
    def choose_pack(cls, parent: QWidget) -> Path | None:
        name, _filter = QFileDialog.getOpenFileName(
            parent, "Install content update", "", "Handbook content packs (*.hbpack)"
        )
        return Path(name) if name else None

    @classmethod
    def confirm(cls, parent: QWidget, plan: Plan) -> bool:
        box = QMessageBox(parent)
        box.setWindowTitle("Install content update")
        box.setIcon(QMessageBox.Icon.Question)
        box.setText(f"Install the edition of {readable_date(plan.pack.edition)}?")
        box.setInformativeText(confirm_details(plan))
        install = box.addButton("Install", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is install

    @classmethod
    def refused(cls, parent: QWidget, message: str) -> None:
        QMessageBox.warning(parent, "Content update not installed", message)

    @classmethod
    def offer(cls, parent: QWidget, offer: Offer, accept: Callable[[], None]) -> None:
        """A non-modal box: the reader may go on reading and install later."""
        box = QMessageBox(QMessageBox.Icon.Information, APP_NAME, offer.sentence(), parent=parent)
        box.setObjectName("updateOffer")
        install = box.addButton("Install…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Later", QMessageBox.ButtonRole.RejectRole)
        box.setModal(False)
        box.buttonClicked.connect(lambda button: accept() if button is install else None)
        box.show()


def confirm_details(plan: Plan) -> str:
    """The summary and the first few changes, as the confirm dialog shows them."""
    lines = [plan.summary(), ""]
    entries = [e for e in plan.pack.changes.get("entries", []) if isinstance(e, dict)]
    for entry in entries[:LISTED_IN_CONFIRM]:
        word = KIND_WORD.get(str(entry.get("kind")), "Changed")
        lines.append(f"• {word}: {entry.get('title', '')} — {entry.get('note', '')}")
    if len(entries) > LISTED_IN_CONFIRM:
        lines.append(f"… and {len(entries) - LISTED_IN_CONFIRM} more.")
    return "\n".join(lines)


class _Relay(QObject):
    """Carries results from worker threads back to the window's thread."""

    installed = Signal(object)
    failed = Signal(str)
    offered = Signal(object)


class UpdateController:
    def __init__(
        self, window: UpdatesHost, selection: Selection, seen: SeenState | None = None
    ) -> None:
        self.window = window
        self.selection = selection
        self.seen = seen or SeenState()
        self.busy = False
        self.started = False
        self.relay = _Relay(window.window())
        self.relay.installed.connect(self._on_installed)
        self.relay.failed.connect(self._on_failed)
        self.relay.offered.connect(self._on_offered)
        window.page_shown.connect(self._on_page_shown)
        self.install_action: QAction | None = None
        self.changes_action: QAction | None = None
        self._refresh_marks()

    @property
    def edition(self) -> Edition:
        return self.selection.edition

    # -- after the first frame ------------------------------------------------------
    def after_start(self, watch_folder: Path | None = None) -> None:
        """Menus, the notice for a damaged update, the change list once, the watched folder."""
        if self.started:
            return
        self.started = True
        self.window.finish_setup()
        self._add_actions()
        if self.selection.notice:
            self.window.tell_user(self.selection.notice)
        if self.seen.should_show_changes(self.edition):
            self.show_changes()
        threading.Thread(target=self._scan, args=(watch_folder,), daemon=True).start()

    def _add_actions(self) -> None:
        self.install_action = QAction("Install content &update…", self.window.window())
        self.install_action.setObjectName("installUpdateAction")
        describe(self.install_action, "Install a new edition of the handbook from a pack file")
        self.install_action.triggered.connect(lambda _checked=False: self.ask_and_install())
        menu(self.window, "fileMenu", "&File").addAction(self.install_action)
        self._offer_changes_in_help()

    def _offer_changes_in_help(self) -> None:
        """Help → What changed in this edition, once an installed update is in use (the
        shipped edition's page is in the contents, under Reference)."""
        if self.changes_action is not None or not self.edition.installed:
            return
        self.changes_action = QAction("What changed in this &edition", self.window.window())
        self.changes_action.setObjectName("whatsChangedAction")
        describe(self.changes_action, "New, changed and removed pages in this edition")
        self.changes_action.triggered.connect(lambda _checked=False: self.show_changes())
        menu(self.window, "helpMenu", "&Help").addAction(self.changes_action)

    def _scan(self, folder: Path | None) -> None:
        """In a worker thread: a slow USB stick or share must not hold up the window."""
        from handbook.editions.watch import watched_offer

        try:
            offer = watched_offer(self.edition, folder)
        except Exception:  # an unreadable folder is not worth a message at start
            return
        if offer is not None:
            self.relay.offered.emit(offer)

    def _on_offered(self, offer: Offer) -> None:
        UpdateDialogs.offer(self.window.window(), offer, lambda: self.ask_and_install(offer.path))

    # -- installing -----------------------------------------------------------------
    def ask_and_install(self, path: Path | None = None) -> None:
        """Choose a pack (unless given), verify it, confirm, then install in the background."""
        from handbook.editions import PackRefused
        from handbook.editions.install import plan

        if self.busy:
            self.window.tell_user("A content update is being installed; please wait.")
            return
        path = path or UpdateDialogs.choose_pack(self.window.window())
        if path is None:
            return
        try:
            chosen = plan(path)
        except PackRefused as exc:
            UpdateDialogs.refused(self.window.window(), str(exc))
            return
        if not UpdateDialogs.confirm(self.window.window(), chosen):
            return
        self.busy = True
        if self.install_action is not None:
            self.install_action.setEnabled(False)
        self.window.statusBar().showMessage("Installing the content update…")
        threading.Thread(target=self._carry_out, args=(chosen,), daemon=True).start()

    def _carry_out(self, chosen: Plan) -> None:
        from handbook.editions import PackRefused
        from handbook.editions.install import carry_out

        try:
            self.relay.installed.emit(carry_out(chosen))
        except PackRefused as exc:
            self.relay.failed.emit(str(exc))
        except Exception as exc:  # never a silent worker death
            self.relay.failed.emit(f"The update could not be installed ({exc}).")

    def _on_failed(self, message: str) -> None:
        self._idle()
        self.window.statusBar().clearMessage()
        UpdateDialogs.refused(self.window.window(), message)

    def _on_installed(self, installed: Installed) -> None:
        from handbook.catalog import Catalog, CatalogError

        self._idle()
        self.selection = select()
        try:
            catalog = Catalog.load(self.edition.path)
        except CatalogError as exc:
            UpdateDialogs.refused(self.window.window(), f"The new edition cannot be shown ({exc}).")
            return
        self.window.switch_content(catalog)
        self._refresh_marks()
        self._offer_changes_in_help()
        self.window.tell_user(
            f"The {installed.edition.describe()} is installed and now shown; "
            "what changed is listed on the page that opens."
        )
        self.show_changes()

    def _idle(self) -> None:
        self.busy = False
        if self.install_action is not None:
            self.install_action.setEnabled(True)

    # -- what changed ---------------------------------------------------------------
    def show_changes(self) -> None:
        if CHANGES_PAGE not in self.window.catalog.pages:
            self.window.tell_user("This edition lists no changed pages.")
            return
        self.window.open_page(CHANGES_PAGE)
        self.seen.changes_shown(self.edition)

    def _refresh_marks(self) -> None:
        self.window.sidebar_model.set_marked(self.seen.marked_pages(self.edition))

    def _on_page_shown(self, page_id: str) -> None:
        if page_id in self.window.sidebar_model.marked:
            self.seen.page_opened(self.edition, page_id)
            self._refresh_marks()


def selection_for(index_dir: Path | None) -> Selection:
    """The newest valid edition, or exactly the index asked for (``--index``)."""
    return select() if index_dir is None else Selection(shipped_edition(index_dir))
