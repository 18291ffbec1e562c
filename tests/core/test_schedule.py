"""Reviews ahead: the 12-month schedule and calendar invitations read back."""

from __future__ import annotations

from datetime import date, timedelta

from icalendar import Calendar

from tac_desktop.core.models import Nation, Sector
from tac_desktop.core.services import cases, meetings, schedule
from tac_desktop.core.services.cases import CaseDraft, PersonDraft, ProfessionalDraft
from tac_desktop.core.services.meetings import MeetingDraft
from tac_desktop.core.vault import Vault


def test_review_dates_land_on_working_days_for_twelve_months() -> None:
    dates = schedule.review_dates(date(2026, 11, 23), 6, 12, Nation.SCOTLAND)
    assert dates[0] == date(2026, 11, 23)
    assert len(dates) == 9  # every six weeks for a year
    assert all(d.weekday() < 5 for d in dates)
    # Six weeks on is Monday 4 January 2027: Scotland's substitute day for 2 January, so
    # the review moves to the 5th there; in England the 4th is a working day.
    assert dates[1] == date(2027, 1, 5)
    assert schedule.review_dates(date(2026, 11, 23), 6, 12, Nation.ENGLAND)[1] == date(2027, 1, 4)


def test_a_plan_starts_from_the_review_agreed_and_sees_drafts_already_planned(
    vault: Vault,
) -> None:
    case_id = cases.create_case(vault, CaseDraft("S-3", PersonDraft("Child Teststart")))
    empty = schedule.review_start(vault, case_id, today=date(2026, 11, 23))
    assert empty == schedule.ReviewStart(None, None, [])
    schedule.plan_reviews(vault, case_id, "tac_review", date(2026, 12, 7), months=3)
    start = schedule.review_start(vault, case_id, today=date(2026, 11, 23))
    assert start.template_id == "tac_review"
    assert start.first is None  # nothing finalised yet, so no review agreed
    assert start.planned_after and start.planned_after[0] == date(2026, 12, 7)
    # A further plan starts one interval after the last meeting already planned.
    last = start.planned_after[-1]
    assert start.suggested_first(date(2026, 11, 23), 12) == last + timedelta(weeks=12)
    agreed = schedule.ReviewStart("tac_review", date(2027, 1, 11), [])
    assert agreed.suggested_first(date(2026, 11, 23), 12) == date(2027, 1, 11)
    assert agreed.suggested_first(date(2027, 2, 1), 12) == date(2027, 4, 26)


def test_invitation_file_names_carry_the_reference_and_date_only() -> None:
    name = schedule.invitation_file_name("TAC-2026-0101", date(2027, 1, 5))
    assert name == "TAC-2026-0101_meeting_2027-01-05.ics"
    assert schedule.invitation_file_name('a/b\\c:<>"é', date(2027, 1, 5)) == (
        "a-b-c-----_meeting_2027-01-05.ics"
    )


def test_planned_reviews_are_draft_meetings(vault: Vault) -> None:
    case_id = cases.create_case(vault, CaseDraft("S-1", PersonDraft("Child Testschedule")))
    ids = schedule.plan_reviews(vault, case_id, "tac_review", date(2026, 12, 25))
    planned = meetings.list_meetings(vault, case_id)
    assert len(planned) == len(ids) == 5  # every 12 weeks for a year
    assert min(m.held_on for m in planned) == date(2026, 12, 29)  # after Christmas, Boxing Day
    assert cases.list_cases(vault, today=date(2026, 12, 1))[0].next_meeting == date(2026, 12, 29)


def test_an_invitation_parses_back_and_names_no_family_member(vault: Vault) -> None:
    case_id = cases.create_case(
        vault, CaseDraft("S-2", PersonDraft("Zoë Testsecret", date_of_birth=date(2014, 1, 1)))
    )
    cases.add_professional(
        vault,
        case_id,
        ProfessionalDraft(
            "Kim Testteacher", "School", Sector.EDUCATION, secure_email="kim@school.example"
        ),
    )
    meeting_id = meetings.create_meeting(
        vault,
        case_id,
        MeetingDraft("tac_review", date(2026, 12, 2), "14:30", "Room 2 <Hub> & Café"),
    )
    data = schedule.meeting_invitation(vault, meeting_id)
    assert b"Testsecret" not in data and "Zoë".encode() not in data
    [event] = Calendar.from_ical(data).walk("VEVENT")
    assert str(event["summary"]) == "TAC review – case S-2"
    assert event.decoded("dtstart").isoformat() == "2026-12-02T14:30:00"
    assert str(event["location"]) == "Room 2 <Hub> & Café"
    attendees = event.get("attendee")
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert [str(a) for a in attendees] == ["mailto:kim@school.example"]
