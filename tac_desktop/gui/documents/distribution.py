"""The distribution list of a finalised meeting, and Send.

Left, everyone on the list with their copy and how it goes; right, the chosen
recipient's copy, delivery and e-mail address. The defaults (core's) are shown for the
chair to confirm; nothing is sent until the list is confirmed. Send makes each
recipient's PDF (and an unsent e-mail for secure e-mail) in a folder the chair chooses,
asks first about agencies with no consent to rely on, logs each copy, and offers to
print the ones that go by post or by hand.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.errors import TacError
from tac_desktop.core.models import CopyKind, Delivery
from tac_desktop.core.progress import Progress, Stopped
from tac_desktop.core.services import cases, consent, distribution, meetings
from tac_desktop.core.services.distribution import RecipientDraft, RecipientView, SentCopy
from tac_desktop.core.services.meetings import Paperwork
from tac_desktop.core.vault import Vault
from tac_desktop.gui.documents.before_sharing import ShareQuestion
from tac_desktop.gui.documents.preview import PasswordDialog, print_pdf
from tac_desktop.gui.shared.progress import LongWork
from tac_desktop.gui.shared.widgets import line_edit


def _line(r: RecipientView | RecipientDraft) -> str:
    who = r.name + (f" ({r.agency})" if r.agency else " (family)" if r.person_id else "")
    if r.copy is CopyKind.NONE:
        return f"{who}: no copy"
    return f"{who}: {r.copy.label.lower()}, {r.delivery.label.lower()}"


class DistributionDialog(QDialog):
    """Who gets which copy, and how; Confirm saves the list (core checks it)."""

    def __init__(self, vault: Vault, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.meeting_id = meeting_id
        self.setWindowTitle("Distribution list")
        listed = distribution.distribution(vault, meeting_id)
        self.views = list(listed.recipients)
        self.drafts: list[RecipientDraft] = [r.draft() for r in listed.recipients]
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Who gets the papers of this meeting, which copy, and how. "
            + (
                "This is the list you confirmed."
                if listed.confirmed
                else "These are suggestions: check each line, then confirm the list."
            )
            + " A copy posted to a household is read by everyone in it: when in doubt, "
            "hand a family copy over in person."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        body = QHBoxLayout()
        self.model = QStandardItemModel(self)
        self.list = QListView()
        self.list.setAccessibleName("Recipients")
        self.list.setModel(self.model)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        body.addWidget(self.list, 3)
        form = QFormLayout()
        self.copy = QComboBox()
        self.copy.setAccessibleName("Copy")
        for kind in CopyKind:
            self.copy.addItem(kind.label, kind)
        self.delivery = QComboBox()
        self.delivery.setAccessibleName("How it goes")
        for how in Delivery:
            self.delivery.addItem(how.label, how)
        self.email = line_edit("Secure e-mail address", "name@agency.gov.uk")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        copy_label = QLabel("&Copy:")
        copy_label.setBuddy(self.copy)
        how_label = QLabel("&How:")
        how_label.setBuddy(self.delivery)
        email_label = QLabel("&E-mail:")
        email_label.setBuddy(self.email)
        form.addRow(copy_label, self.copy)
        form.addRow(how_label, self.delivery)
        form.addRow(email_label, self.email)
        form.addRow(self.note)
        self.add_button = QPushButton("&Add someone…")
        self.add_button.setToolTip("A family member or a professional of the case not listed yet")
        self.add_button.clicked.connect(self._add)
        self.remove_button = QPushButton("&Remove from the list")
        self.remove_button.clicked.connect(self._remove)
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(self.add_button)
        row_buttons.addWidget(self.remove_button)
        form.addRow(row_buttons)
        side = QWidget()
        side.setLayout(form)
        body.addWidget(side, 2)
        layout.addLayout(body, 1)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Con&firm the list")
        buttons.accepted.connect(self._confirm)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for draft in self.drafts:
            self.model.appendRow(QStandardItem(_line(draft)))
        self.list.selectionModel().currentChanged.connect(lambda *_: self._show_current())
        self.copy.currentIndexChanged.connect(lambda _i: self._edited())
        self.delivery.currentIndexChanged.connect(lambda _i: self._edited())
        self.email.textEdited.connect(lambda _t: self._edited())
        self._loading = False
        if self.drafts:
            self.list.setCurrentIndex(self.model.index(0, 0))
        self.resize(900, 480)
        self.list.setFocus()

    def _row(self) -> int:
        index = self.list.currentIndex()
        return index.row() if index.isValid() else -1

    def _show_current(self) -> None:
        row = self._row()
        if row < 0:
            return
        draft, view = self.drafts[row], self.views[row]
        self._loading = True
        self.copy.setCurrentIndex(self.copy.findData(draft.copy))
        self.delivery.setCurrentIndex(self.delivery.findData(draft.delivery))
        self.email.setText(draft.email)
        self._loading = False
        sent = [
            f"{what} sent on {day.day} {day:%B %Y}"
            for what, day in (
                ("Decision summary", view.summary_sent_on),
                ("Minutes", view.minutes_sent_on),
            )
            if day is not None
        ]
        self.note.setText("\n".join([view.refused, *sent]).strip())
        self.copy.setEnabled(not view.refused)

    def _edited(self) -> None:
        row = self._row()
        if row < 0 or self._loading:
            return
        self.drafts[row] = replace(
            self.drafts[row],
            copy=self.copy.currentData(),
            delivery=self.delivery.currentData(),
            email=self.email.text().strip(),
        )
        self.model.item(row).setText(_line(self.drafts[row]))

    def _candidates(self) -> list[tuple[str, RecipientDraft]]:
        """The case's family members and professionals not on the list yet."""
        case = cases.get_case(self.vault, meetings.get_meeting(self.vault, self.meeting_id).case_id)
        listed_people = {d.person_id for d in self.drafts if d.person_id is not None}
        listed_professionals = {
            d.professional_id for d in self.drafts if d.professional_id is not None
        }
        out: list[tuple[str, RecipientDraft]] = []
        for person in case.people:
            if person.id in listed_people:
                continue
            copy = CopyKind.NONE if person.no_information else CopyKind.FAMILY
            out.append(
                (
                    f"{person.display_name} (family)",
                    RecipientDraft(
                        person.name,
                        copy,
                        Delivery.BY_HAND,
                        person.relationship_to_subject,
                        person_id=person.id,
                    ),
                )
            )
        for involvement in case.involvements:
            if involvement.professional_id in listed_professionals:
                continue
            email = involvement.secure_email
            out.append(
                (
                    f"{involvement.name} ({involvement.agency})",
                    RecipientDraft(
                        involvement.name,
                        CopyKind.FULL,
                        Delivery.SECURE_EMAIL if email else Delivery.POST,
                        involvement.role,
                        involvement.agency,
                        professional_id=involvement.professional_id,
                        email=email,
                    ),
                )
            )
        return out

    def _add(self) -> None:
        try:
            candidates = self._candidates()
        except TacError as error:
            QMessageBox.warning(self, "Distribution list", str(error))
            return
        if not candidates:
            QMessageBox.information(
                self, "Distribution list", "Everyone on the case is on the list already."
            )
            return
        label, chosen = QInputDialog.getItem(
            self, "Add to the list", "&Who:", [c[0] for c in candidates], 0, False
        )
        if not chosen:
            return
        draft = dict(candidates)[label]
        self.drafts.append(draft)
        self.views.append(
            RecipientView(
                None,
                draft.name,
                draft.copy,
                draft.delivery,
                draft.role,
                draft.agency,
                draft.person_id,
                draft.professional_id,
                draft.email,
            )
        )
        item = QStandardItem(_line(draft))
        self.model.appendRow(item)
        self.list.setCurrentIndex(self.model.index(self.model.rowCount() - 1, 0))

    def _remove(self) -> None:
        row = self._row()
        if row < 0:
            return
        del self.drafts[row]
        del self.views[row]
        self.model.removeRow(row)
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1), 0))

    def _confirm(self) -> None:
        try:
            distribution.save_distribution(self.vault, self.meeting_id, self.drafts)
        except TacError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        self.accept()


def _print_one(path: Path, printer: QPrinter, password: str, progress: Progress) -> int:
    return print_pdf(path, printer, progress, password)


class SendDialog(QDialog):
    """Send the decision summary or the minutes to everyone on the list still waiting."""

    def __init__(
        self, vault: Vault, meeting_id: int, case_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.meeting_id = meeting_id
        self.case_id = case_id
        self.sent: list[SentCopy] = []
        self.setWindowTitle("Send the papers")
        layout = QVBoxLayout(self)
        listed = distribution.distribution(vault, meeting_id)
        lines = "\n".join(f"• {_line(r)}" for r in listed.recipients)
        intro = QLabel(
            "Each person on the list gets their own copy: a PDF in the folder you choose, "
            "with an unsent e-mail beside it for those sent by secure e-mail (open it in "
            "your mail program and send it). Each copy is written in the sharing log.\n\n" + lines
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(intro)
        self.summary = QRadioButton("The &decision summary")
        self.minutes = QRadioButton("The full &minutes")
        self.summary.setChecked(True)
        layout.addWidget(self.summary)
        layout.addWidget(self.minutes)
        self.locked = QRadioButton("Lock each PDF with a &password")
        self.unlocked = QRadioButton("No pass&word (hand-delivered or sent by a secure route)")
        self.unlocked.setChecked(True)
        layout.addWidget(self.unlocked)
        layout.addWidget(self.locked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        send = QPushButton("&Send…")
        send.setDefault(True)
        buttons.addButton(send, QDialogButtonBox.ButtonRole.AcceptRole)
        send.clicked.connect(self._send)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if not listed.confirmed:
            send.setEnabled(False)
            need = QLabel("Confirm the distribution list first.")
            need.setObjectName("error")
            layout.insertWidget(1, need)
        self.summary.setFocus()

    def _send(self) -> None:
        what = Paperwork.DECISION_SUMMARY if self.summary.isChecked() else Paperwork.MINUTES
        password = ""
        if self.locked.isChecked():
            asked = PasswordDialog(self)
            if not asked.exec():
                return
            password = asked.chosen
        start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        folder = QFileDialog.getExistingDirectory(self, "Where to put the copies", start)
        if not folder:
            return
        grounds: dict[int, str] = {}
        not_sending: dict[int, str] = {}
        try:
            for question in distribution.consent_questions(self.vault, self.meeting_id, what):
                check = consent.sharing_check(self.vault, self.case_id, question.agency)
                asked_share = ShareQuestion(check, what.label.lower(), self)
                if not asked_share.exec():
                    return
                if asked_share.share.isChecked():
                    grounds[question.recipient_id] = asked_share.grounds.toPlainText()
                else:
                    not_sending[question.recipient_id] = asked_share.reason.toPlainText()
            # Each copy is gathered, written and logged here (the vault's thread) and
            # made on the background runner; Cancel stops between copies.
            with LongWork(self, "Send", "Getting the copies ready…") as work:
                self.sent = distribution.send_paperwork(
                    self.vault,
                    self.meeting_id,
                    what,
                    Path(folder),
                    password=password,
                    grounds=grounds,
                    not_sending=not_sending,
                    progress=work.progress,
                    make=lambda pending: work.run(pending.make),
                )
        except distribution.SendStopped as stopped:
            self.sent = stopped.sent
            QMessageBox.information(self, "Send", str(stopped))
            if self.sent:
                self.accept()
            return
        except TacError as error:
            QMessageBox.warning(self, "Send", str(error))
            return
        self._report(Path(folder), password)
        self.accept()

    def _report(self, folder: Path, password: str) -> None:
        if not self.sent:
            QMessageBox.information(self, "Send", "Everyone on the list already has theirs.")
            return
        emails = sum(1 for s in self.sent if s.email_draft is not None)
        to_print = [s for s in self.sent if s.delivery is not Delivery.SECURE_EMAIL]
        text = (
            f"{len(self.sent)} cop{'ies' if len(self.sent) != 1 else 'y'} made in {folder}: "
            f"{emails} e-mail draft{'s' if emails != 1 else ''} to open and send"
            + (f", {len(to_print)} to print (post or by hand)." if to_print else ".")
        )
        if not to_print:
            QMessageBox.information(self, "Send", text)
            return
        answer = QMessageBox.question(
            self,
            "Send",
            text + "\n\nPrint the copies that go by post or by hand now?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._print(to_print, password)

    def _print(self, copies: list[SentCopy], password: str) -> None:
        """Print the copies one after another, each page by page on the background runner
        (the window keeps painting); Cancel stops between pages. The copies stay in the
        folder, so whatever was not printed can be printed from there later."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        unreadable: list[str] = []
        try:
            with LongWork(self, "Print the copies", "Printing…") as work:
                for number, item in enumerate(copies):
                    work.step(f"Printing the copy for {item.name}", number, len(copies))
                    printer.setDocName(item.pdf.name)
                    if not work.run(partial(_print_one, item.pdf, printer, password)):
                        unreadable.append(item.pdf.name)
        except Stopped as stopped:
            QMessageBox.information(
                self,
                "Print",
                f"{stopped} The copies are all in their folder; print the others from there.",
            )
            return
        except TacError as error:
            QMessageBox.warning(self, "Print", str(error))
            return
        if unreadable:
            QMessageBox.warning(
                self,
                "Print",
                "These copies could not be printed (the printer or the file could not be "
                f"used): {', '.join(unreadable)}. They are in their folder; print them from "
                "there.",
            )
