"""Reviews ahead: a 12-month schedule of planned meetings, and calendar invitations.

An invitation travels by email to other agencies' calendars, so it names the case by
its reference and the kind of meeting, never the child or any family member, and gives
the venue only when the chair chooses to. The chair is its organiser; each meeting
keeps one UID, and each sending raises its SEQUENCE, so calendars update the meeting.
"""

from __future__ import annotations

import re
import uuid
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from tac_desktop import APP_NAME, __version__
from tac_desktop.core import files
from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import (
    Attendance,
    Case,
    Chair,
    Meeting,
    MeetingStatus,
    Nation,
    Professional,
)
from tac_desktop.core.practice import agenda
from tac_desktop.core.practice.working_days import add_working_days
from tac_desktop.core.services.meetings import MeetingDraft, create_meeting
from tac_desktop.core.vault import Vault, audit

if TYPE_CHECKING:
    from icalendar import Timezone

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
    nation: Nation = Nation.ENGLAND  # the case's: a suggested date is a working day there

    def suggested_first(self, today: date, interval_weeks: int) -> date:
        """After anything already planned; else the review agreed; else one interval on;
        on a working day of the case's nation."""
        if self.planned_after:
            day = self.planned_after[-1] + timedelta(weeks=interval_weeks)
        elif self.first is not None and self.first >= today:
            day = self.first
        else:
            day = today + timedelta(weeks=interval_weeks)
        return add_working_days(day, 0, self.nation)


def review_start(vault: Vault, case_id: int, today: date | None = None) -> ReviewStart:
    today = today or date.today()
    with vault.unit_of_work() as session:
        case = session.get(Case, case_id)
        if case is None:
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
        return ReviewStart(
            latest.template_id if latest else None, agreed, list(planned), case.nation
        )


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


# -- calendar invitations ---------------------------------------------------------------

LONDON = "Europe/London"
_ADDRESS = re.compile(r"^[^@\s<>\"',;:]+@[^@\s<>\"',;:]+\.[^@\s<>\"',;:]+$")


@dataclass(frozen=True)
class Invitee:
    name: str
    agency: str
    email: str  # "" when there is no usable address: named in the description instead

    @property
    def in_words(self) -> str:
        return f"{self.name} ({self.agency})" if self.agency else self.name


@dataclass(frozen=True)
class InvitationView:
    """What a meeting's calendar invitation holds, for the chair to see before sending."""

    meeting_id: int
    reference: str
    title: str
    held_on: date
    start_time: str  # "HH:MM", or "" for a meeting without a time (an all-day entry)
    venue: str  # left out of the invitation unless the chair chooses to include it
    organiser: str  # the chair's name
    organiser_email: str  # "" until the chair gives it
    invitees: tuple[Invitee, ...]
    uid: str
    sent: int  # invitations already sent for this meeting: the next one's SEQUENCE

    @property
    def summary(self) -> str:
        return f"{self.title} – case {self.reference}"

    @property
    def by_email(self) -> tuple[Invitee, ...]:
        return tuple(i for i in self.invitees if i.email)

    @property
    def without_email(self) -> tuple[Invitee, ...]:
        return tuple(i for i in self.invitees if not i.email)

    def when(self) -> str:
        if not self.start_time:
            return f"{self.held_on:%A %d %B %Y} (no time set: an all-day entry)"
        start = datetime.combine(self.held_on, _clock(self.start_time))
        return f"{start:%A %d %B %Y, %H:%M}–{start + DEFAULT_LENGTH:%H:%M} (UK time)"


@dataclass(frozen=True)
class SavedInvitation:
    path: Path
    sequence: int  # the SEQUENCE the file carries (0 the first time)
    view: InvitationView


def valid_email(value: str, what: str = "The e-mail address") -> str:
    address = value.strip()
    if not _ADDRESS.match(address) or len(address) > 254:
        raise InvalidInput(
            f"{what} {address!r} does not look like an e-mail address (name@example.org)."
            if address
            else f"{what} cannot be empty."
        )
    return address


def chair_email(vault: Vault) -> str:
    """The chair's e-mail address: the organiser of every invitation ("" until given)."""
    with vault.unit_of_work() as session:
        return session.scalars(select(Chair.email).order_by(Chair.id)).first() or ""


def set_chair_email(vault: Vault, email: str) -> str:
    """Remember the chair's (secure) e-mail address, where calendar replies go."""
    address = valid_email(email, "Your e-mail address")
    with vault.unit_of_work() as session:
        chair = session.scalars(select(Chair).order_by(Chair.id)).first()
        if chair is None:
            raise InvalidInput("This vault has no chair recorded, so no organiser can be set.")
        chair.email = address
    return address


def _clock(text: str) -> time:
    hour, minute = (int(part) for part in text.split(":"))
    return time(hour, minute)


def _legacy_uid(reference: str, meeting_id: int) -> str:
    """The UID invitations had before it was kept in the vault: a meeting sent then keeps
    it, so calendars that hold that invitation update it rather than add a second."""
    return f"{uuid.uuid5(uuid.NAMESPACE_URL, f'tac-meeting/{reference}/{meeting_id}')}@tac-desktop"


def _view(session: Session, meeting_id: int) -> tuple[Meeting, InvitationView]:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise InvalidInput("That meeting is no longer in the vault.")
    case = session.get(Case, meeting.case_id)
    assert case is not None
    chair = session.execute(select(Chair.name, Chair.email).order_by(Chair.id)).first()
    guests = session.execute(
        select(Attendance.name, Attendance.agency, Professional.secure_email)
        .join(Professional, Professional.id == Attendance.professional_id)
        .where(Attendance.meeting_id == meeting_id)
        .order_by(Attendance.id)
    ).all()
    invitees = tuple(
        Invitee(name, agency, email.strip() if _ADDRESS.match(email.strip()) else "")
        for name, agency, email in guests
    )
    view = InvitationView(
        meeting_id=meeting.id,
        reference=case.reference,
        title=meeting.title,
        held_on=meeting.held_on,
        start_time=meeting.start_time,
        venue=meeting.venue,
        organiser=(chair.name if chair else "") or meeting.chair_name,
        organiser_email=chair.email if chair else "",
        invitees=invitees,
        uid=meeting.invitation_uid or _legacy_uid(case.reference, meeting.id),
        sent=meeting.invitation_sequence,
    )
    return meeting, view


def invitation_view(vault: Vault, meeting_id: int) -> InvitationView:
    with vault.unit_of_work() as session:
        return _view(session, meeting_id)[1]


def _london() -> Timezone:
    """Europe/London as its rules (BST from the last Sunday of March at 01:00 GMT to the
    last Sunday of October at 01:00 GMT), so it holds for every year, not a list of dates."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("dtstart", datetime(1996, 3, 31, 1, 0))
    summer.add("tzoffsetfrom", timedelta(0))
    summer.add("tzoffsetto", timedelta(hours=1))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("dtstart", datetime(1996, 10, 27, 2, 0))
    winter.add("tzoffsetfrom", timedelta(hours=1))
    winter.add("tzoffsetto", timedelta(0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    zone = Timezone()
    zone.add("tzid", LONDON)
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def invitation_ics(
    view: InvitationView,
    *,
    sequence: int,
    include_location: bool = False,
    stamp: datetime | None = None,
) -> bytes:
    """The iCalendar (.ics) invitation: METHOD:REQUEST from the chair as ORGANIZER, in UK
    time with its VTIMEZONE, the meeting's one UID and this sending's SEQUENCE.

    It names the case by its reference and the kind of meeting, never a family member;
    the venue only when the chair chooses (a family's home says where they live).
    Professionals with no e-mail address are named in the description, not dropped.
    """
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event, vCalAddress, vText

    if not view.organiser_email:
        raise InvalidInput(
            "The invitation needs your e-mail address as its organiser, so that replies "
            "reach you. Give it once and the vault remembers it. Nothing was saved."
        )
    calendar = Calendar()
    calendar.add("prodid", f"-//{APP_NAME}//{__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", view.uid)
    event.add("sequence", sequence)
    event.add("dtstamp", (stamp or datetime.now(UTC)).astimezone(UTC))
    event.add("summary", view.summary)
    if view.start_time:
        calendar.add_component(_london())
        start = datetime.combine(view.held_on, _clock(view.start_time), tzinfo=ZoneInfo(LONDON))
        event.add("dtstart", start)
        event.add("dtend", start + DEFAULT_LENGTH)
    else:
        event.add("dtstart", view.held_on)
        event.add("dtend", view.held_on + timedelta(days=1))
    if include_location and view.venue:
        event.add("location", view.venue)
    organiser = vCalAddress(f"mailto:{view.organiser_email}")
    if view.organiser:
        organiser.params["cn"] = vText(view.organiser)
    event.add("organizer", organiser, encode=False)
    lines = [
        f"{view.title} for case {view.reference}. Details are shared securely by the chair; "
        "this invitation holds no personal information about the family."
    ]
    if view.venue and not include_location:
        lines.append("The chair will tell you where the meeting is.")
    if view.without_email:
        lines.append(
            "Also invited (no e-mail address on record, so the chair tells them another way): "
            + "; ".join(i.in_words for i in view.without_email)
            + "."
        )
    event.add("description", "\n\n".join(lines))
    for invitee in view.by_email:
        attendee = vCalAddress(f"mailto:{invitee.email}")
        attendee.params["cn"] = vText(invitee.name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=False)
    calendar.add_component(event)
    return bytes(calendar.to_ical())


def meeting_invitation(vault: Vault, meeting_id: int, *, include_location: bool = False) -> bytes:
    """The invitation the next sending would carry, without recording it as sent."""
    view = invitation_view(vault, meeting_id)
    return invitation_ics(view, sequence=view.sent, include_location=include_location)


def save_invitation(
    vault: Vault,
    meeting_id: int,
    path: Path | str,
    *,
    include_location: bool = False,
    force: bool = False,
    chair_email: str | None = None,
) -> SavedInvitation:
    """Write the meeting's invitation to ``path`` and count it as sent: the meeting keeps
    its UID, and the next sending carries a higher SEQUENCE, so a calendar that already
    holds the meeting updates it. ``chair_email``, when given, becomes the organiser from
    now on. File, count, address and audit entry go together, or none of them."""
    path = Path(path).expanduser().absolute()
    address = None if chair_email is None else valid_email(chair_email, "Your e-mail address")
    files.check_destination(vault, path, force, "the invitation")
    written = False
    try:
        with vault.unit_of_work() as session:
            if address is not None:
                chair = session.scalars(select(Chair).order_by(Chair.id)).first()
                if chair is not None and chair.email != address:
                    chair.email = address
                    session.flush()
            meeting, view = _view(session, meeting_id)
            payload = invitation_ics(view, sequence=view.sent, include_location=include_location)
            meeting.invitation_uid = view.uid
            meeting.invitation_sequence = view.sent + 1
            audit.record_event(
                session,
                "invitation saved",
                entity="meeting",
                detail={
                    "meeting": meeting_id,
                    "sequence": view.sent,
                    "location": include_location and bool(view.venue),
                    "file": path.name,
                },
            )
            session.flush()
            files.write_atomically(path, payload, force, "the invitation")
            written = True
    except BaseException:
        if written:
            with suppress(OSError):
                path.unlink()
        raise
    return SavedInvitation(path, view.sent, view)


def invitation_file_name(reference: str, held_on: date) -> str:
    """The case reference and date, never a name; safe on every file system."""
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in reference)
    return f"{safe or 'case'}_meeting_{held_on.isoformat()}.ics"
