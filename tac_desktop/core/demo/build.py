"""Builds the demo vault from the families, one after another: the case and its people,
the consents, a finalised meeting, today's review half way through, the tasks agreed at
the first, safety plans, what was logged by hand; then the transitions."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from tac_desktop.core.demo import haddad, nowak, whitfield, yilmaz
from tac_desktop.core.demo.base import (
    DEMO_CHAIR,
    DEMO_CHAIR_EMAIL,
    DEMO_MANAGER,
    DEMO_PASSPHRASE,
    Family,
    Story,
)
from tac_desktop.core.models import AttendanceMode, ConsentStatus, OverrideGrounds
from tac_desktop.core.practice.think_family import Answer, FollowUp, Procedure
from tac_desktop.core.services import cases, consent, meetings, schedule, tasks, transitions
from tac_desktop.core.services.cases import CaseDraft
from tac_desktop.core.services.meetings import ConsiderationAnswer, MeetingDraft
from tac_desktop.core.services.tasks import TaskDraft
from tac_desktop.core.vault import KdfParams, Vault

# In the order their cases are made (and their references numbered).
_STORIES: tuple[Story, ...] = (whitfield.STORY, nowak.STORY, yilmaz.STORY, haddad.STORY)


def demo_families(today: date | None = None) -> list[Family]:
    return [story.family(today) for story in _STORIES]


def _agree_tasks(
    vault: Vault, case_id: int, story: Story, final: int, review: int, today: date
) -> None:
    """The tasks agreed at the finalised meeting, and what has happened to them."""
    left = story.left
    involvement = cases.add_professional(vault, case_id, left) if left else None
    case = cases.get_case(vault, case_id)
    professionals = {i.name: i.professional_id for i in case.involvements}
    people = {p.name: p.id for p in case.people}
    made = tasks.case_tasks(vault, case_id, today)  # from the Think Family answers
    held_on = today - timedelta(weeks=6)
    for item in story.tasks:
        if item.owner:
            task_id = tasks.add_task(
                vault,
                case_id,
                TaskDraft(
                    item.description,
                    held_on + timedelta(weeks=item.due_weeks),
                    professional_id=professionals[item.owner],
                    for_person_id=people.get(item.for_person),
                    meeting_id=final,
                ),
            )
        else:
            task_id = next(t.id for t in made if t.description.startswith(item.description))
        for step in item.steps:
            tasks.update_task(
                vault,
                task_id,
                step.status,
                step.note,
                new_due_on=(
                    today + timedelta(days=step.new_due_in_days)
                    if step.new_due_in_days is not None
                    else None
                ),
                not_done_reason=step.reason,
                meeting_id=review if step.at_review else None,
            )
        if item.challenge is not None:
            tasks.record_challenge(vault, task_id, *item.challenge, meeting_id=review)
    if involvement is not None:
        cases.remove_involvement(vault, involvement)


def _hold_meeting(vault: Vault, case_id: int, story: Story, held_on: date) -> int:
    """A finalised meeting: everyone recorded, every Think Family question answered."""
    meeting_id = meetings.create_meeting(
        vault,
        case_id,
        MeetingDraft(story.template, held_on, "10:00", "Riverside Family Hub, room 2"),
    )
    view = meetings.get_meeting(vault, meeting_id)
    for number, attendee in enumerate(view.attendees):
        mode = AttendanceMode.WRITTEN_REPORT if number == 1 else AttendanceMode.PRESENT
        report = "Written report received and read out." if number == 1 else None
        meetings.record_attendance(vault, attendee.id, mode, report_text=report)
    meetings.save_notes(
        vault,
        meeting_id,
        "welcome",
        "Everyone introduced themselves. The family chose the room layout.",
    )
    findings = story.findings
    # Who acts on an answer, by the name the story gives: a professional, an agency, or
    # the chair.
    actors = {c.name or c.agency: c.actor for c in meetings.actor_choices(vault, case_id)}
    actors["the chair"] = next(
        c.actor for c in meetings.actor_choices(vault, case_id) if c.actor.kind.value == "chair"
    )
    for item in view.considerations:
        assert item.person_id is not None
        answer, reason, follow_up, detail, who = findings.get(
            (item.person_name, item.question_key),
            (
                Answer.NO,
                "Talked through with the family and agencies; no concern found.",
                FollowUp.NO_ACTION,
                "",
                "",
            ),
        )
        procedure = Procedure.ADULT_SERVICES if "adult" in item.question_key else None
        meetings.answer_consideration(
            vault,
            meeting_id,
            item.person_id,
            item.question_key,
            ConsiderationAnswer(
                answer,
                reason,
                follow_up,
                procedure or Procedure.EARLY_HELP,
                detail,
                actor=actors[who] if who else None,
            ),
        )
        if item.trigger is not None and answer is Answer.YES:
            meetings.confirm_referral(vault, meeting_id, item.person_id, item.question_key)
    meetings.add_score(vault, meeting_id, "Lead professional", 6, "Safer than last time.")
    meetings.add_score(vault, meeting_id, "Parent", 8)
    for section, text in story.restricted_notes:
        meetings.save_notes(vault, meeting_id, section, text)
        # Need-to-know: kept out of the agencies' copies of the minutes.
        meetings.set_restricted(vault, meeting_id, section, True)
    for text, dissents in story.decisions:
        decision = meetings.add_decision(vault, meeting_id, text)
        for who, why in dissents:
            meetings.add_dissent(vault, decision, who, why)
    meetings.set_next_review(vault, meeting_id, held_on + timedelta(weeks=6))
    final = meetings.finalise(vault, meeting_id)  # its actions and referrals become tasks
    if final.decision_summary_due is not None:
        meetings.mark_sent(
            vault, meeting_id, meetings.Paperwork.DECISION_SUMMARY, final.decision_summary_due
        )
    # The others' minutes are late (so My actions has something to chase).
    if story.minutes_sent and final.minutes_due is not None:
        sent = min(final.minutes_due - timedelta(days=2), date.today())
        meetings.mark_sent(vault, meeting_id, meetings.Paperwork.MINUTES, sent)
    return meeting_id


def _start_meeting(vault: Vault, case_id: int, story: Story, held_on: date) -> int:
    """Today's meeting, half way through: some attendance, some notes."""
    meeting_id = meetings.create_meeting(
        vault, case_id, MeetingDraft(story.template, held_on, "14:00", "Family home")
    )
    view = meetings.get_meeting(vault, meeting_id)
    if view.attendees:
        meetings.record_attendance(vault, view.attendees[0].id, AttendanceMode.PRESENT)
    meetings.save_notes(
        vault,
        meeting_id,
        "welcome",
        "We met at home so the children could join for the first part.",
    )
    return meeting_id


def _record_consents(vault: Vault, case_id: int, story: Story, today: date) -> None:
    """What each family agreed when the case opened; before any meeting, so sends log
    what they rest on."""
    people = {p.name: p.id for p in cases.get_case(vault, case_id).people}
    asked_on = today - timedelta(weeks=19)
    for name, giver, by_name, agency, status, how, note in story.consents:
        refusal = story.refusal if status is ConsentStatus.REFUSED else None
        refused = refusal is not None
        consent_id = consent.record_consent(
            vault,
            case_id,
            consent.ConsentDraft(
                person_id=people[name],
                given_by=giver,
                status=status,
                decided_on=today - timedelta(weeks=8) if refused else asked_on,
                how=how,
                agency=agency,
                purpose=refusal.purpose if refusal is not None else "",
                note=note,
                given_by_name=by_name,
                not_sought_reason=(
                    "She is not part of the plan yet; we will ask her at the next review."
                    if status is ConsentStatus.NOT_SOUGHT
                    else ""
                ),
                review_on=None if refused else today + timedelta(weeks=10),
                # The need goes on, so they will be asked again: this week.
                raise_again_on=today + timedelta(days=3) if refused else None,
            ),
        )
        if refusal is not None:
            decided = today - timedelta(weeks=7)
            consent.record_override(
                vault,
                consent_id,
                consent.OverrideDraft(
                    grounds=OverrideGrounds.CHILD_SIGNIFICANT_HARM,
                    reasons=refusal.reasons,
                    decided_by=DEMO_CHAIR.name,
                    decided_on=decided,
                    approved_by=DEMO_MANAGER,
                    approved_on=decided,
                    person_told=False,
                    not_told_reason=refusal.not_told_reason,
                ),
            )


def _write_safety_plans(vault: Vault, case_id: int, story: Story, today: date) -> None:
    people = {p.name: p.id for p in cases.get_case(vault, case_id).people}
    if story.safety_plans is not None:
        story.safety_plans(vault, case_id, people, today)


def _log_by_hand(vault: Vault, case_id: int, story: Story, today: date) -> None:
    """What was shared (or refused) outside a document: a phone call, a request."""
    if story.log_by_hand is not None:
        story.log_by_hand(vault, case_id, today)


def populate(vault: Vault, today: date | None = None) -> list[str]:
    """Add the demo families, each with a finalised meeting, one in progress (today's
    review) and the tasks agreed at the first; two of them with safety plans; one handed
    on to adult services and one closed, each with its checklist complete."""
    today = today or date.today()
    schedule.set_chair_email(vault, DEMO_CHAIR_EMAIL)  # the organiser of its invitations
    references = []
    for family, story in zip(demo_families(today), _STORIES, strict=True):
        case_id = cases.create_case(
            vault,
            CaseDraft(
                family.reference,
                family.subject,
                family.nation,
                family.summary,
                opened_on=today - timedelta(weeks=20),
            ),
        )
        for person in family.others:
            cases.add_person(vault, case_id, person)
        for professional, role, lead in family.professionals:
            cases.add_professional(vault, case_id, professional, role, is_lead=lead)
        _record_consents(vault, case_id, story, today)
        final = _hold_meeting(vault, case_id, story, today - timedelta(weeks=6))
        review = _start_meeting(vault, case_id, story, today)
        _agree_tasks(vault, case_id, story, final, review, today)
        _write_safety_plans(vault, case_id, story, today)
        _log_by_hand(vault, case_id, story, today)
        if story.readers is not None:  # who reads what of the finalised meeting
            story.readers(vault, case_id, final)
        references.append(family.reference)
    # The Haddads are handed on to adult services; the Yılmaz case has closed.
    transitions.demo_transitions(vault, today)
    return references


def create_demo_vault(
    path: Path, passphrase: str = DEMO_PASSPHRASE, kdf: KdfParams | None = None
) -> Vault:
    vault = Vault.create(path, passphrase, DEMO_CHAIR, kdf)
    try:
        populate(vault)
    except BaseException:
        vault.close()
        raise
    return vault
