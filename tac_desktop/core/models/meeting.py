"""A meeting on a case: its agenda sections, attendance, Think Family answers and more.

Names of people and professionals are copied into the meeting's own rows (``*_name``):
a finalised meeting is a record of what was said, and stays whole if someone is later
removed from the case (the link then becomes empty, the name stays).
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tac_desktop.core.models.base import Audited, Base, Timestamped
from tac_desktop.core.models.case import enum_column


class MeetingStatus(enum.Enum):
    DRAFT = "draft"
    FINALISED = "finalised"


class AttendanceMode(enum.Enum):
    INVITED = "invited"  # not yet recorded
    PRESENT = "present"
    REMOTE = "remote"
    WRITTEN_REPORT = "written_report"
    REPRESENTED = "represented"
    APOLOGIES = "apologies"
    DID_NOT_ATTEND = "did_not_attend"

    @property
    def label(self) -> str:
        return {
            "invited": "Not recorded yet",
            "present": "Present",
            "remote": "Joined by phone or video",
            "written_report": "Sent a written report",
            "represented": "Represented by another professional",
            "apologies": "Apologies",
            "did_not_attend": "Did not attend",
        }[self.value]


class Meeting(Audited, Timestamped, Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    template_id: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(200))
    about: Mapped[str] = mapped_column(String(10), default="child")  # the subject then
    held_on: Mapped[date]
    start_time: Mapped[str] = mapped_column(String(5), default="")  # "HH:MM"
    venue: Mapped[str] = mapped_column(String(200), default="")
    chair_name: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column(MeetingStatus), default=MeetingStatus.DRAFT
    )
    next_review_on: Mapped[date | None]
    finalised_at: Mapped[datetime | None]
    decision_summary_due: Mapped[date | None]
    minutes_due: Mapped[date | None]
    # When the chair sent them: until then they show as due, then overdue.
    decision_summary_sent_on: Mapped[date | None]
    minutes_sent_on: Mapped[date | None]
    # Calendar invitations: one UID for the meeting whenever it is sent, and how many
    # have been sent (the next one's SEQUENCE), so calendars update rather than add.
    invitation_uid: Mapped[str] = mapped_column(String(100), default="", server_default="")
    invitation_sequence: Mapped[int] = mapped_column(default=0, server_default="0")

    sections: Mapped[list[MeetingSection]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="MeetingSection.position"
    )
    attendees: Mapped[list[Attendance]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Attendance.id"
    )
    considerations: Mapped[list[Consideration]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Consideration.id"
    )
    scores: Mapped[list[ScalingScore]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="ScalingScore.id"
    )
    differing_views: Mapped[list[DifferingView]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="DifferingView.id"
    )
    early_reviews: Mapped[list[EarlyReviewRequest]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="EarlyReviewRequest.id"
    )
    amendments: Mapped[list[Amendment]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Amendment.id"
    )
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Decision.id"
    )
    # The family as it stood when the meeting was finalised (the minutes open with it).
    family: Mapped[list[MeetingFamilyMember]] = relationship(
        back_populates="meeting",
        cascade="all, delete-orphan",
        order_by="MeetingFamilyMember.position",
    )


class MeetingSection(Audited, Timestamped, Base):
    """One agenda section as it was run: the template's words are copied in."""

    __tablename__ = "meeting_sections"
    __table_args__ = (UniqueConstraint("meeting_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(60))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    prompt: Mapped[str] = mapped_column(Text, default="")
    parts: Mapped[str] = mapped_column(String(300), default="notes")  # comma-separated
    notes: Mapped[str] = mapped_column(Text, default="")
    marked_complete: Mapped[bool] = mapped_column(default=False)
    # Need-to-know: an agency's copy of the minutes leaves this section's notes out.
    restricted: Mapped[bool] = mapped_column(default=False, server_default="0")

    meeting: Mapped[Meeting] = relationship(back_populates="sections")


class Attendance(Audited, Timestamped, Base):
    __tablename__ = "attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    professional_id: Mapped[int | None] = mapped_column(
        ForeignKey("professionals.id", ondelete="SET NULL")
    )
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")  # "mother", "School nurse"
    agency: Mapped[str] = mapped_column(String(200), default="")
    mode: Mapped[AttendanceMode] = mapped_column(
        enum_column(AttendanceMode), default=AttendanceMode.INVITED
    )
    represented_by: Mapped[str] = mapped_column(String(200), default="")
    report_text: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="attendees")


class Consideration(Audited, Timestamped, Base):
    """One Think Family question answered for one person in one meeting."""

    __tablename__ = "considerations"
    __table_args__ = (UniqueConstraint("meeting_id", "person_id", "question_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    person_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(40))  # think_family.Role value
    question_key: Mapped[str] = mapped_column(String(60))
    question_text: Mapped[str] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(String(20))  # think_family.Answer value
    reason: Mapped[str] = mapped_column(Text, default="")
    follow_up: Mapped[str | None] = mapped_column(String(20))  # think_family.FollowUp value
    procedure: Mapped[str | None] = mapped_column(String(40))  # think_family.Procedure value
    follow_up_detail: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date | None]
    referral_confirmed: Mapped[bool] = mapped_column(default=False)
    # Who does the action or referral (think_family.ActorKind value): a professional or
    # an agency on the case, or the chair; their name and agency kept as chosen.
    actor_kind: Mapped[str | None] = mapped_column(String(20))
    actor_professional_id: Mapped[int | None] = mapped_column(
        ForeignKey("professionals.id", ondelete="SET NULL")
    )
    actor_agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("agencies.id", ondelete="SET NULL")
    )
    actor_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    actor_agency: Mapped[str] = mapped_column(String(200), default="", server_default="")

    meeting: Mapped[Meeting] = relationship(back_populates="considerations")


class ScalingScore(Audited, Timestamped, Base):
    __tablename__ = "scaling_scores"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    participant: Mapped[str] = mapped_column(String(200))
    score: Mapped[int]
    comment: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="scores")


class DifferingView(Audited, Timestamped, Base):
    __tablename__ = "differing_views"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    topic: Mapped[str] = mapped_column(Text)
    views: Mapped[str] = mapped_column(Text)  # who holds which view
    resolution: Mapped[str] = mapped_column(Text, default="")
    escalated_to: Mapped[str] = mapped_column(String(200), default="")

    meeting: Mapped[Meeting] = relationship(back_populates="differing_views")


class Decision(Audited, Timestamped, Base):
    """What the meeting decided; anyone who disagreed is recorded with it, not smoothed over."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)

    meeting: Mapped[Meeting] = relationship(back_populates="decisions")
    dissents: Mapped[list[Dissent]] = relationship(
        back_populates="decision", cascade="all, delete-orphan", order_by="Dissent.id"
    )


class Dissent(Audited, Timestamped, Base):
    __tablename__ = "dissents"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    who: Mapped[str] = mapped_column(String(200))  # a person or an agency
    reason: Mapped[str] = mapped_column(Text)

    decision: Mapped[Decision] = relationship(back_populates="dissents")


class EarlyReviewRequest(Audited, Timestamped, Base):
    __tablename__ = "early_review_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    requested_by: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="early_reviews")


class Amendment(Audited, Timestamped, Base):
    """A dated, attributed correction to a finalised meeting; the original stays."""

    __tablename__ = "amendments"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    made_at: Mapped[datetime]
    author: Mapped[str] = mapped_column(String(200))
    section_key: Mapped[str] = mapped_column(String(60), default="")
    text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)

    meeting: Mapped[Meeting] = relationship(back_populates="amendments")


class MeetingFamilyMember(Audited, Timestamped, Base):
    """One person of the family as recorded at a finalised meeting: kept so the minutes
    read the same when someone later moves out, gains parental responsibility or leaves
    the case."""

    __tablename__ = "meeting_family"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(420))  # as the family uses it: "Zoë (Zo)"
    relationship_to_subject: Mapped[str] = mapped_column(String(100), default="")
    is_subject: Mapped[bool] = mapped_column(default=False)
    is_child: Mapped[bool] = mapped_column(default=False)
    lives_in_household: Mapped[bool] = mapped_column(default=True)
    parental_responsibility: Mapped[bool] = mapped_column(default=False)
    significant_contact: Mapped[bool] = mapped_column(default=False)
    # Marked then as someone who must not receive information about the others.
    no_information: Mapped[bool] = mapped_column(default=False)

    meeting: Mapped[Meeting] = relationship(back_populates="family")
