"""Case records as the screens and the command line use them.

Each public function is one user action: it opens one unit of work on the vault,
validates, writes, and returns plain data (dataclasses), never live ORM objects, so a
screen can hold the result after the session has ended.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import (
    Agency,
    Case,
    CaseStatus,
    Involvement,
    Meeting,
    MeetingStatus,
    Nation,
    Person,
    Professional,
    Sector,
    Task,
    TaskStatus,
)
from tac_desktop.core.models.case import age_on
from tac_desktop.core.text import clean_line, fold_for_search
from tac_desktop.core.vault import Vault

MAX_NAME = 200
MAX_REFERENCE = 40
MAX_NOTE = 2_000_000  # ~300,000 words; far beyond any real note, small enough to stay quick
OLDEST_BIRTH_YEAR = 1900


# -- plain data passed to and from the screens ----------------------------------------


@dataclass(frozen=True)
class PersonDraft:
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


@dataclass(frozen=True)
class PersonView(PersonDraft):
    id: int = 0
    is_subject: bool = False
    is_child: bool = False
    age: int | None = None
    # Must not receive information about others (``services.copies.set_no_information``).
    no_information: bool = False
    no_information_reason: str = ""

    @property
    def display_name(self) -> str:
        if self.preferred_name and self.preferred_name != self.name:
            return f"{self.name} ({self.preferred_name})"
        return self.name


@dataclass(frozen=True)
class ProfessionalDraft:
    name: str
    agency_name: str
    sector: Sector = Sector.OTHER
    role: str = ""
    phone: str = ""
    secure_email: str = ""


@dataclass(frozen=True)
class InvolvementView:
    id: int
    professional_id: int
    name: str
    role: str
    agency: str
    sector: Sector
    phone: str
    secure_email: str
    role_on_case: str
    is_lead: bool


@dataclass(frozen=True)
class CaseDraft:
    reference: str
    subject: PersonDraft
    nation: Nation = Nation.ENGLAND
    summary: str = ""
    opened_on: date | None = None


@dataclass(frozen=True)
class CaseView:
    id: int
    reference: str
    status: CaseStatus
    opened_on: date
    closed_on: date | None
    nation: Nation
    summary: str
    subject_id: int | None
    people: list[PersonView] = field(default_factory=list)
    involvements: list[InvolvementView] = field(default_factory=list)

    @property
    def subject(self) -> PersonView | None:
        return next((p for p in self.people if p.is_subject), None)

    @property
    def lead(self) -> InvolvementView | None:
        return next((i for i in self.involvements if i.is_lead), None)


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list."""

    id: int
    reference: str
    subject: str
    age: int | None
    lead_professional: str
    next_meeting: date | None
    open_tasks: int
    status: CaseStatus
    search_key: str  # folded reference and every family member's names


# -- validation -----------------------------------------------------------------------


def valid_name(value: str, what: str) -> str:
    cleaned = clean_line(value)
    if not cleaned:
        raise InvalidInput(f"{what} cannot be empty.")
    if len(cleaned) > MAX_NAME:
        raise InvalidInput(f"{what} is too long (at most {MAX_NAME} characters).")
    return cleaned


def valid_line(value: str, what: str, limit: int = MAX_NAME) -> str:
    cleaned = clean_line(value)
    if len(cleaned) > limit:
        raise InvalidInput(f"{what} is too long (at most {limit} characters).")
    return cleaned


def valid_note(value: str, what: str) -> str:
    if len(value) > MAX_NOTE:
        raise InvalidInput(
            f"{what} is too long to keep in one note ({len(value):,} characters; the limit "
            f"is {MAX_NOTE:,}). Split it, or attach it as a document."
        )
    return value.replace("\x00", "")


def validate_person(draft: PersonDraft, today: date | None = None) -> PersonDraft:
    today = today or date.today()
    dob = draft.date_of_birth
    if dob is not None:
        if dob > today:
            raise InvalidInput(
                f"The date of birth {dob:%d/%m/%Y} is in the future. Check the year."
            )
        if dob.year < OLDEST_BIRTH_YEAR:
            raise InvalidInput(f"The date of birth {dob:%d/%m/%Y} is too long ago. Check the year.")
    age = draft.estimated_age
    if age is not None and not 0 <= age <= 120:
        raise InvalidInput("An estimated age must be between 0 and 120.")
    return replace(
        draft,
        name=valid_name(draft.name, "A person's name"),
        preferred_name=valid_line(draft.preferred_name, "The preferred name"),
        relationship_to_subject=valid_line(draft.relationship_to_subject, "The relationship", 100),
        language=valid_line(draft.language, "The language", 100),
        notes=valid_note(draft.notes, "The notes"),
    )


def validate_reference(reference: str) -> str:
    cleaned = clean_line(reference)
    if not cleaned:
        raise InvalidInput("A case needs a reference.")
    if len(cleaned) > MAX_REFERENCE:
        raise InvalidInput(f"A case reference is at most {MAX_REFERENCE} characters.")
    return cleaned


# -- reading --------------------------------------------------------------------------


def _person_view(person: Person, subject_id: int | None, today: date) -> PersonView:
    values = {f.name: getattr(person, f.name) for f in fields(PersonDraft)}
    return PersonView(
        **values,
        id=person.id,
        is_subject=person.id == subject_id,
        is_child=person.is_child_on(today),
        age=person.age_on(today),
        no_information=person.no_information,
        no_information_reason=person.no_information_reason,
    )


def _case_view(case: Case, today: date) -> CaseView:
    return CaseView(
        id=case.id,
        reference=case.reference,
        status=case.status,
        opened_on=case.opened_on,
        closed_on=case.closed_on,
        nation=case.nation,
        summary=case.summary,
        subject_id=case.subject_id,
        people=[_person_view(p, case.subject_id, today) for p in case.people],
        involvements=[
            InvolvementView(
                id=i.id,
                professional_id=i.professional_id,
                name=i.professional.name,
                role=i.professional.role,
                agency=i.professional.agency.name,
                sector=i.professional.agency.sector,
                phone=i.professional.phone,
                secure_email=i.professional.secure_email,
                role_on_case=i.role_on_case,
                is_lead=i.is_lead,
            )
            for i in case.involvements
        ],
    )


def _load_case(session: Session, case_id: int) -> Case:
    case = session.get(
        Case,
        case_id,
        options=[
            selectinload(Case.people),
            selectinload(Case.involvements)
            .selectinload(Involvement.professional)
            .selectinload(Professional.agency),
        ],
    )
    if case is None:
        raise InvalidInput("That case is no longer in the vault.")
    return case


def get_case(vault: Vault, case_id: int, today: date | None = None) -> CaseView:
    with vault.unit_of_work() as session:
        return _case_view(_load_case(session, case_id), today or date.today())


def find_case_id(vault: Vault, reference: str) -> int:
    with vault.unit_of_work() as session:
        case_id = session.scalar(select(Case.id).where(Case.reference == reference.strip()))
    if case_id is None:
        raise InvalidInput(f"There is no case with the reference {reference.strip()!r}.")
    return case_id


def list_cases(vault: Vault, today: date | None = None) -> list[CaseRow]:
    """Every case, with what the list shows; three queries whatever the vault's size.

    Plain (Core) queries of one row per case: SQLite joins the subject and concatenates
    the family's folded names, so Python touches 5,000 rows, not 20,000 people.
    """
    today = today or date.today()
    with vault.unit_of_work() as session:
        db = session.connection()
        cases = db.execute(
            select(
                Case.id,
                Case.reference,
                Case.status,
                Person.name,
                Person.date_of_birth,
                Person.estimated_age,
            )
            .outerjoin(Person, Person.id == Case.subject_id)
            .order_by(Case.reference)
        ).all()
        names: dict[int, str] = dict(
            db.execute(
                select(Person.case_id, func.group_concat(Person.search_key, " ")).group_by(
                    Person.case_id
                )
            ).all()
        )
        leads = dict(
            db.execute(
                select(Involvement.case_id, Professional.name)
                .join(Professional, Professional.id == Involvement.professional_id)
                .where(Involvement.is_lead.is_(True))
            ).all()
        )
        open_tasks: dict[int, int] = dict(
            db.execute(
                select(Task.case_id, func.count())
                .where(
                    Task.status.in_(
                        [TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.NOT_DONE]
                    )
                )
                .group_by(Task.case_id)
            ).all()
        )
        # The next date the team meets: a planned (draft) meeting from today, or the
        # review set at a finalised meeting, whichever comes first.
        upcoming: dict[int, date] = {}
        for case_id, day in db.execute(
            select(Meeting.case_id, Meeting.held_on).where(
                Meeting.status == MeetingStatus.DRAFT, Meeting.held_on >= today
            )
        ).all():
            upcoming[case_id] = min(day, upcoming.get(case_id, day))
        for case_id, review in db.execute(
            select(Meeting.case_id, func.max(Meeting.next_review_on))
            .where(Meeting.status == MeetingStatus.FINALISED)
            .group_by(Meeting.case_id)
        ).all():
            if review is not None and review >= today:
                upcoming[case_id] = min(review, upcoming.get(case_id, review))
    return [
        CaseRow(
            id=case_id,
            reference=reference,
            subject=subject or "",
            age=age_on(today, born, estimated) if subject is not None else None,
            lead_professional=leads.get(case_id, ""),
            next_meeting=upcoming.get(case_id),
            open_tasks=open_tasks.get(case_id, 0),
            status=status,
            search_key=f"{fold_for_search(reference)} {names.get(case_id) or ''}",
        )
        for case_id, reference, status, subject, born, estimated in cases
    ]


# -- writing --------------------------------------------------------------------------


def _new_person(case: Case, draft: PersonDraft) -> Person:
    values = {f.name: getattr(draft, f.name) for f in fields(PersonDraft)}
    person = Person(**values)
    case.people.append(person)
    return person


def create_case(vault: Vault, draft: CaseDraft) -> int:
    reference = validate_reference(draft.reference)
    subject = validate_person(draft.subject)
    with vault.unit_of_work() as session:
        if session.scalar(select(func.count()).where(Case.reference == reference)):
            raise InvalidInput(f"There is already a case with the reference {reference!r}.")
        case = Case(
            reference=reference,
            nation=draft.nation,
            summary=valid_note(draft.summary, "The summary"),
            opened_on=draft.opened_on or date.today(),
            status=CaseStatus.OPEN,
        )
        session.add(case)
        person = _new_person(
            case,
            replace(subject, relationship_to_subject=subject.relationship_to_subject or "subject"),
        )
        session.flush()
        case.subject = person
        session.flush()
        return case.id


def update_case(
    vault: Vault,
    case_id: int,
    *,
    summary: str | None = None,
    nation: Nation | None = None,
    reference: str | None = None,
) -> None:
    with vault.unit_of_work() as session:
        case = writable_case(session, case_id)
        if summary is not None:
            case.summary = valid_note(summary, "The summary")
        if nation is not None:
            case.nation = nation
        if reference is not None:
            new_reference = validate_reference(reference)
            clash = session.scalar(
                select(Case.id).where(Case.reference == new_reference, Case.id != case_id)
            )
            if clash is not None:
                raise InvalidInput(f"There is already a case with the reference {new_reference!r}.")
            case.reference = new_reference


def case_in(session: Session, case_id: int) -> Case:
    """The case, or a plain message when it has gone from the vault."""
    case = session.get(Case, case_id)
    if case is None:
        raise InvalidInput("That case is no longer in the vault.")
    return case


def writable_case(session: Session, case_id: int, what: str = "it", advice: str = "") -> Case:
    """The case, refused when closed: "Case X is closed, so ``what`` cannot be changed."
    Every service that changes a case's records goes through here (or ``check_open``)."""
    return check_open(case_in(session, case_id), what, advice)


def check_open(case: Case, what: str = "it", advice: str = "") -> Case:
    if case.status is CaseStatus.CLOSED:
        raise InvalidInput(
            f"Case {case.reference} is closed, so {what} cannot be changed."
            + (f" {advice}" if advice else "")
        )
    return case


def add_person(vault: Vault, case_id: int, draft: PersonDraft) -> int:
    valid = validate_person(draft)
    with vault.unit_of_work() as session:
        case = writable_case(session, case_id)
        person = _new_person(case, valid)
        session.flush()
        return person.id


def update_person(vault: Vault, person_id: int, draft: PersonDraft) -> None:
    valid = validate_person(draft)
    with vault.unit_of_work() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise InvalidInput("That person is no longer in the case.")
        writable_case(session, person.case_id)
        for f in fields(PersonDraft):
            setattr(person, f.name, getattr(valid, f.name))


def remove_person(vault: Vault, person_id: int) -> None:
    with vault.unit_of_work() as session:
        person = session.get(Person, person_id)
        if person is None:
            return
        case = writable_case(session, person.case_id)
        if case.subject_id == person_id:
            raise InvalidInput(
                f"{person.name} is the person this case is about, so they cannot be removed. "
                "Close the case instead, or make someone else the subject first."
            )
        session.delete(person)


def find_or_add_agency(session: Session, name: str, sector: Sector) -> Agency:
    agency_name = valid_name(name, "The agency's name")
    agency = session.scalar(
        select(Agency).where(Agency.name == agency_name, Agency.sector == sector)
    )
    if agency is None:
        agency = Agency(name=agency_name, sector=sector)
        session.add(agency)
    return agency


def add_professional(
    vault: Vault,
    case_id: int,
    draft: ProfessionalDraft,
    role_on_case: str = "",
    is_lead: bool = False,
) -> int:
    """Link a professional (found by name and agency, or added) to the case."""
    name = valid_name(draft.name, "The professional's name")
    with vault.unit_of_work() as session:
        case = writable_case(session, case_id)
        agency = find_or_add_agency(session, draft.agency_name, draft.sector)
        session.flush()
        professional = session.scalar(
            select(Professional).where(
                Professional.name == name, Professional.agency_id == agency.id
            )
        )
        if professional is None:
            professional = Professional(name=name, agency=agency)
            session.add(professional)
        professional.role = valid_line(draft.role, "The role")
        professional.phone = valid_line(draft.phone, "The phone number", 60)
        professional.secure_email = valid_line(draft.secure_email, "The email address", 254)
        session.flush()
        if any(i.professional_id == professional.id for i in case.involvements):
            raise InvalidInput(f"{name} is already involved in this case.")
        involvement = Involvement(
            professional=professional, role_on_case=valid_line(role_on_case, "The role on the case")
        )
        case.involvements.append(involvement)
        session.flush()
        if is_lead:
            _make_lead(case, involvement.id)
        return involvement.id


def _make_lead(case: Case, involvement_id: int) -> None:
    for involvement in case.involvements:
        involvement.is_lead = involvement.id == involvement_id


def set_lead_professional(vault: Vault, case_id: int, involvement_id: int) -> None:
    with vault.unit_of_work() as session:
        _make_lead(writable_case(session, case_id), involvement_id)


def remove_involvement(vault: Vault, involvement_id: int) -> None:
    with vault.unit_of_work() as session:
        involvement = session.get(Involvement, involvement_id)
        if involvement is None:
            return
        writable_case(session, involvement.case_id)
        session.delete(involvement)


def list_agencies(vault: Vault) -> list[tuple[str, Sector]]:
    """Every agency known to the vault, for choosing one when adding a professional."""
    with vault.unit_of_work() as session:
        return [
            (name, sector)
            for name, sector in session.execute(
                select(Agency.name, Agency.sector).order_by(Agency.name)
            )
        ]
