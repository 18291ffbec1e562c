"""The glossary on screen: the list of terms to read and edit, and the quiet marking of
acronyms in meeting notes that a reader could not look up.

What counts as an acronym, and what is explained, is core's
(``tac_desktop.core.practice.glossary``); this module only shows it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.errors import TacError
from tac_desktop.core.models import Sector
from tac_desktop.core.practice import glossary as rules
from tac_desktop.core.services import glossary
from tac_desktop.core.services.glossary import TermView
from tac_desktop.core.vault import Vault
from tac_desktop.gui.dialogs import SavingDialog, error_style
from tac_desktop.gui.item_models import Column, RowTableModel

MARK_COLOUR = "#b35c00"  # a dotted underline in amber: noticeable, not alarming


class AcronymHighlighter(QSyntaxHighlighter):
    """A dotted underline under acronyms not in the glossary and not explained in the
    same paragraph. Paragraph by paragraph, so typing stays fast in long notes."""

    def __init__(self, document: QTextDocument, known: Callable[[], set[str]]) -> None:
        super().__init__(document)
        self._known = known
        self._format = QTextCharFormat()
        self._format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        self._format.setUnderlineColor(QColor(MARK_COLOUR))

    def highlightBlock(self, text: str) -> None:
        for found in rules.unexplained(text, self._known()):
            self.setFormat(found.start, found.end - found.start, self._format)


def term_at(text: str, position: int, known: set[str]) -> str | None:
    """The unexplained acronym under ``position`` (a cursor), if any."""
    for found in rules.unexplained(text, known):
        if found.start <= position <= found.end:
            return found.term
    return None


class NotesGlossary:
    """Marks, a line naming what is unexplained (not colour alone), and a right-click
    "Add to the glossary" on a notes box."""

    def __init__(
        self,
        vault: Vault,
        notes: QPlainTextEdit,
        known: Callable[[], set[str]],
        added: Callable[[str], None],
    ) -> None:
        self.vault = vault
        self.notes = notes
        self._known = known
        self._added = added
        self.highlighter = AcronymHighlighter(notes.document(), known)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Abbreviations to explain")
        self.label.setStyleSheet(f"color: {MARK_COLOUR};")
        self.label.hide()
        self._timer = QTimer(notes)
        self._timer.setSingleShot(True)
        self._timer.setInterval(600)
        self._timer.timeout.connect(self.refresh)
        notes.textChanged.connect(self._timer.start)
        notes.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        notes.customContextMenuRequested.connect(self._menu)
        self.refresh()

    def refresh(self) -> None:
        found = rules.unexplained(self.notes.toPlainText(), self._known())
        names = list(dict.fromkeys(f.term for f in found))
        self.label.setVisible(bool(names))
        self.label.setText(
            "Not in the glossary or explained yet: "
            + ", ".join(names)
            + ". Right-click one to add it, or write what it means in brackets."
        )

    def rehighlight(self) -> None:
        self.highlighter.rehighlight()
        self.refresh()

    def _menu(self, point: QPoint) -> None:
        menu = self.notes.createStandardContextMenu(point)
        cursor = self.notes.cursorForPosition(point)
        block = cursor.block()
        term = term_at(block.text(), cursor.positionInBlock(), self._known())
        if term and not self.notes.isReadOnly():
            menu.addSeparator()
            action = menu.addAction(f"Add “{term}” to the glossary…")
            action.triggered.connect(lambda: self.add(term))
        menu.exec(self.notes.viewport().mapToGlobal(point))
        menu.deleteLater()

    def add(self, term: str) -> bool:
        dialog = TermDialog(self.vault, None, term, self.notes)
        if dialog.exec():
            self._added(term)
            return True
        return False


class TermDialog(SavingDialog):
    """A term and what it means, in general and where a sector means something else."""

    def __init__(
        self,
        vault: Vault,
        existing: TermView | None,
        term: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.existing = existing
        self.setWindowTitle("Change a term" if existing else "Add a term to the glossary")
        layout = QVBoxLayout(self)
        self.term = QLineEdit(existing.term if existing else term)
        self.term.setAccessibleName("Term")
        self.term.setReadOnly(existing is not None)
        self.meaning = QPlainTextEdit(existing.meaning if existing else "")
        self.meaning.setAccessibleName("What it means")
        self.meaning.setTabChangesFocus(True)
        self.meaning.setPlaceholderText("In plain words a family member would understand")
        self.meaning.setFixedHeight(self.meaning.fontMetrics().lineSpacing() * 3 + 14)
        form = QFormLayout()
        form.addRow("&Term:", self.term)
        form.addRow("&Means:", self.meaning)
        intro = QLabel("Where an agency uses it to mean something else (optional):")
        intro.setWordWrap(True)
        form.addRow(intro)
        self.by_sector: dict[Sector, QLineEdit] = {}
        for sector in Sector:
            line = QLineEdit(existing.by_sector.get(sector, "") if existing else "")
            line.setAccessibleName(f"Meaning in {sector.label}")
            self.by_sector[sector] = line
            form.addRow(f"{sector.label}:", line)
        layout.addLayout(form)
        error = QLabel()
        error.setWordWrap(True)
        layout.addWidget(error)
        self.add_save_buttons(error, "&Save term")
        (self.meaning if existing or term else self.term).setFocus()

    def save(self) -> None:
        meanings = {s: line.text() for s, line in self.by_sector.items() if line.text().strip()}
        if self.existing is None:
            glossary.add_term(self.vault, self.term.text(), self.meaning.toPlainText(), meanings)
        else:
            glossary.update_term(self.vault, self.existing.id, self.meaning.toPlainText(), meanings)


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
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(close)
        self.resize(820, 560)
        self.reload()
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
