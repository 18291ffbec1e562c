"""TAC Desktop benchmarks: speed and memory figures, each beside a baseline from the same run.

    python benchmarks/run.py [--quick] [--workdir DIR]

Prints one table (measure, value, baseline, ratio, target, PASS/MISS). These are
figures, not tests: the exit code is 0 whatever the figures say, and non-zero only when
a measurement itself crashed. Runs without a screen (Qt offscreen). Only invented data.
See benchmarks/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, String, Text, create_engine, event, insert, select, update
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from tac_desktop.core.models import (
    Agency,
    Case,
    CaseStatus,
    Involvement,
    Nation,
    Person,
    Professional,
    Sector,
    Task,
)
from tac_desktop.core.services.cases import list_cases
from tac_desktop.core.text import fold_for_search
from tac_desktop.core.vault import ChairDetails, KdfParams, Vault
from tac_desktop.core.vault.engine import make_engine
from tac_desktop.core.vault.vault import read_key_file

HERE = Path(__file__).resolve().parent
PASSPHRASE = "a long synthetic benchmark passphrase"
CHAIR = ChairDetails("Bea Benchmark", "Benchmark chair", "Nowhere Family Hub")
GUI_TIMEOUT_S = 20.0
SEARCH_WORDS = ("zoe", "lukasz")
MB = 1_000_000


@dataclass(frozen=True)
class Reps:
    kdf: int
    open: int
    fresh_open: int
    orm: int
    cold_start: int
    unlock_list: int
    search: int
    qt_search: int


FULL = Reps(
    kdf=5, open=20, fresh_open=3, orm=5, cold_start=7, unlock_list=15, search=20, qt_search=5
)
QUICK = Reps(kdf=3, open=5, fresh_open=1, orm=2, cold_start=3, unlock_list=5, search=5, qt_search=2)


# -- results and the table ------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A goal on the value (``max``/``range``) or on the ratio to the baseline (``ratio``)."""

    kind: str
    high: float
    low: float = 0.0

    def text(self, unit: str) -> str:
        if self.kind == "ratio":
            return f"ratio ≤ {self.high:g}"
        if self.kind == "range":
            return f"{_fmt(self.low, unit)}–{_fmt(self.high, unit)}"
        return f"≤ {_fmt(self.high, unit)}"

    def met(self, value: float, ratio: float | None) -> bool | None:
        if self.kind == "ratio":
            return None if ratio is None else ratio <= self.high
        if self.kind == "range":
            return self.low <= value <= self.high
        return value <= self.high


@dataclass
class Row:
    measure: str
    unit: str  # "s", "ms" or "MB"; values are kept in seconds or bytes
    value: float | None = None
    baseline: float | None = None
    target: Target | None = None
    note: str = ""
    status_override: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline

    @property
    def status(self) -> str:
        if self.status_override:
            return self.status_override
        if self.value is None:
            return "n/a"
        if self.target is None:
            return "info"
        met = self.target.met(self.value, self.ratio)
        return "n/a" if met is None else ("PASS" if met else "MISS")


@dataclass
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "ms":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value * 1000:,.0f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value / MB:.0f} MB"
    return f"{value:g}"


def print_table(sections: Sequence[Section]) -> None:
    header = ("measure", "value", "baseline", "ratio", "target", "result")
    lines = []
    for section in sections:
        for row in section.rows:
            ratio = "—" if row.ratio is None else f"{row.ratio:.2f}"
            target = row.target.text(row.unit) if row.target else "—"
            lines.append(
                (
                    row.measure,
                    _fmt(row.value, row.unit),
                    _fmt(row.baseline, row.unit),
                    ratio,
                    target,
                    row.status,
                )
            )
    widths = [max(len(cells[i]) for cells in [header, *lines]) for i in range(len(header))]

    def render(cells: Sequence[str]) -> str:
        first, *numbers = cells
        parts = [first.ljust(widths[0])]
        parts += [cell.rjust(width) for cell, width in zip(numbers[:3], widths[1:4], strict=True)]
        parts += [cell.ljust(width) for cell, width in zip(numbers[3:], widths[4:], strict=True)]
        return "  ".join(parts).rstrip()

    rule = "-" * len(render(header))
    print(render(header))
    index = 0
    for section in sections:
        print(rule)
        print(f"[{section.title}]")
        for _ in section.rows:
            print(render(lines[index]))
            index += 1
        for note in section.notes:
            print(
                textwrap.fill(note, len(rule), initial_indent="  note: ", subsequent_indent=" " * 8)
            )
    print(rule)
    counts = {
        status: sum(row.status == status for s in sections for row in s.rows)
        for status in ("PASS", "MISS", "n/a", "ERROR")
    }
    print("  ".join(f"{status}: {count}" for status, count in counts.items()))


# -- small helpers ----------------------------------------------------------------------


def progress(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def filesystem_of(folder: Path) -> str:
    """The mount's file system type (Linux), since fsync costs depend on it."""
    try:
        mounts = Path("/proc/self/mounts").read_text().splitlines()
    except OSError:
        return "unknown"
    best, kind = "", "unknown"
    resolved = str(folder.resolve())
    for line in mounts:
        parts = line.split()
        if len(parts) >= 3:
            mount = parts[1]
            inside = resolved == mount or resolved.startswith(mount.rstrip("/") + "/")
            if inside and len(mount) > len(best):
                best, kind = mount, parts[2]
    return kind


def git_commit() -> str:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=HERE,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return done.stdout.strip() or "unknown"


def describe_machine(work: Path, quick: bool) -> None:
    cipher = sqlcipher3.dbapi2.connect(":memory:")
    try:
        cipher_version = cipher.execute("PRAGMA cipher_version").fetchone()[0]
    finally:
        cipher.close()
    from PySide6 import __version__ as pyside_version

    print("TAC Desktop benchmarks" + (" (--quick)" if quick else ""))
    print(
        f"commit {git_commit()} · Python {platform.python_version()} · "
        f"{platform.system()} {platform.machine()} · {os.cpu_count()} CPUs"
    )
    print(
        f"SQLCipher {cipher_version} (SQLite {sqlcipher3.dbapi2.sqlite_version}) · "
        f"plain SQLite {sqlite3.sqlite_version} · PySide6 {pyside_version}"
    )
    print(f"work folder {work} ({filesystem_of(work)})")
    print()


def gui_environment(work: Path) -> dict[str, str]:
    """Offscreen Qt, throwaway home/XDG/log/settings folders, no real keyring."""
    home = work / "home"
    runtime = work / "runtime"
    for folder in (home, runtime):
        folder.mkdir(exist_ok=True)
    runtime.chmod(0o700)
    env = dict(os.environ)
    for secret in ("TAC_VAULT_PASSPHRASE", "TAC_NEW_VAULT_PASSPHRASE"):
        env.pop(secret, None)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        XDG_RUNTIME_DIR=str(runtime),
        TAC_LOG_DIR=str(work / "logs"),
        TAC_SETTINGS_DIR=str(work / "settings"),
        # Behaves like a computer without a Secret Service: nothing reaches the real one.
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:160] if lines else "no output"


# -- section "vault": 1. opening ----------------------------------------------------------

FIRST_OPEN_SCRIPT = """
import sys, time
from tac_desktop.core.vault import Vault
key = bytes.fromhex(sys.stdin.readline().strip())
start = time.perf_counter()
vault = Vault.open(sys.argv[1], data_key=key)
print(time.perf_counter() - start)
vault.close()
"""


def bench_open(section: Section, work: Path, reps: Reps) -> tuple[Path, bytes]:
    path = work / "small.tacvault"
    progress("creating a small vault (default KDF settings)")
    with Vault.create(path, PASSPHRASE, CHAIR, KdfParams()) as vault:
        key = vault.data_key

    progress(f"KDF: unsealing the key file {reps.kdf} times")
    key_file = read_key_file(path)
    kdf_times = []
    for _ in range(reps.kdf):
        gc.collect()
        start = time.perf_counter()
        unsealed = key_file.unseal(PASSPHRASE)
        kdf_times.append(time.perf_counter() - start)
        assert unsealed == key
    params = key_file.kdf
    section.rows.append(
        Row(
            f"KDF: unseal (argon2id t={params.time_cost}, "
            f"{params.memory_cost_kib // 1024} MiB, p={params.parallelism})",
            "s",
            median(kdf_times),
            target=Target("range", 0.8, 0.3),
        )
    )

    progress(f"after-KDF: Vault.open(data_key=...) {reps.open} times")
    Vault.open(path, data_key=key).close()  # warm-up: lazy imports, file cache
    open_times = []
    for _ in range(reps.open):
        gc.collect()
        start = time.perf_counter()
        vault = Vault.open(path, data_key=key)
        open_times.append(time.perf_counter() - start)
        vault.close()
    section.rows.append(
        Row(
            "after-KDF: Vault.open until ready, warm",
            "ms",
            median(open_times),
            target=Target("max", 0.050),
        )
    )

    first_opens = []
    for _ in range(reps.fresh_open):
        done = subprocess.run(
            [sys.executable, "-c", FIRST_OPEN_SCRIPT, str(path)],
            input=key.hex() + "\n",
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if done.returncode != 0:
            section.notes.append(f"first open in a fresh process failed: {last_line(done.stderr)}")
            break
        first_opens.append(float(done.stdout.strip().splitlines()[-1]))
    section.rows.append(
        Row(
            "after-KDF: first Vault.open, fresh process",
            "ms",
            median(first_opens) if first_opens else None,
            target=Target("max", 0.050),
        )
    )
    section.notes.append(
        f"KDF: KeyFile.unseal with the default KdfParams, median of {reps.kdf}. After-KDF: "
        f"Vault.open(path, data_key=key) until it returns, median of {reps.open} (close not "
        "timed); a passphrase unlock costs KDF + after-KDF. The fresh-process figure is the "
        f"first open in a new interpreter (median of {reps.fresh_open}), with its one-off "
        "first-connection and first-query costs."
    )
    return path, key


# -- section "vault": 2. encrypted vs plain SQLite ----------------------------------------

ORM_ROWS = 10_000
ORM_BATCH = 100  # rows per committed transaction: 100 transactions
ORM_READS = 1_000

# The non-cipher pragmas of tac_desktop.core.vault.engine.make_engine, for the baselines.
SHARED_PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA secure_delete = ON",
    "PRAGMA busy_timeout = 5000",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
)
CHECKED_PRAGMAS = ("foreign_keys", "temp_store", "secure_delete", "journal_mode", "synchronous")


class BenchBase(DeclarativeBase):
    """Benchmark-only tables, never part of a vault's schema."""


class BenchRecord(BenchBase):
    __tablename__ = "bench_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), index=True)
    name: Mapped[str] = mapped_column(String(200))
    born_on: Mapped[date]
    visits: Mapped[int]
    notes: Mapped[str] = mapped_column(Text)


def plain_engine(path: Path, module: Any = None) -> Engine:
    """``sqlite:///`` with the vault's pragmas, minus the key (stdlib sqlite3 by default)."""
    options = {"module": module} if module is not None else {}
    engine = create_engine(f"sqlite:///{path}", **options)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            for pragma in SHARED_PRAGMAS:
                cursor.execute(pragma)
        finally:
            cursor.close()

    return engine


def pragmas_of(engine: Engine) -> dict[str, Any]:
    with engine.connect() as connection:
        return {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar() for name in CHECKED_PRAGMAS
        }


def orm_rows(count: int) -> list[dict[str, Any]]:
    rng = random.Random(7)
    syllables = ("ka", "lo", "mi", "ra", "zu", "te", "wen", "dor", "ish", "bel")
    rows = []
    for number in range(count):
        name = "".join(rng.choice(syllables) for _ in range(4)).title()
        rows.append(
            {
                "reference": f"REF-{number:06d}",
                "name": f"{name} {rng.choice(syllables).title()}{rng.choice(syllables)}",
                "born_on": date(2000, 1, 1) + timedelta(days=rng.randrange(9000)),
                "visits": rng.randrange(50),
                "notes": " ".join(rng.choice(syllables) for _ in range(40)),
            }
        )
    return rows


def orm_workload(
    engine: Engine, rows: Sequence[dict[str, Any]], lookups: Sequence[str]
) -> tuple[float, float]:
    """Seconds for the inserts (batches of 100, each committed) and the 1,000 reads."""
    BenchBase.metadata.create_all(engine)
    sessions = sessionmaker(engine)
    gc.collect()
    start = time.perf_counter()
    for first in range(0, len(rows), ORM_BATCH):
        with sessions.begin() as session:
            session.add_all(BenchRecord(**values) for values in rows[first : first + ORM_BATCH])
    inserted = time.perf_counter()
    for reference in lookups:
        with sessions() as session:
            record = session.scalars(
                select(BenchRecord).where(BenchRecord.reference == reference)
            ).one()
            assert record.reference == reference
    read = time.perf_counter()
    engine.dispose()
    return inserted - start, read - inserted


def bench_encrypted_vs_plain(section: Section, work: Path, reps: Reps) -> None:
    rows = orm_rows(ORM_ROWS)
    lookups = [row["reference"] for row in random.Random(11).sample(rows, ORM_READS)]
    key = os.urandom(32)
    makers: dict[str, Callable[[Path], Engine]] = {
        "encrypted": lambda path: make_engine(path, key),
        "plain": plain_engine,
        "unkeyed": lambda path: plain_engine(path, sqlcipher3.dbapi2),
    }
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in makers}
    folder = work / "orm"
    folder.mkdir()
    engines = {name: maker(folder / f"{name}.db") for name, maker in makers.items()}
    expected = pragmas_of(engines["encrypted"])
    for name, engine in engines.items():
        if pragmas_of(engine) != expected:
            section.notes.append(f"the {name} engine's pragmas differ from the vault's")
        engine.dispose()
    shutil.rmtree(folder)
    for run in range(reps.orm):
        progress(f"ORM workload run {run + 1}/{reps.orm} (encrypted, plain, unkeyed SQLCipher)")
        order = list(makers) if run % 2 == 0 else list(reversed(makers))
        for name in order:
            folder.mkdir(exist_ok=True)
            engine = makers[name](folder / f"{name}.db")
            results[name].append(orm_workload(engine, rows, lookups))
            shutil.rmtree(folder)

    def phase(name: str, index: int | None) -> float:
        if index is None:
            return median([sum(pair) for pair in results[name]])
        return median([pair[index] for pair in results[name]])

    target = Target("ratio", 1.3)
    for label, index in (
        (f"{ORM_ROWS:,} ORM inserts, {ORM_BATCH}/commit", 0),
        (f"{ORM_READS:,} indexed reads, 1 session each", 1),
        ("whole ORM workload", None),
    ):
        section.rows.append(
            Row(
                f"enc ÷ plain: {label}",
                "ms",
                phase("encrypted", index),
                phase("plain", index),
                target,
            )
        )
    section.rows.append(
        Row(
            "  info: whole workload ÷ unkeyed SQLCipher",
            "ms",
            phase("encrypted", None),
            phase("unkeyed", None),
        )
    )
    section.notes.append(
        f"ORM workload: {ORM_ROWS:,} rows inserted as ORM objects, {ORM_ROWS // ORM_BATCH} "
        f"transactions of {ORM_BATCH}; then {ORM_READS:,} lookups by an indexed text column, "
        f"each in its own session; medians of {reps.orm} runs, engines alternated. Both "
        "engines use the vault's pragmas (WAL, synchronous FULL, foreign keys, secure "
        "delete, temp in memory). The unkeyed row isolates encryption from the different "
        "SQLite versions."
    )


# -- section "vault": 3. cold start -------------------------------------------------------

BARE_WINDOW_SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("bare baseline")
window.resize(1000, 700)
window.show()
QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
"""


def tac_desktop_command() -> list[str]:
    script = Path(sys.executable).with_name("tac-desktop")
    if script.exists():
        return [str(script)]
    found = shutil.which("tac-desktop")
    return [found] if found else [sys.executable, "-m", "tac_desktop"]


def run_until_exit(command: Sequence[str], env: dict[str, str]) -> tuple[float | None, str]:
    """Wall-clock seconds from start to exit; None and a reason if it failed or hung."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        _, errors = process.communicate(timeout=GUI_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return None, (
            f"did not exit within {GUI_TIMEOUT_S:.0f} s (TAC_EXIT_WHEN_SHOWN=1 not honoured?)"
        )
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        return None, f"exit code {process.returncode}: {last_line(errors)}"
    return elapsed, ""


def bench_cold_start(section: Section, work: Path, reps: Reps, vault_path: Path) -> None:
    env = gui_environment(work)
    env["TAC_EXIT_WHEN_SHOWN"] = "1"
    app = [*tac_desktop_command(), "--vault", str(vault_path)]
    bare = [sys.executable, "-c", BARE_WINDOW_SCRIPT]
    progress(f"cold start: {reps.cold_start} runs each, alternated, after one warm-up")
    app_times: list[float] = []
    bare_times: list[float] = []
    failure = ""
    for run in range(reps.cold_start + 1):  # run 0 warms the file cache and is not counted
        pair = [(bare, bare_times), (app, app_times)]
        for command, times in pair if run % 2 else pair[::-1]:
            if failure and command is app:
                continue
            elapsed, why = run_until_exit(command, env)
            if elapsed is None:
                if command is bare:
                    raise RuntimeError(f"the bare PySide6 window failed: {why}")
                failure = why
            elif run > 0:
                times.append(elapsed)
    row = Row(
        "cold start: tac-desktop --vault, first window",
        "ms",
        median(app_times) if app_times and not failure else None,
        median(bare_times),
        Target("ratio", 1.25),
    )
    if failure:
        row.status_override = "n/a"
        section.notes.append(f"cold start not available: tac-desktop {failure}")
    section.rows.append(row)
    section.notes.append(
        "cold start: wall clock from Popen to exit, fresh processes, offscreen; baseline = "
        "bare QApplication + QMainWindow that quits once shown."
    )


# -- section "case records": 4. 5,000 cases ----------------------------------------------

CASES = 5_000
FIRST_NAMES = (
    "Zoë", "Zoe", "Łukasz", "Lukas", "Małgorzata", "Wojciech", "Agnieszka", "Żaneta",
    "Ayşe", "Çağla", "Gülşen", "İlkay", "Oğuzhan", "Şebnem", "Yusuf", "Fatima", "Omar",
    "Layla", "Khadija", "Hamza", "ليلى", "يوسف", "Chloé", "Renée", "Søren", "Aoife",
    "Siân", "Nnamdi", "Priya", "Jörg", "Mia", "Tom",
)  # fmt: skip
LAST_NAMES = (
    "Whitbury", "Ashcombe", "Pellowen", "Brzęczykowa", "Żmudzieńska", "Kałużnik",
    "Wójtowicz-Lark", "Yıldıztepe", "Karaçalıoğlu", "Öztürkmenli", "Şahinkaya-Dorn",
    "Al-Hadrawi", "Bin Qasimar", "El-Zorbani", "الحدراوي", "Núñez-Orbe", "Ó Fearnáin",
    "Müllerstone", "Dąbrowiec", "Thistlebay",
)  # fmt: skip
RELATIVES = ("mother", "father", "sister", "brother", "grandmother", "stepfather", "aunt")
AGENCIES = (
    ("Northgate Academy", Sector.EDUCATION),
    ("Riverside Primary", Sector.EDUCATION),
    ("Riverside CAMHS", Sector.HEALTH),
    ("Eastfield Health Visiting", Sector.HEALTH),
    ("Testshire Children's Services", Sector.CHILDRENS_SOCIAL_CARE),
    ("Testshire Youth Justice", Sector.YOUTH_JUSTICE),
    ("Homes for Nowhere", Sector.HOUSING),
    ("Brightside Family Charity", Sector.VOLUNTARY),
)
LEAD_ROLES = ("school", "health visitor", "family support", "social worker", "youth worker")


TASKS_PER_CASE = 10


def _task_records(
    rng: random.Random,
    today: date,
    professionals: list[dict[str, Any]],
    agencies: list[dict[str, Any]],
    stamps: dict[str, Any],
) -> list[dict[str, Any]]:
    """Ten tasks a case, due from 120 days ago to 120 days ahead, a third of them closed."""
    agency_names = {a["id"]: a["name"] for a in agencies}
    statuses = ["not_started", "in_progress", "not_done", "done", "no_longer_needed", "done"]
    rows = []
    for case_id in range(1, CASES + 1):
        for _ in range(TASKS_PER_CASE):
            professional = rng.choice(professionals)
            rows.append(
                {
                    "case_id": case_id,
                    "description": "Invented benchmark task",
                    "agency_id": professional["agency_id"],
                    "agency_name": agency_names[professional["agency_id"]],
                    "professional_id": professional["id"],
                    "owner_name": professional["name"],
                    "due_on": today + timedelta(days=rng.randrange(-120, 121)),
                    "status": rng.choice(statuses),
                    **stamps,
                }
            )
    return rows


def case_records(rng: random.Random, today: date) -> dict[str, list[dict[str, Any]]]:
    """Invented agencies, professionals, cases, people (subject + 3) and lead links."""
    now = datetime.now(UTC)
    stamps = {"created_at": now, "updated_at": now}
    agencies = [
        {"id": number, "name": name, "sector": sector, **stamps}
        for number, (name, sector) in enumerate(AGENCIES, start=1)
    ]
    professionals = [
        {
            "id": number,
            "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            "role": rng.choice(LEAD_ROLES),
            "agency_id": rng.randrange(1, len(AGENCIES) + 1),
            "phone": f"01632 96{number:04d}",
            "secure_email": f"worker{number}@agency.example",
            **stamps,
        }
        for number in range(1, 41)
    ]
    cases, people, subjects, involvements = [], [], [], []
    person_id = 0
    for case_id in range(1, CASES + 1):
        closed = rng.random() < 0.1
        opened = today - timedelta(days=rng.randrange(30, 1100))
        cases.append(
            {
                "id": case_id,
                "reference": f"BEN-{case_id:05d}",
                "status": CaseStatus.CLOSED if closed else CaseStatus.OPEN,
                "opened_on": opened,
                "closed_on": opened + timedelta(days=20) if closed else None,
                "nation": rng.choice(list(Nation)),
                "summary": "Invented benchmark family; nobody here is real.",
                "subject_id": None,
                **stamps,
            }
        )
        family = rng.choice(LAST_NAMES)
        for place in range(4):
            person_id += 1
            first = rng.choice(FIRST_NAMES)
            age = rng.randrange(0, 18) if place == 0 else rng.randrange(1, 80)
            name = f"{first} {family}"
            preferred = first[:3] if rng.random() < 0.2 else ""
            people.append(
                {
                    "id": person_id,
                    "case_id": case_id,
                    "name": name,
                    "preferred_name": preferred,
                    # bulk inserts skip the mapper event that keeps this up to date
                    "search_key": " ".join(fold_for_search(n) for n in (name, preferred) if n),
                    "date_of_birth": today - timedelta(days=int(age * 365.25) + rng.randrange(365)),
                    "relationship_to_subject": "subject" if place == 0 else rng.choice(RELATIVES),
                    "parental_responsibility": place == 1,
                    "language": "English",
                    **stamps,
                }
            )
            if place == 0:
                subjects.append({"id": case_id, "subject_id": person_id})
        involvements.append(
            {
                "case_id": case_id,
                "professional_id": rng.randrange(1, len(professionals) + 1),
                "role_on_case": rng.choice(LEAD_ROLES),
                "is_lead": True,
                **stamps,
            }
        )
    return {
        "agencies": agencies,
        "professionals": professionals,
        "cases": cases,
        "people": people,
        "subjects": subjects,
        "involvements": involvements,
        "tasks": _task_records(rng, today, professionals, agencies, stamps),
    }


def _raw_my_actions(vault: Vault) -> float:
    """The rows My actions needs, through the bare DB-API cursor: the floor for the page."""
    horizon = (date.today() + timedelta(days=7)).isoformat()
    with vault.unit_of_work() as session:
        cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        start = time.perf_counter()
        cursor.execute(
            "SELECT t.id, t.case_id, c.reference, t.meeting_id, t.description, t.agency_name,"
            " t.owner_name, t.for_need, t.due_on, t.status, t.outcome"
            " FROM tasks t JOIN cases c ON c.id = t.case_id"
            " WHERE c.status = 'open' AND t.status IN ('not_started', 'in_progress', 'not_done')"
            " AND t.due_on <= ? ORDER BY t.due_on, t.id",
            (horizon,),
        ).fetchall()
        return time.perf_counter() - start


def build_case_vault(work: Path) -> tuple[Path, bytes, float]:
    """A vault with 5,000 cases, bulk-inserted with the ORM in one transaction."""
    path = work / "cases.tacvault"
    start = time.perf_counter()
    records = case_records(random.Random(2026), date.today())
    with Vault.create(path, PASSPHRASE, CHAIR, KdfParams()) as vault:
        key = vault.data_key
        # ORM bulk statements bypass the unit-of-work, so no audit entries are written.
        with vault.unit_of_work() as session:
            session.execute(insert(Agency), records["agencies"])
            session.execute(insert(Professional), records["professionals"])
            session.execute(insert(Case), records["cases"])
            session.execute(insert(Person), records["people"])
            session.execute(update(Case), records["subjects"])
            session.execute(insert(Involvement), records["involvements"])
            session.execute(insert(Task), records["tasks"])
    return path, key, time.perf_counter() - start


def keystrokes(words: Sequence[str]) -> Iterator[str]:
    for word in words:
        for length in range(1, len(word) + 1):
            yield word[:length]


def qt_child(mode: str, request: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(HERE / "qt_child.py"), mode],
        input=json.dumps(request),
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = done.stdout.strip().splitlines()
    if done.returncode != 0 or not output:
        raise RuntimeError(f"qt_child.py {mode} failed: {last_line(done.stderr)}")
    result: dict[str, Any] = json.loads(output[-1])
    return result


def bench_case_records(section: Section, work: Path, reps: Reps) -> None:
    progress(f"building a vault of {CASES:,} invented cases")
    path, key, build_seconds = build_case_vault(work)
    section.rows.append(Row(f"build {CASES:,}-case vault (bulk ORM insert)", "s", build_seconds))

    progress(f"unlock-to-list: Vault.open + list_cases, {reps.unlock_list} times")
    with Vault.open(path, data_key=key) as vault:  # warm-up
        rows = list_cases(vault)
    assert len(rows) == CASES, f"expected {CASES} cases, listed {len(rows)}"
    opens, lists = [], []
    for _ in range(reps.unlock_list):
        gc.collect()
        start = time.perf_counter()
        vault = Vault.open(path, data_key=key)
        opened = time.perf_counter()
        rows = list_cases(vault)
        listed = time.perf_counter()
        vault.close()
        opens.append(opened - start)
        lists.append(listed - opened)
    totals = [a + b for a, b in zip(opens, lists, strict=True)]
    section.rows.append(
        Row(
            "unlock-to-list: open + list_cases, after KDF",
            "ms",
            median(totals),
            target=Target("max", 0.150),
        )
    )
    section.rows.append(Row("  info: of which Vault.open", "ms", median(opens)))

    progress(f"My actions over {CASES:,} cases and {CASES * TASKS_PER_CASE:,} tasks")
    from tac_desktop.core.services.tasks import actions_overview, my_actions

    with Vault.open(path, data_key=key) as vault:
        found = my_actions(vault)  # warm
        service, whole, raw = [], [], []
        for _ in range(reps.unlock_list):
            gc.collect()
            start = time.perf_counter()
            actions_overview(vault)
            my_actions(vault, limit=200)
            service.append(time.perf_counter() - start)
            start = time.perf_counter()
            found = my_actions(vault)
            whole.append(time.perf_counter() - start)
            raw.append(_raw_my_actions(vault))
    try:
        page = qt_child(
            "mine",
            {"vault": str(path), "key": key.hex(), "reps": reps.unlock_list},
            gui_environment(work),
        )
    except (RuntimeError, ValueError, subprocess.TimeoutExpired) as error:
        page = {}
        section.notes.append(f"the My actions page could not be measured: {error}")
    section.rows.append(
        Row(
            f"My actions page: {CASES * TASKS_PER_CASE:,} tasks, refresh to painted",
            "ms",
            median(page["mine"]) if page.get("mine") else None,
            median(raw),
            Target("max", 0.150),
        )
    )
    section.rows.append(
        Row("  info: of which counts + first 200 rows", "ms", median(service), median(raw))
    )
    section.rows.append(Row("  info: every row, my_actions()", "ms", median(whole), median(raw)))
    section.notes.append(
        f"My actions: open tasks overdue or due within 7 days across all open cases "
        f"({len(found):,} of {CASES * TASKS_PER_CASE:,} tasks here: due dates spread over "
        "120 days either side of today, a third closed), with their updates and challenges. "
        "Page: the program's MyActionsPage in a fresh process, refresh() then processEvents() "
        "until painted; it counts with one grouped query and reads 200 rows at a time. "
        "Baseline: the same SELECT of every task row on the raw sqlcipher3 cursor, no ORM, "
        "no objects."
    )
    section.rows.append(Row("  info: of which list_cases", "ms", median(lists)))

    progress("search per keystroke")
    per_key: list[float] = []
    slowest: list[float] = []
    found: dict[str, int] = {}
    for _ in range(reps.search):
        times = []
        gc.collect()
        for typed in keystrokes(SEARCH_WORDS):
            start = time.perf_counter()
            query = fold_for_search(typed)
            matches = [row for row in rows if query in row.search_key]
            times.append(time.perf_counter() - start)
            found[typed] = len(matches)
        per_key += times
        slowest.append(max(times))
    keystroke_target = Target("max", 0.030)
    section.rows.append(
        Row(
            "keystroke: Python filter, median",
            "ms",
            median(per_key),
            target=keystroke_target,
        )
    )
    section.rows.append(
        Row(
            "keystroke: Python filter, slowest",
            "ms",
            median(slowest),
            target=keystroke_target,
        )
    )

    progress("list window in a fresh process: peak RSS and QSortFilterProxyModel typing")
    env = gui_environment(work)
    request = {"vault": str(path), "key": key.hex(), "words": SEARCH_WORDS, "reps": reps.qt_search}
    listed = qt_child("list", request, env)
    bare = qt_child("bare", {}, env)
    try:
        progress("the program's own case list page in a fresh process")
        program = qt_child("app", request, env)
    except (RuntimeError, ValueError, subprocess.TimeoutExpired) as error:
        program = {}
        section.notes.append(f"the program's case list page could not be measured: {error}")
    strokes = sum(len(word) for word in SEARCH_WORDS)
    for label, name, results in (
        ("proxy filter role", "proxy_role", listed),
        ("proxy filterAcceptsRow", "proxy_custom", listed),
        ("program's CaseListPage", "app_page", program),
    ):
        times = results.get(name, [])
        runs = [times[i : i + strokes] for i in range(0, len(times), strokes)]
        for statistic, value in (
            ("median", median(times) if times else None),
            ("slowest", median([max(run) for run in runs]) if runs else None),
        ):
            section.rows.append(
                Row(f"keystroke: {label}, {statistic}", "ms", value, target=keystroke_target)
            )
    section.rows.append(
        Row(
            f"peak RSS: {listed['rows']:,}-row list shown",
            "MB",
            listed["peak_rss"],
            bare["peak_rss"],
            Target("max", 250 * MB),
        )
    )
    section.rows.append(
        Row(
            "  info: peak RSS, program's CaseListPage",
            "MB",
            program.get("peak_rss"),
            bare["peak_rss"],
        )
    )
    section.notes.append(
        f"{CASES:,} cases, {CASES * 4:,} people, one lead professional each; the unlock-to-"
        "list figures exclude the KDF (add the KDF row above for a passphrase unlock)."
    )
    section.notes.append(
        "search: typing "
        + " then ".join(f"'{w}' ({found[w]:,} matching cases)" for w in SEARCH_WORDS)
        + f" letter by letter. Python filter: `folded query in row.search_key` over the "
        f"rows, {reps.search} runs in this process. Proxy rows: a QSortFilterProxyModel "
        "between the shown QTableView and the table model, filtering on a search-key role "
        "with setFilterFixedString, or in a Python filterAcceptsRow; timed to the end of "
        f"the repaint, {reps.qt_search} runs in the list process. CaseListPage: the "
        "program's own list page (tac_desktop.gui.case_list, sorted by reference), one key "
        "press per letter into its search box, in its own process. 'slowest' = the slowest "
        "keystroke of each run, median over runs."
    )
    section.notes.append(
        "peak RSS: high-water mark (Linux VmHWM; ru_maxrss elsewhere) of a fresh process "
        "that opened the vault, listed the cases and showed them in a QTableView; baseline "
        "= the same view over an empty model, no vault. 1 MB = 10^6 bytes."
    )


# -- main -----------------------------------------------------------------------------------


# -- issue "meetings" -------------------------------------------------------------------

MEETING_KEYSTROKES_FULL = 400
MEETING_KEYSTROKES_QUICK = 120


def _big_family(vault: Vault, held: date) -> tuple[int, int]:
    """A case of 12 people with 10 finalised meetings, and today's draft."""
    from tac_desktop.core.models import AttendanceMode
    from tac_desktop.core.practice.think_family import Answer
    from tac_desktop.core.services import cases, meetings
    from tac_desktop.core.services.cases import CaseDraft, PersonDraft, ProfessionalDraft

    case_id = cases.create_case(
        vault,
        CaseDraft(
            "BIG-1", PersonDraft("Benchmark Child", date_of_birth=held - timedelta(days=4000))
        ),
    )
    for number in range(11):
        adult = number % 2 == 0
        cases.add_person(
            vault,
            case_id,
            PersonDraft(
                f"Relative {number} Benchmark",
                date_of_birth=held - timedelta(days=(12_000 if adult else 2_500) + number),
                relationship_to_subject="relative",
                parental_responsibility=number < 2,
                significant_contact=adult,
            ),
        )
    for number in range(4):
        cases.add_professional(
            vault,
            case_id,
            ProfessionalDraft(f"Worker {number}", f"Agency {number}"),
            is_lead=number == 0,
        )
    no = meetings.ConsiderationAnswer(Answer.NO, "Checked with the family; nothing found.")
    for number in range(10):
        day = held - timedelta(weeks=6 * (10 - number))
        meeting_id = meetings.create_meeting(
            vault, case_id, meetings.MeetingDraft("tac_review", day)
        )
        view = meetings.get_meeting(vault, meeting_id)
        for attendee in view.attendees:
            meetings.record_attendance(vault, attendee.id, AttendanceMode.PRESENT)
        for section in view.sections:
            meetings.save_notes(
                vault, meeting_id, section.key, "Notes typed during the meeting. " * 40
            )
        for item in view.considerations:
            assert item.person_id is not None
            meetings.answer_consideration(vault, meeting_id, item.person_id, item.question_key, no)
        meetings.set_next_review(vault, meeting_id, day + timedelta(weeks=6))
        meetings.finalise(vault, meeting_id)
    draft = meetings.create_meeting(vault, case_id, meetings.MeetingDraft("tac_review", held))
    return case_id, draft


def bench_meetings(section: Section, work: Path, quick: bool) -> None:
    from tac_desktop.core.services import meetings

    progress("building a case of 12 people with 10 finalised meetings")
    path = work / "meetings.tacvault"
    held = date.today()
    with Vault.create(path, PASSPHRASE, CHAIR, KdfParams.fast_for_tests()) as vault:
        _, draft = _big_family(vault, held)

        keystrokes = MEETING_KEYSTROKES_QUICK if quick else MEETING_KEYSTROKES_FULL
        progress(f"notes: {keystrokes} keystrokes, each saved and committed")
        text = "Notes so far. " * 200  # a note already ~2,800 characters long
        latencies = []
        for number in range(keystrokes):
            text += "abcdefghij"[number % 10]
            start = time.perf_counter()
            meetings.save_notes(vault, draft, "updates", text)
            latencies.append(time.perf_counter() - start)
        latencies.sort()
        p95 = latencies[int(len(latencies) * 0.95) - 1]
        section.rows.append(
            Row(
                "notes: keystroke to committed, median",
                "ms",
                median(latencies),
                target=Target("max", 0.020),
            )
        )
        section.rows.append(Row("notes: keystroke to committed, p95", "ms", p95))

        progress("opening the draft meeting of that case")
        meetings.get_meeting(vault, draft)  # warm
        opens = []
        for _ in range(10 if quick else 30):
            start = time.perf_counter()
            meetings.get_meeting(vault, draft)
            opens.append(time.perf_counter() - start)
        section.rows.append(
            Row(
                "open a meeting: 12 people, 10 earlier meetings",
                "ms",
                median(opens),
                target=Target("max", 0.100),
            )
        )
        section.notes.append(
            "notes: save_notes with the whole note (as the screen does after each pause), "
            "one unit of work and one WAL commit with synchronous FULL each; the screen "
            "debounces typing, so real commits are fewer. Opening: get_meeting on today's "
            "draft (sections, attendance, the Think Family grid worked out from 12 people)."
        )


def bench_minutes_content() -> Any:
    """Minutes of a meeting with 12 people and 100 tasks (invented), as plain content."""
    from tac_desktop.core.documents import content as c

    held = date(2026, 11, 20)
    people = [f"Relative {n} Benchmark" for n in range(8)] + [f"Worker {n}" for n in range(4)]
    agencies = [f"Agency {n}" for n in range(6)]
    note = "Notes typed during the meeting, with what each person said. " * 12
    considerations = tuple(
        c.PersonConsiderations(
            name,
            "an adult in the child's life",
            tuple(
                c.Consideration(f"Question {q} about this person?", "No", "Nothing found.")
                for q in range(4)
            ),
        )
        for name in people[:8]
    )
    actions = [
        c.Action(f"Task {n}: {note[:120]}", people[8 + n % 4], people[n % 8], held, "Not started")
        for n in range(100)
    ]
    return c.MinutesContent(
        reference="BENCH-0001",
        meeting_title="TAC review",
        held_on=held,
        chair="Bea Benchmark",
        subject=people[0],
        attendees=tuple(c.Attendee(p, "relative", "", "Present") for p in people),
        sections=tuple(
            c.Section(f"s{n}", f"Section {n}", note, parts)
            for n, parts in enumerate(
                [
                    ("attendance",),
                    ("previous_actions",),
                    (),
                    ("scaling",),
                    ("think_family",),
                    (),
                    ("actions",),
                    ("next_review",),
                ]
            )
        ),
        scores=tuple(c.Score(p, n % 11, "Safer than last time.") for n, p in enumerate(people)),
        considerations=considerations,
        previous_actions=tuple(
            c.PreviousAction(
                f"Earlier task {n}",
                agencies[n % 6],
                people[8 + n % 4],
                held,
                "Done",
                "Done on time.",
            )
            for n in range(20)
        ),
        action_plan=tuple(
            c.AgencyActions(a, tuple(x for n, x in enumerate(actions) if n % 6 == i))
            for i, a in enumerate(agencies)
        ),
        next_review_on=held + timedelta(weeks=6),
        distribution=tuple(c.Recipient(p) for p in people),
    )


def bare_reportlab_minutes(content: Any) -> bytes:
    """The same content as a bare reportlab document: Helvetica, plain tables, no house
    style, no per-script fonts, no page x of y (the baseline for the ratio)."""
    import io
    from xml.sax.saxutils import escape

    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    sheet = getSampleStyleSheet()
    body, heading = sheet["BodyText"], sheet["Heading2"]

    def p(text: str) -> Paragraph:
        return Paragraph(escape(text), body)

    story: list[Any] = [Paragraph(escape(content.meeting_title), sheet["Title"])]
    story.append(Table([[p(a.name), p(a.role), p(a.took_part)] for a in content.attendees]))
    for section in content.sections:
        story += [Paragraph(escape(section.title), heading), p(section.notes)]
    story.append(Table([[p(x.participant), p(str(x.score)), p(x.comment)] for x in content.scores]))
    for person in content.considerations:
        story.append(Paragraph(escape(person.person), heading))
        story.append(Table([[p(q.question), p(q.answer), p(q.reason)] for q in person.items]))
    story.append(
        Table([[p(a.description), p(a.agency), p(a.status)] for a in content.previous_actions])
    )
    for group in content.action_plan:
        story.append(Paragraph(escape(group.agency), heading))
        story.append(
            Table(
                [
                    [p(a.description), p(a.owner), p(a.for_whom), p(str(a.due_on)), p(a.status)]
                    for a in group.actions
                ],
                colWidths=[200, 80, 80, 60, 60],
            )
        )
    out = io.BytesIO()
    SimpleDocTemplate(out).build(story)
    return out.getvalue()


_FIRST_DOCUMENT = """
import sys, time
sys.path.insert(0, {here!r})
import run
content = run.bench_minutes_content()
start = time.perf_counter()
from tac_desktop.core.documents.minutes import MinutesRenderer
MinutesRenderer(content).render()
print(time.perf_counter() - start)
"""


def bench_documents(section: Section, work: Path, quick: bool) -> None:
    from tac_desktop.core.documents.minutes import MinutesRenderer

    content = bench_minutes_content()
    progress("first minutes in a fresh process (reportlab import included)")
    firsts = []
    for _ in range(1 if quick else 3):
        result = subprocess.run(
            [sys.executable, "-c", _FIRST_DOCUMENT.format(here=str(HERE))],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
            cwd=work,
        )
        firsts.append(float(result.stdout.strip().splitlines()[-1]))
    progress("minutes, warm, house style and bare reportlab")
    renderer = MinutesRenderer(content)
    pages = renderer.render().count(b"/Type /Page\n")
    bare_reportlab_minutes(content)  # warm
    house, bare = [], []
    for _ in range(3 if quick else 7):
        house.append(timed(renderer.render))
        bare.append(timed(lambda: bare_reportlab_minutes(content)))
    section.rows.append(
        Row(
            "minutes: 12 people, 100 tasks, warm",
            "ms",
            median(house),
            median(bare),
            Target("max", 0.300),
        )
    )
    section.rows.append(
        Row("minutes ÷ bare reportlab", "ms", median(house), median(bare), Target("ratio", 2.0))
    )
    section.rows.append(
        Row("minutes: first in a fresh process", "ms", median(firsts), target=Target("max", 1.0))
    )
    section.notes.append(
        f"MinutesRenderer.render() on plain content ({pages or 'several'} pages): 12 people, "
        "8 with four Think Family answers each, 20 previous actions, 100 tasks over 6 "
        "agencies, every section with a paragraph of notes. Baseline: the same content as "
        "a bare reportlab document (Helvetica, plain tables, no marking, no page x of y). "
        "First: a new Python process importing reportlab and the house fonts, then "
        "rendering (the content is built before the clock starts)."
    )


def bench_reports(section: Section, work: Path, quick: bool) -> None:
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    from tac_desktop.core.demo import create_demo_vault
    from tac_desktop.core.services import cases, meetings, reports

    progress("report forms: a demo vault, one form per round, filled and imported")
    with create_demo_vault(
        work / "reports.tacvault", PASSPHRASE, KdfParams.fast_for_tests()
    ) as vault:
        case_id = cases.find_case_id(vault, "TAC-2026-0101")
        draft = next(
            m.id for m in meetings.list_meetings(vault, case_id) if m.status.value == "draft"
        )
        who = reports.find_recipient(vault, draft, "Dr Samuel Osei")
        reports.report_form_document(vault, draft, who.attendance_id)  # warm: fonts, imports
        makes: list[float] = []
        form = b""
        for _ in range(5 if quick else 15):
            start = time.perf_counter()
            form = reports.report_form_document(vault, draft, who.attendance_id).pdf
            makes.append(time.perf_counter() - start)

        def filled(round_: int) -> bytes:
            writer = PdfWriter(clone_from=PdfReader(io.BytesIO(form)))
            for page in writer.pages:
                for ref in page.get("/Annots", []):
                    widget = ref.get_object()
                    if widget.get("/T") in ("involvement", "worries_seen", "child_views"):
                        widget[NameObject("/V")] = TextStringObject(
                            f"Round {round_}. " + "Seen at clinic; sleeping better. " * 60
                        )
            out = io.BytesIO()
            writer.write(out)
            return out.getvalue()

        imports: list[float] = []
        for round_ in range(5 if quick else 15):
            pdf = filled(round_)  # filling is the professional's side: not timed
            start = time.perf_counter()
            preview = reports.read_report(vault, pdf)
            reports.store_report(vault, preview, replace=True)
            imports.append(time.perf_counter() - start)
    section.rows.append(
        Row(
            "report form: make (4 pages, 14 fields)", "ms", median(makes), target=Target("max", 1.0)
        )
    )
    section.rows.append(
        Row(
            "report form: read, check and store a filled one",
            "ms",
            median(imports),
            target=Target("max", 0.5),
        )
    )
    section.notes.append(
        f"report_form_document (house-style page by reportlab, fields laid over by pypdf; "
        f"{len(form) // 1024} KB) and read_report + store_report(replace=True) on a form "
        "filled by pypdf with three ~2,000-character answers; warm, medians."
    )


def run_step(section: Section, what: str, step: Callable[[], object]) -> bool:
    """Run one measurement; a crash becomes an ERROR row, and the others still run."""
    try:
        step()
    except Exception:
        traceback.print_exc()
        section.rows.append(Row(what, "ms", status_override="ERROR"))
        return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (~1 minute)")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="where the throwaway vaults go (default: the system temp folder); use the "
        "disk real vaults live on, since synchronous writes cost what that disk costs",
    )
    parser.add_argument(
        "--only",
        choices=("vault", "records", "meetings", "documents", "reports"),
        action="append",
        help="run only this section (repeatable); default: all",
    )
    args = parser.parse_args(argv)
    wanted = set(args.only or ("vault", "records", "meetings", "documents", "reports"))
    reps = QUICK if args.quick else FULL
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="tac-bench-", dir=args.workdir))
    ok = True
    try:
        describe_machine(work, args.quick)
        vault_section = Section('issue "vault"')
        records_section = Section('issue "case records"')
        meetings_section = Section('issue "meetings"')
        documents_section = Section('issue "minutes, safety plans, preview and print"')
        reports_section = Section('issue "absent professionals: report forms, summaries"')
        small: list[tuple[Path, bytes]] = []
        if "vault" in wanted:
            ok &= run_step(
                vault_section,
                "vault open",
                lambda: small.append(bench_open(vault_section, work, reps)),
            )
            ok &= run_step(
                vault_section,
                "encrypted ÷ plain SQLite",
                lambda: bench_encrypted_vs_plain(vault_section, work, reps),
            )
            if small:
                ok &= run_step(
                    vault_section,
                    "cold start",
                    lambda: bench_cold_start(vault_section, work, reps, small[0][0]),
                )
        if "records" in wanted:
            ok &= run_step(
                records_section,
                "case records",
                lambda: bench_case_records(records_section, work, reps),
            )
        if "meetings" in wanted:
            ok &= run_step(
                meetings_section,
                "meetings",
                lambda: bench_meetings(meetings_section, work, args.quick),
            )
        if "documents" in wanted:
            ok &= run_step(
                documents_section,
                "documents",
                lambda: bench_documents(documents_section, work, args.quick),
            )
        if "reports" in wanted:
            ok &= run_step(
                reports_section,
                "reports",
                lambda: bench_reports(reports_section, work, args.quick),
            )
        print_table(
            [
                s
                for s in (
                    vault_section,
                    records_section,
                    meetings_section,
                    documents_section,
                    reports_section,
                )
                if s.rows
            ]
        )
        print(f"finished in {time.perf_counter() - started:.0f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
