"""The case transfer file: export, import, and refusal of every broken file.

Only invented people. A second, fresh vault stands in for the other chair's computer.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import random
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tac_desktop.core import transfer
from tac_desktop.core.errors import DestinationExists, FolderNotWritable, InvalidInput, TacError
from tac_desktop.core.models import (
    Agency,
    AttendanceMode,
    AuditEntry,
    Case,
    CaseStatus,
    CopyKind,
    Delivery,
    Meeting,
    MeetingRecipient,
    MeetingStatus,
    Nation,
    NotDoneReason,
    PlanShape,
    Professional,
    Sector,
    Task,
    TaskStatus,
)
from tac_desktop.core.practice.readers import ItemKind
from tac_desktop.core.practice.safety_plans import sections_for
from tac_desktop.core.practice.think_family import Answer, FollowUp, Procedure
from tac_desktop.core.resources import resource
from tac_desktop.core.services import cases, copies, distribution, meetings, safety_plans, tasks
from tac_desktop.core.services.cases import CaseDraft, PersonDraft, ProfessionalDraft
from tac_desktop.core.services.meetings import ConsiderationAnswer
from tac_desktop.core.services.tasks import TaskDraft
from tac_desktop.core.transfer import (
    CaseFile,
    ReferenceTaken,
    export_case,
    import_case,
    read_case_file,
    write_case_file,
)
from tac_desktop.core.vault import KdfParams, Vault, audit
from tests.conftest import CHAIR, PASSPHRASE

DEMO_REFERENCES = ["TAC-2026-0101", "TAC-2026-0102", "TAC-2026-0103", "TAC-2026-0104"]
VOLATILE = ("exported_at", "exported_by", "program_version")
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def other(tmp_path: Path, fast_kdf: KdfParams) -> Iterator[Vault]:
    """The receiving chair's vault: fresh, empty, another owner."""
    opened = Vault.create(tmp_path / "other.tacvault", PASSPHRASE, CHAIR, fast_kdf)
    yield opened
    opened.close()


def stable(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key not in VOLATILE}


def audit_count(vault: Vault) -> int:
    with vault.unit_of_work() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def last_audit(vault: Vault) -> AuditEntry:
    """The last entry of the log, past the seals of finalised meetings that the commit of
    an import appends after it."""
    with vault.unit_of_work() as session:
        entry = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action != "record sealed")
            .order_by(AuditEntry.seq.desc())
        ).first()
        assert entry is not None
        return entry


def snapshot(vault: Vault) -> tuple[Any, ...]:
    with vault.unit_of_work() as session:
        agencies = session.scalar(select(func.count()).select_from(Agency))
        professionals = session.scalar(select(func.count()).select_from(Professional))
        held = session.scalar(select(func.count()).select_from(Meeting))
        agreed = session.scalar(select(func.count()).select_from(Task))
    return cases.list_cases(vault), audit_count(vault), agencies, professionals, held, agreed


def meeting_ids(vault: Vault, reference: str) -> tuple[int, int]:
    """The (finalised, draft) meetings of a demo family."""
    rows = meetings.list_meetings(vault, cases.find_case_id(vault, reference))
    final = [row.id for row in rows if row.status is MeetingStatus.FINALISED]
    drafts = [row.id for row in rows if row.status is MeetingStatus.DRAFT]
    assert len(final) == 1 and len(drafts) == 1
    return final[0], drafts[0]


def fill_in(vault: Vault, reference: str) -> None:
    """Beyond the demo: amendments to the finalised meeting, and a draft that got further
    (not for the demo's closed case, which is read-only and travels as it is)."""
    if cases.get_case(vault, cases.find_case_id(vault, reference)).status.value == "closed":
        return
    final, draft = meeting_ids(vault, reference)
    meetings.amend(
        vault,
        final,
        "The written report was read out by the chair, not by the school.",
        "The minutes named the wrong reader.",
        "reports",
    )
    meetings.amend(vault, final, "Next review moved to the afternoon.", "Family asked «later».")
    view = meetings.get_meeting(vault, draft)
    meetings.record_attendance(
        vault, view.attendees[1].id, AttendanceMode.REPRESENTED, "Sam Stand-in"
    )
    meetings.record_attendance(
        vault,
        view.attendees[2].id,
        AttendanceMode.APOLOGIES,
        report_text="Sent a note.\nTwo lines.",
    )
    meetings.save_notes(vault, draft, "analysis", "Worries:\n- sleep\n\nGoing well:\n- school")
    meetings.mark_complete(vault, draft, "welcome")
    meetings.add_score(vault, draft, "Young person", 4, "Better at school.")
    meetings.add_score(vault, draft, "Lead professional", 0)
    meetings.add_score(vault, draft, "Parent", 10)
    meetings.add_differing_view(
        vault,
        draft,
        "Whether school should call home daily",
        "School: yes. Parent: once a week is enough.",
        "Try twice a week until the review.",
        "Team manager",
    )
    meetings.request_early_review(vault, draft, "The young person", "Exams start in May.")
    first = view.considerations[0]
    assert first.person_id is not None
    meetings.answer_consideration(
        vault,
        draft,
        first.person_id,
        first.question_key,
        ConsiderationAnswer(
            Answer.NOT_KNOWN,
            "Not asked yet.",
            FollowUp.REFERRAL,
            Procedure.EARLY_HELP,
            "Lead professional refers to the family hub.",
        ),
    )
    trigger = next(c for c in view.considerations if c.trigger is not None)
    assert trigger.person_id is not None
    meetings.answer_consideration(
        vault,
        draft,
        trigger.person_id,
        trigger.question_key,
        ConsiderationAnswer(
            Answer.YES, "Disclosed today.", FollowUp.REFERRAL, None, "The chair refers today."
        ),
    )
    meetings.confirm_referral(vault, draft, trigger.person_id, trigger.question_key)
    meetings.set_next_review(vault, draft, view.held_on + timedelta(weeks=8))


def meeting_record(vault: Vault, reference: str) -> list[dict[str, Any]]:
    """Every meeting of the case as the chair sees it, with vault ids put as names."""
    case_id = cases.find_case_id(vault, reference)
    names = {p.id: p.name for p in cases.get_case(vault, case_id).people}

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            result = {}
            for key, item in value.items():
                if key in ("id", "case_id", "attendance_id", "task_id"):
                    continue
                if key == "person_id":
                    item = names.get(item, "(left the case)") if item is not None else None
                elif key == "professional_id":
                    item = item is not None
                result[key] = plain(item)
            return result
        if isinstance(value, list):
            return [plain(item) for item in value]
        return value

    rows = sorted(meetings.list_meetings(vault, case_id), key=lambda r: (r.held_on, r.id))
    return [plain(dataclasses.asdict(meetings.get_meeting(vault, row.id))) for row in rows]


def write_json(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


# -- export ---------------------------------------------------------------------------


def test_export_writes_every_part_of_the_case(demo_vault: Vault) -> None:
    document = export_case(demo_vault, "TAC-2026-0102")

    assert list(document) == [
        "format",
        "version",
        "exported_at",
        "exported_by",
        "program_version",
        "case",
        "people",
        "agencies",
        "professionals",
        "meetings",
        "tasks",
        "consents",
        "sharing_log",
        "safety_plans",
        "copy_marks",
    ]
    assert document["format"] == "tac-case"
    assert document["version"] == 1
    assert document["exported_by"]["name"] == "Jordan Ellery"
    case = document["case"]
    assert case["reference"] == "TAC-2026-0102"
    assert case["nation"] == "wales"
    assert case["status"] == "open"
    assert case["closed_on"] is None
    assert case["subject"] == "p1"
    assert [p["name"] for p in document["people"]] == [
        "Łukasz Nowak",
        "Maja Nowak",
        "Agnieszka Nowak",
        "Tomasz Kowalczyk",
    ]
    assert [p["key"] for p in document["people"]] == ["p1", "p2", "p3", "p4"]
    mother = document["people"][2]
    assert mother["interpreter_needed"] is True
    assert mother["parental_responsibility"] is True
    assert mother["language"] == "Polish"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", mother["date_of_birth"])
    assert {a["name"] for a in document["agencies"]} == {
        "Bryn Primary School",
        "Dyfed Police",
        "Cwm Health Visiting",
    }
    lead = [p for p in document["professionals"] if p["is_lead"]]
    assert [p["name"] for p in lead] == ["Megan Price"]
    assert lead[0]["sector"] == "education"
    final, draft = document["meetings"]
    assert (final["id"], final["status"], draft["id"], draft["status"]) == (
        "m1",
        "finalised",
        "m2",
        "draft",
    )
    assert final["date"] < draft["date"]
    assert final["finalised_at"].endswith("Z")
    assert final["decision_summary_due"] and final["minutes_due"]
    assert draft["finalised_at"] is None and draft["minutes_due"] is None
    assert final["template_id"] == "cin_review" and final["about"] == "child"
    assert final["start_time"] == "10:00" and final["chair_name"] == "Jordan Ellery"
    keys = {p["name"]: p["key"] for p in document["people"]}
    marac = next(
        c
        for c in final["considerations"]
        if (c["person_name"], c["question_key"]) == ("Agnieszka Nowak", "domestic_abuse")
    )
    assert marac["person"] == keys["Agnieszka Nowak"] == "p3"
    assert (marac["answer"], marac["follow_up"], marac["procedure"]) == (
        "yes",
        "referral",
        "marac",
    )
    assert marac["referral_confirmed"] is True
    by_name = {a["name"]: a for a in final["attendance"]}
    assert by_name["Nia Evans"]["professional"] == {
        "name": "Nia Evans",
        "agency": "Cwm Health Visiting",
    }
    assert by_name["Nia Evans"]["person"] is None
    assert by_name["Łukasz Nowak"]["person"] == "p1"
    assert by_name["Łukasz Nowak"]["professional"] is None
    assert by_name["PC Rhys Morgan"]["mode"] == "written_report"
    assert [s["score"] for s in final["scaling_scores"]] == [6, 8]
    assert "think_family" in [part for s in final["sections"] for part in s["parts"]]
    for name in transfer.FUTURE_LISTS:
        assert document[name] == []
    # What we write, we read back.
    assert CaseFile.model_validate_json(json.dumps(document)).case.reference == "TAC-2026-0102"


def test_export_of_an_unknown_reference_is_refused(demo_vault: Vault, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no case with the reference 'TAC-9999'"):
        export_case(demo_vault, "TAC-9999")
    with pytest.raises(InvalidInput):
        write_case_file(demo_vault, "TAC-9999", tmp_path / "x.json")
    assert not (tmp_path / "x.json").exists()


def test_case_file_is_indented_utf8_json_readable_only_by_its_owner(
    demo_vault: Vault, tmp_path: Path
) -> None:
    path = write_case_file(demo_vault, "TAC-2026-0104", tmp_path / "haddad handover.json")

    raw = path.read_bytes()
    text = raw.decode("utf-8")
    assert text.startswith('{\n  "format": "tac-case",\n  "version": 1,')
    assert "يوسف حداد" in text  # not \\u escapes
    assert "\\u" not in text
    assert text.endswith("}\n")
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")) == []


def test_export_never_overwrites_unless_forced(demo_vault: Vault, tmp_path: Path) -> None:
    target = tmp_path / "case.json"
    target.write_text("keep me", encoding="utf-8")

    with pytest.raises(DestinationExists, match=r"already a file called case\.json"):
        write_case_file(demo_vault, "TAC-2026-0101", target)
    assert target.read_text(encoding="utf-8") == "keep me"

    write_case_file(demo_vault, "TAC-2026-0101", target, force=True)
    assert read_case_file(target).case.reference == "TAC-2026-0101"
    assert [p.name for p in tmp_path.iterdir() if p.name != "case.json"] == [
        p.name for p in tmp_path.iterdir() if p.name != "case.json" and ".partial" not in p.name
    ]


def test_export_never_replaces_the_vault_even_when_forced(demo_vault: Vault) -> None:
    before = demo_vault.path.read_bytes()
    with pytest.raises(InvalidInput, match="vault itself"):
        write_case_file(demo_vault, "TAC-2026-0101", demo_vault.path, force=True)
    with pytest.raises(InvalidInput, match="vault itself"):
        write_case_file(
            demo_vault, "TAC-2026-0101", demo_vault.path.with_name("test.tacvault.key"), True
        )
    assert demo_vault.path.read_bytes() == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_export_never_replaces_a_device_or_pipe_even_when_forced(
    demo_vault: Vault, tmp_path: Path
) -> None:
    """`-o /dev/null --force` run as root once replaced the device with a file."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    for force in (False, True):
        with pytest.raises(InvalidInput, match="not an ordinary file"):
            write_case_file(demo_vault, "TAC-2026-0101", pipe, force)
    assert pipe.exists() and not pipe.is_file()
    assert [p.name for p in tmp_path.iterdir() if "pipe" in p.name] == ["pipe"]


def test_export_to_a_missing_folder_or_a_folder_is_a_plain_error(
    demo_vault: Vault, tmp_path: Path
) -> None:
    with pytest.raises(FolderNotWritable, match="does not exist"):
        write_case_file(demo_vault, "TAC-2026-0101", tmp_path / "nowhere" / "case.json")
    with pytest.raises(InvalidInput, match="is a folder"):
        write_case_file(demo_vault, "TAC-2026-0101", tmp_path)


def test_export_is_recorded_in_the_audit_log(demo_vault: Vault, tmp_path: Path) -> None:
    before = audit_count(demo_vault)
    write_case_file(demo_vault, "TAC-2026-0103", tmp_path / "sar.json")
    assert audit_count(demo_vault) == before + 1
    entry = last_audit(demo_vault)
    assert entry.action == "case exported"
    assert json.loads(entry.changes) == {
        "reference": "TAC-2026-0103",
        "file": "sar.json",
        "sealed": "no",
    }


# -- round trips ----------------------------------------------------------------------


@pytest.mark.parametrize("reference", DEMO_REFERENCES)
def test_every_demo_family_round_trips_into_another_vault(
    demo_vault: Vault, other: Vault, tmp_path: Path, reference: str
) -> None:
    fill_in(demo_vault, reference)  # a finalised meeting with amendments, a fuller draft
    first = write_case_file(demo_vault, reference, tmp_path / f"{reference}.json")

    assert import_case(other, first) == reference

    second = write_case_file(other, reference, tmp_path / f"{reference}-again.json")
    one = json.loads(first.read_text(encoding="utf-8"))
    two = json.loads(second.read_text(encoding="utf-8"))
    assert stable(one) == stable(two)
    assert list(one) == list(two)
    assert one["exported_by"]["name"] == "Jordan Ellery"
    assert two["exported_by"]["name"] == CHAIR.name
    # The same bytes, line for line, apart from the export stamp.
    volatile = re.compile(
        r'^\s*("exported_at"|"name": "(Jordan Ellery|Robin Testchair)"|'
        r'"role": "(Early help coordinator|Family support worker)"|'
        r'"agency": "(Riverside Family Hub|Testshire Family Hub)")'
    )
    lines_one = [
        ln for ln in first.read_text(encoding="utf-8").splitlines() if not volatile.match(ln)
    ]
    lines_two = [
        ln for ln in second.read_text(encoding="utf-8").splitlines() if not volatile.match(ln)
    ]
    assert lines_one == lines_two

    source = cases.get_case(demo_vault, cases.find_case_id(demo_vault, reference))
    copied = cases.get_case(other, cases.find_case_id(other, reference))
    strip = {"id", "subject_id", "people", "involvements"}
    assert {k: v for k, v in vars(source).items() if k not in strip} == {
        k: v for k, v in vars(copied).items() if k not in strip
    }
    assert [vars(p) | {"id": 0} for p in source.people] == [
        vars(p) | {"id": 0} for p in copied.people
    ]
    assert [vars(i) | {"id": 0, "professional_id": 0} for i in source.involvements] == [
        vars(i) | {"id": 0, "professional_id": 0} for i in copied.involvements
    ]
    assert copied.subject is not None and copied.subject.name == source.subject.name  # type: ignore[union-attr]

    # The tasks too: every demo family's span four agencies, some done, some overdue.
    assert task_record(other, reference) == task_record(demo_vault, reference)
    assert len({t["agency"] for t in one["tasks"]}) >= 4
    if source.status.value == "open":
        assert {"done", "not_started"} <= {t["status"] for t in one["tasks"]}
    else:  # the closed demo case: every task was closed with what happened
        assert {t["status"] for t in one["tasks"]} <= {"done", "not_done", "no_longer_needed"}
    assert all(t["meeting"] == "m1" for t in one["tasks"])

    # The meetings read the same to the chair: the record, and the draft in progress.
    record = meeting_record(demo_vault, reference)
    assert meeting_record(other, reference) == record
    assert [m["status"] for m in record] == [MeetingStatus.FINALISED, MeetingStatus.DRAFT]
    final, draft = meeting_ids(other, reference)
    if source.status.value != "open":  # the closed case arrives closed, and read-only
        with pytest.raises(InvalidInput, match="is closed"):
            meetings.save_notes(other, draft, "aob", "Too late.")
        return
    assert len(record[0]["amendments"]) == 2
    assert len(record[1]["scores"]) == 3
    assert record[1]["early_reviews"] and record[1]["differing_views"]
    with pytest.raises(InvalidInput, match="finalised"):
        meetings.save_notes(other, final, "welcome", "Changed after the event.")
    meetings.amend(other, final, "A third correction, made after the handover.", "Typo.")
    meetings.save_notes(other, draft, "aob", "The new chair carries on.")
    assert meetings.get_meeting(other, draft).section("aob").notes == "The new chair carries on."


def plan_record(vault: Vault, reference: str) -> list[dict[str, Any]]:
    """Every safety plan of the case as the chair sees it, without the vault's ids."""
    out = []
    for summary in safety_plans.case_plans(vault, cases.find_case_id(vault, reference)):
        plan = safety_plans.get_plan(vault, summary.id)
        record = {
            k: v for k, v in vars(plan).items() if k not in ("id", "case_id", "for_person_id")
        }
        record["versions"] = [
            vars(v) | {"id": 0, "sends": [vars(s) | {"id": 0} for s in v.sends]}
            for v in plan.versions
        ]
        record["holders"] = safety_plans.holders_of_older_versions(vault, plan.id)
        record["changes"] = [
            safety_plans.compare_versions(vault, plan.id, v.number - 1, v.number)
            for v in plan.versions[1:]
        ]
        out.append(record)
    return out


@pytest.mark.parametrize("reference", ["TAC-2026-0101", "TAC-2026-0102"])
def test_safety_plans_round_trip_with_every_version_and_send(
    demo_vault: Vault, other: Vault, tmp_path: Path, reference: str
) -> None:
    source = export_case(demo_vault, reference)
    (plan,) = source["safety_plans"]
    assert plan["versions"][0]["number"] == 1
    assert plan["for_person"] == ("p1" if reference == "TAC-2026-0101" else None)
    sections = plan["versions"][-1]["sections"]
    shape = PlanShape(plan["shape"])
    assert list(sections) == [s.key for s in sections_for(shape)]  # every section, in order

    path = write_json(tmp_path / "case.json", source)
    import_case(other, path)

    assert stable(export_case(other, reference)) == stable(source)
    assert plan_record(other, reference) == plan_record(demo_vault, reference)
    # The new chair carries on: the imported versions are records, the draft is theirs.
    plan_id = safety_plans.case_plans(other, cases.find_case_id(other, reference))[0].id
    view = safety_plans.get_plan(other, plan_id)
    with pytest.raises(InvalidInput, match="Nothing has changed since version"):
        safety_plans.issue_version(other, plan_id, "Again", "Everyone", view.latest.review_on)  # type: ignore[union-attr]
    safety_plans.save_draft(other, plan_id, view.draft.with_section("code_word", ("Red kite",)))
    number = len(view.versions) + 1
    safety_plans.issue_version(
        other, plan_id, "Handed over", "Everyone", date.today() + timedelta(days=30)
    )
    assert safety_plans.get_plan(other, plan_id).latest.number == number  # type: ignore[union-attr]


def test_a_file_without_safety_plans_still_imports(
    other: Vault, good_document: dict[str, Any], tmp_path: Path
) -> None:
    """Files written before safety plans were carried have none (or no list at all)."""
    del good_document["safety_plans"]
    path = write_json(tmp_path / "older.json", good_document)
    assert import_case(other, path) == "TAC-2026-0102"
    assert export_case(other, "TAC-2026-0102")["safety_plans"] == []


def test_someone_who_left_the_case_keeps_their_name_in_its_meetings(
    demo_vault: Vault, other: Vault, tmp_path: Path
) -> None:
    reference = "TAC-2026-0101"
    case = cases.get_case(demo_vault, cases.find_case_id(demo_vault, reference))
    grant = next(p for p in case.people if p.name == "Grant Pike")
    _, draft = meeting_ids(demo_vault, reference)
    meetings.invite_person(demo_vault, draft, grant.id)
    meetings.answer_consideration(
        demo_vault,
        draft,
        grant.id,
        "domestic_abuse",
        ConsiderationAnswer(
            Answer.NOT_KNOWN,
            "Harriet mentioned arguments.",
            FollowUp.ACTION,
            None,
            "Lead professional to see Harriet on her own.",
        ),
    )
    cases.remove_person(demo_vault, grant.id)  # after he was asked about, in both meetings

    path = write_case_file(demo_vault, reference, tmp_path / "whitfield.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert "Grant Pike" not in [p["name"] for p in document["people"]]
    for meeting in document["meetings"]:
        about_grant = [c for c in meeting["considerations"] if c["person_name"] == "Grant Pike"]
        assert about_grant
        assert all(c["person"] is None for c in about_grant)
    invited = [a for a in document["meetings"][1]["attendance"] if a["name"] == "Grant Pike"]
    assert [(a["person"], a["role"]) for a in invited] == [(None, "mother's partner")]

    import_case(other, path)

    assert stable(export_case(other, reference)) == stable(document)
    assert meeting_record(other, reference) == meeting_record(demo_vault, reference)
    _, copied_draft = meeting_ids(other, reference)
    kept = [
        c
        for c in meetings.get_meeting(other, copied_draft).considerations
        if c.person_name == "Grant Pike"
    ]
    assert [(c.person_id, c.still_on_case, c.answer) for c in kept] == [
        (None, False, Answer.NOT_KNOWN)
    ]


def task_record(vault: Vault, reference: str) -> list[dict[str, Any]]:
    """Every task of the case as the chair sees it, meetings named by their place."""
    case_id = cases.find_case_id(vault, reference)
    rows = sorted(meetings.list_meetings(vault, case_id), key=lambda r: (r.held_on, r.id))
    place = {row.id: f"meeting {number}" for number, row in enumerate(rows, start=1)}

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                key: place.get(item, item) if key == "meeting_id" else plain(item)
                for key, item in value.items()
                if key not in ("id", "case_id", "created_at")
            }
        if isinstance(value, list):
            return [plain(item) for item in value]
        return value

    return [plain(dataclasses.asdict(t)) for t in tasks.case_tasks(vault, case_id)]


def _professional_id(vault: Vault, case_id: int, name: str) -> int:
    return next(
        i.professional_id for i in cases.get_case(vault, case_id).involvements if i.name == name
    )


def test_tasks_round_trip_with_their_updates_challenges_and_owners(
    demo_vault: Vault, other: Vault, tmp_path: Path
) -> None:
    from datetime import date

    reference = "TAC-2026-0101"
    case_id = cases.find_case_id(demo_vault, reference)
    today = date.today()
    final, draft = meeting_ids(demo_vault, reference)
    people = {p.name: p.id for p in cases.get_case(demo_vault, case_id).people}
    cases.add_professional(
        demo_vault,
        case_id,
        ProfessionalDraft("Bea Invented", "Riverside Housing", Sector.HOUSING, "Housing officer"),
    )
    housing = _professional_id(demo_vault, case_id, "Bea Invented")
    priya = _professional_id(demo_vault, case_id, "Priya Raman")
    osei = _professional_id(demo_vault, case_id, "Dr Samuel Osei")
    missed = tasks.add_task(
        demo_vault,
        case_id,
        TaskDraft(
            "Name a trusted adult «at school»\nand tell Zoë who it is.",
            today - timedelta(days=10),
            professional_id=priya,
            for_person_id=people["Zoë Whitfield"],
            for_need="Zoë has nobody to talk to between sessions.",
            meeting_id=final,
        ),
    )
    tasks.update_task(
        demo_vault,
        missed,
        TaskStatus.NOT_DONE,
        "Staff off sick.",
        not_done_reason=NotDoneReason.COULD_NOT,
    )
    tasks.update_task(
        demo_vault,
        missed,
        TaskStatus.NOT_DONE,
        "Forgotten.",
        not_done_reason=NotDoneReason.WAS_NOT,
        meeting_id=draft,
    )
    tasks.record_challenge(
        demo_vault, missed, "Jordan Ellery", "Will do it this week.", "Head teacher", draft
    )
    own = tasks.add_task(
        demo_vault,
        case_id,
        TaskDraft(
            "Book a GP appointment",
            today + timedelta(days=5),
            owner_person_id=people["Harriet Whitfield"],
        ),
    )
    tasks.update_task(
        demo_vault,
        own,
        TaskStatus.IN_PROGRESS,
        "Waiting list.",
        new_due_on=today + timedelta(days=12),
    )
    done = tasks.add_task(
        demo_vault, case_id, TaskDraft("Send the therapy plan", today, professional_id=osei)
    )
    tasks.update_task(
        demo_vault, done, TaskStatus.DONE, "Sent to Zoë and her mum.", meeting_id=draft
    )
    tasks.add_task(
        demo_vault,
        case_id,
        TaskDraft("Check the tenancy", today + timedelta(days=30), professional_id=housing),
    )
    tasks.add_task(
        demo_vault,
        case_id,
        TaskDraft(
            "Walk Ollie to school on Mondays",
            today + timedelta(days=3),
            owner_person_id=people["Grant Pike"],
            for_person_id=people["Ollie Whitfield"],
        ),
    )
    # The housing officer leaves the case and Grant Pike leaves the family network:
    # their tasks keep their names.
    involvement = next(
        i.id for i in cases.get_case(demo_vault, case_id).involvements if i.name == "Bea Invented"
    )
    cases.remove_involvement(demo_vault, involvement)
    cases.remove_person(demo_vault, people["Grant Pike"])
    record = task_record(demo_vault, reference)

    first = write_case_file(demo_vault, reference, tmp_path / "first.json")
    document = json.loads(first.read_text(encoding="utf-8"))
    by_description = {t["description"].split()[0]: t for t in document["tasks"]}
    name = by_description["Name"]
    assert (name["agency"], name["agency_sector"], name["meeting"]) == (
        "Northgate Academy",
        "education",
        "m1",
    )
    assert name["owner_professional"] == {"name": "Priya Raman", "agency": "Northgate Academy"}
    assert name["for_person"] == "p1" and name["status"] == "not_done"
    assert [(u["meeting"], u["not_done_reason"]) for u in name["updates"]] == [
        (None, "could_not"),
        ("m2", "was_not"),
    ]
    assert name["challenges"] == [
        {
            "meeting": "m2",
            "raised_by": "Jordan Ellery",
            "agency_response": "Will do it this week.",
            "escalated_to": "Head teacher",
        }
    ]
    book = by_description["Book"]
    assert (book["agency"], book["agency_sector"], book["owner_person"]) == (None, None, "p2")
    assert book["owner_name"] == "Harriet Whitfield" and book["owner_professional"] is None
    assert book["updates"][0]["new_due_on"] == book["due"]
    assert by_description["Send"]["outcome"] == "Sent to Zoë and her mum."
    tenancy = by_description["Check"]
    assert (tenancy["agency"], tenancy["agency_sector"]) == ("Riverside Housing", "housing")
    assert tenancy["owner_professional"] is None and tenancy["owner_name"] == "Bea Invented"
    walk = by_description["Walk"]
    assert (walk["owner_person"], walk["owner_name"], walk["for_person"]) == (
        None,
        "Grant Pike",
        "p3",
    )

    import_case(other, first)

    second = write_case_file(other, reference, tmp_path / "second.json")
    assert stable(json.loads(second.read_text(encoding="utf-8"))) == stable(document)
    copied = task_record(other, reference)
    assert copied == record
    assert [
        t["agency_still_on_case"] for t in copied if t["agency_name"] == "Riverside Housing"
    ] == [False]
    assert (
        next(
            t
            for t in tasks.case_tasks(other, cases.find_case_id(other, reference))
            if t.status is TaskStatus.NOT_DONE
        ).misses_in_a_row
        == 2
    )
    # The copy carries on: a review there walks the same tasks.
    _, copied_draft = meeting_ids(other, reference)
    walked = [m.task_id for m in meetings.get_meeting(other, copied_draft).missing if m.task_id]
    assert len(walked) == len(
        [m for m in meetings.get_meeting(demo_vault, draft).missing if m.task_id]
    )


def test_a_finalised_meeting_is_a_record_not_checked_against_todays_rules(
    other: Vault, tmp_path: Path
) -> None:
    """A record kept as written: unanswered questions and no next review stay as they were."""
    path = write_json(
        tmp_path / "old record.json",
        {
            "format": "tac-case",
            "version": 1,
            "case": {
                "reference": "REC-1",
                "opened_on": "2025-01-06",
                "nation": "scotland",
                "subject": "a",
            },
            "people": [{"key": "a", "name": "Rowan Madeup", "estimated_age": 9}],
            "meetings": [
                {
                    "id": "from-another-vault-17",
                    "template_id": "an_agenda_this_vault_never_had",
                    "title": "Review under the old protocol",
                    "date": "2025-02-03",
                    "status": "finalised",
                    "finalised_at": "2025-02-03T16:05:00+01:00",
                    "attendance": [{"name": "Rowan Madeup", "person": "a"}],
                    "considerations": [
                        {
                            "person": "a",
                            "person_name": "Rowan Madeup",
                            "role": "subject_child",
                            "question_key": "child_significant_harm",
                            "question_text": "Older wording of the question.",
                        }
                    ],
                    "amendments": [
                        {
                            "made_at": "2025-02-10T09:00:00",
                            "author": "Alex Invented",
                            "text": "Rowan's age corrected.",
                            "reason": "Typing slip.",
                        }
                    ],
                }
            ],
        },
    )

    import_case(other, path)

    case_id = cases.find_case_id(other, "REC-1")
    (row,) = meetings.list_meetings(other, case_id)
    view = meetings.get_meeting(other, row.id)
    assert view.is_final
    assert view.finalised_at is not None and view.finalised_at.isoformat() == (
        "2025-02-03T15:05:00+00:00"
    )
    assert view.next_review_on is None and view.missing == []
    assert view.attendees[0].mode is AttendanceMode.INVITED
    assert view.considerations[0].answer is None
    assert view.considerations[0].question_text == "Older wording of the question."
    assert [a.made_at.isoformat() for a in view.amendments] == ["2025-02-10T09:00:00+00:00"]
    document = export_case(other, "REC-1")
    assert document["meetings"][0]["id"] == "m1"  # ids name meetings inside one file only
    assert document["meetings"][0]["finalised_at"] == "2025-02-03T15:05:00Z"


def test_all_four_families_land_in_one_vault(demo_vault: Vault, other: Vault) -> None:
    for reference in DEMO_REFERENCES:
        document = export_case(demo_vault, reference)
        import_case(other, CaseFile.model_validate_json(json.dumps(document)))
    assert [row.reference for row in cases.list_cases(other)] == DEMO_REFERENCES
    assert [row.lead_professional for row in cases.list_cases(other)] == [
        row.lead_professional for row in cases.list_cases(demo_vault)
    ]


def test_names_in_any_script_round_trip_exactly(vault: Vault, other: Vault, tmp_path: Path) -> None:
    names = [
        "Amélie <b>O'Neill</b> & Co",
        "Łucja Żółkiewska-Wąsik",
        "نور الهدى بن علي",
        "Ngọc Ánh Trần",
        "Σοφία Παπαδοπούλου",
        "美咲 田中",
    ]
    case_id = cases.create_case(
        vault,
        CaseDraft(
            "SYN/<&>/1",
            PersonDraft(names[0], preferred_name="Mé & <Mé>", notes="line one\nline «two» 🙂"),
            Nation.SCOTLAND,
            summary='Quotes " and backslashes \\ and tabs\tstay.',
        ),
    )
    for name in names[1:]:
        cases.add_person(vault, case_id, PersonDraft(name, language="Polish & <other>"))
    cases.add_professional(
        vault,
        case_id,
        ProfessionalDraft("د. سلمى & <Ltd>", "Ośrodek <Pomocy> & Społecznej", Sector.VOLUNTARY),
        role_on_case="<lead> & more",
        is_lead=True,
    )
    path = write_case_file(vault, "SYN/<&>/1", tmp_path / "names.json")
    assert "&amp;" not in path.read_text(encoding="utf-8")
    assert "&lt;" not in path.read_text(encoding="utf-8")

    import_case(other, path)

    copied = cases.get_case(other, cases.find_case_id(other, "SYN/<&>/1"))
    assert [p.name for p in copied.people] == names
    assert copied.people[0].preferred_name == "Mé & <Mé>"
    assert copied.people[0].notes == "line one\nline «two» 🙂"
    assert copied.summary == 'Quotes " and backslashes \\ and tabs\tstay.'
    assert copied.involvements[0].name == "د. سلمى & <Ltd>"
    assert copied.involvements[0].agency == "Ośrodek <Pomocy> & Społecznej"
    assert copied.involvements[0].role_on_case == "<lead> & more"
    assert stable(export_case(other, "SYN/<&>/1")) == stable(export_case(vault, "SYN/<&>/1"))


def test_a_closed_case_stays_closed(demo_vault: Vault, other: Vault) -> None:
    from datetime import date

    with demo_vault.unit_of_work() as session:
        case = session.scalars(select(Case).where(Case.reference == "TAC-2026-0103")).one()
        case.status = CaseStatus.CLOSED
        case.opened_on = date(2025, 9, 1)
        case.closed_on = date(2026, 1, 15)

    document = export_case(demo_vault, "TAC-2026-0103")
    assert document["case"]["status"] == "closed"
    assert document["case"]["closed_on"] == "2026-01-15"
    import_case(other, CaseFile.model_validate_json(json.dumps(document)))

    assert stable(export_case(other, "TAC-2026-0103")) == stable(document)
    row = cases.list_cases(other)[0]
    assert row.status is CaseStatus.CLOSED


def test_import_is_audited_with_where_the_case_came_from(
    demo_vault: Vault, other: Vault, tmp_path: Path
) -> None:
    path = write_case_file(demo_vault, "TAC-2026-0101", tmp_path / "whitfield.json")
    before = audit_count(other)

    import_case(other, path)

    # 1 case + 4 people + 2 agencies + 2 professionals + 2 involvements + the event;
    # the subject link is an update of the case.
    assert audit_count(other) > before + 10
    entry = last_audit(other)
    assert entry.action == "case imported"
    detail = json.loads(entry.changes)
    assert detail["reference"] == "TAC-2026-0101"
    assert detail["file"] == "whitfield.json"
    assert detail["exported by"] == "Jordan Ellery"


def test_a_minimal_hand_written_file_imports_with_defaults(other: Vault, tmp_path: Path) -> None:
    path = write_json(
        tmp_path / "minimal.json",
        {
            "format": "tac-case",
            "version": 1,
            "case": {
                "reference": "MIN-1",
                "opened_on": "2026-02-02",
                "nation": "england",
                "subject": "a",
            },
            "people": [{"key": "a", "name": "Kit Invented"}],
        },
    )
    assert import_case(other, path) == "MIN-1"
    document = export_case(other, "MIN-1")
    assert document["people"][0]["language"] == "English"
    assert document["people"][0]["lives_in_household"] is True
    assert document["case"]["status"] == "open"
    assert document["professionals"] == []


def test_a_file_from_before_meetings_were_carried_still_imports(
    other: Vault, good_document: dict[str, Any], tmp_path: Path
) -> None:
    """Earlier releases of version 1 wrote every reserved list empty, meetings included."""
    good_document["meetings"] = []
    good_document["tasks"] = []
    good_document["copy_marks"] = []  # marks name meetings' items and tasks
    good_document["program_version"] = "0.1.0"
    path = write_json(tmp_path / "older.json", good_document)

    assert import_case(other, path) == "TAC-2026-0102"

    assert stable(export_case(other, "TAC-2026-0102")) == stable(good_document)
    assert meetings.list_meetings(other, cases.find_case_id(other, "TAC-2026-0102")) == []


# -- existing references --------------------------------------------------------------


def test_an_existing_reference_is_refused_never_merged(demo_vault: Vault, tmp_path: Path) -> None:
    path = write_case_file(demo_vault, "TAC-2026-0101", tmp_path / "case.json")
    before = snapshot(demo_vault)

    with pytest.raises(ReferenceTaken, match="already has a case with the reference"):
        import_case(demo_vault, path)

    assert snapshot(demo_vault) == before


def test_a_new_reference_imports_a_copy_and_reuses_agencies(
    demo_vault: Vault, tmp_path: Path
) -> None:
    path = write_case_file(demo_vault, "TAC-2026-0101", tmp_path / "case.json")
    _, _, agencies, professionals, held, _ = snapshot(demo_vault)

    assert import_case(demo_vault, path, new_reference="  TAC-2026-0901 ") == "TAC-2026-0901"

    rows = {row.reference: row for row in cases.list_cases(demo_vault)}
    assert set(rows) == {*DEMO_REFERENCES, "TAC-2026-0901"}
    assert rows["TAC-2026-0901"].subject == rows["TAC-2026-0101"].subject
    assert rows["TAC-2026-0901"].lead_professional == "Priya Raman"
    _, _, agencies_after, professionals_after, held_after, _ = snapshot(demo_vault)
    assert (agencies_after, professionals_after) == (agencies, professionals)
    assert held_after == held + 2  # the copy has its own meetings; the original keeps its
    original = stable(export_case(demo_vault, "TAC-2026-0101"))
    renamed = stable(export_case(demo_vault, "TAC-2026-0901"))
    renamed["case"]["reference"] = "TAC-2026-0101"
    assert renamed == original
    assert json.loads(last_audit(demo_vault).changes)["reference in file"] == "TAC-2026-0101"


def test_a_new_reference_that_is_also_taken_is_refused(demo_vault: Vault, tmp_path: Path) -> None:
    path = write_case_file(demo_vault, "TAC-2026-0101", tmp_path / "case.json")
    before = snapshot(demo_vault)
    with pytest.raises(ReferenceTaken, match="TAC-2026-0102"):
        import_case(demo_vault, path, new_reference="TAC-2026-0102")
    with pytest.raises(InvalidInput, match="needs a reference"):
        import_case(demo_vault, path, new_reference="   ")
    assert snapshot(demo_vault) == before


def test_a_failure_midway_leaves_nothing_behind(
    demo_vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_case_file(demo_vault, "TAC-2026-0102", tmp_path / "case.json")
    before = snapshot(demo_vault)

    def broken(*args: object, **kwargs: object) -> None:
        raise InvalidInput("the disk went away (simulated)")

    monkeypatch.setattr(audit, "record_event", broken)
    with pytest.raises(InvalidInput, match="simulated"):
        import_case(demo_vault, path, new_reference="TAC-2026-0902")

    assert snapshot(demo_vault) == before


# -- refusals -------------------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], Any]


def _set(path: str, value: Any) -> Mutation:
    """Replace one value, addressed like ``people.2.date_of_birth``."""

    def mutate(document: dict[str, Any]) -> dict[str, Any]:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        target: Any = document
        for part in parents:
            target = target[part]
        target[last] = value
        return document

    return mutate


def _drop(path: str) -> Mutation:
    def mutate(document: dict[str, Any]) -> dict[str, Any]:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        target: Any = document
        for part in parents:
            target = target[part]
        del target[last]
        return document

    return mutate


def _two_leads(document: dict[str, Any]) -> dict[str, Any]:
    for professional in document["professionals"]:
        professional["is_lead"] = True
    return document


def _duplicate_person(document: dict[str, Any]) -> dict[str, Any]:
    document["people"].append(copy.deepcopy(document["people"][1]))
    return document


def _answer_twice(document: dict[str, Any]) -> dict[str, Any]:
    answers = document["meetings"][0]["considerations"]
    answers.append(copy.deepcopy(answers[0]))
    return document


def _a_task(**changes: Any) -> dict[str, Any]:
    """A sound task of the Nowak family's file (TAC-2026-0102), changed as asked."""
    task: dict[str, Any] = {
        "description": "Ask the GP to review the talking therapy referral.",
        "agency": "Cwm Health Visiting",
        "agency_sector": "health",
        "due": "2026-03-02",
        "status": "not_done",
        "meeting": "m1",
        "owner_name": "Nia Evans",
        "owner_professional": {"name": "Nia Evans", "agency": "Cwm Health Visiting"},
        "owner_person": None,
        "for_person": "p3",
        "for_need": "",
        "outcome": "",
        "updates": [
            {
                "made_at": "2026-03-03T09:00:00Z",
                "meeting": "m2",
                "status": "not_done",
                "new_due_on": None,
                "not_done_reason": "could_not",
                "note": "The GP surgery was closed.",
            }
        ],
        "challenges": [
            {
                "meeting": "m2",
                "raised_by": "Jordan Ellery",
                "agency_response": "",
                "escalated_to": "",
            }
        ],
    }
    task.update(changes)
    return task


def _task(**changes: Any) -> Mutation:
    def mutate(document: dict[str, Any]) -> dict[str, Any]:
        document["tasks"] = [_a_task(**changes)]
        return document

    return mutate


def _drop_task(name: str) -> Mutation:
    def mutate(document: dict[str, Any]) -> dict[str, Any]:
        task = _a_task()
        del task[name]
        document["tasks"] = [task]
        return document

    return mutate


def _task_update(**changes: Any) -> Mutation:
    def mutate(document: dict[str, Any]) -> dict[str, Any]:
        task = _a_task()
        task["updates"][0].update(changes)
        document["tasks"] = [task]
        return document

    return mutate


def _task_challenge(**changes: Any) -> Mutation:
    def mutate(document: dict[str, Any]) -> dict[str, Any]:
        task = _a_task()
        task["challenges"][0].update(changes)
        document["tasks"] = [task]
        return document

    return mutate


BROKEN_DOCUMENTS: list[tuple[str, Mutation, str]] = [
    (
        "impossible date",
        _set("people.2.date_of_birth", "2031-02-30"),
        "people[2].date_of_birth: 2031-02-30 is not a real date",
    ),
    (
        "date in another format",
        _set("people.1.date_of_birth", "05/07/2020"),
        "people[1].date_of_birth: 05/07/2020 is not a real date",
    ),
    ("future birth", _set("people.1.date_of_birth", "2099-01-01"), "people[1]: The date of birth"),
    ("unknown field", _set("people.0.nickname", "Łuki"), "people[0].nickname: is not part of"),
    ("missing name", _drop("people.3.name"), "people[3].name is missing"),
    ("empty name", _set("people.3.name", "   "), "people[3]: A person's name cannot be empty"),
    ("text age", _set("people.0.estimated_age", "8"), "people[0].estimated_age: should be a whole"),
    ("age out of range", _set("people.0.estimated_age", 400), "between 0 and 120"),
    ("flag as text", _set("people.0.declared_child", "yes"), "should be true or false"),
    ("unknown nation", _set("case.nation", "france"), "case.nation: france is not one of"),
    ("unknown status", _set("case.status", "archived"), "case.status: archived is not one of"),
    ("unknown sector", _set("agencies.0.sector", "banking"), "agencies[0].sector: banking"),
    ("missing case", _drop("case"), "case is missing"),
    ("people not a list", _set("people", {"name": "x"}), "people: should be a list"),
    ("subject nobody", _set("case.subject", "p9"), "case.subject: p9 is not the key of anyone"),
    ("key used twice", _duplicate_person, "people[4].key: p2 is used twice"),
    ("agency not listed", _set("professionals.1.agency", "Nowhere Police"), "is not in agencies"),
    ("two leads", _two_leads, "only one can be the lead professional"),
    ("closed before opened", _set("case.closed_on", "1999-01-01"), "is before opened_on"),
    (
        "long reference",
        _set("case.reference", "R" * 41),
        "case.reference: A case reference is at most 40",
    ),
    ("extra top-level", _set("comment", "hi"), "comment: is not part of a version 1"),
    ("meetings of numbers", _set("meetings", [1]), "meetings[0]: should be a {...} block"),
    (
        "minutes sent before the meeting",
        _set("meetings.0.minutes_sent_on", "1900-01-01"),
        "minutes_sent_on 1900-01-01 is before the meeting",
    ),
    (
        "summary sent in the future",
        _set("meetings.0.decision_summary_sent_on", "2999-01-01"),
        "decision_summary_sent_on 2999-01-01 is in the future",
    ),
    (
        "meeting without date",
        _set("meetings", [{"id": "m1", "status": "held"}]),
        "meetings[0].date is missing",
    ),
    (
        "task of no meeting",
        _task(meeting="m9"),
        "tasks[0].meeting: m9 is not the id of a meeting",
    ),
    ("impossible task due date", _task(due="2026-02-30"), "tasks[0].due: 2026-02-30 is not a real"),
    ("task without a due date", _drop_task("due"), "tasks[0].due is missing"),
    ("task without a description", _task(description=" "), "tasks[0].description: cannot be"),
    ("unknown task status", _task(status="open"), "tasks[0].status: open is not one of"),
    ("misspelt task field", _task(owner="Megan Price"), "tasks[0].owner: is not part of"),
    (
        "task owner nobody in people",
        _task(owner_person="p9", owner_professional=None),
        "tasks[0].owner_person: p9 is not the key of anyone in people",
    ),
    (
        "task for nobody in people",
        _task(for_person="p9"),
        "tasks[0].for_person: p9 is not the key of anyone in people",
    ),
    (
        "task owner not in professionals",
        _task(owner_professional={"name": "Nobody", "agency": "Dyfed Police"}),
        "tasks[0].owner_professional: Nobody of Dyfed Police is not in professionals",
    ),
    (
        "task owned twice",
        _task(owner_person="p3"),
        "tasks[0]: the owner is linked to both a professional and a person",
    ),
    ("sector of no agency", _task(agency=None), "tasks[0]: agency_sector is given, but agency"),
    ("unknown agency sector", _task(agency_sector="banking"), "tasks[0].agency_sector: banking"),
    (
        "update at no meeting",
        _task_update(meeting="m7"),
        "tasks[0].updates[0].meeting: m7 is not the id of a meeting",
    ),
    (
        "not done without a reason",
        _task_update(not_done_reason=None),
        "tasks[0].updates[0]: a task not done needs not_done_reason",
    ),
    (
        "not done without a note",
        _task_update(note=""),
        "tasks[0].updates[0]: a task not done needs a note saying why",
    ),
    (
        "a reason for a task done",
        _task_update(status="done"),
        "not_done_reason is only for a task not done, but status is done",
    ),
    (
        "in progress without a date",
        _task_update(status="in_progress", not_done_reason=None),
        "a task still in progress needs new_due_on",
    ),
    (
        "update at no time",
        _task_update(made_at="soon"),
        "tasks[0].updates[0].made_at: soon is not a date and time",
    ),
    (
        "unknown not-done reason",
        _task_update(not_done_reason="lazy"),
        "tasks[0].updates[0].not_done_reason: lazy is not one of",
    ),
    (
        "challenge raised by nobody",
        _task_challenge(raised_by=""),
        "tasks[0].challenges[0].raised_by: cannot be empty",
    ),
    (
        "challenge at no meeting",
        _task_challenge(meeting="m3"),
        "tasks[0].challenges[0].meeting: m3 is not the id of a meeting",
    ),
    ("consents not a list", _set("consents", "none"), "consents: should be a list"),
    # Meetings: a finalised record is kept as it was, but its structure must be sound.
    (
        "unknown answer",
        _set("meetings.0.considerations.0.answer", "maybe"),
        "meetings[0].considerations[0].answer: maybe is not one of",
    ),
    (
        "unknown follow-up",
        _set("meetings.0.considerations.2.follow_up", "later"),
        "meetings[0].considerations[2].follow_up: later is not one of",
    ),
    (
        "unknown procedure",
        _set("meetings.0.considerations.2.procedure", "court"),
        "meetings[0].considerations[2].procedure: court is not one of",
    ),
    (
        "unknown role",
        _set("meetings.0.considerations.0.role", "uncle"),
        "meetings[0].considerations[0].role: uncle is not one of",
    ),
    (
        "unknown question",
        _set("meetings.0.considerations.0.question_key", "favourite_colour"),
        "question_key: favourite_colour is not one of the Think Family questions",
    ),
    (
        "unknown attendance mode",
        _set("meetings.0.attendance.0.mode", "asleep"),
        "meetings[0].attendance[0].mode: asleep is not one of",
    ),
    (
        "unknown section part",
        _set("meetings.1.sections.0.parts", ["notes", "horoscope"]),
        "meetings[1].sections[0].parts[1]: horoscope is not one of",
    ),
    ("unknown meeting status", _set("meetings.0.status", "held"), "meetings[0].status: held"),
    ("meeting about a cat", _set("meetings.0.about", "cat"), "meetings[0].about: should be"),
    (
        "score above ten",
        _set("meetings.0.scaling_scores.0.score", 11),
        "meetings[0].scaling_scores[0].score: 11 is not a scaling score",
    ),
    (
        "negative score",
        _set("meetings.0.scaling_scores.1.score", -1),
        "-1 is not a scaling score (a whole number from 0 to 10)",
    ),
    (
        "score as text",
        _set("meetings.0.scaling_scores.0.score", "6"),
        "meetings[0].scaling_scores[0].score: should be a whole number",
    ),
    (
        "score with a fraction",
        _set("meetings.0.scaling_scores.0.score", 6.5),
        "meetings[0].scaling_scores[0].score: should be a whole number",
    ),
    (
        "impossible meeting date",
        _set("meetings.1.date", "2026-02-30"),
        "meetings[1].date: 2026-02-30 is not a real date",
    ),
    (
        "impossible due date",
        _set("meetings.0.considerations.2.due_on", "2026-13-01"),
        "meetings[0].considerations[2].due_on: 2026-13-01 is not a real date",
    ),
    (
        "finalised without finalised_at",
        _set("meetings.0.finalised_at", None),
        "meetings[0]: a finalised meeting needs finalised_at",
    ),
    (
        "finalised_at not a moment",
        _set("meetings.0.finalised_at", "last Tuesday"),
        "meetings[0].finalised_at: last Tuesday is not a date and time",
    ),
    (
        "draft with finalised_at",
        _set("meetings.1.finalised_at", "2026-01-05T10:00:00Z"),
        "finalised_at is only for a finalised meeting, but this is a draft",
    ),
    (
        "draft with amendments",
        _set(
            "meetings.1.amendments",
            [{"made_at": "2026-01-05T10:00:00Z", "author": "A", "text": "x", "reason": "y"}],
        ),
        "a draft has no amendments",
    ),
    (
        "amendment without a reason",
        _set(
            "meetings.0.amendments",
            [{"made_at": "2026-01-05T10:00:00Z", "author": "A", "text": "x", "reason": " "}],
        ),
        "meetings[0].amendments[0].reason: cannot be empty",
    ),
    (
        "next review before the meeting",
        _set("meetings.0.next_review_on", "2000-01-01"),
        "next_review_on 2000-01-01 is before the meeting's date",
    ),
    (
        "a no that leads somewhere",
        _set("meetings.0.considerations.0.follow_up", "action"),
        "follow_up should be empty: only an answer of yes or not_known leads somewhere",
    ),
    (
        "procedure without a referral",
        _set("meetings.0.considerations.2.procedure", "marac"),
        "procedure is only for a referral, but follow_up is action",
    ),
    ("start time", _set("meetings.0.start_time", "25:00"), "25:00 is not a time written HH:MM"),
    ("empty meeting title", _set("meetings.0.title", "  "), "meetings[0].title: cannot be empty"),
    ("missing meeting status", _drop("meetings.0.status"), "meetings[0].status is missing"),
    (
        "misspelt meeting field",
        _set("meetings.0.loaction", "Hall"),
        "meetings[0].loaction: is not part of a version 1",
    ),
    (
        "answer about nobody in people",
        _set("meetings.0.considerations.0.person", "p9"),
        "meetings[0].considerations[0].person: p9 is not the key of anyone in people",
    ),
    (
        "attendee nobody in people",
        _set("meetings.1.attendance.3.person", "p9"),
        "meetings[1].attendance[3].person: p9 is not the key of anyone in people",
    ),
    (
        "professional not in the file",
        _set("meetings.0.attendance.0.professional", {"name": "Nobody", "agency": "Dyfed Police"}),
        "meetings[0].attendance[0].professional: Nobody of Dyfed Police is not in professionals",
    ),
    (
        "attendee both person and professional",
        _set("meetings.0.attendance.0.person", "p1"),
        "is linked to both a person and a professional",
    ),
    ("meeting id twice", _set("meetings.1.id", "m1"), "meetings[1].id: m1 is used twice"),
    (
        "section key twice",
        _set("meetings.0.sections.1.key", "welcome"),
        "meetings[0].sections[1].key: welcome is used twice",
    ),
    (
        "question answered twice",
        _answer_twice,
        "meetings[0].considerations[11]: child_unmet_needs is answered for p1 twice",
    ),
    ("empty meeting id", _set("meetings.0.id", ""), "meetings[0].id: should be a short piece"),
    (
        "plan versions out of order",
        _set("safety_plans.0.versions.1.number", 3),
        "versions[1].number: 3 should be 2",
    ),
    (
        "plan reviewed before it was issued",
        _set("safety_plans.0.versions.0.review_on", "2000-01-01"),
        "versions[0].review_on 2000-01-01 should be after issued_on",
    ),
    (
        "plan version without a reason",
        _set("safety_plans.0.versions.0.reason", " "),
        "safety_plans[0].versions[0].reason: cannot be empty",
    ),
    (
        "a network phone number with no digits",
        _set("safety_plans.0.versions.0.sections.network.0.phone", "ring her"),
        "versions[0].sections: The phone number for Ewa Zielińska (ring her) has no numbers",
    ),
    (
        "a rule kept by someone outside the network",
        _set("safety_plans.0.versions.0.sections.rules.0.kept_by", ["Nobody Known"]),
        "The rule",
    ),
    (
        "a plan for nobody in people",
        _set("safety_plans.0.for_person", "p9"),
        "safety_plans[0].for_person: p9 is not the key of anyone in people",
    ),
    (
        "family sections in a personal plan",
        _set("safety_plans.0.shape", "personal"),
        "worries is not a section of a personal plan",
    ),
    (
        "an unknown way of sending",
        _set("safety_plans.0.versions.0.sends.0.how", "pigeon"),
        "safety_plans[0].versions[0].sends[0].how: pigeon is not one of",
    ),
    (
        "sent before it was issued",
        _set("safety_plans.0.versions.1.sends.0.sent_on", "2001-01-01"),
        "versions[1].sends[0].sent_on 2001-01-01 is before the version was issued",
    ),
    ("bad export stamp", _set("exported_at", "yesterday"), "exported_at: yesterday is not a date"),
    ("newer version", _set("version", 2), "newer TAC Desktop (case file version 2)"),
    ("version as text", _set("version", "1"), '"version" should be a whole number'),
    ("version as true", _set("version", True), '"version" should be a whole number'),
    ("version zero", _set("version", 0), "version 0, which TAC Desktop never wrote"),
    ("foreign format", lambda d: {"format": "something-else"}, 'it says it is a "something-else"'),
    ("no format", _drop("format"), 'it has no "format": "tac-case" line'),
    ("a JSON array", lambda d: [d], "it holds a list, not a case"),
    ("a JSON string", lambda d: "tac-case", "it holds a single value"),
]


@pytest.fixture
def good_document(demo_vault: Vault) -> dict[str, Any]:
    return export_case(demo_vault, "TAC-2026-0102")


def _refused_without_change(vault: Vault, path: Path, expected: str) -> str:
    before = snapshot(vault)
    with pytest.raises(InvalidInput) as caught:
        import_case(vault, path, new_reference="TAC-NEW-0001")
    message = str(caught.value)
    assert expected in message
    assert "Traceback" not in message
    assert snapshot(vault) == before
    return message


@pytest.mark.parametrize(
    ("mutation", "expected"),
    [pytest.param(m, e, id=name) for name, m, e in BROKEN_DOCUMENTS],
)
def test_a_broken_file_is_refused_and_the_vault_is_unchanged(
    demo_vault: Vault,
    good_document: dict[str, Any],
    tmp_path: Path,
    mutation: Mutation,
    expected: str,
) -> None:
    path = write_json(tmp_path / "broken.json", mutation(copy.deepcopy(good_document)))
    message = _refused_without_change(demo_vault, path, expected)
    assert "broken.json" in message


BROKEN_BYTES: list[tuple[str, bytes, str]] = [
    ("empty file", b"", "the file is empty"),
    ("only spaces", b"  \n ", "the file is empty"),
    ("a PNG", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "a picture (PNG)"),
    ("a PDF", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF document"),
    ("a Word file", b"PK\x03\x04\x14\x00\x06\x00" + bytes(32), "a compressed file"),
    ("random bytes", random.Random(20260101).randbytes(4096), "it is not text"),
    ("Latin-1 text", '{"format": "tac-case", "name": "Zoë"}'.encode("latin-1"), "not text"),
    ("UTF-16 text", '{"format": "tac-case"}'.encode("utf-16"), "UTF-16"),
    ("cut short", b'{"format": "tac-case", "version": 1, "case": {', "JSON text is broken"),
    ("not JSON", b"reference,name\nTAC-1,Kit\n", "JSON text is broken at line 1, column 1"),
    ("repeated name", b'{"format": "tac-case", "format": "tac-case"}', '"format" appears twice'),
    ("NaN", b'{"format": "tac-case", "version": NaN}', "NaN is not a number JSON allows"),
    ("deep nesting", b"[" * 200_000 + b"]" * 200_000, "nested far too deeply"),
]


@pytest.mark.parametrize(
    ("content", "expected"), [pytest.param(c, e, id=name) for name, c, e in BROKEN_BYTES]
)
def test_a_file_that_is_not_a_case_file_is_refused(
    demo_vault: Vault, tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "brought in.json"
    path.write_bytes(content)
    message = _refused_without_change(demo_vault, path, expected)
    assert "brought in.json" in message


def test_a_huge_file_is_refused_without_reading_it(demo_vault: Vault, tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as stream:  # sparse: 50 MB and one byte, costs no disk
        stream.truncate(transfer.MAX_FILE_BYTES + 1)
    _refused_without_change(demo_vault, path, "the limit is 50 MB")


def test_a_missing_file_or_a_folder_is_refused(demo_vault: Vault, tmp_path: Path) -> None:
    _refused_without_change(demo_vault, tmp_path / "absent.json", "no file called absent.json")
    _refused_without_change(demo_vault, tmp_path / "gone" / "a.json", "does not exist")
    _refused_without_change(demo_vault, tmp_path, "is a folder")


def test_a_missing_file_given_relatively_names_the_real_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It used to say 'There is no file called absent.json in .'."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InvalidInput) as refused:
        read_case_file("absent.json")
    assert str(refused.value) == f"There is no file called absent.json in {tmp_path}."


def test_a_byte_order_mark_is_tolerated(
    other: Vault, good_document: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(good_document).encode("utf-8"))
    assert import_case(other, path) == "TAC-2026-0102"


def test_many_problems_are_counted_not_all_listed(
    demo_vault: Vault, good_document: dict[str, Any], tmp_path: Path
) -> None:
    for person in good_document["people"]:
        person["estimated_age"] = "ten"
        person["language"] = 7
    message = _refused_without_change(
        demo_vault, write_json(tmp_path / "many.json", good_document), "and 3 more problems"
    )
    assert message.count("people[") == 5


def test_consents_and_the_sharing_log_travel_with_the_case(
    demo_vault: Vault, other: Vault, tmp_path: Path
) -> None:
    path = write_case_file(demo_vault, "TAC-2026-0102", tmp_path / "nowak.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    refused = next(c for c in document["consents"] if c["status"] == "refused")
    assert refused["person_name"] == "Tomasz Kowalczyk" and refused["raise_again_on"]
    (override,) = refused["overrides"]
    assert override["grounds"] == "child_significant_harm"
    assert override["approved_by"].startswith("Delyth Rowlands")
    assert override["person_told"] is False and override["not_told_reason"]
    # Every entry names who received the information; the school's rests on the override.
    assert all(entry["recipient"] for entry in document["sharing_log"])
    school = [e for e in document["sharing_log"] if e["recipient"] == "Bryn Primary School"]
    assert school and all(e["override"] == override["key"] for e in school)
    restricted = [s["key"] for m in document["meetings"] for s in m["sections"] if s["restricted"]]
    assert restricted == ["updates"]

    reference = import_case(other, path)

    assert stable(export_case(other, reference)) == stable(document)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["consents"][0].update(status="not_sought", how=None),
            "not_sought_reason: say why nobody was asked",
        ),
        (
            lambda d: d["consents"][-1]["overrides"][0].update(approved_by=" "),
            "approved_by",
        ),
        (
            lambda d: d["consents"][-1]["overrides"][0].update(not_told_reason=""),
            "say why the person was not told",
        ),
        (lambda d: d["sharing_log"][0].update(consent="c99"), "c99 is not the key of a consent"),
        (lambda d: d["sharing_log"][0].update(recipient=""), "sharing_log[0].recipient"),
    ],
)
def test_a_broken_consent_or_log_entry_is_refused(
    demo_vault: Vault,
    other: Vault,
    tmp_path: Path,
    change: Callable[[dict[str, Any]], None],
    expected: str,
) -> None:
    document = export_case(demo_vault, "TAC-2026-0102")
    change(document)
    path = write_json(tmp_path / "broken.json", document)
    with pytest.raises(InvalidInput) as refused:
        import_case(other, path)
    assert expected in str(refused.value)
    assert "Nothing" in str(refused.value) or "nothing" in str(refused.value)


# -- who reads what ---------------------------------------------------------------------


def reader_record(vault: Vault, reference: str) -> list[Any]:
    """Who reads what, as the chair sees it, with vault ids put as names: who must not
    receive information; each meeting's items in order, with their access in words and
    the names they are kept from; and each meeting's distribution list."""
    case_id = cases.find_case_id(vault, reference)
    view = cases.get_case(vault, case_id)
    names = {p.id: p.name for p in view.people}
    record: list[Any] = [[(p.name, p.no_information, p.no_information_reason) for p in view.people]]
    for row in sorted(meetings.list_meetings(vault, case_id), key=lambda r: (r.held_on, r.id)):
        record.append(
            [
                (
                    item.kind,
                    item.section_key,
                    item.summary,
                    item.audience_words,
                    item.withheld_from,
                    item.is_default,
                    item.access.reason,
                    sorted(names[p] for p in item.access.withheld_from),
                    names.get(item.access.private_to or 0),
                )
                for item in copies.marked_items(vault, row.id)
            ]
        )
        listed = distribution.distribution(vault, row.id)
        record.append(
            (
                listed.confirmed,
                [
                    dataclasses.asdict(r)
                    | {
                        "id": None,
                        "person_id": names.get(r.person_id or 0),
                        "professional_id": r.professional_id is not None,
                    }
                    for r in listed.recipients
                ],
            )
        )
    return record


def test_who_reads_what_travels_with_the_case(
    demo_vault: Vault, other: Vault, tmp_path: Path
) -> None:
    reference = "TAC-2026-0102"
    fill_in(demo_vault, reference)  # the draft gets a differing view, among others
    case_id = cases.find_case_id(demo_vault, reference)
    people = {p.name: p.id for p in cases.get_case(demo_vault, case_id).people}
    tomasz, maja = people["Tomasz Kowalczyk"], people["Maja Nowak"]
    final, draft = meeting_ids(demo_vault, reference)
    first: dict[ItemKind, tuple[int, copies.MarkedItem]] = {}
    for meeting_id in (final, draft):
        for item in copies.marked_items(demo_vault, meeting_id):
            first.setdefault(item.kind, (meeting_id, item))
    assert set(first) == set(ItemKind)  # one of every kind the chair can mark
    withheld = {
        ItemKind.SECTION: [tomasz],
        ItemKind.DECISION: [tomasz, maja],
        ItemKind.TASK: [maja],
        ItemKind.DIFFERING_VIEW: [maja, tomasz],
    }
    for n, (meeting_id, item) in enumerate(first.values()):
        copies.set_mark(
            demo_vault,
            meeting_id,
            item.key,
            professionals_only=n % 2 == 1,
            reason=f"Agreed with the family «{item.kind.label}»,\nsecond line.",
            withheld_from=withheld.get(item.kind, ()),
        )
    drafts = [r.draft() for r in distribution.distribution(demo_vault, final).recipients]
    drafts.append(
        distribution.RecipientDraft(
            "Duty desk",
            CopyKind.AGENCY,
            Delivery.SECURE_EMAIL,
            agency="Dyfed Police",
            email="duty.desk@example.police.uk",
        )
    )
    distribution.save_distribution(demo_vault, final, drafts)
    copies.set_no_information(
        demo_vault, tomasz, True, "A court order: nothing about the children."
    )
    with demo_vault.unit_of_work() as session:
        sent = session.scalars(
            select(MeetingRecipient)
            .where(MeetingRecipient.meeting_id == final)
            .order_by(MeetingRecipient.position.desc())
        ).first()
        assert sent is not None
        sent.summary_sent_on = date.today()
    record = reader_record(demo_vault, reference)
    assert sum(not item[5] for meeting in record[1::2] for item in meeting) >= len(ItemKind)

    path = write_case_file(demo_vault, reference, tmp_path / "nowak.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    marks = document["copy_marks"]
    kept_from = [(m["kind"], [w["person_name"] for w in m["withheld_from"]]) for m in marks]
    names = {tomasz: "Tomasz Kowalczyk", maja: "Maja Nowak"}
    for kind in first:  # the demo's own marks are there too
        assert (kind.value, [names[p] for p in withheld.get(kind, ())]) in kept_from
    assert all(m["meeting"] in ("m1", "m2") for m in marks if m["kind"] != "task")
    assert '"item_key"' not in path.read_text(encoding="utf-8")  # no vault ids in the file
    (marked,) = [p for p in document["people"] if p["no_information"]]
    assert marked["name"] == "Tomasz Kowalczyk" and marked["no_information_reason"]
    final_list = document["meetings"][0]["distribution"]
    assert final_list[-1]["copy_kind"] == "agency" and final_list[-1]["summary_sent_on"]
    assert all(r["copy_kind"] == "none" for r in final_list if r["person"] == marked["key"])
    assert document["meetings"][1]["distribution"] == []
    assert {"marac", "adult_services"} <= {t["procedure"] for t in document["tasks"]}

    assert import_case(other, path) == reference

    assert reader_record(other, reference) == record
    assert stable(export_case(other, reference)) == stable(document)
    procedures = select(Task.procedure).join(Case).where(Case.reference == reference)
    with demo_vault.unit_of_work() as one, other.unit_of_work() as two:
        assert sorted(map(str, one.scalars(procedures))) == sorted(
            map(str, two.scalars(procedures))
        )
    other_final, _ = meeting_ids(other, reference)
    with pytest.raises(InvalidInput, match="must not receive information"):
        copies.find_reader(other, other_final, "Tomasz Kowalczyk")


def test_a_file_from_before_copies_for_readers_still_imports(
    other: Vault, good_document: dict[str, Any], tmp_path: Path
) -> None:
    """No marks, no distribution lists, nobody marked, tasks without a procedure."""
    del good_document["copy_marks"]
    for person in good_document["people"]:
        del person["no_information"], person["no_information_reason"]
    for meeting in good_document["meetings"]:
        del meeting["distribution"]
    for task in good_document["tasks"]:
        del task["procedure"]
    path = write_json(tmp_path / "older.json", good_document)

    assert import_case(other, path) == "TAC-2026-0102"

    document = export_case(other, "TAC-2026-0102")
    assert document["copy_marks"] == []
    assert not any(p["no_information"] for p in document["people"])
    assert all(m["distribution"] == [] for m in document["meetings"])
    assert all(t["procedure"] is None for t in document["tasks"])


def _a_mark(**changes: Any) -> dict[str, Any]:
    """A sound mark for the Nowak family's file (TAC-2026-0102), changed as asked."""
    mark: dict[str, Any] = {
        "kind": "decision",
        "meeting": "m1",
        "section": None,
        "person": None,
        "question_key": None,
        "position": 0,
        "audience": "professionals",
        "reason": "The school asked for this to stay with professionals.",
        "marked_by": "Jordan Ellery",
        "marked_at": "2026-03-01T10:00:00Z",
        "withheld_from": [{"person": "p4", "person_name": "Tomasz Kowalczyk"}],
    }
    mark.update(changes)
    return mark


def _marks(*marks: dict[str, Any]) -> Mutation:
    def mutate(document: dict[str, Any]) -> dict[str, Any]:
        document["copy_marks"] = list(marks)
        return document

    return mutate


def _recipient(meeting: int = 0, **changes: Any) -> Mutation:
    def mutate(document: dict[str, Any]) -> dict[str, Any]:
        row = {
            "name": "Agnieszka Nowak",
            "role": "mother",
            "agency": "",
            "person": "p3",
            "professional": None,
            "copy_kind": "family",
            "delivery": "by_hand",
            "email": "",
            "summary_sent_on": None,
            "minutes_sent_on": None,
        }
        document["meetings"][meeting]["distribution"] = [row | changes]
        return document

    return mutate


def _marked_person(reason: str = "A court order.") -> Mutation:
    def mutate(document: dict[str, Any]) -> dict[str, Any]:
        document["people"][2].update(no_information=True, no_information_reason=reason)
        return document

    return mutate


BROKEN_COPIES: list[tuple[str, Mutation, str]] = [
    (
        "mark on an unknown meeting",
        _marks(_a_mark(meeting="m9")),
        "copy_marks[0].meeting: m9 is not the id of a meeting",
    ),
    (
        "mark kept from an unknown person",
        _marks(_a_mark(withheld_from=[{"person": "p9", "person_name": "Kit Invented"}])),
        "copy_marks[0].withheld_from[0].person: p9 is not the key of anyone in people",
    ),
    (
        "mark on an answer about an unknown person",
        _marks(
            _a_mark(kind="consideration", position=None, person="p9", question_key="young_carer")
        ),
        "copy_marks[0].person: p9 is not the key of anyone in people",
    ),
    (
        "mark on an answer never given",
        _marks(
            _a_mark(kind="consideration", position=None, person="p1", question_key="young_carer")
        ),
        "copy_marks[0].question_key: meeting m1 has no answer to young_carer about p1",
    ),
    (
        "mark on a decision not made",
        _marks(_a_mark(position=5)),
        "copy_marks[0].position: meeting m1 has no decisions[5]",
    ),
    (
        "mark on a task not in the file",
        _marks(_a_mark(kind="task", meeting=None, position=60)),
        "copy_marks[0].position: there is no tasks[60]",
    ),
    (
        "mark on a section not in the meeting",
        _marks(_a_mark(kind="section", position=None, section="no_such_section")),
        "copy_marks[0].section: meeting m1 has no section no_such_section",
    ),
    (
        "task mark naming a meeting",
        _marks(_a_mark(kind="task")),
        "copy_marks[0]: meeting should be null for a mark on a task",
    ),
    (
        "section mark without its section",
        _marks(_a_mark(kind="section", position=None)),
        "section: a mark on a section's notes names it, but it is null",
    ),
    (
        "negative position",
        _marks(_a_mark(position=-1)),
        "position: -1 is not a place in a list",
    ),
    (
        "one item marked twice",
        _marks(_a_mark(), _a_mark(audience="everyone")),
        "copy_marks[1]: marks the same item as copy_marks[0]",
    ),
    (
        "someone named twice",
        _marks(_a_mark(withheld_from=[{"person": "p4", "person_name": "T"}] * 2)),
        "withheld_from[1].person: p4 is named twice",
    ),
    (
        "mark without a reason",
        _marks(_a_mark(reason=" \n ")),
        "copy_marks[0].reason: cannot be empty",
    ),
    (
        "a name too long",
        _marks(_a_mark(withheld_from=[{"person": "p4", "person_name": "T" * 201}])),
        "copy_marks[0].withheld_from[0].person_name: is too long (at most 200 characters)",
    ),
    (
        "an unknown audience",
        _marks(_a_mark(audience="family")),
        "copy_marks[0].audience: family is not one of 'everyone', 'named' or 'professionals'",
    ),
    (
        "marked without a reason",
        _marked_person(" "),
        "people[2]: no_information_reason: say why this person must not receive information",
    ),
    (
        "a reason without the mark",
        _set("people.2.no_information_reason", "Just in case."),
        "no_information_reason should be empty: no_information is false",
    ),
    (
        "a copy for someone marked",
        lambda d: _recipient()(_marked_person()(d)),
        "meetings[0].distribution[0].copy_kind: p3 must not receive information about others",
    ),
    (
        "a full copy for a family member",
        _recipient(copy_kind="full"),
        "copy_kind: a member of the family gets a family copy or none, not full",
    ),
    (
        "a distribution list on a draft",
        _recipient(meeting=1),
        "meetings[1]: a draft has no distribution list",
    ),
    (
        "a recipient not in people",
        _recipient(person="p9"),
        "meetings[0].distribution[0].person: p9 is not the key of anyone in people",
    ),
    (
        "secure email without an address",
        _recipient(person=None, copy_kind="full", delivery="secure_email"),
        "email: the copy goes by secure email, but no address is given",
    ),
    (
        "an address that is not one",
        _recipient(person=None, copy_kind="full", email="nowak at home"),
        "email: nowak at home does not look like an email address",
    ),
    (
        "an agency's copy for no agency",
        _recipient(person=None, copy_kind="agency"),
        "agency: say which agency the agency's copy is for",
    ),
    (
        "sent before the meeting",
        _recipient(summary_sent_on="2000-01-01"),
        "distribution[0].summary_sent_on 2000-01-01 is before the meeting",
    ),
    (
        "an unknown procedure",
        _task(procedure="sometimes"),
        "tasks[0].procedure: sometimes is not one of",
    ),
]


@pytest.mark.parametrize(
    ("mutation", "expected"),
    [pytest.param(m, e, id=name) for name, m, e in BROKEN_COPIES],
)
def test_a_broken_mark_or_distribution_list_is_refused_plainly(
    demo_vault: Vault,
    good_document: dict[str, Any],
    tmp_path: Path,
    mutation: Mutation,
    expected: str,
) -> None:
    path = write_json(tmp_path / "tampered.json", mutation(copy.deepcopy(good_document)))
    message = _refused_without_change(demo_vault, path, expected)
    assert message.startswith("tampered.json cannot be imported because it has mistakes")
    assert message.endswith("Nothing was imported.")


def test_a_hand_written_mark_and_list_import(
    other: Vault, good_document: dict[str, Any], tmp_path: Path
) -> None:
    """The same sound mark and list the refusals above start from, imported."""
    document = _marks(_a_mark(reason="  The school asked.\x00 "))(good_document)
    document = _recipient(copy_kind="none", delivery="post", name="  Agnieszka Nowak\t")(document)
    path = write_json(tmp_path / "by hand.json", document)

    reference = import_case(other, path)

    final, _ = meeting_ids(other, reference)
    (decision,) = [i for i in copies.marked_items(other, final) if i.kind is ItemKind.DECISION]
    assert decision.audience_words == "Professionals only; not for Tomasz Kowalczyk"
    assert decision.access.reason == "  The school asked. "  # NUL dropped, as typed
    (row,) = distribution.distribution(other, final).recipients
    assert (row.name, row.copy, row.delivery) == ("Agnieszka Nowak", CopyKind.NONE, Delivery.POST)


# -- the documentation and the schema -------------------------------------------------


def test_the_documented_example_imports(other: Vault, tmp_path: Path) -> None:
    text = (REPO / "docs" / "case-file-format.md").read_text(encoding="utf-8")
    example = re.search(r"```json\n(.*?)```", text, re.DOTALL)
    assert example is not None
    path = tmp_path / "example.json"
    path.write_text(example.group(1), encoding="utf-8")

    reference = import_case(other, path)

    document = export_case(other, reference)
    assert stable(document) == stable(json.loads(example.group(1)))


def test_the_published_schema_matches_the_models() -> None:
    published = json.loads(
        resource("schemas", "tac-case-v1.schema.json").read_text(encoding="utf-8")
    )
    assert published == transfer.json_schema()


def test_every_documented_field_is_a_field_of_the_format() -> None:
    text = (REPO / "docs" / "case-file-format.md").read_text(encoding="utf-8")
    for model in (
        CaseFile,
        transfer.CaseInfo,
        transfer.PersonItem,
        transfer.AgencyItem,
        transfer.ProfessionalItem,
        transfer.ExportedBy,
        transfer.MeetingItem,
        transfer.SectionItem,
        transfer.AttendanceItem,
        transfer.ProfessionalRef,
        transfer.ConsiderationItem,
        transfer.ScoreItem,
        transfer.DifferingViewItem,
        transfer.EarlyReviewItem,
        transfer.AmendmentItem,
        transfer.TaskItem,
        transfer.TaskUpdateItem,
        transfer.TaskChallengeItem,
        transfer.SafetyPlanItem,
        transfer.PlanVersionItem,
        transfer.PlanSendItem,
        transfer.PlanSectionsItem,
        transfer.PlanContactItem,
        transfer.PlanWorryItem,
        transfer.PlanRuleItem,
        transfer.PlanViewItem,
        transfer.ConsentItem,
        transfer.OverrideItem,
        transfer.SharingLogItem,
        transfer.CopyMarkItem,
        transfer.WithheldItem,
        transfer.RecipientItem,
    ):
        for name in model.model_fields:
            assert f"`{name}`" in text, f"{model.__name__}.{name} is not documented"


# -- the command line -----------------------------------------------------------------


def _cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TAC_VAULT_PASSPHRASE": PASSPHRASE}
    result = subprocess.run(
        [sys.executable, "-m", "tac_desktop", *map(str, args)],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout
    return result


@pytest.mark.slow
def test_command_line_round_trip(tmp_path: Path, fast_kdf: KdfParams) -> None:
    from tac_desktop.core.demo import create_demo_vault

    source = tmp_path / "source.tacvault"
    target = tmp_path / "target.tacvault"
    create_demo_vault(source, PASSPHRASE, fast_kdf).close()
    Vault.create(target, PASSPHRASE, CHAIR, fast_kdf).close()
    exported = tmp_path / "Nowak handover.json"

    done = _cli("export", "case", source, "TAC-2026-0102", "-o", exported, "--plain")
    assert done.returncode == 0, done.stderr
    assert "TAC-2026-0102" in done.stdout
    assert read_case_file(exported).people[0].name == "Łukasz Nowak"

    again = _cli("export", "case", source, "TAC-2026-0102", "-o", exported, "--plain")
    assert again.returncode == 1
    assert "already a file" in again.stderr and "--force" in again.stderr
    forced = _cli("export", "case", source, "TAC-2026-0102", "-o", exported, "--force", "--plain")
    assert forced.returncode == 0, forced.stderr

    imported = _cli("import", "case", target, exported, "--plain")
    assert imported.returncode == 0, imported.stderr
    assert "Imported case TAC-2026-0102" in imported.stdout

    clash = _cli("import", "case", target, exported, "--plain")
    assert clash.returncode == 1
    assert "--new-reference" in clash.stderr

    renamed = _cli(
        "import", "case", target, exported, "--new-reference", "TAC-2026-0777", "--plain"
    )
    assert renamed.returncode == 0, renamed.stderr

    listed = _cli("cases", target)
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == [
        "TAC-2026-0102",
        "TAC-2026-0777",
    ]

    back = tmp_path / "back.json"
    assert _cli("export", "case", target, "TAC-2026-0102", "-o", back, "--plain").returncode == 0
    assert stable(json.loads(back.read_text(encoding="utf-8"))) == stable(
        json.loads(exported.read_text(encoding="utf-8"))
    )

    broken = tmp_path / "picture.json"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(16))
    refused = _cli("import", "case", target, broken, "--plain")
    assert refused.returncode == 1
    assert "picture.json is not a TAC Desktop case file" in refused.stderr

    unknown = _cli("export", "case", source, "TAC-0000", "-o", tmp_path / "none.json")
    assert unknown.returncode == 1
    assert "no case with the reference" in unknown.stderr
    assert not (tmp_path / "none.json").exists()

    assert _cli("export", source).returncode == 2  # no WHAT: a usage error


@pytest.mark.slow
def test_command_line_checks_the_file_before_asking_for_the_passphrase(
    tmp_path: Path,
) -> None:
    broken = tmp_path / "list.json"
    broken.write_text("[]", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "TAC_VAULT_PASSPHRASE"}
    result = subprocess.run(
        [sys.executable, "-m", "tac_desktop", "import", "case", str(tmp_path / "v"), str(broken)],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert result.returncode == 1
    assert "holds a list" in result.stderr
    assert "Traceback" not in result.stderr


def test_errors_are_plain_tac_errors() -> None:
    assert issubclass(ReferenceTaken, TacError)
