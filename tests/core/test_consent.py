"""Consent and information sharing: the register, decisions to share without agreement,
the sharing log, revisits, need-to-know copies of the minutes. Everyone is invented."""

from __future__ import annotations

import dataclasses
import json
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import (
    ConsentGiver,
    ConsentHow,
    ConsentStatus,
    OverrideGrounds,
    ShareMethod,
)
from tac_desktop.core.services import cases, consent, distribution, documents, meetings, reports
from tac_desktop.core.services.consent import (
    ConsentDraft,
    LogDraft,
    OverrideDraft,
    RevisitKind,
    SharingOutcome,
)
from tac_desktop.core.transfer import export_case, import_case, write_case_file
from tac_desktop.core.vault import KdfParams, Vault
from tests.conftest import CHAIR, PASSPHRASE
from tests.core.helpers import add_synthetic_case

TODAY = date.today()
LAST_WEEK = TODAY - timedelta(days=7)


def _pdftotext(pdf: bytes, tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    )
    return " ".join(result.stdout.split())


def _people(vault: Vault, case_id: int) -> dict[str, int]:
    return {p.name: p.id for p in cases.get_case(vault, case_id).people}


def _refusal(vault: Vault) -> tuple[int, int]:
    case_id = add_synthetic_case(vault)
    mother = _people(vault, case_id)["Gwendolyn Okonkwo-Bryce"]
    consent_id = consent.record_consent(
        vault,
        case_id,
        ConsentDraft(
            person_id=mother,
            given_by=ConsentGiver.THE_PERSON,
            status=ConsentStatus.REFUSED,
            decided_on=LAST_WEEK,
            how=ConsentHow.VERBAL,
            agency="Hollowmere Surgery",
            raise_again_on=TODAY + timedelta(days=3),
        ),
    )
    return case_id, consent_id


FULL_OVERRIDE = OverrideDraft(
    grounds=OverrideGrounds.CHILD_SIGNIFICANT_HARM,
    reasons="Bruising seen at school twice this week.",
    decided_by="Ffion Talbot-Reyes",
    decided_on=TODAY,
    approved_by="Bartholomew Quince",
    approved_on=TODAY,
    person_told=False,
    not_told_reason="Telling her now could put the child at more risk.",
)


# -- the register -----------------------------------------------------------------------


def test_a_consent_is_recorded_and_checked(vault: Vault) -> None:
    case_id = add_synthetic_case(vault)
    people = _people(vault, case_id)
    child = people["Tamsin Okonkwo-Bryce"]
    with pytest.raises(InvalidInput, match="parental responsibility who answered"):
        consent.record_consent(
            vault,
            case_id,
            ConsentDraft(
                child,
                ConsentGiver.PARENTAL_RESPONSIBILITY,
                ConsentStatus.GIVEN,
                TODAY,
                ConsentHow.WRITTEN,
            ),
        )
    with pytest.raises(InvalidInput, match="why nobody was asked"):
        consent.record_consent(
            vault,
            case_id,
            ConsentDraft(child, ConsentGiver.THE_PERSON, ConsentStatus.NOT_SOUGHT, TODAY),
        )
    with pytest.raises(InvalidInput, match="how they answered"):
        consent.record_consent(
            vault, case_id, ConsentDraft(child, ConsentGiver.THE_PERSON, ConsentStatus.GIVEN, TODAY)
        )
    with pytest.raises(InvalidInput, match="date still to come"):
        consent.record_consent(
            vault,
            case_id,
            ConsentDraft(
                child,
                ConsentGiver.THE_PERSON,
                ConsentStatus.GIVEN,
                TODAY + timedelta(days=1),
                ConsentHow.VERBAL,
            ),
        )
    given = consent.record_consent(
        vault,
        case_id,
        ConsentDraft(
            child,
            ConsentGiver.PARENTAL_RESPONSIBILITY,
            ConsentStatus.GIVEN,
            LAST_WEEK,
            ConsentHow.WRITTEN,
            given_by_name="Gwendolyn Okonkwo-Bryce",
        ),
    )
    (view,) = consent.case_consents(vault, case_id)
    assert (view.id, view.person_name, view.scope) == (
        given,
        "Tamsin Okonkwo-Bryce",
        consent.EVERY_AGENCY,
    )
    assert consent.sharing_check(vault, case_id, "Any School").outcome is SharingOutcome.GIVEN

    consent.withdraw_consent(
        vault, given, TODAY, ConsentHow.VERBAL, "Changed her mind at the door."
    )
    view = consent.get_consent(vault, given)
    assert view.status is ConsentStatus.WITHDRAWN and "door" in view.note
    assert consent.sharing_check(vault, case_id, "Any School").outcome is SharingOutcome.REFUSED


def test_the_override_refuses_to_save_without_grounds_and_approval(vault: Vault) -> None:
    _case_id, consent_id = _refusal(vault)
    with pytest.raises(InvalidInput) as refused:
        consent.record_override(vault, consent_id, OverrideDraft())
    message = str(refused.value)
    for needed in ("the grounds", "line manager", "the date they approved it", "was told"):
        assert needed in message
    assert "Nothing you typed has been lost" in message
    for missing in (
        {"grounds": None},
        {"approved_by": "  "},
        {"approved_on": None},
        {"person_told": None},
        {"not_told_reason": ""},
    ):
        with pytest.raises(InvalidInput, match="cannot be saved"):
            consent.record_override(
                vault, consent_id, dataclasses.replace(FULL_OVERRIDE, **missing)
            )
    assert consent.get_consent(vault, consent_id).overrides == ()

    override_id = consent.record_override(vault, consent_id, FULL_OVERRIDE)

    view = consent.get_consent(vault, consent_id)
    assert view.overridden and view.overrides[0].id == override_id
    assert view.overrides[0].approved_by == "Bartholomew Quince"


def test_an_override_needs_a_refusal(vault: Vault) -> None:
    case_id = add_synthetic_case(vault)
    mother = _people(vault, case_id)["Gwendolyn Okonkwo-Bryce"]
    given = consent.record_consent(
        vault,
        case_id,
        ConsentDraft(
            mother, ConsentGiver.THE_PERSON, ConsentStatus.GIVEN, TODAY, ConsentHow.WRITTEN
        ),
    )
    with pytest.raises(InvalidInput, match="no refusal to share against"):
        consent.record_override(vault, given, FULL_OVERRIDE)


def test_the_check_before_sharing(vault: Vault) -> None:
    case_id, consent_id = _refusal(vault)
    assert (
        consent.sharing_check(vault, case_id, "Elsewhere Academy").outcome
        is SharingOutcome.NOT_RECORDED
    )
    check = consent.sharing_check(vault, case_id, " hollowmere  surgery ")
    assert check.outcome is SharingOutcome.REFUSED and check.needs_asking
    assert check.override is None and check.grounds == ""
    consent.record_override(vault, consent_id, FULL_OVERRIDE)
    check = consent.sharing_check(vault, case_id, "Hollowmere Surgery")
    assert check.override is not None and "significant harm" in check.grounds
    assert check.outcome is SharingOutcome.REFUSED and not check.needs_asking


# -- revisits ---------------------------------------------------------------------------


def test_revisit_dates_appear_when_due(vault: Vault) -> None:
    case_id, consent_id = _refusal(vault)  # ask again in 3 days
    mother = _people(vault, case_id)["Gwendolyn Okonkwo-Bryce"]
    consent.record_consent(
        vault,
        case_id,
        ConsentDraft(
            mother,
            ConsentGiver.THE_PERSON,
            ConsentStatus.GIVEN,
            LAST_WEEK,
            ConsentHow.WRITTEN,
            agency="Elsewhere Academy",
            review_on=TODAY + timedelta(days=30),
        ),
    )
    due = consent.revisits_due(vault, case_id)
    assert [(r.consent_id, r.kind) for r in due] == [(consent_id, RevisitKind.ASK_AGAIN)]
    assert not due[0].is_overdue(TODAY)
    assert "Ask Gwendolyn Okonkwo-Bryce again" in due[0].in_words
    # A month on, the review is due too, and asking again is overdue.
    later = consent.revisits_due(vault, today=TODAY + timedelta(days=25))
    assert [r.kind for r in later] == [RevisitKind.ASK_AGAIN, RevisitKind.REVIEW]
    assert later[0].is_overdue(TODAY + timedelta(days=25))
    assert consent.revisits_due(vault, today=TODAY - timedelta(days=30)) == []


def test_the_demo_has_one_revisit_due_and_one_override(demo_vault: Vault) -> None:
    (due,) = consent.revisits_due(demo_vault)
    assert (due.case_reference, due.person_name) == ("TAC-2026-0102", "Tomasz Kowalczyk")
    for row in cases.list_cases(demo_vault):
        assert consent.case_consents(demo_vault, row.id), row.reference
    overridden = [
        c
        for row in cases.list_cases(demo_vault)
        for c in consent.case_consents(demo_vault, row.id)
        if c.overridden
    ]
    assert [c.person_name for c in overridden] == ["Tomasz Kowalczyk"]


# -- the log ----------------------------------------------------------------------------


def _final(vault: Vault, reference: str) -> int:
    rows = meetings.list_meetings(vault, cases.find_case_id(vault, reference))
    return next(m.id for m in rows if m.status.value == "finalised")


def test_exporting_a_summary_adds_a_log_entry_naming_the_agency(demo_vault: Vault) -> None:
    final = _final(demo_vault, "TAC-2026-0101")
    case_id = cases.find_case_id(demo_vault, "TAC-2026-0101")
    before = len(consent.sharing_log(demo_vault, case_id))

    reports.record_summary_sent(
        demo_vault, final, "Riverside CAMHS", "x.pdf", method=ShareMethod.SECURE_EMAIL
    )

    log = consent.sharing_log(demo_vault, case_id)
    assert len(log) == before + 1
    entry = next(e for e in log if e.source == "outcome_summary")
    assert entry.recipient == "Riverside CAMHS" and entry.shared and entry.automatic
    assert entry.what.startswith("Outcome summary of")
    assert entry.basis.startswith("Consent recorded")
    assert entry.decided_by == "Jordan Ellery" and entry.how is ShareMethod.SECURE_EMAIL


def test_a_decision_not_to_share_is_logged_and_a_phone_call_by_hand(vault: Vault) -> None:
    case_id, _consent_id = _refusal(vault)
    consent.log_not_shared(
        vault, case_id, "Outcome summary", "Hollowmere Surgery", "She did not agree."
    )
    with pytest.raises(InvalidInput, match="how it was shared"):
        consent.add_log_entry(
            vault,
            case_id,
            LogDraft("A call", "Elsewhere Academy", "To check in", "Ffion Talbot-Reyes", TODAY),
        )
    consent.add_log_entry(
        vault,
        case_id,
        LogDraft(
            "That Tamsin is off sick",
            "Elsewhere Academy",
            "To explain her absence",
            "Ffion Talbot-Reyes",
            TODAY,
            how=ShareMethod.PHONE,
            contact="Mr Pell",
        ),
    )
    call, not_shared = consent.sharing_log(vault, case_id)
    assert (call.contact, call.how, call.automatic) == ("Mr Pell", ShareMethod.PHONE, False)
    assert "Nothing is recorded about consent" in call.basis
    assert not not_shared.shared and not_shared.how is None
    assert not_shared.basis.startswith(
        "Not shared. Consent to share with Hollowmere Surgery was refused"
    )


def test_minutes_sent_log_each_recipient_once(demo_vault: Vault) -> None:
    final = _final(demo_vault, "TAC-2026-0102")
    case_id = cases.find_case_id(demo_vault, "TAC-2026-0102")
    view = meetings.get_meeting(demo_vault, final)
    meetings.mark_sent(demo_vault, final, meetings.Paperwork.MINUTES, TODAY)
    meetings.mark_sent(demo_vault, final, meetings.Paperwork.MINUTES, TODAY)  # again: replaced
    entries = [e for e in consent.sharing_log(demo_vault, case_id) if e.source == "minutes"]
    # The demo's chair confirmed a distribution list: one entry per line with a copy
    # (Tomasz, marked as not to receive information, has none and is not logged).
    listed = distribution.distribution(demo_vault, final).recipients
    assert len(entries) == sum(1 for r in listed if r.copy.value != "none")
    assert len(entries) < len(view.attendees)
    assert not any(e.recipient == "Tomasz Kowalczyk" for e in entries)
    school = next(e for e in entries if e.recipient == "Bryn Primary School")
    assert "full copy" in school.what and school.contact == "Megan Price"
    assert school.override_id is not None  # the father's refusal was overridden
    meetings.mark_sent(demo_vault, final, meetings.Paperwork.MINUTES, None)
    assert not [e for e in consent.sharing_log(demo_vault, case_id) if e.source == "minutes"]


# -- need-to-know -----------------------------------------------------------------------


def test_a_restricted_section_is_absent_from_an_agency_copy(
    demo_vault: Vault, tmp_path: Path
) -> None:
    final = _final(demo_vault, "TAC-2026-0102")
    full = _pdftotext(documents.minutes_document(demo_vault, final).pdf, tmp_path, "full.pdf")
    copy = documents.minutes_document(demo_vault, final, for_agency="Dyfed Police")
    text = _pdftotext(copy.pdf, tmp_path, "copy.pdf")

    assert "antidepressant" in full and "antidepressant" not in text
    assert "left out of this copy" in text and "left out of this copy" not in full
    assert "Copy for Dyfed Police" in text and "Dyfed Police" in copy.title
    # The consent statement names the decision to share without agreement, in both.
    for words in (full, text):
        assert "Information shared without agreement" in words
        assert "Delyth Rowlands" in words
    meetings.set_restricted(demo_vault, final, "updates", False)
    again = documents.minutes_document(demo_vault, final, for_agency="Dyfed Police")
    assert "antidepressant" in _pdftotext(again.pdf, tmp_path, "again.pdf")


# -- the case file ----------------------------------------------------------------------


@pytest.fixture
def other(tmp_path: Path, fast_kdf: KdfParams) -> Iterator[Vault]:
    opened = Vault.create(tmp_path / "other.tacvault", PASSPHRASE, CHAIR, fast_kdf)
    yield opened
    opened.close()


def test_case_file_round_trip(demo_vault: Vault, other: Vault, tmp_path: Path) -> None:
    path = write_case_file(demo_vault, "TAC-2026-0101", tmp_path / "whitfield.json")
    first = json.loads(path.read_text(encoding="utf-8"))
    assert first["consents"] and first["sharing_log"]
    assert {e["recipient"] for e in first["sharing_log"]} >= {
        "Northgate Academy",
        "Harriet Whitfield",
    }

    reference = import_case(other, path)
    again = export_case(other, reference)

    for name in ("consents", "sharing_log", "meetings"):
        assert again[name] == first[name]
