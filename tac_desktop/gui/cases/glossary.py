"""The glossary on screen: the list of terms to read, find, add, change and remove.

What a term means is core's (``tac_desktop.core.services.glossary``); the marking of
acronyms in meeting notes is ``gui/shared/acronyms.py``.
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.errors import TacError
from tac_desktop.core.services import glossary
from tac_desktop.core.services.glossary import TermView
from tac_desktop.core.vault import Vault
from tac_desktop.gui.shared.acronyms import TermDialog
from tac_desktop.gui.shared.dialogs import error_style
from tac_desktop.gui.shared.item_models import Column, RowTableModel


def _sector_text(term: TermView) -> str:
    return "\n".join(f"{sector.label}: {text}" for sector, text in term.by_sector.items())


TERM_COLUMNS: list[Column[TermView]] = [
    Column("Term", lambda t: t.term),
    Column("What it means", lambda t: t.meaning),
    Column("Where an agency means something else", _sector_text),
]


class GlossaryDialog(QDialog):
    """Every term the vault knows: find, add, change, remove."""

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.changed = False
        self.setWindowTitle("Glossary of terms and abbreviations")
        intro = QLabel(
            "Agencies use the same letters for different things. Terms here are explained at "
            "the end of the minutes whenever they are used."
        )
        intro.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find a term or a word in its meaning")
        self.search.setAccessibleName("Find a term")
        self.search.setClearButtonEnabled(True)
        self.model: RowTableModel[TermView] = RowTableModel(TERM_COLUMNS, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Terms")
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.edit())
        add = QPushButton("&Add…")
        add.clicked.connect(self.add)
        self.edit_button = QPushButton("&Change…")
        self.edit_button.clicked.connect(self.edit)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.clicked.connect(self.remove)
        buttons = QHBoxLayout()
        for button in (add, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        self.error = QLabel()
        self.error.setWordWrap(True)
        error_style(self.error)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        find_row = QHBoxLayout()
        find_label = QLabel("&Find:")
        find_label.setBuddy(self.search)
        find_row.addWidget(find_label)
        find_row.addWidget(self.search, 1)
        layout.addLayout(find_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(close)
        self.resize(820, 560)
        self.reload()
        self.search.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        """Opens on the search box (showing a dialog would otherwise focus a button)."""
        super().showEvent(event)
        self.search.setFocus()

    def reload(self, chosen: str = "") -> None:
        try:
            rows = glossary.terms(self.vault)
        except TacError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        self.model.set_rows(rows)
        number = next((n for n, t in enumerate(rows) if t.term == chosen), 0)
        if rows:
            self.table.setCurrentIndex(self.proxy.mapFromSource(self.model.index(number, 0)))

    def current(self) -> TermView | None:
        return self.model.row_at(self.proxy.mapToSource(self.table.currentIndex()))

    def add(self) -> None:
        dialog = TermDialog(self.vault, None, "", self)
        if dialog.exec():
            self.changed = True
            self.reload(dialog.term.text().strip().upper())

    def edit(self) -> None:
        term = self.current()
        if term is not None and TermDialog(self.vault, term, "", self).exec():
            self.changed = True
            self.reload(term.term)

    def remove(self) -> None:
        term = self.current()
        if term is None:
            return
        answer = QMessageBox.question(
            self,
            "Remove a term",
            f"Remove {term.term} from the glossary? Minutes made from now on will not explain it.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            glossary.remove_term(self.vault, term.id)
        except TacError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        self.changed = True
        self.reload()
