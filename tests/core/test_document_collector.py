"""A document is made with Python's cycle collector held off, and it is on again after:
whatever happens, and however many documents are made at once (house._collector_held_off).

Made up text only."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from datetime import date

import pytest
from reportlab.platypus import Flowable

from tac_desktop.core.documents import house
from tac_desktop.core.errors import InvalidInput


class _Watching(house.HouseRenderer):
    """A short document that notes whether the collector is on while it is drawn."""

    def __init__(
        self, seen: list[bool], *, fail: bool = False, wait: threading.Event | None = None
    ) -> None:
        super().__init__("Minutes", "TAC-2026-0001", date(2026, 12, 6))
        self.seen, self.fail, self.wait = seen, fail, wait

    def story(self) -> list[Flowable]:
        renderer = self

        class Note(Flowable):  # type: ignore[misc]  # reportlab has no types
            def wrap(self, width: float, height: float) -> tuple[float, float]:
                renderer.seen.append(gc.isenabled())
                if renderer.wait is not None:
                    renderer.wait.wait(5)
                return (width, height * 2) if renderer.fail else (width, 20)  # too tall: fails

            def draw(self) -> None:
                renderer.seen.append(gc.isenabled())

        return [house.para("Notes of the meeting, with ليلى حداد & <b>", self.styles.body), Note()]


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_off_while_a_document_is_made_and_on_after(collector_on: None) -> None:
    seen: list[bool] = []
    pdf = _Watching(seen).render()
    assert pdf.startswith(b"%PDF-")
    assert seen and not any(seen)
    assert gc.isenabled()


def test_a_document_that_fails_still_turns_it_on_again(collector_on: None) -> None:
    seen: list[bool] = []
    with pytest.raises(InvalidInput, match="too long to fit on a page"):
        _Watching(seen, fail=True).render()
    assert seen and not any(seen)
    assert gc.isenabled()


def test_two_documents_at_once_turn_it_on_when_both_are_done(collector_on: None) -> None:
    first_waits, seen_first, seen_second = threading.Event(), [], []
    first = threading.Thread(target=lambda: _Watching(seen_first, wait=first_waits).render())
    first.start()
    try:
        _Watching(seen_second).render()  # made while the first one is still being made
        assert not gc.isenabled()
    finally:
        first_waits.set()
        first.join(10)
    assert not any(seen_first) and not any(seen_second)
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        _Watching([]).render()
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()
