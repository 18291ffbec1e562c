"""Who reads what, Show the copy for…, the distribution list and Send, on screen.

Driven with pytest-qt over a real demo vault; dialogs that would block (file choosers,
message boxes) are answered by monkeypatching. Every person here is invented.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from tac_desktop.core.models import CopyKind, Delivery, MeetingStatus
from tac_desktop.core.practice.readers import Reader
from tac_desktop.core.services import cases, consent, copies, distribution, meetings
from tac_desktop.core.vault import Vault
from tac_desktop.gui.documents import copies as copies_screen
from tac_desktop.gui.documents.distribution import DistributionDialog, SendDialog
from tac_desktop.gui.documents.preview import DocumentPreview

NOWAK = "TAC-2026-0102"


def _meeting(vault: Vault) -> tuple[int, int]:
    case_id = cases.find_case_id(vault, NOWAK)
    meeting_id = [
        m.id for m in meetings.list_meetings(vault, case_id) if m.status is MeetingStatus.FINALISED
    ][-1]
    return case_id, meeting_id


def test_who_reads_what_lists_items_and_each_family_copy_at_a_glance(
    qtbot, demo_vault: Vault
) -> None:  # type: ignore[no-untyped-def]
    case_id, meeting_id = _meeting(demo_vault)
    dialog = copies_screen.CopyMarksDialog(demo_vault, meeting_id, case_id)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == len(copies.marked_items(demo_vault, meeting_id))
    assert "Agnieszka Nowak: " in dialog.glance.text()
    texts = [dialog.model.rows[r].audience_words for r in range(dialog.model.rowCount())]
    assert "Professionals only" in texts and "For everyone" in texts
    assert dialog.table.hasFocus() or dialog.table.currentIndex().isValid()


def test_marking_an_item_needs_a_reason_and_shows_at_once(qtbot, demo_vault: Vault) -> None:  # type: ignore[no-untyped-def]
    case_id, meeting_id = _meeting(demo_vault)
    item = next(
        i for i in copies.marked_items(demo_vault, meeting_id) if i.access.professionals_only
    )
    people = [(p.id, p.display_name) for p in cases.get_case(demo_vault, case_id).people]
    mark = copies_screen.MarkDialog(demo_vault, meeting_id, item, people)
    qtbot.addWidget(mark)
    mark.everyone.setChecked(True)
    mark._try_save()
    assert mark.result() != QDialog.DialogCode.Accepted
    assert "Say why" in mark._error.text()
    mark.reason.setPlainText("She asked for her copy to include it.")
    mark.people[-1][1].setChecked(True)  # not for the last person listed
    mark._try_save()
    assert mark.result() == QDialog.DialogCode.Accepted
    after = next(i for i in copies.marked_items(demo_vault, meeting_id) if i.key == item.key)
    assert after.access.marked and not after.access.professionals_only
    assert after.withheld_from == (people[-1][1],)


def test_show_the_copy_for_a_family_member_names_them_and_counts_what_is_left_out(
    qtbot, demo_vault: Vault
) -> None:  # type: ignore[no-untyped-def]
    _case_id, meeting_id = _meeting(demo_vault)
    reader = copies.find_reader(demo_vault, meeting_id, "Agnieszka Nowak")
    preview = copies_screen.preview_copy(
        demo_vault, meeting_id, reader, copies_screen.MINUTES, None
    )
    assert isinstance(preview, DocumentPreview)
    qtbot.addWidget(preview)
    assert "Agnieszka Nowak" in preview.banner.text()
    assert "left out" in preview.banner.text()
    assert not preview.banner.isHidden()
    assert "family copy" in preview.windowTitle()


def test_a_marked_person_cannot_be_chosen_for_a_copy(qtbot, demo_vault: Vault) -> None:  # type: ignore[no-untyped-def]
    case_id, meeting_id = _meeting(demo_vault)
    tomasz = next(
        p for p in cases.get_case(demo_vault, case_id).people if p.name == "Tomasz Kowalczyk"
    )
    copies.set_no_information(demo_vault, tomasz.id, True, "Non-molestation order")
    dialog = copies_screen.ShowCopyDialog(demo_vault, meeting_id)
    qtbot.addWidget(dialog)
    index = next(
        i
        for i, c in enumerate(dialog.choices)
        if c.reader == Reader.family(tomasz.id, c.reader.name)
    )
    dialog.reader.setCurrentIndex(index)
    assert not dialog.show_button.isEnabled()
    assert "Non-molestation order" in dialog.refusal.text()


def test_distribution_is_confirmed_then_send_makes_each_copy(
    qtbot, demo_vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    case_id, meeting_id = _meeting(demo_vault)
    dialog = DistributionDialog(demo_vault, meeting_id)
    qtbot.addWidget(dialog)
    # Every professional by post (no addresses in the demo), checked row by row by keyboard.
    for row in range(dialog.model.rowCount()):
        dialog.list.setCurrentIndex(dialog.model.index(row, 0))
        if dialog.drafts[row].agency:
            dialog.delivery.setCurrentIndex(dialog.delivery.findData(Delivery.POST))
    dialog.list.setCurrentIndex(dialog.model.index(0, 0))
    dialog.delivery.setCurrentIndex(dialog.delivery.findData(Delivery.SECURE_EMAIL))
    dialog._confirm()
    assert dialog.result() != QDialog.DialogCode.Accepted  # no address yet
    assert "no email address" in dialog.error.text()
    qtbot.keyClicks(dialog.email, "megan.price@school.example.org")
    dialog._confirm()
    assert dialog.result() == QDialog.DialogCode.Accepted
    listed = distribution.distribution(demo_vault, meeting_id)
    assert listed.confirmed
    assert listed.recipients[0].email == "megan.price@school.example.org"

    folder = tmp_path / "copies"
    folder.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(folder))
    )
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No)
    )
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok)
    )
    # Agencies with nothing recorded are asked about: share on stated grounds.
    monkeypatch.setattr(
        "tac_desktop.gui.documents.distribution.ShareQuestion.exec",
        lambda self: (self.grounds.setPlainText("Child at risk: manager agreed"), 1)[1],
    )
    send = SendDialog(demo_vault, meeting_id, case_id)
    qtbot.addWidget(send)
    send.minutes.setChecked(True)
    send._send()
    made = [r for r in listed.recipients if r.copy is not CopyKind.NONE]
    assert len(send.sent) == len(made)
    assert len(list(folder.glob("*.pdf"))) == len(made)
    assert len(list(folder.glob("*.eml"))) == 1
    assert any("family copy" in e.what for e in consent.sharing_log(demo_vault, case_id))


def test_marking_a_person_from_the_family_network_needs_a_reason(qtbot, demo_vault: Vault) -> None:  # type: ignore[no-untyped-def]
    from tac_desktop.gui.cases.no_information import NoInformationDialog

    case_id = cases.find_case_id(demo_vault, "TAC-2026-0101")
    meeting_id = [
        m.id
        for m in meetings.list_meetings(demo_vault, case_id)
        if m.status is MeetingStatus.FINALISED
    ][-1]
    grant = next(p for p in cases.get_case(demo_vault, case_id).people if p.name == "Grant Pike")
    assert not grant.no_information
    dialog = NoInformationDialog(demo_vault, grant)
    qtbot.addWidget(dialog)
    qtbot.keyClick(dialog.marked, Qt.Key.Key_Space)  # by keyboard: the box has focus
    assert dialog.marked.isChecked()
    dialog._try_save()
    assert "Say why" in dialog._error.text()
    dialog.reason.setPlainText("Alleged perpetrator; lives apart from the family")
    dialog._try_save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    marked = next(p for p in cases.get_case(demo_vault, case_id).people if p.id == grant.id)
    assert marked.no_information
    choice = next(
        c for c in copies.readers(demo_vault, meeting_id) if c.reader.person_id == grant.id
    )
    assert "Alleged perpetrator" in choice.refused


def test_the_list_can_add_and_remove_people_and_a_mark_can_name_the_only_readers(
    qtbot, demo_vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QInputDialog

    case_id, meeting_id = _meeting(demo_vault)
    dialog = DistributionDialog(demo_vault, meeting_id)
    qtbot.addWidget(dialog)
    before = dialog.model.rowCount()
    candidates = [label for label, _draft in dialog._candidates()]
    assert "Maja Nowak (family)" in candidates  # on the case, not on the list yet
    monkeypatch.setattr(
        QInputDialog, "getItem", staticmethod(lambda *a, **k: ("Maja Nowak (family)", True))
    )
    dialog._add()
    assert dialog.model.rowCount() == before + 1
    assert dialog.drafts[-1].copy is CopyKind.FAMILY
    dialog.list.setCurrentIndex(dialog.model.index(0, 0))
    removed = dialog.drafts[0].name
    dialog._remove()
    dialog._confirm()
    assert dialog.result() == QDialog.DialogCode.Accepted
    names = [r.name for r in distribution.distribution(demo_vault, meeting_id).recipients]
    assert "Maja Nowak" in names and removed not in names

    item = next(
        i for i in copies.marked_items(demo_vault, meeting_id) if i.access.professionals_only
    )
    people = [(p.id, p.display_name) for p in cases.get_case(demo_vault, case_id).people]
    mark = copies_screen.MarkDialog(demo_vault, meeting_id, item, people)
    qtbot.addWidget(mark)
    mark.named.setChecked(True)
    maja = next(check for pid, check in mark.people if check.text() == "Maja Nowak")
    maja.setChecked(True)
    mark.reason.setPlainText("Her own worry, for her copy alone.")
    mark._try_save()
    assert mark.result() == QDialog.DialogCode.Accepted
    after = next(i for i in copies.marked_items(demo_vault, meeting_id) if i.key == item.key)
    assert after.audience_words == "Professionals and Maja Nowak only"
