"""Mends for a measured defect of the Qt binding, applied when the GUI is first imported.

PySide6 6.12.0 returns ``True`` from ``SignalInstance.emit()`` and ``.disconnect()``
without the reference a caller owns and later drops. Each signal sent from Python took
one reference from ``True``; once they outnumber the real ones (tens of thousands of
signals: a long meeting with autosave, a test run) Python aborts ("bool_dealloc:
deallocating True or False") and whatever was not yet saved is lost.

The defect is measured, not read off the version number: a private signal is sent and
disconnected a few times and the references to ``True`` are counted. Only a binding seen
to drop them is mended, by adding the missing reference after each call. An extra
reference to ``True`` or ``False`` costs nothing (they are never freed), so the mend is
safe even if a later call returned a reference of its own.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_TRIES = 16

_add_reference = ctypes.pythonapi.Py_IncRef
_add_reference.argtypes = [ctypes.py_object]
_add_reference.restype = None


class _Probe(QObject):
    pinged = Signal()


def _ignore() -> None:
    """The receiver of the probe's signal."""


def drops_references(call: Callable[[], object]) -> bool:
    """Whether ``call`` leaves ``True`` with fewer references each time it is made (its
    result dropped at once, as a caller that ignores it does)."""
    before = sys.getrefcount(True)
    for _ in range(_TRIES):
        call()
    return before - sys.getrefcount(True) >= _TRIES // 2


def _with_reference(method: Callable[..., Any]) -> Callable[..., Any]:
    # (not functools.wraps: reading a PySide method's __doc__ builds Qt's whole namespace,
    # ~30 ms before the first window)
    def call(self: SignalInstance, *args: Any, **kwargs: Any) -> Any:
        result = method(self, *args, **kwargs)
        if result is True or result is False:
            _add_reference(result)
        return result

    call.__name__, call.__qualname__ = method.__name__, method.__qualname__
    call.__tac_mended__ = True  # type: ignore[attr-defined]
    return call


def _probe_emit(probe: _Probe) -> Callable[[], object]:
    return lambda: probe.pinged.emit()


def _probe_disconnect(probe: _Probe) -> Callable[[], object]:
    def connect_and_disconnect() -> object:
        probe.pinged.connect(_ignore)
        return probe.pinged.disconnect(_ignore)

    return connect_and_disconnect


def mend_signal_references() -> list[str]:
    """Mend ``SignalInstance.emit`` and ``.disconnect`` where the binding drops a
    reference to ``True``; the names of the methods mended (none on a sound binding).
    Safe to call more than once."""
    mended = []
    probe = _Probe()
    for name, probe_call in (("emit", _probe_emit), ("disconnect", _probe_disconnect)):
        method = getattr(SignalInstance, name)
        if getattr(method, "__tac_mended__", False):
            continue
        if drops_references(probe_call(probe)):
            setattr(SignalInstance, name, _with_reference(method))
            mended.append(name)
    probe.deleteLater()
    return mended
