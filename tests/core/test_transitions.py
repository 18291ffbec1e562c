"""Transitions and closure: checklists built from the case, ticking from real records,
refusing until complete, read-only closed cases, and reopening that keeps the history.

Every person named here is invented.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import (
    CaseStatus,
    PlanShape,
    RecipientKind,
    Sector,
    SendMethod,
    TaskStatus,
    TransitionKind,
    TransitionStatus,
)
from tac_desktop.core.practice.safety_plans import Contact, PlanContent, Rule, Worry
from tac_desktop.core.services import cases, safety_plans, tasks
from tac_desktop.core.services import transitions as tr
from tac_desktop.core.services.cases import PersonDraft, ProfessionalDraft
from tac_desktop.core.services.tasks import TaskDraft
from tac_desktop.core.vault import Vault
from tests.core.helpers import add_synthetic_case

TODAY = date.today()
YESTERDAY = TODAY - timedelta(days=1)


def _case_with_agencies(vault: Vault) -> int:
    case_id = add_synthetic_case(vault)
    cases.add_professional(
        vault,
        case_id,
        ProfessionalDraft("Rowan Fairweather", "Quillby High School", Sector.EDUCATION, "SENCO"),
        is_lead=True,
    )
    cases.add_professional(
        vault,
        case_id,
        ProfessionalDraft("Dr Ines Carrow", "Quillby CAMHS", Sector.HEALTH, "Psychologist"),
    )
    return case_id


def _issue_plan(vault: Vault, case_id: int) -> int:
    plan = safety_plans.create_plan(vault, case_id, PlanShape.FAMILY)
    safety_plans.save_draft(
        vault,
        plan,
        PlanContent(
            {
                "worries": (Worry("Rows late at night.", "Calm evenings."),),
                "network": (Contact("Ada Quell", "Aunt", "07700 900111", "Checks in"),),
                "rules": (Rule("Tamsin goes to Ada's if a row starts.", ("Ada Quell",)),),
            }
        ),
    )
    return safety_plans.issue_version(
        vault, plan, "First plan.", "Everyone at the meeting", TODAY + timedelta(weeks=6), YESTERDAY
    )


def _draft(**changes: object) -> tr.TransitionDraft:
    values: dict[str, object] = {
        "kind": TransitionKind.ADULT_SERVICES,
        "moves_on": TODAY + timedelta(days=30),
        "receiving_agency": "Quillby Adult Social Care",
        "receiving_contact": "Morwenna Tate, 01632 960999",
    }
    values.update(changes)
    return tr.TransitionDraft(**values)  # type: ignore[arg-type]


# -- transitions ------------------------------------------------------------------------


def test_a_transition_checklist_is_built_from_the_case(vault: Vault) -> None:
    case_id = _case_with_agencies(vault)
    transition_id = tr.start_transition(vault, case_id, _draft())
    view = tr.get_transition(vault, transition_id)
    labels = [line.label for line in view.lines]
    assert labels == [
        "Quillby CAMHS told about the change and when it happens",
        "Quillby High School told about the change and when it happens",
        "The current safety plan sent to Quillby Adult Social Care",
        "The risks, and how they are being watched, handed over to Quillby Adult Social Care",
        "Someone keeps in touch until Quillby Adult Social Care has started",
    ]
    # No safety plan on the case: nothing to send, said so.
    plan_line = view.lines[2]
    assert plan_line.done and plan_line.from_records
    assert plan_line.status.startswith("✓ There is no safety plan")
    assert not view.lines[4].done and view.lines[4].status.startswith("○")
    assert view.progress == "○ 1 of 5 done"

    # An agency joining the case adds its line.
    cases.add_professional(
        vault, case_id, ProfessionalDraft("Ifor Bennick", "Quillby Police", Sector.POLICE)
    )
    assert len(tr.get_transition(vault, transition_id).lines) == 6


def test_the_plan_line_ticks_from_the_sends_of_the_latest_version(vault: Vault) -> None:
    case_id = _case_with_agencies(vault)
    plan = safety_plans.create_plan(vault, case_id, PlanShape.FAMILY)
    transition_id = tr.start_transition(vault, case_id, _draft())

    def plan_line() -> tr.ChecklistLine:
        return next(
            line
            for line in tr.get_transition(vault, transition_id).lines
            if line.key == "plan_sent"
        )

    assert not plan_line().done and "not been issued" in plan_line().status
    version = _issue_plan_into(vault, plan)
    assert not plan_line().done and "No send of version 1" in plan_line().status
    safety_plans.record_send(
        vault, version, "Someone Else Entirely", YESTERDAY, SendMethod.POST
    )  # another agency: does not count
    safety_plans.record_send(
        vault,
        version,
        "Quillby Adult Social Care",
        YESTERDAY,
        SendMethod.POST,
        recipient_kind=RecipientKind.PERSON,
    )  # a person of that name: does not count either
    assert not plan_line().done
    safety_plans.record_send(
        vault, version, "quillby adult social care", YESTERDAY, SendMethod.SECURE_EMAIL
    )
    line = plan_line()
    assert line.done
    assert line.status == (
        f"✓ Sent version 1 on {tr.short_date(YESTERDAY)} (from the safety plan's record)"
    )
    # Marking it by hand is refused: it comes from the record.
    with pytest.raises(InvalidInput, match="ticked from the case's own records"):
        tr.mark_transition_item(vault, transition_id, "plan_sent")


def _issue_plan_into(vault: Vault, plan: int) -> int:
    safety_plans.save_draft(
        vault,
        plan,
        PlanContent(
            {
                "worries": (Worry("Rows late at night.", "Calm evenings."),),
                "network": (Contact("Ada Quell", "Aunt", "07700 900111", "Checks in"),),
                "rules": (Rule("Tamsin goes to Ada's if a row starts.", ("Ada Quell",)),),
            }
        ),
    )
    return safety_plans.issue_version(
        vault, plan, "First plan.", "Everyone", TODAY + timedelta(weeks=6), YESTERDAY
    )


def test_completing_is_refused_until_every_line_is_done(vault: Vault) -> None:
    case_id = _case_with_agencies(vault)
    transition_id = tr.start_transition(vault, case_id, _draft())
    with pytest.raises(InvalidInput) as refused:
        tr.complete_transition(vault, transition_id)
    message = str(refused.value)
    assert "Still to do" in message and "Quillby CAMHS told" in message
    assert "Someone keeps in touch" in message and "Nothing has been changed" in message

    view = tr.get_transition(vault, transition_id)
    for line in view.lines:
        if not line.from_records:
            tr.mark_transition_item(
                vault, transition_id, line.key, done_by="Rowan Fairweather", note="By letter."
            )
    marked = tr.get_transition(vault, transition_id).lines[0]
    assert marked.done and marked.done_by == "Rowan Fairweather" and marked.done_on == TODAY
    assert marked.status == f"✓ Done by Rowan Fairweather on {tr.short_date(TODAY)}: By letter."
    # Unmarking takes it back off.
    tr.mark_transition_item(vault, transition_id, marked.key, done=False)
    assert not tr.get_transition(vault, transition_id).lines[0].done
    tr.mark_transition_item(vault, transition_id, marked.key)
    with pytest.raises(InvalidInput, match="Someone keeps in touch"):
        tr.complete_transition(vault, transition_id)

    tr.update_transition(vault, transition_id, _draft(continuity_by="Rowan Fairweather (school)"))
    tr.complete_transition(vault, transition_id)
    done = tr.get_transition(vault, transition_id)
    assert done.status is TransitionStatus.COMPLETE and done.completed_on == TODAY
    assert done.progress.startswith("✓ Complete on")
    assert all(line.done for line in done.lines) and len(done.lines) == 5
    # Kept as it read: a new agency does not add an undone line to a finished checklist.
    cases.add_professional(
        vault, case_id, ProfessionalDraft("Ifor Bennick", "Quillby Police", Sector.POLICE)
    )
    assert tr.get_transition(vault, transition_id).lines == done.lines
    with pytest.raises(InvalidInput, match="complete"):
        tr.mark_transition_item(vault, transition_id, done.lines[0].key, done=False)


def test_a_transition_needs_a_receiving_service_and_a_person_on_the_case(vault: Vault) -> None:
    case_id = _case_with_agencies(vault)
    with pytest.raises(InvalidInput, match="taking over"):
        tr.start_transition(vault, case_id, _draft(receiving_agency="  "))
    other = add_synthetic_case(vault, "SYN-2026-0002", "Pell Ashworth")
    stranger = cases.get_case(vault, other).people[0].id
    with pytest.raises(InvalidInput, match="not part of this case"):
        tr.start_transition(vault, case_id, _draft(for_person_id=stranger))
    with pytest.raises(InvalidInput, match="still to come"):
        tr.mark_transition_item(
            vault,
            tr.start_transition(vault, case_id, _draft()),
            "handover",
            done_on=TODAY + timedelta(days=1),
        )


# -- closure ----------------------------------------------------------------------------


def _fill_closure(vault: Vault, case_id: int) -> None:
    tr.save_closure_plan(
        vault,
        case_id,
        tr.ClosureDraft(
            intended_on=TODAY,
            reason="Things are settled at home and at school.",
            risk_level="Low.",
            reinstate_when="If Tamsin stops going to school again.",
            monitoring="School checks in each week for a term.",
            monitored_by="Rowan Fairweather",
        ),
    )
    for line in tr.closure_checklist(vault, case_id).lines:
        if not line.from_records:
            tr.mark_closure_item(vault, case_id, line.key, note="At the closing meeting.")


def test_closing_is_refused_until_the_checklist_is_complete(vault: Vault) -> None:
    case_id = _case_with_agencies(vault)
    view = tr.closure_checklist(vault, case_id)
    assert view.closure_id is None and not view.ready
    assert [line.key for line in view.lines] == [
        f"told:agency:{k}" for k in _agency_ids(vault, case_id)
    ] + ["reason", "risk_level", "plan", "reinstate_when", "monitoring"]
    with pytest.raises(InvalidInput) as refused:
        tr.close_case(vault, case_id)
    assert "cannot be closed yet" in str(refused.value)
    assert "Why the case is closing" in str(refused.value)
    assert cases.get_case(vault, case_id).status is CaseStatus.OPEN

    _fill_closure(vault, case_id)
    ready = tr.closure_checklist(vault, case_id)
    assert ready.ready, [line.label for line in ready.missing]
    tr.close_case(vault, case_id)
    closed = cases.get_case(vault, case_id)
    assert closed.status is CaseStatus.CLOSED and closed.closed_on == TODAY
    after = tr.closure_checklist(vault, case_id)
    assert not after.case_open and after.closed_at is not None
    assert [line.label for line in after.lines] == [line.label for line in ready.lines]
    assert after.history[0].what == "Closed" and "settled" in after.history[0].why


def _agency_ids(vault: Vault, case_id: int) -> list[int]:
    view = tr.closure_checklist(vault, case_id)
    return [int(line.key.rsplit(":", 1)[1]) for line in view.lines if line.key.startswith("told:")]


def test_each_partner_agency_needs_the_current_plan(vault: Vault) -> None:
    case_id = _case_with_agencies(vault)
    version = _issue_plan(vault, case_id)
    _fill_closure(vault, case_id)
    plan_lines = [
        line for line in tr.closure_checklist(vault, case_id).lines if line.key.startswith("plan:")
    ]
    assert [line.label for line in plan_lines] == [
        "Quillby CAMHS has the current safety plan",
        "Quillby High School has the current safety plan",
    ]
    assert not any(line.done for line in plan_lines)
    safety_plans.record_send(vault, version, "Quillby High School", TODAY, SendMethod.BY_HAND)
    with pytest.raises(InvalidInput, match="Quillby CAMHS has the current safety plan"):
        tr.close_case(vault, case_id)
    safety_plans.record_send(vault, version, "Quillby CAMHS", TODAY, SendMethod.SECURE_EMAIL)
    tr.close_case(vault, case_id)


def test_open_tasks_block_closure_until_each_has_an_outcome(vault: Vault) -> None:
    case_id = _case_with_agencies(vault)
    agency = tasks.agency_choices(vault)[0][0]
    task_id = tasks.add_task(
        vault, case_id, TaskDraft("Send the school report", TODAY, agency_id=agency)
    )
    _fill_closure(vault, case_id)
    line = next(
        line for line in tr.closure_checklist(vault, case_id).lines if line.key.startswith("task:")
    )
    assert "Send the school report" in line.label and not line.done
    with pytest.raises(InvalidInput, match="Send the school report"):
        tr.close_case(vault, case_id)
    with pytest.raises(InvalidInput, match="what happened"):
        tr.close_task_with_outcome(vault, task_id, "  ")
    with pytest.raises(InvalidInput, match="done, or as no longer needed"):
        tr.close_task_with_outcome(vault, task_id, "x", TaskStatus.NOT_DONE)
    tr.close_task_with_outcome(vault, task_id, "Sent on Monday.", TaskStatus.DONE)
    assert tasks.case_tasks(vault, case_id)[0].outcome == "Sent on Monday."
    tr.close_case(vault, case_id)


def test_an_open_transition_blocks_closure(vault: Vault) -> None:
    case_id = _case_with_agencies(vault)
    tr.start_transition(vault, case_id, _draft())
    _fill_closure(vault, case_id)
    with pytest.raises(InvalidInput, match="Moving to adult services"):
        tr.close_case(vault, case_id)


def test_a_closed_case_refuses_edits_and_reopening_keeps_the_history(vault: Vault) -> None:
    case_id = _case_with_agencies(vault)
    transition_id = tr.start_transition(vault, case_id, _draft(continuity_by="Rowan"))
    for line in tr.get_transition(vault, transition_id).lines:
        if not line.from_records:
            tr.mark_transition_item(vault, transition_id, line.key)
    tr.complete_transition(vault, transition_id)
    _fill_closure(vault, case_id)
    with pytest.raises(InvalidInput, match="open already"):
        tr.reopen_case(vault, case_id, "Why not.")
    tr.close_case(vault, case_id)

    refused = [
        lambda: cases.add_person(vault, case_id, PersonDraft("Nell Ashworth")),
        lambda: cases.update_case(vault, case_id, summary="Changed"),
        lambda: tasks.add_task(vault, case_id, TaskDraft("Anything", TODAY, agency_id=1)),
        lambda: safety_plans.create_plan(vault, case_id, PlanShape.FAMILY),
        lambda: tr.start_transition(vault, case_id, _draft()),
        lambda: tr.save_closure_plan(vault, case_id, tr.ClosureDraft(reason="x")),
        lambda: tr.close_case(vault, case_id),
    ]
    for attempt in refused:
        with pytest.raises(InvalidInput, match="closed"):
            attempt()

    with pytest.raises(InvalidInput, match="why the case is being reopened"):
        tr.reopen_case(vault, case_id, "   ")
    tr.reopen_case(vault, case_id, "School referred again after a new incident.")
    reopened = cases.get_case(vault, case_id)
    assert reopened.status is CaseStatus.OPEN and reopened.closed_on is None
    view = tr.closure_checklist(vault, case_id)
    assert view.closure_id is None  # a fresh closure will be needed
    assert [e.what for e in view.history] == ["Closed", "Reopened"]
    assert "new incident" in view.history[1].why and view.history[1].by
    assert tr.get_transition(vault, transition_id).complete  # the transition stays too

    # Closing again is a new closure; both stay in the history.
    _fill_closure(vault, case_id)
    tr.close_case(vault, case_id)
    assert [e.what for e in tr.closure_checklist(vault, case_id).history] == [
        "Closed",
        "Reopened",
        "Closed",
    ]


def test_the_demo_hands_one_family_on_and_closes_another(demo_vault: Vault) -> None:
    # demo.populate() ran demo_transitions at the end.
    haddad = cases.find_case_id(demo_vault, "TAC-2026-0104")
    (transition,) = tr.case_transitions(demo_vault, haddad)
    assert transition.complete and transition.kind is TransitionKind.ADULT_SERVICES
    assert transition.receiving_agency == "Lagan Adult Social Care"
    assert all(line.done for line in transition.lines)
    yilmaz = cases.find_case_id(demo_vault, "TAC-2026-0103")
    assert cases.get_case(demo_vault, yilmaz).status is CaseStatus.CLOSED
    closure = tr.closure_checklist(demo_vault, yilmaz)
    assert all(line.done for line in closure.lines) and closure.history
