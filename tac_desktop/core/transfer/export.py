"""Export: a case read from the vault as a ``tac-case`` document, and written to a file."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tac_desktop import __version__
from tac_desktop.core import files
from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import (
    Agency,
    Case,
    Chair,
    Consent,
    CopyMark,
    Decision,
    Involvement,
    Meeting,
    MeetingRecipient,
    Professional,
    SafetyPlan,
    SafetyPlanVersion,
    Sector,
    SharingLogEntry,
    Task,
)
from tac_desktop.core.practice.readers import ItemKind, item_key
from tac_desktop.core.practice.safety_plans import content_from_text, content_to_json
from tac_desktop.core.transfer import sealed
from tac_desktop.core.transfer.format import FORMAT, FUTURE_LISTS, VERSION, PersonItem
from tac_desktop.core.transfer.sealed import Lock
from tac_desktop.core.vault import Vault
from tac_desktop.core.vault.keyfile import KdfParams


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _moment(value: datetime | None) -> str | None:
    """A moment as UTC text, to the microsecond as stored (``2026-03-01T14:30:00.5Z``)."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _meetings(
    session: Session,
    case: Case,
    keys: dict[int, str],
    professionals: dict[int, dict[str, str]],
) -> tuple[list[dict[str, Any]], dict[int, str], dict[str, dict[str, Any]]]:
    """The case's meetings, oldest first, keyed ``m1``, ``m2``, ... inside the file; those
    keys by the meetings' ids in the vault; and what a mark names each item by, by the
    item's key in the vault (``practice.readers.item_key``)."""
    rows = session.scalars(
        select(Meeting)
        .where(Meeting.case_id == case.id)
        .order_by(Meeting.held_on, Meeting.id)
        .options(
            selectinload(Meeting.sections),
            selectinload(Meeting.attendees),
            selectinload(Meeting.considerations),
            selectinload(Meeting.scores),
            selectinload(Meeting.differing_views),
            selectinload(Meeting.decisions).selectinload(Decision.dissents),
            selectinload(Meeting.early_reviews),
            selectinload(Meeting.amendments),
        )
    ).all()
    ids = {meeting.id: f"m{number}" for number, meeting in enumerate(rows, start=1)}
    lists: dict[int, list[dict[str, Any]]] = {}
    for row in session.scalars(
        select(MeetingRecipient)
        .where(MeetingRecipient.meeting_id.in_(ids))
        .order_by(MeetingRecipient.position, MeetingRecipient.id)
    ):
        lists.setdefault(row.meeting_id, []).append(
            {
                "name": row.name,
                "role": row.role,
                "agency": row.agency,
                "person": keys.get(row.person_id) if row.person_id is not None else None,
                "professional": (
                    professionals.get(row.professional_id)
                    if row.professional_id is not None
                    else None
                ),
                "copy_kind": row.copy.value,
                "delivery": row.delivery.value,
                "email": row.email,
                "summary_sent_on": _plain(row.summary_sent_on),
                "minutes_sent_on": _plain(row.minutes_sent_on),
            }
        )
    documents = [
        {
            "id": ids[meeting.id],
            "template_id": meeting.template_id,
            "title": meeting.title,
            "about": meeting.about,
            "date": meeting.held_on.isoformat(),
            "start_time": meeting.start_time,
            "venue": meeting.venue,
            "chair_name": meeting.chair_name,
            "status": meeting.status.value,
            "next_review_on": _plain(meeting.next_review_on),
            "finalised_at": _moment(meeting.finalised_at),
            "decision_summary_due": _plain(meeting.decision_summary_due),
            "minutes_due": _plain(meeting.minutes_due),
            "decision_summary_sent_on": _plain(meeting.decision_summary_sent_on),
            "minutes_sent_on": _plain(meeting.minutes_sent_on),
            "sections": [
                {
                    "key": section.key,
                    "title": section.title,
                    "prompt": section.prompt,
                    "parts": [part for part in section.parts.split(",") if part],
                    "notes": section.notes,
                    "marked_complete": section.marked_complete,
                    "restricted": section.restricted,
                }
                for section in meeting.sections
            ],
            "attendance": [
                {
                    "name": row.name,
                    "role": row.role,
                    "agency": row.agency,
                    # Null once the person left the case (or the professional the case):
                    # the name above stands.
                    "person": keys.get(row.person_id) if row.person_id is not None else None,
                    "professional": (
                        professionals.get(row.professional_id)
                        if row.professional_id is not None
                        else None
                    ),
                    "mode": row.mode.value,
                    "represented_by": row.represented_by,
                    "report_text": row.report_text,
                }
                for row in meeting.attendees
            ],
            "considerations": [
                {
                    "person": keys.get(row.person_id) if row.person_id is not None else None,
                    "person_name": row.person_name,
                    "role": row.role,
                    "question_key": row.question_key,
                    "question_text": row.question_text,
                    "answer": row.answer,
                    "reason": row.reason,
                    "follow_up": row.follow_up,
                    "procedure": row.procedure,
                    "follow_up_detail": row.follow_up_detail,
                    "due_on": _plain(row.due_on),
                    "referral_confirmed": row.referral_confirmed,
                    # Who does it, once named (older answers, and "no", have nobody).
                    **(
                        {
                            "actor_kind": row.actor_kind,
                            "actor_name": row.actor_name,
                            "actor_agency": row.actor_agency,
                        }
                        if row.actor_kind
                        else {}
                    ),
                }
                for row in meeting.considerations
            ],
            "scaling_scores": [
                {"participant": row.participant, "score": row.score, "comment": row.comment}
                for row in meeting.scores
            ],
            "differing_views": [
                {
                    "topic": row.topic,
                    "views": row.views,
                    "resolution": row.resolution,
                    "escalated_to": row.escalated_to,
                }
                for row in meeting.differing_views
            ],
            "decisions": [
                {
                    "text": row.text,
                    "dissents": [{"who": d.who, "reason": d.reason} for d in row.dissents],
                }
                for row in meeting.decisions
            ],
            "early_review_requests": [
                {"requested_by": row.requested_by, "reason": row.reason, "outcome": row.outcome}
                for row in meeting.early_reviews
            ],
            "amendments": [
                {
                    "made_at": _moment(row.made_at),
                    "author": row.author,
                    "section_key": row.section_key,
                    "text": row.text,
                    "reason": row.reason,
                }
                for row in meeting.amendments
            ],
            "distribution": lists.get(meeting.id, []),
        }
        for meeting in rows
    ]
    return documents, ids, _item_refs(rows, ids, keys)


def _ref(kind: ItemKind, meeting: str | None = None, **named: Any) -> dict[str, Any]:
    """What a mark in the file names its item by (every field written, null if unused)."""
    return {"kind": kind.value, "meeting": meeting} | {
        name: named.get(name) for name in ("section", "person", "question_key", "position")
    }


def _item_refs(
    rows: Sequence[Meeting], ids: dict[int, str], keys: dict[int, str]
) -> dict[str, dict[str, Any]]:
    """Every item of the meetings a mark can name, by its key in the vault."""
    refs: dict[str, dict[str, Any]] = {}
    for meeting in rows:
        held = ids[meeting.id]
        for section in meeting.sections:
            refs[item_key(ItemKind.SECTION, meeting.id, section.key)] = _ref(
                ItemKind.SECTION, held, section=section.key
            )
        for n, row in enumerate(meeting.attendees):
            refs[item_key(ItemKind.REPORT, row.id)] = _ref(ItemKind.REPORT, held, position=n)
        for answer in meeting.considerations:
            key = item_key(
                ItemKind.CONSIDERATION, meeting.id, answer.person_id, answer.question_key
            )
            person = keys.get(answer.person_id) if answer.person_id is not None else None
            refs[key] = _ref(
                ItemKind.CONSIDERATION, held, person=person, question_key=answer.question_key
            )
        for n, decision in enumerate(meeting.decisions):
            refs[item_key(ItemKind.DECISION, decision.id)] = _ref(
                ItemKind.DECISION, held, position=n
            )
        for n, view in enumerate(meeting.differing_views):
            refs[item_key(ItemKind.DIFFERING_VIEW, view.id)] = _ref(
                ItemKind.DIFFERING_VIEW, held, position=n
            )
    return refs


def _copy_marks(
    session: Session, case: Case, keys: dict[int, str], refs: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """The chair's marks, oldest first, naming items and people in the file's terms. A mark
    on an item no longer in the vault (it no longer applies) is left out."""
    marks = session.scalars(
        select(CopyMark)
        .where(CopyMark.case_id == case.id)
        .order_by(CopyMark.id)
        .options(selectinload(CopyMark.withheld_from))
    ).all()
    return [
        refs[mark.item_key]
        | {
            "audience": mark.audience.value,
            "reason": mark.reason,
            "marked_by": mark.marked_by,
            "marked_at": _moment(mark.marked_at),
            "withheld_from": [
                {"person": keys[row.person_id], "person_name": row.person_name}
                for row in mark.withheld_from
                if row.person_id in keys
            ],
        }
        for mark in marks
        if mark.item_key in refs
    ]


def _tasks(
    session: Session,
    case: Case,
    keys: dict[int, str],
    professionals: dict[int, dict[str, str]],
    meeting_ids: dict[int, str],
) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """The case's tasks, oldest first, with their updates and challenges; and what a mark
    names each by, by its key in the vault."""
    rows = session.scalars(
        select(Task)
        .where(Task.case_id == case.id)
        .order_by(Task.created_at, Task.id)
        .options(selectinload(Task.updates), selectinload(Task.challenges))
    ).all()
    agency_ids = {task.agency_id for task in rows if task.agency_id is not None}
    sectors: dict[int, Sector] = {}
    if agency_ids:
        for agency_id, sector in session.execute(
            select(Agency.id, Agency.sector).where(Agency.id.in_(agency_ids))
        ):
            sectors[agency_id] = sector

    def key(person_id: int | None) -> str | None:
        return keys.get(person_id) if person_id is not None else None

    def meeting(meeting_id: int | None) -> str | None:
        return meeting_ids.get(meeting_id) if meeting_id is not None else None

    refs = {
        item_key(ItemKind.TASK, task.id): _ref(ItemKind.TASK, position=n)
        for n, task in enumerate(rows)
    }
    return [
        {
            "description": task.description,
            "agency": task.agency_name or None,
            "agency_sector": (
                _plain(sectors.get(task.agency_id))
                if task.agency_name and task.agency_id is not None
                else None
            ),
            "due": task.due_on.isoformat(),
            "status": task.status.value,
            "meeting": meeting(task.meeting_id),
            "owner_name": task.owner_name,
            # Null once the professional (or person) left the case: owner_name stands.
            "owner_professional": (
                professionals.get(task.professional_id)
                if task.professional_id is not None
                else None
            ),
            "owner_person": key(task.owner_person_id),
            "for_person": key(task.for_person_id),
            "for_need": task.for_need,
            "outcome": task.outcome,
            "procedure": task.procedure,
            "updates": [
                {
                    "made_at": _moment(update.made_at),
                    "meeting": meeting(update.meeting_id),
                    "status": update.status.value,
                    "new_due_on": _plain(update.new_due_on),
                    "not_done_reason": _plain(update.not_done_reason),
                    "note": update.note,
                }
                for update in task.updates
            ],
            "challenges": [
                {
                    "meeting": meeting(challenge.meeting_id),
                    "raised_by": challenge.raised_by,
                    "agency_response": challenge.agency_response,
                    "escalated_to": challenge.escalated_to,
                }
                for challenge in task.challenges
            ],
        }
        for task in rows
    ], refs


def _safety_plans(session: Session, case: Case, keys: dict[int, str]) -> list[dict[str, Any]]:
    """The case's safety plans, oldest first, each with its draft and every version."""
    rows = session.scalars(
        select(SafetyPlan)
        .where(SafetyPlan.case_id == case.id)
        .order_by(SafetyPlan.id)
        .options(selectinload(SafetyPlan.versions).selectinload(SafetyPlanVersion.sends))
    ).all()
    return [
        {
            "shape": plan.shape.value,
            "title": plan.title,
            "for_person": keys.get(plan.for_person_id) if plan.for_person_id else None,
            "draft": content_to_json(content_from_text(plan.draft, plan.shape), plan.shape),
            "versions": [
                {
                    "number": version.number,
                    "issued_on": version.issued_on.isoformat(),
                    "reason": version.reason,
                    "agreed_by": version.agreed_by,
                    "review_on": version.review_on.isoformat(),
                    "title": version.title,
                    "for_name": version.for_name,
                    "sections": content_to_json(
                        content_from_text(version.content, plan.shape), plan.shape
                    ),
                    "sends": [
                        {
                            "recipient": send.recipient,
                            "recipient_kind": send.recipient_kind.value,
                            "sent_on": send.sent_on.isoformat(),
                            "how": send.how.value,
                            "note": send.note,
                        }
                        for send in version.sends
                    ],
                }
                for version in plan.versions
            ],
        }
        for plan in rows
    ]


def _sharing(
    session: Session, case: Case, keys: dict[int, str], meeting_ids: dict[int, str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The consent register (with decisions to share without agreement) and the sharing
    log, oldest first; consents keyed ``c1``..., decisions ``o1``... inside the file."""
    rows = session.scalars(
        select(Consent)
        .where(Consent.case_id == case.id)
        .order_by(Consent.id)
        .options(selectinload(Consent.overrides))
    ).all()
    consent_keys = {row.id: f"c{n}" for n, row in enumerate(rows, start=1)}
    override_keys = {
        o.id: f"o{n}" for n, o in enumerate((o for row in rows for o in row.overrides), start=1)
    }
    consents = [
        {
            "key": consent_keys[row.id],
            "person": keys.get(row.person_id) if row.person_id is not None else None,
            "person_name": row.person_name,
            "given_by": row.given_by.value,
            "given_by_name": row.given_by_name,
            "agency": row.agency,
            "purpose": row.purpose,
            "status": row.status.value,
            "decided_on": row.decided_on.isoformat(),
            "how": _plain(row.how),
            "not_sought_reason": row.not_sought_reason,
            "review_on": _plain(row.review_on),
            "raise_again_on": _plain(row.raise_again_on),
            "note": row.note,
            "overrides": [
                {
                    "key": override_keys[o.id],
                    "grounds": o.grounds.value,
                    "reasons": o.reasons,
                    "decided_by": o.decided_by,
                    "decided_on": o.decided_on.isoformat(),
                    "approved_by": o.approved_by,
                    "approved_on": o.approved_on.isoformat(),
                    "person_told": o.person_told,
                    "not_told_reason": o.not_told_reason,
                }
                for o in row.overrides
            ],
        }
        for row in rows
    ]
    entries = session.scalars(
        select(SharingLogEntry)
        .where(SharingLogEntry.case_id == case.id)
        .order_by(SharingLogEntry.decided_on, SharingLogEntry.id)
    ).all()
    log = [
        {
            "kind": entry.kind.value,
            "what": entry.what,
            "recipient": entry.recipient,
            "recipient_kind": entry.recipient_kind.value,
            "contact": entry.contact,
            "why": entry.why,
            "basis": entry.basis,
            "consent": consent_keys.get(entry.consent_id) if entry.consent_id else None,
            "override": override_keys.get(entry.override_id) if entry.override_id else None,
            "decided_by": entry.decided_by,
            "decided_on": entry.decided_on.isoformat(),
            "how": _plain(entry.how),
            "shared": entry.shared,
            "automatic": entry.automatic,
            "source": entry.source,
            "meeting": meeting_ids.get(entry.meeting_id) if entry.meeting_id else None,
        }
        for entry in entries
    ]
    return consents, log


def _find_case(session: Session, reference: str) -> Case:
    case = session.scalar(
        select(Case)
        .where(Case.reference == reference.strip())
        .options(
            selectinload(Case.people),
            selectinload(Case.involvements)
            .selectinload(Involvement.professional)
            .selectinload(Professional.agency),
        )
    )
    if case is None:
        raise InvalidInput(f"There is no case with the reference {reference.strip()!r}.")
    return case


def _document(session: Session, reference: str) -> dict[str, Any]:
    case = _find_case(session, reference)
    chair = session.scalars(select(Chair).order_by(Chair.id)).first()
    person_fields = [name for name in PersonItem.model_fields if name != "key"]
    keys = {person.id: f"p{number}" for number, person in enumerate(case.people, start=1)}
    people = [
        {"key": keys[person.id], **{name: _plain(getattr(person, name)) for name in person_fields}}
        for person in case.people
    ]
    agencies: list[dict[str, Any]] = []
    professionals: list[dict[str, Any]] = []
    for involvement in case.involvements:
        professional = involvement.professional
        agency = {"name": professional.agency.name, "sector": professional.agency.sector.value}
        if agency not in agencies:
            agencies.append(agency)
        professionals.append(
            {
                "name": professional.name,
                "role": professional.role,
                "agency": agency["name"],
                "sector": agency["sector"],
                "phone": professional.phone,
                "secure_email": professional.secure_email,
                "role_on_case": involvement.role_on_case,
                "is_lead": involvement.is_lead,
            }
        )
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "exported_by": (
            {"name": chair.name, "role": chair.role, "agency": chair.agency}
            if chair is not None
            else None
        ),
        "program_version": __version__,
        "case": {
            "reference": case.reference,
            "status": case.status.value,
            "opened_on": case.opened_on.isoformat(),
            "closed_on": _plain(case.closed_on),
            "nation": case.nation.value,
            "summary": case.summary,
            "subject": keys.get(case.subject_id) if case.subject_id is not None else None,
        },
        "people": people,
        "agencies": agencies,
        "professionals": professionals,
    }
    # A professional is named by (name, agency) in a meeting; should that pair be in the
    # file twice (two sectors), the link is left out rather than guessed.
    pairs = [(p["name"], p["agency"]) for p in professionals]
    linked = {
        involvement.professional_id: {"name": entry["name"], "agency": entry["agency"]}
        for involvement, entry in zip(case.involvements, professionals, strict=True)
        if pairs.count((entry["name"], entry["agency"])) == 1
    }
    document["meetings"], meeting_ids, refs = _meetings(session, case, keys, linked)
    document["tasks"], task_refs = _tasks(session, case, keys, linked, meeting_ids)
    document["consents"], document["sharing_log"] = _sharing(session, case, keys, meeting_ids)
    for name in FUTURE_LISTS:
        document[name] = []
    document["safety_plans"] = _safety_plans(session, case, keys)
    document["copy_marks"] = _copy_marks(session, case, keys, refs | task_refs)
    return document


def export_case(vault: Vault, reference: str) -> dict[str, Any]:
    """The case as a ``tac-case`` document (plain JSON data), in one read."""
    with vault.unit_of_work() as session:
        return _document(session, reference)


def case_file_bytes(vault: Vault, reference: str) -> tuple[str, bytes]:
    """The case's reference as stored and its case file as UTF-8 JSON (not yet written)."""
    document = export_case(vault, reference)
    payload = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return str(document["case"]["reference"]), payload


def save_case_file(
    vault: Vault,
    reference: str,
    path: Path | str,
    payload: bytes,
    lock: Lock | None,
    force: bool = False,
) -> Path:
    """Write a case file made by ``case_file_bytes`` (and sealed with ``lock``, when
    given, by ``sealed.seal``), recording the export in the audit log."""
    detail: dict[str, Any] = {"reference": reference}
    if lock is None:
        detail["sealed"] = "no"
    elif lock.public_key is not None:
        detail["sealed"] = "recovery key"
        detail["key_id"] = lock.public_key.key_id
    else:
        detail["sealed"] = "passphrase"
    return files.save_file(
        vault,
        path,
        payload,
        what="the case file",
        audit_action="case exported",
        detail=detail,
        force=force,
        entity="case",
    )


def write_case_file(
    vault: Vault,
    reference: str,
    path: Path | str,
    force: bool = False,
    lock: Lock | None = None,
    kdf: KdfParams | None = None,
) -> Path:
    """Write the case to ``path``; the export is recorded in the audit log.

    With ``lock`` the file is sealed (``sealed.py``: by a passphrase or to a service's
    recovery public key); without it, it is the plain UTF-8 JSON, not encrypted. An
    existing file is refused unless ``force``. (A window seals on a worker thread: it
    calls the three steps itself.)
    """
    stored, payload = case_file_bytes(vault, reference)
    if lock is not None:
        payload = sealed.seal(payload, lock, kdf)
    return save_case_file(vault, stored, path, payload, lock, force)
