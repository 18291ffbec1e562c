"""The case transfer file: one whole case as documented, versioned JSON.

Used to hand a case to another chair and to answer a subject access request. The
format is described in ``docs/case-file-format.md``; its JSON Schema, generated from the
models below, is ``resources/schemas/tac-case-v1.schema.json``.

Reading validates the whole file before anything touches a vault, and every refusal is
an ``InvalidInput`` naming what is wrong in plain words (``people[2].date_of_birth:
2031-02-30 is not a real date``). Importing is one unit of work: all or nothing.
"""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import suppress
from dataclasses import fields
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from tac_desktop import __version__
from tac_desktop.core.errors import DestinationExists, FolderNotWritable, InvalidInput
from tac_desktop.core.models import (
    Agency,
    Case,
    CaseStatus,
    Chair,
    Involvement,
    Nation,
    Person,
    Professional,
    Sector,
)
from tac_desktop.core.services.cases import (
    PersonDraft,
    find_or_add_agency,
    valid_line,
    valid_name,
    valid_note,
    validate_person,
    validate_reference,
)
from tac_desktop.core.text import clean_line
from tac_desktop.core.vault import Vault, audit
from tac_desktop.core.vault.keyfile import key_file_path

FORMAT = "tac-case"
VERSION = 1
MAX_FILE_BYTES = 50 * 1024 * 1024
SCHEMA_ID = "https://tac-desktop.invalid/schemas/tac-case-v1.schema.json"
_MAX_REPORTED = 5  # problems listed in one message; the rest are counted

# Lists that later releases fill; this one writes them empty and cannot import items yet.
FUTURE_LISTS = ("meetings", "tasks", "consents", "sharing_log", "safety_plans")
_FUTURE_WORDS = {
    "meetings": "meetings",
    "tasks": "tasks",
    "consents": "consents",
    "sharing_log": "information-sharing records",
    "safety_plans": "safety plans",
}


class ReferenceTaken(InvalidInput):
    """The vault already has a case with the reference being imported."""


# -- the format, as validating models ------------------------------------------------


class _Item(BaseModel):
    # Strict: "12" is not 12, 1.0 is not 1, and dates are only YYYY-MM-DD text.
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class _LooseItem(BaseModel):
    """An item of a list that a later release defines fully; unknown fields are kept."""

    model_config = ConfigDict(strict=True, extra="allow", frozen=True)


class ExportedBy(_Item):
    """The chair whose vault wrote the file."""

    name: str
    role: str = ""
    agency: str = ""


class CaseInfo(_Item):
    reference: str
    status: CaseStatus = CaseStatus.OPEN
    opened_on: date
    closed_on: date | None = None
    nation: Nation
    summary: str = ""
    subject: str | None = Field(default=None, description="the key of the subject in people")

    @field_validator("reference")
    @classmethod
    def _check_reference(cls, value: str) -> str:
        try:
            validate_reference(value)
        except InvalidInput as error:
            raise ValueError(str(error)) from None
        return value

    @field_validator("summary")
    @classmethod
    def _check_summary(cls, value: str) -> str:
        try:
            valid_note(value, "The summary")
        except InvalidInput as error:
            raise ValueError(str(error)) from None
        return value

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.closed_on is not None and self.closed_on < self.opened_on:
            raise ValueError(
                f"closed_on {self.closed_on.isoformat()} is before opened_on "
                f"{self.opened_on.isoformat()}"
            )
        return self


class PersonItem(_Item):
    key: str = Field(description="names this person inside the file (case.subject uses it)")
    name: str
    preferred_name: str = ""
    date_of_birth: date | None = None
    estimated_age: int | None = None
    declared_child: bool = False
    relationship_to_subject: str = ""
    lives_in_household: bool = True
    parental_responsibility: bool = False
    significant_contact: bool = False
    language: str = "English"
    interpreter_needed: bool = False
    notes: str = ""

    def draft(self) -> PersonDraft:
        return PersonDraft(**{f.name: getattr(self, f.name) for f in fields(PersonDraft)})

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not clean_line(self.key) or len(self.key) > 40:
            raise ValueError("key must be a short piece of text (1 to 40 characters)")
        try:
            validate_person(self.draft())
        except InvalidInput as error:
            raise ValueError(str(error)) from None
        return self


class AgencyItem(_Item):
    name: str
    sector: Sector

    @model_validator(mode="after")
    def _check(self) -> Self:
        try:
            valid_name(self.name, "The agency's name")
        except InvalidInput as error:
            raise ValueError(str(error)) from None
        return self


class ProfessionalItem(_Item):
    name: str
    role: str = ""
    agency: str = Field(description="the name of an agency in agencies")
    sector: Sector = Field(description="that agency's sector")
    phone: str = ""
    secure_email: str = ""
    role_on_case: str = ""
    is_lead: bool = False

    @model_validator(mode="after")
    def _check(self) -> Self:
        try:
            valid_name(self.name, "The professional's name")
            valid_name(self.agency, "The agency's name")
            valid_line(self.role, "The role")
            valid_line(self.phone, "The phone number", 60)
            valid_line(self.secure_email, "The email address", 254)
            valid_line(self.role_on_case, "The role on the case")
        except InvalidInput as error:
            raise ValueError(str(error)) from None
        return self


class MeetingItem(_LooseItem):
    id: str
    date: date
    status: str


class TaskItem(_LooseItem):
    description: str
    agency: str | None = None
    due: date | None = None
    status: str
    meeting: str | None = Field(default=None, description="the id of a meeting in meetings")


class CaseFile(_Item):
    """A whole ``tac-case`` file, version 1, checked field by field and as a whole."""

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        frozen=True,
        title="TAC Desktop case file, version 1",
    )

    format: Literal["tac-case"]
    version: Literal[1]
    exported_at: datetime | None = None
    exported_by: ExportedBy | None = None
    program_version: str | None = None
    case: CaseInfo
    people: list[PersonItem]
    agencies: list[AgencyItem] = []
    professionals: list[ProfessionalItem] = []
    meetings: list[MeetingItem] = []
    tasks: list[TaskItem] = []
    consents: list[dict[str, Any]] = []
    sharing_log: list[dict[str, Any]] = []
    safety_plans: list[dict[str, Any]] = []

    @model_validator(mode="after")
    def _check_links(self) -> Self:
        problems: list[str] = []
        keys: set[str] = set()
        for index, person in enumerate(self.people):
            if person.key in keys:
                problems.append(f"people[{index}].key: {person.key} is used twice")
            keys.add(person.key)
        if self.case.subject is not None and self.case.subject not in keys:
            problems.append(f"case.subject: {self.case.subject} is not the key of anyone in people")
        agencies: dict[tuple[str, Sector], int] = {}
        for index, agency in enumerate(self.agencies):
            ident = (clean_line(agency.name), agency.sector)
            if ident in agencies:
                problems.append(f"agencies[{index}]: {agency.name} is listed twice")
            agencies.setdefault(ident, index)
        used: set[tuple[str, Sector]] = set()
        seen: set[tuple[str, str, Sector]] = set()
        for index, professional in enumerate(self.professionals):
            ident = (clean_line(professional.agency), professional.sector)
            if ident not in agencies:
                problems.append(
                    f"professionals[{index}].agency: {professional.agency} "
                    f"({professional.sector.value}) is not in agencies"
                )
            used.add(ident)
            who = (clean_line(professional.name), *ident)
            if who in seen:
                problems.append(
                    f"professionals[{index}]: {professional.name} of {professional.agency} "
                    "is listed twice"
                )
            seen.add(who)
        for ident, index in agencies.items():
            if ident not in used:
                problems.append(
                    f"agencies[{index}]: no professional in the file works for {ident[0]}"
                )
        leads = [i for i, p in enumerate(self.professionals) if p.is_lead]
        if len(leads) > 1:
            problems.append(
                "professionals: only one can be the lead professional, but "
                + ", ".join(f"professionals[{i}]" for i in leads)
                + " all are"
            )
        if problems:
            raise ValueError("; ".join(problems))
        return self


def json_schema() -> dict[str, Any]:
    """The JSON Schema of version 1 (links between lists are checked by ``CaseFile``)."""
    schema = CaseFile.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


# -- export ---------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _find_case(session: Session, reference: str) -> Case:
    case = session.scalar(
        select(Case)
        .where(Case.reference == reference.strip())
        .options(
            selectinload(Case.people),
            selectinload(Case.involvements)
            .selectinload(Involvement.professional)
            .selectinload(Professional.agency),
        )
    )
    if case is None:
        raise InvalidInput(f"There is no case with the reference {reference.strip()!r}.")
    return case


def _document(session: Session, reference: str) -> dict[str, Any]:
    case = _find_case(session, reference)
    chair = session.scalars(select(Chair).order_by(Chair.id)).first()
    person_fields = [name for name in PersonItem.model_fields if name != "key"]
    keys = {person.id: f"p{number}" for number, person in enumerate(case.people, start=1)}
    people = [
        {"key": keys[person.id], **{name: _plain(getattr(person, name)) for name in person_fields}}
        for person in case.people
    ]
    agencies: list[dict[str, Any]] = []
    professionals: list[dict[str, Any]] = []
    for involvement in case.involvements:
        professional = involvement.professional
        agency = {"name": professional.agency.name, "sector": professional.agency.sector.value}
        if agency not in agencies:
            agencies.append(agency)
        professionals.append(
            {
                "name": professional.name,
                "role": professional.role,
                "agency": agency["name"],
                "sector": agency["sector"],
                "phone": professional.phone,
                "secure_email": professional.secure_email,
                "role_on_case": involvement.role_on_case,
                "is_lead": involvement.is_lead,
            }
        )
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "exported_by": (
            {"name": chair.name, "role": chair.role, "agency": chair.agency}
            if chair is not None
            else None
        ),
        "program_version": __version__,
        "case": {
            "reference": case.reference,
            "status": case.status.value,
            "opened_on": case.opened_on.isoformat(),
            "closed_on": _plain(case.closed_on),
            "nation": case.nation.value,
            "summary": case.summary,
            "subject": keys.get(case.subject_id) if case.subject_id is not None else None,
        },
        "people": people,
        "agencies": agencies,
        "professionals": professionals,
    }
    for name in FUTURE_LISTS:
        document[name] = []
    return document


def export_case(vault: Vault, reference: str) -> dict[str, Any]:
    """The case as a ``tac-case`` document (plain JSON data), in one read."""
    with vault.unit_of_work() as session:
        return _document(session, reference)


def _check_destination(vault: Vault, path: Path, force: bool) -> None:
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder. Give a file name for the case file.")
    target = path.resolve()
    if target in (vault.path.resolve(), key_file_path(vault.path).resolve()):
        raise InvalidInput(
            f"{path.name} is the vault itself (or its key file); a case file can never "
            "replace it. Choose another name."
        )
    if not force and path.exists():
        raise DestinationExists(
            f"There is already a file called {path.name} in {path.parent}. Choose another "
            "name, or ask to replace it."
        )
    if not path.parent.is_dir():
        raise FolderNotWritable(f"The folder {path.parent} does not exist.")


def _folder_problem(path: Path, error: OSError) -> FolderNotWritable:
    reason = f" ({error.strerror})" if error.strerror else ""
    return FolderNotWritable(
        f"The case file could not be written to {path.parent}{reason}. Nothing was saved; "
        "choose a folder you can save files in."
    )


def _write_atomically(path: Path, payload: bytes, force: bool) -> None:
    """Write to a temporary file beside ``path``, then put it in place in one step.

    Without ``force`` the last step is a hard link, which fails if the name was taken in
    the meantime, so an existing file is never replaced by accident.
    """
    try:
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".partial"
        )
    except OSError as error:
        raise _folder_problem(path, error) from None
    partial = Path(temporary)
    try:
        with os.fdopen(handle, "wb") as stream:  # mode 0600: the file names real people
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        if force:
            os.replace(partial, path)
        else:
            try:
                os.link(partial, path)
            except FileExistsError:
                raise DestinationExists(
                    f"There is already a file called {path.name} in {path.parent}. Choose "
                    "another name, or ask to replace it."
                ) from None
            except OSError:  # a file system without hard links
                if path.exists():
                    raise DestinationExists(
                        f"There is already a file called {path.name} in {path.parent}."
                    ) from None
                os.replace(partial, path)
    except OSError as error:
        raise _folder_problem(path, error) from None
    finally:
        with suppress(OSError):
            partial.unlink(missing_ok=True)


def write_case_file(vault: Vault, reference: str, path: Path | str, force: bool = False) -> Path:
    """Write the case to ``path`` as UTF-8 JSON; the export is recorded in the audit log.

    An existing file is refused unless ``force``. The file is not encrypted.
    """
    path = Path(path).expanduser().absolute()
    _check_destination(vault, path, force)
    written = False
    try:
        with vault.unit_of_work() as session:
            document = _document(session, reference)
            text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
            audit.record_event(
                session,
                "case exported",
                entity="case",
                detail={"reference": document["case"]["reference"], "file": path.name},
            )
            session.flush()
            _write_atomically(path, text.encode("utf-8"), force)
            written = True
    except BaseException:
        if written:  # the audit entry was not saved, so neither is the file
            with suppress(OSError):
                path.unlink()
        raise
    return path


# -- reading and checking -------------------------------------------------------------

_SIGNATURES = (
    (b"\x89PNG", "a picture (PNG)"),
    (b"\xff\xd8\xff", "a picture (JPEG)"),
    (b"GIF8", "a picture (GIF)"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a compressed file (ZIP, or a Word or Excel document)"),
    (b"SQLite format 3\x00", "a database"),
    (b"\xff\xfe", "text saved as UTF-16; save it as UTF-8 and try again"),
    (b"\xfe\xff", "text saved as UTF-16; save it as UTF-8 and try again"),
)


def _not_case_file(name: str, why: str) -> InvalidInput:
    return InvalidInput(f"{name} is not a TAC Desktop case file: {why}. Nothing was imported.")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f'the name "{key}" appears twice in one {{...}} block')
        result[key] = value
    return result


def _no_constants(word: str) -> Any:
    raise ValueError(f"{word} is not a number JSON allows")


def _read_bytes(path: Path) -> bytes:
    name = path.name
    try:
        if not path.exists():
            if not path.parent.is_dir():
                raise InvalidInput(f"The folder {path.parent} does not exist.")
            raise InvalidInput(f"There is no file called {name} in {path.parent}.")
        if path.is_dir():
            raise InvalidInput(f"{path} is a folder, not a case file.")
        if not path.is_file():
            raise _not_case_file(name, "it is not an ordinary file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _not_case_file(
                name,
                f"it is {size / 1024 / 1024:,.0f} MB, far larger than any case file "
                f"(the limit is {MAX_FILE_BYTES // 1024 // 1024} MB)",
            )
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise InvalidInput(f"{name} could not be read ({reason}).") from None
    if len(raw) > MAX_FILE_BYTES:
        raise _not_case_file(name, "it is larger than any case file")
    return raw


def _parse(raw: bytes, name: str) -> tuple[str, Any]:
    if not raw.strip():
        raise _not_case_file(name, "the file is empty")
    for signature, what in _SIGNATURES:
        if raw.startswith(signature):
            raise _not_case_file(name, f"it is {what}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _not_case_file(name, "it is not text (a case file is UTF-8 JSON text)") from None
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants)
    except json.JSONDecodeError as error:
        raise _not_case_file(
            name,
            f"its JSON text is broken at line {error.lineno}, column {error.colno} ({error.msg})",
        ) from None
    except ValueError as error:
        raise _not_case_file(name, str(error)) from None
    except RecursionError:
        raise _not_case_file(name, "it is nested far too deeply") from None
    return text, data


def _check_header(data: Any, name: str) -> None:
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise _not_case_file(name, f"it holds {kind}, not a case")
    file_format = data.get("format")
    if file_format != FORMAT:
        if isinstance(file_format, str):
            raise _not_case_file(name, f'it says it is a "{file_format}" file')
        raise _not_case_file(name, f'it has no "format": "{FORMAT}" line')
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise InvalidInput(
            f'{name} cannot be imported: "version" should be a whole number, such as '
            f"{VERSION}. Nothing was imported."
        )
    if version > VERSION:
        raise InvalidInput(
            f"{name} was written by a newer TAC Desktop (case file version {version}); this "
            f"one reads version {VERSION}. Install the newer version to import it. Nothing "
            "was imported."
        )
    if version < VERSION:
        raise InvalidInput(
            f"{name} says it is case file version {version}, which TAC Desktop never wrote. "
            "Nothing was imported."
        )


def _where(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def _shown(value: Any, quoted: bool = False) -> str:
    """A value from the file as a person would recognise it; ``quoted`` marks text."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a {...} block"
    text = str(value)
    text = text if len(text) <= 60 else text[:57] + "..."
    return f'"{text}"' if quoted and isinstance(value, str) else text


def _problem(error: ErrorDetails) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        message = "is missing"
    elif kind == "extra_forbidden":
        message = "is not part of a version 1 case file (check the spelling)"
    elif kind == "string_type":
        message = f"should be text in quotes, not {_shown(value, quoted=True)}"
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        message = f"should be a whole number, not {_shown(value, quoted=True)}"
    elif kind == "bool_type":
        message = f"should be true or false, not {_shown(value, quoted=True)}"
    elif kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        if isinstance(value, str):
            message = f"{_shown(value)} is not a real date (dates are written YYYY-MM-DD)"
        else:
            message = f"should be a date written YYYY-MM-DD, not {_shown(value, quoted=True)}"
    elif kind.startswith("datetime_"):
        example = "a date and time such as 2026-03-01T14:30:00Z"
        message = (
            f"{_shown(value)} is not {example}"
            if isinstance(value, str)
            else f"should be {example}, not {_shown(value)}"
        )
    elif kind == "enum":
        message = f"{_shown(value)} is not one of {ctx.get('expected', 'the allowed values')}"
    elif kind == "literal_error":
        message = (
            f"should be {ctx.get('expected', 'another value')}, not {_shown(value, quoted=True)}"
        )
    elif kind == "list_type":
        message = f"should be a list [...], not {_shown(value, quoted=True)}"
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        message = f"should be a {{...}} block, not {_shown(value, quoted=True)}"
    elif kind in ("value_error", "assertion_error"):
        message = str(ctx.get("error", error["msg"]))
    else:
        message = error["msg"]
    where = _where(error["loc"])
    if not where:
        return message
    return f"{where} {message}" if kind == "missing" else f"{where}: {message}"


def describe_problems(error: ValidationError) -> list[str]:
    """Each problem pydantic found, in user words, with where it is in the file."""
    return [_problem(detail) for detail in error.errors(include_url=False)]


def _validate(text: str, name: str) -> CaseFile:
    try:
        return CaseFile.model_validate_json(text)
    except ValidationError as error:
        problems = describe_problems(error)
        listed = "; ".join(problem.rstrip(".") for problem in problems[:_MAX_REPORTED])
        more = len(problems) - _MAX_REPORTED
        extra = f"; and {more} more problem{'s' if more > 1 else ''}" if more > 0 else ""
        raise InvalidInput(
            f"{name} cannot be imported because it has mistakes: {listed}{extra}. "
            "Nothing was imported."
        ) from None


def read_case_file(path: Path | str) -> CaseFile:
    """Read and check a whole case file; refuses anything that is not a sound version 1."""
    path = Path(path).expanduser()
    raw = _read_bytes(path)
    text, data = _parse(raw, path.name)
    _check_header(data, path.name)
    return _validate(text, path.name)


# -- import ---------------------------------------------------------------------------


def _refuse_future_lists(model: CaseFile) -> None:
    filled = [_FUTURE_WORDS[name] for name in FUTURE_LISTS if getattr(model, name)]
    if filled:
        raise InvalidInput(
            f"This file holds {', '.join(filled)}, which this version of TAC Desktop cannot "
            "import yet. Nothing was imported; update TAC Desktop and try again."
        )


def _insert(session: Session, model: CaseFile, reference: str) -> Case:
    info = model.case
    case = Case(
        reference=reference,
        status=info.status,
        opened_on=info.opened_on,
        closed_on=info.closed_on,
        nation=info.nation,
        summary=valid_note(info.summary, "The summary"),
    )
    session.add(case)
    people: dict[str, Person] = {}
    for item in model.people:
        draft = validate_person(item.draft())
        person = Person(**{f.name: getattr(draft, f.name) for f in fields(PersonDraft)})
        case.people.append(person)
        people[item.key] = person
    session.flush()
    if info.subject is not None:
        case.subject = people[info.subject]
    agencies: dict[tuple[str, Sector], Agency] = {}
    for agency_item in model.agencies:
        agency = find_or_add_agency(session, agency_item.name, agency_item.sector)
        agencies[(agency.name, agency.sector)] = agency
    session.flush()
    for entry in model.professionals:
        agency = agencies[(clean_line(entry.agency), entry.sector)]
        name = valid_name(entry.name, "The professional's name")
        professional = session.scalar(
            select(Professional).where(
                Professional.name == name, Professional.agency_id == agency.id
            )
        )
        if professional is None:
            professional = Professional(name=name, agency=agency)
            session.add(professional)
        # As when a professional is added by hand: the latest details are kept.
        professional.role = valid_line(entry.role, "The role")
        professional.phone = valid_line(entry.phone, "The phone number", 60)
        professional.secure_email = valid_line(entry.secure_email, "The email address", 254)
        case.involvements.append(
            Involvement(
                professional=professional,
                role_on_case=valid_line(entry.role_on_case, "The role on the case"),
                is_lead=entry.is_lead,
            )
        )
    session.flush()
    return case


def import_case(
    vault: Vault, path_or_model: Path | str | CaseFile, new_reference: str | None = None
) -> str:
    """Add the case in a file (or an already read one) to the vault; returns its reference.

    All or nothing, in one unit of work. A reference the vault already has is refused
    unless ``new_reference`` gives the case another one; cases are never merged.
    """
    if isinstance(path_or_model, CaseFile):
        model, source = path_or_model, ""
    else:
        model = read_case_file(path_or_model)
        source = Path(path_or_model).name
    _refuse_future_lists(model)
    reference = validate_reference(
        new_reference if new_reference is not None else model.case.reference
    )
    with vault.unit_of_work() as session:
        if session.scalar(select(func.count()).where(Case.reference == reference)):
            raise ReferenceTaken(
                f"This vault already has a case with the reference {reference!r}. Nothing "
                "was imported; import it under a new reference to keep both."
            )
        _insert(session, model, reference)
        detail: dict[str, Any] = {"reference": reference}
        if reference != model.case.reference:
            detail["reference in file"] = model.case.reference
        if source:
            detail["file"] = source
        if model.exported_by is not None:
            detail["exported by"] = model.exported_by.name
        if model.exported_at is not None:
            detail["exported at"] = model.exported_at.isoformat()
        audit.record_event(session, "case imported", entity="case", detail=detail)
    return reference
