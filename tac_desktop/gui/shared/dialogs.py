"""The dialog that saves through a core service, and the date conversions every form needs.

A ``SavingDialog`` hands its draft to a service on Save and stays open with the service's
plain message when the input cannot be used, so nothing typed is lost.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from tac_desktop.core.errors import TacError


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def error_style(label: Any) -> None:
    label.setObjectName("error")
    label.hide()


class SavingDialog(QDialog):
    """Save runs ``self.save()``; a TacError is shown in the dialog, which stays open."""

    def _wire(self, buttons: QDialogButtonBox, error_label: Any) -> None:
        self._error = error_label
        error_style(error_label)
        buttons.accepted.connect(self._try_save)
        buttons.rejected.connect(self.reject)
        # Ctrl+Enter saves from anywhere in the dialog, a text box included (where Enter
        # starts a new line).
        from PySide6.QtGui import QKeySequence, QShortcut

        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self._try_save)
        save = buttons.button(QDialogButtonBox.StandardButton.Save) or buttons.button(
            QDialogButtonBox.StandardButton.Ok
        )
        if save is not None and save.toolTip() == "":
            save.setToolTip("Ctrl+Enter")

    def add_save_buttons(self, error_label: Any, save_text: str) -> QDialogButtonBox:
        """For dialogs built in code: Save (labelled ``save_text``) and Cancel, wired."""
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(save_text)
        self._wire(buttons, error_label)
        layout = self.layout()
        assert layout is not None
        layout.addWidget(buttons)
        return buttons

    def save(self) -> None:
        raise NotImplementedError

    def show_error(self, message: str) -> None:
        self._error.setText(message)
        self._error.show()

    def _try_save(self) -> None:
        try:
            self.save()
        except TacError as error:
            self.show_error(str(error))
            return
        self.accept()
