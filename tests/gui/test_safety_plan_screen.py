"""The Safety plan tab through the real window, offscreen, over a demo vault: a plan
started, written and saved as typed (what is not right yet named in core's words under the
editor, and issuing refused until it is put right; nothing typed is lost on locking),
versions issued, sent, compared and previewed, and a closed case that can only be read."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta

from pypdf import PdfReader

from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox, QStyleOptionViewItem

from tac_desktop.core.models import PlanShape, RecipientKind, SendMethod
from tac_desktop.core.practice.safety_plans import Contact, PlanContent, Rule
from tac_desktop.core.services import cases, safety_plans
from tac_desktop.core.vault import Vault
from tac_desktop.gui.documents.preview import DocumentPreview
from tac_desktop.gui.safety_plans.dialogs import (
    DRAFT,
    CompareDialog,
    IssueVersionDialog,
    NewPlanDialog,
    RecordSendDialog,
)
from tac_desktop.gui.safety_plans.editor import NamesCompleter, SectionEditor
from tac_desktop.gui.safety_plans.tab import CLOSED_NOTE, SafetyPlanTab
from tac_desktop.gui.shell.main_window import MainWindow
from tests.core.test_safety_plans import close
from tests.gui.test_main_window import unlock
from tests.gui.test_meeting_screen import open_case, vault_of, when_message_box
from tests.gui.test_tasks_screens import check_dialogs, save_button, when_dialog_opens

NOWAKS = "TAC-2026-0102"  # Łukasz, Maja, their mum Agnieszka, their dad Tomasz
WHITFIELDS = "TAC-2026-0101"  # Zoë, who likes to be called Zo
AUNT = Contact("Ewa Nowicka", "Aunt", "07700 900123", "Has the children after school")


def safety_tab(qtbot, window: MainWindow, reference: str) -> SafetyPlanTab:  # type: ignore[no-untyped-def]
    open_case(qtbot, window, reference)
    workspace = window.workspace
    assert workspace is not None
    workspace.tabs.setCurrentWidget(workspace.safety_tab)
    return workspace.safety_tab


def section(tab: SafetyPlanTab, key: str) -> SectionEditor:
    editor = tab.go_to_section(key)
    assert editor is not None and tab.current_editor() is editor
    return editor


def outline_text(tab: SafetyPlanTab, key: str) -> str:
    row = next(n for n, e in enumerate(tab.editors) if e.section.key == key)
    return tab.outline.item(row).text()


def type_row(editor: SectionEditor, *cells: str) -> None:
    """Add a row and type into its cells as a user would (through the model)."""
    assert editor.model is not None
    editor.add_row()
    row = editor.model.rowCount() - 1
    for column, text in enumerate(cells):
        editor.model.setData(editor.model.index(row, column), text)


def new_family_plan(window: MainWindow, tab: SafetyPlanTab, title: str) -> int:
    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, NewPlanDialog)
        dialog.personal.setChecked(True)
        dialog.for_whom.setCurrentIndex(0)  # "The whole family": not for a personal plan
        save_button(dialog)
        assert dialog.isVisible() and "Say which young person" in dialog._error.text()
        dialog.family.setChecked(True)
        dialog.title.setText(title)
        save_button(dialog)

    when_dialog_opens(fill)
    tab.new_plan()
    check_dialogs()
    assert tab.plan is not None and tab.plan.title == title
    assert tab.plan.shape is PlanShape.FAMILY
    assert tab.chooser.currentText().startswith(f"{title}, for the whole family")
    return tab.plan.id


def draft_of(window: MainWindow, plan_id: int) -> PlanContent:
    return safety_plans.get_plan(vault_of(window), plan_id).draft


def test_a_plan_is_started_written_and_saved_as_typed(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    tab = safety_tab(qtbot, window, NOWAKS)
    plan_id = new_family_plan(window, tab, "The Nowaks' plan")
    assert "○ empty" in outline_text(tab, "triggers")
    assert "only if needed" in outline_text(tab, "code_word")

    # Points, one per line: saved a moment after typing stops.
    triggers = section(tab, "triggers")
    assert triggers.text is not None
    triggers.text.setPlainText("Shouting late at night\n\nMoney worries at the end of the month")
    assert "✓ 2 points" in outline_text(tab, "triggers")
    qtbot.waitUntil(lambda: tab.save_state.text().startswith("Saved at"), timeout=3000)
    assert draft_of(window, plan_id).lines("triggers") == (
        "Shouting late at night",
        "Money worries at the end of the month",
    )

    # The safety network: a row typed into the table, saved on leaving the section.
    network = section(tab, "network")
    type_row(network, AUNT.name, AUNT.role, AUNT.phone, AUNT.does)
    assert "✓ 1 contact" in outline_text(tab, "network")
    rules = section(tab, "rules")
    assert draft_of(window, plan_id).contacts("network") == (AUNT,)
    assert rules.network_hint is not None and AUNT.name in rules.network_hint.text()
    # "Kept by" offers the network's names, completing the one after the last comma.
    assert rules.kept_by is not None and rules.kept_by.names.stringList() == [AUNT.name]
    assert rules.table is not None and rules.model is not None
    type_row(rules, "")
    cell = rules.model.index(0, 1)
    editor = rules.kept_by.createEditor(rules.table.viewport(), QStyleOptionViewItem(), cell)
    assert isinstance(editor, QLineEdit)
    completer = editor.completer()
    assert isinstance(completer, NamesCompleter)
    editor.setText("Someone, now")
    assert completer.splitPath(editor.text()) == ["now"]
    assert completer.pathFromIndex(rules.kept_by.names.index(0)) == f"Someone, {AUNT.name}"
    editor.deleteLater()
    rules.remove_row()
    assert rules.model.rowCount() == 0

    # A phone number that cannot be right: saved as typed, core's words under the editor.
    network = section(tab, "network")
    assert network.model is not None
    network.model.setData(network.model.index(0, 2), "ring her at home")
    tab.finish_editing()
    assert not tab.error.isVisible()
    assert tab.save_state.text().startswith("Saved at")
    assert tab.problems.isVisible()
    assert "before issuing" in tab.problems.text()
    assert "has no numbers in it" in tab.problems.text()
    assert network.model.rows[0][2] == "ring her at home"
    assert draft_of(window, plan_id).contacts("network")[0].phone == "ring her at home"

    # Issuing is refused with core's words until it is put right.
    asked: list[str] = []
    when_message_box(QMessageBox.StandardButton.Ok, asked)
    tab.issue_version()
    assert asked and "has no numbers in it" in asked[0]
    assert safety_plans.get_plan(vault_of(window), plan_id).versions == []

    # A rule kept by someone outside the network is saved and named too, then put right.
    network.model.setData(network.model.index(0, 2), "07700 900124")
    rules = section(tab, "rules")
    type_row(rules, "Ewa picks the children up from school", "Ewa Nowicka, Tomasz")
    tab.finish_editing()
    assert "Tomasz, who is not in the safety network" in tab.problems.text()
    assert "has no numbers" not in tab.problems.text()
    assert draft_of(window, plan_id).rules == (
        Rule("Ewa picks the children up from school", ("Ewa Nowicka", "Tomasz")),
    )
    assert rules.model is not None
    rules.model.setData(rules.model.index(0, 1), "ewa nowicka")
    tab.finish_editing()
    assert not tab.problems.isVisible() and not tab.error.isVisible()
    kept = draft_of(window, plan_id)
    assert kept.contacts("network")[0].phone == "07700 900124"
    assert kept.rules == (Rule("Ewa picks the children up from school", ("Ewa Nowicka",)),)

    # Leaving the tab saves at once; so does locking.
    worries = section(tab, "working")
    assert worries.text is not None
    worries.text.setPlainText("Łukasz gets to school on time")
    workspace = window.workspace
    assert workspace is not None
    workspace.tabs.setCurrentIndex(0)
    assert draft_of(window, plan_id).lines("working") == ("Łukasz gets to school on time",)
    workspace.tabs.setCurrentWidget(tab)
    worries.text.setPlainText("Łukasz gets to school on time\nMaja sleeps through the night")
    window.lock()
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.workspace is not None and window.workspace.isVisible())
    assert draft_of(window, plan_id).lines("working")[-1] == "Maja sleeps through the night"


def test_typing_with_a_problem_survives_locking(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    tab = safety_tab(qtbot, window, NOWAKS)
    plan_id = new_family_plan(window, tab, "The Nowaks' plan")
    network = section(tab, "network")
    type_row(network, AUNT.name, AUNT.role, "ring her at home", AUNT.does)
    rules = section(tab, "rules")
    type_row(rules, "Ewa picks the children up from school", "Tomasz")
    triggers = section(tab, "triggers")
    assert triggers.text is not None
    triggers.text.setPlainText("Shouting late at night")
    window.lock()  # straight away, as the idle lock would: nothing typed is lost
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.workspace is not None and window.workspace.isVisible())
    kept = draft_of(window, plan_id)
    assert kept.contacts("network") == (replace(AUNT, phone="ring her at home"),)
    assert kept.rules == (Rule("Ewa picks the children up from school", ("Tomasz",)),)
    assert kept.lines("triggers") == ("Shouting late at night",)
    workspace = window.workspace
    assert workspace is not None
    workspace.tabs.setCurrentWidget(workspace.safety_tab)
    tab = workspace.safety_tab
    tab.reload(plan_id)
    network = section(tab, "network")
    assert network.model is not None and network.model.rows[0][2] == "ring her at home"
    assert tab.problems.isVisible()
    assert "has no numbers in it" in tab.problems.text()
    assert "Tomasz, who is not in the safety network" in tab.problems.text()


def _plan_with_content(window: MainWindow, reference: str) -> int:
    vault = vault_of(window)
    case_id = cases.find_case_id(vault, reference)
    plan_id = safety_plans.create_plan(vault, case_id, PlanShape.FAMILY, title="Test plan")
    content = PlanContent(
        {
            "network": (AUNT,),
            "rules": (Rule("Ewa picks the children up from school", (AUNT.name,)),),
            "triggers": ("Shouting late at night",),
        }
    )
    safety_plans.save_draft(vault, plan_id, content)
    return plan_id


def _issue(tab: SafetyPlanTab, reason: str) -> list[str]:
    """Issue a version through the dialog, checking core's refusals on the way."""
    seen: list[str] = []

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, IssueVersionDialog)
        seen.append(dialog.changes.toPlainText())
        save_button(dialog)
        assert dialog.isVisible() and "Say why" in dialog._error.text()
        dialog.reason.setPlainText(reason)
        save_button(dialog)
        assert dialog.isVisible() and "Say who agreed" in dialog._error.text()
        dialog.agreed_by.setText("Agnieszka, Ewa, Megan Price (school)")
        dialog.review_on.setDate(dialog.issued_on.date())
        save_button(dialog)
        assert dialog.isVisible() and "must be after" in dialog._error.text()
        assert dialog.reason.toPlainText() == reason  # nothing typed is lost
        dialog.review_on.setDate(dialog.issued_on.date().addDays(42))
        save_button(dialog)
        assert not dialog.isVisible()

    when_dialog_opens(fill)
    tab.issue_button.click()
    check_dialogs()
    return seen


def test_versions_are_issued_sent_compared_and_previewed(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    tab = safety_tab(qtbot, window, NOWAKS)
    plan_id = _plan_with_content(window, NOWAKS)
    tab.reload(plan_id)
    assert tab.draft_state.text() == "Draft, not issued yet"
    assert not tab.holders.isVisible()

    seen = _issue(tab, "First plan, agreed at the meeting.")
    assert "Our safety network\n  + Added: Ewa Nowicka (Aunt; 07700 900123" in seen[0]
    assert tab.plan is not None and [v.number for v in tab.plan.versions] == [1]
    assert tab.versions_model.rowCount() == 1
    assert tab.draft_state.text() == "Draft: the same as version 1"
    assert "version 1" in tab.chooser.currentText()
    assert tab.holders.text() == "Version 1 has not been recorded as sent to anyone yet."

    # Sent to an agency of the case, chosen from the list.
    case = cases.get_case(vault_of(window), cases.find_case_id(vault_of(window), NOWAKS))
    agency = case.involvements[0].agency

    def send(dialog: QDialog) -> None:
        assert isinstance(dialog, RecordSendDialog)
        save_button(dialog)  # nobody named
        assert dialog.isVisible() and dialog._error.text()
        dialog.person.setChecked(True)
        dialog.recipient.setCurrentIndex(dialog.recipient.findText(agency))
        assert dialog.agency.isChecked()  # an agency from the list is an agency
        dialog.how.setCurrentIndex(dialog.how.findData(SendMethod.SECURE_EMAIL))
        save_button(dialog)

    tab.pages.setCurrentIndex(1)
    when_dialog_opens(send)
    tab.send_button.click()
    check_dialogs()
    sends = safety_plans.get_plan(vault_of(window), plan_id).versions[0].sends
    assert [(s.recipient, s.recipient_kind, s.how) for s in sends] == [
        (agency, RecipientKind.AGENCY, SendMethod.SECURE_EMAIL)
    ]
    sent_to = tab.versions_model.index(0, 5).data()
    assert agency in sent_to and "by secure email" in sent_to
    assert tab.holders.text() == "✓ Everyone it was sent to has the latest version (1)."

    # Nothing changed: the dialog says so first, and core refuses.
    def unchanged(dialog: QDialog) -> None:
        assert isinstance(dialog, IssueVersionDialog)
        assert "Nothing has changed since version 1" in dialog.changes.toPlainText()
        dialog.reason.setPlainText("Again")
        dialog.agreed_by.setText("Everyone")
        save_button(dialog)
        assert dialog.isVisible() and "Nothing has changed" in dialog._error.text()
        dialog.reject()

    when_dialog_opens(unchanged)
    tab.issue_version()
    check_dialogs()

    # A change, a second version: the agency still holds the first.
    tab.pages.setCurrentIndex(0)
    triggers = section(tab, "triggers")
    assert triggers.text is not None
    triggers.text.setPlainText("Shouting late at night\nTomasz calling after 10 pm")
    assert tab.draft_state.text() == "Draft: changed since version 1" or tab._typing.isActive()
    seen = _issue(tab, "Tomasz called late twice.")
    assert "Triggers and red flags\n  + Added: Tomasz calling after 10 pm" in seen[0]
    assert tab.holders.isVisible()
    today = date.today()
    expected = (
        f"⚠ Still holding an older version: {agency} (version 1, sent "
        f"{today:%d %b %Y}, by secure email)"
    )
    assert tab.holders.text().startswith(expected), tab.holders.text()
    assert tab.chosen_version() is not None and tab.chosen_version().number == 2  # type: ignore[union-attr]

    # Compare: the last two versions, then version 2 with the draft.
    def compare(dialog: QDialog) -> None:
        assert isinstance(dialog, CompareDialog)
        assert dialog.older.currentData() == 1 and dialog.newer.currentData() == 2
        assert "+ Added: Tomasz calling after 10 pm" in dialog.changes_view.toPlainText()
        dialog.older.setCurrentIndex(dialog.older.findData(2))
        assert dialog.newer.currentData() == DRAFT
        assert "Nothing is different" in dialog.changes_view.toPlainText()
        dialog.reject()

    when_dialog_opens(compare)
    tab.compare_button.click()
    check_dialogs()


def test_a_personal_plan_is_in_the_young_persons_own_words(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    tab = safety_tab(qtbot, window, WHITFIELDS)
    vault = vault_of(window)
    case = cases.get_case(vault, cases.find_case_id(vault, WHITFIELDS))
    assert case.subject is not None

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, NewPlanDialog)
        dialog.personal.setChecked(True)
        assert dialog.for_whom.currentData() == case.subject.id  # type: ignore[union-attr]
        save_button(dialog)

    when_dialog_opens(fill)
    tab.new_plan()
    check_dialogs()
    assert tab.plan is not None and tab.plan.shape is PlanShape.PERSONAL
    signs = section(tab, "warning_signs")
    words = [w.text() for w in signs.findChildren(type(tab.note))]
    assert "In Zo’s own words." in words
    services = section(tab, "services")  # written by the professionals: no such line
    assert "In Zo’s own words." not in [w.text() for w in services.findChildren(type(tab.note))]


def test_a_closed_case_is_read_only(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.case_list is not None and window.case_list.isVisible())
    vault: Vault = vault_of(window)
    plan_id = _plan_with_content(window, NOWAKS)
    safety_plans.issue_version(
        vault, plan_id, "First plan", "Everyone", date.today() + timedelta(days=30)
    )
    close(vault, cases.find_case_id(vault, NOWAKS))
    window.open_case(NOWAKS)
    workspace = window.workspace
    assert workspace is not None
    workspace.tabs.setCurrentWidget(workspace.safety_tab)
    tab = workspace.safety_tab
    tab.reload(plan_id)
    assert tab.note.isVisible() and tab.note.text() == CLOSED_NOTE
    assert not tab.new_button.isEnabled()
    assert not tab.issue_button.isEnabled()
    assert not tab.send_button.isEnabled()
    assert tab.compare_button.isEnabled() and tab.preview_button.isEnabled()
    assert tab.title.isReadOnly()
    triggers = section(tab, "triggers")
    assert triggers.text is not None and triggers.text.isReadOnly()
    network = section(tab, "network")
    assert network.model is not None and network.add_button is not None
    assert not network.add_button.isVisibleTo(tab)
    assert not network.model.setData(network.model.index(0, 0), "Someone else")
    tab.finish_editing()
    assert not tab.error.isVisible()


def test_the_draft_and_a_version_are_previewed(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    tab = safety_tab(qtbot, window, NOWAKS)
    plan_id = _plan_with_content(window, NOWAKS)
    safety_plans.issue_version(
        vault_of(window), plan_id, "First plan", "Everyone", date.today() + timedelta(days=30)
    )
    tab.reload(plan_id)
    assert tab.preview_button.isEnabled()
    assert len(tab.preview_menu.actions()) == 2  # the draft, version 1
    seen: list[tuple[int, str]] = []

    def look(dialog: QDialog) -> None:
        assert isinstance(dialog, DocumentPreview)
        first_page = PdfReader(io.BytesIO(dialog.document.pdf)).pages[0].extract_text()
        seen.append((dialog.pdf.pageCount(), first_page))
        dialog.reject()

    for version in (None, 1):
        when_dialog_opens(look)
        tab.preview(version)
        check_dialogs()
    assert len(seen) == 2 and all(pages >= 1 for pages, _text in seen), seen
    (_, draft), (_, issued) = seen
    assert "DRAFT" in draft and "DRAFT" not in issued
