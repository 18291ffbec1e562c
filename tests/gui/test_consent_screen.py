"""The case's Consent and sharing tab, and the revisits on My actions (demo vault;
everyone in it is invented)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tac_desktop.core.models import ConsentStatus, OverrideGrounds, ShareMethod
from tac_desktop.core.services import cases, consent
from tac_desktop.gui.consent.register import OverrideDialog
from tac_desktop.gui.consent.sharing_log import LogEntryDialog
from tac_desktop.gui.consent.tab import ConsentTab
from tac_desktop.gui.shell.main_window import MainWindow
from tests.gui.test_meeting_screen import open_case, vault_of
from tests.gui.test_tasks_screens import check_dialogs, save_button, when_dialog_opens

NOWAKS = "TAC-2026-0102"  # the dad, Tomasz, did not agree to the school being told


def consent_tab(qtbot, window: MainWindow, reference: str) -> ConsentTab:  # type: ignore[no-untyped-def]
    open_case(qtbot, window, reference)
    workspace = window.workspace
    assert workspace is not None
    workspace.tabs.setCurrentWidget(workspace.consent_tab)
    return workspace.consent_tab


def test_the_register_shows_answers_overrides_and_the_revisit(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    tab = consent_tab(qtbot, window, NOWAKS)
    model = tab.consent_model
    texts = {
        model.index(r, 0).data(): [model.index(r, c).data() for c in range(8)]
        for r in range(model.rowCount())
    }
    assert set(texts) == {"Łukasz Nowak", "Maja Nowak", "Agnieszka Nowak", "Tomasz Kowalczyk"}
    tomasz = texts["Tomasz Kowalczyk"]
    assert tomasz[2] == "✗ Did not agree"
    assert tomasz[3].startswith("⚠ Shared anyway") and "Delyth Rowlands" in tomasz[3]
    assert tomasz[4].startswith("Ask again")
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "Tomasz Kowalczyk")
    assert model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(0 if row else 1, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert texts["Maja Nowak"][2] == "✓ Agreed"
    assert tab.revisits.isVisible()
    assert (
        "Ask Tomasz Kowalczyk again about sharing with Bryn Primary School" in tab.revisits.text()
    )
    assert tab.log_model.rowCount() >= 4
    assert tab.consent_table.accessibleName() == "Consent register"


def test_the_override_form_will_not_save_without_grounds_and_approval(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    tab = consent_tab(qtbot, window, NOWAKS)
    model = tab.consent_model
    refused = next(
        r for r in range(model.rowCount()) if model.rows[r].status is ConsentStatus.REFUSED
    )
    tab.consent_table.setCurrentIndex(model.index(refused, 0))
    consent_id = model.rows[refused].id
    seen: list[str] = []

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, OverrideDialog)
        dialog.reasons.setPlainText("The school needs the new handover plan.")
        save_button(dialog)  # no grounds, no manager, not said whether he was told
        assert dialog.isVisible()
        seen.append(dialog._error.text())
        assert dialog.reasons.toPlainText() == "The school needs the new handover plan."  # kept
        dialog.grounds.setCurrentIndex(
            dialog.grounds.findData(OverrideGrounds.CHILD_SIGNIFICANT_HARM)
        )
        dialog.approved_by.setText("Delyth Rowlands")
        dialog.approved_on.check.setChecked(True)
        dialog.told_yes.setChecked(True)
        save_button(dialog)

    when_dialog_opens(fill)
    tab.override_button.click()
    check_dialogs()
    assert "line manager" in seen[0] and "grounds" in seen[0] and "was told" in seen[0]
    assert len(consent.get_consent(vault_of(window), consent_id).overrides) == 2


def test_a_phone_call_is_added_to_the_log(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    tab = consent_tab(qtbot, window, NOWAKS)
    before = tab.log_model.rowCount()

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, LogEntryDialog)
        dialog.what.setPlainText("That Łukasz will be collected by his aunt today.")
        dialog.recipient.setCurrentText("Dyfed Police")
        dialog.why.setPlainText("They had asked who collects the children.")
        assert dialog.how.currentData() is ShareMethod.PHONE
        save_button(dialog)

    when_dialog_opens(fill)
    tab.add_entry_button.click()
    check_dialogs()
    assert tab.log_model.rowCount() == before + 1
    entry = tab.log_model.rows[0]
    assert (entry.recipient, entry.automatic, entry.decided_on) == (
        "Dyfed Police",
        False,
        date.today(),
    )
    assert entry.basis.startswith("Consent recorded")


def test_my_actions_lists_the_revisit(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_case(qtbot, window, NOWAKS)
    window.show_my_actions()
    page = window.my_actions
    assert page is not None and page.revisits.isVisible()
    (text,) = [page.revisits.item(i).text() for i in range(page.revisits.count())]
    assert text.startswith(f"{NOWAKS} · Ask Tomasz Kowalczyk again") and "due" in text
    vault = vault_of(window)
    assert cases.find_case_id(vault, NOWAKS)
