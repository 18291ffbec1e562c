"""One sha256 per document for a fixed set of benchmark contents, so a change meant to
leave every PDF byte-identical (a speed-up) can be checked: run before and after, then
compare the two lists (the cpu column is for a person).

    SOURCE_DATE_EPOCH=1780000000 PYTHONPATH=. QT_QPA_PLATFORM=offscreen \\
        .venv/bin/python scripts/pdf_digests.py [--quick] > digests-before.txt
    ... change ...
    diff <(cut -c1-64 digests-before.txt) <(cut -c1-64 digests-after.txt)

With ``--save DIR`` each PDF is also written to DIR (to look at, or to compare a change
meant to alter only how the file is written: ``qpdf --qdf`` both and diff).

The contents are the benchmark's (benchmarks/documents.py): the realistic minutes, the
10x case in Arabic, Hebrew and Chinese, the 10x case with no line alike in Arabic and
Hebrew (and, without --quick, the 10x text in every script); each made into minutes,
decision summary, outcome summary and safety plan. SOURCE_DATE_EPOCH fixes the dates
and identifiers written into the files.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from pathlib import Path
from typing import Any


def main() -> int:
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1780000000")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import documents as bench  # the benchmark's contents

    args = sys.argv[1:]
    quick = "--quick" in args
    save_to = Path(args[args.index("--save") + 1]) if "--save" in args else None
    if save_to is not None:
        save_to.mkdir(parents=True, exist_ok=True)
    contents: dict[str, Any] = {"realistic": bench.bench_minutes_content()}
    for script in ("Latin", "Arabic", "Hebrew", "Chinese"):
        if script != "Latin":
            contents[f"case {script}"] = bench.ten_times_content(script, whole_case=True)
        if not quick:
            contents[f"text {script}"] = bench.ten_times_content(script)
    for script in ("Arabic", "Hebrew"):
        contents[f"varied {script}"] = bench.varied_content(script)
    for name, content in contents.items():
        for kind, make in bench._every_document(content).items():
            started = time.process_time()
            pdf = make()
            spent = time.process_time() - started
            digest = hashlib.sha256(pdf).hexdigest()[:16]
            if save_to is not None:
                (save_to / f"{name} {kind}.pdf".replace(" ", "_")).write_bytes(pdf)
            print(f"{name:16} {kind:28} {digest}  ({spent:.2f} s cpu)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
