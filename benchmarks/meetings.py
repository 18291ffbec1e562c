"""Area "meetings": saving notes keystroke by keystroke, and opening a meeting of a big
family."""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

from tac_desktop.core.vault import KdfParams, Vault

from common import CHAIR, PASSPHRASE, Row, Section, Target, median, progress

# -- issue "meetings" -------------------------------------------------------------------

MEETING_KEYSTROKES_FULL = 400
MEETING_KEYSTROKES_QUICK = 120


def _big_family(vault: Vault, held: date) -> tuple[int, int]:
    """A case of 12 people with 10 finalised meetings, and today's draft."""
    from tac_desktop.core.models import AttendanceMode
    from tac_desktop.core.practice.think_family import Answer
    from tac_desktop.core.services import cases, meetings
    from tac_desktop.core.services.cases import CaseDraft, PersonDraft, ProfessionalDraft

    case_id = cases.create_case(
        vault,
        CaseDraft(
            "BIG-1", PersonDraft("Benchmark Child", date_of_birth=held - timedelta(days=4000))
        ),
    )
    for number in range(11):
        adult = number % 2 == 0
        cases.add_person(
            vault,
            case_id,
            PersonDraft(
                f"Relative {number} Benchmark",
                date_of_birth=held - timedelta(days=(12_000 if adult else 2_500) + number),
                relationship_to_subject="relative",
                parental_responsibility=number < 2,
                significant_contact=adult,
            ),
        )
    for number in range(4):
        cases.add_professional(
            vault,
            case_id,
            ProfessionalDraft(f"Worker {number}", f"Agency {number}"),
            is_lead=number == 0,
        )
    no = meetings.ConsiderationAnswer(Answer.NO, "Checked with the family; nothing found.")
    for number in range(10):
        day = held - timedelta(weeks=6 * (10 - number))
        meeting_id = meetings.create_meeting(
            vault, case_id, meetings.MeetingDraft("tac_review", day)
        )
        view = meetings.get_meeting(vault, meeting_id)
        for attendee in view.attendees:
            meetings.record_attendance(vault, attendee.id, AttendanceMode.PRESENT)
        for section in view.sections:
            meetings.save_notes(
                vault, meeting_id, section.key, "Notes typed during the meeting. " * 40
            )
        for item in view.considerations:
            assert item.person_id is not None
            meetings.answer_consideration(vault, meeting_id, item.person_id, item.question_key, no)
        meetings.set_next_review(vault, meeting_id, day + timedelta(weeks=6))
        meetings.finalise(vault, meeting_id)
    draft = meetings.create_meeting(vault, case_id, meetings.MeetingDraft("tac_review", held))
    return case_id, draft


def bench_meetings(section: Section, work: Path, quick: bool) -> None:
    from tac_desktop.core.services import meetings

    progress("building a case of 12 people with 10 finalised meetings")
    path = work / "meetings.tacvault"
    held = date.today()
    with Vault.create(path, PASSPHRASE, CHAIR, KdfParams.fast_for_tests()) as vault:
        _, draft = _big_family(vault, held)

        keystrokes = MEETING_KEYSTROKES_QUICK if quick else MEETING_KEYSTROKES_FULL
        progress(f"notes: {keystrokes} keystrokes, each saved and committed")
        text = "Notes so far. " * 200  # a note already ~2,800 characters long
        latencies = []
        for number in range(keystrokes):
            text += "abcdefghij"[number % 10]
            start = time.perf_counter()
            meetings.save_notes(vault, draft, "updates", text)
            latencies.append(time.perf_counter() - start)
        latencies.sort()
        p95 = latencies[int(len(latencies) * 0.95) - 1]
        section.rows.append(
            Row(
                "notes: keystroke to committed, median",
                "ms",
                median(latencies),
                target=Target("max", 0.020),
            )
        )
        section.rows.append(Row("notes: keystroke to committed, p95", "ms", p95))

        progress("opening the draft meeting of that case")
        meetings.get_meeting(vault, draft)  # warm
        opens = []
        for _ in range(10 if quick else 30):
            start = time.perf_counter()
            meetings.get_meeting(vault, draft)
            opens.append(time.perf_counter() - start)
        section.rows.append(
            Row(
                "open a meeting: 12 people, 10 earlier meetings",
                "ms",
                median(opens),
                target=Target("max", 0.100),
            )
        )
        section.notes.append(
            "notes: save_notes with the whole note (as the screen does after each pause), "
            "one unit of work and one WAL commit with synchronous FULL each; the screen "
            "debounces typing, so real commits are fewer. Opening: get_meeting on today's "
            "draft (sections, attendance, the Think Family grid worked out from 12 people)."
        )
