"""The case list on screen, in a process of its own: peak memory and filtering time.

Started by ``benchmarks/run.py`` (never imported by it), one fresh process per figure,
so the peak RSS it reports belongs to this window alone:

    python benchmarks/qt_child.py list   # the 5,000-case vault's list in a QTableView
    python benchmarks/qt_child.py bare   # the same view over an empty model (baseline)
    python benchmarks/qt_child.py app    # the program's own case list page (optional)

The request comes as one JSON object on stdin (``vault``, ``key`` as hex, ``words``,
``reps``) so the data key never appears on a command line; the figures go back as one
JSON object on the last line of stdout. Needs ``QT_QPA_PLATFORM=offscreen`` without a
screen (``run.py`` sets it).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QElapsedTimer,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QApplication, QTableView

SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1
HEADERS = ("Reference", "Subject", "Age", "Lead professional", "Status")
AnyIndex = QModelIndex | QPersistentModelIndex


class CaseTableModel(QAbstractTableModel):
    """A plain table model over the rows ``list_cases`` returns (a list of CaseRow)."""

    def __init__(self, rows: Sequence[Any]) -> None:
        super().__init__()
        self._rows = rows

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == 0:
                return row.reference
            if column == 1:
                return row.subject
            if column == 2:
                return "" if row.age is None else str(row.age)
            if column == 3:
                return row.lead_professional
            return row.status.value
        if role == SEARCH_ROLE:
            return row.search_key
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None


class FoldedSearchProxy(QSortFilterProxyModel):
    """Keeps the rows whose folded search key contains the folded query (Python test)."""

    def __init__(self, keys: Sequence[str], fold: Callable[[str], str]) -> None:
        super().__init__()
        self._keys = keys
        self._fold = fold
        self._query = ""

    def set_query(self, text: str) -> None:
        if hasattr(self, "endFilterChange"):  # Qt 6.10+
            self.beginFilterChange()
            self._query = self._fold(text)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._query = self._fold(text)
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        return self._query in self._keys[source_row]


def peak_rss_bytes() -> int:
    """This process's peak resident memory, in bytes.

    On Linux, ``ru_maxrss`` keeps the parent's peak across fork + exec (Python starts
    children with vfork), so a child of a 400 MB parent reports at least 400 MB. The
    kernel's high-water mark of the current address space, VmHWM, starts afresh at exec.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024  # kB
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # bytes on macOS, KiB elsewhere


def settle(app: QApplication, milliseconds: int = 200) -> None:
    """Let the window be exposed and painted."""
    clock = QElapsedTimer()
    clock.start()
    while clock.elapsed() < milliseconds:
        app.processEvents()
        time.sleep(0.005)


def time_typing(
    app: QApplication, words: Sequence[str], reps: int, apply: Callable[[str], None]
) -> list[float]:
    """Type each word letter by letter; seconds per keystroke, filter plus repaint."""
    times = []
    for _ in range(reps):
        for word in words:
            apply("")
            app.processEvents()
            for length in range(1, len(word) + 1):
                start = time.perf_counter()
                apply(word[:length])
                app.processEvents()
                times.append(time.perf_counter() - start)
    apply("")
    return times


def open_vault(request: dict[str, Any]) -> Any:
    from tac_desktop.core.vault import Vault

    return Vault.open(request["vault"], data_key=bytes.fromhex(request["key"]))


def simple_list(app: QApplication, request: dict[str, Any], rows: Sequence[Any]) -> dict[str, Any]:
    """The brief's window: a QTableView over a plain table model; then two proxies."""
    from tac_desktop.core.text import fold_for_search

    model = CaseTableModel(rows)
    view = QTableView()
    view.setModel(model)
    view.resize(1100, 750)
    view.show()
    settle(app)
    result: dict[str, Any] = {"rows": model.rowCount(), "peak_rss": peak_rss_bytes()}
    words, reps = request.get("words", []), request.get("reps", 0)
    if rows and reps:
        by_role = QSortFilterProxyModel()
        by_role.setSourceModel(model)
        by_role.setFilterRole(SEARCH_ROLE)
        by_role.setFilterKeyColumn(0)
        by_role.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseSensitive)  # keys are folded
        view.setModel(by_role)
        result["proxy_role"] = time_typing(
            app, words, reps, lambda text: by_role.setFilterFixedString(fold_for_search(text))
        )
        custom = FoldedSearchProxy([row.search_key for row in rows], fold_for_search)
        custom.setSourceModel(model)
        view.setModel(custom)
        result["proxy_custom"] = time_typing(app, words, reps, custom.set_query)
    view.close()
    return result


def app_list(app: QApplication, request: dict[str, Any], vault: Any) -> dict[str, Any]:
    """The program's own case list page (tac_desktop.gui.cases.case_list), typed into for real."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QLineEdit

    from tac_desktop.gui.cases.case_list import CaseListPage

    page = CaseListPage(vault)
    page.resize(1100, 750)
    page.show()
    settle(app)
    result: dict[str, Any] = {"peak_rss": peak_rss_bytes()}
    search = page.findChild(QLineEdit)
    if search is None:
        raise RuntimeError("the case list page has no search box")

    def type_into(text: str) -> None:
        if text and search.text() == text[:-1]:
            QTest.keyClick(search, text[-1])  # one real key press, as a user types
        else:
            search.setText(text)

    result["app_page"] = time_typing(app, request["words"], request["reps"], type_into)
    page.close()
    return result


def my_actions_page(app: QApplication, request: dict[str, Any], vault: Any) -> dict[str, Any]:
    """The program's My actions page: refresh (query + model + first rows) to painted."""
    from tac_desktop.gui.actions.my_actions import MyActionsPage

    page = MyActionsPage(vault)
    page.resize(1100, 750)
    page.show()
    settle(app)
    times = []
    for _ in range(request["reps"]):
        start = time.perf_counter()
        page.refresh()
        app.processEvents()
        times.append(time.perf_counter() - start)
    result = {"mine": times, "rows": page.model.rowCount()}
    page.close()
    return result


def main(mode: str) -> int:
    request = json.loads(sys.stdin.read() or "{}")
    app = QApplication([sys.argv[0]])
    if mode == "bare":
        result = simple_list(app, request, [])
    elif mode in ("list", "app", "mine"):
        from tac_desktop.core.services.cases import list_cases

        vault = open_vault(request)
        try:
            if mode == "list":
                result = simple_list(app, request, list_cases(vault))
            elif mode == "mine":
                result = my_actions_page(app, request, vault)
            else:
                result = app_list(app, request, vault)
        finally:
            vault.close()
    else:
        raise SystemExit(f"unknown mode {mode!r}: use 'list', 'app', 'mine' or 'bare'")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "bare"))
