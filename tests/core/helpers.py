"""Small helpers shared by the vault test modules (not a test module itself).

Every person named here is invented.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from tac_desktop.core.services.cases import CaseDraft, PersonDraft, add_person, create_case
from tac_desktop.core.vault import Vault
from tests.conftest import PASSPHRASE

# Tables holding case records (everything but the audit log and its head).
RECORD_TABLES = ("chair", "cases", "people", "agencies", "professionals", "involvements")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_digests(folder: Path, *, ignore: tuple[str, ...] = (".lock",)) -> dict[str, str]:
    """Name -> sha256 of every file in ``folder`` (not recursive), minus lock files.

    Lock files are left out: opening (or trying to open) a vault may create NAME.lock,
    which holds nothing.
    """
    return {
        entry.name: sha256(entry)
        for entry in sorted(folder.iterdir())
        if entry.is_file() and not entry.name.endswith(ignore)
    }


def add_synthetic_case(
    vault: Vault,
    reference: str = "SYN-2026-0001",
    name: str = "Tamsin Okonkwo-Bryce",
    notes: str = "Invented notes for a test.",
) -> int:
    case_id = create_case(
        vault,
        CaseDraft(
            reference=reference,
            subject=PersonDraft(name, date_of_birth=date(2015, 4, 2), notes=notes),
            summary="An invented family, made up for a test.",
        ),
    )
    add_person(
        vault,
        case_id,
        PersonDraft("Gwendolyn Okonkwo-Bryce", relationship_to_subject="mother"),
    )
    return case_id


def dump_records(vault: Vault) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every record table, in a stable order, straight from SQL."""
    with vault.engine.connect() as connection:
        return {
            table: [
                tuple(row) for row in connection.execute(text(f"SELECT * FROM {table} ORDER BY 1"))
            ]
            for table in RECORD_TABLES
        }


def audit_rows(vault: Vault) -> list[tuple[object, ...]]:
    with vault.engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                text("SELECT seq, action, entity, changes, hash FROM audit_log ORDER BY seq")
            )
        ]


def cli_env(
    passphrase: str | None = PASSPHRASE, new_passphrase: str | None = None
) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("TAC_VAULT_PASSPHRASE", None)
    env.pop("TAC_NEW_VAULT_PASSPHRASE", None)
    env.pop("TAC_DOCUMENT_PASSWORD", None)
    if passphrase is not None:
        env["TAC_VAULT_PASSPHRASE"] = passphrase
    if new_passphrase is not None:
        env["TAC_NEW_VAULT_PASSPHRASE"] = new_passphrase
    return env


def run_cli(
    *args: str | Path,
    passphrase: str | None = PASSPHRASE,
    new_passphrase: str | None = None,
    timeout: float = 60,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """``python -m tac_desktop ARGS`` with stdin not a terminal, output captured;
    ``env`` adds variables (e.g. TAC_DOCUMENT_PASSWORD)."""
    return subprocess.run(
        [sys.executable, "-m", "tac_desktop", *map(str, args)],
        env={**cli_env(passphrase, new_passphrase), **(env or {})},
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )


def assert_plain_failure(
    result: subprocess.CompletedProcess[str], *, exit_code: int = 1, prefixed: bool = True
) -> str:
    """A failed command: the expected exit code, one plain message, no traceback."""
    output = result.stdout + result.stderr
    assert result.returncode == exit_code, output
    assert result.stderr.strip(), "a failure must say why on stderr"
    assert "Traceback" not in output
    # The CLI's last-resort message means an exception escaped that the code did not
    # expect (a raw database error, say): that is a bug even though it is "plain".
    assert "did not expect" not in output, output
    for jargon in ("sqlcipher3", "sqlalchemy", "InvalidTag", "DatabaseError"):
        assert jargon not in output, output
    if exit_code == 1 and prefixed:
        assert result.stderr.startswith("tac-desktop: "), result.stderr
    return result.stderr


def tool(name: str) -> str:
    """The path of an outside tool a test reads documents with, or skip the test (CI
    installs poppler-utils, qpdf and mupdf-tools; packaging/linux-packages.txt)."""
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (CI installs it: packaging/linux-packages.txt)")
    return path
