"""Long work that says how far it has got and can be stopped (no Qt).

Work that may take more than a moment (a document, Send to many readers) takes a
``Progress``: it calls ``step`` as it goes (what it is doing, how many of how many),
and ``step`` raises ``Stopped`` once someone has asked it to stop. Work only checks at
points where stopping loses nothing (between pages of a document that is not yet
saved, between recipients), so what is done stays done and nothing is left half made.

``step`` and ``cancel`` may be called from different threads: the window asks, the
worker stops at its next step. ``report`` is called on the worker's thread; the window
passes one that hands the news over to its own thread (``gui/shared/progress.py``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from tac_desktop.core.errors import TacError

__all__ = ["Progress", "Stopped"]


class Stopped(TacError):
    """The work was stopped on request; what it had finished is kept, nothing else."""

    def __init__(self, message: str = "Stopped before it was finished. Nothing was saved.") -> None:
        super().__init__(message)


class Progress:
    """How far some work has got, and whether it has been asked to stop.

    ``report(what, done, total)``: ``what`` in plain words ("Laying out page 3"),
    ``done`` of ``total`` (``total`` 0 when not known in advance)."""

    def __init__(self, report: Callable[[str, int, int], None] | None = None) -> None:
        self._report = report
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    def check(self) -> None:
        """Raise ``Stopped`` if someone asked to stop."""
        if self._stop.is_set():
            raise Stopped()

    def tell(self, what: str, done: int = 0, total: int = 0) -> None:
        """Say how far the work has got where it must not stop (a step that cannot be
        undone halfway): never raises."""
        if self._report is not None:
            self._report(what, done, total)

    def step(self, what: str, done: int = 0, total: int = 0) -> None:
        """Say how far the work has got; raise ``Stopped`` if asked to stop."""
        self.check()
        if self._report is not None:
            self._report(what, done, total)
