"""Start the window: the application object, the style, demo mode."""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from tac_desktop import APP_NAME, __version__
from tac_desktop.core.logs import log_unexpected, setup_logging
from tac_desktop.core.resources import resource
from tac_desktop.gui.shared.settings import Settings
from tac_desktop.gui.shell.main_window import MainWindow

# For benchmarks and smoke checks: quit as soon as the first window has been shown.
EXIT_WHEN_SHOWN_ENV = "TAC_EXIT_WHEN_SHOWN"

STYLE = """
QFrame#card { background: palette(base); border: 1px solid palette(mid); border-radius: 8px; }
QLabel#error { color: #9b1c1c; }
QLabel#warning { background: #fff4d6; color: #4a3500; border: 1px solid #e8c66a;
                 border-radius: 4px; padding: 6px; }
QLabel#banner { background: #e7f0fb; color: #123a63; padding: 6px; }
"""


def create_application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("TAC Desktop")
    app.setStyleSheet(STYLE)
    app.setWindowIcon(QIcon(str(resource("icons", "tac-desktop.svg"))))
    return app


def _install_error_handler() -> None:
    """An unexpected error shows a calm message (and goes to the log), never a traceback."""
    log = logging.getLogger("tac_desktop.gui")

    def handle(
        kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        log_unexpected(log, error, "the window")
        from tac_desktop.core.errors import TacError

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


def run_gui(vault_path: Path | None = None, demo: bool = False) -> int:
    app = create_application()
    _install_error_handler()
    settings = Settings()
    demo_folder = Path(tempfile.mkdtemp(prefix="tac-demo-")) if demo else None
    window = MainWindow(settings, demo_folder)
    window.show()
    QTimer.singleShot(0, setup_logging)  # once the window is up; nothing logs before
    if os.environ.get(EXIT_WHEN_SHOWN_ENV):
        QTimer.singleShot(0, app.quit)  # queued first, so it runs before any deferred work
    if demo_folder is not None:
        QTimer.singleShot(0, lambda: open_demo(window, demo_folder))
    else:
        window.start(vault_path)
    return app.exec()


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
