"""Start the window: the application object, the style, demo mode.

The first window is shown before anything it does not show is built or imported: the
log file, the window icon (an SVG, read through Qt's SVG plug-in) and the menus' items
follow its first paint, and the vault's libraries load on a worker thread after that
(``MainWindow.show_unlock``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from tac_desktop import APP_NAME, __version__
from tac_desktop.gui.shared.palette import apply_palette_choice
from tac_desktop.gui.shared.settings import Settings
from tac_desktop.gui.shell.main_window import AFTER_FIRST_PAINT_MS, MainWindow

if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import TracebackType

# For benchmarks and smoke checks: quit as soon as the first window has been shown.
EXIT_WHEN_SHOWN_ENV = "TAC_EXIT_WHEN_SHOWN"


def create_application(qt_arguments: Sequence[str] = ()) -> QApplication:
    """The application; ``qt_arguments`` are Qt's own options (``-style fusion``...)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication([*sys.argv[:1], *qt_arguments])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("TAC Desktop")
    apply_palette_choice(app)  # TAC_PALETTE=dark; colours checked against the palette
    return app


def set_window_icon(app: QApplication) -> None:
    """The icon is an SVG: reading it loads Qt's SVG plug-in, so it comes after the first
    window (which takes it up then, as every window without an icon of its own does)."""
    from PySide6.QtGui import QIcon

    from tac_desktop.core.resources import resource

    app.setWindowIcon(QIcon(str(resource("icons", "tac-desktop.svg"))))


def _install_error_handler() -> None:
    """An unexpected error shows a calm message (and goes to the log), never a traceback."""

    def handle(
        kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        import logging

        from PySide6.QtWidgets import QMessageBox

        from tac_desktop.core.errors import TacError
        from tac_desktop.core.logs import log_unexpected

        log_unexpected(logging.getLogger("tac_desktop.gui"), error, "the window")
        text = (
            str(error)
            if isinstance(error, TacError)
            else (
                "Something went wrong that TAC Desktop did not expect. Everything saved before "
                "this moment is safe in the vault. If it happens again, tell your IT team; the "
                "details are in the log file."
            )
        )
        QMessageBox.warning(QApplication.activeWindow(), APP_NAME, text)

    sys.excepthook = handle


def run_gui(
    vault_path: Path | None = None, demo: bool = False, qt_arguments: Sequence[str] = ()
) -> int:
    app = create_application(qt_arguments)
    _install_error_handler()
    settings = Settings()
    demo_folder = None
    if demo:
        import tempfile

        demo_folder = Path(tempfile.mkdtemp(prefix="tac-demo-"))
    window = MainWindow(settings, demo_folder)
    window.show()
    if os.environ.get(EXIT_WHEN_SHOWN_ENV):
        # Queued first: quitting closes the window, and the steps queued below then see
        # it closed and do nothing, as a bare window that quits once shown does nothing.
        QTimer.singleShot(0, app.quit)
    # In demo mode at once, so the log is there before the demo is made.
    QTimer.singleShot(
        0 if demo_folder is not None else AFTER_FIRST_PAINT_MS, lambda: _once_shown(app, window)
    )
    if demo_folder is not None:
        QTimer.singleShot(0, lambda: open_demo(window, demo_folder))
    else:
        window.start(vault_path)
    return app.exec()


def _once_shown(app: QApplication, window: MainWindow) -> None:
    """What the first window does not show, once it is up: the window icon, the log file
    (nothing logs before; ``logging.handlers`` alone costs ~10 ms)."""
    if not window.isVisible():
        return  # closed already (TAC_EXIT_WHEN_SHOWN): the program is ending
    from tac_desktop.core.logs import setup_logging

    setup_logging()
    set_window_icon(app)


def open_demo(window: MainWindow, folder: Path) -> None:
    """A throwaway vault of invented families, deleted when the window closes."""
    from tac_desktop.core.demo import DEMO_PASSPHRASE, create_demo_vault

    if not window.isVisible() or not folder.is_dir():
        # Closed before this queued step ran (quit, or TAC_EXIT_WHEN_SHOWN): closing
        # deleted the folder, and a demo made now would be left behind on the disk.
        return
    window.statusBar().showMessage("Preparing the demo families…")
    vault = create_demo_vault(folder / "Demo.tacvault")
    window.statusBar().clearMessage()
    window.show_demo_banner(
        f"Demo vault: invented families only, deleted when you close the program. "
        f"Its passphrase (after Lock) is: {DEMO_PASSPHRASE}"
    )
    window.use_vault(vault, remember=False)
