"""Open the window on the demo families at a given place, for screenshots.

../shared/tools/screenshot out.png 8 -- python scripts/show_window.py case TAC-2026-0102
python scripts/show_window.py unlock | create | list | case REF | person REF
python scripts/show_window.py meeting REF [SECTION]   # a new draft meeting, part done
python scripts/show_window.py missing REF             # ...and Finalise refused
python scripts/show_window.py final REF [SECTION]     # a finalised meeting, amended
python scripts/show_window.py plan REF                # the case's action plan, with a few tasks
python scripts/show_window.py mine                    # My actions, across every open case
python scripts/show_window.py mine-referral REF       # ...on the day a same-day referral is made
python scripts/show_window.py adult [SECTION]         # the Yılmaz review (a parent, adult services)
python scripts/show_window.py minutes REF             # the preview of a finalised meeting's minutes
python scripts/show_window.py reviews REF             # the Plan reviews dialog on the Meetings tab
python scripts/show_window.py safety REF [SECTION]    # Safety plan tab (safety-issue: issuing)
python scripts/show_window.py report REF              # a draft meeting with a returned report form
python scripts/show_window.py report-confirm REF      # ...and a second return being confirmed
python scripts/show_window.py transition REF          # Transitions tab: a transition part done
python scripts/show_window.py close REF               # the closure checklist, part done
python scripts/show_window.py closed REF              # after demo_transitions (0103 closed)
python scripts/show_window.py readers REF             # Who reads what, last finalised meeting
python scripts/show_window.py distribution REF        # its distribution list
python scripts/show_window.py family-copy REF NAME    # the preview of NAME's family copy
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QTimer

from tac_desktop.core.demo import DEMO_PASSPHRASE, create_demo_vault
from tac_desktop.core.models import AttendanceMode, NotDoneReason, TaskStatus
from tac_desktop.core.practice.think_family import ActorKind, Answer, FollowUp
from tac_desktop.core.services import cases, meetings, tasks
from tac_desktop.core.services.meetings import Actor, ConsiderationAnswer, MeetingDraft
from tac_desktop.core.services.tasks import TaskDraft
from tac_desktop.core.vault import KdfParams, Vault
from tac_desktop.gui.meeting.parts.think_family import ThinkFamilyPart
from tac_desktop.gui.shared.settings import Settings
from tac_desktop.gui.shell.app import create_application
from tac_desktop.gui.shell.main_window import MainWindow


def _draft_meeting(vault: Vault, reference: str, finished: bool) -> int:
    """A meeting for today, part way through (or, ``finished``, finalised and amended)."""
    case_id = cases.find_case_id(vault, reference)
    case = cases.get_case(vault, case_id)
    child = case.subject is None or case.subject.is_child
    template = meetings.available_templates(child)[0]
    meeting_id = meetings.create_meeting(
        vault, case_id, MeetingDraft(template.id, date.today(), "14:00", "Riverside Family Hub")
    )
    view = meetings.get_meeting(vault, meeting_id)
    modes = [AttendanceMode.PRESENT, AttendanceMode.APOLOGIES, AttendanceMode.WRITTEN_REPORT]
    for number, attendee in enumerate(view.attendees):
        if finished or number < 3:
            meetings.record_attendance(vault, attendee.id, modes[number % 3])
    meetings.save_notes(
        vault,
        meeting_id,
        view.sections[0].key,
        "Everyone introduced themselves. The SENCO and the IDVA joined by phone; the "
        "PCSO (police community support officer) sent a report.",
    )
    if finished:
        for section in view.sections[1:]:
            if not section.notes:
                meetings.save_notes(
                    vault, meeting_id, section.key, "Talked through; see the actions agreed."
                )
    meetings.mark_complete(vault, meeting_id, view.sections[0].key)
    for number, item in enumerate(view.considerations):
        if item.person_id is None or (not finished and number > 2):
            continue
        given = ConsiderationAnswer(Answer.NO, "Talked through together; no worry found.")
        if number == 1:
            given = ConsiderationAnswer(
                Answer.NOT_KNOWN,
                "Not discussed with the family yet.",
                FollowUp.ACTION,
                follow_up_detail="Lead professional to ask at the next home visit.",
                actor=Actor(ActorKind.CHAIR),  # who acts is needed to finalise (issue 16)
            )
        meetings.answer_consideration(vault, meeting_id, item.person_id, item.question_key, given)
    if finished:
        # A review walks the earlier tasks before it can close: mark them in hand.
        for task in tasks.outstanding_tasks(vault, case_id):
            tasks.update_task(
                vault,
                task.id,
                TaskStatus.IN_PROGRESS,
                "Started; the agency will report at the next review.",
                new_due_on=date.today() + timedelta(weeks=6),
                meeting_id=meeting_id,
            )
        meetings.set_next_review(vault, meeting_id, date.today() + timedelta(weeks=12))
        meetings.finalise(vault, meeting_id)
        meetings.amend(
            vault,
            meeting_id,
            "The school nurse sent a written report, not apologies.",
            "Checked with the school after the meeting.",
            view.sections[1].key,
        )
    return meeting_id


def _some_tasks(vault: Vault, reference: str) -> None:
    """A few tasks between meetings: one overdue, one due soon, one missed twice."""
    case_id = cases.find_case_id(vault, reference)
    case = cases.get_case(vault, case_id)
    today = date.today()
    people = [i.professional_id for i in case.involvements] or [None]
    plans = [
        ("Arrange a home visit with both parents", -3, 0),
        ("Send the school attendance letter home", 4, -1),
        ("Book the speech and language assessment", 25, 0),
    ]
    made = []
    for text, days, who in plans:
        draft = TaskDraft(text, today + timedelta(days=days), professional_id=people[who])
        made.append(tasks.add_task(vault, case_id, draft))
    if case.people:
        family = TaskDraft(
            "Keep a diary of school mornings for two weeks",
            today + timedelta(days=12),
            owner_person_id=case.people[-1].id,
        )
        tasks.add_task(vault, case_id, family)
    for note in ("The clinic had no appointments.", "No referral was sent."):
        tasks.update_task(
            vault, made[2], TaskStatus.NOT_DONE, note, not_done_reason=NotDoneReason.WAS_NOT
        )


def _same_day_referral(vault: Vault, reference: str) -> date:
    """A meeting on the last working day (today, on a working day) where both parents'
    "yes" to domestic abuse leads to one MARAC referral by the police officer; finalised.
    Returns the day it was held (the day the referral is due)."""
    from tac_desktop.core.models import Nation
    from tac_desktop.core.practice.think_family import ActorKind
    from tac_desktop.core.practice.working_days import is_working_day

    case_id = cases.find_case_id(vault, reference)
    held = date.today()
    while not is_working_day(held, Nation.WALES):
        held -= timedelta(days=1)
    meeting_id = meetings.create_meeting(
        vault, case_id, MeetingDraft("first_tac", held, "10:00", "Riverside Family Hub")
    )
    view = meetings.get_meeting(vault, meeting_id)
    for attendee in view.attendees:
        meetings.record_attendance(vault, attendee.id, AttendanceMode.PRESENT)
    police = next(
        c.actor
        for c in meetings.actor_choices(vault, case_id)
        if c.actor.kind is ActorKind.PROFESSIONAL and c.agency == "Dyfed Police"
    )
    for item in view.considerations:
        assert item.person_id is not None
        given = ConsiderationAnswer(Answer.NO, "Talked through together; no worry found.")
        if item.question_key == "domestic_abuse":
            given = ConsiderationAnswer(
                Answer.YES,
                "Police were called to the house on Saturday night.",
                FollowUp.REFERRAL,
                follow_up_detail="MARAC referral by the domestic abuse officer today.",
                actor=police,
            )
        meetings.answer_consideration(vault, meeting_id, item.person_id, item.question_key, given)
        if item.question_key == "domestic_abuse":
            meetings.confirm_referral(vault, meeting_id, item.person_id, item.question_key)
    meetings.set_next_review(vault, meeting_id, held + timedelta(weeks=6))
    meetings.finalise(vault, meeting_id)
    return held


def _adult_review(vault: Vault) -> int:
    """The Yılmaz case reopened (the demo closes it) and its review of today."""
    from tac_desktop.core.services import transitions

    case_id = cases.find_case_id(vault, "TAC-2026-0103")
    transitions.reopen_case(vault, case_id, "To show the review of a parent.")
    return next(m.id for m in meetings.list_meetings(vault, case_id) if m.status.value == "draft")


def _returned_report(vault: Vault, reference: str, folder: Path) -> tuple[int, Path]:
    """The case's draft meeting with a report form filled (by pypdf, as another tool
    would) and stored, and a second filled copy in ``folder`` to open."""
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    from tac_desktop.core.services import reports

    case_id = cases.find_case_id(vault, reference)
    meeting_id = next(
        m.id for m in meetings.list_meetings(vault, case_id) if m.status.value == "draft"
    )
    coming = {AttendanceMode.PRESENT, AttendanceMode.REMOTE, AttendanceMode.REPRESENTED}
    who = next(r for r in reports.report_form_recipients(vault, meeting_id) if r.mode not in coming)
    form = reports.report_form_document(vault, meeting_id, who.attendance_id).pdf

    def filled(values: dict[str, str]) -> bytes:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(form)))
        for page in writer.pages:
            for ref in page.get("/Annots", []):
                widget = ref.get_object()
                if widget.get("/T") in values:
                    widget[NameObject("/V")] = TextStringObject(values[str(widget["/T"])])
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    answers = {
        "involvement": "Seen at clinic every fortnight since the last meeting.",
        "going_well": "Sleeping better; comes to every appointment.",
        "worries_seen": "Looked tired and withdrawn on 3 November.",
        "child_views": "“I like it when Mum reads to me.”",
        "recommendations": "Keep the fortnightly sessions until the next review.",
        "author_name": who.name,
        "author_role": ", ".join(t for t in (who.role, who.agency) if t),
    }
    reports.store_report(vault, reports.read_report(vault, filled(answers)))
    second = folder / "returned-again.pdf"
    answers["recommendations"] = "Keep the sessions; add a school visit in December."
    second.write_bytes(filled(answers))
    return meeting_id, second


def _part_done_transition(vault: Vault, reference: str) -> None:
    """A transition to adult services with two lines marked, and a closure begun."""
    from tac_desktop.core.models import TransitionKind
    from tac_desktop.core.services import transitions

    case_id = cases.find_case_id(vault, reference)
    started = transitions.start_transition(
        vault,
        case_id,
        transitions.TransitionDraft(
            TransitionKind.ADULT_SERVICES,
            date.today() + timedelta(weeks=3),
            "Lagan Adult Social Care",
            "Siobhán Kelly, social worker",
            notes="Layla's care package starts; adult social care leads from then on.",
        ),
    )
    for line in transitions.get_transition(vault, started).lines[:2]:
        transitions.mark_transition_item(
            vault, started, line.key, done_by="Orla McCann", note="By phone, then by letter."
        )
    transitions.save_closure_plan(
        vault,
        case_id,
        transitions.ClosureDraft(
            intended_on=date.today() + timedelta(weeks=4),
            reason="Layla's care package is in place and Yusuf is back in school full time.",
            risk_level="Low while the care package lasts.",
        ),
    )
    first = transitions.closure_checklist(vault, case_id).lines[0]
    transitions.mark_closure_item(vault, case_id, first.key, note="At the review.")


def _readers(window: MainWindow, vault: Vault, reference: str, where: str, name: str) -> None:
    """The copies-for-readers screens over the case's last finalised meeting."""
    from tac_desktop.core.models import MeetingStatus
    from tac_desktop.core.services import copies
    from tac_desktop.gui.documents import copies as copies_screen
    from tac_desktop.gui.documents.distribution import DistributionDialog

    case_id = cases.find_case_id(vault, reference)
    meeting_id = [
        m.id for m in meetings.list_meetings(vault, case_id) if m.status is MeetingStatus.FINALISED
    ][-1]
    window.open_case(reference)
    window.open_meeting(meeting_id)

    def show() -> None:
        if where == "readers":
            copies_screen.CopyMarksDialog(vault, meeting_id, case_id, window).exec()
        elif where == "distribution":
            DistributionDialog(vault, meeting_id, window).exec()
        else:
            reader = copies.find_reader(vault, meeting_id, name or "Agnieszka Nowak")
            preview = copies_screen.preview_copy(
                vault, meeting_id, reader, copies_screen.MINUTES, window
            )
            if preview is not None:
                preview.exec()

    QTimer.singleShot(300, show)


def main() -> int:
    where = sys.argv[1] if len(sys.argv) > 1 else "list"
    reference = sys.argv[2] if len(sys.argv) > 2 else "TAC-2026-0101"
    app = create_application()
    folder = Path(tempfile.mkdtemp(prefix="tac-shot-"))
    path = folder / "Demo.tacvault"
    window = MainWindow(Settings(), demo_folder=folder)
    window.show()
    if where == "create":
        window.start(None)
        window.show_create(can_go_back=False)
    elif where == "unlock":
        create_demo_vault(path, DEMO_PASSPHRASE, KdfParams.fast_for_tests()).close()
        window.start(path)
    else:
        vault = create_demo_vault(path, DEMO_PASSPHRASE, KdfParams.fast_for_tests())
        window.use_vault(vault, remember=False)
        if where in ("plan", "mine", "meeting", "missing"):
            _some_tasks(vault, reference)
        if where == "mine-referral":
            reference = sys.argv[2] if len(sys.argv) > 2 else "TAC-2026-0102"
            _some_tasks(vault, reference)
            held = _same_day_referral(vault, reference)
            window.show_my_actions()
            page = window.my_actions
            if page is not None:
                page.refresh(today=held)  # the day the referral is made
                page.table.setCurrentIndex(page.model.index(1, 0))  # its row's colour shows
        if where == "adult":
            meeting_id = _adult_review(vault)
            window.open_case("TAC-2026-0103")
            window.open_meeting(meeting_id)
            screen = window.meeting_screen
            section = sys.argv[2] if len(sys.argv) > 2 else "think_family"
            if screen is not None:
                page = screen.go_to_section(section)
                family = page.part(ThinkFamilyPart) if page is not None else None
                grandmother = (
                    next(
                        (c for c in screen.view.considerations if c.person_name == "Gülşen Demir"),
                        None,
                    )
                    if screen.view is not None
                    else None
                )
                if isinstance(family, ThinkFamilyPart) and grandmother is not None:
                    family.select_question(grandmother.person_id, grandmother.question_key)
        if where in ("case", "person", "meeting", "missing", "final", "plan", "minutes", "reviews"):
            window.open_case(reference)
        if where in ("safety", "safety-issue") and window.workspace is not None:
            window.open_case(reference)
            safety = window.workspace.safety_tab
            window.workspace.tabs.setCurrentWidget(safety)
            if len(sys.argv) > 3:  # a section's key, or "versions"
                if sys.argv[3] == "versions":
                    safety.pages.setCurrentIndex(1)
                safety.go_to_section(sys.argv[3])
            if where == "safety-issue":
                QTimer.singleShot(300, safety.issue_version)
        if where == "plan" and window.workspace is not None:
            window.workspace.tabs.setCurrentWidget(window.workspace.plan_tab)
            window.workspace.plan_tab.reload()
        if where == "mine":
            window.show_my_actions()
        if where == "minutes":
            meeting_id = _draft_meeting(vault, reference, finished=True)
            window.open_meeting(meeting_id)
            screen = window.meeting_screen
            if screen is not None:
                QTimer.singleShot(300, screen.minutes_action.trigger)
        if where == "reviews" and window.workspace is not None:
            window.workspace.tabs.setCurrentWidget(window.workspace.meetings_tab)
            QTimer.singleShot(300, window.workspace.meetings_tab.plan_reviews)
        if where in ("meeting", "missing", "final"):
            meeting_id = _draft_meeting(vault, reference, finished=where == "final")
            window.open_meeting(meeting_id)
            screen = window.meeting_screen
            section = sys.argv[3] if len(sys.argv) > 3 else ""
            if screen is not None and section:
                screen.go_to_section(section)
            if screen is not None and where == "missing":
                QTimer.singleShot(300, screen.finalise)
        if where in ("report", "report-confirm"):
            meeting_id, again = _returned_report(vault, reference, folder)
            window.open_case(reference)
            window.open_meeting(meeting_id)
            screen = window.meeting_screen
            if screen is not None:
                screen.go_to_section("reports")
                if where == "report-confirm":
                    QTimer.singleShot(300, lambda: screen.import_report_file(again))
        if where in ("transition", "close", "closed") and window.workspace is not None:
            from tac_desktop.core.services import transitions

            if where == "closed":
                transitions.demo_transitions(vault)
            else:
                _part_done_transition(vault, reference)
            window.open_case(reference)
            tab = window.workspace.transition_tab
            window.workspace.tabs.setCurrentWidget(tab)
            if where == "close":
                QTimer.singleShot(300, tab.close_case)
        if where in ("consent", "consent-override") and window.workspace is not None:
            window.open_case(reference)
            tab = window.workspace.consent_tab
            window.workspace.tabs.setCurrentWidget(tab)
            if where == "consent-override":  # the refusal, then the empty decision form
                rows = tab.consent_model.rows
                refused = next((n for n, r in enumerate(rows) if r.status.value == "refused"), 0)
                tab.consent_table.setCurrentIndex(tab.consent_model.index(refused, 0))
                QTimer.singleShot(300, tab.record_override)
        if where in ("readers", "distribution", "family-copy"):
            _readers(window, vault, reference, where, sys.argv[3] if len(sys.argv) > 3 else "")
        if where == "person" and window.workspace is not None:
            table = window.workspace.people_table
            table.setCurrentIndex(window.workspace.people_model.index(1, 0))
            QTimer.singleShot(300, window.workspace.edit_person)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
