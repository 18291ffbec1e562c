"""Table models over plain rows from core (CONVENTIONS #7: model/view, no QTableWidget)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from tac_desktop.core.text import fold_for_search

Row = TypeVar("Row")
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the whole row object
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # a value that sorts correctly (dates, numbers)

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[Row]):
    title: str
    text: Callable[[Row], str]
    sort_key: Callable[[Row], Any] | None = None
    tooltip: Callable[[Row], str] | None = None


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """A read-only table of rows; edits go through core services, then ``set_rows``."""

    def __init__(self, columns: Sequence[Column[Row]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Row] = []
        self._sort_keys: dict[tuple[int, int], Any] = {}
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._sort_keys.clear()
        if self._sorted_by is not None:
            self._order_rows(*self._sorted_by)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Reorder the rows themselves (once, in C via list.sort), keeping selections."""
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        moved = self._order_rows(column, order)
        self.changePersistentIndexList(
            before, [self.index(moved[i.row()], i.column()) for i in before]
        )
        self.layoutChanged.emit()

    def _order_rows(self, column: int, order: Qt.SortOrder) -> dict[int, int]:
        """Sort ``rows``; returns where each old row number went. Blanks sort first."""
        self._sorted_by = (column, order)
        keys = [self.sort_key(i, column) for i in range(len(self.rows))]
        positions = sorted(
            range(len(self.rows)),
            key=lambda i: (keys[i] is not None, _comparable(keys[i])),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self.rows = [self.rows[i] for i in positions]
        self._sort_keys.clear()
        return {old: new for new, old in enumerate(positions)}

    def sort_key(self, row: int, column: int) -> Any:
        """The value a column sorts by, computed once per row (sorting asks thousands of times)."""
        key = (row, column)
        if key not in self._sort_keys:
            spec = self.columns[column]
            item = self.rows[row]
            self._sort_keys[key] = (
                spec.sort_key(item) if spec.sort_key else fold_for_search(spec.text(item))
            )
        return self._sort_keys[key]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return self.sort_key(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].title
        return None

    def row_at(self, index: AnyIndex) -> Row | None:
        return self.rows[index.row()] if index.isValid() else None


class FoldedSearchProxy(QSortFilterProxyModel):
    """Filters rows on an accent-free key, so "zoe" finds "Zoë".

    Sorting is handed to the source model, which reorders its rows once; the proxy
    itself never sorts, so a keystroke costs one pass of the filter and nothing more
    (sorting thousands of rows through Python comparisons on every keystroke did).
    """

    def __init__(self, key: Callable[[Any], str], parent: Any = None) -> None:
        super().__init__(parent)
        self._key = key
        self._needle = ""
        self._words: list[str] = []
        self._accepted: list[bool] | None = None  # per source row, for the current search

    def setSourceModel(self, model: Any) -> None:
        super().setSourceModel(model)
        model.modelAboutToBeReset.connect(self._forget_matches)
        model.layoutAboutToBeChanged.connect(self._forget_matches)
        model.rowsAboutToBeInserted.connect(self._forget_matches)
        model.rowsAboutToBeRemoved.connect(self._forget_matches)

    def _forget_matches(self, *_args: Any) -> None:
        self._accepted = None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)

    def set_search(self, text: str) -> None:
        needle = fold_for_search(text.strip())
        if needle == self._needle:
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+; invalidateFilter is deprecated
            self.beginFilterChange()
            self._needle, self._words, self._accepted = needle, needle.split(), None
            self.endFilterChange()
        else:
            self._needle, self._words, self._accepted = needle, needle.split(), None
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self._needle:
            return True
        model = self.sourceModel()
        if isinstance(model, RowTableModel):
            # Match every row in one pass the first time Qt asks, then answer from the list.
            if self._accepted is None or len(self._accepted) != len(model.rows):
                words = self._words
                self._accepted = [
                    all(word in key for word in words) for key in map(self._key, model.rows)
                ]
            return self._accepted[source_row]
        row = model.data(model.index(source_row, 0, source_parent), ROW_ROLE)
        key = self._key(row)
        return all(word in key for word in self._words)


def _comparable(value: Any) -> Any:
    """Sort values of mixed types (rare: a column of numbers and blanks) without errors."""
    return value if isinstance(value, str | int | float | date) else str(value)


def format_date(day: date | None) -> str:
    return day.strftime("%d %b %Y") if day else ""
