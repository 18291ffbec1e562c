"""The program's log: where it goes, that it rotates, and that a session leaves in it no
personal data (names, contact details, notes, passphrases, file names a user chose).

Only invented people (the demo families of ``tac_desktop.core.demo``).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from tac_desktop.core import logs
from tests.log_privacy import log_text, personal_data_in, personal_strings

PASSPHRASE = "an invented passphrase for the log test"
# A vault named after a (demo) person, as a user might: the log must not carry the path.
VAULT_STEM = "Harriet Whitfield family"


@pytest.fixture
def logger_without_handlers() -> Iterator[logging.Logger]:
    root = logging.getLogger("tac_desktop")
    saved = root.handlers[:], root.level
    root.handlers.clear()
    yield root
    for handler in root.handlers:
        handler.close()
    root.handlers[:], root.level = saved


def test_the_log_folder_is_the_per_user_one_unless_overridden(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from platformdirs import user_log_dir

    monkeypatch.delenv(logs.LOG_DIR_ENV, raising=False)
    assert logs.log_dir() == Path(user_log_dir("TAC Desktop", appauthor=False))
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(tmp_path / "elsewhere"))
    assert logs.log_dir() == tmp_path / "elsewhere"


def test_the_log_rotates(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, logger_without_handlers: logging.Logger
) -> None:
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(tmp_path / "logs"))
    path = logs.setup_logging()
    assert path == tmp_path / "logs" / "tac-desktop.log"
    (handler,) = [h for h in logger_without_handlers.handlers if isinstance(h, RotatingFileHandler)]
    assert handler.maxBytes > 0 and handler.backupCount > 0
    handler.maxBytes = 2_000  # small, so a few lines roll it over
    for number in range(200):
        logging.getLogger("tac_desktop.test").info("filler line %d for the rotation test", number)
    names = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert "tac-desktop.log.1" in names
    assert len(names) <= handler.backupCount + 1


def test_with_no_log_file_an_unexpected_error_prints_no_traceback(tmp_path: Path) -> None:
    """A log folder that cannot be written must not send log records, tracebacks and
    all, to the terminal instead."""
    script = (
        "import logging\n"
        "from tac_desktop.core.logs import log_unexpected, setup_logging\n"
        "assert setup_logging() is None\n"
        "try:\n"
        "    raise ValueError('Zoe Whitfield')\n"
        "except ValueError as error:\n"
        "    log_unexpected(logging.getLogger('tac_desktop.gui'), error, 'the window')\n"
        "logging.getLogger('tac_desktop.core.cli').warning('a warning')\n"
    )
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, logs.LOG_DIR_ENV: str(a_file / "logs")},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == ""


def _cli(*args: str | Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tac_desktop", *map(str, args)],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


CASE_PASSPHRASE = "lantern copper meadow harbour quietly orbit"


@pytest.mark.slow
def test_a_command_line_session_logs_no_personal_data(tmp_path: Path) -> None:
    log_folder = tmp_path / "logs"
    env = {
        **os.environ,
        "TAC_LOG_DIR": str(log_folder),
        "TAC_SETTINGS_DIR": str(tmp_path / "settings"),
        "TAC_VAULT_PASSPHRASE": PASSPHRASE,
        # The sealed case file's passphrase, for export and import alike (issue 20).
        "TAC_CASE_PASSPHRASE": CASE_PASSPHRASE,
    }
    vault = tmp_path / f"{VAULT_STEM}.tacvault"
    case_file = tmp_path / "Zoë Whitfield.tac-case"
    wrong = {**env, "TAC_VAULT_PASSPHRASE": "not the passphrase"}

    session = [
        (["demo", vault], env, 0),
        (["cases", vault], env, 0),
        (["vault", "check", vault], env, 0),
        (["export", "case", vault, "TAC-2026-0101", "-o", case_file], env, 0),
        (["export", "case", vault, "TAC-2026-0101", "-o", case_file], env, 1),  # exists
        (["import", "case", vault, case_file, "--new-reference", "TAC-2026-0199"], env, 0),
        (["vault", "backup", vault, tmp_path / f"{VAULT_STEM} backup.tacvault"], env, 0),
        (["vault", "check", vault], wrong, 1),
    ]
    for args, run_env, expected in session:
        result = _cli(*args, env=run_env)
        assert result.returncode == expected, (args, result.stdout, result.stderr)
    # The session really went through the vault: the names are in the command's output...
    listing = _cli("cases", vault, env=env).stdout
    assert "Zoë Whitfield" in listing

    # ...and the log says what ran, but nothing about whom.
    text = log_text(log_folder)
    assert "command demo finished with exit 0" in text
    assert "command export case finished with exit 1" in text
    assert "command vault check finished with exit 1" in text
    assert personal_strings()  # the demo families are where the test expects them
    assert personal_data_in(text, VAULT_STEM, PASSPHRASE, CASE_PASSPHRASE, str(tmp_path)) == []
