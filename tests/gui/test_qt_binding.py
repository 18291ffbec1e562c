"""The GUI mends the Qt binding's lost references to ``True`` (``shared/qt_binding.py``).

PySide6 6.12.0 drops one reference to ``True`` on every ``emit()`` and ``disconnect()``;
two GUI test files run together sent enough signals to abort Python at exit.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Iterator

import pytest

from PySide6.QtCore import QObject, Signal

import tac_desktop.gui  # noqa: F401  # importing the GUI applies the mend
from tac_desktop.gui.shared import qt_binding

_decref = ctypes.pythonapi.Py_DecRef
_decref.argtypes = [ctypes.py_object]
_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]


class _Sender(QObject):
    answered = Signal(bool)
    finished = Signal(object)
    pinged = Signal()


def _receiver(*_args: object) -> None:
    pass


@pytest.fixture
def taken() -> Iterator[list[int]]:
    """References the test takes from ``True`` on purpose, given back afterwards."""
    count = [0]
    yield count
    for _ in range(count[0]):
        _incref(True)


def test_many_signals_leave_true_and_false_their_references(qapp: object) -> None:
    sender = _Sender()
    sender.answered.connect(_receiver)
    sender.finished.connect(_receiver)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for n in range(1_000):
        sender.answered.emit(n % 2 == 0)
        sender.finished.emit(n % 3 == 0)
        sender.pinged.emit()
    for _ in range(200):
        sender.pinged.connect(_receiver)
        sender.pinged.disconnect(_receiver)
    after = sys.getrefcount(True), sys.getrefcount(False)
    # a binding with the defect, unmended, would lose 3,200 from True (many more abort the run)
    assert abs(after[0] - before[0]) < 200
    assert abs(after[1] - before[1]) < 200


def test_a_call_that_drops_a_reference_is_found_and_mended(taken: list[int]) -> None:
    def faulty() -> bool:  # what the binding's emit does: True handed out, not owned
        taken[0] += 1
        _decref(True)
        return True

    assert qt_binding.drops_references(faulty)
    mended = qt_binding._with_reference(lambda _self: faulty())
    assert not qt_binding.drops_references(lambda: mended(None))
    assert mended(None) is True


def test_a_sound_call_is_left_alone() -> None:
    assert not qt_binding.drops_references(lambda: True)
    assert not qt_binding.drops_references(lambda: isinstance(1, int))


def test_mending_twice_changes_nothing(qapp: object) -> None:
    from PySide6.QtCore import SignalInstance

    emit, disconnect = SignalInstance.emit, SignalInstance.disconnect
    assert qt_binding.mend_signal_references() == []
    assert (SignalInstance.emit, SignalInstance.disconnect) == (emit, disconnect)
