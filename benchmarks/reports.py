"""Area "reports": an absent professional's report form, made, and read back filled."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from tac_desktop.core.vault import KdfParams, Vault

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


def bench_long_report_form(section: Section, work: Path, quick: bool) -> None:
    """Issue 22, point 5: a report form (PDF and Word) of a case holding ten times a
    realistic amount of text, against the same forms of the untouched demo case."""
    from tac_desktop.core.demo import create_demo_vault
    from tac_desktop.core.services import cases, meetings, reports

    progress("report forms: a case with ten times the usual text, against the demo case")
    rounds = 3 if quick else 7
    with create_demo_vault(
        work / "long-reports.tacvault", PASSPHRASE, KdfParams.fast_for_tests()
    ) as vault:
        case_id = cases.find_case_id(vault, "TAC-2026-0101")
        draft = next(
            m.id for m in meetings.list_meetings(vault, case_id) if m.status.value == "draft"
        )
        usual = reports.find_recipient(vault, draft, "Dr Samuel Osei").attendance_id

        def timed(make: Callable[[Vault, int, int], object], attendance: int) -> float:
            times = []
            for _ in range(rounds):
                start = time.perf_counter()
                make(vault, draft, attendance)
                times.append(time.perf_counter() - start)
            return median(times)

        reports.report_form_document(vault, draft, usual)  # warm: fonts, imports
        reports.report_form_word(vault, draft, usual)
        base_pdf = timed(reports.report_form_document, usual)
        base_docx = timed(reports.report_form_word, usual)

        # Ten times a realistic case: 100,000-character summary and section notes (one
        # a 50,000-word Arabic note), and a recipient whose name, role and agency are as
        # long as the program lets them be, in several scripts.
        note = ("Seen at clinic; sleeping better, school reports fair attendance. " * 1600)[
            :100_000
        ]
        arabic = "زار المعلم الأسرة يوم الثلاثاء والطفل بخير " * 6250  # 50,000 words
        cases.update_case(vault, case_id, summary=note)
        sections = [s.key for s in meetings.get_meeting(vault, draft).sections]
        for number, key in enumerate(sections[:4]):
            meetings.save_notes(vault, draft, key, arabic if number == 0 else note)
        longest = meetings.invite_other(
            vault,
            draft,
            ("Dr Άννα Кузнецова-Okonkwo سارة " * 8)[:200].strip(),
            ("Specialist community public health nurse, ψυχολόγος سارة " * 5)[:200].strip(),
            ("Northfield Integrated Children's Services Партнёрство " * 5)[:200].strip(),
        )
        long_pdf = timed(reports.report_form_document, longest)
        long_docx = timed(reports.report_form_word, longest)
    section.rows.append(
        Row(
            "report form (PDF), case with 10× the text",
            "ms",
            long_pdf,
            base_pdf,
            Target("max", 3.0),
        )
    )
    section.rows.append(
        Row(
            "report form (Word), case with 10× the text",
            "ms",
            long_docx,
            base_docx,
            Target("max", 3.0),
        )
    )
    section.notes.append(
        "Report forms of a demo case given a 100,000-character summary, three 100,000-"
        "character section notes and a 50,000-word Arabic note, made for an invited "
        "professional whose name, role and agency are each 200 characters (the most the "
        "program takes) in Latin, Greek, Cyrillic and Arabic; baseline: the same forms "
        "of the untouched demo case, made in the same run. A form prints the meeting's "
        "details, never the case's notes, so its cost should not grow with them."
    )
