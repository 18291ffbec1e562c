"""Import: a checked case file added to a vault as a new case, all or nothing."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import (
    Agency,
    Amendment,
    Attendance,
    Case,
    Consent,
    Consideration,
    CopyMark,
    CopyMarkExclusion,
    Decision,
    DifferingView,
    Dissent,
    EarlyReviewRequest,
    Involvement,
    Meeting,
    MeetingRecipient,
    MeetingSection,
    Person,
    Professional,
    SafetyPlan,
    SafetyPlanSend,
    SafetyPlanVersion,
    ScalingScore,
    Sector,
    SharingLogEntry,
    SharingOverride,
    Task,
    TaskChallenge,
    TaskUpdate,
)
from tac_desktop.core.practice.readers import ItemKind, item_key
from tac_desktop.core.practice.safety_plans import content_to_text
from tac_desktop.core.practice.think_family import ActorKind
from tac_desktop.core.services import safety_plans
from tac_desktop.core.services.cases import (
    PersonDraft,
    find_or_add_agency,
    valid_line,
    valid_name,
    valid_note,
    validate_person,
    validate_reference,
)
from tac_desktop.core.text import clean_line
from tac_desktop.core.transfer.copies import CopyMarkItem
from tac_desktop.core.transfer.format import _FUTURE_WORDS, FUTURE_LISTS, CaseFile
from tac_desktop.core.transfer.items import ConsiderationItem, MeetingItem, SafetyPlanItem, TaskItem
from tac_desktop.core.transfer.reading import read_case_file
from tac_desktop.core.vault import Vault, audit


class ReferenceTaken(InvalidInput):
    """The vault already has a case with the reference being imported."""


def _refuse_future_lists(model: CaseFile) -> None:
    filled = [_FUTURE_WORDS[name] for name in FUTURE_LISTS if getattr(model, name)]
    if filled:
        raise InvalidInput(
            f"This file holds {', '.join(filled)}, which this version of TAC Desktop cannot "
            "import yet. Nothing was imported; update TAC Desktop and try again."
        )


def _insert(session: Session, model: CaseFile, reference: str) -> Case:
    info = model.case
    case = Case(
        reference=reference,
        status=info.status,
        opened_on=info.opened_on,
        closed_on=info.closed_on,
        nation=info.nation,
        summary=valid_note(info.summary, "The summary"),
    )
    session.add(case)
    people: dict[str, Person] = {}
    for item in model.people:
        draft = validate_person(item.draft())
        person = Person(**{f.name: getattr(draft, f.name) for f in fields(PersonDraft)})
        person.no_information = item.no_information
        person.no_information_reason = valid_note(item.no_information_reason, "The reason")
        case.people.append(person)
        people[item.key] = person
    session.flush()
    if info.subject is not None:
        case.subject = people[info.subject]
    agencies: dict[tuple[str, Sector], Agency] = {}
    named: dict[tuple[str, str], Professional] = {}
    for agency_item in model.agencies:
        agency = find_or_add_agency(session, agency_item.name, agency_item.sector)
        agencies[(agency.name, agency.sector)] = agency
    session.flush()
    for entry in model.professionals:
        agency = agencies[(clean_line(entry.agency), entry.sector)]
        name = valid_name(entry.name, "The professional's name")
        professional = session.scalar(
            select(Professional).where(
                Professional.name == name, Professional.agency_id == agency.id
            )
        )
        if professional is None:
            professional = Professional(name=name, agency=agency)
            session.add(professional)
        # As when a professional is added by hand: the latest details are kept.
        professional.role = valid_line(entry.role, "The role")
        professional.phone = valid_line(entry.phone, "The phone number", 60)
        professional.secure_email = valid_line(entry.secure_email, "The email address", 254)
        case.involvements.append(
            Involvement(
                professional=professional,
                role_on_case=valid_line(entry.role_on_case, "The role on the case"),
                is_lead=entry.is_lead,
            )
        )
        named[(name, clean_line(entry.agency))] = professional
    session.flush()
    held: dict[str, Meeting] = {}
    for meeting_item in model.meetings:
        held[meeting_item.id] = _meeting(meeting_item, case, people, named)
        session.add(held[meeting_item.id])
    session.flush()
    agreed: list[Task] = []
    for task_item in model.tasks:
        task_agency: Agency | None = None
        if task_item.agency is not None and task_item.agency_sector is not None:
            ident = (clean_line(task_item.agency), task_item.agency_sector)
            if ident not in agencies:
                agencies[ident] = find_or_add_agency(session, *ident)
                session.flush()  # the task takes the new agency's id
            task_agency = agencies[ident]
        agreed.append(_task(task_item, case, people, named, held, task_agency))
        session.add(agreed[-1])
    for plan_item in model.safety_plans:
        session.add(_safety_plan(plan_item, case, people))
    session.flush()
    _insert_sharing(session, model, case, people, held)
    _insert_copies(session, model, case, people, named, held, agreed)
    return case


def _insert_copies(
    session: Session,
    model: CaseFile,
    case: Case,
    people: dict[str, Person],
    professionals: dict[tuple[str, str], Professional],
    held: dict[str, Meeting],
    agreed: list[Task],
) -> None:
    """Each meeting's distribution list, and the chair's marks with the vault's keys for
    the items they name built again from the new ids."""
    for meeting_item in model.meetings:
        for position, row in enumerate(meeting_item.distribution):
            ref = row.professional
            session.add(
                MeetingRecipient(
                    meeting_id=held[meeting_item.id].id,
                    position=position,
                    name=clean_line(row.name),
                    role=clean_line(row.role),
                    agency=clean_line(row.agency),
                    person_id=people[row.person].id if row.person is not None else None,
                    professional_id=(
                        professionals[(clean_line(ref.name), clean_line(ref.agency))].id
                        if ref is not None
                        else None
                    ),
                    copy=row.copy_kind,
                    delivery=row.delivery,
                    email=row.email.strip(),
                    summary_sent_on=row.summary_sent_on,
                    minutes_sent_on=row.minutes_sent_on,
                )
            )
    for mark in model.copy_marks:
        meeting = held[mark.meeting] if mark.meeting is not None else None
        session.add(
            CopyMark(
                case_id=case.id,
                meeting_id=meeting.id if meeting is not None else None,
                item_key=_item_key(mark, meeting, people, agreed),
                audience=mark.audience,
                reason=valid_note(mark.reason, "The reason"),
                marked_by=clean_line(mark.marked_by),
                marked_at=_when(mark.marked_at),
                withheld_from=[
                    CopyMarkExclusion(
                        person_id=people[row.person].id, person_name=clean_line(row.person_name)
                    )
                    for row in mark.withheld_from
                ],
            )
        )
    session.flush()


def _item_key(
    mark: CopyMarkItem, meeting: Meeting | None, people: dict[str, Person], agreed: list[Task]
) -> str:
    """The vault's key of the item a mark names (``practice.readers.item_key``); the file
    has been checked, so the item is there."""
    position = mark.position or 0
    if mark.kind is ItemKind.TASK or meeting is None:
        return item_key(ItemKind.TASK, agreed[position].id)
    if mark.kind is ItemKind.SECTION:
        return item_key(ItemKind.SECTION, meeting.id, clean_line(mark.section or ""))
    if mark.kind is ItemKind.CONSIDERATION:
        person = people[mark.person].id if mark.person is not None else None
        return item_key(ItemKind.CONSIDERATION, meeting.id, person, mark.question_key)
    ids: dict[ItemKind, list[int]] = {
        ItemKind.REPORT: [row.id for row in meeting.attendees],
        ItemKind.DECISION: [row.id for row in meeting.decisions],
        ItemKind.DIFFERING_VIEW: [row.id for row in meeting.differing_views],
    }
    return item_key(mark.kind, ids[mark.kind][position])


def _insert_sharing(
    session: Session,
    model: CaseFile,
    case: Case,
    people: dict[str, Person],
    held: dict[str, Meeting],
) -> None:
    """The register and the log as the file records them: records, imported as written."""
    consents: dict[str, Consent] = {}
    overrides: dict[str, SharingOverride] = {}
    for item in model.consents:
        row = Consent(
            case_id=case.id,
            person_id=people[item.person].id if item.person is not None else None,
            person_name=clean_line(item.person_name),
            given_by=item.given_by,
            given_by_name=clean_line(item.given_by_name),
            agency=clean_line(item.agency),
            purpose=item.purpose,
            status=item.status,
            decided_on=item.decided_on,
            how=item.how,
            not_sought_reason=item.not_sought_reason,
            review_on=item.review_on,
            raise_again_on=item.raise_again_on,
            note=item.note,
        )
        for o in item.overrides:
            override = SharingOverride(
                grounds=o.grounds,
                reasons=o.reasons,
                decided_by=clean_line(o.decided_by),
                decided_on=o.decided_on,
                approved_by=clean_line(o.approved_by),
                approved_on=o.approved_on,
                person_told=o.person_told,
                not_told_reason="" if o.person_told else o.not_told_reason,
            )
            row.overrides.append(override)
            overrides[o.key] = override
        session.add(row)
        consents[item.key] = row
    session.flush()
    for entry in model.sharing_log:
        session.add(
            SharingLogEntry(
                case_id=case.id,
                kind=entry.kind,
                what=entry.what,
                recipient=clean_line(entry.recipient),
                recipient_kind=entry.recipient_kind,
                contact=clean_line(entry.contact),
                why=entry.why,
                basis=entry.basis,
                consent_id=consents[entry.consent].id if entry.consent is not None else None,
                override_id=overrides[entry.override].id if entry.override is not None else None,
                decided_by=clean_line(entry.decided_by),
                decided_on=entry.decided_on,
                how=entry.how if entry.shared else None,
                shared=entry.shared,
                automatic=entry.automatic,
                source=clean_line(entry.source),
                meeting_id=held[entry.meeting].id if entry.meeting is not None else None,
            )
        )
    session.flush()


def _when(value: datetime) -> datetime:
    """A moment from the file as UTC; one written without an offset is taken as UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _meeting(
    item: MeetingItem,
    case: Case,
    people: dict[str, Person],
    professionals: dict[tuple[str, str], Professional],
) -> Meeting:
    """A meeting as the file records it: a finalised one stays finalised, as it was; it is a
    record, so it is not checked again against today's rules for finalising."""

    def person_id(key: str | None) -> int | None:
        return people[key].id if key is not None else None

    return Meeting(
        case_id=case.id,
        template_id=clean_line(item.template_id),
        title=clean_line(item.title),
        about=item.about,
        held_on=item.date,
        start_time=item.start_time,
        venue=clean_line(item.venue),
        chair_name=clean_line(item.chair_name),
        status=item.status,
        next_review_on=item.next_review_on,
        finalised_at=_when(item.finalised_at) if item.finalised_at is not None else None,
        decision_summary_due=item.decision_summary_due,
        minutes_due=item.minutes_due,
        decision_summary_sent_on=item.decision_summary_sent_on,
        minutes_sent_on=item.minutes_sent_on,
        sections=[
            MeetingSection(
                key=clean_line(section.key),
                position=position,
                title=clean_line(section.title),
                prompt=valid_note(section.prompt, "The prompt"),
                parts=",".join(part.value for part in section.parts),
                notes=valid_note(section.notes, "The notes"),
                marked_complete=section.marked_complete,
                restricted=section.restricted,
            )
            for position, section in enumerate(item.sections)
        ],
        attendees=[
            Attendance(
                person_id=person_id(row.person),
                professional_id=(
                    professionals[
                        (clean_line(row.professional.name), clean_line(row.professional.agency))
                    ].id
                    if row.professional is not None
                    else None
                ),
                name=clean_line(row.name),
                role=clean_line(row.role),
                agency=clean_line(row.agency),
                mode=row.mode,
                represented_by=clean_line(row.represented_by),
                report_text=valid_note(row.report_text, "The report"),
            )
            for row in item.attendance
        ],
        considerations=[
            Consideration(
                person_id=person_id(row.person),
                person_name=clean_line(row.person_name),
                role=row.role.value,
                question_key=row.question_key,
                question_text=valid_note(row.question_text, "The question"),
                answer=row.answer.value if row.answer is not None else None,
                reason=valid_note(row.reason, "The reason"),
                follow_up=row.follow_up.value if row.follow_up is not None else None,
                procedure=row.procedure.value if row.procedure is not None else None,
                follow_up_detail=valid_note(row.follow_up_detail, "What follows"),
                due_on=row.due_on,
                referral_confirmed=row.referral_confirmed,
                actor_kind=row.actor_kind.value if row.actor_kind is not None else None,
                actor_name=clean_line(row.actor_name),
                actor_agency=clean_line(row.actor_agency),
                actor_professional_id=_actor_professional(row, professionals),
                actor_agency_id=_actor_agency(row, professionals),
            )
            for row in item.considerations
        ],
        scores=[
            ScalingScore(
                participant=clean_line(row.participant),
                score=row.score,
                comment=valid_note(row.comment, "The comment"),
            )
            for row in item.scaling_scores
        ],
        differing_views=[
            DifferingView(
                topic=valid_note(row.topic, "The topic"),
                views=valid_note(row.views, "The views"),
                resolution=valid_note(row.resolution, "The resolution"),
                escalated_to=clean_line(row.escalated_to),
            )
            for row in item.differing_views
        ],
        decisions=[
            Decision(
                text=valid_note(row.text, "The decision"),
                dissents=[
                    Dissent(who=clean_line(d.who), reason=valid_note(d.reason, "Their reason"))
                    for d in row.dissents
                ],
            )
            for row in item.decisions
        ],
        early_reviews=[
            EarlyReviewRequest(
                requested_by=clean_line(row.requested_by),
                reason=valid_note(row.reason, "The reason"),
                outcome=valid_note(row.outcome, "The outcome"),
            )
            for row in item.early_review_requests
        ],
        amendments=[
            Amendment(
                made_at=_when(row.made_at),
                author=clean_line(row.author),
                section_key=clean_line(row.section_key),
                text=valid_note(row.text, "The amendment"),
                reason=valid_note(row.reason, "The reason"),
            )
            for row in item.amendments
        ],
    )


def _actor_professional(
    row: ConsiderationItem, professionals: dict[tuple[str, str], Professional]
) -> int | None:
    """The professional who does what an answer led to, found by name and agency."""
    if row.actor_kind is not ActorKind.PROFESSIONAL:
        return None
    found = professionals.get((clean_line(row.actor_name), clean_line(row.actor_agency)))
    return found.id if found is not None else None


def _actor_agency(
    row: ConsiderationItem, professionals: dict[tuple[str, str], Professional]
) -> int | None:
    """The agency that does it, found among the case's professionals' agencies."""
    if row.actor_kind not in (ActorKind.PROFESSIONAL, ActorKind.AGENCY):
        return None
    wanted = clean_line(row.actor_agency)
    for professional in professionals.values():
        if professional.agency.name == wanted:
            return professional.agency_id
    return None


def _task(
    item: TaskItem,
    case: Case,
    people: dict[str, Person],
    professionals: dict[tuple[str, str], Professional],
    held: dict[str, Meeting],
    agency: Agency | None,
) -> Task:
    """A task as the file records it, with its updates and challenges (a record: its
    status and dates are not worked out again from the updates)."""

    def person_id(key: str | None) -> int | None:
        return people[key].id if key is not None else None

    def meeting_id(key: str | None) -> int | None:
        return held[key].id if key is not None else None

    owner = item.owner_professional
    return Task(
        case_id=case.id,
        meeting_id=meeting_id(item.meeting),
        description=valid_note(item.description, "The task"),
        agency_id=agency.id if agency is not None else None,
        agency_name=clean_line(item.agency) if item.agency is not None else "",
        professional_id=(
            professionals[(clean_line(owner.name), clean_line(owner.agency))].id
            if owner is not None
            else None
        ),
        owner_person_id=person_id(item.owner_person),
        owner_name=clean_line(item.owner_name),
        for_person_id=person_id(item.for_person),
        for_need=valid_note(item.for_need, "The need"),
        due_on=item.due,
        status=item.status,
        outcome=valid_note(item.outcome, "The outcome"),
        procedure=item.procedure.value if item.procedure is not None else None,
        updates=[
            TaskUpdate(
                meeting_id=meeting_id(row.meeting),
                made_at=_when(row.made_at),
                status=row.status,
                new_due_on=row.new_due_on,
                not_done_reason=row.not_done_reason,
                note=valid_note(row.note, "The update"),
            )
            for row in item.updates
        ],
        challenges=[
            TaskChallenge(
                meeting_id=meeting_id(row.meeting),
                raised_by=clean_line(row.raised_by),
                agency_response=valid_note(row.agency_response, "What the agency said"),
                escalated_to=clean_line(row.escalated_to),
            )
            for row in item.challenges
        ],
    )


def _safety_plan(item: SafetyPlanItem, case: Case, people: dict[str, Person]) -> SafetyPlan:
    """A plan as the file records it: its versions are records, imported as written
    (after the same checks as typing them in, which the file has passed)."""
    shape = item.shape
    return SafetyPlan(
        case_id=case.id,
        for_person_id=people[item.for_person].id if item.for_person is not None else None,
        shape=shape,
        title=clean_line(item.title),
        draft=content_to_text(item.draft.content(shape, draft=True), shape),
        versions=[
            SafetyPlanVersion(
                number=version.number,
                issued_on=version.issued_on,
                reason=safety_plans.valid_point(version.reason, "Why the plan changed"),
                agreed_by=safety_plans.valid_point(version.agreed_by, "Who agreed the plan"),
                review_on=version.review_on,
                title=clean_line(version.title),
                for_name=clean_line(version.for_name),
                content=content_to_text(version.sections.content(shape), shape),
                sends=[
                    SafetyPlanSend(
                        recipient=clean_line(send.recipient),
                        recipient_kind=send.recipient_kind,
                        sent_on=send.sent_on,
                        how=send.how,
                        note=safety_plans.valid_point(send.note, "The note"),
                    )
                    for send in version.sends
                ],
            )
            for version in item.versions
        ],
    )


def import_case(
    vault: Vault, path_or_model: Path | str | CaseFile, new_reference: str | None = None
) -> str:
    """Add the case in a file (or an already read one) to the vault; returns its reference.

    All or nothing, in one unit of work. A reference the vault already has is refused
    unless ``new_reference`` gives the case another one; cases are never merged.
    """
    if isinstance(path_or_model, CaseFile):
        model, source = path_or_model, ""
    else:
        model = read_case_file(path_or_model)
        source = Path(path_or_model).name
    _refuse_future_lists(model)
    reference = validate_reference(
        new_reference if new_reference is not None else model.case.reference
    )
    with vault.unit_of_work() as session:
        if session.scalar(select(func.count()).where(Case.reference == reference)):
            raise ReferenceTaken(
                f"This vault already has a case with the reference {reference!r}. Nothing "
                "was imported; import it under a new reference to keep both."
            )
        _insert(session, model, reference)
        detail: dict[str, Any] = {"reference": reference}
        if reference != model.case.reference:
            detail["reference in file"] = model.case.reference
        if source:
            detail["file"] = source
        if model.exported_by is not None:
            detail["exported by"] = model.exported_by.name
        if model.exported_at is not None:
            detail["exported at"] = model.exported_at.isoformat()
        audit.record_event(session, "case imported", entity="case", detail=detail)
    return reference
