"""The outcome summary for one agency that could not come: what was decided, when the
next review is, and that agency's own tasks. Nothing else (need-to-know): no notes, no
reports, no Think Family answers, no scores, no other agency's work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from tac_desktop.core.documents import content as c
from tac_desktop.core.documents import house
from tac_desktop.core.documents.house import BODY_WIDTH, long_date, para, table

__all__ = ["OutcomeSummaryContent", "OutcomeSummaryRenderer"]


@dataclass(frozen=True)
class OutcomeSummaryContent:
    reference: str
    meeting_title: str
    held_on: date
    chair: str
    subject: str  # who the meeting was about: the agency knows them already
    agency: str
    decisions: tuple[c.Decision, ...]
    actions: tuple[c.Action, ...]  # this agency's only
    next_review_on: date | None
    finalised_on: date | None = None
    family: bool = False  # a family member's summary: ``agency`` holds their name
    about: str = "child"  # whom the meeting was about: a child, or an adult who is a parent


class OutcomeSummaryRenderer(house.HouseRenderer):
    kind = "outcome summary"

    def __init__(self, content: OutcomeSummaryContent) -> None:
        super().__init__(
            title=f"Outcome summary for {content.agency}",
            reference=content.reference,
            on=content.held_on,
        )
        self.content = content

    def story(self) -> list[Flowable]:
        s, m = self.styles, self.content
        about = f"About {m.subject} · " if m.subject.strip() else ""
        if m.family:
            return self._family_story()
        out: list[Flowable] = [
            para(f"What the meeting decided, for {m.agency}", s.title),
            para(f"{about}Case {m.reference}", s.subtitle),
        ]
        rows = [["Meeting", m.meeting_title], ["Held on", long_date(m.held_on)]]
        if m.chair.strip():
            rows.append(["Chair", m.chair])
        if m.finalised_on is not None:
            rows.append(["Finalised on", long_date(m.finalised_on)])
        out.append(table(rows, [35 * mm, BODY_WIDTH - 35 * mm], header=False))
        out.append(Spacer(1, 2 * mm))
        out.append(
            para(
                f"This summary holds what the meeting decided and what {m.agency} agreed "
                "to do, and nothing else: the full minutes go only to those who need them.",
                s.small,
            )
        )

        out += self._decisions("No decisions were recorded apart from the tasks below.")

        out.append(para(f"What {m.agency} agreed to do", s.heading))
        if not m.actions:
            out.append(para(f"The meeting gave {m.agency} no tasks.", s.empty))
        else:
            widths = [78 * mm, 34 * mm, 26 * mm, BODY_WIDTH - 138 * mm]
            rows = [["What", "Who", "By when", "Status"]]
            for action in m.actions:
                what = action.description + (
                    f"\nFor: {action.for_whom}" if action.for_whom.strip() else ""
                )
                rows.append(
                    [what, action.owner or "Not named yet", long_date(action.due_on), action.status]
                )
            out.append(table(rows, widths))
            out.append(Spacer(1, 2 * mm))
            out.append(
                para(
                    "If a task cannot be done by its date, please tell the chair before "
                    "then and say why: the next review asks about every task.",
                    s.small,
                )
            )

        out.append(para("Next review", s.heading))
        if m.next_review_on is None:
            out.append(para("No date was set.", s.empty))
        else:
            out.append(para(long_date(m.next_review_on), s.body))

        out.append(para("Keeping this safe", s.heading))
        whom = "an adult and their family" if m.about == "adult" else "a child and family"
        out.append(
            para(
                f"This summary is about {whom} and is marked OFFICIAL-SENSITIVE. "
                "Keep it securely, share it only with those in your agency who need it "
                "for the tasks above, and do not pass it on.",
                s.body,
            )
        )
        return out

    def _decisions(self, none: str) -> list[Flowable]:
        """What was decided, each with who disagreed; ``none`` when nothing was."""
        s = self.styles
        out: list[Flowable] = [para("What was decided", s.heading)]
        if not self.content.decisions:
            out.append(para(none, s.empty))
        for number, decision in enumerate(self.content.decisions, start=1):
            block: list[Flowable] = [para(f"{number}. {decision.text}", s.body)]
            block += [
                para(f"{d.who} did not agree: {d.why}", house.indented(s.body), sentence=True)
                for d in decision.dissent
            ]
            out.append(KeepTogether(block))
        return out

    def _family_story(self) -> list[Flowable]:
        """A family member's summary: plain words, what was decided and what names them."""
        s, m = self.styles, self.content
        out: list[Flowable] = [
            para(f"What the meeting decided, for {m.agency}", s.title),
            para(f"Case {m.reference}", s.subtitle),
        ]
        rows = [["Meeting", m.meeting_title], ["Held on", long_date(m.held_on)]]
        if m.chair.strip():
            rows.append(["Chair", m.chair])
        out.append(table(rows, [35 * mm, BODY_WIDTH - 35 * mm], header=False))
        out.append(Spacer(1, 2 * mm))
        out += self._decisions("What was agreed is in the actions below.")
        out.append(para("What was agreed for you, or by you", s.heading))
        if not m.actions:
            out.append(para("No action agreed at this meeting names you.", s.empty))
        else:
            rows = [["What", "Who", "By when"]]
            rows += [
                [a.description, a.owner or "Not named yet", long_date(a.due_on)] for a in m.actions
            ]
            out.append(table(rows, [96 * mm, 40 * mm, BODY_WIDTH - 136 * mm]))
        out.append(para("Next review", s.heading))
        out.append(
            para(long_date(m.next_review_on), s.body)
            if m.next_review_on is not None
            else para("No date was set yet.", s.empty)
        )
        out.append(para("About this copy", s.heading))
        out.append(para(c.FAMILY_STATEMENT, s.body))
        return out
