"""The one way to run slow work off the GUI thread.

Only work that touches no database goes here (the argon2id key derivation): the vault
is used from the GUI thread alone, so SQLite never sees two threads. The result or the
error comes back to the GUI thread through a queued signal; the worker never touches a
widget.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


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


_alive: set[_Signals] = set()


def run_in_background(
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
) -> None:
    signals = _Signals()
    _alive.add(signals)  # keep the QObject alive until its signal has been delivered

    def finish(result: Any) -> None:
        _alive.discard(signals)
        on_done(result)

    def fail(error: Any) -> None:
        _alive.discard(signals)
        on_error(error)

    signals.done.connect(finish)
    signals.failed.connect(fail)
    QThreadPool.globalInstance().start(_Job(work, signals))
