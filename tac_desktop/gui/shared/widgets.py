"""Small builders for the form widgets every screen uses, so each field is labelled,
named for screen readers and sized the same way everywhere."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QWidget,
)

from tac_desktop.gui.shared.dialogs import to_qdate


def buddy(text: str, widget: QWidget) -> QLabel:
    """A label whose Alt letter moves to ``widget``."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def text_box(name: str, lines: int = 3, placeholder: str = "") -> QPlainTextEdit:
    """A few lines of text; Tab moves on instead of typing a tab."""
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    line = box.fontMetrics().lineSpacing()
    box.setMinimumHeight(line * lines + 12)
    box.setMaximumHeight(line * (lines + 1) + 12)
    return box


def line_edit(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    return edit


def date_edit(name: str, day: date | None = None) -> QDateEdit:
    """A date with a calendar, written out in full ("Mon 23 Nov 2026"); today if none."""
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd d MMM yyyy")
    edit.setAccessibleName(name)
    edit.setDate(to_qdate(day or date.today()))
    return edit


def record_table(name: str, *, fit_to_contents: bool = True) -> QTableView:
    """A read-only table of records, a whole row selected at a time.

    ``fit_to_contents``: columns sized to their text, rows wrapped and striped. Without
    it the chair sizes the columns and text stays on one line (for tables of long
    entries beside other panels, such as the consent register). Tab always leaves the
    table in one press; the arrows move inside it."""
    table = QTableView()
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    if fit_to_contents:
        table.setAlternatingRowColors(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    else:
        table.setWordWrap(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return table
