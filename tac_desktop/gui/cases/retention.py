"""Records kept only as long as the rules allow: every case with its retention date, the
closed ones past it first, and destroying one (with a reason, after a confirmation)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.errors import TacError
from tac_desktop.core.services import retention
from tac_desktop.core.services.retention import CaseRetention
from tac_desktop.core.vault import Vault
from tac_desktop.gui.shared.dialogs import error_style
from tac_desktop.gui.shared.progress import LongWork

_HEADERS = ("Case", "State", "Kept until", "Rule")
_Index = QModelIndex | QPersistentModelIndex


def _state(case: CaseRetention) -> str:
    if case.due:
        return "Due for destruction"
    return "Kept" if case.keep_until else "Open"


class RetentionModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cases: list[CaseRetention] = []

    def reset(self, cases: list[CaseRetention]) -> None:
        self.beginResetModel()
        self.cases = cases
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.cases)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Any, role: int = 0) -> Any:
        from PySide6.QtCore import Qt

        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section]
        return None

    def data(self, index: _Index, role: int = 0) -> Any:
        from PySide6.QtCore import Qt

        if not index.isValid():
            return None
        case = self.cases[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                case.reference,
                _state(case),
                case.keep_until.strftime("%d %b %Y") if case.keep_until else "",
                case.rule,
            )[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return case
        return None


class _DueOnly(QSortFilterProxyModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.due_only = True

    def set_due_only(self, due_only: bool) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+; invalidateFilter is deprecated
            self.beginFilterChange()
            self.due_only = due_only
            self.endFilterChange()
        else:
            self.due_only = due_only
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: _Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, RetentionModel)
        return not self.due_only or model.cases[row].due


def _ask(parent: QWidget, reference: str) -> bool:
    answer = QMessageBox.question(
        parent,
        "Destroy the case",
        f"Destroy case {reference} and every record of it in this vault? This cannot be "
        "undone. Backups made before keep it until they are destroyed.",
    )
    return answer == QMessageBox.StandardButton.Yes


class RetentionDialog(QDialog):
    def __init__(
        self,
        vault: Vault,
        parent: QWidget | None = None,
        *,
        confirm: Callable[[QWidget, str], bool] = _ask,
        on_destroyed: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Records due for destruction")
        self.resize(720, 420)
        self._vault = vault
        self._confirm = confirm
        self._on_destroyed = on_destroyed
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Each closed case is kept until the later of the service's dates (its policy "
            "file sets them; by default six years after closure, or the youngest child's "
            "25th birthday). A case past its date can be destroyed: every record of it goes."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.due_only = QCheckBox("Only the cases due for destruction")
        self.due_only.setChecked(True)
        self.due_only.toggled.connect(self._filter)
        layout.addWidget(self.due_only)
        self.model = RetentionModel(self)
        self.proxy = _DueOnly(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Closed cases and when their records are due")
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table, 1)
        self.backups = QLabel()
        self.backups.setWordWrap(True)
        layout.addWidget(self.backups)
        row = QHBoxLayout()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Why it is destroyed (kept in the audit log; no names)")
        self.reason.setAccessibleName("Why the case is destroyed")
        row.addWidget(self.reason, 1)
        self.destroy_button = QPushButton("Destroy the case…")
        self.destroy_button.clicked.connect(lambda _checked=False: self.destroy_selected())
        row.addWidget(self.destroy_button)
        layout.addLayout(row)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.error = QLabel()
        self.error.setWordWrap(True)
        error_style(self.error)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self.refresh()

    def refresh(self) -> None:
        cases = retention.retention_list(self._vault)
        self.model.reset(cases)
        backups = retention.earlier_backups(self._vault) if any(c.due for c in cases) else []
        self.backups.setText(
            "Backups of this vault hold these cases too, until they are destroyed: "
            + "; ".join(backups)
            if backups
            else ""
        )
        self.backups.setVisible(bool(backups))
        self._update()

    def _filter(self, due_only: bool) -> None:
        self.proxy.set_due_only(due_only)
        self._update()

    def selected(self) -> CaseRetention | None:
        from PySide6.QtCore import Qt

        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        case = rows[0].data(Qt.ItemDataRole.UserRole)
        return case if isinstance(case, CaseRetention) else None

    def _update(self) -> None:
        case = self.selected()
        self.destroy_button.setEnabled(case is not None and case.due)

    def destroy_selected(self) -> None:
        self.error.hide()
        case = self.selected()
        if case is None or not case.due:
            return
        if not self.reason.text().strip():
            self._show_error("Give the reason the case is destroyed first.")
            return
        if not self._confirm(self, case.reference):
            return
        try:
            # On the vault's thread, in two steps that cannot stop halfway (no Cancel);
            # between them the window repaints, and after half a second a dialog says
            # which step it is on (clearing the freed space takes longest).
            with LongWork(
                self, "Destroy a case", f"Destroying case {case.reference}…", can_stop=False
            ) as work:
                done = retention.destroy_case(
                    self._vault, case.reference, self.reason.text(), progress=work.progress
                )
        except TacError as error:
            self._show_error(str(error))
            return
        text = (
            f"Case {done.reference} was destroyed: {done.rows} records removed and the freed "
            "space cleared. The audit log keeps its reference, today's date and your name."
        )
        if done.backups:
            text += " Backups made before still hold it: " + "; ".join(done.backups) + "."
        self.message.setText(text)
        self.reason.clear()
        self.refresh()
        if self._on_destroyed is not None:
            self._on_destroyed(done.reference)

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
