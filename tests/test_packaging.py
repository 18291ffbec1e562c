"""The installable program: build the Linux bundle with PyInstaller and run it alone.

The build takes about a minute and ~210 MB, so it runs only when asked:

    TAC_TEST_PACKAGING=1 .venv/bin/pytest -q -m packaging      (needs pip install '.[package]')

The bundle is built into a temporary folder (never the checkout) and run with an emptied
environment (``env -i`` with only HOME, the passphrase and QT_QPA_PLATFORM): no Python, no
virtual environment, no PYTHONPATH around it. Its size and start-up time are printed.
Only invented people (the demo families).
"""

from __future__ import annotations

import configparser
import importlib.util
import os
import shutil
import statistics
import struct
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

import tac_desktop
from tests.log_privacy import log_text, personal_data_in

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
PASSPHRASE = "an invented passphrase for the bundle"

needs_build = [
    pytest.mark.packaging,
    pytest.mark.skipif(
        os.environ.get("TAC_TEST_PACKAGING") != "1",
        reason="builds the PyInstaller bundle (~1 min): set TAC_TEST_PACKAGING=1",
    ),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle"),
]


def _project_info() -> ModuleType:
    """packaging/project_info.py (``packaging`` is also a PyPI package, so load by path)."""
    spec = importlib.util.spec_from_file_location("project_info", PACKAGING / "project_info.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- what the spec reads (fast; always runs) ----------------------------------------------


def test_the_spec_reads_name_and_version_as_hatch_does() -> None:
    info = _project_info()
    assert info.name() == "tac-desktop"
    assert info.version() == tac_desktop.__version__
    assert info.numeric_version().count(".") == 2


def test_the_linux_icon_is_a_256_pixel_png() -> None:
    header = (PACKAGING / "icons" / "tac-desktop.png").read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (256, 256)
    assert (PACKAGING / "icons" / "tac-desktop.ico").read_bytes()[:4] == b"\0\0\1\0"
    assert (PACKAGING / "icons" / "tac-desktop.icns").read_bytes()[:4] == b"icns"


def test_the_desktop_entry_is_well_formed() -> None:
    entry = _desktop_entry(PACKAGING / "linux" / "tac-desktop.desktop")
    assert entry["Type"] == "Application"
    assert entry["Name"] == "TAC Desktop"
    assert entry["Exec"].split()[0] == "tac-desktop"
    assert entry["Icon"] == "tac-desktop"
    validator = shutil.which("desktop-file-validate")
    if validator:
        result = subprocess.run(
            [validator, str(PACKAGING / "linux" / "tac-desktop.desktop")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def _desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


# -- the bundle ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Bundle:
    folder: Path
    archive: Path
    build_seconds: float

    @property
    def executable(self) -> Path:
        return self.folder / "tac-desktop"

    @property
    def internal(self) -> Path:
        return self.folder / "_internal"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bundle]:
    """``packaging/build.py`` into a temporary folder: the bundle and its .tar.gz."""
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.fail("PyInstaller is missing: pip install '.[package]'")
    out = tmp_path_factory.mktemp("bundle")
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            str(PACKAGING / "build.py"),
            "--dist",
            str(out / "dist"),
            "--work",
            str(out / "work"),
        ],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    (archive,) = (out / "dist").glob("tac-desktop-*-linux-*.tar.gz")
    built = Bundle(out / "dist" / "tac-desktop", archive, time.perf_counter() - started)
    yield built
    shutil.rmtree(out, ignore_errors=True)  # ~300 MB with the archive and work folder


def _run(
    bundle_or_exe: Bundle | Path,
    *args: str | Path,
    home: Path,
    timeout: float = 120,
    **env: str,
) -> subprocess.CompletedProcess[str]:
    """The bundled program with ``env -i``: only HOME, the passphrase, offscreen Qt."""
    exe = bundle_or_exe.executable if isinstance(bundle_or_exe, Bundle) else bundle_or_exe
    variables = {
        "HOME": str(home),
        "TAC_VAULT_PASSPHRASE": PASSPHRASE,
        "QT_QPA_PLATFORM": "offscreen",
        **env,
    }
    return subprocess.run(
        ["env", "-i", *(f"{k}={v}" for k, v in variables.items()), str(exe), *map(str, args)],
        cwd=home,  # not the checkout: nothing to import from there
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def _no_traceback(result: subprocess.CompletedProcess[str]) -> str:
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    return output


def _timed(bundle: Bundle, *args: str, home: Path, **env: str) -> float:
    started = time.perf_counter()
    result = _run(bundle, *args, home=home, **env)
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stdout + result.stderr
    return seconds


class TestLinuxBundle:
    pytestmark = needs_build

    def test_it_carries_its_data_files_and_not_the_build_machines(self, bundle: Bundle) -> None:
        assert os.access(bundle.executable, os.X_OK)
        package = bundle.internal / "tac_desktop"
        assert (package / "resources" / "icons" / "tac-desktop.svg").is_file()
        assert sorted(p.name for p in (package / "forms_ui").glob("*.ui")) == sorted(
            p.name for p in (ROOT / "forms").glob("*.ui")
        )
        # Alembic loads the revisions from files, so they must be there as .py source.
        migrations = package / "core" / "migrations"
        assert (migrations / "env.py").is_file()
        assert sorted(p.name for p in (migrations / "versions").glob("*.py")) == sorted(
            p.name for p in (ROOT / "tac_desktop" / "core" / "migrations" / "versions").glob("*.py")
        )
        assert (bundle.internal / "xkcdpass" / "static" / "eff-long").is_file()
        # SQLCipher is statically linked into sqlcipher3's extension module.
        assert list((bundle.internal / "sqlcipher3").glob("_sqlite3*.so"))
        for beside in ("tac-desktop.desktop", "tac-desktop.png", "tac-desktop.svg", "install.sh"):
            assert (bundle.folder / beside).is_file(), beside

        names = {path.name for path in bundle.folder.rglob("*")}
        # The spec leaves out the GTK theme (the build machine's GTK), QML/Quick (virtual
        # keyboard) and the checkout's tools.
        unwanted = ("libgtk-3", "libQt6Quick", "libQt6Qml", "libQt6VirtualKeyboard", "libqgtk3")
        assert not [name for name in names if name.startswith(unwanted)]
        assert not {"pytest", "_pytest", "mypy", "PIL", "PyInstaller"} & names
        dangling = [p for p in bundle.folder.rglob("*") if p.is_symlink() and not p.exists()]
        assert dangling == []
        if importlib.util.find_spec("PySide6.QtPdf") is not None:  # optional
            assert any(name.startswith("libQt6Pdf") for name in names)

    def test_modules_imported_lazily_or_by_name_are_in_it(self, bundle: Bundle) -> None:
        """What the import scan cannot all see, and no command here exercises (the OS
        keyring is reached only from the window, after unlocking)."""
        from PyInstaller.archive.readers import CArchiveReader

        modules = CArchiveReader(str(bundle.executable)).open_embedded_archive("PYZ.pyz").toc
        expected = {
            "keyring.backends.SecretService",
            "keyring.backends.kwallet",
            "keyring.backends.libsecret",
            "keyring.backends.fail",
            "secretstorage",
            "jeepney.io.blocking",
            "alembic.command",
            "alembic.runtime.migration",
            "alembic.operations.ops",
            "sqlalchemy.dialects.sqlite.pysqlite",
            "sqlcipher3.dbapi2",
            "argon2.low_level",
            "_argon2_cffi_bindings",
            "cryptography.hazmat.primitives.ciphers.aead",
            "pydantic",
            "tac_desktop.core.cli",
            "tac_desktop.core.vault.keyring_store",
            "tac_desktop.gui.shell.app",
            "xkcdpass.xkcd_password",
        }
        assert expected - set(modules) == set()
        # keyring finds its backends through entry points: its metadata must be there.
        assert list(bundle.internal.glob("keyring-*.dist-info/entry_points.txt"))

    def test_version(self, bundle: Bundle, home: Path) -> None:
        result = _run(bundle, "--version", home=home)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"TAC Desktop {tac_desktop.__version__}"

    def test_admin_commands_run_alone_and_log_no_personal_data(
        self, bundle: Bundle, home: Path
    ) -> None:
        from tac_desktop.core.demo import demo_families
        from tac_desktop.core.vault.migrate import SCHEMA_HEAD

        vault = home / "Demo cases.tacvault"
        # demo: Alembic migrations from the bundle's files, argon2id, SQLCipher.
        demo = _run(bundle, "demo", vault, home=home)
        assert demo.returncode == 0, _no_traceback(demo)

        check = _run(bundle, "vault", "check", vault, home=home)
        assert check.returncode == 0, _no_traceback(check)
        assert "healthy" in check.stdout and f"layout {SCHEMA_HEAD}" in check.stdout

        cases = _run(bundle, "cases", vault, home=home)
        assert cases.returncode == 0, _no_traceback(cases)
        references = [line.split("\t")[0] for line in cases.stdout.splitlines()]
        assert references == sorted(family.reference for family in demo_families())

        # Sealed with words from the EFF list the bundle carries (xkcdpass's static file).
        case_file = home / "case.tac-case"
        export = _run(bundle, "export", "case", vault, references[0], "-o", case_file, home=home)
        assert export.returncode == 0, _no_traceback(export)
        [words] = [line.strip() for line in export.stdout.splitlines() if line.startswith("    ")]

        second = home / "Second.tacvault"
        create = _run(
            bundle, "vault", "create", second, "--chair-name", "Robin Testchair", home=home
        )
        assert create.returncode == 0, _no_traceback(create)
        imported = _run(
            bundle, "import", "case", second, case_file, home=home, TAC_CASE_PASSPHRASE=words
        )
        assert imported.returncode == 0, _no_traceback(imported)
        assert _run(bundle, "cases", second, home=home).stdout.startswith(references[0])

        refused = _run(bundle, "vault", "check", vault, home=home, TAC_VAULT_PASSPHRASE="wrong!")
        assert refused.returncode == 1
        assert refused.stderr.startswith("tac-desktop: "), _no_traceback(refused)

        # The per-user log folder (platformdirs, from HOME), with what ran and nobody's name.
        logs = home / ".local" / "state" / "TAC Desktop" / "log"
        text = log_text(logs)
        assert "command demo finished with exit 0" in text
        assert "command vault check finished with exit 1" in text
        assert personal_data_in(text, "Demo cases", PASSPHRASE, str(home)) == []
        # Nothing was written inside the bundle (Alembic loaded its revisions from there).
        assert not list(bundle.folder.rglob("__pycache__"))

    @pytest.mark.parametrize("page", ["first run", "unlock"])
    def test_the_window_opens_offscreen(self, bundle: Bundle, home: Path, page: str) -> None:
        args: list[str | Path] = []
        if page == "unlock":
            vault = home / "Mine.tacvault"
            made = _run(
                bundle, "vault", "create", vault, "--chair-name", "Robin Testchair", home=home
            )
            assert made.returncode == 0, _no_traceback(made)
            args = ["--vault", vault]
        shown = _run(bundle, *args, home=home, TAC_EXIT_WHEN_SHOWN="1", timeout=60)
        assert shown.returncode == 0, _no_traceback(shown)
        _no_traceback(shown)

    def test_the_archive_unpacks_installs_and_uninstalls(
        self, bundle: Bundle, home: Path, tmp_path: Path
    ) -> None:
        with tarfile.open(bundle.archive) as tar:
            tar.extractall(tmp_path / "unpacked", filter="tar")
        (unpacked,) = (tmp_path / "unpacked").iterdir()
        assert unpacked.name == f"tac-desktop-{tac_desktop.__version__}"

        prefix = tmp_path / "prefix"
        install = subprocess.run(
            [str(unpacked / "install.sh"), str(prefix)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert install.returncode == 0, install.stdout + install.stderr
        program = prefix / "lib" / "tac-desktop" / "tac-desktop"
        command = prefix / "bin" / "tac-desktop"
        # The copy runs from its new place (nothing in the bundle points at the build).
        moved = _run(command, "--version", home=home)
        assert moved.returncode == 0, moved.stderr
        entry = _desktop_entry(prefix / "share" / "applications" / "tac-desktop.desktop")
        assert entry["Exec"] == f'"{program}"'
        assert entry["TryExec"] == str(program)
        assert (prefix / "share/icons/hicolor/256x256/apps/tac-desktop.png").is_file()
        assert (prefix / "share/icons/hicolor/scalable/apps/tac-desktop.svg").is_file()

        remove = subprocess.run(
            [str(program.parent / "install.sh"), "--uninstall", str(prefix)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert remove.returncode == 0, remove.stdout + remove.stderr
        assert not program.parent.exists() and not command.is_symlink()
        assert not (prefix / "share" / "applications" / "tac-desktop.desktop").exists()

    def test_report_size_and_start_time(
        self, bundle: Bundle, home: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Figures for the release notes (no timed assertions: machines differ)."""
        files = [p for p in bundle.folder.rglob("*") if p.is_file() and not p.is_symlink()]
        megabytes = sum(p.stat().st_size for p in files) / 1e6
        du = subprocess.run(
            ["du", "-sh", str(bundle.folder)], capture_output=True, text=True, check=False
        ).stdout.split("\t")[0]

        version = [_timed(bundle, "--version", home=home) for _ in range(6)]
        window = [_timed(bundle, home=home, TAC_EXIT_WHEN_SHOWN="1") for _ in range(6)]
        archive = bundle.archive.stat().st_size / 1e6
        report = (
            f"\nLinux bundle: {du} on disk (du -sh), {megabytes:.0f} MB in {len(files)} files; "
            f"{bundle.archive.name} {archive:.0f} MB; built in {bundle.build_seconds:.0f} s\n"
            f"start, --version: first {version[0]:.2f} s, then median "
            f"{statistics.median(version[1:]):.2f} s\n"
            f"start, window shown (offscreen, TAC_EXIT_WHEN_SHOWN=1): first {window[0]:.2f} s, "
            f"then median {statistics.median(window[1:]):.2f} s\n"
        )
        with capsys.disabled():
            print(report)
