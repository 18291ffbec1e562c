"""Reviews ahead: the 12-month schedule and calendar invitations read back."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from tac_desktop.core.errors import DestinationExists, InvalidInput
from tac_desktop.core.models import Nation, Sector
from tac_desktop.core.services import cases, meetings, schedule
from tac_desktop.core.services.cases import CaseDraft, PersonDraft, ProfessionalDraft
from tac_desktop.core.services.meetings import MeetingDraft
from tac_desktop.core.vault import Vault
from tests.conftest import CHAIR
from tests.core.helpers import audit_rows


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


ORGANISER = "chair.testorganiser@hub.example"


def _invited_meeting(
    vault: Vault,
    held_on: date,
    start_time: str = "14:30",
    venue: str = "Family home",
    reference: str = "S-2",
) -> int:
    """A case with a child, two professionals (one without an e-mail address) and a
    meeting; the chair's address set as the organiser."""
    case_id = cases.create_case(
        vault, CaseDraft(reference, PersonDraft("Zoë Testsecret", date_of_birth=date(2014, 1, 1)))
    )
    cases.add_person(
        vault, case_id, PersonDraft("Morwenna Testsecret", relationship_to_subject="mother")
    )
    cases.add_professional(
        vault,
        case_id,
        ProfessionalDraft(
            "Kim Testteacher", "Bryn School", Sector.EDUCATION, secure_email="kim@school.example"
        ),
    )
    cases.add_professional(
        vault, case_id, ProfessionalDraft("Dr Ade Testgp", "Hill Surgery", Sector.HEALTH)
    )
    schedule.set_chair_email(vault, ORGANISER)
    return meetings.create_meeting(
        vault, case_id, MeetingDraft("tac_review", held_on, start_time, venue)
    )


def _unfolded(data: bytes) -> str:
    return data.decode("utf-8").replace("\r\n ", "")


def test_an_invitation_parses_back_and_names_no_family_member(vault: Vault) -> None:
    meeting_id = _invited_meeting(vault, date(2026, 12, 2), venue="Room 2 <Hub> & Café")
    data = schedule.meeting_invitation(vault, meeting_id)
    for secret in (b"Testsecret", "Zoë".encode(), b"Morwenna"):
        assert secret not in data
    calendar = Calendar.from_ical(data)
    assert str(calendar["method"]) == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == "TAC review – case S-2"
    assert event.decoded("dtstart").isoformat() == "2026-12-02T14:30:00+00:00"
    assert event["dtstart"].params["TZID"] == "Europe/London"
    assert "location" not in event  # off unless the chair chooses it
    assert "will tell you where" in str(event["description"])
    organizer = event["organizer"]
    assert str(organizer) == f"mailto:{ORGANISER}"
    assert str(organizer.params["CN"]) == CHAIR.name
    attendees = event.get("attendee")
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert [str(a) for a in attendees] == ["mailto:kim@school.example"]
    # The professional with no address is named, not dropped.
    assert "Dr Ade Testgp (Hill Surgery)" in str(event["description"])

    with_venue = Calendar.from_ical(
        schedule.meeting_invitation(vault, meeting_id, include_location=True)
    )
    [event] = with_venue.walk("VEVENT")
    assert str(event["location"]) == "Room 2 <Hub> & Café"
    assert "will tell you where" not in str(event["description"])


def _utc(value: object) -> datetime:
    assert isinstance(value, datetime) and value.tzinfo is not None, value
    return value.astimezone(UTC)


@pytest.mark.parametrize(
    ("held_on", "utc_start"),
    [
        (date(2026, 7, 15), datetime(2026, 7, 15, 13, 30, tzinfo=UTC)),  # BST: UTC+1
        (date(2026, 12, 2), datetime(2026, 12, 2, 14, 30, tzinfo=UTC)),  # GMT
        (date(2031, 3, 31), datetime(2031, 3, 31, 13, 30, tzinfo=UTC)),  # the day after BST began
    ],
)
def test_three_calendar_libraries_read_the_same_time_and_organiser(
    vault: Vault, held_on: date, utc_start: datetime
) -> None:
    """A summer meeting must not be an hour out: the times carry TZID Europe/London and
    the file holds that zone's VTIMEZONE (its rules, so any year is right)."""
    import ics
    import vobject

    meeting_id = _invited_meeting(vault, held_on)
    data = schedule.meeting_invitation(vault, meeting_id)
    text = _unfolded(data)
    assert "BEGIN:VTIMEZONE" in text and "TZID:Europe/London" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text
    assert f"DTSTART;TZID=Europe/London:{held_on:%Y%m%d}T143000" in text

    [event] = Calendar.from_ical(data).walk("VEVENT")
    assert _utc(event.decoded("dtstart")) == utc_start
    assert _utc(event.decoded("dtend")) == utc_start + timedelta(hours=1, minutes=30)
    assert str(event["organizer"]) == f"mailto:{ORGANISER}"

    parsed = vobject.readOne(data.decode("utf-8"))
    assert _utc(parsed.vevent.dtstart.value) == utc_start
    assert parsed.vevent.organizer.value == f"mailto:{ORGANISER}"
    assert parsed.vevent.organizer.params["CN"] == [CHAIR.name]
    assert parsed.vtimezone.tzid.value == "Europe/London"

    [read] = ics.Calendar(data.decode("utf-8")).events
    assert _utc(read.begin.datetime) == utc_start
    assert read.organizer is not None
    assert read.organizer.email == ORGANISER
    assert read.organizer.common_name == CHAIR.name
    assert [a.email for a in read.attendees] == ["kim@school.example"]


def test_a_meeting_without_a_time_is_an_all_day_entry(vault: Vault) -> None:
    import vobject

    meeting_id = _invited_meeting(vault, date(2026, 7, 15), start_time="")
    data = schedule.meeting_invitation(vault, meeting_id)
    assert b"VTIMEZONE" not in data
    [event] = Calendar.from_ical(data).walk("VEVENT")
    assert event.decoded("dtstart") == date(2026, 7, 15)
    assert vobject.readOne(data.decode("utf-8")).vevent.dtstart.value == date(2026, 7, 15)


def test_sending_again_keeps_the_uid_and_raises_the_sequence(vault: Vault, tmp_path: Path) -> None:
    meeting_id = _invited_meeting(vault, date(2026, 7, 15))
    # A meeting sent before the vault kept UIDs keeps the UID it was sent with.
    legacy = f"{uuid.uuid5(uuid.NAMESPACE_URL, f'tac-meeting/S-2/{meeting_id}')}@tac-desktop"
    events = []
    for number in range(3):
        saved = schedule.save_invitation(vault, meeting_id, tmp_path / f"invite-{number}.ics")
        assert saved.sequence == number
        [event] = Calendar.from_ical(saved.path.read_bytes()).walk("VEVENT")
        events.append(event)
    assert {str(e["uid"]) for e in events} == {legacy}
    assert [int(e["sequence"]) for e in events] == [0, 1, 2]
    assert schedule.invitation_view(vault, meeting_id).sent == 3
    logged = [row for row in audit_rows(vault) if row[1] == "invitation saved"]
    assert len(logged) == 3
    assert "Family home" not in str(logged)  # the file name and the count, no venue

    # A file that cannot be written counts nothing and changes nothing.
    existing = tmp_path / "invite-0.ics"
    before = existing.read_bytes()
    with pytest.raises(DestinationExists):
        schedule.save_invitation(vault, meeting_id, existing)
    assert existing.read_bytes() == before
    assert schedule.invitation_view(vault, meeting_id).sent == 3
    replaced = schedule.save_invitation(vault, meeting_id, existing, force=True)
    assert replaced.sequence == 3


def test_the_organiser_is_needed_and_checked(vault: Vault, tmp_path: Path) -> None:
    case_id = cases.create_case(vault, CaseDraft("S-4", PersonDraft("Child Testorganiser")))
    meeting_id = meetings.create_meeting(
        vault, case_id, MeetingDraft("tac_review", date(2026, 7, 15), "10:00")
    )
    assert schedule.chair_email(vault) == ""
    with pytest.raises(InvalidInput, match="e-mail address as its organiser"):
        schedule.meeting_invitation(vault, meeting_id)
    target = tmp_path / "invite.ics"
    with pytest.raises(InvalidInput, match="does not look like an e-mail address"):
        schedule.save_invitation(vault, meeting_id, target, chair_email="not an address")
    with pytest.raises(InvalidInput, match="organiser"):
        schedule.save_invitation(vault, meeting_id, target)
    assert not target.exists()
    assert schedule.invitation_view(vault, meeting_id).sent == 0
    saved = schedule.save_invitation(vault, meeting_id, target, chair_email=" me@hub.example ")
    assert saved.view.organiser_email == "me@hub.example"
    assert schedule.chair_email(vault) == "me@hub.example"  # remembered
