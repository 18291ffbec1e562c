"""What every benchmark area shares: the repetitions, the rows and sections of the
table and how it is printed, and small helpers (progress lines, medians, the machine's
description, a throwaway GUI environment)."""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import sqlcipher3

from tac_desktop.core.vault import ChairDetails

HERE = Path(__file__).resolve().parent
PASSPHRASE = "a long synthetic benchmark passphrase"
CHAIR = ChairDetails("Bea Benchmark", "Benchmark chair", "Nowhere Family Hub")
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
    kdf=5, open=20, fresh_open=9, orm=5, cold_start=21, unlock_list=15, search=20, qt_search=5
)
QUICK = Reps(
    kdf=3, open=5, fresh_open=5, orm=2, cold_start=11, unlock_list=5, search=5, qt_search=2
)


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
    # Set when value and baseline were measured in pairs: the median of the pairs' own
    # ratios, which a change of machine load during the run moves less than the ratio
    # of the two medians.
    paired_ratio: float | None = None
    # The CPU time of this process (user + system, ``time.process_time``) for the same
    # runs as ``value``, median: other work on a shared machine moves it far less than
    # the wall clock. Shown beside the value when set.
    cpu: float | None = None

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        if self.paired_ratio is not None:
            return self.paired_ratio
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
    header = ("measure", "value", "cpu", "baseline", "ratio", "target", "result")
    lines = []
    for section in sections:
        for row in section.rows:
            ratio = "—" if row.ratio is None else f"{row.ratio:.2f}"
            target = row.target.text(row.unit) if row.target else "—"
            lines.append(
                (
                    row.measure,
                    _fmt(row.value, row.unit),
                    "" if row.cpu is None else _fmt(row.cpu, row.unit),
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
        parts += [cell.rjust(width) for cell, width in zip(numbers[:4], widths[1:5], strict=True)]
        parts += [cell.ljust(width) for cell, width in zip(numbers[4:], widths[5:], strict=True)]
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


def timed_cpu(action: Callable[[], object]) -> tuple[float, float]:
    """Wall clock and this process's CPU time (user + system) of one run of ``action``."""
    cpu, start = time.process_time(), time.perf_counter()
    action()
    return time.perf_counter() - start, time.process_time() - cpu


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
