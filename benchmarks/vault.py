"""Area "vault": the KDF and opening a vault, the encrypted engine against plain
SQLite, and the program's cold start."""

from __future__ import annotations

import gc
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, String, Text, create_engine, event, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from tac_desktop.core.vault import KdfParams, Vault
from tac_desktop.core.vault.engine import make_engine
from tac_desktop.core.vault.vault import read_key_file

from common import (
    CHAIR,
    PASSPHRASE,
    Reps,
    Row,
    Section,
    Target,
    gui_environment,
    last_line,
    median,
    progress,
)

GUI_TIMEOUT_S = 20.0


# -- section "vault": 1. opening ----------------------------------------------------------

FIRST_OPEN_SCRIPT = """
import sys, time
from tac_desktop.core.vault import Vault
from tac_desktop.core.vault.warm import warm_up
key = bytes.fromhex(sys.stdin.readline().strip())
if sys.argv[2] == "warm":
    warm_up()  # what the window does on a worker while the passphrase is typed
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

    first_opens: dict[str, list[float]] = {"warm": [], "cold": []}
    failed = ""
    for run in range(reps.fresh_open * 2):  # alternated: with the warm-up, without
        if failed:
            break
        kind = "warm" if run % 2 == 0 else "cold"
        done = subprocess.run(
            [sys.executable, "-c", FIRST_OPEN_SCRIPT, str(path), kind],
            input=key.hex() + "\n",
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if done.returncode != 0:
            failed = last_line(done.stderr)
            section.notes.append(f"first open in a fresh process failed: {failed}")
        else:
            first_opens[kind].append(float(done.stdout.strip().splitlines()[-1]))
    warm, cold = first_opens["warm"], first_opens["cold"]
    section.rows.append(
        Row(
            "after-KDF: first Vault.open, fresh process",
            "ms",
            median(warm) if warm else None,
            target=Target("max", 0.050),
        )
    )
    section.rows.append(
        Row(
            "  info: the same without the warm-up (as the CLI)",
            "ms",
            median(cold) if cold else None,
        )
    )
    section.notes.append(
        f"KDF: KeyFile.unseal with the default KdfParams, median of {reps.kdf}. After-KDF: "
        f"Vault.open(path, data_key=key) until it returns, median of {reps.open} (close not "
        "timed); a passphrase unlock costs KDF + after-KDF. The fresh-process figure is the "
        f"first open in a new interpreter (median of {reps.fresh_open}), with its one-off "
        "first-connection and first-query costs, after core.vault.warm.warm_up() (imports, "
        "mapper set-up; no database), which the window runs on a worker thread while the "
        "passphrase is typed and the key derived; the info row is the same open without it."
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


def children_cpu() -> float:
    """User + system seconds of this process's finished children (0 where unknown)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_until_exit(command: Sequence[str], env: dict[str, str]) -> tuple[float | None, float, str]:
    """Wall-clock seconds from start to exit and the CPU seconds (user + system) the
    process used; None and a reason if it failed or hung."""
    before = children_cpu()
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        _, errors = process.communicate(timeout=GUI_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return (
            None,
            0.0,
            f"did not exit within {GUI_TIMEOUT_S:.0f} s (TAC_EXIT_WHEN_SHOWN=1 not honoured?)",
        )
    elapsed = time.perf_counter() - start
    cpu = children_cpu() - before
    if process.returncode != 0:
        return None, cpu, f"exit code {process.returncode}: {last_line(errors)}"
    return elapsed, cpu, ""


def bench_cold_start(section: Section, work: Path, reps: Reps, vault_path: Path) -> None:
    env = gui_environment(work)
    env["TAC_EXIT_WHEN_SHOWN"] = "1"
    # With bytecode, as an installed program has it (pip compiles it, the bundle carries
    # it): each side's first, uncounted run writes it into a throwaway folder, and the
    # counted runs read it. Without, every start would compile the program's modules.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "bytecode")
    app = [*tac_desktop_command(), "--vault", str(vault_path)]
    bare = [sys.executable, "-c", BARE_WINDOW_SCRIPT]
    progress(f"cold start: {reps.cold_start} pairs, alternated, after one warm-up pair")
    app_times: list[float] = []
    bare_times: list[float] = []
    app_cpu: list[float] = []
    bare_cpu: list[float] = []
    failure = ""
    for run in range(reps.cold_start + 1):  # run 0 warms the file cache and is not counted
        pair = [(bare, bare_times, bare_cpu), (app, app_times, app_cpu)]
        for command, times, cpus in pair if run % 2 else pair[::-1]:
            if failure and command is app:
                continue
            elapsed, cpu, why = run_until_exit(command, env)
            if elapsed is None:
                if command is bare:
                    raise RuntimeError(f"the bare PySide6 window failed: {why}")
                failure = why
            elif run > 0:
                times.append(elapsed)
                cpus.append(cpu)
    ok = bool(app_times) and not failure
    row = Row(
        "cold start: tac-desktop --vault, first window",
        "ms",
        median(app_times) if ok else None,
        median(bare_times),
        Target("ratio", 1.25),
        paired_ratio=median([a / b for a, b in zip(app_times, bare_times, strict=True)])
        if ok
        else None,
    )
    if failure:
        row.status_override = "n/a"
        section.notes.append(f"cold start not available: tac-desktop {failure}")
    section.rows.append(row)
    section.rows.append(
        Row(
            "  info: the same in CPU time (user + system)",
            "ms",
            median(app_cpu) if ok and all(bare_cpu) else None,
            median(bare_cpu) if all(bare_cpu) else None,
            paired_ratio=median([a / b for a, b in zip(app_cpu, bare_cpu, strict=True)])
            if ok and all(bare_cpu)
            else None,
        )
    )
    section.notes.append(
        f"cold start: wall clock from Popen to exit, fresh processes, offscreen, "
        f"{reps.cold_start} pairs run back to back (order alternated) after an uncounted "
        "pair; ratio = median of the pairs' ratios. Baseline = a bare QApplication + "
        "QMainWindow that quits once shown; the program quits the same way "
        "(TAC_EXIT_WHEN_SHOWN=1), so what it leaves for after the first window (the "
        "menus' items, log file, window icon, the vault libraries' warm-up) is not "
        "counted. Both with bytecode, as installed (a throwaway PYTHONPYCACHEPREFIX "
        "written by the first pair). "
        "The CPU row is the same runs' user + system time, which other work on the "
        "machine moves less than the wall clock."
    )
