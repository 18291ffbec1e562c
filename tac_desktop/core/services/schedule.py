"""Reviews ahead: a 12-month schedule of planned meetings, and calendar invitations.

An invitation travels by email to other agencies' calendars, so it names the case by
its reference and the kind of meeting, never the child or any family member.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from tac_desktop import APP_NAME, __version__
from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import (
    Attendance,
    Case,
    Meeting,
    MeetingStatus,
    Nation,
    Professional,
)
from tac_desktop.core.practice import agenda
from tac_desktop.core.practice.working_days import add_working_days
from tac_desktop.core.services.meetings import MeetingDraft, create_meeting
from tac_desktop.core.vault import Vault

DEFAULT_LENGTH = timedelta(hours=1, minutes=30)


def review_dates(first: date, interval_weeks: int, months: int, nation: Nation) -> list[date]:
    """Review dates from ``first`` every ``interval_weeks`` for ``months`` months, each moved
    to a working day of the case's nation."""
    if interval_weeks <= 0:
        raise InvalidInput("This kind of meeting has no usual interval to plan reviews from.")
    end = first + timedelta(days=round(months * 30.44))
    dates: list[date] = []
    day = first
    while day <= end:
        working = add_working_days(day, 0, nation)
        if not dates or working > dates[-1]:
            dates.append(working)
        day += timedelta(weeks=interval_weeks)
    return dates


@dataclass(frozen=True)
class ReviewStart:
    """Where a 12-month plan of reviews naturally starts for a case."""

    template_id: str | None  # the kind of the latest meeting
    first: date | None  # the next review agreed at the latest finalised meeting
    planned_after: list[date]  # draft meetings already in the diary, from today on

    def suggested_first(self, today: date, interval_weeks: int) -> date:
        """After anything already planned; else the review agreed; else one interval on."""
        if self.planned_after:
            return self.planned_after[-1] + timedelta(weeks=interval_weeks)
        if self.first is not None and self.first >= today:
            return self.first
        return today + timedelta(weeks=interval_weeks)


def review_start(vault: Vault, case_id: int, today: date | None = None) -> ReviewStart:
    today = today or date.today()
    with vault.unit_of_work() as session:
        if session.get(Case, case_id) is None:
            raise InvalidInput("That case is no longer in the vault.")
        latest = session.scalars(
            select(Meeting)
            .where(Meeting.case_id == case_id)
            .order_by(Meeting.held_on.desc(), Meeting.id.desc())
        ).first()
        agreed = session.scalars(
            select(Meeting.next_review_on)
            .where(
                Meeting.case_id == case_id,
                Meeting.status == MeetingStatus.FINALISED,
                Meeting.next_review_on.is_not(None),
            )
            .order_by(Meeting.held_on.desc(), Meeting.id.desc())
        ).first()
        planned = session.scalars(
            select(Meeting.held_on)
            .where(
                Meeting.case_id == case_id,
                Meeting.status == MeetingStatus.DRAFT,
                Meeting.held_on >= today,
            )
            .order_by(Meeting.held_on)
        ).all()
        return ReviewStart(latest.template_id if latest else None, agreed, list(planned))


def plan_reviews(
    vault: Vault,
    case_id: int,
    template_id: str,
    first: date,
    months: int = 12,
    start_time: str = "",
    venue: str = "",
) -> list[int]:
    """Planned (draft) review meetings for the coming months; returns their ids."""
    template = agenda.template(template_id)
    with vault.unit_of_work() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise InvalidInput("That case is no longer in the vault.")
        nation = case.nation
    days = review_dates(first, template.review_interval_weeks, months, nation)
    return [
        create_meeting(vault, case_id, MeetingDraft(template_id, day, start_time, venue))
        for day in days
    ]


def meeting_invitation(vault: Vault, meeting_id: int) -> bytes:
    """An iCalendar (.ics) invitation for the meeting's invited professionals."""
    from icalendar import Calendar, Event, vCalAddress, vText

    with vault.unit_of_work() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise InvalidInput("That meeting is no longer in the vault.")
        case = session.get(Case, meeting.case_id)
        assert case is not None
        guests = session.execute(
            select(Attendance.name, Professional.secure_email)
            .join(Professional, Professional.id == Attendance.professional_id)
            .where(Attendance.meeting_id == meeting_id)
        ).all()
        title, held_on, start_text, venue = (
            meeting.title,
            meeting.held_on,
            meeting.start_time,
            meeting.venue,
        )
        reference = case.reference
    calendar = Calendar()
    calendar.add("prodid", f"-//{APP_NAME}//{__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add(
        "uid",
        f"{uuid.uuid5(uuid.NAMESPACE_URL, f'tac-meeting/{reference}/{meeting_id}')}@tac-desktop",
    )
    event.add("dtstamp", datetime.now().astimezone())
    event.add("summary", f"{title} – case {reference}")
    if start_text:
        hour, minute = (int(part) for part in start_text.split(":"))
        start = datetime.combine(held_on, time(hour, minute))
        event.add("dtstart", start)
        event.add("dtend", start + DEFAULT_LENGTH)
    else:
        event.add("dtstart", held_on)
        event.add("dtend", held_on + timedelta(days=1))
    if venue:
        event.add("location", venue)
    event.add(
        "description",
        f"{title} for case {reference}. Details are shared securely "
        "by the chair; this invitation holds no personal information.",
    )
    for name, email in guests:
        if email:
            attendee = vCalAddress(f"mailto:{email}")
            attendee.params["cn"] = vText(name)
            attendee.params["role"] = vText("REQ-PARTICIPANT")
            event.add("attendee", attendee, encode=False)
    calendar.add_component(event)
    return bytes(calendar.to_ical())


def invitation_file_name(reference: str, held_on: date) -> str:
    """The case reference and date, never a name; safe on every file system."""
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in reference)
    return f"{safe or 'case'}_meeting_{held_on.isoformat()}.ics"
