"""Typed SQLAlchemy 2 records. Importing this package registers every table."""

from tac_desktop.core.models.audit import AuditEntry
from tac_desktop.core.models.base import Audited, Base, Timestamped
from tac_desktop.core.models.case import (
    Agency,
    Case,
    CaseStatus,
    Involvement,
    Nation,
    Person,
    Professional,
    Sector,
)
from tac_desktop.core.models.glossary import GlossaryTerm
from tac_desktop.core.models.meeting import (
    Amendment,
    Attendance,
    AttendanceMode,
    Consideration,
    Decision,
    DifferingView,
    Dissent,
    EarlyReviewRequest,
    Meeting,
    MeetingSection,
    MeetingStatus,
    ScalingScore,
)
from tac_desktop.core.models.meta import Chair, VaultSetting
from tac_desktop.core.models.report import ReceivedReport
from tac_desktop.core.models.safety_plan import (
    PlanShape,
    RecipientKind,
    SafetyPlan,
    SafetyPlanSend,
    SafetyPlanVersion,
    SendMethod,
)
from tac_desktop.core.models.task import (
    NotDoneReason,
    Task,
    TaskChallenge,
    TaskStatus,
    TaskUpdate,
)

__all__ = [
    "Agency",
    "Amendment",
    "Attendance",
    "AttendanceMode",
    "AuditEntry",
    "Audited",
    "Base",
    "Case",
    "CaseStatus",
    "Chair",
    "Consideration",
    "Decision",
    "DifferingView",
    "Dissent",
    "EarlyReviewRequest",
    "GlossaryTerm",
    "Involvement",
    "Meeting",
    "MeetingSection",
    "MeetingStatus",
    "Nation",
    "NotDoneReason",
    "Person",
    "PlanShape",
    "Professional",
    "ReceivedReport",
    "RecipientKind",
    "SafetyPlan",
    "SafetyPlanSend",
    "SafetyPlanVersion",
    "ScalingScore",
    "Sector",
    "SendMethod",
    "Task",
    "TaskChallenge",
    "TaskStatus",
    "TaskUpdate",
    "Timestamped",
    "VaultSetting",
]
