"""What a keyboard or screen-reader user meets on one window, counted (issue 17): controls
without an accessible name, Tab presses that never leave a control, and Alt letters used
twice among what the window shows at once."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QScrollArea,
    QSlider,
    QTabBar,
    QTextEdit,
    QWidget,
)

CONTROLS = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QSlider,
    QTabBar,
)


@dataclass
class Findings:
    unnamed: list[str] = field(default_factory=list)
    traps: list[str] = field(default_factory=list)
    clashes: list[str] = field(default_factory=list)
    opened: list[str] = field(default_factory=list)  # dialogs walked

    def add(self, other: Findings) -> None:
        self.unnamed += other.unnamed
        self.traps += other.traps
        self.clashes += other.clashes

    def total(self) -> int:
        return len(self.unnamed) + len(self.traps) + len(self.clashes)


def mnemonic(text: str) -> str:
    match = re.search(r"&([^&\s])", text.replace("&&", ""))
    return match.group(1).lower() if match else ""


def describe(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, (QAbstractButton, QLabel)) else ""
    return f"{type(widget).__name__}({widget.objectName() or text or widget.accessibleName()!r})"


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    name = interface.text(QAccessible.Text.Name) if interface is not None else ""
    return name.replace("&", "").strip()


def shown(window: QWidget) -> list[QWidget]:
    return [w for w in window.findChildren(QWidget) if w.isVisible() and w.window() is window]


def _control(widget: QWidget) -> bool:
    if isinstance(widget, QScrollArea) and not isinstance(widget, QAbstractItemView):
        return False
    if not isinstance(widget, CONTROLS) and not isinstance(widget, QAbstractScrollArea):
        return False
    parent = widget.parentWidget()
    # Parts of a compound control (a spin box's line edit, a combo box's view) are named
    # by the control around them.
    return not isinstance(parent, (QAbstractSpinBox, QComboBox))


def unnamed(window: QWidget) -> list[str]:
    found = []
    for widget in shown(window):
        if not _control(widget) or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if not accessible_name(widget):
            found.append(f"{window.windowTitle()}: {describe(widget)}")
    return found


def clashes(window: QWidget) -> list[str]:
    """Alt letters taken twice by what is on the window at once (menus' own items are
    only reachable inside their menu, so only the menu bar's titles count)."""
    owners: dict[str, list[str]] = defaultdict(list)
    for widget in shown(window):
        if isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            letter = mnemonic(widget.text())
            if letter:
                owners[letter].append(widget.text())
        elif isinstance(widget, QGroupBox):
            letter = mnemonic(widget.title())
            if letter:
                owners[letter].append(widget.title())
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                letter = mnemonic(widget.tabText(index))
                if letter:
                    owners[letter].append(widget.tabText(index))
    if isinstance(window, QMainWindow):
        bar: QMenuBar = window.menuBar()
        for action in bar.actions():
            letter = mnemonic(action.text())
            if letter:
                owners[letter].append(f"menu {action.text()}")
    return [
        f"{window.windowTitle()}: Alt+{letter.upper()} is {' and '.join(texts)}"
        for letter, texts in sorted(owners.items())
        if len(texts) > 1
    ]


def hidden_text(window: QWidget) -> list[str]:
    """Labels whose screen-reader name is not what they show: a name set on a label
    replaces its text, so "How many tasks" is read where the label says "12 tasks"
    (a label says what it is with an accessible description instead)."""
    found = []
    for label in shown(window):
        if not isinstance(label, QLabel) or label.buddy() is not None:
            continue
        text = label.text().replace("&", "").strip()
        if not text or label.textFormat() == Qt.TextFormat.RichText or "<" in text:
            continue
        name = accessible_name(label)
        if name and name != text and text not in name:
            found.append(f"{window.windowTitle()}: label {text[:40]!r} is read as {name!r}")
    return found


def menu_clashes(menu: QMenu) -> list[str]:
    """Alt letters taken twice among one menu's items (each menu is its own keyboard
    scope: a letter pressed in it picks the item, so two items cannot share one)."""
    owners: dict[str, list[str]] = defaultdict(list)
    for action in menu.actions():
        letter = mnemonic(action.text()) if not action.isSeparator() else ""
        if letter:
            owners[letter].append(action.text())
    return [
        f"menu {menu.title() or menu.parentWidget().__class__.__name__}: "
        f"Alt+{letter.upper()} is {' and '.join(texts)}"
        for letter, texts in sorted(owners.items())
        if len(texts) > 1
    ]


def traps(window: QWidget) -> list[str]:
    """Each control that takes Tab focus: does one Tab press move the focus away?"""
    found = []
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window.activateWindow()
    for widget in shown(window):
        if not _control(widget) or not widget.isEnabled():
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        if QApplication.focusWidget() is not widget:
            continue  # focus goes to a proxy, or the widget cannot take it now
        # A date moves through its day, month and year first, then leaves.
        presses = widget.sectionCount() if isinstance(widget, QDateTimeEdit) else 1
        for _ in range(presses):
            QTest.keyClick(widget, Qt.Key.Key_Tab)
            if QApplication.focusWidget() is not widget:
                break
        if QApplication.focusWidget() is widget:
            found.append(f"{window.windowTitle()}: Tab stays in {describe(widget)}")
    return found


def audit(window: QWidget, check_traps: bool = True) -> Findings:
    return Findings(unnamed(window), traps(window) if check_traps else [], clashes(window))
