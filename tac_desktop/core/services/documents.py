"""Documents from the vault: gather a meeting's record as plain content, make the PDF,
and save it where the user asks.

Importing this module does not import reportlab: the renderers load when a document is
first made, so the window starts without paying for them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import fields, is_dataclass, replace
from pathlib import Path

from tac_desktop.core import files
from tac_desktop.core.documents import (
    Document,
    PendingDocument,
    document_file_name,
    render_watched,
)
from tac_desktop.core.documents import content as c
from tac_desktop.core.documents.copies import copy_for
from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import AttendanceMode, CopyKind, TaskStatus
from tac_desktop.core.models.task import misses_in_a_row
from tac_desktop.core.practice.readers import (
    ItemKind,
    Reader,
    ReaderKind,
    default_family_member,
    item_key,
    work_contacts,
)
from tac_desktop.core.practice.think_family import Role
from tac_desktop.core.progress import Progress
from tac_desktop.core.services import (
    cases,
    consent,
    copies,
    distribution,
    glossary,
    meetings,
    tasks,
)
from tac_desktop.core.vault import Vault

_TOOK_PART = {
    AttendanceMode.INVITED: "Not recorded yet",
    AttendanceMode.PRESENT: "Present",
    AttendanceMode.REMOTE: "Joined by phone or video",
    AttendanceMode.WRITTEN_REPORT: c.SENT_A_REPORT,
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
    Role.ADULT_IN_FAMILY: "another adult in the family",
}

_STATUS = {
    TaskStatus.NOT_STARTED: "Not started",
    TaskStatus.IN_PROGRESS: "In progress",
    TaskStatus.DONE: "Done",
    TaskStatus.NOT_DONE: "Not done",
    TaskStatus.NO_LONGER_NEEDED: "No longer needed",
}


def minutes_content(
    vault: Vault,
    meeting_id: int,
    for_agency: str | None = None,
    reader: Reader | None = None,
) -> c.MinutesContent:
    """Everything one reader's copy of a meeting's minutes says, as plain data.

    ``reader``: whose copy (``practice.readers``); the full copy when None.
    ``for_agency``: the same as ``reader=Reader.agency(for_agency)``: that agency's copy,
    which leaves out the notes (and amendments) of sections kept from agencies, saying
    so where they would be. A family member's copy leaves out, without a trace, what is
    for professionals only or kept from them; a person marked as one who must not
    receive information gets no copy at all."""
    if for_agency is not None:
        if not " ".join(for_agency.split()):
            raise InvalidInput("Say which agency this copy of the minutes is for.")
        reader = Reader.agency(for_agency)
    reader = reader or Reader.full()
    if reader.kind is ReaderKind.FAMILY:
        copies.check_reader(vault, meeting_id, reader)
    whole = _whole_record(vault, meeting_id)
    return _with_glossary(vault, copy_for(whole, reader))


def _whole_record(vault: Vault, meeting_id: int) -> c.MinutesContent:
    """The full record with each item's access: what every copy is cut from."""
    view = meetings.get_meeting(vault, meeting_id)
    access = copies.access_map(vault, meeting_id)
    listed = distribution.distribution(vault, meeting_id)
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
                c.PersonConsiderations(
                    item.person_name, _ROLE.get(item.role, ""), (), item.person_id
                )
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
                access=access.of(
                    item_key(ItemKind.CONSIDERATION, view.id, item.person_id, item.question_key)
                ),
            )
        )
    considerations = [
        c.PersonConsiderations(p.person, p.role, tuple(items), p.person_id)
        for p, items in zip(considerations, by_person.values(), strict=True)
    ]

    previous: list[c.PreviousAction] = []
    plan: dict[str, list[c.Action]] = {}
    for task in case_tasks:
        task_access = access.of(item_key(ItemKind.TASK, task.id))
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
                    access=task_access,
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
                    access=task_access,
                    people=access.people.get(task.id, frozenset()),
                )
            )

    titles = {s.key: s.title for s in view.sections}
    whom = "adult" if view.about == "adult" else "child"
    family = tuple(
        c.FamilyMember(
            f.name,
            f"The {whom} this meeting is about" if f.is_subject else f.relationship or "Family",
            "Lives in the household"
            if f.lives_in_household
            else "Lives elsewhere; significant contact"
            if f.significant_contact
            else "Lives elsewhere",
            "Yes" if f.parental_responsibility else "No",
            f.person_id,
            f.no_information,
            default_family_member(),
        )
        for f in meetings.family_as_recorded(vault, meeting_id)
    )
    content = c.MinutesContent(
        reference=view.case_reference,
        meeting_title=view.title,
        held_on=view.held_on,
        chair=view.chair_name,
        draft=not view.is_final,
        start_time=view.start_time,
        venue=view.venue,
        subject=subject.display_name if subject else "",
        about=view.about,
        finalised_on=view.finalised_at.date() if view.finalised_at else None,
        family=family,
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
                s.notes,
                tuple(p.value for p in s.parts),
                access=access.of(item_key(ItemKind.SECTION, view.id, s.key)),
            )
            for s in view.sections
        ),
        reports=tuple(
            c.Report(a.name, a.agency, a.report_text, access.of(item_key(ItemKind.REPORT, a.id)))
            for a in view.attendees
            if a.report_text.strip()
        ),
        scores=tuple(c.Score(s.participant, s.score, s.comment) for s in view.scores),
        considerations=tuple(considerations),
        decisions=tuple(
            c.Decision(
                d.text,
                tuple(c.Dissent(x.who, x.reason) for x in d.dissents),
                access.of(item_key(ItemKind.DECISION, d.id)),
            )
            for d in view.decisions
        ),
        differing_views=tuple(
            c.DifferingView(
                d.topic,
                d.views,
                d.resolution,
                d.escalated_to,
                access.of(item_key(ItemKind.DIFFERING_VIEW, d.id)),
            )
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
        distribution=tuple(
            c.Recipient(r.name, r.role, r.agency, r.copy.label, r.person_id)
            for r in listed.recipients
            if r.copy is not CopyKind.NONE
        )
        if listed.confirmed
        else tuple(
            c.Recipient(a.name, a.role, a.agency, person_id=a.person_id) for a in view.attendees
        ),
        amendments=tuple(
            c.Amendment(
                a.made_at.date(),
                a.author,
                titles.get(a.section_key, ""),
                a.text,
                a.reason,
                a.section_key,
            )
            for a in view.amendments
        ),
        overrides=tuple(consent.overrides_in_words(vault, view.case_id)),
        work_contacts=work_contacts(
            (i.phone for i in case.involvements), (i.secure_email for i in case.involvements)
        ),
    )
    return content


def _with_glossary(vault: Vault, content: c.MinutesContent) -> c.MinutesContent:
    """The glossary of exactly the terms this copy uses (found after cutting it down)."""
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


# Fields a renderer never prints: the reasons behind an item's access must not bring a
# term into the glossary (a family copy's "MARAC" entry would tell of a withheld item).
_NOT_PRINTED = frozenset({"access", "reader", "people", "work_contacts"})


def _texts(value: object) -> Iterator[str]:
    """Every piece of text in a document's content: where its abbreviations are found."""
    if isinstance(value, str):
        yield value
    elif is_dataclass(value) and not isinstance(value, type):
        for item in fields(value):
            if item.name not in _NOT_PRINTED:
                yield from _texts(getattr(value, item.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _texts(item)


def _pending(
    content: c.MinutesContent,
    kind: str,
    title: str,
    make: Callable[[Progress | None], bytes],
) -> PendingDocument:
    draft = "draft-" if content.draft else ""
    return PendingDocument(
        title=f"{title}{' (draft)' if content.draft else ''}: {content.meeting_title}, "
        f"{content.held_on.day} {content.held_on:%B %Y}",
        file_name=document_file_name(content.reference, f"{draft}{kind}", content.held_on),
        make=make,
    )


def _copy_words(content: c.MinutesContent) -> tuple[str, str]:
    """The file-name word and the title words of a reader's copy. A family copy's file
    name never names the person (file names travel in e-mails and logs)."""
    reader = content.reader
    if reader.kind is ReaderKind.AGENCY:
        return f"-{reader.name[:40]}", f" for {reader.name}"
    if reader.kind is ReaderKind.FAMILY:
        return "-family-copy", f" for {reader.name} (family copy)"
    return "", ""


def prepare_minutes(
    vault: Vault,
    meeting_id: int,
    for_agency: str | None = None,
    reader: Reader | None = None,
) -> PendingDocument:
    """The minutes for one reader, gathered from the vault and ready to be made (see
    ``PendingDocument``: the window makes it on a worker thread)."""
    from tac_desktop.core.documents.minutes import MinutesRenderer

    content = minutes_content(vault, meeting_id, for_agency, reader)
    file_word, title_words = _copy_words(content)
    return _pending(
        content,
        f"minutes{file_word}",
        f"Minutes{title_words}",
        lambda progress: render_watched(MinutesRenderer(content), progress, "The minutes"),
    )


def minutes_document(
    vault: Vault,
    meeting_id: int,
    for_agency: str | None = None,
    reader: Reader | None = None,
) -> Document:
    """The minutes as a PDF for one reader (the full copy when None); a draft meeting's
    say DRAFT on every page. ``for_agency``: that agency's copy (see ``minutes_content``)."""
    return prepare_minutes(vault, meeting_id, for_agency, reader).document()


def prepare_decision_summary(
    vault: Vault, meeting_id: int, reader: Reader | None = None
) -> PendingDocument:
    """The decision summary for one reader, gathered and ready to be made."""
    from tac_desktop.core.documents.minutes import DecisionSummaryRenderer

    content = minutes_content(vault, meeting_id, reader=reader)
    file_word, title_words = _copy_words(content)
    return _pending(
        content,
        f"decision-summary{file_word}",
        f"Decision summary{title_words}",
        lambda progress: render_watched(
            DecisionSummaryRenderer(content), progress, "The decision summary"
        ),
    )


def decision_summary_document(
    vault: Vault, meeting_id: int, reader: Reader | None = None
) -> Document:
    """The short summary (decisions, actions, next review) due one working day after,
    for one reader (the full copy when None)."""
    return prepare_decision_summary(vault, meeting_id, reader).document()


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
    "minutes_content",
    "minutes_document",
    "save_document",
]
