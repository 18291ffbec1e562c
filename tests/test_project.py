"""Project-wide checks: layering, lint, types, generated forms, installed resources."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _run(*command: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)


def test_layering_contracts_hold() -> None:
    result = _run(str(BIN / "lint-imports"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_is_clean() -> None:
    result = _run(
        str(BIN / "ruff"), "check", "tac_desktop", "tests", "scripts", "benchmarks", "packaging"
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_is_clean() -> None:
    result = _run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_generated_forms_are_up_to_date() -> None:
    result = _run(sys.executable, "scripts/build_forms.py", "--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_migration_head_constant_matches_alembic() -> None:
    from tac_desktop.core.vault import migrate

    assert migrate.script_directory().get_current_head() == migrate.SCHEMA_HEAD


def test_resources_and_forms_found_outside_the_checkout(tmp_path: Path) -> None:
    """Run from an unrelated folder so only the installed package can be imported."""
    code = (
        "import tac_desktop, tac_desktop.core.resources as r;"
        "print(tac_desktop.__file__); print(r.resources_dir()); print(r.forms_dir());"
        "print(sorted(p.name for p in r.forms_dir().glob('*.ui')))"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    package_file, resources, forms, ui_files = result.stdout.splitlines()
    assert Path(resources).is_dir()
    assert Path(forms).is_dir()
    assert "person_dialog.ui" in ui_files
    installed = "site-packages" in package_file
    if installed:  # a plain `pip install .` must carry its own data files
        assert "site-packages" in resources and "site-packages" in forms


# The window's start path: what is loaded when the unlock page shows.
START_PATH_GUI = {
    "tac_desktop.gui",
    "tac_desktop.gui.shell",
    "tac_desktop.gui.shell.app",
    "tac_desktop.gui.shell.main_window",
    "tac_desktop.gui.shell.vault_pages",
    "tac_desktop.gui.shared",
    "tac_desktop.gui.shared.palette",
    "tac_desktop.gui.shared.indicators",
    "tac_desktop.gui.shared.settings",
    "tac_desktop.gui.shared.background",
    "tac_desktop.gui.shared.qt_binding",  # mends the binding before any signal is sent
}
HEAVY = ("sqlalchemy", "sqlcipher3", "alembic", "argon2", "cryptography", "reportlab", "pypdf")


def test_unlock_page_shows_before_the_heavy_libraries_load(tmp_path: Path) -> None:
    """The unlock page appears with the shell, the settings and the background runner
    loaded: no area of the window yet, and none of the vault's or the documents' libraries
    (they load on a worker thread once the window is up, or when first needed)."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from tac_desktop.gui.shared.settings import Settings\n"
        "from tac_desktop.gui.shell.app import create_application\n"
        "from tac_desktop.gui.shell.main_window import MainWindow\n"
        "app = create_application()\n"
        "window = MainWindow(Settings(), None)\n"
        "window.show()\n"
        f"window.start(Path({str(tmp_path / 'Cases.tacvault')!r}))\n"
        "app.processEvents()\n"
        "print(window.pages.currentWidget() is window.unlock_page)\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))\n"
        "print(sorted(m for m in sys.modules if m.startswith('tac_desktop.gui')))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TAC_SETTINGS_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    shown, heavy, gui = result.stdout.splitlines()[-3:]
    assert shown == "True"
    assert heavy == "[]"
    assert gui == str(sorted(START_PATH_GUI))


# Kept off the start path as well: each costs milliseconds before the window, and none
# is needed until after it (the log file, the create page's suggested folder, the keyring
# and the vault's lock file after unlock).
LATER = ("logging.handlers", "platformdirs", "keyring", "filelock")


def test_the_program_started_as_a_chair_starts_it_shows_the_window_light(
    tmp_path: Path,
) -> None:
    """``tac-desktop --vault PATH`` up to its first window (TAC_EXIT_WHEN_SHOWN=1, as the
    benchmark runs it): the shell, the settings and the background runner alone of the
    program; no heavy library, none of LATER; and Qt's namespace (``Qt.*``, ~30 ms: PySide
    builds its hundred enums on first use) not built yet."""
    vault = tmp_path / "Cases.tacvault"
    vault.write_bytes(b"")  # an existing file: the unlock page, as for a chair's vault
    code = (
        "import sys\n"
        "import PySide6.QtCore as QtCore\n"
        "lazy = 'Qt' not in QtCore.__dict__\n"  # a PySide that builds it eagerly: no claim
        "from tac_desktop.__main__ import main\n"
        f"status = main(['--vault', {str(vault)!r}])\n"
        "print(status)\n"
        "print(lazy and 'Qt' in QtCore.__dict__)\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))\n"
        f"print(sorted(set(sys.modules) & set({LATER!r})))\n"
        "print(sorted(m for m in sys.modules if m.startswith('tac_desktop')))\n"
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "TAC_SETTINGS_DIR": str(tmp_path / "settings"),
        "TAC_LOG_DIR": str(tmp_path / "logs"),
        "TAC_EXIT_WHEN_SHOWN": "1",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    status, qt_namespace, heavy, later, modules = result.stdout.splitlines()[-5:]
    assert status == "0"
    assert qt_namespace == "False"
    assert heavy == "[]"
    assert later == "[]"
    assert modules == str(sorted({"tac_desktop", "tac_desktop.__main__", *START_PATH_GUI}))


def test_the_warm_up_before_unlocking_sets_up_the_mappers_and_opens_no_file(
    tmp_path: Path,
) -> None:
    """What the window runs on a worker while the passphrase is typed (so the first open
    is quick) leaves every mapper configured and no database opened or file made."""
    code = (
        "import sys\n"
        "from tac_desktop.core.vault.warm import warm_up\n"
        "warm_up()\n"
        "from tac_desktop.core.models.base import Base\n"
        "print(Base.registry._new_mappers)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "False"
    assert list(tmp_path.iterdir()) == []


def test_after_the_warm_up_the_pages_shown_on_unlocking_load_only_qt_modules() -> None:
    """The window's warm-up (a worker, while the passphrase is typed) imports the vault's
    libraries and every core service, so that unlocking imports on the GUI thread only
    the pages themselves (MainWindow._build_case_pages)."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from tac_desktop.gui.shell import main_window\n"
        "try:\n"
        "    main_window._load_vault_libraries_and_recall_key(Path('no.tacvault'))\n"
        "except Exception:\n"
        "    pass  # no key file to ask the keyring about: the imports are done by then\n"
        "before = set(sys.modules)\n"
        "import tac_desktop.gui.actions.my_actions\n"
        "import tac_desktop.gui.cases.case_list\n"
        "import tac_desktop.gui.cases.workspace\n"
        "import tac_desktop.gui.meeting.screen\n"
        "later = set(sys.modules) - before\n"
        "print(sorted(m for m in later if not m.startswith(('tac_desktop.gui.', 'PySide6.'))))\n"
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"


# Every way of asking for the window the argparse reading has handled, and some it refuses.
WINDOW_ARGUMENTS = [
    [],
    ["--demo"],
    ["--demo", "--demo"],
    ["--vault", "Cases.tacvault"],
    ["--vault", "/a folder/with spaces/Cases.tacvault"],
    ["--vault=Cases.tacvault"],
    ["--vault=a=b.tacvault"],
    ["--vault="],
    ["--vault", ""],
    ["--vault", "a.tacvault", "--vault", "b.tacvault"],
    ["--demo", "--vault", "a.tacvault"],
    ["--vault", "a.tacvault", "--demo"],
    ["--vault", "-"],
    ["--vault", "-1"],
    ["--vault", "--demo"],
    ["--vault"],
    ["--va", "a.tacvault"],
    ["--dem"],
    ["--demo=yes"],
    ["--", "--demo"],
    ["a.tacvault"],
    ["--unknown"],
    ["--demo", "-x"],
]


@pytest.mark.parametrize("argv", WINDOW_ARGUMENTS, ids=repr)
def test_the_window_arguments_read_by_hand_are_what_argparse_reads(argv: list[str]) -> None:
    """The window's usual arguments skip argparse (a few ms before the window); the
    answer is argparse's in every case, including its refusals."""
    from tac_desktop.__main__ import _parsed_window_arguments, _window_arguments

    def answer(read: object) -> object:
        try:
            return read(argv)  # type: ignore[operator]
        except SystemExit as exit_:
            return ("exit", exit_.code)

    assert answer(_window_arguments) == answer(_parsed_window_arguments)


def test_the_usual_window_arguments_are_read_without_argparse() -> None:
    from tac_desktop.__main__ import _plain_window_arguments

    assert _plain_window_arguments([]) == (None, False)
    assert _plain_window_arguments(["--demo"]) == (None, True)
    assert _plain_window_arguments(["--vault", "a b.tacvault"]) == (Path("a b.tacvault"), False)
    assert _plain_window_arguments(["--vault=x.tacvault", "--demo"]) == (Path("x.tacvault"), True)


def test_version_flag() -> None:
    result = _run(sys.executable, "-m", "tac_desktop", "--version")
    assert result.returncode == 0
    assert result.stdout.startswith("TAC Desktop ")
