"""Area "reports": an absent professional's report form, made, and read back filled."""

from __future__ import annotations

import time
from pathlib import Path

from tac_desktop.core.vault import KdfParams

from common import PASSPHRASE, Row, Section, Target, median, progress


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
