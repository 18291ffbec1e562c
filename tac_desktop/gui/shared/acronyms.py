"""The quiet marking of acronyms in meeting notes that a reader could not look up, and
the dialog that adds a term to the glossary (from the notes, or from the Glossary window).

What counts as an acronym, and what is explained, is core's
(``tac_desktop.core.practice.glossary``); this module only shows it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from tac_desktop.core.models import Sector
from tac_desktop.core.practice import glossary as rules
from tac_desktop.core.services import glossary
from tac_desktop.core.services.glossary import TermView
from tac_desktop.core.vault import Vault
from tac_desktop.gui.shared.dialogs import SavingDialog
from tac_desktop.gui.shared.palette import mark, mark_as_text


class AcronymHighlighter(QSyntaxHighlighter):
    """A dotted underline under acronyms not in the glossary and not explained in the
    same paragraph. Paragraph by paragraph, so typing stays fast in long notes."""

    def __init__(self, document: QTextDocument, known: Callable[[], set[str]]) -> None:
        super().__init__(document)
        self._known = known
        self._format = QTextCharFormat()
        self._format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        # A dotted underline in amber: noticeable, not alarming, checked against the palette.
        self._format.setUnderlineColor(mark("acronym", QGuiApplication.palette()))

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
        self.label.setAccessibleDescription("Abbreviations to explain")  # read by its text
        colour = mark_as_text("acronym", QGuiApplication.palette())
        self.label.setStyleSheet(f"color: {colour.name()};")
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
