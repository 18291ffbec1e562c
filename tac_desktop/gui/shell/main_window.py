# Over 600 lines: one window whose lock, unlock and page switching share the open vault.
"""The main window: create/unlock → case list → a case, with lock and auto-lock.

The window owns the open vault (a core object) and hands it to the pages it builds
after unlocking; locking closes the vault and throws those pages away, so no case data
stays in memory behind the unlock screen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QMainWindow,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from tac_desktop import APP_NAME, __version__
from tac_desktop.gui.shared.background import run_in_background
from tac_desktop.gui.shared.settings import Settings
from tac_desktop.gui.shell.vault_pages import VAULT_FILTER, CreateVaultPage, UnlockPage

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QAction, QCloseEvent, QKeySequence

    from tac_desktop.core.progress import Progress
    from tac_desktop.core.vault import Vault
    from tac_desktop.gui.actions.my_actions import MyActionsPage
    from tac_desktop.gui.cases.case_list import CaseListPage
    from tac_desktop.gui.cases.workspace import CaseWorkspace
    from tac_desktop.gui.meeting.screen import MeetingScreen
    from tac_desktop.gui.shared.progress import LongWork


# Work the first window does not show (its menus' items, the vault libraries) waits this
# long after it, so that it runs after the window's first paint rather than before it.
AFTER_FIRST_PAINT_MS = 100
_PREFERRED = QSizePolicy.Policy.Preferred
_IGNORED = QSizePolicy.Policy.Ignored


def default_vault_path() -> Path:
    from platformdirs import user_documents_dir

    return Path(user_documents_dir()) / "TAC Desktop" / "My cases.tacvault"


class IdleWatcher(QObject):
    """Calls ``on_idle`` after a stretch with no key press or mouse use anywhere.

    It watches the application's events only while a vault is open (``watch``): with
    the vault locked there is nothing to lock, and a filter on every event would slow
    the first window (each event, and each kind of widget, met in Python)."""

    def __init__(self, minutes: int, on_idle: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(minutes * 60_000)
        self.timer.timeout.connect(on_idle)
        self._activity: frozenset[QEvent.Type] = frozenset()

    def watch(self) -> None:
        if not self._activity:
            from PySide6.QtCore import QEvent

            self._activity = frozenset(
                {
                    QEvent.Type.KeyPress,
                    QEvent.Type.MouseButtonPress,
                    QEvent.Type.MouseMove,
                    QEvent.Type.Wheel,
                    QEvent.Type.TouchBegin,
                }
            )
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def unwatch(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self._activity and self.timer.isActive():
            self.timer.start()
        return False


class _PagesLayout(QVBoxLayout):
    """Holds the pages in their scroll area. It asks for the page's minimum size only:
    a page with wrapping labels would otherwise ask for its preferred height at every
    width, and the window would scroll when nothing needs to."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setContentsMargins(0, 0, 0, 0)

    def hasHeightForWidth(self) -> bool:
        return False


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings, demo_folder: Path | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.vault: Vault | None = None
        self.vault_path: Path | None = None
        self.demo_folder = demo_folder
        self.case_list: CaseListPage | None = None
        self.workspace: CaseWorkspace | None = None
        self.meeting_screen: MeetingScreen | None = None
        self.my_actions: MyActionsPage | None = None
        self._reopen_case = ""
        self._reopen_meeting: int | None = None
        self._told_no_keyring = settings.keyring_unavailable_told
        self._warming = False  # the worker is importing the vault's modules
        self._after_warm_up: list[Callable[[], None]] = []

        self.setWindowTitle(APP_NAME)
        self._fit_to_screen(1180, 760)
        self.pages = QStackedWidget()
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setAccessibleDescription("Notice")  # its text is its name
        self.banner.hide()
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.banner)
        # At twice the text size a page may need more room than the screen has: it
        # scrolls then, rather than being cut off (WCAG 1.4.4, 1.4.10).
        self.page_scroller = QScrollArea()
        self.page_scroller.setWidgetResizable(True)
        self.page_scroller.setFrameShape(QFrame.Shape.NoFrame)
        # Not a Tab stop of its own: set after the first paint (Qt.FocusPolicy builds
        # the whole Qt namespace), in _fill_menus.
        holder = QWidget()
        _PagesLayout(holder).addWidget(self.pages)
        self.page_scroller.setWidget(holder)
        # Only the page shown asks for room (a stack asks for its largest page's).
        self.pages.currentChanged.connect(self._size_to_current_page)
        central_layout.addWidget(self.page_scroller, 1)
        self.setCentralWidget(central)
        # Built when first shown: the first window shows one of the two.
        self._unlock_page: UnlockPage | None = None
        self._create_page: CreateVaultPage | None = None

        self.status_label = QLabel()
        self.status_label.setAccessibleDescription("Status")  # read by its text
        self.statusBar().addPermanentWidget(self.status_label)
        # The menu bar shows its three menus at once; their items (fifteen actions with
        # their shortcuts, unseen until a menu opens) follow the first paint, or come at
        # once when something needs them (unlocking).
        self._file_menu = self.menuBar().addMenu("&File")
        self._case_menu = self.menuBar().addMenu("&Case")
        self._help_menu = self.menuBar().addMenu("&Help")
        self._menus_filled = False
        QTimer.singleShot(AFTER_FIRST_PAINT_MS, self, self._fill_menus)
        self.idle = IdleWatcher(settings.idle_lock_minutes, self._idle_lock, self)
        state = settings.restore_state("main_window/geometry")
        if state is not None:
            self.restoreGeometry(state)
        self._update_actions()

    def _fit_to_screen(self, width: int, height: int) -> None:
        """The default size, cut to the screen's free area (at twice the text size a
        1440×900 screen is 720×450 of the window's units)."""
        screen = self.screen()
        if screen is not None:
            free = screen.availableGeometry()
            width, height = min(width, free.width() - 16), min(height, free.height() - 48)
        self.resize(width, height)

    def _size_to_current_page(self, _index: int = 0) -> None:
        current = self.pages.currentWidget()
        for index in range(self.pages.count()):
            page = self.pages.widget(index)
            if page is not None:
                policy = _PREFERRED if page is current else _IGNORED
                page.setSizePolicy(policy, policy)

    @property
    def unlock_page(self) -> UnlockPage:
        if self._unlock_page is None:
            page = UnlockPage()
            page.unlock_requested.connect(self._unlock_with_passphrase)
            page.unlock_remembered_requested.connect(self._unlock_with_remembered_key)
            page.open_other_requested.connect(self.show_unlock)
            page.create_requested.connect(self._show_create_from_unlock)
            self.pages.addWidget(page)
            self._unlock_page = page
        return self._unlock_page

    @property
    def create_page(self) -> CreateVaultPage:
        if self._create_page is None:
            page = CreateVaultPage()
            page.create_requested.connect(self._create_vault)
            page.cancel_requested.connect(self._back_from_create)
            self.pages.addWidget(page)
            self._create_page = page
        return self._create_page

    # -- menus -----------------------------------------------------------------------

    def _action(
        self,
        text: str,
        slot: Any,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        from PySide6.QtGui import QAction, QKeySequence

        action = QAction(text, self)
        if shortcut is not None:
            # setShortcuts, not setShortcut: the latter's overloads make PySide build the
            # whole Qt namespace (~30 ms) before the first window.
            action.setShortcuts([QKeySequence(shortcut)])
        action.triggered.connect(lambda _checked=False: slot())  # drop the "checked" bool
        return action

    def _fill_menus(self) -> None:
        if self._menus_filled:
            return
        self._menus_filled = True
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QKeySequence

        self.page_scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        file_menu, case_menu, help_menu = self._file_menu, self._case_menu, self._help_menu
        self.new_vault_action = self._action("&New vault…", self._show_create_from_unlock)
        self.open_vault_action = self._action(
            "&Open vault…", self._choose_vault, QKeySequence.StandardKey.Open
        )
        self.lock_action = self._action("&Lock now", self.lock, "Ctrl+L")
        self.backup_action = self._action("&Back up vault…", self._backup)
        self.idle_action = self._action("&Auto-lock after…", self._choose_idle_minutes)
        self.forget_action = self._action(
            "&Forget the key kept on this computer", self._forget_remembered_key
        )
        self.import_case_action = self._action("&Import a case…", self.import_case)
        quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        for action in (
            self.new_vault_action,
            self.open_vault_action,
            None,
            self.lock_action,
            self.idle_action,
            self.backup_action,
            self.forget_action,
            None,
            self.import_case_action,
            None,
            quit_action,
        ):
            if action is None:
                file_menu.addSeparator()
            else:
                file_menu.addAction(action)

        self.new_case_action = self._action("&New case…", self._new_case, "Ctrl+N")
        self.find_action = self._action("&Find a case", self._find_case, "Ctrl+F")
        self.my_actions_action = self._action("My &actions…", self.show_my_actions, "Ctrl+Shift+A")
        self.back_action = self._action("Back to the case &list", self._go_back, "Ctrl+Backspace")
        self.glossary_action = self._action("&Glossary of terms…", self.show_glossary, "Ctrl+G")
        self.close_case_action = self._action("Cl&ose the case…", self._close_case)
        self.reopen_case_action = self._action("&Reopen the case…", self._reopen_case_now)
        self.hand_over_action = self._action("&Hand over the case…", self.hand_over_case)
        self.retention_action = self._action("Records due for &destruction…", self.show_retention)
        for action in (
            self.new_case_action,
            self.find_action,
            self.my_actions_action,
            self.back_action,
            None,
            self.close_case_action,
            self.reopen_case_action,
            self.hand_over_action,
            None,
            self.retention_action,
            self.glossary_action,
        ):
            if action is None:
                case_menu.addSeparator()
            else:
                case_menu.addAction(action)

        help_menu.addAction(self._action(f"&About {APP_NAME}", self._about))
        self._update_actions()

    def _update_actions(self) -> None:
        if not self._menus_filled:
            return  # _fill_menus brings them up to date
        unlocked = self.vault is not None
        for action in (
            self.lock_action,
            self.backup_action,
            self.new_case_action,
            self.find_action,
            self.my_actions_action,
            self.back_action,
            self.forget_action,
            self.glossary_action,
            self.import_case_action,
            self.retention_action,
        ):
            action.setEnabled(unlocked)
        current = self.pages.currentWidget()
        in_meeting = current is not None and current is self.meeting_screen
        elsewhere = current is self.workspace or current is self.my_actions
        self.back_action.setEnabled(unlocked and (elsewhere or in_meeting))
        self.back_action.setText("Back to the &case" if in_meeting else "Back to the case &list")
        case = self.workspace.case if self.workspace is not None else None
        on_case = unlocked and case is not None and current is self.workspace
        closed = case is not None and case.status.value == "closed"
        self.close_case_action.setEnabled(on_case and not closed)
        self.reopen_case_action.setEnabled(on_case and closed)
        self.hand_over_action.setEnabled(on_case)

    # -- starting --------------------------------------------------------------------

    def start(self, vault_path: Path | None) -> None:
        path = vault_path or self.settings.last_vault
        if path is not None and (path.exists() or vault_path is not None):
            self.show_unlock(path)
        else:
            self.show_create(can_go_back=False)

    def show_unlock(self, path: Path, message: str = "") -> None:
        self.vault_path = path.expanduser().absolute()
        self.unlock_page.prepare(self.vault_path, message)
        self.pages.setCurrentWidget(self.unlock_page)
        self.status_label.setText("Locked")
        self._update_actions()
        # The vault libraries (SQLAlchemy, argon2, keyring) load and the mappers are set
        # up on a worker thread once the window is up (core.vault.warm), so the unlock
        # screen appears at once and stays responsive, and opening after unlock is quick.
        QTimer.singleShot(150, self, self._warm_up)

    def _warm_up(self) -> None:
        path = self.vault_path
        if path is None or not path.exists() or self.vault is not None:
            return
        if self._later_if_warming(self._warm_up):  # another vault's: then this one's
            return
        self._warming = True
        run_in_background(
            self,
            lambda: _load_vault_libraries_and_recall_key(path),
            lambda found: self._warmed(path, bool(found)),
            lambda _error: self._warmed(path, False),  # no keyring, no offer
        )

    def _warmed(self, path: Path, found: bool) -> None:
        self._warming = False
        self._offer_remembered_key(path, found)
        waiting, self._after_warm_up = self._after_warm_up, []
        for step in waiting:
            if not self._later_if_warming(step):
                step()

    def _later_if_warming(self, step: Callable[[], None]) -> bool:
        """While the worker imports the vault's modules, put off ``step`` (which imports
        them on this thread) until it is done: two threads importing one package at once
        can fail ("deadlock detected by _ModuleLock"). Only a chair quicker than the
        warm-up waits, on the page that already says it is busy."""
        if self._warming:
            self._after_warm_up.append(step)
        return self._warming

    def _offer_remembered_key(self, path: Path, found: bool) -> None:
        if self.vault is None and path == self.vault_path:
            self.unlock_page.remembered_button.setVisible(found)

    def show_demo_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()

    def show_create(self, can_go_back: bool) -> None:
        self.create_page.prepare(default_vault_path(), can_go_back)
        self.pages.setCurrentWidget(self.create_page)
        self._update_actions()

    def _show_create_from_unlock(self) -> None:
        if self.vault is not None:
            self.lock()
        self.show_create(can_go_back=self.vault_path is not None)

    def _back_from_create(self) -> None:
        if self.vault_path is not None:
            self.show_unlock(self.vault_path)

    def _choose_vault(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, "Open a vault", "", VAULT_FILTER)
        if path:
            if self.vault is not None:
                self.lock()
            self.show_unlock(Path(path))

    # -- unlocking -------------------------------------------------------------------

    def _unlock_with_passphrase(self, passphrase: str, remember: bool) -> None:
        if self._later_if_warming(lambda: self._unlock_with_passphrase(passphrase, remember)):
            return
        from tac_desktop.core.vault import unseal_key

        path = self.vault_path
        assert path is not None
        run_in_background(
            self,
            lambda: unseal_key(path, passphrase),
            lambda key: self._open_with_key(key, remember),
            self._unlock_failed,
        )

    def _unlock_with_remembered_key(self) -> None:
        key = self._remembered_key()
        if key is None:
            self.unlock_page.show_error("No key is kept on this computer. Type the passphrase.")
            return
        self._open_with_key(key, remember=False)

    def _remembered_key(self) -> bytes | None:
        from tac_desktop.core.errors import TacError
        from tac_desktop.core.vault import keyring_store, vault_id_of

        if self.vault_path is None:
            return None
        try:
            return keyring_store.recall(vault_id_of(self.vault_path))
        except TacError:
            return None

    def _unlock_failed(self, error: Exception) -> None:
        self.unlock_page.show_error(_message_for(error))

    def _open_with_key(self, key: bytes, remember: bool) -> None:
        if self._later_if_warming(lambda: self._open_with_key(key, remember)):
            return
        from tac_desktop.core.errors import TacError
        from tac_desktop.core.vault import Vault

        assert self.vault_path is not None
        progress, shown = self._updating_progress()
        try:
            vault = Vault.open(self.vault_path, data_key=key, progress=progress)
        except TacError as error:
            self.unlock_page.show_error(str(error))
            return
        finally:
            for long_work in shown:
                long_work.close()
        self.use_vault(vault, remember)

    def _updating_progress(self) -> tuple[Progress, list[LongWork]]:
        """What hears of an older vault's update while it opens: the progress dialog
        is made (and its module imported) only if an update begins, so a usual
        unlock costs nothing. Its Cancel stops the update between two steps, which
        leaves the vault as it was (the update is one transaction)."""
        from tac_desktop.core.progress import Progress

        shown: list[LongWork] = []

        def report(what: str, done: int, total: int) -> None:
            if not shown:
                from tac_desktop.gui.shared.progress import LongWork

                shown.append(LongWork(self, "Updating the vault", what))
            shown[0].progress.tell(what, done, total)  # the window repaints; Cancel heard
            if shown[0].progress.cancelled:
                updating.cancel()  # the update stops at its next step

        updating = Progress(report)
        return updating, shown

    def _create_vault(
        self, path: Path, name: str, role: str, agency: str, passphrase: str, remember: bool
    ) -> None:
        if self._later_if_warming(
            lambda: self._create_vault(path, name, role, agency, passphrase, remember)
        ):
            return
        from tac_desktop.core.errors import TacError
        from tac_desktop.core.vault import ChairDetails, Vault

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            vault = Vault.create(path, passphrase, ChairDetails(name, role, agency))
        except (TacError, OSError) as error:
            self.create_page.show_error(_message_for(error))
            return
        self.vault_path = vault.path
        self.use_vault(vault, remember)

    def use_vault(self, vault: Vault, remember: bool) -> None:
        """Start working in an unlocked vault: build the case pages, reopen the last case."""
        from PySide6.QtWidgets import QMessageBox

        from tac_desktop.core.vault import keyring_store
        from tac_desktop.gui.shared.a11y import follow_focus

        follow_focus()  # from now on, whatever takes the focus is scrolled into view
        self._fill_menus()
        self.vault = vault
        self.vault_path = vault.path
        if self.demo_folder is None:
            self.settings.last_vault = vault.path
        if remember:
            try:
                keyring_store.remember(vault.vault_id, vault.data_key)
            except keyring_store.KeyringUnavailable as error:
                if not self._told_no_keyring:
                    QMessageBox.information(self, APP_NAME, str(error))
                    self._told_no_keyring = True
                    self.settings.keyring_unavailable_told = True
        self.idle.watch()
        self.idle.timer.start()
        self.status_label.setText(f"Vault: {vault.path.name}")
        self._build_case_pages()
        reference = self._reopen_case or self.settings.last_case
        meeting_id, self._reopen_meeting = self._reopen_meeting, None
        self._reopen_case = ""
        if reference and self.case_list is not None and self.case_list.has_case(reference):
            self.open_case(reference)
            if meeting_id is not None:
                self.open_meeting(meeting_id)
        else:
            self.show_case_list()

    def _build_case_pages(self) -> None:
        from tac_desktop.gui.actions.my_actions import MyActionsPage
        from tac_desktop.gui.cases.case_list import CaseListPage
        from tac_desktop.gui.cases.workspace import CaseWorkspace
        from tac_desktop.gui.meeting.screen import MeetingScreen

        assert self.vault is not None
        self.case_list = CaseListPage(self.vault)
        self.case_list.open_requested.connect(self.open_case)
        self.workspace = CaseWorkspace(self.vault, self.settings)
        self.workspace.saved.connect(self._show_saved)
        self.workspace.back_requested.connect(self.show_case_list)
        self.workspace.case_changed.connect(self._case_changed)
        self.workspace.meeting_open_requested.connect(self.open_meeting)
        self.meeting_screen = MeetingScreen(self.vault, self.settings)
        self.meeting_screen.saved.connect(self._show_saved)
        self.meeting_screen.back_requested.connect(self.back_to_case)
        self.meeting_screen.meeting_changed.connect(self._case_changed)
        self.pages.addWidget(self.case_list)
        self.pages.addWidget(self.workspace)
        self.my_actions = MyActionsPage(self.vault)
        self.my_actions.open_requested.connect(self.open_case)
        self.my_actions.back_requested.connect(self.show_case_list)
        self.pages.addWidget(self.meeting_screen)
        self.pages.addWidget(self.my_actions)

    # -- using -----------------------------------------------------------------------

    def show_case_list(self) -> None:
        if self.case_list is None:
            return
        self._finish_editing()
        self.case_list.refresh()
        self.pages.setCurrentWidget(self.case_list)
        self.settings.last_case = ""
        self.case_list.focus_search()
        self._update_actions()

    def show_my_actions(self) -> None:
        """Tasks overdue or due this week across every open case (Ctrl+Shift+A)."""
        if self.my_actions is None:
            return
        self._finish_editing()
        self.my_actions.refresh()
        self.pages.setCurrentWidget(self.my_actions)
        self._update_actions()

    def open_case(self, reference: str) -> None:
        if self.workspace is None:
            return
        if self.meeting_screen is not None:
            self.meeting_screen.finish_editing()
        if self.workspace.show_case(reference):
            self.pages.setCurrentWidget(self.workspace)
            self.settings.last_case = reference
            # The focus set while the page was hidden did not take: set it now it shows.
            self.workspace.people_table.setFocus()
        self._update_actions()

    def open_meeting(self, meeting_id: int) -> None:
        if self.meeting_screen is None or self.workspace is None:
            return
        self.workspace.finish_editing()
        if self.meeting_screen.show_meeting(meeting_id):
            self.pages.setCurrentWidget(self.meeting_screen)
            focused = QApplication.focusWidget()
            if focused is None or not self.meeting_screen.isAncestorOf(focused):
                self.meeting_screen.outline.setFocus()  # a focus that shows, on the agenda
        self._update_actions()

    def back_to_case(self) -> None:
        """From a meeting to its case (the case is read again: people may have changed)."""
        if self.workspace is None:
            return
        if self.meeting_screen is not None:
            self.meeting_screen.finish_editing()
        self.workspace.refresh()
        self.workspace.tabs.setCurrentWidget(self.workspace.meetings_tab)
        self.pages.setCurrentWidget(self.workspace)
        table = self.workspace.meetings_tab.table
        model = table.model()
        if model is not None and model.rowCount() and not table.currentIndex().isValid():
            table.setCurrentIndex(model.index(0, 0))  # a focused row shows the focus
        table.setFocus()
        self._update_actions()

    def _go_back(self) -> None:
        if self.meeting_screen is not None and self.pages.currentWidget() is self.meeting_screen:
            self.back_to_case()
        else:
            self.show_case_list()

    def _finish_editing(self) -> None:
        """Save whatever is typed and waiting, on every page that edits."""
        if self.workspace is not None:
            self.workspace.finish_editing()
        if self.meeting_screen is not None:
            self.meeting_screen.finish_editing()

    def _case_changed(self) -> None:
        if self.case_list is not None:
            self.case_list.refresh()
        self._update_actions()

    def _close_case(self) -> None:
        """Case → Close the case…: the closure checklist, on the case's own tab."""
        if self.workspace is not None and self.pages.currentWidget() is self.workspace:
            self.workspace.finish_editing()
            self.workspace.tabs.setCurrentWidget(self.workspace.transition_tab)
            self.workspace.transition_tab.close_case()

    def _reopen_case_now(self) -> None:
        if self.workspace is not None and self.pages.currentWidget() is self.workspace:
            self.workspace.tabs.setCurrentWidget(self.workspace.transition_tab)
            self.workspace.transition_tab.reopen_case()

    def _new_case(self) -> None:
        if self.case_list is not None:
            self.show_case_list()
            self.case_list.new_case()

    def _find_case(self) -> None:
        self.show_case_list()

    def _show_saved(self, message: str) -> None:
        self.statusBar().showMessage(message, 0)

    # -- locking ---------------------------------------------------------------------

    def lock(
        self, message: str = "Locked. Type the passphrase to carry on where you were."
    ) -> None:
        if self.vault is None:
            return
        self._finish_editing()
        self._close_dialogs()
        current = self.pages.currentWidget()
        if self.workspace is not None and current is not None:
            if current is self.workspace or current is self.meeting_screen:
                self._reopen_case = self.workspace.current_reference
            if current is self.meeting_screen and self.meeting_screen is not None:
                self._reopen_meeting = self.meeting_screen.current_meeting_id
        if self.meeting_screen is not None:
            self.meeting_screen.clear()
        for page in (self.case_list, self.workspace, self.meeting_screen, self.my_actions):
            if page is not None:
                self.pages.removeWidget(page)
                page.deleteLater()
        self.case_list = None
        self.workspace = None
        self.meeting_screen = None
        self.my_actions = None
        self.vault.close()
        self.vault = None
        self.idle.timer.stop()
        self.idle.unwatch()
        self.statusBar().clearMessage()
        assert self.vault_path is not None
        self.show_unlock(self.vault_path, message)

    def _close_dialogs(self) -> None:
        """Close any dialog still open (an auto-lock can come mid-question). Each is moved
        onto the window first: the page it belongs to is about to be deleted, and a
        message box asked from that page lives on the page's call stack."""
        from PySide6.QtWidgets import QDialog

        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.setParent(self, widget.windowFlags())
                widget.reject()

    def _idle_lock(self) -> None:
        minutes = self.settings.idle_lock_minutes
        self.lock(f"Locked after {minutes} minutes without use, to keep the cases safe.")

    def _choose_idle_minutes(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        minutes, chosen = QInputDialog.getInt(
            self,
            "Auto-lock",
            "Lock the vault after this many minutes without use:",
            self.settings.idle_lock_minutes,
            1,
            240,
        )
        if chosen:
            self.settings.idle_lock_minutes = minutes
            self.idle.timer.setInterval(self.settings.idle_lock_minutes * 60_000)
            if self.vault is not None:
                self.idle.timer.start()
            self.statusBar().showMessage(f"The vault now locks after {minutes} minutes.", 8000)

    def show_glossary(self) -> None:
        from tac_desktop.gui.cases.glossary import GlossaryDialog

        if self.vault is None:
            return
        dialog = GlossaryDialog(self.vault, self)
        dialog.exec()
        if dialog.changed and self.meeting_screen is not None:
            self.meeting_screen.glossary_changed()

    def _forget_remembered_key(self) -> None:
        from tac_desktop.core.vault import keyring_store

        if self.vault is not None:
            keyring_store.forget(self.vault.vault_id)
            self.statusBar().showMessage("This computer no longer keeps the vault's key.", 8000)

    def _backup(self) -> None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from tac_desktop.core.errors import TacError

        if self.vault is None:
            return
        suggested = str(self.vault.path.with_name(self.vault.path.stem + "-backup.tacvault"))
        path, _ = QFileDialog.getSaveFileName(
            self, "Back up the vault to…", suggested, VAULT_FILTER
        )
        if not path:
            return
        from tac_desktop.core.progress import Stopped
        from tac_desktop.gui.shared.progress import LongWork

        try:
            # On the vault's thread, in steps that keep the window painting (Cancel
            # removes the unfinished copy).
            with LongWork(self, "Back up the vault", "Copying the vault…") as work:
                destination = self.vault.backup(Path(path), progress=work.progress)
        except Stopped:
            QMessageBox.information(
                self, APP_NAME, "The backup was stopped; no copy was left behind."
            )
            return
        except TacError as error:
            QMessageBox.warning(self, APP_NAME, str(error))
            return
        QMessageBox.information(
            self,
            APP_NAME,
            f"Backed up to {destination.name} (with {destination.name}.key beside it). The "
            "backup opens with today's passphrase.",
        )

    def hand_over_case(self) -> None:
        """Case → Hand over the case…: its sealed case file, the words shown once."""
        from tac_desktop.gui.cases.handover import HandOverDialog

        if self.vault is None or self.workspace is None or self.workspace.case is None:
            return
        self._finish_editing()
        dialog = HandOverDialog(self.vault, self.workspace.case.reference, self)
        dialog.setAttribute(_delete_on_close())
        dialog.open()

    def import_case(self) -> None:
        """File → Import a case…: a case file from another chair, opened and added."""
        from tac_desktop.gui.cases.handover import ImportCaseDialog

        if self.vault is None:
            return
        dialog = ImportCaseDialog(self.vault, self, on_imported=self._case_imported)
        dialog.setAttribute(_delete_on_close())
        dialog.open()

    def _case_imported(self, reference: str) -> None:
        if self.case_list is not None:
            self.case_list.refresh()
        self.open_case(reference)
        self._show_saved(f"Imported case {reference}.")

    def show_retention(self) -> None:
        """Case → Records due for destruction…: the retention list and its destroy action."""
        from tac_desktop.gui.cases.retention import RetentionDialog

        if self.vault is None:
            return
        self._finish_editing()
        dialog = RetentionDialog(self.vault, self, on_destroyed=self._case_destroyed)
        dialog.setAttribute(_delete_on_close())
        dialog.open()

    def _case_destroyed(self, reference: str) -> None:
        if self.workspace is not None and self.workspace.current_reference == reference:
            self.workspace.case = None
            self.workspace.current_reference = ""
        self.show_case_list()
        self._show_saved(f"Case {reference} was destroyed.")

    def _about(self) -> None:
        import sys

        from PySide6.QtWidgets import QMessageBox

        from tac_desktop.core.logs import log_dir

        vault = str(self.vault_path) if self.vault_path else "none open"
        if self.vault is not None:
            vault += f" ({self.vault.recovery_status.in_words})"
        # An installed build (PyInstaller) carries Python and its bootloader as well.
        bundled = (
            " Python (PSF licence). Packaged with PyInstaller, whose bootloader is GPL-2.0 "
            "with an exception that allows it in any program."
            if getattr(sys, "frozen", False)
            else ""
        )
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<b>{APP_NAME}</b> {__version__}<br>Chair Team Around the Child meetings and "
            f"keep each family's case.<br><br>Vault: {_html(vault)}<br>"
            f"Logs: {_html(str(log_dir()))}<br><br>Built with Qt (LGPL), PySide6 (LGPL), "
            "SQLAlchemy (MIT), Alembic (MIT), Mako (MIT), SQLCipher (BSD), argon2-cffi (MIT), "
            "cryptography (Apache-2.0/BSD), keyring (MIT), platformdirs (MIT), "
            "pydantic (MIT), holidays (MIT), xkcdpass (BSD) with the EFF long word "
            f"list (CC BY 3.0, Electronic Frontier Foundation).{bundled}",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self._finish_editing()
        self.settings.save_state("main_window/geometry", self.saveGeometry())
        if self.vault is not None:
            self.vault.close()
            self.vault = None
        self.settings.sync()
        if self.demo_folder is not None:
            import shutil

            shutil.rmtree(self.demo_folder, ignore_errors=True)
        super().closeEvent(event)


def _load_vault_libraries_and_recall_key(path: Path) -> bool:
    """Worker-thread warm-up: import the vault's libraries and configure the mappers (so
    the first open after unlock is quick), import every core service (so after unlock
    the GUI thread imports only the pages' Qt modules), then ask the keyring. No
    database, no Qt."""
    import importlib
    import pkgutil

    import tac_desktop.core.services as services
    from tac_desktop.core.vault import keyring_store, vault_id_of
    from tac_desktop.core.vault.warm import warm_up

    warm_up()
    for module in pkgutil.iter_modules(services.__path__):
        importlib.import_module(f"{services.__name__}.{module.name}")
    return keyring_store.recall(vault_id_of(path)) is not None


def _delete_on_close() -> Any:
    from PySide6.QtCore import Qt

    return Qt.WidgetAttribute.WA_DeleteOnClose


def _html(text: str) -> str:
    from html import escape

    return escape(text)


def _message_for(error: BaseException) -> str:
    from tac_desktop.core.errors import TacError

    if isinstance(error, TacError):
        return str(error)
    if isinstance(error, OSError):
        return f"TAC Desktop could not use that file: {error.strerror or error}."
    return f"Something unexpected went wrong ({type(error).__name__}). Nothing was changed."
