"""The first screens: create a vault, unlock a vault.

Only Qt is imported at module level, so the unlock screen appears before SQLAlchemy
and the cryptography libraries are loaded; and only the Qt classes these pages show (a
file dialog, for one, loads when first asked for).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

VAULT_FILTER = "TAC Desktop vaults (*.tacvault);;All files (*)"
MIN_PASSPHRASE = 10


def _title(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    label.setAccessibleName(text)
    return label


def _card(inner: QWidget) -> QWidget:
    """Centre a fixed-width panel in the window, so the first screens look calm."""
    outer = QWidget()
    layout = QHBoxLayout(outer)
    layout.addStretch(1)
    frame = QFrame()
    frame.setObjectName("card")
    frame.setMaximumWidth(560)
    frame.setMinimumWidth(420)
    frame_layout = QVBoxLayout(frame)
    frame_layout.addWidget(inner)
    column = QVBoxLayout()
    column.addStretch(1)
    column.addWidget(frame)
    column.addStretch(2)
    layout.addLayout(column, 3)
    layout.addStretch(1)
    return outer


class _ErrorLabel(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setObjectName("error")
        self.setAccessibleName("Message")
        self.hide()

    def show_message(self, text: str) -> None:
        if text:
            # Selectable (to copy into a message to IT) once there is something to copy.
            # Set here, not above: PySide builds the whole Qt namespace (~30 ms) on the
            # first use of Qt.*, and the first window has no message to select.
            from PySide6.QtCore import Qt

            self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setText(text)
        self.setVisible(bool(text))


class UnlockPage(QWidget):
    """Ask for the passphrase of one vault."""

    unlock_requested = Signal(str, bool)  # passphrase, remember on this computer
    unlock_remembered_requested = Signal()
    open_other_requested = Signal(Path)
    create_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(_title("Unlock your cases"))
        self.vault_label = QLabel()
        self.vault_label.setWordWrap(True)
        self.vault_label.setAccessibleName("Vault file")
        layout.addWidget(self.vault_label)

        form = QFormLayout()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.setPlaceholderText("Your vault passphrase")
        self.passphrase.returnPressed.connect(self._submit)
        form.addRow("&Passphrase:", self.passphrase)
        layout.addLayout(form)

        self.remember = QCheckBox("&Remember on this computer (no passphrase needed here)")
        self.remember.setAccessibleName("Remember on this computer")
        layout.addWidget(self.remember)

        self.error = _ErrorLabel()
        layout.addWidget(self.error)

        buttons = QHBoxLayout()
        self.other_button = QPushButton("Open &another vault…")
        self.other_button.clicked.connect(self._choose_other)
        self.create_button = QPushButton("&New vault…")
        self.create_button.clicked.connect(self.create_requested)
        self.remembered_button = QPushButton("Unlock with the &key kept on this computer")
        self.remembered_button.clicked.connect(self.unlock_remembered_requested)
        self.remembered_button.hide()
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._submit)
        buttons.addWidget(self.other_button)
        buttons.addWidget(self.create_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout.addLayout(buttons)
        layout.addWidget(self.remembered_button)

        outer = QVBoxLayout(self)
        outer.addWidget(_card(body))
        self.setTabOrder(self.passphrase, self.remember)
        self.setTabOrder(self.remember, self.unlock_button)

    def prepare(self, vault_path: Path, message: str = "") -> None:
        self.vault_label.setText(f"Vault: {vault_path.name}\nFolder: {vault_path.parent}")
        self.passphrase.clear()
        self.error.show_message(message)
        self.remembered_button.hide()
        self.set_busy(False)
        self.passphrase.setFocus()

    def set_busy(self, busy: bool) -> None:
        for widget in (
            self.passphrase,
            self.unlock_button,
            self.other_button,
            self.create_button,
            self.remember,
            self.remembered_button,
        ):
            widget.setEnabled(not busy)
        self.unlock_button.setText("Unlocking…" if busy else "&Unlock")

    def show_error(self, message: str) -> None:
        self.set_busy(False)
        self.error.show_message(message)
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def _submit(self) -> None:
        if not self.passphrase.text():
            self.show_error("Type the vault's passphrase first.")
            return
        self.error.show_message("")
        self.set_busy(True)
        self.unlock_requested.emit(self.passphrase.text(), self.remember.isChecked())

    def _choose_other(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, "Open a vault", "", VAULT_FILTER)
        if path:
            self.open_other_requested.emit(Path(path))


class CreateVaultPage(QWidget):
    """First run: where the vault goes, who owns it, and its passphrase."""

    create_requested = Signal(
        Path, str, str, str, str, bool
    )  # path, name, role, agency, pw, remember
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(_title("Create your vault"))
        intro = QLabel(
            "Your cases are kept in one encrypted file on this computer. Choose a passphrase "
            "of several words that you will remember."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        path_row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName("Vault file")
        browse = QPushButton("&Choose…")
        browse.clicked.connect(self._browse)
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        form.addRow("Vault &file:", path_row)
        self.chair_name = QLineEdit()
        self.chair_name.setAccessibleName("Your name")
        form.addRow("Your &name:", self.chair_name)
        self.chair_role = QLineEdit()
        self.chair_role.setAccessibleName("Your role")
        form.addRow("Your &role:", self.chair_role)
        self.chair_agency = QLineEdit()
        self.chair_agency.setAccessibleName("Your agency")
        form.addRow("Your a&gency:", self.chair_agency)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        form.addRow("&Passphrase:", self.passphrase)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName("Passphrase again")
        self.repeat.returnPressed.connect(self._submit)
        form.addRow("Passphrase &again:", self.repeat)
        layout.addLayout(form)

        warning = QLabel(
            "<b>Nobody can recover a lost passphrase</b>, not even your IT team: without it "
            "the cases in this vault cannot be read. Write it down and keep it somewhere safe."
        )
        warning.setWordWrap(True)
        warning.setObjectName("warning")
        layout.addWidget(warning)
        self.remember = QCheckBox("Remember on this &computer (no passphrase needed here)")
        self.remember.setAccessibleName("Remember on this computer")
        layout.addWidget(self.remember)
        self.error = _ErrorLabel()
        layout.addWidget(self.error)

        buttons = QHBoxLayout()
        self.cancel_button = QPushButton("Back")
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.create_button = QPushButton("Create &vault")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self._submit)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        layout.addLayout(buttons)

        outer = QVBoxLayout(self)
        outer.addWidget(_card(body))

    def prepare(self, suggested: Path, can_go_back: bool) -> None:
        self.path_edit.setText(str(suggested))
        self.cancel_button.setVisible(can_go_back)
        self.error.show_message("")
        self.set_busy(False)
        self.chair_name.setFocus()

    def set_busy(self, busy: bool) -> None:
        self.create_button.setEnabled(not busy)
        self.create_button.setText("Creating…" if busy else "Create &vault")

    def show_error(self, message: str) -> None:
        self.set_busy(False)
        self.error.show_message(message)

    def _browse(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(
            self, "Where to keep the vault", self.path_edit.text(), VAULT_FILTER
        )
        if path:
            if not path.endswith(".tacvault"):
                path += ".tacvault"
            self.path_edit.setText(path)

    def _submit(self) -> None:
        path_text = self.path_edit.text().strip()
        name = self.chair_name.text().strip()
        passphrase = self.passphrase.text()
        if not path_text:
            self.show_error("Choose where to keep the vault.")
        elif not name:
            self.show_error("Type your name: it is recorded as the author of every change.")
            self.chair_name.setFocus()
        elif len(passphrase) < MIN_PASSPHRASE:
            self.show_error(
                f"The passphrase must be at least {MIN_PASSPHRASE} characters. A few unrelated "
                "words are strong and easy to remember."
            )
            self.passphrase.setFocus()
        elif passphrase != self.repeat.text():
            self.show_error("The two passphrases are not the same. Type them again.")
            self.repeat.clear()
            self.repeat.setFocus()
        else:
            self.error.show_message("")
            self.set_busy(True)
            self.create_requested.emit(
                Path(path_text).expanduser(),
                name,
                self.chair_role.text(),
                self.chair_agency.text(),
                passphrase,
                self.remember.isChecked(),
            )
