"""The case list: every case in the vault, instant accent-free search, open with Enter."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.services import cases
from tac_desktop.core.services.cases import CaseDraft, CaseRow
from tac_desktop.core.vault import Vault
from tac_desktop.gui.cases.dialogs import NewCaseDialog
from tac_desktop.gui.shared.item_models import Column, FoldedSearchProxy, RowTableModel, format_date

CASE_COLUMNS: list[Column[CaseRow]] = [
    Column("Reference", lambda r: r.reference),
    Column("About", lambda r: r.subject),
    Column("Age", lambda r: "" if r.age is None else str(r.age), lambda r: r.age),
    Column("Lead professional", lambda r: r.lead_professional),
    Column("Next meeting", lambda r: format_date(r.next_meeting), lambda r: r.next_meeting),
    Column("Open tasks", lambda r: str(r.open_tasks), lambda r: r.open_tasks),
    Column("Status", lambda r: r.status.value.capitalize()),
]


class _CaseTable(QTableView):
    activated_row = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class CaseListPage(QWidget):
    open_requested = Signal(str)  # case reference

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.model: RowTableModel[CaseRow] = RowTableModel(CASE_COLUMNS, self)
        self.proxy = FoldedSearchProxy(lambda row: row.search_key, self)
        self.proxy.setSourceModel(self.model)

        title = QLabel("Cases")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        title.setFont(font)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find by reference or any family member's name")
        self.search.setAccessibleName("Find a case")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self._open_first_match)
        new_button = QPushButton("&New case…")
        new_button.clicked.connect(self.new_case)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(self.search, 1)
        top.addWidget(new_button)

        self.table = _CaseTable()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Cases")
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        # Columns are sized once per refresh, not on every keystroke: ResizeToContents
        # would re-measure up to a thousand rows each time the filter changes.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setResizeContentsPrecision(200)
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated_row.connect(self._open_index)
        self.count_label = QLabel()
        self.count_label.setAccessibleDescription("Number of cases shown")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self.setTabOrder(self.search, self.table)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(cases.list_cases(self.vault))
        self.table.resizeColumnsToContents()
        self._update_count()

    def has_case(self, reference: str) -> bool:
        return any(row.reference == reference for row in self.model.rows)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        if self.proxy.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if total == 0:
            self.count_label.setText("No cases yet. Choose New case to add the first one.")
        elif shown == total:
            self.count_label.setText(f"{total} case{'s' if total != 1 else ''}")
        else:
            self.count_label.setText(f"{shown} of {total} cases match")

    def _open_index(self, index: QModelIndex) -> None:
        row = self.model.row_at(self.proxy.mapToSource(index))
        if row is not None:
            self.open_requested.emit(row.reference)

    def _open_first_match(self) -> None:
        if self.proxy.rowCount():
            index = self.table.currentIndex()
            self._open_index(index if index.isValid() else self.proxy.index(0, 0))

    def new_case(self) -> None:
        created: list[str] = []

        def save(draft: CaseDraft) -> None:
            cases.create_case(self.vault, draft)
            created.append(draft.reference.strip())

        dialog = NewCaseDialog(save, self)
        if dialog.exec() and created:
            self.refresh()
            self.open_requested.emit(created[0])
