"""TAC Desktop benchmarks: speed and memory figures, each beside a baseline from the same run.

    python benchmarks/run.py [--quick] [--workdir DIR]

Prints one table (measure, value, baseline, ratio, target, PASS/MISS). These are
figures, not tests: the exit code is 0 whatever the figures say, and non-zero only when
a measurement itself crashed. Runs without a screen (Qt offscreen). Only invented data.
See benchmarks/README.md for what each figure means. Each area (``--only``) is a module
beside this one: vault, records, meetings, documents, reports; common.py is shared.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from common import FULL, QUICK, Row, Section, describe_machine, print_table
from documents import bench_documents
from meetings import bench_meetings
from records import bench_case_records
from reports import bench_long_report_form, bench_reports
from vault import bench_cold_start, bench_encrypted_vs_plain, bench_open


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
            ok &= run_step(
                reports_section,
                "report forms of a long case",
                lambda: bench_long_report_form(reports_section, work, args.quick),
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
