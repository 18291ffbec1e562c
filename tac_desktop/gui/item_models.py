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

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._sort_keys.clear()
        self.endResetModel()

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
    """Filters rows on an accent-free key, so "zoe" finds "Zoë"; sorts by SORT_ROLE."""

    def __init__(self, key: Callable[[Any], str], parent: Any = None) -> None:
        super().__init__(parent)
        self._key = key
        self._needle = ""
        self._words: list[str] = []
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_search(self, text: str) -> None:
        needle = fold_for_search(text.strip())
        if needle == self._needle:
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+; invalidateFilter is deprecated
            self.beginFilterChange()
            self._needle, self._words = needle, needle.split()
            self.endFilterChange()
        else:
            self._needle, self._words = needle, needle.split()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self._needle:
            return True
        model = self.sourceModel()
        row = model.data(model.index(source_row, 0, source_parent), ROW_ROLE)
        return all(word in self._key(row) for word in self._needle.split())

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        a = left.data(SORT_ROLE)
        b = right.data(SORT_ROLE)
        if a is None or b is None:
            return a is None and b is not None  # blanks first, then values
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)


def format_date(day: date | None) -> str:
    return day.strftime("%d %b %Y") if day else ""
