"""The admin command line, run as a user would: ``python -m tac_desktop ...``.

Each run is a real subprocess with stdin not a terminal, the passphrase in
TAC_VAULT_PASSPHRASE, and output captured. Every failure must be exit 1 (2 for a wrong
command line) with a plain message on stderr, no traceback, and the files it was pointed
at left byte-identical.

Vaults made in this process use the fast test KDF (the command line reads the cost
settings from each key file); only ``demo`` and ``vault create`` pay for the real one.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import struct
import subprocess
import time
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tac_desktop.core.errors import WrongPassphrase
from tac_desktop.core.vault import KdfParams, Vault
from tac_desktop.core.vault.anchor import anchor_path
from tac_desktop.core.vault.keyfile import key_file_path
from tests.conftest import CHAIR, PASSPHRASE
from tests.core.helpers import (
    add_synthetic_case,
    assert_plain_failure,
    folder_digests,
    run_cli,
    sha256,
)

# Subprocesses (~0.5 s of interpreter and SQLAlchemy start-up each) and the real KDF.
pytestmark = pytest.mark.slow

NEW_PASSPHRASE = "a second invented passphrase"


def _copy_vault(source: Path, destination: Path) -> Path:
    shutil.copy(source, destination)
    shutil.copy(key_file_path(source), key_file_path(destination))
    shutil.copy(anchor_path(source), anchor_path(destination))  # the audit log's anchor
    return destination


@pytest.fixture(scope="module")
def fast_vault_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed vault with one invented case, fast KDF; tests work on copies."""
    path = tmp_path_factory.mktemp("template") / "template.tacvault"
    with Vault.create(path, PASSPHRASE, CHAIR, KdfParams.fast_for_tests()) as made:
        add_synthetic_case(made)
    return path


@pytest.fixture
def fast_vault(fast_vault_template: Path, tmp_path: Path) -> Path:
    return _copy_vault(fast_vault_template, tmp_path / "vault.tacvault")


@pytest.fixture(scope="module")
def demo_cli_vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A vault made by ``tac-desktop demo`` (real KDF), made once for this module."""
    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TAC_LOG_DIR", str(folder / "logs"))
        patch.setenv("TAC_SETTINGS_DIR", str(folder / "settings"))
        result = run_cli("demo", folder / "demo.tacvault")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    yield folder / "demo.tacvault"


# -- the happy paths --------------------------------------------------------------------


def test_demo_then_check_then_cases(demo_cli_vault: Path) -> None:
    before = folder_digests(demo_cli_vault.parent)
    # The demo vault was made with the real, default KDF.
    kdf = json.loads(key_file_path(demo_cli_vault).read_text("utf-8"))["kdf"]
    assert kdf["name"] == "argon2id"
    assert kdf["memory_cost_kib"] == KdfParams().memory_cost_kib

    check = run_cli("vault", "check", demo_cli_vault)
    assert check.returncode == 0, check.stderr
    assert "healthy" in check.stdout
    assert check.stderr == ""

    cases = run_cli("cases", demo_cli_vault)
    assert cases.returncode == 0, cases.stderr
    lines = cases.stdout.splitlines()
    assert len(lines) == 4, cases.stdout
    for line in lines:
        assert re.match(r"TAC-2026-01\d\d\t", line), line
    assert folder_digests(demo_cli_vault.parent) == before  # reading changes nothing


def test_vault_create_uses_the_real_kdf(tmp_path: Path) -> None:
    path = tmp_path / "created.tacvault"
    result = run_cli("vault", "create", path, "--chair-name", "Marigold Invented")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    document = json.loads(key_file_path(path).read_text("utf-8"))
    assert document["kdf"]["name"] == "argon2id"
    assert document["kdf"]["time_cost"] == KdfParams().time_cost
    assert document["kdf"]["memory_cost_kib"] == KdfParams().memory_cost_kib


def test_backup_restore_and_check(fast_vault: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.tacvault"
    restored = tmp_path / "restored.tacvault"
    assert run_cli("vault", "backup", fast_vault, copy).returncode == 0
    assert run_cli("vault", "restore", copy, restored).returncode == 0
    with Vault.open(restored, PASSPHRASE) as opened:
        assert opened.check().healthy

    before = folder_digests(tmp_path)
    again = run_cli("vault", "restore", copy, restored)
    assert "already exists" in assert_plain_failure(again)
    assert folder_digests(tmp_path) == before


def test_change_passphrase(fast_vault: Path) -> None:
    key_before = sha256(key_file_path(fast_vault))
    missing_new = run_cli("vault", "change-passphrase", fast_vault)  # no new one given
    assert "TAC_NEW_VAULT_PASSPHRASE" in assert_plain_failure(missing_new)
    assert sha256(key_file_path(fast_vault)) == key_before

    changed = run_cli("vault", "change-passphrase", fast_vault, new_passphrase=NEW_PASSPHRASE)
    assert changed.returncode == 0, changed.stderr
    Vault.open(fast_vault, NEW_PASSPHRASE).close()
    with pytest.raises(WrongPassphrase):
        Vault.open(fast_vault, PASSPHRASE)


# -- failures: plain, exit 1, nothing changed -------------------------------------------


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def _plain_sqlite(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (text TEXT)")
    connection.execute("INSERT INTO notes VALUES ('an ordinary unencrypted database')")
    connection.commit()
    connection.close()


BAD_FILES: dict[str, Callable[[Path], object]] = {
    "random-bytes": lambda p: p.write_bytes(os.urandom(3 * 4096 + 17)),
    "png": lambda p: p.write_bytes(_png()),
    "empty": lambda p: p.write_bytes(b""),
    "plain-sqlite": _plain_sqlite,
}


KEYS = ("no-key", "garbage-key", "real-key")
SCENARIOS = [
    *(f"{kind}/{key}" for kind in BAD_FILES for key in KEYS),
    "wrong-passphrase",
    "no-passphrase-no-terminal",
    "missing-folder",
    "the-key-file-instead",
    "a-folder-instead",
    "backup-destination-exists",
    "tampered-audit-log",
    "damaged-page-3",  # offset 4096*2+200: an index page; only the full check reads it
    "damaged-page-2",  # the root page of alembic_version, read while opening
    "usage-error",
]


@dataclass
class Plan:
    args: tuple[str | Path, ...]
    folder: Path  # every file in it must be byte-identical afterwards
    expect: tuple[str, ...]  # in stderr
    passphrase: str | None = PASSPHRASE
    exit_code: int = 1
    prefixed: bool = True  # stderr starts with "tac-desktop: "


@dataclass
class Outcome:
    plan: Plan
    result: subprocess.CompletedProcess[str]
    seconds: float
    before: dict[str, str]
    after: dict[str, str]


def _damage(path: Path, page: int) -> None:
    data = bytearray(path.read_bytes())
    offset = 4096 * page + 200
    data[offset : offset + 8] = bytes(b ^ 0xFF for b in data[offset : offset + 8])
    path.write_bytes(bytes(data))


def _plan(name: str, folder: Path, template: Path, demo: Path) -> Plan:
    folder.mkdir(parents=True)
    vault = folder / "vault.tacvault"
    if "/" in name:
        kind, key = name.split("/")
        BAD_FILES[kind](vault)
        if key == "garbage-key":
            key_file_path(vault).write_bytes(os.urandom(512))
        elif key == "real-key":  # a genuine key file (right passphrase) beside a wrong file
            shutil.copy(key_file_path(template), key_file_path(vault))
        expected = {"no-key": "not beside it", "garbage-key": "key file", "real-key": "damaged"}
        return Plan(("vault", "check", vault), folder, (vault.name, expected[key]))
    if name.startswith("damaged-page-"):
        _copy_vault(demo, vault)
        _damage(vault, int(name.rsplit("-", 1)[1]) - 1)
        return Plan(("vault", "check", vault), folder, ("damaged", vault.name))
    _copy_vault(template, vault)
    check = ("vault", "check", vault)
    if name == "wrong-passphrase":
        return Plan(check, folder, ("passphrase",), passphrase="not the passphrase")
    if name == "no-passphrase-no-terminal":
        return Plan(check, folder, ("TAC_VAULT_PASSPHRASE",), passphrase=None)
    if name == "missing-folder":
        return Plan(
            ("vault", "check", folder / "nowhere" / "v.tacvault"), folder, ("does not exist",)
        )
    if name == "the-key-file-instead":
        return Plan(("vault", "check", key_file_path(vault)), folder, ("key file",))
    if name == "a-folder-instead":
        return Plan(("vault", "check", folder), folder, ("is a folder",))
    if name == "backup-destination-exists":
        existing = folder / "existing.tacvault"
        existing.write_bytes(b"somebody else's file")
        return Plan(("vault", "backup", vault, existing), folder, ("already exists",))
    if name == "tampered-audit-log":
        with Vault.open(vault, PASSPHRASE) as opened, opened.engine.begin() as connection:
            connection.exec_driver_sql("DELETE FROM audit_log WHERE seq = 2")
        return Plan(check, folder, ("has problems", "audit entry 2 is missing"), prefixed=False)
    if name == "usage-error":
        return Plan(("vault", "frobnicate", vault), folder, ("usage:",), exit_code=2)
    raise AssertionError(name)


def _timed_run(plan: Plan) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    try:
        result = run_cli(*plan.args, passphrase=plan.passphrase, timeout=30)
    except subprocess.TimeoutExpired:  # reported by the scenario's own test
        result = subprocess.CompletedProcess(plan.args, -1, "", "(hung: killed after 30 s)")
    return result, time.monotonic() - started


@pytest.fixture(scope="module")
def failure_runs(
    tmp_path_factory: pytest.TempPathFactory, fast_vault_template: Path, demo_cli_vault: Path
) -> dict[str, Outcome]:
    """Every failure scenario, run as real subprocesses a few at a time (they are
    independent, and each one is mostly interpreter start-up)."""
    base = tmp_path_factory.mktemp("failures")
    plans = {
        name: _plan(name, base / name.replace("/", "-"), fast_vault_template, demo_cli_vault)
        for name in SCENARIOS
    }
    before = {name: folder_digests(plan.folder) for name, plan in plans.items()}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TAC_LOG_DIR", str(base / "logs"))
        patch.setenv("TAC_SETTINGS_DIR", str(base / "settings"))
        with ThreadPoolExecutor(max_workers=4) as pool:
            futures = {name: pool.submit(_timed_run, plan) for name, plan in plans.items()}
            runs = {name: future.result() for name, future in futures.items()}
    return {
        name: Outcome(plan, *runs[name], before[name], folder_digests(plan.folder))
        for name, plan in plans.items()
    }


@pytest.mark.parametrize("name", SCENARIOS)
def test_a_failure_is_plain_and_changes_nothing(
    name: str, failure_runs: dict[str, Outcome]
) -> None:
    outcome = failure_runs[name]
    plan = outcome.plan
    stderr = assert_plain_failure(outcome.result, exit_code=plan.exit_code, prefixed=plan.prefixed)
    for expected in plan.expect:
        assert expected in stderr
    assert outcome.seconds < 30
    # No byte changed and no file appeared (no -wal, -shm, partial backup...).
    assert outcome.after == outcome.before


def test_a_vault_open_here_is_refused_by_another_process(fast_vault: Path) -> None:
    with Vault.open(fast_vault, PASSPHRASE) as held:
        message = assert_plain_failure(run_cli("vault", "check", fast_vault))
        assert "already open" in message
        assert held.check().healthy  # the holder is unaffected


def test_create_without_a_login_name_asks_for_the_chair_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A container user with no account entry: getpass.getuser() raises KeyError."""
    import getpass

    from tac_desktop.core import cli

    def no_login_name() -> str:
        raise KeyError("getpwuid(): uid not found: 12345")

    monkeypatch.setattr(getpass, "getuser", no_login_name)
    monkeypatch.setenv("TAC_VAULT_PASSPHRASE", PASSPHRASE)
    exit_code = cli.main(["vault", "create", str(tmp_path / "mine.tacvault")])
    captured = capsys.readouterr()
    assert exit_code == 1
    assert "--chair-name" in captured.err
    assert "did not expect" not in captured.err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "command", [["vault", "check"], ["vault", "create", "--chair-name", "Ada Quill"]]
)
def test_end_of_input_at_the_passphrase_prompt_is_a_plain_message(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    """Ctrl+D at the prompt used to end in an unexpected EOFError."""
    import getpass
    import sys

    from tac_desktop.core import cli

    def end_of_input(prompt: str = "") -> str:
        raise EOFError

    monkeypatch.delenv("TAC_VAULT_PASSPHRASE", raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(getpass, "getpass", end_of_input)
    exit_code = cli.main([*command, str(tmp_path / "mine.tacvault")])
    captured = capsys.readouterr()
    assert exit_code == 1
    assert "No passphrase was typed" in captured.err
    assert "did not expect" not in captured.err
    assert list(tmp_path.iterdir()) == []


def _cases_process(
    vault: Path, **env: str
) -> subprocess.Popen[bytes]:  # the caller reads (or closes) its output
    import sys

    from tests.core.helpers import cli_env

    return subprocess.Popen(
        [sys.executable, "-m", "tac_desktop", "cases", str(vault)],
        env={**cli_env(), **env},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_a_reader_that_goes_away_ends_the_listing_quietly(demo_cli_vault: Path) -> None:
    """`tac-desktop cases V | head -1`: a closed pipe used to be an unexpected error."""
    process = _cases_process(demo_cli_vault)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    error = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=60) == 1
    assert error == ""


def test_names_a_terminal_cannot_show_become_question_marks(demo_cli_vault: Path) -> None:
    """An ASCII-only output (a C locale, a Windows code page when redirected) must not
    stop the listing, nor the error messages that quote a file name."""
    process = _cases_process(demo_cli_vault, PYTHONIOENCODING="ascii", PYTHONUTF8="0")
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert err == b""
    assert len(out.decode("ascii").splitlines()) == 4
    assert "Zo? Whitfield" in out.decode("ascii")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_to_a_full_disk_is_a_plain_message(demo_cli_vault: Path) -> None:
    import sys

    from tests.core.helpers import cli_env

    with open("/dev/full", "w", encoding="utf-8") as full:
        result = subprocess.run(
            [sys.executable, "-m", "tac_desktop", "cases", str(demo_cli_vault)],
            env=cli_env(),
            stdin=subprocess.DEVNULL,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            timeout=60,
            check=False,
        )
    assert result.returncode == 1
    assert result.stderr.startswith("tac-desktop: The output could not be written"), result.stderr
    assert "did not expect" not in result.stderr


@pytest.mark.skipif(os.name != "posix", reason="POSIX arguments may hold any bytes")
def test_a_reference_that_is_not_utf8_is_simply_not_found(fast_vault: Path, tmp_path: Path) -> None:
    before = folder_digests(fast_vault.parent)
    result = run_cli(
        "export", "case", fast_vault, os.fsdecode(b"SYN\xff"), "-o", tmp_path / "out.json"
    )
    assert "no case with the reference" in assert_plain_failure(result)
    assert folder_digests(fast_vault.parent) == before
