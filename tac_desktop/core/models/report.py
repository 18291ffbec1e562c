"""Written reports returned by professionals who could not come to a meeting.

The returned PDF itself is kept inside the vault (never as a loose file), with the
field values read from it as JSON. A second return of the same form does not overwrite
the first: the earlier row is marked replaced, so both stay in the vault and the audit.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tac_desktop.core.models.base import Audited, Base, Timestamped


class ReceivedReport(Audited, Timestamped, Base):
    __tablename__ = "received_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    attendance_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendance.id", ondelete="SET NULL")
    )
    professional_id: Mapped[int | None] = mapped_column(
        ForeignKey("professionals.id", ondelete="SET NULL")
    )
    author_name: Mapped[str] = mapped_column(String(200))  # as invited: stays if they leave
    agency: Mapped[str] = mapped_column(String(200), default="")
    received_at: Mapped[datetime]
    file_sha256: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    answers: Mapped[str] = mapped_column(Text)  # JSON: field key -> text, as read
    # Arrived after the meeting was finalised: recorded as an amendment, attendance kept.
    after_finalise: Mapped[bool] = mapped_column(default=False)
    replaced_at: Mapped[datetime | None]  # a later return of the same form replaced it
