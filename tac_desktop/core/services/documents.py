"""Documents from the vault: gather a meeting's record as plain content, make the PDF,
and save it where the user asks.

Importing this module does not import reportlab: the renderers load when a document is
first made, so the window starts without paying for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields, is_dataclass, replace
from pathlib import Path

from tac_desktop.core import files
from tac_desktop.core.documents import Document, document_file_name
from tac_desktop.core.documents import content as c
from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import AttendanceMode, TaskStatus
from tac_desktop.core.models.task import misses_in_a_row
from tac_desktop.core.practice.think_family import Role
from tac_desktop.core.services import cases, consent, glossary, meetings, tasks
from tac_desktop.core.vault import Vault

_TOOK_PART = {
    AttendanceMode.INVITED: "Not recorded yet",
    AttendanceMode.PRESENT: "Present",
    AttendanceMode.REMOTE: "Joined by phone or video",
    AttendanceMode.WRITTEN_REPORT: "Sent a written report",
    AttendanceMode.REPRESENTED: "Represented by someone else",
    AttendanceMode.APOLOGIES: "Sent apologies",
    AttendanceMode.DID_NOT_ATTEND: "Did not come",
}

_ROLE = {
    Role.SUBJECT_CHILD: "the child this meeting is about",
    Role.OTHER_CHILD: "another child in the family",
    Role.ADULT_AROUND_CHILD: "an adult in the child's life",
    Role.SUBJECT_ADULT: "the adult this meeting is about",
    Role.CHILD_OF_SUBJECT_ADULT: "a child in the family",
}

_STATUS = {
    TaskStatus.NOT_STARTED: "Not started",
    TaskStatus.IN_PROGRESS: "In progress",
    TaskStatus.DONE: "Done",
    TaskStatus.NOT_DONE: "Not done",
    TaskStatus.NO_LONGER_NEEDED: "No longer needed",
}


def minutes_content(
    vault: Vault, meeting_id: int, for_agency: str | None = None
) -> c.MinutesContent:
    """Everything the minutes of one meeting say, as plain data. ``for_agency``: that
    agency's copy, which leaves out the notes (and amendments) of sections marked
    restricted, saying so where they would be (need-to-know)."""
    view = meetings.get_meeting(vault, meeting_id)
    agency_copy = " ".join((for_agency or "").split())
    if for_agency is not None and not agency_copy:
        raise InvalidInput("Say which agency this copy of the minutes is for.")
    restricted = {s.key for s in view.sections if s.restricted} if agency_copy else set()
    case = cases.get_case(vault, view.case_id, view.held_on)
    case_tasks = tasks.case_tasks(vault, view.case_id)
    held = {m.id: m.held_on for m in meetings.list_meetings(vault, view.case_id)}
    subject = case.subject

    considerations: list[c.PersonConsiderations] = []
    by_person: dict[tuple[int | None, str], list[c.Consideration]] = {}
    for item in view.considerations:
        key = (item.person_id, item.person_name)
        if key not in by_person:
            by_person[key] = []
            considerations.append(
                c.PersonConsiderations(item.person_name, _ROLE.get(item.role, ""), ())
            )
        by_person[key].append(
            c.Consideration(
                question=item.question_text,
                answer=item.answer.label if item.answer else "Not answered yet",
                reason=item.reason,
                follows=item.follow_up.label if item.follow_up else "",
                detail=item.follow_up_detail,
                procedure=item.procedure.label if item.procedure else "",
                due_on=item.due_on,
                referral_confirmed=item.referral_confirmed,
            )
        )
    considerations = [
        c.PersonConsiderations(p.person, p.role, tuple(items))
        for p, items in zip(considerations, by_person.values(), strict=True)
    ]

    previous: list[c.PreviousAction] = []
    plan: dict[str, list[c.Action]] = {}
    for task in case_tasks:
        agreed_here = task.meeting_id == view.id
        agreed_on = held.get(task.meeting_id) if task.meeting_id is not None else None
        here = [u for u in task.updates if u.meeting_id == view.id]
        challenged = tuple(
            c.Challenge(ch.raised_by, ch.agency_response, ch.escalated_to)
            for ch in task.challenges
            if ch.meeting_id == view.id
        )
        if not agreed_here and (here or challenged or (not view.is_final and task.status.is_open)):
            last = here[-1] if here else None
            upto = task.updates[: task.updates.index(last) + 1] if last else []
            previous.append(
                c.PreviousAction(
                    description=task.description,
                    agency=task.agency_name,
                    owner=task.owner_name,
                    due_on=task.due_on,
                    status=_STATUS[last.status] if last else "No update recorded yet",
                    update=last.note if last else "",
                    not_done_reason=last.not_done_reason.label
                    if last and last.not_done_reason
                    else "",
                    misses_in_a_row=misses_in_a_row([u.status for u in upto]),
                    challenges=challenged,
                )
            )
        # The plan: what this meeting agreed, and what is still open from before it.
        earlier = agreed_on is None or agreed_on <= view.held_on
        if agreed_here or (task.status.is_open and earlier):
            plan.setdefault(task.agency_name or "Family and others", []).append(
                c.Action(
                    task.description,
                    task.owner_name,
                    task.for_whom,
                    task.due_on,
                    _STATUS[task.status],
                )
            )

    titles = {s.key: s.title for s in view.sections}
    content = c.MinutesContent(
        reference=view.case_reference,
        meeting_title=view.title,
        held_on=view.held_on,
        chair=view.chair_name,
        draft=not view.is_final,
        start_time=view.start_time,
        venue=view.venue,
        subject=subject.display_name if subject else "",
        finalised_on=view.finalised_at.date() if view.finalised_at else None,
        attendees=tuple(
            c.Attendee(
                a.name,
                a.role,
                a.agency,
                _TOOK_PART[a.mode],
                a.represented_by,
                bool(a.report_text.strip()),
            )
            for a in view.attendees
        ),
        sections=tuple(
            c.Section(
                s.key,
                s.title,
                "" if s.key in restricted else s.notes,
                tuple(p.value for p in s.parts),
                withheld=s.key in restricted,
            )
            for s in view.sections
        ),
        reports=tuple(
            c.Report(a.name, a.agency, a.report_text)
            for a in view.attendees
            if a.report_text.strip()
        ),
        scores=tuple(c.Score(s.participant, s.score, s.comment) for s in view.scores),
        considerations=tuple(considerations),
        decisions=tuple(
            c.Decision(d.text, tuple(c.Dissent(x.who, x.reason) for x in d.dissents))
            for d in view.decisions
        ),
        differing_views=tuple(
            c.DifferingView(d.topic, d.views, d.resolution, d.escalated_to)
            for d in view.differing_views
        ),
        early_reviews=tuple(
            c.EarlyReview(e.requested_by, e.reason, e.outcome) for e in view.early_reviews
        ),
        previous_actions=tuple(previous),
        action_plan=tuple(
            c.AgencyActions(name, tuple(sorted(actions, key=lambda a: a.due_on)))
            for name, actions in sorted(plan.items(), key=lambda kv: kv[0].casefold())
        ),
        next_review_on=view.next_review_on,
        distribution=tuple(c.Recipient(a.name, a.role, a.agency) for a in view.attendees),
        amendments=tuple(
            c.Amendment(a.made_at.date(), a.author, titles.get(a.section_key, ""), a.text, a.reason)
            if a.section_key not in restricted
            else c.Amendment(
                a.made_at.date(), a.author, titles.get(a.section_key, ""), c.WITHHELD_NOTE, ""
            )
            for a in view.amendments
        ),
        overrides=tuple(consent.overrides_in_words(vault, view.case_id)),
        copy_for=agency_copy,
    )
    used = glossary.glossary_for(vault, list(_texts(content)))
    return replace(
        content,
        glossary=tuple(
            c.GlossaryEntry(
                t.term, t.meaning, tuple((s.label, text) for s, text in t.by_sector.items())
            )
            for t in used
        ),
    )


def _texts(value: object) -> Iterator[str]:
    """Every piece of text in a document's content: where its abbreviations are found."""
    if isinstance(value, str):
        yield value
    elif is_dataclass(value) and not isinstance(value, type):
        for item in fields(value):
            yield from _texts(getattr(value, item.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _texts(item)


def _document(content: c.MinutesContent, kind: str, title: str, pdf: bytes) -> Document:
    draft = "draft-" if content.draft else ""
    return Document(
        title=f"{title}{' (draft)' if content.draft else ''}: {content.meeting_title}, "
        f"{content.held_on.day} {content.held_on:%B %Y}",
        file_name=document_file_name(content.reference, f"{draft}{kind}", content.held_on),
        pdf=pdf,
    )


def minutes_document(vault: Vault, meeting_id: int, for_agency: str | None = None) -> Document:
    """The minutes as a PDF; a draft meeting's say DRAFT on every page. ``for_agency``:
    that agency's copy, without the sections marked restricted (a note says where)."""
    from tac_desktop.core.documents.minutes import MinutesRenderer

    content = minutes_content(vault, meeting_id, for_agency)
    if content.copy_for:
        return _document(
            content,
            f"minutes-{content.copy_for[:40]}",
            f"Minutes for {content.copy_for}",
            MinutesRenderer(content).render(),
        )
    return _document(content, "minutes", "Minutes", MinutesRenderer(content).render())


def decision_summary_document(vault: Vault, meeting_id: int) -> Document:
    """The short summary (decisions, actions, next review) due one working day after."""
    from tac_desktop.core.documents.minutes import DecisionSummaryRenderer

    content = minutes_content(vault, meeting_id)
    return _document(
        content, "decision-summary", "Decision summary", DecisionSummaryRenderer(content).render()
    )


def meeting_of_case(vault: Vault, reference: str, meeting_id: int) -> int:
    """The meeting's id once it is known to belong to the case ``reference``."""
    case_id = cases.find_case_id(vault, reference)
    if meeting_id not in {m.id for m in meetings.list_meetings(vault, case_id)}:
        raise InvalidInput(
            f"Case {reference.strip()} has no meeting number {meeting_id}. Nothing was written."
        )
    return meeting_id


# -- saving ---------------------------------------------------------------------------


def save_document(vault: Vault, document: Document, path: Path | str, force: bool = False) -> Path:
    """Write the PDF to ``path`` (owner-readable only, in one step) and note in the audit
    log that a document left the vault (its title and file name, never its content)."""
    return files.save_file(
        vault,
        path,
        document.pdf,
        what="the PDF",
        audit_action="document saved",
        detail={"document": document.title},
        force=force,
    )


__all__ = [
    "decision_summary_document",
    "meeting_of_case",
    "minutes_content",
    "minutes_document",
    "save_document",
]
