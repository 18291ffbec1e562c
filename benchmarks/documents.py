"""Area "documents": the minutes of a big meeting as a PDF, warm, against bare
reportlab, and first in a fresh process."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from common import HERE, Row, Section, Target, median, progress, timed


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
import run  # what run.py loads (every area) is loaded before the clock, as ever
from documents import bench_minutes_content
content = bench_minutes_content()
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
