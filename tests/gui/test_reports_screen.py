"""Absent professionals through the real window (offscreen, demo vault): a report form
made from the Documents menu, filled by another tool (pypdf), opened or dropped back in,
confirmed and seen in the meeting; refusals store nothing; outcome summaries recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QAbstractButton, QDialog, QFileDialog, QLabel

from tac_desktop.core.models import AttendanceMode, MeetingStatus
from tac_desktop.core.services import cases, documents, meetings, reports
from tac_desktop.gui.documents.preview import DocumentPreview
from tac_desktop.gui.documents.reports import ChoiceDialog, ConfirmReportDialog
from tac_desktop.gui.meeting.parts.reports import ReportsPart
from tac_desktop.gui.meeting.screen import MeetingScreen
from tac_desktop.gui.shell.main_window import MainWindow
from tests.core.helpers import audit_rows
from tests.core.test_reports import REPORT, fill_with_pypdf
from tests.gui.test_main_window import when_dialog_opens
from tests.gui.test_meeting_screen import _mnemonics, open_case, vault_of

CASE = "TAC-2026-0101"  # Zoë; Dr Samuel Osei (CAMHS) is invited to the draft review


def _meeting(window: MainWindow, status: MeetingStatus) -> int:
    vault = vault_of(window)
    rows = meetings.list_meetings(vault, cases.find_case_id(vault, CASE))
    return next(m.id for m in rows if m.status is status)


def _open(qtbot, window: MainWindow, status: MeetingStatus) -> MeetingScreen:  # type: ignore[no-untyped-def]
    open_case(qtbot, window, CASE)
    window.open_meeting(_meeting(window, status))
    screen = window.meeting_screen
    assert screen is not None and screen.isVisible()
    return screen


def _reports_part(screen: MeetingScreen) -> ReportsPart:
    page = screen.pages["reports"]
    part = page.part(ReportsPart)
    assert isinstance(part, ReportsPart)
    return part


def _osei(window: MainWindow, meeting_id: int) -> meetings.AttendeeView:
    view = meetings.get_meeting(vault_of(window), meeting_id)
    return next(a for a in view.attendees if a.name == "Dr Samuel Osei")


def _form(window: MainWindow, meeting_id: int) -> bytes:
    vault = vault_of(window)
    who = reports.find_recipient(vault, meeting_id, "Dr Samuel Osei")
    return reports.report_form_document(vault, meeting_id, who.attendance_id).pdf


@pytest.fixture
def quiet(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Message boxes answered at once; what they said is kept to check."""
    said: dict[str, list[str]] = {"warning": [], "information": []}
    for kind in said:

        def box(*args: object, kind: str = kind, **_kw: object) -> None:
            said[kind].append(str(args[2]))

        monkeypatch.setattr(f"tac_desktop.gui.documents.reports.QMessageBox.{kind}", box)
        monkeypatch.setattr(f"tac_desktop.gui.documents.preview.QMessageBox.{kind}", box)
    return said


def test_form_out_filled_elsewhere_and_back_in_through_the_menu(
    qtbot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    quiet: dict[str, list[str]],  # type: ignore[no-untyped-def]
) -> None:
    screen = _open(qtbot, window, MeetingStatus.DRAFT)
    meeting_id = _meeting(window, MeetingStatus.DRAFT)
    assert screen.report_form_action.isEnabled()
    assert not screen.outcome_action.isEnabled()
    assert "finalised" in screen.outcome_action.toolTip()

    # Report form for…: choose the professional, preview, save where the chair says.
    saved = tmp_path / "form.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(saved), ""))
    )
    seen: dict[str, object] = {}

    def preview_and_save(dialog: QDialog) -> None:
        assert isinstance(dialog, DocumentPreview)
        seen["title"] = dialog.windowTitle()
        seen["pages"] = dialog.pdf.pageCount()
        seen["file"] = dialog.document.file_name
        dialog.save_document(locked=False)
        dialog.reject()

    def choose(dialog: QDialog) -> None:
        assert isinstance(dialog, ChoiceDialog)
        rows = [dialog.choices.item(i).text() for i in range(dialog.choices.count())]
        seen["rows"] = rows
        seen["default"] = dialog.choices.currentItem().text()
        osei = next(i for i, text in enumerate(rows) if text.startswith("Dr Samuel Osei"))
        dialog.choices.setCurrentRow(osei)
        when_dialog_opens(preview_and_save)
        dialog.ok_button.click()

    when_dialog_opens(choose)
    screen.report_form_action.trigger()
    qtbot.waitUntil(lambda: saved.exists())
    assert "Dr Samuel Osei" in str(seen["title"]) and int(str(seen["pages"])) >= 2
    assert CASE in str(seen["file"]) and "Osei" not in str(seen["file"])  # no names in files
    default = str(seen["default"])  # someone not recorded as coming is offered first
    assert not any(w in default for w in ("(Present", "(Joined by phone", "(Represented"))
    assert not any("Zoë" in row for row in seen["rows"])  # type: ignore[attr-defined]

    # Filled by another tool, then Open a returned report…
    filled = tmp_path / "returned.pdf"
    filled.write_bytes(fill_with_pypdf(saved.read_bytes(), REPORT))
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(filled), ""))
    )
    shown: dict[str, str] = {}

    def confirm(dialog: QDialog) -> None:
        assert isinstance(dialog, ConfirmReportDialog)
        shown["contents"] = dialog.contents.toPlainText()
        shown["effect"] = dialog.effect.text()
        shown["button"] = dialog.store_button.text()
        shown["other"] = str(dialog.other_meeting.isVisible())
        dialog.store_button.click()

    when_dialog_opens(confirm)
    screen.open_report_action.trigger()
    assert REPORT["worries_seen"] in shown["contents"]
    assert "Sent a written report" in shown["effect"]
    assert shown["button"] == "&Store this report" and shown["other"] == "False"
    assert not quiet["warning"], quiet

    # In the meeting: attendance, the reports section, the returned forms list.
    osei = _osei(window, meeting_id)
    assert osei.mode is AttendanceMode.WRITTEN_REPORT
    assert REPORT["recommendations"] in osei.report_text
    part = _reports_part(screen)
    screen.go_to_section("reports")
    assert REPORT["recommendations"] in part.reports.text()
    received = part.received
    assert received.tree.topLevelItemCount() == 1
    row = received.tree.topLevelItem(0)
    assert row is not None and row.text(0).startswith("Dr Samuel Osei")
    assert row.text(2) == "In use"
    assert received.open_button.isVisible() and received.open_button.isEnabled()

    # Keys stay distinct with the list and its button on screen.
    texts = [a.text() for a in window.menuBar().actions()]
    texts += [b.text() for b in window.findChildren(QAbstractButton) if b.isVisible() and b.text()]
    texts += [
        label.text()
        for label in window.findChildren(QLabel)
        if label.isVisible() and label.buddy() is not None
    ]
    letters = _mnemonics(texts)
    assert len(letters) == len(set(letters)), texts

    # The returned PDF, exactly as it arrived, in the preview.
    opened: list[tuple[int, bool]] = []

    def look(dialog: QDialog) -> None:
        assert isinstance(dialog, DocumentPreview)
        opened.append((dialog.pdf.pageCount(), dialog.document.pdf == filled.read_bytes()))
        dialog.reject()

    when_dialog_opens(look)
    received.open_button.click()
    assert opened and opened[0][0] >= 2 and opened[0][1]


def test_a_second_return_asks_to_replace(
    qtbot,
    window: MainWindow,
    tmp_path: Path,
    quiet: dict[str, list[str]],  # type: ignore[no-untyped-def]
) -> None:
    screen = _open(qtbot, window, MeetingStatus.DRAFT)
    meeting_id = _meeting(window, MeetingStatus.DRAFT)
    vault = vault_of(window)
    form = _form(window, meeting_id)
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    first.write_bytes(fill_with_pypdf(form, {"involvement": "First version."}))
    second.write_bytes(fill_with_pypdf(form, {"involvement": "Second version, corrected."}))
    reports.store_report(vault, reports.read_report(vault, first.read_bytes()))
    screen.reload()

    asked: list[tuple[str, str]] = []

    def answer(store: bool) -> None:
        def act(dialog: QDialog) -> None:
            assert isinstance(dialog, ConfirmReportDialog)
            asked.append((dialog.store_button.text(), dialog.effect.text()))
            if store:
                dialog.store_button.click()
            else:
                dialog.reject()

        when_dialog_opens(act)

    answer(store=False)
    assert not screen.import_report_file(second)
    assert asked[0][0] == "&Replace the earlier report"
    assert "already stored" in asked[0][1] and "both are kept" in asked[0][1]
    assert len(reports.received_reports(vault, meeting_id)) == 1  # cancelled: nothing

    answer(store=True)
    assert screen.import_report_file(second)
    stored = reports.received_reports(vault, meeting_id)
    assert [s.answers["involvement"] for s in stored] == [
        "First version.",
        "Second version, corrected.",
    ]
    assert "Second version, corrected." in _osei(window, meeting_id).report_text
    states = [
        item.text(2)
        for i in range(_reports_part(screen).received.tree.topLevelItemCount())
        if (item := _reports_part(screen).received.tree.topLevelItem(i)) is not None
    ]
    assert states[0].startswith("Replaced on") and states[1] == "In use"

    # The very same file again: said plainly, nothing changed.
    answer(store=True)
    assert not screen.import_report_file(second)
    assert quiet["information"] and "same file" in quiet["information"][-1]
    assert len(reports.received_reports(vault, meeting_id)) == 2


def test_foreign_damaged_and_huge_files_are_refused_and_nothing_is_stored(
    qtbot,
    window: MainWindow,
    tmp_path: Path,
    quiet: dict[str, list[str]],  # type: ignore[no-untyped-def]
) -> None:
    screen = _open(qtbot, window, MeetingStatus.DRAFT)
    meeting_id = _meeting(window, MeetingStatus.DRAFT)
    vault = vault_of(window)
    minutes = tmp_path / "minutes.pdf"
    minutes.write_bytes(documents.minutes_document(vault, meeting_id).pdf)
    filled = fill_with_pypdf(_form(window, meeting_id), REPORT)
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(filled[: len(filled) // 2])
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as stream:  # sparse: 21 MB on paper, nothing on disk
        stream.write(b"%PDF-1.7\n")
        stream.truncate(reports.MAX_REPORT_BYTES + 1_048_576)
    letter = tmp_path / "letter.pdf"
    letter.write_text("Dear chair, here is my report.", encoding="utf-8")
    before = len(audit_rows(vault))
    for path, words in (
        (minutes, "not a TAC Desktop report form"),
        (cut, "damaged"),
        (huge, "limit is 20 MB"),
        (letter, "not a PDF"),
        (tmp_path / "gone.pdf", "no longer there"),
    ):
        assert not screen.import_report_file(path)
        assert words in quiet["warning"][-1], quiet["warning"][-1]
        assert "nothing was imported" in quiet["warning"][-1].lower()
    assert reports.received_reports(vault, meeting_id) == []
    assert len(audit_rows(vault)) == before
    assert _osei(window, meeting_id).mode is not AttendanceMode.WRITTEN_REPORT


def test_huge_file_is_refused_before_it_is_read(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The size is checked from the file system: not one byte of it is read."""
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as stream:
        stream.truncate(reports.MAX_REPORT_BYTES + 1)
    opened: list[Path] = []
    real_open = Path.open

    def spy(self: Path, *args: object, **kwargs: object) -> object:
        opened.append(self)
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", spy)
    with pytest.raises(reports.ReportRefused, match="limit is 20 MB"):
        reports.read_report_file(object(), huge)  # type: ignore[arg-type]  # never reached
    assert huge not in opened


# PySide marks QDragEnterEvent's only constructor deprecated; Qt itself does not.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_a_dropped_pdf_goes_the_same_way(
    qtbot,
    window: MainWindow,
    tmp_path: Path,
    quiet: dict[str, list[str]],  # type: ignore[no-untyped-def]
) -> None:
    screen = _open(qtbot, window, MeetingStatus.DRAFT)
    meeting_id = _meeting(window, MeetingStatus.DRAFT)
    filled = tmp_path / "Osei report.pdf"
    filled.write_bytes(fill_with_pypdf(_form(window, meeting_id), REPORT))

    def mime(*paths: Path | str) -> QMimeData:
        data = QMimeData()
        data.setUrls([QUrl(p) if isinstance(p, str) else QUrl.fromLocalFile(str(p)) for p in paths])
        return data

    def enter(data: QMimeData) -> bool:
        event = QDragEnterEvent(
            QPoint(20, 20),
            Qt.DropAction.CopyAction,
            data,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        screen.dragEnterEvent(event)
        return event.isAccepted()

    text = tmp_path / "notes.txt"
    text.write_text("not a report", encoding="utf-8")
    assert not enter(mime(filled, filled))  # one file at a time
    assert not enter(mime(text))
    assert not enter(mime("https://example.org/report.pdf"))
    data = mime(filled)
    assert enter(data)

    confirmed = _drop_and_store(qtbot, screen, data, window, meeting_id)
    assert confirmed and REPORT["involvement"] in confirmed[0]
    assert _osei(window, meeting_id).mode is AttendanceMode.WRITTEN_REPORT


def test_outcome_summary_is_previewed_and_its_saving_recorded(
    qtbot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    quiet: dict[str, list[str]],  # type: ignore[no-untyped-def]
) -> None:
    screen = _open(qtbot, window, MeetingStatus.FINALISED)
    assert screen.outcome_action.isEnabled()
    assert not screen.report_form_action.isEnabled()
    assert "finalised" in screen.report_form_action.toolTip()
    vault = vault_of(window)
    agencies = reports.summary_agencies(vault, _meeting(window, MeetingStatus.FINALISED))
    target = tmp_path / "summary.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    seen: list[str] = []

    def closed_unsaved(dialog: QDialog) -> None:
        assert isinstance(dialog, DocumentPreview)
        dialog.reject()

    def preview_and_save(dialog: QDialog) -> None:
        assert isinstance(dialog, DocumentPreview)
        seen.append(dialog.windowTitle())
        assert dialog.pdf.pageCount() >= 1
        dialog.save_document(locked=False)
        dialog.reject()

    def choose(then: object) -> None:
        def act(dialog: QDialog) -> None:
            assert isinstance(dialog, ChoiceDialog)
            rows = [dialog.choices.item(i).text() for i in range(dialog.choices.count())]
            assert rows == agencies
            dialog.choices.setCurrentRow(rows.index("Riverside CAMHS"))
            when_dialog_opens(then)  # type: ignore[arg-type]
            dialog.ok_button.click()

        when_dialog_opens(act)

    # Looked at and closed without saving: nothing is recorded as sent.
    choose(closed_unsaved)
    screen.outcome_action.trigger()
    assert not [r for r in audit_rows(vault) if str(r[1]).startswith("summary sent")]

    choose(preview_and_save)
    screen.outcome_action.trigger()
    assert target.exists() and seen and "Riverside CAMHS" in seen[0]
    sent = [r[1] for r in audit_rows(vault) if str(r[1]).startswith("summary sent")]
    assert sent == ["summary sent to Riverside CAMHS"]


def test_a_form_sent_locked_asks_for_its_password_when_it_comes_back(
    qtbot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    quiet: dict[str, list[str]],  # type: ignore[no-untyped-def]
) -> None:
    """Saved with a password, the form comes back filled in and still locked: the
    program asks for the password (hidden as typed) instead of refusing the file."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    from tac_desktop.core.documents import protect

    screen = _open(qtbot, window, MeetingStatus.DRAFT)
    meeting_id = _meeting(window, MeetingStatus.DRAFT)
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(protect(fill_with_pypdf(_form(window, meeting_id), REPORT), "sesame"))
    typed = iter([("wrong", True), ("sesame", True)])
    prompts: list[str] = []

    def ask(parent: object, title: str, label: str, mode: QLineEdit.EchoMode) -> tuple[str, bool]:
        assert mode is QLineEdit.EchoMode.Password
        prompts.append(label)
        return next(typed)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(ask))
    when_dialog_opens(lambda dialog: dialog.store_button.click())  # type: ignore[attr-defined]
    assert screen.import_report_file(locked)
    assert "import it with that password" in prompts[0]
    assert "does not open with the password given" in prompts[1]
    assert REPORT["involvement"] in _osei(window, meeting_id).report_text

    # Cancelled at the question: nothing imported, nothing said.
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a: ("", False)))
    assert not screen.import_report_file(locked)
    assert quiet["warning"] == []


# PySide marks QDropEvent's constructor deprecated; Qt itself does not.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_a_word_form_chosen_for_one_professional_goes_out_and_comes_back(
    qtbot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    quiet: dict[str, list[str]],  # type: ignore[no-untyped-def]
) -> None:
    from tests.core.test_report_form_word import ANSWERS, fill_word

    screen = _open(qtbot, window, MeetingStatus.DRAFT)
    meeting_id = _meeting(window, MeetingStatus.DRAFT)
    saved = tmp_path / "osei-form"  # no suffix typed: .docx is added
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(saved), ""))
    )
    offered: list[str] = []

    def choose(dialog: QDialog) -> None:
        assert isinstance(dialog, ChoiceDialog)
        offered.extend(b.text() for b in dialog.kind_buttons.values())
        assert dialog.chosen_kind() == "pdf"  # the PDF unless the chair says otherwise
        rows = [dialog.choices.item(i).text() for i in range(dialog.choices.count())]
        dialog.choices.setCurrentRow(
            next(i for i, text in enumerate(rows) if text.startswith("Dr Samuel Osei"))
        )
        dialog.kind_buttons["docx"].setChecked(True)
        dialog.ok_button.click()

    when_dialog_opens(choose)
    screen.report_form_action.trigger()
    word = saved.with_name("osei-form.docx")
    qtbot.waitUntil(word.exists)
    assert len(offered) == 5 and "Word" in offered[-1]  # PDF in four sets of letters, Word
    assert quiet["information"] and "osei-form.docx" in quiet["information"][-1]
    assert not quiet["warning"], quiet

    filled = tmp_path / "Osei report.docx"
    filled.write_bytes(fill_word(word.read_bytes(), ANSWERS))
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(filled))])
    confirmed = _drop_and_store(qtbot, screen, data, window, meeting_id)
    assert confirmed and ANSWERS["worries_told"] in confirmed[0]
    assert _osei(window, meeting_id).mode is AttendanceMode.WRITTEN_REPORT

    # The returned Word form, exactly as it arrived, saved to open in Word.
    part = _reports_part(screen)
    screen.go_to_section("reports")
    back = tmp_path / "as-it-arrived.docx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(back), ""))
    )
    part.received.open_button.click()
    assert back.read_bytes() == filled.read_bytes()

    # A macro-enabled copy dropped on the screen is taken, then refused plainly.
    docm = tmp_path / "report.docm"
    docm.write_bytes(filled.read_bytes())
    assert screen.import_report_file(docm) is False
    assert "macros" in quiet["warning"][-1]


def _drop_and_store(qtbot, screen, data: QMimeData, window, meeting_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    """Drop ``data`` on the meeting screen, store the report its dialog shows, and return
    the text the dialog showed."""
    confirmed: list[str] = []

    def confirm(dialog: QDialog) -> None:
        assert isinstance(dialog, ConfirmReportDialog)
        confirmed.append(dialog.contents.toPlainText())
        dialog.store_button.click()

    when_dialog_opens(confirm)
    drop = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    screen.dropEvent(drop)
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: bool(reports.received_reports(vault_of(window), meeting_id)))
    return confirmed


def test_a_pdf_form_for_cyrillic_chosen_for_one_professional(
    qtbot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    quiet: dict[str, list[str]],  # type: ignore[no-untyped-def]
) -> None:
    """The chair picks the letters a PDF form's boxes carry, per professional."""
    from pypdf import PdfReader

    screen = _open(qtbot, window, MeetingStatus.DRAFT)
    saved = tmp_path / "form.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(saved), ""))
    )

    def preview_and_save(dialog: QDialog) -> None:
        assert isinstance(dialog, DocumentPreview)
        dialog.save_document(locked=False)
        dialog.reject()

    def choose(dialog: QDialog) -> None:
        assert isinstance(dialog, ChoiceDialog)
        rows = [dialog.choices.item(i).text() for i in range(dialog.choices.count())]
        dialog.choices.setCurrentRow(
            next(i for i, text in enumerate(rows) if text.startswith("Dr Samuel Osei"))
        )
        assert "Ukrainian" in dialog.kind_buttons["pdf-cyrillic"].text()
        dialog.kind_buttons["pdf-cyrillic"].setChecked(True)
        when_dialog_opens(preview_and_save)
        dialog.ok_button.click()

    when_dialog_opens(choose)
    screen.report_form_action.trigger()
    qtbot.waitUntil(saved.exists)
    font = PdfReader(saved).trailer["/Root"]["/AcroForm"]["/DR"]["/Font"]["/NotoSans"]
    assert "/afii10050" in font.get_object()["/Encoding"]["/Differences"]  # Ґ
    assert not quiet["warning"], quiet


def test_report_form_is_logged_only_once_it_leaves(
    qtbot, demo_vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quiet: dict[str, list[str]]
) -> None:  # type: ignore[no-untyped-def]
    """ "report form made" goes in the audit log when the form is saved (or printed), not
    when it is only made and then closed unsaved, or its saving cancelled."""
    import json

    from PySide6.QtWidgets import QWidget

    from tac_desktop.gui.documents import reports as report_documents
    from tests.core.helpers import audit_rows

    meeting_id = next(
        m.id
        for m in meetings.list_meetings(demo_vault, cases.find_case_id(demo_vault, CASE))
        if m.status is MeetingStatus.DRAFT
    )
    osei = reports.find_recipient(demo_vault, meeting_id, "Dr Samuel Osei").attendance_id
    kind = {"chosen": "pdf"}
    monkeypatch.setattr(
        ChoiceDialog,
        "exec",
        lambda self: (
            self.choices.setCurrentRow(
                next(
                    i
                    for i in range(self.choices.count())
                    if self.choices.item(i).text().startswith("Dr Samuel Osei")
                )
            ),
            self.kind_buttons[kind["chosen"]].setChecked(True),
            1,
        )[-1],
    )
    monkeypatch.setattr(  # they are recorded as coming: make the form anyway
        "tac_desktop.gui.documents.reports.QMessageBox.question",
        lambda *a, **k: report_documents.QMessageBox.StandardButton.Yes,
    )
    saving = {"to": ""}
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (saving["to"], ""))
    )

    def preview(self: DocumentPreview) -> int:
        if saving["to"]:
            self.save_document(locked=False)
        return 0

    monkeypatch.setattr(DocumentPreview, "exec", preview)
    parent = QWidget()
    qtbot.addWidget(parent)

    def logged() -> list[dict[str, object]]:
        rows = audit_rows(demo_vault)
        return [json.loads(str(row[3])) for row in rows if row[1] == "report form made"]

    before = logged()
    report_documents.make_report_form(demo_vault, meeting_id, parent)  # closed, not saved
    kind["chosen"] = "docx"
    report_documents.make_report_form(demo_vault, meeting_id, parent)  # saving cancelled
    assert logged() == before
    saving["to"] = str(tmp_path / "form.pdf")
    kind["chosen"] = "pdf"
    report_documents.make_report_form(demo_vault, meeting_id, parent)
    saving["to"] = str(tmp_path / "form.docx")
    kind["chosen"] = "docx"
    report_documents.make_report_form(demo_vault, meeting_id, parent)
    assert (tmp_path / "form.pdf").exists() and (tmp_path / "form.docx").exists()
    assert logged() == [
        *before,
        {"meeting": meeting_id, "attendance": osei, "kind": "pdf", "to": "form.pdf"},
        {"meeting": meeting_id, "attendance": osei, "kind": "docx", "to": "form.docx"},
    ]
