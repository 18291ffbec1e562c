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
    "tac_desktop.gui.shared.settings",
    "tac_desktop.gui.shared.background",
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


def test_version_flag() -> None:
    result = _run(sys.executable, "-m", "tac_desktop", "--version")
    assert result.returncode == 0
    assert result.stdout.startswith("TAC Desktop ")
