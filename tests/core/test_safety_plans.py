"""Safety plans: drafts, versions, comparisons, sends and who still holds an old version.

Every person named here is invented.
"""

from __future__ import annotations

import io
import subprocess
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import (
    AuditEntry,
    Case,
    CaseStatus,
    PlanShape,
    RecipientKind,
    SafetyPlanVersion,
    SendMethod,
)
from tac_desktop.core.practice.safety_plans import (
    Contact,
    PlanContent,
    Rule,
    View,
    Worry,
    sections_for,
)
from tac_desktop.core.services import cases
from tac_desktop.core.services import safety_plans as plans
from tac_desktop.core.vault import Vault
from tests.core.helpers import add_synthetic_case

TODAY = date.today()
LAST_MONTH = TODAY - timedelta(days=30)
IN_SIX_WEEKS = TODAY + timedelta(weeks=6)


def family_content(phone: str = "07700 900111") -> PlanContent:
    return PlanContent(
        {
            "worries": (
                Worry(
                    "We are worried that Tamsin could be hurt if the adults argue late at night.",
                    "Tamsin sleeps safely every night and the adults sort rows out calmly.",
                ),
            ),
            "network": (
                Contact("Ada Quell", "Aunt", phone, "Checks in every evening"),
                Contact("Bryn Tolley", "Neighbour", "01632 960001", "Tamsin can go to him"),
            ),
            "rules": (
                Rule("If an argument starts, Tamsin goes to Ada's.", ("Ada Quell",)),
                Rule("Nobody drinks at home on school nights.", ("Ada Quell", "Bryn Tolley")),
            ),
            "triggers": ("Payday weekends", "Late nights with friends round"),
            "working": ("Tamsin gets to school on time and says home is calm.",),
            "not_working": ("Ada calls the social worker the same day.",),
            "disagreements": (
                View("Drinking is the reason for the rows.", "School, Ada", "Gwendolyn"),
            ),
        }
    )


@pytest.fixture
def case_id(vault: Vault) -> int:
    return add_synthetic_case(vault)


@pytest.fixture
def plan_id(vault: Vault, case_id: int) -> int:
    plan = plans.create_plan(vault, case_id, PlanShape.FAMILY)
    plans.save_draft(vault, plan, family_content())
    return plan


def subject_id(vault: Vault, case_id: int) -> int:
    subject = cases.get_case(vault, case_id).subject
    assert subject is not None
    return subject.id


def close(vault: Vault, case_id: int) -> None:
    """No screen closes a case yet; close it as the closure checklist will."""
    with vault.unit_of_work() as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.status, case.closed_on = CaseStatus.CLOSED, TODAY


def issue(vault: Vault, plan_id: int, reason: str = "First plan, agreed at the meeting.") -> int:
    return plans.issue_version(
        vault, plan_id, reason, "Gwendolyn, Ada, the school", IN_SIX_WEEKS, LAST_MONTH
    )


# -- creating and drafting --------------------------------------------------------------


def test_a_new_plan_has_an_empty_draft_with_every_section_of_its_shape(
    vault: Vault, case_id: int
) -> None:
    plan_id = plans.create_plan(vault, case_id, PlanShape.FAMILY)
    view = plans.get_plan(vault, plan_id)
    assert view.title == "Family safety plan"
    assert view.for_name == ""
    assert view.versions == [] and view.latest is None
    assert view.draft.is_empty() and not view.draft_changed
    assert list(view.draft.sections) == [s.key for s in sections_for(PlanShape.FAMILY)]
    assert plans.case_plans(vault, case_id)[0].latest_number is None


def test_a_personal_plan_is_for_a_young_person_of_the_case(vault: Vault, case_id: int) -> None:
    with pytest.raises(InvalidInput, match="Say which young person"):
        plans.create_plan(vault, case_id, PlanShape.PERSONAL)
    other_case = add_synthetic_case(vault, "SYN-2026-0002", "Idris Vantongeren")
    with pytest.raises(InvalidInput, match="not part of this case"):
        plans.create_plan(vault, case_id, PlanShape.PERSONAL, subject_id(vault, other_case))

    plan_id = plans.create_plan(vault, case_id, PlanShape.PERSONAL, subject_id(vault, case_id))
    view = plans.get_plan(vault, plan_id)
    assert view.title == "My safety plan"
    assert view.for_name == "Tamsin Okonkwo-Bryce"
    assert [s.key for s in view.sections][:2] == ["warning_signs", "on_my_own"]


def test_the_draft_is_tidied_as_it_is_saved(vault: Vault, plan_id: int) -> None:
    messy = family_content().with_section(
        "triggers", ("  Payday\nweekends\x07 ", "", "   ", "Late nights")
    )
    messy = messy.with_section(
        "network",
        (
            Contact(" Ada Quell ", "Aunt", " 07700 900111 "),
            Contact("Bryn Tolley", "Neighbour"),
            Contact(""),  # an empty row of the editor
        ),
    )
    messy = messy.with_section(
        "rules", (Rule("Tamsin goes to Ada's.", ("ada quell", "ADA QUELL")),)
    )
    kept = plans.save_draft(vault, plan_id, messy)
    assert kept.lines("triggers") == ("Payday weekends", "Late nights")
    assert kept.contacts("network") == (
        Contact("Ada Quell", "Aunt", "07700 900111"),
        Contact("Bryn Tolley", "Neighbour"),
    )
    # Names in a rule are spelt as in the network, once each.
    assert kept.rules == (Rule("Tamsin goes to Ada's.", ("Ada Quell",)),)
    assert plans.get_plan(vault, plan_id).draft == kept


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        ("call her", "has no numbers in it"),
        ("99", "too short to be a phone number"),
        ("ada@example.org", "looks like an email address"),
        ("0" * 61, "too long"),
    ],
)
def test_a_phone_number_is_checked_loosely_with_a_plain_message(
    vault: Vault, plan_id: int, phone: str, message: str
) -> None:
    # The draft keeps it as typed; the problem is named, and no version can carry it.
    kept = plans.save_draft(vault, plan_id, family_content(phone))
    assert kept.contacts("network")[0].phone == phone
    assert plans.get_plan(vault, plan_id).draft == kept
    problems = plans.draft_problems(PlanShape.FAMILY, kept)
    assert len(problems) == 1 and message in problems[0] and "Ada Quell" in problems[0]
    with pytest.raises(InvalidInput, match=message) as caught:
        issue(vault, plan_id)
    assert str(caught.value) == problems[0]
    assert plans.get_plan(vault, plan_id).versions == []
    with pytest.raises(InvalidInput, match=message):
        plans.validate_content(PlanShape.FAMILY, kept)  # a version in a case file


@pytest.mark.parametrize("phone", ["116 123", "+44 (0)1632 960000 ext 204", "Text SHOUT to 85258"])
def test_real_numbers_of_many_shapes_are_accepted(vault: Vault, plan_id: int, phone: str) -> None:
    kept = plans.save_draft(vault, plan_id, family_content(phone))
    assert kept.contacts("network")[0].phone == phone


def test_a_draft_is_kept_as_typed_and_its_problems_named(vault: Vault, plan_id: int) -> None:
    content = family_content()
    unfinished = (
        content.with_section(
            "rules",
            (
                Rule("Walk to school", ("Cara Dunmore",)),
                Rule("Tamsin goes to Ada's.", ("ada quell",)),
            ),
        )
        .with_section("network", (*content.contacts("network"), Contact("", phone="01632 960002")))
        .with_section("worries", (Worry("", "Safe"),))
    )
    kept = plans.save_draft(vault, plan_id, unfinished)
    assert plans.get_plan(vault, plan_id).draft == kept
    assert kept.rules == (
        Rule("Walk to school", ("Cara Dunmore",)),  # kept as written
        Rule("Tamsin goes to Ada's.", ("Ada Quell",)),  # spelt as in the network
    )
    assert kept.contacts("network")[-1] == Contact("", phone="01632 960002")
    assert kept.worries == (Worry("", "Safe"),)
    problems = plans.draft_problems(PlanShape.FAMILY, kept)
    assert len(problems) == 3, problems
    assert any("needs a name" in p for p in problems)
    assert any("Say what the worry is for the safety goal “Safe”" in p for p in problems)
    assert any("Cara Dunmore, who is not in the safety network" in p for p in problems)
    assert plans.draft_problems(PlanShape.FAMILY, content) == []
    # A version goes to the family and agencies: it must be right, so issuing says all.
    with pytest.raises(InvalidInput, match="Put these right before issuing") as caught:
        issue(vault, plan_id)
    assert all(problem in str(caught.value) for problem in problems)
    assert plans.get_plan(vault, plan_id).versions == []


def test_only_what_cannot_be_stored_is_refused(vault: Vault, plan_id: int) -> None:
    content = family_content()
    with pytest.raises(InvalidInput, match="too long"):
        plans.save_draft(vault, plan_id, content.with_section("triggers", ("x" * 2001,)))
    with pytest.raises(InvalidInput, match="no section called 'warning_signs'"):
        plans.save_draft(vault, plan_id, content.with_section("warning_signs", ("Alone",)))
    with pytest.raises(InvalidInput, match="points of text only"):
        plans.save_draft(vault, plan_id, content.with_section("triggers", (Contact("Ada"),)))
    assert plans.get_plan(vault, plan_id).draft == family_content()  # nothing was kept
    problems = plans.draft_problems(
        PlanShape.FAMILY, content.with_section("triggers", ("x" * 2001,))
    )
    assert len(problems) == 1 and "too long" in problems[0]


# -- versions ---------------------------------------------------------------------------


def test_issuing_copies_the_draft_into_version_one(vault: Vault, plan_id: int) -> None:
    version_id = issue(vault, plan_id)
    view = plans.get_plan(vault, plan_id)
    assert [v.number for v in view.versions] == [1]
    first = view.versions[0]
    assert first.id == version_id
    assert first.content == view.draft == family_content()
    assert (first.issued_on, first.review_on) == (LAST_MONTH, IN_SIX_WEEKS)
    assert first.reason == "First plan, agreed at the meeting."
    assert first.agreed_by == "Gwendolyn, Ada, the school"
    assert first.title == "Family safety plan"
    assert not view.draft_changed
    summary = plans.case_plans(vault, view.case_id)[0]
    assert (summary.latest_number, summary.issued_on, summary.review_on) == (
        1,
        LAST_MONTH,
        IN_SIX_WEEKS,
    )


@pytest.mark.parametrize(
    ("reason", "agreed_by", "review_on", "issued_on", "message"),
    [
        ("", "Ada", IN_SIX_WEEKS, None, "Say why this version is being issued"),
        ("First plan", "  ", IN_SIX_WEEKS, None, "Say who agreed this version"),
        ("First plan", "Ada", None, None, "Choose the date the plan will be reviewed"),
        ("First plan", "Ada", TODAY - timedelta(days=1), None, "must be after the date"),
        ("First plan", "Ada", TODAY, TODAY, "must be after the date"),
        ("First plan", "Ada", IN_SIX_WEEKS, TODAY + timedelta(days=1), "still to come"),
    ],
)
def test_a_version_needs_a_reason_who_agreed_and_a_later_review_date(
    vault: Vault,
    plan_id: int,
    reason: str,
    agreed_by: str,
    review_on: date | None,
    issued_on: date | None,
    message: str,
) -> None:
    with pytest.raises(InvalidInput, match=message):
        plans.issue_version(vault, plan_id, reason, agreed_by, review_on, issued_on)
    assert plans.get_plan(vault, plan_id).versions == []


def test_an_empty_plan_or_a_rule_nobody_keeps_is_not_issued(vault: Vault, case_id: int) -> None:
    plan_id = plans.create_plan(vault, case_id, PlanShape.FAMILY)
    with pytest.raises(InvalidInput, match="The plan is empty"):
        issue(vault, plan_id)
    plans.save_draft(vault, plan_id, family_content().with_section("rules", (Rule("Walk"),)))
    with pytest.raises(InvalidInput, match="“Walk” does not say who"):
        issue(vault, plan_id)


def test_nothing_changed_since_the_last_version_is_refused(vault: Vault, plan_id: int) -> None:
    issue(vault, plan_id)
    with pytest.raises(InvalidInput, match="Nothing has changed since version 1") as caught:
        issue(vault, plan_id, "Sent again.")
    assert "record that version as sent" in str(caught.value)
    # Saving the same content again (tidied to the same thing) is still no change.
    plans.save_draft(
        vault,
        plan_id,
        family_content().with_section(
            "triggers", ("Payday weekends ", "Late nights with friends round")
        ),
    )
    with pytest.raises(InvalidInput, match="Nothing has changed"):
        issue(vault, plan_id, "Sent again.")


def test_a_new_version_cannot_be_dated_before_the_last(vault: Vault, plan_id: int) -> None:
    issue(vault, plan_id)
    plans.save_draft(vault, plan_id, family_content().with_section("triggers", ("Payday",)))
    with pytest.raises(InvalidInput, match="cannot be dated before it"):
        plans.issue_version(
            vault, plan_id, "Change", "Ada", IN_SIX_WEEKS, LAST_MONTH - timedelta(days=1)
        )


def test_an_issued_version_can_never_be_changed(vault: Vault, plan_id: int) -> None:
    version_id = issue(vault, plan_id)
    with (
        pytest.raises(InvalidInput, match="cannot be changed"),
        vault.unit_of_work() as session,
    ):
        version = session.get(SafetyPlanVersion, version_id)
        assert version is not None
        version.reason = "Rewritten history"
    assert plans.get_plan(vault, plan_id).versions[0].reason.startswith("First plan")


def test_an_issued_version_keeps_the_name_and_title_it_had(vault: Vault, case_id: int) -> None:
    person = subject_id(vault, case_id)
    plan_id = plans.create_plan(vault, case_id, PlanShape.PERSONAL, person)
    plans.save_draft(vault, plan_id, PlanContent({"warning_signs": ("I stop eating",)}))
    issue(vault, plan_id)
    plans.set_title(vault, plan_id, "Tamsin's plan for hard days")
    view = plans.get_plan(vault, plan_id)
    assert view.draft_changed  # a new title is a change worth a version
    assert view.versions[0].title == "My safety plan"
    assert view.versions[0].for_name == "Tamsin Okonkwo-Bryce"


# -- comparing --------------------------------------------------------------------------


def test_versions_compare_section_by_section(vault: Vault, plan_id: int) -> None:
    issue(vault, plan_id)
    before = family_content()
    after = before.with_section(
        "triggers", ("Payday weekends", "Late nights with friends round", "Grant's court date")
    )
    after = after.with_section(
        "network",
        (
            Contact("Ada Quell", "Aunt", "07700 900999", "Checks in every evening"),
            Contact("Cara Dunmore", "Family friend", "01632 960003"),
        ),
    )
    after = after.with_section(
        "rules",
        (
            Rule("If an argument starts, Tamsin goes to Ada's.", ("Ada Quell",)),
            Rule("Nobody drinks at home at all.", ("Cara Dunmore",)),
        ),
    )
    after = after.with_section("working", ())
    plans.save_draft(vault, plan_id, after)
    assert [c.key for c in plans.draft_changes(vault, plan_id)] == [
        "rules",
        "network",
        "triggers",
        "working",
    ]
    plans.issue_version(vault, plan_id, "After the row on Saturday.", "Everyone", IN_SIX_WEEKS)

    changes = {c.key: c for c in plans.compare_versions(vault, plan_id, 1, 2)}
    assert list(changes) == ["rules", "network", "triggers", "working"]
    assert changes["triggers"].added == ("Grant's court date",)
    assert changes["triggers"].title == "Triggers and red flags"
    assert changes["working"].removed == ("Tamsin gets to school on time and says home is calm.",)
    assert changes["rules"].changed == (
        (
            "Nobody drinks at home on school nights. (kept by Ada Quell, Bryn Tolley)",
            "Nobody drinks at home at all. (kept by Cara Dunmore)",
        ),
    )
    network = changes["network"]
    assert network.added == ("Cara Dunmore (Family friend; 01632 960003)",)
    assert network.removed == ("Bryn Tolley (Neighbour; 01632 960001; Tamsin can go to him)",)
    assert network.changed == (
        (
            "Ada Quell (Aunt; 07700 900111; Checks in every evening)",
            "Ada Quell (Aunt; 07700 900999; Checks in every evening)",
        ),
    )
    # Backwards reads as the opposite.
    back = {c.key: c for c in plans.compare_versions(vault, plan_id, 2, 1)}
    assert back["triggers"].removed == ("Grant's court date",)
    with pytest.raises(InvalidInput, match="no version 3"):
        plans.compare_versions(vault, plan_id, 1, 3)


# -- sends and holders ------------------------------------------------------------------


def test_who_still_holds_an_older_version(vault: Vault, plan_id: int) -> None:
    first = issue(vault, plan_id)
    plans.record_send(vault, first, "Northgate Academy", LAST_MONTH, SendMethod.SECURE_EMAIL)
    plans.record_send(vault, first, "Riverside CAMHS", LAST_MONTH, SendMethod.POST)
    plans.record_send(
        vault,
        first,
        "Gwendolyn Okonkwo-Bryce",
        LAST_MONTH,
        SendMethod.READ_WITH_FAMILY,
        "Read through at home.",
        RecipientKind.PERSON,
    )
    assert plans.holders_of_older_versions(vault, plan_id) == []  # all hold the current one

    plans.save_draft(vault, plan_id, family_content().with_section("triggers", ("Payday",)))
    second = plans.issue_version(vault, plan_id, "New incident", "Everyone", IN_SIX_WEEKS)
    plans.record_send(vault, second, "northgate academy", TODAY, SendMethod.BY_HAND)
    plans.record_send(
        vault,
        second,
        "Gwendolyn Okonkwo-Bryce",
        TODAY,
        SendMethod.BY_HAND,
        "",
        RecipientKind.PERSON,
    )

    holders = plans.holders_of_older_versions(vault, plan_id)
    assert holders == [
        plans.Holder("Riverside CAMHS", RecipientKind.AGENCY, 1, LAST_MONTH, SendMethod.POST)
    ]
    view = plans.get_plan(vault, plan_id)
    assert [s.recipient for s in view.versions[0].sends] == [
        "Northgate Academy",
        "Riverside CAMHS",
        "Gwendolyn Okonkwo-Bryce",
    ]
    assert view.versions[0].sends[2].note == "Read through at home."
    assert view.versions[1].sends[0].how is SendMethod.BY_HAND


def test_a_send_is_checked(vault: Vault, plan_id: int) -> None:
    version = issue(vault, plan_id)
    with pytest.raises(InvalidInput, match="Who it was sent to cannot be empty"):
        plans.record_send(vault, version, " ", TODAY, SendMethod.POST)
    with pytest.raises(InvalidInput, match="cannot have been sent on"):
        plans.record_send(vault, version, "School", LAST_MONTH - timedelta(days=1), SendMethod.POST)
    with pytest.raises(InvalidInput, match="still to come"):
        plans.record_send(vault, version, "School", TODAY + timedelta(days=1), SendMethod.POST)
    with pytest.raises(InvalidInput, match="no longer in the vault"):
        plans.record_send(vault, 9999, "School", TODAY, SendMethod.POST)


# -- a closed case, and the audit log ---------------------------------------------------


def test_a_closed_case_refuses_every_change(vault: Vault, case_id: int, plan_id: int) -> None:
    version = issue(vault, plan_id)
    close(vault, case_id)
    closed = "is closed, so its safety plans cannot be changed"
    with pytest.raises(InvalidInput, match=closed):
        plans.create_plan(vault, case_id, PlanShape.FAMILY)
    with pytest.raises(InvalidInput, match=closed):
        plans.save_draft(vault, plan_id, PlanContent())
    with pytest.raises(InvalidInput, match=closed):
        plans.set_title(vault, plan_id, "New")
    with pytest.raises(InvalidInput, match=closed):
        issue(vault, plan_id, "Another")
    with pytest.raises(InvalidInput, match=closed):
        plans.record_send(vault, version, "School", TODAY, SendMethod.POST)
    view = plans.get_plan(vault, plan_id)  # still readable
    assert not view.case_open and len(view.versions) == 1


def test_every_change_is_audited(vault: Vault, plan_id: int) -> None:
    version = issue(vault, plan_id)
    plans.record_send(vault, version, "Northgate Academy", TODAY, SendMethod.POST)
    with vault.unit_of_work() as session:
        entities = set(session.scalars(select(AuditEntry.entity)).all())
    assert {"safety_plans", "safety_plan_versions", "safety_plan_sends"} <= entities


# -- the demo families ------------------------------------------------------------------


def test_the_demo_families_have_safety_plans(demo_vault: Vault) -> None:
    nowak = plans.case_plans(demo_vault, cases.find_case_id(demo_vault, "TAC-2026-0102"))
    assert [(p.shape, p.latest_number) for p in nowak] == [(PlanShape.FAMILY, 2)]
    family = plans.get_plan(demo_vault, nowak[0].id)
    assert not family.draft_changed
    assert family.versions[1].issued_on > family.versions[0].issued_on
    assert "police" in family.versions[1].reason
    assert family.latest is not None and family.latest.content.lines("code_word")
    assert not family.versions[0].content.lines("code_word")
    changed = {c.key for c in plans.compare_versions(demo_vault, family.id, 1, 2)}
    assert {"rules", "network", "triggers", "code_word", "ready_to_leave"} <= changed
    # Every rule is kept by someone in the network, who has a phone number.
    phones = {c.name: c.phone for c in family.latest.content.contacts("network")}
    assert all(r.kept_by and all(phones[n] for n in r.kept_by) for r in family.latest.content.rules)
    assert [
        (h.recipient, h.version) for h in plans.holders_of_older_versions(demo_vault, family.id)
    ] == [("Cwm Health Visiting", 1)]

    whitfield = plans.case_plans(demo_vault, cases.find_case_id(demo_vault, "TAC-2026-0101"))
    assert [(p.shape, p.latest_number, p.for_name) for p in whitfield] == [
        (PlanShape.PERSONAL, 1, "Zoë Whitfield (Zo)")
    ]
    personal = plans.get_plan(demo_vault, whitfield[0].id)
    assert personal.latest is not None
    content = personal.latest.content
    assert content.lines("reasons_for_living") and content.contacts("services")
    assert {s.recipient for s in personal.latest.sends} == {
        "Northgate Academy",
        "Harriet Whitfield",
    }
    assert plans.holders_of_older_versions(demo_vault, personal.id) == []

    for reference in ("TAC-2026-0103", "TAC-2026-0104"):
        assert plans.case_plans(demo_vault, cases.find_case_id(demo_vault, reference)) == []


# -- the printed plan -------------------------------------------------------------------

HOSTILE = '<img src="/etc/passwd"/> & <b>not bold</b>'


def _pdf_text(pdf: bytes, tmp_path: Path) -> list[str]:
    """The text of each page, as pdftotext reads it."""
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return out.split("\f")[:-1]


def _qpdf_clean(pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "check.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def test_printing_needs_an_issued_version_or_asks_for_the_draft(vault: Vault, plan_id: int) -> None:
    with pytest.raises(InvalidInput, match="not been issued yet") as caught:
        plans.safety_plan_document(vault, plan_id)
    assert "print the draft" in str(caught.value)
    draft = plans.safety_plan_document(vault, plan_id, draft=True)
    assert draft.pdf.startswith(b"%PDF") and "draft" in draft.file_name
    issue(vault, plan_id)
    with pytest.raises(InvalidInput, match="no version 2"):
        plans.safety_plan_document(vault, plan_id, 2)


def test_the_printed_plan_has_its_version_and_date_on_every_page(
    vault: Vault, case_id: int, tmp_path: Path
) -> None:
    # Long enough for several pages, with hostile text and an Arabic name in it.
    cases.add_person(vault, case_id, cases.PersonDraft("ليلى حداد", "Layla"))
    plan_id = plans.create_plan(vault, case_id, PlanShape.FAMILY)
    content = family_content()
    network = (*content.contacts("network"), Contact("ليلى حداد", "Neighbour", "07700 900333"))
    content = content.with_section("network", network).with_section(
        "triggers", tuple(f"Red flag number {n}: {HOSTILE}" for n in range(60))
    )
    content = content.with_section(
        "rules", (*content.rules, Rule("Layla walks Tamsin to school.", ("ليلى حداد",)))
    )
    plans.save_draft(vault, plan_id, content)
    issue(vault, plan_id)
    plans.save_draft(vault, plan_id, content.with_section("working", ("Calm evenings",)))
    plans.issue_version(vault, plan_id, "After a review", "Everyone", IN_SIX_WEEKS, TODAY)
    document = plans.safety_plan_document(vault, plan_id)  # the latest: version 2

    pages = _pdf_text(document.pdf, tmp_path)
    assert len(pages) >= 3
    day = f"{TODAY.day} {TODAY:%B %Y}"
    for number, page in enumerate(pages, start=1):
        assert "Version 2 of the plan" in page
        assert day in page
        assert "OFFICIAL-SENSITIVE" in page and "SYN-2026-0001" in page
        assert f"Page {number} of {len(pages)}" in page
    text = "\n".join(pages)
    assert text.count('<img src="/etc/passwd"/>') == 60  # printed literally, never markup
    assert "<b>not bold</b>" in text
    assert "07700 900333" in text and "Calm evenings" in text
    assert "Our code word" not in text  # only when there is one
    assert document.title == "Family safety plan, version 2"
    assert document.file_name == f"SYN-2026-0001_safety-plan-v2_{TODAY.isoformat()}.pdf"
    _qpdf_clean(document.pdf, tmp_path)

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(document.pdf))
    extracted = "".join(page.extract_text() for page in reader.pages)
    # Shaped Arabic: the letters are there, as presentation forms or as typed.
    name = unicodedata.normalize("NFKC", "ليلى")
    assert name in unicodedata.normalize("NFKC", extracted) or name[::-1] in unicodedata.normalize(
        "NFKC", extracted
    )

    first = plans.safety_plan_document(vault, plan_id, 1)
    first_pages = _pdf_text(first.pdf, tmp_path)
    assert all("Version 1 of the plan" in page for page in first_pages)
    assert "Calm evenings" not in "\n".join(first_pages)


def test_the_demo_plans_print(demo_vault: Vault, tmp_path: Path) -> None:
    nowak = plans.case_plans(demo_vault, cases.find_case_id(demo_vault, "TAC-2026-0102"))[0]
    family = "\n".join(_pdf_text(plans.safety_plan_document(demo_vault, nowak.id).pdf, tmp_path))
    assert "Our code word or signal" in family and "Ready to leave in a hurry" in family
    assert "Ewa Zielińska, 07700 900299" in family  # a rule names its keeper and number
    assert "Cwm Health Visiting" not in family  # it holds version 1 only
    zoe = plans.case_plans(demo_vault, cases.find_case_id(demo_vault, "TAC-2026-0101"))[0]
    document = plans.safety_plan_document(demo_vault, zoe.id)
    personal = "\n".join(_pdf_text(document.pdf, tmp_path))
    assert "written in my own words" in personal and "My reasons for living" in personal
    assert "Zoë Whitfield (Zo)" in personal and "Our code word" not in personal
    draft = "\n".join(
        _pdf_text(plans.safety_plan_document(demo_vault, zoe.id, draft=True).pdf, tmp_path)
    )
    assert "DRAFT" in draft
    _qpdf_clean(document.pdf, tmp_path)


def test_a_version_printed_after_a_newer_one_says_on_every_page_it_was_replaced(
    demo_vault: Vault, tmp_path: Path
) -> None:
    """The Nowaks' version 1 (which the health visitor still holds) has Ewa's old number
    and the old handover rule: printed today, every page says version 2 replaced it,
    when, and not to use it. Version 2 says nothing of the kind."""
    case_id = cases.find_case_id(demo_vault, "TAC-2026-0102")
    plan = plans.case_plans(demo_vault, case_id)[0]
    second = plans.get_plan(demo_vault, plan.id).version(2)
    when = f"{second.issued_on.day} {second.issued_on:%B %Y}"
    old = _pdf_text(plans.safety_plan_document(demo_vault, plan.id, 1).pdf, tmp_path)
    assert len(old) >= 2
    for page in old:
        flat = " ".join(page.split())
        assert f"REPLACED: version 2 replaced this version on {when}. Do not use it." in flat
        assert "Version 1 of the plan" in flat
    text = " ".join("\n".join(old).split())
    assert "07700 900201" in text  # the old number is still what version 1 said...
    assert "ask the lead professional for the current version" in text  # ...with a warning
    current = _pdf_text(plans.safety_plan_document(demo_vault, plan.id).pdf, tmp_path)
    assert not any("REPLACED" in page for page in current)


def test_a_third_version_names_the_one_that_replaced_and_the_current_one(
    vault: Vault, plan_id: int, tmp_path: Path
) -> None:
    issue(vault, plan_id)
    plans.save_draft(vault, plan_id, family_content("07700 900112"))
    plans.issue_version(vault, plan_id, "New number", "Ada", IN_SIX_WEEKS, LAST_MONTH)
    plans.save_draft(vault, plan_id, family_content("07700 900113"))
    plans.issue_version(vault, plan_id, "Newer number", "Ada", IN_SIX_WEEKS, TODAY)
    pages = _pdf_text(plans.safety_plan_document(vault, plan_id, 1).pdf, tmp_path)
    when = f"{LAST_MONTH.day} {LAST_MONTH:%B %Y}"
    for page in pages:
        flat = " ".join(page.split())
        assert f"version 2 replaced this version on {when}" in flat
        assert "The current version is 3." in flat


def test_the_review_date_offered_is_a_working_day(vault: Vault, plan_id: int) -> None:
    from tac_desktop.core.practice.working_days import is_working_day, months_later

    nation = cases.get_case(vault, plans.get_plan(vault, plan_id).case_id).nation
    for days in range(10):  # issued on any day of the week; around a bank holiday too
        today = date(2026, 2, 21) + timedelta(days=days)
        offered = plans.suggested_review_on(vault, plan_id, today)
        three_months = months_later(today, 3)
        assert is_working_day(offered, nation), (today, offered)
        assert three_months <= offered <= three_months + timedelta(days=4)
    assert plans.suggested_review_on(vault, plan_id, date(2026, 2, 26)) == date(2026, 5, 26)
    # 6 June 2026 is a Saturday; 25 May 2026 is a bank holiday: the next working day.
    assert plans.suggested_review_on(vault, plan_id, date(2026, 3, 6)) == date(2026, 6, 8)
    assert plans.suggested_review_on(vault, plan_id, date(2026, 2, 25)) == date(2026, 5, 26)
