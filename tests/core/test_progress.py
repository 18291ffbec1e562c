"""Documents say how far they have got and stop between pages when asked (issue 22,
point 6). The window's side (a worker thread, the progress dialog) is tested in
tests/gui/test_progress_screen.py."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from tac_desktop.core.progress import Progress, Stopped
from tac_desktop.core.services import (
    cases,
    consent,
    distribution,
    documents,
    meetings,
    reports,
    safety_plans,
)
from tac_desktop.core.services.meetings import Paperwork
from tac_desktop.core.vault import KdfParams, Vault
from tests.conftest import PASSPHRASE
from tests.core.test_copies import NOWAK, _meeting


def _draft(vault: Vault) -> int:
    case_id = cases.find_case_id(vault, "TAC-2026-0101")
    return next(m.id for m in meetings.list_meetings(vault, case_id) if m.status.value == "draft")


def test_minutes_say_each_page_and_come_out_the_same(demo_vault: Vault) -> None:
    draft = _draft(demo_vault)
    heard: list[tuple[str, int, int]] = []
    pending = documents.prepare_minutes(demo_vault, draft)
    watched = pending.document(Progress(lambda *news: heard.append(news)))
    plain = documents.minutes_document(demo_vault, draft)
    pages = len(PdfReader(io.BytesIO(watched.pdf)).pages)
    assert pages == len(PdfReader(io.BytesIO(plain.pdf)).pages) >= 2
    assert heard[0] == ("The minutes: setting out the text", 0, 0)
    assert [done for _what, done, _total in heard[1:]] == list(range(1, pages + 1))
    assert heard[1][0] == "The minutes: laying out page 1"
    assert (watched.title, watched.file_name) == (plain.title, plain.file_name)


def test_stopping_between_pages_makes_nothing(demo_vault: Vault) -> None:
    draft = _draft(demo_vault)
    pending = documents.prepare_minutes(demo_vault, draft)
    seen: list[int] = []

    def report(_what: str, done: int, _total: int) -> None:
        seen.append(done)
        if done == 2:
            progress.cancel()

    progress = Progress(report)
    with pytest.raises(Stopped, match="Nothing was saved"):
        pending.make(progress)
    assert seen == [0, 1, 2]
    # The same pending document can still be made afterwards.
    assert pending.make(None).startswith(b"%PDF")


def test_report_forms_and_summaries_say_how_far_they_have_got(demo_vault: Vault) -> None:
    draft = _draft(demo_vault)
    who = reports.find_recipient(demo_vault, draft, "Dr Samuel Osei").attendance_id
    heard: list[str] = []
    progress = Progress(lambda what, _done, _total: heard.append(what))
    form = reports.prepare_report_form(demo_vault, draft, who).document(progress)
    assert "The report form: laying out page 1" in heard
    assert heard[-1] == "The report form: adding the boxes to fill in"
    assert "involvement" in (PdfReader(io.BytesIO(form.pdf)).get_fields() or {})
    heard.clear()
    pending = reports.prepare_word_form(demo_vault, draft, who)
    word = reports.word_form(pending, pending.make(progress))
    assert heard == ["Writing the Word form"]
    assert word.file_name.endswith(".docx") and word.docx.startswith(b"PK")


def test_a_stopped_safety_plan_can_be_asked_for_again(demo_vault: Vault) -> None:
    case_id = cases.find_case_id(demo_vault, "TAC-2026-0101")
    plan = safety_plans.case_plans(demo_vault, case_id)[0]
    pending = safety_plans.prepare_safety_plan(demo_vault, plan.id, draft=True)
    progress = Progress()
    progress.cancel()
    with pytest.raises(Stopped):
        pending.make(progress)
    assert pending.document().pdf.startswith(b"%PDF")


def test_send_stopped_between_copies_keeps_what_was_sent_and_logged(
    demo_vault: Vault, tmp_path: Path
) -> None:
    meeting_id = _meeting(demo_vault, NOWAK)
    case_id = cases.find_case_id(demo_vault, NOWAK)
    folder = tmp_path / "out"
    folder.mkdir()
    grounds = {
        q.recipient_id: "Child at risk of significant harm: agreed by the manager"
        for q in distribution.consent_questions(demo_vault, meeting_id, Paperwork.MINUTES)
    }
    logged = len(consent.sharing_log(demo_vault, case_id))
    heard: list[tuple[str, int, int]] = []

    def report(what: str, done: int, total: int) -> None:
        heard.append((what, done, total))
        if done == 0:  # Cancel while the first copy is made: it is finished, written and
            progress.cancel()  # logged; the next is never started

    progress = Progress(report)
    with pytest.raises(distribution.SendStopped, match="stopped after 1 of") as stopped:
        distribution.send_paperwork(
            demo_vault, meeting_id, Paperwork.MINUTES, folder, grounds=grounds, progress=progress
        )
    planned = heard[0][2]
    assert planned >= 2 and [done for _w, done, _t in heard] == [0]
    assert heard[0][0].startswith("Making the copy for ")
    [first] = stopped.value.sent
    assert first.pdf.exists() and PdfReader(first.pdf).pages
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        p.name for p in (first.pdf, first.email_draft) if p is not None
    )
    assert len(consent.sharing_log(demo_vault, case_id)) == logged + 1
    # Send again: only the others are made, and nothing twice.
    rest = distribution.send_paperwork(
        demo_vault, meeting_id, Paperwork.MINUTES, folder, grounds=grounds
    )
    assert len(rest) == planned - 1 and first.recipient_id not in {s.recipient_id for s in rest}
    assert len(consent.sharing_log(demo_vault, case_id)) == logged + planned


def test_a_backup_says_how_far_it_has_got_and_cancel_leaves_no_copy(
    demo_vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tac_desktop.core.vault import vault as vault_module

    monkeypatch.setattr(vault_module, "BACKUP_PAGES", 16)  # the demo vault is small
    heard: list[tuple[str, int, int]] = []
    done = demo_vault.backup(
        tmp_path / "whole.tacvault", progress=Progress(lambda *news: heard.append(news))
    )
    copying = [news for news in heard if news[0] == "Copying the vault"]
    assert len(copying) >= 4
    assert copying[-1][1] == copying[-1][2] > 0
    assert heard[-1][0] == "Checking the copy"
    assert done.exists() and Vault.open(done, PASSPHRASE).close() is None

    def stop_halfway(what: str, done: int, total: int) -> None:
        if what == "Copying the vault" and done >= total // 2:
            progress.cancel()

    progress = Progress(stop_halfway)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(Stopped):
        demo_vault.backup(tmp_path / "stopped.tacvault", progress=progress)
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing half written


def test_an_update_on_open_says_each_step_and_stops_whole(
    vault_path: Path, fast_kdf: KdfParams
) -> None:
    from tac_desktop.core.vault import migrate
    from tac_desktop.core.vault.vault import backups_dir
    from tests.core.test_migrations import BASELINE, _make_baseline_vault, _revision_and_tables

    _make_baseline_vault(vault_path, fast_kdf)
    steps = migrate.revisions_after(BASELINE)
    assert len(steps) >= 3

    # Cancel during the backup before the update: nothing has changed.
    progress = Progress(lambda what, _d, _t: progress.cancel())
    with pytest.raises(Stopped):
        Vault.open(vault_path, PASSPHRASE, progress=progress)
    revision, tables, _chairs = _revision_and_tables(vault_path)
    assert revision == BASELINE and "cases" not in tables
    assert not backups_dir(vault_path).exists() or not list(backups_dir(vault_path).iterdir())

    # Cancel during the update, two steps in: the steps made are undone with it.
    def cancel_while_updating(what: str, done: int, _total: int) -> None:
        if what.startswith("Updating") and done == 2:
            midway.cancel()

    midway = Progress(cancel_while_updating)
    with pytest.raises(Stopped, match="as it was"):
        Vault.open(vault_path, PASSPHRASE, progress=midway)
    revision, tables, _chairs = _revision_and_tables(vault_path)
    assert revision == BASELINE and "cases" not in tables
    assert len(list(backups_dir(vault_path).iterdir())) == 2  # the backup made first, whole

    # Opened again, it is updated, each step said.
    heard: list[tuple[str, int, int]] = []
    told = Progress(lambda what, done, total: heard.append((what, done, total)))
    with Vault.open(vault_path, PASSPHRASE, progress=told) as opened:
        assert opened.check().schema_revision == migrate.SCHEMA_HEAD
    assert heard[0] == ("Making a backup before updating the vault", 0, 0)
    updating = [n for n in heard if n[0].startswith("Updating the vault")]
    assert [done for _w, done, _t in updating] == list(range(len(steps)))
    assert {total for _w, _d, total in updating} == {len(steps)}
