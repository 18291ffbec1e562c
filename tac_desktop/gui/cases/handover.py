"""Handing a case to another chair, and taking one in: the sealed case file in a window.

``HandOverDialog`` writes the open case's file, sealed by default with words the program
makes and shows once (with a button that copies them), or to the receiving service's
recovery public key, or plain for a subject access request. ``ImportCaseDialog`` opens
one: it reads the file's header first, then asks for what that file needs (the words,
or the service's recovery private key). The key derivation and the decryption run on
the background runner; the vault is touched on the GUI thread only (reading the case,
writing the file and its audit entry, importing).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.errors import TacError
from tac_desktop.core.progress import Stopped
from tac_desktop.core.transfer import (
    CaseFile,
    Lock,
    ReferenceTaken,
    case_file_bytes,
    case_file_from_bytes,
    import_case,
    new_passphrase,
    read_raw,
    save_case_file,
)
from tac_desktop.core.transfer.sealed import SUFFIX, is_sealed, read_header, seal
from tac_desktop.core.vault import Vault
from tac_desktop.core.vault.keyfile import KdfParams
from tac_desktop.core.vault.recovery import RecoveryPrivateKey, RecoveryPublicKey
from tac_desktop.gui.shared.dialogs import error_style
from tac_desktop.gui.shared.progress import LongWork

CASE_FILTER = f"Sealed case files (*{SUFFIX});;Plain case files (*.json);;All files (*)"
KEY_FILTER = "Recovery keys (*.pem);;All files (*)"


def _message(error: BaseException) -> str:
    if isinstance(error, TacError):
        return str(error)
    if isinstance(error, OSError):
        return f"TAC Desktop could not use that file: {error.strerror or error}."
    return f"Something unexpected went wrong ({type(error).__name__}). Nothing was changed."


def _file_row(edit: QLineEdit, choose: Callable[[], None], name: str) -> QWidget:
    """A path box and its Choose… button; both named for a screen reader (the form's
    label sits beside the row, not the box, so it does not name it)."""
    edit.setAccessibleName(name)
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    browse = QPushButton("Choose…")
    browse.setAccessibleDescription(f"Choose the {name.lower()}")
    browse.clicked.connect(lambda _checked=False: choose())
    layout.addWidget(browse)
    return row


class HandOverDialog(QDialog):
    """Write the case's file; the words, when made, are shown here once."""

    def __init__(
        self,
        vault: Vault,
        reference: str,
        parent: QWidget | None = None,
        *,
        kdf: KdfParams | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Hand over case {reference}")
        self._vault = vault
        self._reference = reference
        self._kdf = kdf
        self.written: Path | None = None
        self.words = ""
        layout = QVBoxLayout(self)
        intro = QLabel(
            "The case file holds the whole case. Sealed, only someone with the words (or "
            "the receiving service's recovery key) can read it, so it may travel by e-mail "
            "or on a USB stick."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.by_words = QRadioButton("Seal it with words made for you (shown once, to read out)")
        self.by_key = QRadioButton("Seal it to the receiving service's recovery key")
        self.plain = QRadioButton("Plain, not encrypted (for a subject access request)")
        self.by_words.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.by_words, self.by_key, self.plain):
            group.addButton(button)
            layout.addWidget(button)
        form = QFormLayout()
        self.key_path = QLineEdit()
        self.key_path.setPlaceholderText("their .public.pem file")
        form.addRow(
            "Recovery public key:",
            _file_row(self.key_path, self._choose_key, "Recovery public key"),
        )
        suggested = vault.path.with_name(f"{reference}{SUFFIX}")
        self.out_path = QLineEdit(str(suggested))
        form.addRow("Save as:", _file_row(self.out_path, self._choose_output, "Save as"))
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setWordWrap(True)
        error_style(self.error)
        layout.addWidget(self.error)
        # Shown once the file is written with made words.
        self.words_box = QWidget()
        words_layout = QVBoxLayout(self.words_box)
        self.words_intro = QLabel()
        self.words_intro.setWordWrap(True)
        words_layout.addWidget(self.words_intro)
        self.words_label = QLabel()
        self.words_label.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.words_label.setTextInteractionFlags(
            self.words_label.textInteractionFlags() | _selectable()
        )
        words_layout.addWidget(self.words_label)
        self.copy_button = QPushButton("Copy the words")
        self.copy_button.clicked.connect(self._copy)
        words_layout.addWidget(self.copy_button)
        self.words_box.hide()
        layout.addWidget(self.words_box)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Write the case file")
        self.buttons.accepted.connect(self.write)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for button in (self.by_words, self.by_key, self.plain):
            button.toggled.connect(self._mode_changed)
        self._mode_changed()

    def _mode_changed(self) -> None:
        self.key_path.setEnabled(self.by_key.isChecked())
        path = Path(self.out_path.text())
        wanted = ".json" if self.plain.isChecked() else SUFFIX
        if path.suffix in (".json", SUFFIX) and path.suffix != wanted:
            self.out_path.setText(str(path.with_suffix(wanted)))

    def _choose_key(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "The receiving service's public key", "", KEY_FILTER
        )
        if path:
            self.key_path.setText(path)

    def _choose_output(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the case file as…", self.out_path.text(), CASE_FILTER
        )
        if path:
            self.out_path.setText(path)

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.save_button.setEnabled(True)

    def write(self) -> None:
        """Read the case here, seal it on the runner, then write it here; a progress
        dialog (with Cancel) shows if it takes more than half a second."""
        self.error.hide()
        target = Path(self.out_path.text().strip()).expanduser()
        if not self.out_path.text().strip():
            self._show_error("Choose where to save the case file.")
            return
        try:
            lock: Lock | None = None
            if self.by_key.isChecked():
                if not self.key_path.text().strip():
                    raise TacError("Choose the receiving service's recovery public key file.")
                lock = Lock(public_key=RecoveryPublicKey.read(self.key_path.text().strip()))
            elif self.by_words.isChecked():
                self.words = new_passphrase()
                lock = Lock(passphrase=self.words)
        except TacError as error:
            self._show_error(str(error))
            return
        self.save_button.setEnabled(False)
        kdf = self._kdf
        try:
            # The case is read and the file written here (the vault's thread); sealing
            # (the key derivation) runs on the background runner. Cancel before the file
            # is written leaves nothing behind.
            with LongWork(self, "Hand over the case", "Reading the case…") as work:
                work.step("Reading the case")
                stored, payload = case_file_bytes(self._vault, self._reference)
                if lock is not None:
                    work.step("Sealing the case file")
                    sealing = payload
                    payload = work.run(lambda _progress: seal(sealing, lock, kdf))
                work.step("Writing the case file")
        except Stopped:
            self._show_error("Stopped before the case file was written. Nothing was saved.")
            return
        except Exception as error:  # from the runner too: said plainly, nothing written
            self._show_error(_message(error))
            return
        self._store(stored, target, payload, lock)

    def _store(self, stored: str, target: Path, payload: bytes, lock: Lock | None) -> None:
        try:
            self.written = save_case_file(self._vault, stored, target, payload, lock)
        except TacError as error:
            self._show_error(str(error))
            return
        for widget in (self.by_words, self.by_key, self.plain, self.key_path, self.out_path):
            widget.setEnabled(False)
        self.buttons.clear()
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.accept)
        if lock is not None and lock.passphrase:
            self.words_intro.setText(
                f"Written to {self.written.name}. It opens with these words, shown only now. "
                "Tell them to the receiving chair by another route than the file (read them "
                "out on the phone); spaces or capitals do not matter."
            )
            self.words_label.setText(self.words)
            self.words_box.show()
        elif lock is not None:
            self.words_intro.setText(
                f"Written to {self.written.name}, sealed to the recovery key "
                f"{lock.public_key.key_id if lock.public_key else ''}: only the service that "
                "holds its private half can open it."
            )
            self.copy_button.hide()
            self.words_box.show()
        else:
            self.words_intro.setText(
                f"Written to {self.written.name}. It is not encrypted: share it only by a "
                "secure route."
            )
            self.copy_button.hide()
            self.words_box.show()

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.words)


def _selectable() -> Any:
    from PySide6.QtCore import Qt

    return Qt.TextInteractionFlag.TextSelectableByMouse


class ImportCaseDialog(QDialog):
    """Open a case file and add its case to the vault."""

    def __init__(
        self,
        vault: Vault,
        parent: QWidget | None = None,
        *,
        on_imported: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import a case")
        self._vault = vault
        self._on_imported = on_imported
        self._raw = b""
        self.imported: str | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.file_path = QLineEdit()
        self.file_path.editingFinished.connect(self._read_file)
        form.addRow("Case file:", _file_row(self.file_path, self._choose_file, "Case file"))
        self.about_file = QLabel()
        self.about_file.setWordWrap(True)
        form.addRow(self.about_file)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText("the words the sender gave you")
        form.addRow("Words:", self.passphrase)
        self.key_path = QLineEdit()
        self.key_path.setPlaceholderText("your service's .private.pem file")
        form.addRow("Recovery key:", _file_row(self.key_path, self._choose_key, "Recovery key"))
        self.key_passphrase = QLineEdit()
        self.key_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("Its passphrase:", self.key_passphrase)
        self.new_reference = QLineEdit()
        self.new_reference.setPlaceholderText("only if this vault already has its reference")
        form.addRow("New reference:", self.new_reference)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setWordWrap(True)
        error_style(self.error)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("Import")
        self.buttons.accepted.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._needs("")

    def _needs(self, what: str) -> None:
        """Enable the fields the chosen file needs: "passphrase", "key", "plain" or ""."""
        self.passphrase.setEnabled(what == "passphrase")
        self.key_path.setEnabled(what == "key")
        self.key_passphrase.setEnabled(what == "key")
        self.import_button.setEnabled(bool(what))

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "The case file to import", "", CASE_FILTER)
        if path:
            self.file_path.setText(path)
            self._read_file()

    def _choose_key(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Your service's recovery key", "", KEY_FILTER)
        if path:
            self.key_path.setText(path)

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _read_file(self) -> None:
        self.error.hide()
        self._raw = b""
        text = self.file_path.text().strip()
        if not text:
            self._needs("")
            return
        try:
            raw = read_raw(text)
            if is_sealed(raw):
                header = read_header(raw, Path(text).name)
                if header.lock == "passphrase":
                    self.about_file.setText(
                        "Sealed with words: type the words the sender gave you."
                    )
                    self._needs("passphrase")
                else:
                    self.about_file.setText(
                        f"Sealed to the recovery key {header.key_id}: choose your service's "
                        "private key file."
                    )
                    self._needs("key")
            else:
                self.about_file.setText(
                    "A plain case file: it was not encrypted, so anyone who handled it on the "
                    "way could have read or changed it. Import it only if you trust where it "
                    "came from."
                )
                self._needs("plain")
        except TacError as error:
            self._needs("")
            self.about_file.setText("")
            self._show_error(str(error))
            return
        self._raw = raw

    def start_import(self) -> None:
        """Open the file on the runner (the key derivation is slow); import here."""
        self.error.hide()
        if not self._raw:
            self._read_file()
            if not self._raw:
                return
        name = Path(self.file_path.text().strip()).name
        try:
            lock = Lock()
            if self.key_path.isEnabled():
                if not self.key_path.text().strip():
                    raise TacError("Choose your service's recovery private key file.")
                lock = Lock(
                    private_key=RecoveryPrivateKey.read(
                        self.key_path.text().strip(), self.key_passphrase.text() or None
                    )
                )
            elif self.passphrase.isEnabled():
                if not self.passphrase.text().strip():
                    raise TacError("Type the words the sender gave you.")
                lock = Lock(passphrase=self.passphrase.text())
        except TacError as error:
            self._show_error(str(error))
            return
        raw = self._raw
        self.import_button.setEnabled(False)
        try:
            # Opened on the background runner (the key derivation is slow), added here;
            # Cancel before it is added leaves the vault as it was.
            with LongWork(self, "Import a case", "Opening the case file…") as work:
                work.step("Opening the case file")
                case_file = work.run(
                    lambda _progress: case_file_from_bytes(raw, name, lock, plain_allowed=True)
                )
                work.step("Adding the case to the vault")
        except Stopped:
            self._failed(TacError("Stopped before the case was added. Nothing was imported."))
            return
        except Exception as error:  # from the runner too: said plainly, nothing imported
            self._failed(error)
            return
        self._add(case_file)

    def _failed(self, error: Exception) -> None:
        self.import_button.setEnabled(True)
        self._show_error(_message(error))

    def _add(self, case_file: CaseFile) -> None:
        new_reference = self.new_reference.text().strip() or None
        try:
            self.imported = import_case(self._vault, case_file, new_reference=new_reference)
        except ReferenceTaken as error:
            self._failed(
                ReferenceTaken(f"{error} Give it a new reference above, then import again.")
            )
            return
        except TacError as error:
            self._failed(error)
            return
        if self._on_imported is not None:
            self._on_imported(self.imported)
        self.accept()
