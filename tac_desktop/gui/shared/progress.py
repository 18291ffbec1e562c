"""Long work with a progress window (issue 22, point 6).

The slow part (rendering a PDF) runs on the background runner while the window goes on
repainting and its timers keep firing; after about half a second (``SHOW_AFTER_MS``) a
small window-modal dialog says in plain words what is being done and how far it has got,
with a Cancel button where stopping halfway loses nothing.

The work gets a ``core.progress.Progress``: it calls ``step`` as it goes; the news
reaches the dialog through a queued signal, and Cancel asks the work to stop at its next
step (it raises ``Stopped``). As everything on the background runner, the work touches no
database and no widget: gather what it needs on the GUI thread first (the services'
``prepare_*`` functions), and save what it made afterwards, back on the GUI thread.

Work that must stay on the GUI thread (a backup uses the vault's own connection) is
done in small steps there instead, passing ``LongWork.progress``: each step lets the
window repaint and Cancel be pressed.

``LongWork.run`` waits for its piece of work in a local event loop, so a caller reads
as plain steps (gather, make, save) and work made of several pieces (Send: a copy per
reader, each saved and logged on the GUI thread) shows one dialog throughout. Until the
dialog shows, the loop holds back the keyboard and mouse, so nothing can be started
twice; once it shows, it is window-modal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from tac_desktop.core.progress import Progress, Stopped
from tac_desktop.gui.shared.background import run_in_background

T = TypeVar("T")

SHOW_AFTER_MS = 500  # quicker work finishes without a dialog flashing up

__all__ = ["SHOW_AFTER_MS", "LongWork", "make_in_background"]


class _News(QObject):
    """Carries what the work says from its thread to the dialog's."""

    said = Signal(str, int, int)


class LongWork(QObject):
    """One long piece of work and its progress dialog. Use as a context manager, or
    call ``close`` when done; ``dialog`` is made at once and shown only if the work is
    still going after ``delay_ms``."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        starting: str = "Starting…",
        *,
        can_stop: bool = True,
        delay_ms: int = SHOW_AFTER_MS,
    ) -> None:
        from PySide6.QtCore import Qt

        super().__init__(parent)
        self.progress = Progress(self._heard)
        self.dialog = QProgressDialog(starting, "Cancel", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setAccessibleName(title)
        if not can_stop:
            self.dialog.setCancelButton(None)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumDuration(2**30)  # shown by our timer, never by Qt's guess
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.canceled.connect(self._cancel)
        self.dialog.hide()
        self._news = _News(self)
        self._news.said.connect(self._show_news)
        self._loop: QEventLoop | None = None
        self._whole = ""
        self._closed = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show_dialog)
        self._timer.start(delay_ms)

    # -- the work ---------------------------------------------------------------------

    def run(self, work: Callable[[Progress], T]) -> T:
        """``work(progress)`` on the background runner; its result, or its error raised
        here (``Stopped`` when Cancel was pressed). The window stays responsive."""
        self.progress.check()
        outcome: dict[str, Any] = {}
        loop = QEventLoop()

        def done(result: Any) -> None:
            outcome["result"] = result
            loop.quit()

        def failed(error: Exception) -> None:
            outcome["error"] = error
            loop.quit()

        run_in_background(self, lambda: work(self.progress), done, failed)
        self._loop = loop
        try:
            while not outcome:
                if self.dialog.isVisible():
                    loop.exec()
                else:  # quit by _show_dialog, to go on with the dialog taking input
                    loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        finally:
            self._loop = None
        if "error" in outcome:
            raise outcome["error"]
        result: T = outcome["result"]
        return result

    def step(self, what: str, done: int = 0, total: int = 0) -> None:
        """Say how far the work has got, from the GUI thread (between the pieces of
        work); raises ``Stopped`` if Cancel was pressed."""
        self.progress.step(what, done, total)

    def close(self) -> None:
        """Hide the dialog and delete it now. Not later: a caller often opens a dialog
        of its own next (the preview), whose event loop would hold a deferred deletion
        back until it closes, and meanwhile a screen reader would still list the hidden
        progress window. Nothing of the dialog's is on the stack here (``run`` has
        returned, Cancel only set a flag), so deleting it at once is safe."""
        from shiboken6 import Shiboken

        if self._closed:
            return
        self._closed = True
        self._timer.stop()
        self._news.said.disconnect(self._show_news)  # news still queued finds no dialog
        self.dialog.canceled.disconnect(self._cancel)
        self.dialog.hide()
        if Shiboken.isValid(self.dialog):
            Shiboken.delete(self.dialog)
        self.deleteLater()

    def __enter__(self) -> LongWork:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- the dialog -------------------------------------------------------------------

    def _heard(self, what: str, done: int, total: int) -> None:
        self._news.said.emit(what, done, total)  # queued when it comes from the worker
        if QThread.currentThread() is self.thread():
            # Work done in steps on the GUI thread itself (a backup, which must use the
            # vault's thread): let the window repaint, and Cancel be pressed, between.
            if self.dialog.isVisible():
                QCoreApplication.processEvents()
            else:
                QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
                if self.dialog.isVisible():  # shown just now: painted before work goes on
                    QCoreApplication.processEvents(
                        QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents
                    )

    @Slot(str, int, int)
    def _show_news(self, what: str, done: int, total: int) -> None:
        if self.progress.cancelled:
            return
        if total > 0:  # a step of the whole (a copy of several): the first line
            self.dialog.setRange(0, total)
            self.dialog.setValue(min(done, total))
            self._whole = f"{what} ({done} of {total} done)"
            self.dialog.setLabelText(self._whole)
        else:  # a step within it (a page), under the first line
            self.dialog.setLabelText(f"{self._whole}\n{what}" if self._whole else what)

    def _show_dialog(self) -> None:
        self.dialog.show()
        if self._loop is not None:
            self._loop.quit()

    def _cancel(self) -> None:
        self.progress.cancel()
        self.dialog.setLabelText("Stopping…")


def make_in_background(
    parent: QWidget | None, title: str, work: Callable[[Progress], T], starting: str = "Starting…"
) -> T | None:
    """``work(progress)`` with a progress dialog; None when Cancel was pressed (nothing
    was made, so nothing is lost). A ``TacError`` from the work is raised here."""
    with LongWork(parent, title, starting) as long_work:
        try:
            made = long_work.run(work)
        except Stopped:
            return None
        # Cancel pressed after the last step: the chair asked for nothing, so show nothing.
        return None if long_work.progress.cancelled else made
