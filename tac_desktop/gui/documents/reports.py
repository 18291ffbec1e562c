"""Absent professionals on the meeting screen: report forms out, returned reports in,
outcome summaries out.

Every PDF shown here goes through ``DocumentPreview`` (QtPdf). A returned report is
read by core, which takes only its field values (nothing in the file is run); the
chair sees what it holds and what storing it will do before anything is kept.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import QMimeData, QStandardPaths, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.documents import Document
from tac_desktop.core.documents.report_form import ALPHABETS, DEFAULT_ALPHABET
from tac_desktop.core.errors import TacError
from tac_desktop.core.models import AttendanceMode
from tac_desktop.core.progress import Progress, Stopped
from tac_desktop.core.services import meetings, reports
from tac_desktop.core.services.reports import (
    ReceivedReportView,
    ReportAlreadyReceived,
    ReportLocked,
    ReportPreview,
    ReportRecipient,
    ReturnedForm,
)
from tac_desktop.core.vault import Vault
from tac_desktop.gui.documents.before_sharing import ask_before_sharing
from tac_desktop.gui.documents.preview import PDF_FILTER, DocumentPreview
from tac_desktop.gui.shared.progress import LongWork, make_in_background

OPEN_TITLE = "Open a returned report"
WORD_FILTER = "Word documents (*.docx)"
RETURNED_FILTER = "Returned report forms (*.pdf *.docx)"
# The chair chooses per professional: the PDF by default, set for other letters or as
# Word for whoever asks (a PDF form's boxes carry at most 255 letters: report_form.py).
FORM_KINDS = [
    ("pdf", f"A fillable &PDF (any PDF reader): {ALPHABETS[DEFAULT_ALPHABET].choice}"),
    *(
        (f"pdf-{key}", f"A fillable PDF for {alphabet.choice}")
        for key, alphabet in ALPHABETS.items()
        if key != DEFAULT_ALPHABET
    ),
    (
        "docx",
        "A &Word document (.docx): for someone who writes in Word, or in an alphabet "
        "the PDF's boxes cannot show (such as Arabic)",
    ),
]


def form_alphabet(kind: str) -> str:
    """The letters a PDF form of ``kind`` (a FORM_KINDS key) carries."""
    return kind.removeprefix("pdf-") if kind.startswith("pdf-") else DEFAULT_ALPHABET


# Said they are coming: a form is rarely needed for them, so they are not chosen first.
COMING = frozenset({AttendanceMode.PRESENT, AttendanceMode.REMOTE, AttendanceMode.REPRESENTED})


def local_time(moment: datetime) -> str:
    """A stored moment (UTC) as the chair's clock shows it."""
    stamp = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    local = stamp.astimezone()
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def _plain_label(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(name)
    return label


# -- choosing -------------------------------------------------------------------------


class ChoiceDialog(QDialog):
    """Pick one from a short list: the professional a form is for, or an agency."""

    def __init__(
        self,
        title: str,
        intro: str,
        choices: list[tuple[str, object]],
        chosen_row: int,
        ok_text: str,
        parent: QWidget | None = None,
        kinds: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        label = _plain_label(intro, "What to choose")
        self.choices = QListWidget()
        self.choices.setAccessibleName(title)
        self.choices.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for text, value in choices:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, value)
            self.choices.addItem(item)
        if self.choices.count():
            self.choices.setCurrentRow(max(0, min(chosen_row, self.choices.count() - 1)))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.choices.itemActivated.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.choices, 1)
        # How the form is sent (PDF or Word), when there is a choice: one per kind.
        self.kind_buttons: dict[str, QRadioButton] = {}
        if kinds:
            group = QGroupBox("Send the form as")
            group_layout = QVBoxLayout(group)
            for number, (key, text) in enumerate(kinds):
                button = QRadioButton(text)
                button.setChecked(number == 0)
                group_layout.addWidget(button)
                self.kind_buttons[key] = button
            layout.addWidget(group)
        layout.addWidget(self.buttons)
        self.choices.setFocus()
        self.resize(520, 380 if kinds else 320)

    def chosen(self) -> object:
        item = self.choices.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def chosen_kind(self) -> str:
        """The kind chosen ("" when the dialog offers none)."""
        return next((k for k, b in self.kind_buttons.items() if b.isChecked()), "")


def recipient_text(recipient: ReportRecipient) -> str:
    who = ", ".join(t for t in (recipient.name, recipient.role, recipient.agency) if t)
    state = recipient.mode.label
    if recipient.report_received:
        state += "; report received"
    return f"{who}  ({state})"


def first_not_coming(recipients: list[ReportRecipient]) -> int:
    """The row to choose first: someone not coming whose report has not arrived."""
    for wanted in (
        lambda r: r.mode not in COMING and not r.report_received,
        lambda r: r.mode not in COMING,
    ):
        row = next((n for n, r in enumerate(recipients) if wanted(r)), -1)
        if row >= 0:
            return row
    return 0


# -- forms out ------------------------------------------------------------------------


def make_report_form(vault: Vault, meeting_id: int, parent: QWidget) -> Document | Path | None:
    """Choose an invited professional and PDF or Word; make their form and preview it
    (a PDF: save, print) or save it (Word). The Word form's path is returned."""
    try:
        recipients = reports.report_form_recipients(vault, meeting_id)
    except TacError as error:
        QMessageBox.warning(parent, "Report form", str(error))
        return None
    if not recipients:
        QMessageBox.information(
            parent,
            "Report form",
            "No professionals are invited to this meeting yet. Invite them under "
            "attendance, then make their form.",
        )
        return None
    dialog = ChoiceDialog(
        "Report form: choose the professional",
        "Who is the form for? Each form belongs to one person and comes back into this "
        "meeting. Those not recorded as coming are listed with how they take part.",
        [(recipient_text(r), r.attendance_id) for r in recipients],
        first_not_coming(recipients),
        "&Make the form",
        parent,
        kinds=FORM_KINDS,
    )
    if not dialog.exec():
        return None
    attendance_id = dialog.chosen()
    if not isinstance(attendance_id, int):
        return None
    chosen = next((r for r in recipients if r.attendance_id == attendance_id), None)
    question = reports.coming_question(chosen) if chosen is not None else None
    if question is not None:
        answer = QMessageBox.question(
            parent,
            "Report form",
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
    if dialog.chosen_kind() == "docx":
        return save_word_form(vault, meeting_id, attendance_id, parent)
    try:
        pending = reports.prepare_report_form(
            vault, meeting_id, attendance_id, form_alphabet(dialog.chosen_kind())
        )
        document = make_in_background(
            parent, "Report form", pending.document, "Making the report form…"
        )
    except TacError as error:
        QMessageBox.warning(parent, "Report form", str(error))
        return None
    if document is None:  # cancelled: nothing was made
        return None

    def left(how: str) -> None:  # saved or printed: only now is the form noted as made
        reports.record_form_made(vault, meeting_id, attendance_id, "pdf", how)

    DocumentPreview(vault, document, parent, left_the_room=left).exec()
    return document


def save_word_form(
    vault: Vault, meeting_id: int, attendance_id: int, parent: QWidget
) -> Path | None:
    """Make the Word form and save it where the chair says (a Word document has no
    preview here: it opens in Word or LibreOffice)."""
    try:
        pending = reports.prepare_word_form(vault, meeting_id, attendance_id)
        docx = make_in_background(parent, "Report form", pending.make, "Making the Word form…")
    except TacError as error:
        QMessageBox.warning(parent, "Report form", str(error))
        return None
    if docx is None:  # cancelled: nothing was made
        return None
    form = reports.word_form(pending, docx)
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    chosen, _ = QFileDialog.getSaveFileName(
        parent, "Save the Word form", str(Path(folder) / form.file_name), WORD_FILTER
    )
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != ".docx":
        path = path.with_name(path.name + ".docx")
    try:  # the file dialog has asked before replacing a file
        saved = reports.save_word_form(vault, form, path, force=True)
        reports.record_form_made(vault, meeting_id, attendance_id, "docx", saved.name)
    except TacError as error:
        QMessageBox.warning(parent, "Report form", str(error))
        return None
    QMessageBox.information(
        parent,
        "Report form",
        f"The Word form for {form.title.removeprefix('Report form for ')} was saved as "
        f"{saved.name}. Send it by secure e-mail; when it comes back filled in, open it "
        "here (Documents → Open a returned report…) or drop it on this screen.",
    )
    return saved


def make_outcome_summary(vault: Vault, meeting_id: int, parent: QWidget) -> tuple[str, Path] | None:
    """Choose an agency, preview its summary; once saved, note in the case's history
    that it went. Returns (agency, file) when it was saved."""
    try:
        agencies = reports.summary_agencies(vault, meeting_id)
    except TacError as error:
        QMessageBox.warning(parent, "Outcome summary", str(error))
        return None
    if not agencies:
        QMessageBox.information(
            parent,
            "Outcome summary",
            "No agency was invited to this meeting or holds a task from it, so there is "
            "no one to make a summary for.",
        )
        return None
    dialog = ChoiceDialog(
        "Outcome summary: choose the agency",
        "Which agency is it for? It holds the meeting's decisions, the next review and "
        "that agency's own tasks only, nothing about other agencies' work.",
        [(a, a) for a in agencies],
        0,
        "&Make the summary",
        parent,
    )
    if not dialog.exec():
        return None
    agency = dialog.chosen()
    if not isinstance(agency, str):
        return None
    case_id = meetings.get_meeting(vault, meeting_id).case_id
    basis = ask_before_sharing(vault, case_id, agency, "outcome summary", parent)
    if basis is None:  # not to be shared (and logged as such), or cancelled
        return None
    try:
        pending = reports.prepare_outcome_summary(vault, meeting_id, agency)
        document = make_in_background(
            parent, "Outcome summary", pending.document, "Making the outcome summary…"
        )
    except TacError as error:
        QMessageBox.warning(parent, "Outcome summary", str(error))
        return None
    if document is None:
        return None
    preview = DocumentPreview(vault, document, parent)
    preview.exec()
    if preview.saved_to is None:
        return None
    try:
        reports.record_summary_sent(
            vault, meeting_id, agency, preview.saved_to.name, "saved as a PDF to send", basis
        )
    except TacError as error:
        QMessageBox.warning(
            parent,
            "Outcome summary",
            f"The summary was saved, but sending it could not be noted: {error}",
        )
        return None
    return agency, preview.saved_to


# -- reports in -----------------------------------------------------------------------


class ConfirmReportDialog(QDialog):
    """What a returned form holds and what storing it will do: Store or Cancel."""

    def __init__(
        self, preview: ReportPreview, open_meeting_id: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(f"Report from {preview.name}")
        who = ", ".join(t for t in (preview.role, preview.agency) if t)
        held = f"{preview.held_on.day} {preview.held_on:%B %Y}"
        intro = _plain_label(
            f"A report from {preview.name}{f' ({who})' if who else ''} for the meeting "
            f"“{preview.meeting_title}” of {held}, case {preview.case_reference}. Check it "
            "is the report you expected before storing it.",
            "Whose report",
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        self.other_meeting = _plain_label(
            "This form was made for that meeting, not the one open on the screen. It will "
            "be stored with the meeting it names.",
            "Another meeting",
        )
        self.other_meeting.setObjectName("warning")
        self.other_meeting.setVisible(
            open_meeting_id is not None and open_meeting_id != preview.meeting_id
        )
        layout.addWidget(self.other_meeting)
        self.contents = QPlainTextEdit()
        self.contents.setReadOnly(True)
        self.contents.setPlainText(preview.text())
        self.contents.setAccessibleName("What the form contains")
        self.contents.setTabChangesFocus(True)
        contents_label = QLabel("What the form &contains:")
        contents_label.setBuddy(self.contents)
        layout.addWidget(contents_label)
        layout.addWidget(self.contents, 1)
        effect = preview.effect()
        if preview.already_received is not None:
            effect = (
                f"A report from {preview.name} for this meeting was already stored on "
                f"{local_time(preview.already_received)}. Storing this one replaces it; "
                "both are kept in the record. " + effect
            )
        self.effect = _plain_label(effect, "What will happen")
        layout.addWidget(QLabel("What will happen:"))
        layout.addWidget(self.effect)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.store_button = QPushButton(
            "&Replace the earlier report"
            if preview.already_received is not None
            else "&Store this report"
        )
        self.store_button.setDefault(True)
        self.buttons.addButton(self.store_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        screen = QGuiApplication.primaryScreen()
        height = screen.availableGeometry().height() if screen is not None else 900
        self.resize(640, min(640, max(420, int(height * 0.7))))
        self.contents.setFocus()


def choose_report_file(parent: QWidget) -> Path | None:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)
    path, _ = QFileDialog.getOpenFileName(
        parent, OPEN_TITLE, folder, f"{RETURNED_FILTER};;{PDF_FILTER};;{WORD_FILTER}"
    )
    return Path(path) if path else None


def _read_returned(path: Path, password: str, _progress: Progress) -> ReturnedForm:
    return reports.read_returned_file(path, password)


def import_report(
    vault: Vault, path: Path, open_meeting_id: int | None, parent: QWidget
) -> ReportPreview | None:
    """Read a returned form, show it for confirmation, store it. None when refused or
    cancelled (core's plain message shown; nothing stored)."""
    password = ""
    while True:
        try:
            # Read on the background runner (a large or flattened form takes a while),
            # matched to its meeting here (the vault's thread); Cancel stores nothing.
            with LongWork(parent, OPEN_TITLE, "Reading the returned form…") as work:
                returned = work.run(partial(_read_returned, path, password))
                work.step("Matching it to its meeting")
                preview = reports.check_returned(vault, returned)
        except Stopped:
            return None
        except ReportLocked as locked:  # sent locked, so it came back locked: ask
            password, given_now = QInputDialog.getText(
                parent,
                OPEN_TITLE,
                f"{locked}\n\nThe password the form was locked with:",
                QLineEdit.EchoMode.Password,
            )
            if not given_now or not password:
                return None
            continue
        except TacError as error:
            QMessageBox.warning(parent, OPEN_TITLE, str(error))
            return None
        break
    dialog = ConfirmReportDialog(preview, open_meeting_id, parent)
    if not dialog.exec():
        return None
    try:
        reports.store_report(vault, preview, replace=preview.already_received is not None)
    except ReportAlreadyReceived as already:
        QMessageBox.information(parent, OPEN_TITLE, str(already))
        return None
    except TacError as error:
        QMessageBox.warning(parent, OPEN_TITLE, str(error))
        return None
    return preview


# What a dropped file may be: a returned form, PDF or Word (a .docm or .doc is taken
# too, so that core says plainly why it is refused rather than the drop being ignored).
DROPPED_SUFFIXES = (".pdf", ".docx", ".docm", ".doc")


def dropped_pdf(mime: QMimeData) -> Path | None:
    """The one local returned form (PDF or Word) being dragged, or None (several files,
    a web link, another kind of file...)."""
    if not mime.hasUrls():
        return None
    urls = mime.urls()
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = Path(urls[0].toLocalFile())
    return path if path.suffix.lower() in DROPPED_SUFFIXES else None


# -- reports received -----------------------------------------------------------------


def received_state(report: ReceivedReportView) -> str:
    words = []
    if report.replaced_at is not None:
        words.append(f"replaced on {local_time(report.replaced_at)}")
    else:
        words.append("in use")
    if report.after_finalise:
        words.append("arrived after the meeting was finalised (added as an amendment)")
    return "; ".join(words).capitalize()


class ReceivedReportsList(QWidget):
    """The returned forms stored for a meeting, replaced ones too, each openable."""

    open_requested = Signal(int)

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.meeting_id: int | None = None
        self.rows: list[ReceivedReportView] = []
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Returned report forms")
        self.tree.setHeaderLabels(["From", "Received", "State"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.itemActivated.connect(lambda _item, _column: self.open_current())
        self.tree.currentItemChanged.connect(lambda *_: self._enable())
        self.empty = _plain_label(
            "No report forms have come back yet. Use Documents → Open a returned report…, "
            "or drop the returned PDF or Word form onto this screen.",
            "Returned report forms",
        )
        self.open_button = QPushButton("Open the returne&d form…")
        self.open_button.setToolTip(
            "Show the returned form exactly as it arrived (a Word form is saved to open in Word)"
        )
        self.open_button.clicked.connect(self.open_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.tree)
        layout.addLayout(buttons)

    def show_meeting(self, meeting_id: int) -> None:
        self.meeting_id = meeting_id
        try:
            rows = reports.received_reports(self.vault, meeting_id)
        except TacError as error:
            self.empty.setText(str(error))
            rows = []
        chosen = self.current_id()
        self.rows = rows
        self.tree.clear()
        for report in rows:
            who = report.name + (f" ({report.agency})" if report.agency else "")
            item = QTreeWidgetItem([who, local_time(report.received_at), received_state(report)])
            item.setData(0, Qt.ItemDataRole.UserRole, report.id)
            item.setToolTip(2, received_state(report))
            self.tree.addTopLevelItem(item)
            if report.id == chosen:
                self.tree.setCurrentItem(item)
        last = self.tree.topLevelItem(len(rows) - 1) if rows else None
        if self.tree.currentItem() is None and last is not None:
            self.tree.setCurrentItem(last)
        for column in (0, 1):
            self.tree.resizeColumnToContents(column)
        self.tree.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        if rows:
            row_height = self.tree.sizeHintForRow(0) if self.tree.topLevelItemCount() else 24
            header = self.tree.header().sizeHint().height()
            self.tree.setFixedHeight(header + row_height * min(len(rows), 5) + 8)
        self._enable()

    def current_id(self) -> int | None:
        item = self.tree.currentItem()
        return int(item.data(0, Qt.ItemDataRole.UserRole)) if item is not None else None

    def _enable(self) -> None:
        self.open_button.setVisible(bool(self.rows))
        self.open_button.setEnabled(self.current_id() is not None)

    def open_current(self) -> None:
        report_id = self.current_id()
        report = next((r for r in self.rows if r.id == report_id), None)
        if report is None:
            return
        show_received_report(self.vault, report, self)
        self.open_requested.emit(report.id)


def show_received_report(vault: Vault, report: ReceivedReportView, parent: QWidget) -> None:
    """The returned PDF as it arrived, in the usual preview (QtPdf; it can be saved).
    A returned Word form is saved where the chair says, to open in Word."""
    if report.word:
        save_received_word(vault, report, parent)
        return
    try:
        pdf = reports.received_report_pdf(vault, report.id)
    except TacError as error:
        QMessageBox.warning(parent, "Returned report", str(error))
        return
    document = Document(
        title=f"Returned report from {report.name}, received {local_time(report.received_at)}",
        file_name=f"returned-report-{report.id}.pdf",
        pdf=pdf,
    )
    DocumentPreview(vault, document, parent).exec()


def save_received_word(vault: Vault, report: ReceivedReportView, parent: QWidget) -> None:
    """Save a returned Word form exactly as it arrived (its text is in the meeting)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    chosen, _ = QFileDialog.getSaveFileName(
        parent,
        "Save the returned Word form",
        str(Path(folder) / f"returned-report-{report.id}.docx"),
        WORD_FILTER,
    )
    if not chosen:
        return
    try:  # the file dialog has asked before replacing a file
        reports.save_returned_file(vault, report.id, Path(chosen), force=True)
    except TacError as error:
        QMessageBox.warning(parent, "Returned report", str(error))


__all__ = [
    "ChoiceDialog",
    "ConfirmReportDialog",
    "ReceivedReportsList",
    "choose_report_file",
    "dropped_pdf",
    "import_report",
    "make_outcome_summary",
    "make_report_form",
    "save_received_word",
    "save_word_form",
    "show_received_report",
]
