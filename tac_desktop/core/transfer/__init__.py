"""The case transfer file: one whole case as documented, versioned JSON.

Used to hand a case to another chair and to answer a subject access request. It carries
the case, its people and professionals, its meetings (a finalised one is imported as the
record it is, with its amendments; a draft stays a draft), its tasks, with their
updates and challenges, its safety plans, with every version and whom it was sent to,
its consent register and information-sharing log, and who reads what: the chair's marks
on items of the record, each finalised meeting's distribution list, and the people who
must not receive information. The format is described in ``docs/case-file-format.md``;
its JSON Schema, generated from the models in ``format``, ``items`` and ``copies``, is
``resources/schemas/tac-case-v1.schema.json``.

Reading validates the whole file before anything touches a vault, and every refusal is
an ``InvalidInput`` naming what is wrong in plain words (``people[2].date_of_birth:
2031-02-30 is not a real date``). Importing is one unit of work: all or nothing.

The modules: ``checks`` (the strict base model and the field checks items share),
``items`` (meetings, tasks, safety plans, consents, the sharing log), ``copies`` (marks
and distribution lists, their items named in the file's own terms), ``format`` (the
constants, the case and its people, ``CaseFile`` with the links between lists,
``json_schema``), ``export``, ``reading`` (a file to a checked ``CaseFile``) and
``importing`` (a ``CaseFile`` into a vault), ``sealed`` (the encrypted handover file
around the JSON: a passphrase of words, or a service's recovery public key).
Everything is imported from here.
"""

from tac_desktop.core.transfer.checks import ProfessionalRef
from tac_desktop.core.transfer.copies import CopyMarkItem, RecipientItem, WithheldItem
from tac_desktop.core.transfer.export import (
    case_file_bytes,
    export_case,
    save_case_file,
    write_case_file,
)
from tac_desktop.core.transfer.format import (
    FORMAT,
    FUTURE_LISTS,
    MAX_FILE_BYTES,
    SCHEMA_ID,
    VERSION,
    AgencyItem,
    CaseFile,
    CaseInfo,
    ExportedBy,
    PersonItem,
    ProfessionalItem,
    json_schema,
)
from tac_desktop.core.transfer.importing import ReferenceTaken, import_case
from tac_desktop.core.transfer.items import (
    AmendmentItem,
    AttendanceItem,
    ConsentItem,
    ConsiderationItem,
    DecisionItem,
    DifferingViewItem,
    DissentItem,
    EarlyReviewItem,
    MeetingItem,
    OverrideItem,
    PlanContactItem,
    PlanRuleItem,
    PlanSectionsItem,
    PlanSendItem,
    PlanVersionItem,
    PlanViewItem,
    PlanWorryItem,
    SafetyPlanItem,
    ScoreItem,
    SectionItem,
    SharingLogItem,
    TaskChallengeItem,
    TaskItem,
    TaskUpdateItem,
)
from tac_desktop.core.transfer.reading import (
    case_file_from_bytes,
    describe_problems,
    read_case_file,
    read_raw,
)
from tac_desktop.core.transfer.sealed import Lock, SealedFileError, new_passphrase

__all__ = [
    "FORMAT",
    "FUTURE_LISTS",
    "MAX_FILE_BYTES",
    "SCHEMA_ID",
    "VERSION",
    "AgencyItem",
    "AmendmentItem",
    "AttendanceItem",
    "CaseFile",
    "CaseInfo",
    "ConsentItem",
    "ConsiderationItem",
    "CopyMarkItem",
    "DecisionItem",
    "DifferingViewItem",
    "DissentItem",
    "EarlyReviewItem",
    "ExportedBy",
    "Lock",
    "MeetingItem",
    "OverrideItem",
    "PersonItem",
    "PlanContactItem",
    "PlanRuleItem",
    "PlanSectionsItem",
    "PlanSendItem",
    "PlanVersionItem",
    "PlanViewItem",
    "PlanWorryItem",
    "ProfessionalItem",
    "ProfessionalRef",
    "RecipientItem",
    "ReferenceTaken",
    "SafetyPlanItem",
    "ScoreItem",
    "SealedFileError",
    "SectionItem",
    "SharingLogItem",
    "TaskChallengeItem",
    "TaskItem",
    "TaskUpdateItem",
    "WithheldItem",
    "case_file_bytes",
    "case_file_from_bytes",
    "describe_problems",
    "export_case",
    "import_case",
    "json_schema",
    "new_passphrase",
    "read_case_file",
    "read_raw",
    "save_case_file",
    "write_case_file",
]
