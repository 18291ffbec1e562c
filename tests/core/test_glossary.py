"""The glossary: spotting acronyms in notes, the vault's editable terms, and the minutes'
list of every term they use."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import Sector
from tac_desktop.core.practice.glossary import SEED_TERMS, find_acronyms, terms_used, unexplained
from tac_desktop.core.services import cases, documents, glossary, meetings
from tac_desktop.core.services.cases import CaseDraft, PersonDraft
from tac_desktop.core.services.meetings import MeetingDraft
from tac_desktop.core.vault import Vault

KNOWN = {t.term for t in SEED_TERMS}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The SENCO will call.", ["SENCO"]),
        ("Referred to CAMHS, MARAC; and the LADO.", ["CAMHS", "MARAC", "LADO"]),
        ("(EHCP)", ["EHCP"]),
        ("Both EHCPs are late.", ["EHCP"]),
        ("CP/CIN planning", ["CP", "CIN"]),
        ("Ask the IDVA: she knows.", ["IDVA"]),  # unknown, but an acronym
        ('Dad shouted "GET OUT OF MY HOUSE" twice.', []),  # a shouted quote
        ("She said 'LEAVE' and went.", []),  # a quoted word in capitals
        ("Mum said STOP IT NOW to the boys.", []),  # a shouted run of words
        ("I think it is OK.", []),  # ordinary words
        ("The GP's letter", ["GP"]),
        ("Zoë's EHCP review", ["EHCP"]),
        ('Mum called the "CAMHS" line.', ["CAMHS"]),  # a known term, even quoted
        ("The SENCo will call.", ["SENCO"]),  # as schools write it
        ("Both SENCos and the GP came.", ["SENCO", "GP"]),
        ("Senco, senco and Cin are words here.", []),  # fewer than two capitals
    ],
)
def test_acronyms_are_found_next_to_punctuation_and_plurals(text: str, found: list[str]) -> None:
    assert [f.term for f in find_acronyms(text, KNOWN)] == found


def test_only_unknown_and_unexplained_acronyms_are_marked() -> None:
    text = (
        "The IDVA (domestic abuse adviser) met Mum. "
        "The IDVA and the PCSO will visit with the SENCO."
    )
    marked = unexplained(text, KNOWN)
    assert [m.term for m in marked] == ["PCSO"]  # IDVA explained at first use, SENCO known
    start, end = marked[0].start, marked[0].end
    assert text[start:end] == "PCSO"


def test_the_vault_is_seeded_once_and_terms_can_be_edited(vault: Vault) -> None:
    seeded = glossary.terms(vault)
    assert {t.term for t in seeded} == KNOWN
    cp = next(t for t in seeded if t.term == "CP")
    assert cp.meaning_for(Sector.EDUCATION).startswith("In some schools")
    assert cp.meaning_for(Sector.HEALTH) == cp.meaning
    glossary.remove_term(vault, cp.id)
    assert "CP" not in glossary.known_terms(vault)  # not put back
    new = glossary.add_term(
        vault, "idva", "Independent domestic violence adviser.", {Sector.POLICE: "Same."}
    )
    with pytest.raises(InvalidInput, match="already in the glossary"):
        glossary.add_term(vault, "IDVA", "Again.")
    with pytest.raises(InvalidInput, match="one word"):
        glossary.add_term(vault, "two words", "No.")
    with pytest.raises(InvalidInput, match="plain words"):
        glossary.add_term(vault, "XYZ", "  ")
    glossary.update_term(vault, new, "Independent domestic abuse adviser.")
    idva = next(t for t in glossary.terms(vault) if t.term == "IDVA")
    assert idva.meaning == "Independent domestic abuse adviser." and idva.by_sector == {}


def test_the_minutes_end_with_exactly_the_terms_they_use(vault: Vault, tmp_path: Path) -> None:
    case_id = cases.create_case(vault, CaseDraft("G-1", PersonDraft("Child Testglossary")))
    meeting_id = meetings.create_meeting(
        vault, case_id, MeetingDraft("cin_review", date(2026, 11, 20))
    )
    key = meetings.get_meeting(vault, meeting_id).sections[0].key
    meetings.save_notes(vault, meeting_id, key, "The SENCO and CAMHS spoke; EHCPs are late.")
    content = documents.minutes_content(vault, meeting_id)
    used = [g.term for g in content.glossary]
    # Only what the minutes say: the seeded CIN, MARAC... are not listed.
    assert used == ["CAMHS", "EHCP", "SENCO"]
    assert terms_used(["CIN and EHCPs", "no terms here"], KNOWN) == ["CIN", "EHCP"]
    path = tmp_path / "minutes.pdf"
    path.write_bytes(documents.minutes_document(vault, meeting_id).pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Words and abbreviations used in these minutes" in text
    tail = text.split("Words and abbreviations used in these minutes")[1]
    assert re.search(r"SENCO\s+Special educational needs coordinator", tail)
    assert "MARAC" not in tail
