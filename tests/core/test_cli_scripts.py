"""The command line as a script writer uses it (issue 19): the meetings and actions
listings (text and --json), meeting numbers a wrong guess is told, calendar invitations
from the command line, and PDFs locked with a password.

Each run is a real subprocess on a demo vault (invented families, fast KDF). A listing
must change nothing, not even the audit log; a failure is one plain sentence, exit 1.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from tac_desktop.core.demo import DEMO_CHAIR, DEMO_CHAIR_EMAIL, create_demo_vault
from tac_desktop.core.services import cases, meetings, schedule, tasks
from tac_desktop.core.services.cases import CaseDraft, PersonDraft
from tac_desktop.core.services.meetings import MeetingDraft
from tac_desktop.core.vault import KdfParams, Vault
from tac_desktop.core.vault.anchor import anchor_path
from tac_desktop.core.vault.keyfile import key_file_path
from tests.conftest import CHAIR, PASSPHRASE
from tests.core.helpers import assert_plain_failure, audit_rows, folder_digests, run_cli

pytestmark = pytest.mark.slow  # subprocesses

WHITFIELD = "TAC-2026-0101"
NOWAK = "TAC-2026-0102"
PASSWORD = "an invented document password"


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.tacvault"
    create_demo_vault(path, PASSPHRASE, KdfParams.fast_for_tests()).close()
    return path


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Path:
    """A copy of the demo vault of its own, for a test that writes."""
    path = tmp_path / "vault" / "demo.tacvault"
    path.parent.mkdir()
    shutil.copy(demo_template, path)
    shutil.copy(key_file_path(demo_template), key_file_path(path))
    shutil.copy(anchor_path(demo_template), anchor_path(path))  # the audit log's anchor
    return path


def _numbers(vault_path: Path, reference: str) -> list[tuple[int, str]]:
    """(number, state) of a case's meetings, newest first, read in-process."""
    with Vault.open(vault_path, PASSPHRASE) as vault:
        rows = meetings.list_meetings(vault, cases.find_case_id(vault, reference))
    return [(row.id, row.status.value) for row in rows]


def _audit_count(vault_path: Path) -> int:
    with Vault.open(vault_path, PASSPHRASE) as vault:
        return len(audit_rows(vault))


def _listing_changes_nothing(vault_path: Path, *args: str) -> str:
    """Run a listing; the vault's files (so its audit log too) must not change."""
    before = folder_digests(vault_path.parent)
    result = run_cli(args[0], vault_path, *args[1:])
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert folder_digests(vault_path.parent) == before
    return result.stdout


# -- meetings -------------------------------------------------------------------------


def test_meetings_lists_number_date_kind_and_state(demo: Path) -> None:
    audit_before = _audit_count(demo)
    expected = _numbers(demo, WHITFIELD)
    text = _listing_changes_nothing(demo, "meetings", WHITFIELD)
    lines = [line.split("\t") for line in text.splitlines()]
    assert [(int(number), state) for number, _, _, state in lines] == expected
    for _number, held_on, kind, state in lines:
        assert date.fromisoformat(held_on)
        assert kind == "TAC review"
        assert state in ("draft", "finalised")
    # Another case's numbers carry on across the vault: each case lists its own.
    other = _listing_changes_nothing(demo, "meetings", NOWAK)
    assert {int(line.split("\t")[0]) for line in other.splitlines()} == {
        n for n, _ in _numbers(demo, NOWAK)
    }

    as_json = json.loads(_listing_changes_nothing(demo, "meetings", WHITFIELD, "--json"))
    assert [(m["number"], m["state"]) for m in as_json] == expected
    assert {"number", "date", "kind", "state", "template", "time"} <= set(as_json[0])
    assert as_json[0]["template"] == "tac_review"
    assert _audit_count(demo) == audit_before + 0  # opening to count adds nothing either

    unknown = run_cli("meetings", demo, "TAC-2099-0000")
    assert "TAC-2099-0000" in assert_plain_failure(unknown)


@pytest.mark.parametrize(
    "command",
    [
        ("export", "minutes"),
        ("export", "summary", "--agency", "Riverside CAMHS"),
        ("export", "report-form"),
        ("export", "calendar"),
    ],
)
def test_a_wrong_meeting_number_lists_the_cases_meetings(
    demo: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    """Numbers run across the vault: the Nowaks' meeting is not the Whitfields'."""
    whitfield = _numbers(demo, WHITFIELD)
    wrong = _numbers(demo, NOWAK)[0][0]
    out = tmp_path / "out.file"
    before = folder_digests(demo.parent)
    result = run_cli(*command[:2], demo, WHITFIELD, wrong, *command[2:], "-o", out)
    message = assert_plain_failure(result)
    assert f"Case {WHITFIELD} has no meeting number {wrong}." in message
    for number, state in whitfield:
        assert re.search(rf"\b{number} \(TAC review, \d\d \w+ \d{{4}}, {state}\)", message)
    assert "Nothing was written" in message
    assert not out.exists()
    assert folder_digests(demo.parent) == before


def test_a_case_without_meetings_says_so(tmp_path: Path) -> None:
    path = tmp_path / "plain.tacvault"
    with Vault.create(path, PASSPHRASE, CHAIR, KdfParams.fast_for_tests()) as vault:
        cases.create_case(vault, CaseDraft("SYN-1", PersonDraft("Child Testnomeeting")))
    assert run_cli("meetings", path, "SYN-1").stdout == ""
    result = run_cli("export", "minutes", path, "SYN-1", "1", "-o", tmp_path / "m.pdf")
    assert "Case SYN-1 has no meetings yet" in assert_plain_failure(result)


# -- actions and cases ----------------------------------------------------------------


def test_actions_lists_my_actions(demo: Path) -> None:
    today = date.today()
    with Vault.open(demo, PASSPHRASE) as vault:
        expected = tasks.my_actions(vault, today)
    text = _listing_changes_nothing(demo, "actions")
    lines = [line.split("\t") for line in text.splitlines()]
    assert len(lines) == len(expected) > 0
    for fields, task in zip(lines, expected, strict=True):
        assert fields == [
            task.case_reference,
            task.due_on.isoformat(),
            task.agency_name,
            task.owner_name,
            " ".join(task.description.split("\n")),
            task.status.value,
        ]

    overdue = _listing_changes_nothing(demo, "actions", "--overdue").splitlines()
    assert overdue
    assert all(date.fromisoformat(line.split("\t")[1]) < today for line in overdue)
    assert len(overdue) == sum(t.due_on < today for t in expected)

    # The agency as typed in any case; only its tasks.
    school = _listing_changes_nothing(demo, "actions", "--agency", "bryn primary SCHOOL")
    assert school and all(
        line.split("\t")[2] == "Bryn Primary School" for line in school.splitlines()
    )

    records = json.loads(_listing_changes_nothing(demo, "actions", "--overdue", "--json"))
    assert len(records) == len(overdue)
    assert {"case", "due", "agency", "owner", "what", "state", "overdue"} <= set(records[0])
    assert all(r["overdue"] is True for r in records)

    nowhere = run_cli("actions", demo, "--agency", "Nowhere Agency")
    message = assert_plain_failure(nowhere)
    assert "no agency called 'Nowhere Agency'" in message
    assert "Bryn Primary School" in message  # the agencies that have tasks, to choose from


def test_cases_as_json(demo: Path) -> None:
    records = json.loads(_listing_changes_nothing(demo, "cases", "--json"))
    assert [r["reference"] for r in records] == [
        line.split("\t")[0] for line in _listing_changes_nothing(demo, "cases").splitlines()
    ]
    assert {"reference", "status", "name", "age", "lead_professional", "next_meeting"} <= set(
        records[0]
    )


# -- calendar invitations -------------------------------------------------------------


def _event(path: Path) -> Calendar:
    return next(iter(Calendar.from_ical(path.read_bytes()).walk("VEVENT")))


def test_export_calendar_is_the_programs_invitation(demo: Path, tmp_path: Path) -> None:
    number = next(n for n, state in _numbers(demo, WHITFIELD) if state == "draft")
    invite = tmp_path / "review.ics"
    audit_before = _audit_count(demo)
    first = run_cli("export", "calendar", demo, WHITFIELD, number, "-o", invite)
    assert first.returncode == 0, first.stderr
    assert "Named in its description" in first.stdout  # the demo's housing officer
    assert "--location" in first.stdout
    event = _event(invite)
    assert str(event["organizer"]) == f"mailto:{DEMO_CHAIR_EMAIL}"
    assert str(event["organizer"].params["CN"]) == DEMO_CHAIR.name
    assert event["dtstart"].params["TZID"] == "Europe/London"
    assert "location" not in event
    assert int(event["sequence"]) == 0
    assert b"BEGIN:VTIMEZONE" in invite.read_bytes()
    assert b"Whitfield" not in invite.read_bytes()
    assert _audit_count(demo) > audit_before  # a sending is recorded

    again = run_cli("export", "calendar", demo, WHITFIELD, number, "-o", invite)
    assert "--force" in assert_plain_failure(again)
    with_venue = run_cli(
        "export", "calendar", demo, WHITFIELD, number, "-o", invite, "--force", "--location"
    )
    assert with_venue.returncode == 0, with_venue.stderr
    assert "Sent before (1 time)" in with_venue.stdout
    resent = _event(invite)
    assert str(resent["uid"]) == str(event["uid"])
    assert int(resent["sequence"]) == 1
    assert str(resent["location"]) == "Family home"


def test_export_calendar_asks_for_the_organiser_once(tmp_path: Path) -> None:
    path = tmp_path / "plain.tacvault"
    with Vault.create(path, PASSPHRASE, CHAIR, KdfParams.fast_for_tests()) as vault:
        case_id = cases.create_case(vault, CaseDraft("SYN-2", PersonDraft("Child Testinvite")))
        number = meetings.create_meeting(
            vault, case_id, MeetingDraft("tac_review", date(2027, 7, 14), "09:30")
        )
    invite = tmp_path / "invite.ics"
    before = folder_digests(tmp_path)
    missing = run_cli("export", "calendar", path, "SYN-2", number, "-o", invite)
    assert "--chair-email ADDRESS" in assert_plain_failure(missing)
    wrong = run_cli(
        "export", "calendar", path, "SYN-2", number, "-o", invite, "--chair-email", "nobody"
    )
    assert "does not look like an e-mail address" in assert_plain_failure(wrong)
    assert folder_digests(tmp_path) == before  # nothing written, nothing remembered

    given = run_cli(
        "export", "calendar", path, "SYN-2", number, "-o", invite,
        "--chair-email", "robin.testchair@hub.example",
    )  # fmt: skip
    assert given.returncode == 0, given.stderr
    assert "(UK time)" in given.stdout
    assert "09:30–11:00" in given.stdout
    invite.unlink()
    remembered = run_cli("export", "calendar", path, "SYN-2", number, "-o", invite)
    assert remembered.returncode == 0, remembered.stderr
    event = _event(invite)
    assert str(event["organizer"]) == "mailto:robin.testchair@hub.example"
    # Summer: 09:30 in London is 08:30 UTC, read back as such.
    assert event.decoded("dtstart").utcoffset().total_seconds() == 3600
    with Vault.open(path, PASSPHRASE) as vault:
        assert schedule.chair_email(vault) == "robin.testchair@hub.example"


def test_vault_create_takes_the_chair_email(tmp_path: Path) -> None:
    path = tmp_path / "mine.tacvault"
    refused = run_cli("vault", "create", path, "--chair-name", "Ada Test", "--chair-email", "x")
    assert "does not look like an e-mail address" in assert_plain_failure(refused)
    assert list(tmp_path.iterdir()) == []
    made = run_cli(
        "vault", "create", path, "--chair-name", "Ada Test", "--chair-email", "ada@hub.example"
    )
    assert made.returncode == 0, made.stderr
    with Vault.open(path, PASSPHRASE) as vault:
        assert schedule.chair_email(vault) == "ada@hub.example"


# -- PDFs locked with a password ------------------------------------------------------


def _pdf_commands(demo: Path) -> dict[str, tuple[str, ...]]:
    whitfield = _numbers(demo, WHITFIELD)
    final = next(n for n, state in whitfield if state == "finalised")
    draft = next(n for n, state in whitfield if state == "draft")
    return {
        "minutes": ("export", "minutes", str(demo), WHITFIELD, str(final)),
        "summary": (
            "export",
            "summary",
            str(demo),
            WHITFIELD,
            str(final),
            "--agency",
            "Riverside CAMHS",
        ),
        "report-form": (
            "export",
            "report-form",
            str(demo),
            WHITFIELD,
            str(draft),
            "--professional",
            "Dr Samuel Osei",
        ),
        "safety-plan": ("export", "safety-plan", str(demo), WHITFIELD),
    }


@pytest.mark.parametrize("what", ["minutes", "summary", "report-form", "safety-plan"])
def test_every_pdf_export_locks_with_the_password(demo: Path, tmp_path: Path, what: str) -> None:
    command = _pdf_commands(demo)[what]
    out = tmp_path / f"{what}.pdf"
    before = folder_digests(demo.parent)
    for env, expected in (
        ({}, "TAC_DOCUMENT_PASSWORD"),  # no variable and no terminal: never waits
        ({"TAC_DOCUMENT_PASSWORD": ""}, "is set but empty"),
    ):
        refused = run_cli(*command, "-o", out, "--password", env=env)
        assert expected in assert_plain_failure(refused)
        assert "Nothing was written" in refused.stderr
        assert not out.exists()
    assert folder_digests(demo.parent) == before

    locked = run_cli(*command, "-o", out, "--password", env={"TAC_DOCUMENT_PASSWORD": PASSWORD})
    assert locked.returncode == 0, locked.stderr
    assert PASSWORD not in locked.stdout + locked.stderr
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert reader.is_encrypted
    encryption = reader.trailer["/Encrypt"].get_object()
    assert (encryption["/V"], encryption["/R"]) == (5, 6)  # AES-256
    assert not reader.decrypt("not the password")
    assert reader.decrypt(PASSWORD)
    assert reader.pages[0].extract_text()


def test_the_password_is_never_an_argument(demo: Path, tmp_path: Path) -> None:
    command = _pdf_commands(demo)["minutes"]
    out = tmp_path / "m.pdf"
    result = run_cli(*command, "-o", out, "--password", "secret")
    assert_plain_failure(result, exit_code=2, prefixed=False)
    assert "unrecognized arguments: secret" in result.stderr
    assert not out.exists()


def test_a_typed_password_is_asked_twice(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import getpass
    import sys

    from tac_desktop.core import cli

    command = list(_pdf_commands(demo)["minutes"])
    out = tmp_path / "m.pdf"
    typed = iter(["first try", "second try"])
    monkeypatch.setenv("TAC_VAULT_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("TAC_DOCUMENT_PASSWORD", raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(typed))
    assert cli.main([*command, "-o", str(out), "--password"]) == 1
    assert "The two passwords are not the same. Nothing was written." in capsys.readouterr().err
    assert not out.exists()

    typed = iter([PASSWORD, PASSWORD])
    assert cli.main([*command, "-o", str(out), "--password"]) == 0
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert reader.is_encrypted and reader.decrypt(PASSWORD)


def test_a_report_form_sent_locked_is_imported_with_its_password(
    demo: Path, tmp_path: Path
) -> None:
    from pypdf import PdfWriter

    from tac_desktop.core.documents import protect
    from tests.core.test_reports import REPORT, fill_with_pypdf

    command = _pdf_commands(demo)["report-form"]
    form = tmp_path / "form.pdf"
    env = {"TAC_DOCUMENT_PASSWORD": PASSWORD}
    sent = run_cli(*command, "-o", form, "--password", env=env)
    assert sent.returncode == 0, sent.stderr
    assert "import report --password" in sent.stdout
    # The professional's reader opens it with the password, fills it in, saves it locked.
    reader = PdfReader(io.BytesIO(form.read_bytes()))
    assert reader.decrypt(PASSWORD)
    opened = io.BytesIO()
    PdfWriter(clone_from=reader).write(opened)
    returned = tmp_path / "returned.pdf"
    returned.write_bytes(protect(fill_with_pypdf(opened.getvalue(), REPORT), PASSWORD))

    before = folder_digests(demo.parent)
    refused = run_cli("import", "report", demo, returned, "--yes")
    assert "import it with that password" in assert_plain_failure(refused)
    wrong = run_cli(
        "import", "report", demo, returned, "--yes", "--password",
        env={"TAC_DOCUMENT_PASSWORD": "not it"},
    )  # fmt: skip
    assert "does not open with the password given" in assert_plain_failure(wrong)
    assert folder_digests(demo.parent) == before
    done = run_cli("import", "report", demo, returned, "--yes", "--password", env=env)
    assert done.returncode == 0, done.stderr
    assert "Imported the report from Dr Samuel Osei" in done.stdout


def test_export_report_form_takes_the_letters_its_boxes_carry(demo: Path, tmp_path: Path) -> None:
    """--letters chooses the set the chair would choose in the program; the form's note
    says what its boxes carry, and an unknown set is refused before anything is written."""
    import subprocess

    from tac_desktop.core.documents.report_form import letters_note

    command = _pdf_commands(demo)["report-form"]
    out = tmp_path / "form.pdf"
    refused = run_cli(*command, "-o", out, "--letters", "arabic")
    assert refused.returncode != 0 and "cyrillic" in refused.stderr
    assert not out.exists()
    made = run_cli(*command, "-o", out, "--letters", "cyrillic")
    assert made.returncode == 0, made.stderr
    text = subprocess.run(
        ["pdftotext", str(out), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert " ".join(letters_note("cyrillic").split()) in " ".join(text.split())
    font = PdfReader(out).trailer["/Root"]["/AcroForm"]["/DR"]["/Font"]["/NotoSans"]
    differences = font.get_object()["/Encoding"]["/Differences"]
    assert "/afii10050" in differences  # Ґ, which the first set does not carry
