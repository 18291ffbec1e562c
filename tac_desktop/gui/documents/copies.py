"""Who reads what, on screen: the items of a meeting's record with who may read each,
the chair's marks (with a reason), each reader at a glance, and "Show the copy for…",
which previews exactly what one reader gets, with a banner saying whose copy it is and
how many items it leaves out.

The rules and the cutting-down are core's (``practice/readers.py``,
``documents/copies.py``, ``services/copies.py``); this screen only shows and asks.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.errors import InvalidInput, TacError
from tac_desktop.core.practice.readers import Reader, ReaderKind
from tac_desktop.core.services import cases, copies, distribution, documents, reports
from tac_desktop.core.services.copies import MarkedItem, ReaderChoice
from tac_desktop.core.vault import Vault
from tac_desktop.gui.documents.preview import DocumentPreview
from tac_desktop.gui.shared.dialogs import SavingDialog
from tac_desktop.gui.shared.item_models import Column, RowTableModel
from tac_desktop.gui.shared.progress import make_in_background
from tac_desktop.gui.shared.widgets import record_table, text_box

MINUTES = "Minutes"
DECISION_SUMMARY = "Decision summary"
OUTCOME_SUMMARY = "Outcome summary"


def copy_banner(reader: Reader, left_out: int) -> str:
    """The line above a reader's copy in the preview."""
    if reader.kind is ReaderKind.FULL:
        return "The full copy: everything recorded, for the professionals who hold the plan."
    items = f"{left_out} item{'s' if left_out != 1 else ''}"
    if reader.kind is ReaderKind.AGENCY:
        return (
            f"The copy for {reader.name}: {items} withheld on a need-to-know basis "
            "(the copy says so where they would be)."
        )
    return (
        f"The family copy for {reader.name}: {items} left out (professionals only, or "
        "kept from them). The copy shows no gap where they were."
    )


def preview_copy(
    vault: Vault, meeting_id: int, reader: Reader, paper: str, parent: QWidget | None
) -> DocumentPreview | None:
    """Make one reader's copy of ``paper`` and open it in the preview; None (with the
    reason shown) when it cannot be made."""
    try:
        if paper == OUTCOME_SUMMARY:
            if reader.kind is ReaderKind.FULL:
                raise InvalidInput(
                    "An outcome summary is made for an agency or a family member: choose one."
                )
            pending = reports.prepare_outcome_summary(vault, meeting_id, reader=reader)
        elif paper == DECISION_SUMMARY:
            pending = documents.prepare_decision_summary(vault, meeting_id, reader)
        else:
            pending = documents.prepare_minutes(vault, meeting_id, reader=reader)
        left_out = documents.minutes_content(vault, meeting_id, reader=reader).left_out
        document = make_in_background(parent, "Show the copy", pending.document, "Making the copy…")
    except TacError as error:
        QMessageBox.warning(parent, "Show the copy", str(error))
        return None
    if document is None:  # cancelled: nothing was made
        return None

    def log(how: str) -> None:  # a reader's copy that leaves the room is in the log
        if reader.kind is not ReaderKind.FULL:
            distribution.log_copy(vault, meeting_id, reader, paper, how)

    preview = DocumentPreview(
        vault, document, parent, banner=copy_banner(reader, left_out), left_the_room=log
    )
    preview.setWindowTitle(f"{document.title}")
    return preview


class ShowCopyDialog(QDialog):
    """Choose a reader and a paper; shows a marked person with the reason they get none."""

    def __init__(self, vault: Vault, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.meeting_id = meeting_id
        self.setWindowTitle("Show the copy for one reader")
        self.choices: list[ReaderChoice] = copies.readers(vault, meeting_id)
        layout = QVBoxLayout(self)
        intro = QLabel("See exactly what one reader gets, as it will print.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.reader = QComboBox()
        self.reader.setAccessibleName("Reader")
        for choice in self.choices:
            self.reader.addItem(choice.label)
        self.paper = QComboBox()
        self.paper.setAccessibleName("Paper")
        self.paper.addItems([MINUTES, DECISION_SUMMARY, OUTCOME_SUMMARY])
        reader_label = QLabel("&Reader:")
        reader_label.setBuddy(self.reader)
        paper_label = QLabel("&Paper:")
        paper_label.setBuddy(self.paper)
        for label, widget in ((reader_label, self.reader), (paper_label, self.paper)):
            row = QHBoxLayout()
            row.addWidget(label)
            row.addWidget(widget, 1)
            layout.addLayout(row)
        self.refusal = QLabel()
        self.refusal.setWordWrap(True)
        self.refusal.setObjectName("error")
        self.refusal.setAccessibleName("Why no copy")
        layout.addWidget(self.refusal)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.show_button = QPushButton("&Show")
        self.show_button.setDefault(True)
        buttons.addButton(self.show_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.show_button.clicked.connect(self._show)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reader.currentIndexChanged.connect(self._chosen)
        self._chosen()
        self.reader.setFocus()

    def _chosen(self) -> None:
        choice = self.choices[max(0, self.reader.currentIndex())]
        self.refusal.setText(choice.refused)
        self.refusal.setVisible(bool(choice.refused))
        self.show_button.setEnabled(not choice.refused)

    def _show(self) -> None:
        choice = self.choices[self.reader.currentIndex()]
        preview = preview_copy(
            self.vault, self.meeting_id, choice.reader, self.paper.currentText(), self
        )
        if preview is not None:
            preview.exec()


class MarkDialog(SavingDialog):
    """Who may read one item: for everyone but the people ticked, for the people ticked
    alone, or professionals only; and why (required, kept with the mark)."""

    def __init__(
        self,
        vault: Vault,
        meeting_id: int,
        item: MarkedItem,
        people: list[tuple[int, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.meeting_id = meeting_id
        self.item = item
        self.setWindowTitle("Who may read this")
        layout = QVBoxLayout(self)
        what = QLabel(f"{item.kind.label}: {item.summary}")
        what.setWordWrap(True)
        what.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(what)
        rule = QLabel(f"Without a mark: {_rule_words(item)}")
        rule.setWordWrap(True)
        rule.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(rule)
        self.everyone = QRadioButton("For &everyone the papers go to, but those ticked below")
        self.named = QRadioButton("&Only for the family members ticked below (and professionals)")
        self.professionals = QRadioButton("&Professionals only")
        access = item.access
        if access.professionals_only:
            self.professionals.setChecked(True)
        elif access.only_for is not None or (access.private_to is not None and not access.marked):
            self.named.setChecked(True)
        else:
            self.everyone.setChecked(True)
        for button in (self.everyone, self.named, self.professionals):
            layout.addWidget(button)
        box = QGroupBox("Family members")
        box.setAccessibleName("Family members the mark names")
        box_layout = QVBoxLayout(box)
        ticked = (
            access.only_for
            if access.only_for is not None
            else frozenset({access.private_to})
            if access.private_to is not None and not access.marked
            else access.withheld_from
        )
        self.people: list[tuple[int, QCheckBox]] = []
        for person_id, name in people:
            check = QCheckBox(name)
            check.setChecked(person_id in ticked)
            box_layout.addWidget(check)
            self.people.append((person_id, check))
        layout.addWidget(box)
        why = QLabel("&Why (kept with the mark):")
        self.reason = text_box("Why", 3, "who asked, or what makes it right for these readers")
        self.reason.setPlainText(item.access.reason if item.access.marked else "")
        why.setBuddy(self.reason)
        layout.addWidget(why)
        layout.addWidget(self.reason)
        error = QLabel()
        error.setWordWrap(True)
        layout.addWidget(error)
        self.add_save_buttons(error, "&Mark")
        self.reason.setFocus()

    def save(self) -> None:
        copies.set_mark(
            self.vault,
            self.meeting_id,
            self.item.key,
            professionals_only=self.professionals.isChecked(),
            reason=self.reason.toPlainText(),
            withheld_from=[pid for pid, check in self.people if check.isChecked()],
            only_named=self.named.isChecked(),
        )


def _rule_words(item: MarkedItem) -> str:
    """What the rules say about an item with no mark, in words."""
    default = item.default
    if default.professionals_only:
        words = "professionals only"
    elif default.private_to is not None:
        words = f"professionals and {item.private_to or 'the person it is about'} only"
    else:
        words = "for everyone"
    return words + (f". {default.reason}" if default.reason else ".")


class CopyMarksDialog(QDialog):
    """Every item a copy could hold, who may read it and why; each reader at a glance."""

    def __init__(
        self,
        vault: Vault,
        meeting_id: int,
        case_id: int,
        parent: QWidget | None = None,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.meeting_id = meeting_id
        self.case_id = case_id
        self.on_change = on_change
        self.setWindowTitle("Who reads what")
        layout = QVBoxLayout(self)
        self.glance = QLabel()
        self.glance.setWordWrap(True)
        self.glance.setTextFormat(Qt.TextFormat.PlainText)
        self.glance.setAccessibleName("What each reader gets")
        layout.addWidget(self.glance)
        self.model: RowTableModel[MarkedItem] = RowTableModel(
            [
                Column("What", lambda i: f"{i.kind.label}: {i.summary}"),
                Column("Who may read it", lambda i: i.audience_words),
                Column(
                    "Why",
                    lambda i: (
                        f"Marked by the chair: {i.access.reason}"
                        if i.access.marked
                        else i.access.reason or "Nothing in it is kept back by the rules."
                    ),
                    tooltip=lambda i: i.access.reason,
                ),
            ]
        )
        self.table = record_table("Items of the record", fit_to_contents=False)
        self.table.setModel(self.model)
        self.table.setColumnWidth(0, 420)
        self.table.setColumnWidth(1, 220)
        self.table.doubleClicked.connect(lambda _i: self._mark())
        self.table.activated.connect(lambda _i: self._mark())
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.mark_button = QPushButton("&Mark…")
        self.mark_button.clicked.connect(self._mark)
        self.clear_button = QPushButton("Back to the &rule")
        self.clear_button.clicked.connect(self._clear)
        self.show_button = QPushButton("&Show the copy for…")
        self.show_button.clicked.connect(self._show_copy)
        for button in (self.mark_button, self.clear_button, self.show_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(1000, 620)
        self.refresh()
        self.table.setFocus()

    def refresh(self) -> None:
        try:
            items = copies.marked_items(self.vault, self.meeting_id)
            glance = self._glance()
        except TacError as error:
            QMessageBox.warning(self, "Who reads what", str(error))
            return
        self.model.set_rows(items)
        self.glance.setText(glance)
        if items and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _glance(self) -> str:
        lines = []
        for choice in copies.readers(self.vault, self.meeting_id):
            if choice.reader.kind is not ReaderKind.FAMILY:
                continue
            if choice.refused:
                lines.append(f"{choice.reader.name}: no copy (must not receive information)")
                continue
            content = documents.minutes_content(self.vault, self.meeting_id, reader=choice.reader)
            lines.append(
                f"{choice.reader.name}: {content.left_out} item"
                f"{'s' if content.left_out != 1 else ''} left out"
            )
        return "What each family member's copy leaves out:\n" + "\n".join(lines) if lines else ""

    def _current(self) -> MarkedItem | None:
        index: QModelIndex = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def _mark(self) -> None:
        item = self._current()
        if item is None:
            return
        try:
            case = cases.get_case(self.vault, self.case_id)
        except TacError as error:
            QMessageBox.warning(self, "Who reads what", str(error))
            return
        people = [(p.id, p.display_name) for p in case.people]
        if MarkDialog(self.vault, self.meeting_id, item, people, self).exec():
            self._changed()

    def _clear(self) -> None:
        item = self._current()
        if item is None or not item.access.marked:
            return
        try:
            copies.clear_mark(self.vault, self.meeting_id, item.key)
        except TacError as error:
            QMessageBox.warning(self, "Who reads what", str(error))
            return
        self._changed()

    def _changed(self) -> None:
        row = self.table.currentIndex().row()
        self.refresh()
        if 0 <= row < self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(row, 0))
        if self.on_change is not None:
            self.on_change()

    def _show_copy(self) -> None:
        ShowCopyDialog(self.vault, self.meeting_id, self).exec()
