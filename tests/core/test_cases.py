"""Case records through the services: validation in plain words, search, the subject."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import Nation, Sector
from tac_desktop.core.services import cases
from tac_desktop.core.services.cases import CaseDraft, PersonDraft, ProfessionalDraft
from tac_desktop.core.text import _fold_slowly, fold_for_search
from tac_desktop.core.vault import Vault

CHILD = PersonDraft("Zoë Testperson", date_of_birth=date(2012, 5, 17))


def new_case(vault: Vault, reference: str = "T-1", subject: PersonDraft = CHILD) -> int:
    return cases.create_case(vault, CaseDraft(reference, subject, Nation.SCOTLAND, "Why."))


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("zoe", "Zoë"),
        ("lukasz", "Łukasz"),
        ("ayse yilmaz", "Ayşe Yılmaz"),
        ("strasse", "Straße"),
        ("dorde", "Đorđe"),
        ("يوسف", "يُوسُف"),
        ("athena", "athena"),
        ("nguyen", "Nguyễn"),
        ("zoe", "ＺＯＥ"),
    ],
)
def test_search_folding_ignores_accents_case_and_marks(typed: str, name: str) -> None:
    assert fold_for_search(typed) in fold_for_search(name)


def test_fast_folding_matches_the_unicode_definition() -> None:
    text = "".join(chr(c) for c in range(0x20, 0x700) if chr(c).isprintable())
    for start in range(0, len(text), 37):
        chunk = text[start : start + 37]
        assert fold_for_search(chunk) == _fold_slowly(chunk)


def test_list_cases_shows_subject_age_lead_and_finds_any_family_member(vault: Vault) -> None:
    case_id = new_case(vault)
    cases.add_person(vault, case_id, PersonDraft("Łukasz Brother", preferred_name="Luk"))
    cases.add_professional(
        vault,
        case_id,
        ProfessionalDraft("Kim Teacher", "Testshire School", Sector.EDUCATION),
        is_lead=True,
    )
    [row] = cases.list_cases(vault, today=date(2026, 11, 23))
    assert (row.reference, row.subject, row.age, row.lead_professional) == (
        "T-1",
        "Zoë Testperson",
        14,
        "Kim Teacher",
    )
    for typed in ("zoe", "lukasz", "luk", "t-1"):
        assert fold_for_search(typed) in row.search_key


def test_renaming_a_person_updates_the_search(vault: Vault) -> None:
    case_id = new_case(vault)
    person_id = cases.add_person(vault, case_id, PersonDraft("Old Name"))
    cases.update_person(vault, person_id, PersonDraft("Émile Newname"))
    [row] = cases.list_cases(vault)
    assert "emile newname" in row.search_key
    assert "old name" not in row.search_key


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (PersonDraft("   "), "cannot be empty"),
        (PersonDraft("x" * 201), "too long"),
        (PersonDraft("Future", date_of_birth=date.today() + timedelta(days=1)), "in the future"),
        (PersonDraft("Ancient", date_of_birth=date(1850, 1, 1)), "too long ago"),
        (PersonDraft("Old", estimated_age=130), "between 0 and 120"),
    ],
)
def test_bad_people_get_plain_messages_and_nothing_is_saved(
    vault: Vault, draft: PersonDraft, message: str
) -> None:
    case_id = new_case(vault)
    with pytest.raises(InvalidInput, match=message):
        cases.add_person(vault, case_id, draft)
    assert len(cases.get_case(vault, case_id).people) == 1


def test_markup_rtl_and_a_50000_word_note_are_kept_exactly(vault: Vault) -> None:
    note = " ".join(["word"] * 50_000) + " <script>&amp; ليلى"
    case_id = new_case(vault)
    person_id = cases.add_person(
        vault, case_id, PersonDraft('<img src="/etc/passwd"/> & "Ayşe" ليلى', notes=note)
    )
    person = next(p for p in cases.get_case(vault, case_id).people if p.id == person_id)
    assert person.name == '<img src="/etc/passwd"/> & "Ayşe" ليلى'
    assert person.notes == note


def test_the_subject_cannot_be_removed_but_others_can(vault: Vault) -> None:
    case_id = new_case(vault)
    other = cases.add_person(vault, case_id, PersonDraft("Someone Else"))
    subject_id = cases.get_case(vault, case_id).subject_id
    assert subject_id is not None
    with pytest.raises(InvalidInput, match="cannot be removed"):
        cases.remove_person(vault, subject_id)
    cases.remove_person(vault, other)
    assert [p.name for p in cases.get_case(vault, case_id).people] == ["Zoë Testperson"]


def test_references_are_unique_and_required(vault: Vault) -> None:
    new_case(vault)
    with pytest.raises(InvalidInput, match="already a case"):
        new_case(vault)
    with pytest.raises(InvalidInput, match="needs a reference"):
        new_case(vault, "  ")


def test_child_or_adult_comes_from_the_date_of_birth(vault: Vault) -> None:
    case_id = new_case(vault)
    adult = PersonDraft("Grown Up", date_of_birth=date(1990, 1, 1), declared_child=True)
    cases.add_person(vault, case_id, adult)
    cases.add_person(vault, case_id, replace(adult, name="No Date", date_of_birth=None))
    people = {p.name: p for p in cases.get_case(vault, case_id).people}
    assert people["Zoë Testperson"].is_child
    assert not people["Grown Up"].is_child  # the date wins over the tick
    assert people["No Date"].is_child  # no date, no estimate: the tick decides


def test_one_lead_professional_at_a_time(vault: Vault) -> None:
    case_id = new_case(vault)
    first = cases.add_professional(
        vault, case_id, ProfessionalDraft("A Worker", "Agency One"), is_lead=True
    )
    second = cases.add_professional(vault, case_id, ProfessionalDraft("B Worker", "Agency Two"))
    cases.set_lead_professional(vault, case_id, second)
    view = cases.get_case(vault, case_id)
    assert view.lead is not None and view.lead.id == second
    assert [i.id for i in view.involvements if i.is_lead] == [second]
    assert first != second
