"""The one way to run slow work off the GUI thread.

Only work that touches no database goes here (the argon2id key derivation): the vault
is used from the GUI thread alone, so SQLite never sees two threads. The result or the
error comes back to the GUI thread through a queued signal; the worker never touches a
widget.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self._work = work
        self.signals = signals

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # handed to the GUI thread, shown as a message there
            self.signals.failed.emit(error)
        else:
            self.signals.done.emit(result)


class _Receiver(QObject):
    """Lives on the GUI thread as a child of the caller: if the caller is gone by the time
    the work finishes, Qt drops the delivery instead of calling into a deleted widget."""

    def __init__(
        self, owner: QObject, on_done: Callable[[Any], None], on_error: Callable[[Exception], None]
    ) -> None:
        super().__init__(owner)
        self._on_done = on_done
        self._on_error = on_error

    @Slot(object)
    def done(self, result: Any) -> None:
        self.deleteLater()
        self._on_done(result)

    @Slot(object)
    def failed(self, error: Any) -> None:
        self.deleteLater()
        self._on_error(error)


def run_in_background(
    owner: QObject,
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
) -> None:
    """Run ``work`` on a pool thread; deliver its result or error to ``owner``'s thread."""
    receiver = _Receiver(owner, on_done, on_error)
    signals = _Signals(receiver)
    signals.done.connect(receiver.done)
    signals.failed.connect(receiver.failed)
    QThreadPool.globalInstance().start(_Job(work, signals))
