"""One section of a safety plan being written: its title, its help for the family, and
an editor for what it holds (points one per line, or a table of people, worries, rules or
differing views, whose "Kept by" cell offers the names in the safety network).

Rows are kept as typed; core tidies them when the draft is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.practice.safety_plans import (
    Contact,
    Entry,
    Rule,
    Section,
    SectionKind,
    View,
    Worry,
)

AnyIndex = QModelIndex | QPersistentModelIndex


FILLED, EMPTY = "✓", "○"
NOUNS = {
    SectionKind.LINES: ("point", "points"),
    SectionKind.CONTACTS: ("contact", "contacts"),
    SectionKind.WORRIES: ("worry", "worries"),
    SectionKind.RULES: ("rule", "rules"),
    SectionKind.VIEWS: ("worry", "worries"),
}


@dataclass(frozen=True)
class Field:
    title: str
    tip: str
    wide: bool = True


FIELDS: dict[SectionKind, tuple[Field, ...]] = {
    SectionKind.CONTACTS: (
        Field("Name", "The person or service"),
        Field("Who they are", "For example: Nan, neighbour, school nurse, crisis line"),
        Field("Phone", "A number to call or text; leave empty if there is none", wide=False),
        Field("What they do", "What they do to help keep the plan going"),
    ),
    SectionKind.WORRIES: (
        Field("The worry", "Who might be hurt, how, and what could happen"),
        Field("What we want instead", "What everyone wants to see instead (the safety goal)"),
    ),
    SectionKind.RULES: (
        Field("The rule", "What will happen, every day"),
        Field(
            "Kept by",
            "Who in the safety network makes sure it is kept: their names as written in "
            "the safety network, separated by commas",
        ),
    ),
    SectionKind.VIEWS: (
        Field("The worry", "The worry people see differently"),
        Field("Who agrees", "Who agrees with the worry"),
        Field("Who does not agree", "Who does not agree, and why if they said"),
    ),
}


def entry_cells(entry: Entry) -> list[str]:
    if isinstance(entry, Contact):
        return [entry.name, entry.role, entry.phone, entry.does]
    if isinstance(entry, Worry):
        return [entry.worry, entry.goal]
    if isinstance(entry, Rule):
        return [entry.rule, ", ".join(entry.kept_by)]
    if isinstance(entry, View):
        return [entry.worry, entry.agree, entry.disagree]
    return [entry]


def cells_entry(kind: SectionKind, cells: list[str]) -> Entry:
    if kind is SectionKind.CONTACTS:
        return Contact(*cells)
    if kind is SectionKind.WORRIES:
        return Worry(*cells)
    if kind is SectionKind.RULES:
        return Rule(cells[0], tuple(n.strip() for n in cells[1].split(",") if n.strip()))
    if kind is SectionKind.VIEWS:
        return View(*cells)
    return cells[0]


class NamesCompleter(QCompleter):
    """Completes the name being typed after the last comma ("Ewa Nowicka, Meg…")."""

    def splitPath(self, path: str) -> list[str]:
        return [path.split(",")[-1].strip()]

    def pathFromIndex(self, index: AnyIndex) -> str:
        name = super().pathFromIndex(index)
        editor = self.widget()
        typed = editor.text() if isinstance(editor, QLineEdit) else ""
        before = typed.rsplit(",", 1)[0] if "," in typed else ""
        return f"{before}, {name}" if before else name


class KeptByDelegate(QStyledItemDelegate):
    """The "Kept by" cell offers the names in the safety network as they are typed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.names = QStringListModel(self)

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setAccessibleName("Kept by")
        completer = NamesCompleter(self.names, editor)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        editor.setCompleter(completer)
        return editor


class EntryTableModel(QAbstractTableModel):
    """The rows of one section (people, worries, rules, views) as editable text cells.

    Rows are kept as typed; core tidies them when the draft is saved.
    """

    edited = Signal()

    def __init__(self, kind: SectionKind, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.fields = FIELDS[kind]
        self.rows: list[list[str]] = []
        self.editable = True

    def set_entries(self, entries: tuple[Entry, ...]) -> None:
        self.beginResetModel()
        self.rows = [entry_cells(e) for e in entries]
        self.endResetModel()

    def entries(self) -> tuple[Entry, ...]:
        return tuple(
            cells_entry(self.kind, list(row)) for row in self.rows if any(c.strip() for c in row)
        )

    def filled(self) -> int:
        return sum(any(cell.strip() for cell in row) for row in self.rows)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.fields)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self.rows[index.row()][index.column()]
            return text or self.fields[index.column()].tip
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or not self.editable:
            return False
        text = str(value)
        row = self.rows[index.row()]
        if row[index.column()] == text:
            return False
        row[index.column()] = text
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self.editable and index.isValid():
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.fields):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.fields[section].title
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.fields[section].tip
        return None

    def add_row(self) -> int:
        row = len(self.rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.append([""] * len(self.fields))
        self.endInsertRows()
        return row

    def remove_row(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self.endRemoveRows()
            self.edited.emit()


class SectionEditor(QScrollArea):
    """One section: its title, its help for the family, and its editor."""

    edited = Signal()

    def __init__(self, section: Section, number: int, own_words_of: str) -> None:
        super().__init__()
        self.section = section
        self.kind = section.kind
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(10, 0, 4, 4)
        title = QLabel(f"{number}. {section.title}")
        title.setWordWrap(True)
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setAccessibleDescription("Section")  # read by its text
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        if own_words_of and section.own_words:
            words = QLabel(f"In {own_words_of}’s own words.")
            words.setTextFormat(Qt.TextFormat.PlainText)
            words.setAccessibleName("Whose words")
            italic = words.font()
            italic.setItalic(True)
            words.setFont(italic)
            layout.addWidget(words)
        help_text = section.help
        if section.only_when_needed:
            help_text += " Only where it is needed: left out of the printed plan when empty."
        about = QLabel(help_text)
        about.setWordWrap(True)
        about.setTextFormat(Qt.TextFormat.PlainText)
        about.setAccessibleDescription("What goes here")  # read by its text
        layout.addWidget(about)
        layout.addSpacing(4)
        self.text: QPlainTextEdit | None = None
        self.model: EntryTableModel | None = None
        self.table: QTableView | None = None
        self.add_button: QPushButton | None = None
        self.remove_button: QPushButton | None = None
        self.network_hint: QLabel | None = None
        self.kept_by: KeptByDelegate | None = None
        if self.kind is SectionKind.LINES:
            self.text = QPlainTextEdit()
            self.text.setAccessibleName(f"{section.title}, one point per line")
            self.text.setPlaceholderText("One point per line.")
            self.text.setTabChangesFocus(True)
            self.text.setMinimumHeight(self.text.fontMetrics().lineSpacing() * 6 + 12)
            self.text.textChanged.connect(self.edited)
            hint = QLabel("One point per line; empty lines are left out.")
            hint.setAccessibleName("How to write the points")
            layout.addWidget(self.text, 1)
            layout.addWidget(hint)
        else:
            self._make_table(layout, section)
        self.setWidget(content)

    def _make_table(self, layout: QVBoxLayout, section: Section) -> None:
        model = EntryTableModel(self.kind, self)
        model.edited.connect(self.edited)
        table = QTableView()
        table.setModel(model)
        table.setAccessibleName(section.title)
        table.setTabKeyNavigation(False)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        table.verticalHeader().hide()
        table.setWordWrap(True)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = table.horizontalHeader()
        for column, spec in enumerate(model.fields):
            header.setSectionResizeMode(
                column,
                QHeaderView.ResizeMode.Stretch
                if spec.wide
                else QHeaderView.ResizeMode.ResizeToContents,
            )
        table.setMinimumHeight(table.fontMetrics().lineSpacing() * 5)
        self.add_button = QPushButton("&Add a row")
        self.add_button.setToolTip("A new, empty row at the end; type straight into it")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button = QPushButton("&Remove row")
        self.remove_button.setToolTip("Take the chosen row out of the draft")
        self.remove_button.clicked.connect(self.remove_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        hint = QLabel(
            "Type into a cell, or press F2 to change it; Enter keeps what you typed. "
            "Empty rows are left out."
        )
        hint.setWordWrap(True)
        hint.setAccessibleDescription("How to fill in the table")  # read by its text
        layout.addLayout(buttons)
        layout.addWidget(table, 1)
        layout.addWidget(hint)
        if self.kind is SectionKind.RULES:
            self.kept_by = KeptByDelegate(table)
            table.setItemDelegateForColumn(1, self.kept_by)
            self.network_hint = QLabel()
            self.network_hint.setWordWrap(True)
            self.network_hint.setTextFormat(Qt.TextFormat.PlainText)
            self.network_hint.setAccessibleName("Who can keep a rule")
            layout.addWidget(self.network_hint)
        self.model, self.table = model, table

    # -- content ---------------------------------------------------------------------

    def set_entries(self, entries: tuple[Entry, ...]) -> None:
        if self.text is not None:
            self.text.blockSignals(True)
            self.text.setPlainText("\n".join(e for e in entries if isinstance(e, str)))
            self.text.blockSignals(False)
        elif self.model is not None:
            self.model.set_entries(entries)

    def entries(self) -> tuple[Entry, ...]:
        if self.text is not None:
            # Empty lines are no points (core drops them too); the screen keeps them.
            return tuple(line for line in self.text.toPlainText().split("\n") if line.strip())
        assert self.model is not None
        return self.model.entries()

    def filled(self) -> int:
        if self.text is not None:
            return sum(bool(line.strip()) for line in self.text.toPlainText().split("\n"))
        assert self.model is not None
        return self.model.filled()

    def state(self) -> tuple[str, str]:
        """A mark and words for the outline: "✓", "2 rules" or "○", "empty"."""
        count = self.filled()
        if count:
            one, many = NOUNS[self.kind]
            return FILLED, f"{count} {one if count == 1 else many}"
        return EMPTY, "empty, only if needed" if self.section.only_when_needed else "empty"

    def set_network(self, names: list[str]) -> None:
        if self.kept_by is not None:
            self.kept_by.names.setStringList(names)
        if self.network_hint is not None:
            self.network_hint.setText(
                "People in the safety network who can keep a rule (names are offered as you "
                "type, separated by commas): " + ", ".join(names) + "."
                if names
                else "Nobody is in the safety network yet: add the people who will keep the "
                "rules there first (the section “Our safety network”)."
            )

    def set_read_only(self, read_only: bool) -> None:
        if self.text is not None:
            self.text.setReadOnly(read_only)
        if self.model is not None and self.table is not None:
            self.model.editable = not read_only
            self.table.setEditTriggers(
                QAbstractItemView.EditTrigger.NoEditTriggers
                if read_only
                else QAbstractItemView.EditTrigger.DoubleClicked
                | QAbstractItemView.EditTrigger.EditKeyPressed
                | QAbstractItemView.EditTrigger.AnyKeyPressed
                | QAbstractItemView.EditTrigger.SelectedClicked
            )
        for button in (self.add_button, self.remove_button):
            if button is not None:
                button.setVisible(not read_only)

    def commit_open_editor(self) -> None:
        """Keep what is in a cell still being typed into (before saving)."""
        table = self.table
        editor = QApplication.focusWidget()
        if table is not None and editor is not None and table.isAncestorOf(editor):
            table.commitData(editor)

    def focus_editor(self) -> None:
        if self.text is not None:
            self.text.setFocus()
        elif self.table is not None:
            self.table.setFocus()

    # -- rows ------------------------------------------------------------------------

    def add_row(self) -> None:
        if self.model is None or self.table is None or not self.model.editable:
            return
        row = self.model.add_row()
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.setFocus()
        self.table.edit(index)

    def remove_row(self) -> None:
        if self.model is None or self.table is None or not self.model.editable:
            return
        index = self.table.currentIndex()
        if index.isValid():
            self.model.remove_row(index.row())
