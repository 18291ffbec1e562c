"""The minutes of a meeting, and the short decision summary that goes out first.

Both lay out a ``MinutesContent`` in the house style. The minutes follow the agenda as
it was run: each section's notes, then the records that section holds (attendance,
previous actions, reports, scaling, Think Family, differing views, decisions and the
action plan, the next review). Records whose section the agenda left out follow at the
end, so nothing the meeting recorded is lost from the minutes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from tac_desktop.core.documents import content as c
from tac_desktop.core.documents import house
from tac_desktop.core.documents.house import (
    BODY_WIDTH,
    cell,
    long_date,
    para,
    paras,
    short_date,
    table,
)

__all__ = ["DecisionSummaryRenderer", "MinutesRenderer"]

_NOTHING = "Nothing was written down for this part of the meeting."


def _date(day: date | None) -> str:
    return long_date(day) if day is not None else ""


class _MeetingRenderer(house.HouseRenderer):
    heading_word = "Minutes"

    def __init__(self, content: c.MinutesContent) -> None:
        super().__init__(
            title=f"{self.heading_word}: {content.meeting_title}",
            reference=content.reference,
            on=content.held_on,
            draft=content.draft,
        )
        self.content = content

    # -- shared blocks ----------------------------------------------------------------

    def _top(self) -> list[Flowable]:
        s, m = self.styles, self.content
        about = f"About {m.subject} · " if m.subject.strip() else ""
        out: list[Flowable] = [
            para(self.title, s.title),
            para(f"{about}Case {m.reference}", s.subtitle),
        ]
        when = long_date(m.held_on) + (f", {m.start_time}" if m.start_time else "")
        if m.draft:
            status = "DRAFT: not yet finalised. It may still change; do not act on it as agreed."
        elif m.finalised_on is not None:
            status = f"Finalised on {long_date(m.finalised_on)}"
        else:
            status = "Finalised"
        rows = [
            ["When", when],
            ["Where", m.venue or "Not recorded"],
            ["Chair", m.chair or "Not recorded"],
            ["Status", status],
            ["Next review", _date(m.next_review_on) or "Not set yet"],
        ]
        # the program's phrase around a typed name reads left to right (an Arabic name
        # alone would set it right to left, its bracket before the name)
        phrases: set[str] = set()
        if m.family_copy:
            rows.append(["Copy for", f"{m.copy_for} (a family copy)"])
            phrases.add("Copy for")
        elif m.copy_for:
            rows.append(["Copy for", m.copy_for])
        out.append(
            table(
                [[cell(k, s.cell_bold), cell(v, sentence=k in phrases)] for k, v in rows],
                [32 * mm, BODY_WIDTH - 32 * mm],
                header=False,
                extra=[("BACKGROUND", (0, 0), (0, -1), house.SHADE)],
            )
        )
        if m.copy_for and not m.family_copy and m.left_out:
            out.append(Spacer(1, 2 * mm))
            out.append(para(c.AGENCY_COPY_NOTE, s.small))
        out.append(Spacer(1, 4 * mm))
        out += self._family()
        return out

    def _family(self) -> list[Flowable]:
        """The family as recorded at the meeting: who they are to the person it is
        about, who lives in the household, who has parental responsibility."""
        s, m = self.styles, self.content
        if not m.family:
            return []
        rows: list[list[object]] = [
            ["Name", "Relationship", "Household", "Parental responsibility"]
        ]
        rows += [[f.name, f.relationship, f.household, f.parental_responsibility] for f in m.family]
        out: list[Flowable] = [
            para("The family, as recorded at this meeting", s.subheading),
            table(rows, [46 * mm, 42 * mm, 52 * mm, BODY_WIDTH - 140 * mm]),
        ]
        if not m.family_copy:
            out += [
                para(
                    f"{f.name} must not receive information about the others: no copy of "
                    "these papers goes to them.",
                    s.small,
                    sentence=True,
                )
                for f in m.family
                if f.no_information
            ]
        out.append(Spacer(1, 4 * mm))
        return out

    def _decisions(self) -> list[Flowable]:
        s = self.styles
        out: list[Flowable] = [para("Decisions", s.subheading)]
        if not self.content.decisions:
            if self.content.family_copy:  # no "nothing recorded": that could be untrue here
                out.append(para("What was agreed is in the actions.", s.empty))
            else:
                out.append(para("No decisions were recorded apart from the actions.", s.empty))
            return out
        for number, decision in enumerate(self.content.decisions, start=1):
            block: list[Flowable] = [para(f"{number}. {decision.text}", s.body)]
            for dissent in decision.dissent:
                block.append(
                    para(
                        f"{dissent.who} did not agree: {dissent.why}",
                        house.indented(s.body),
                        sentence=True,
                    )
                )
            out.append(KeepTogether(block))
        return out

    def _action_plan(self) -> list[Flowable]:
        s = self.styles
        out: list[Flowable] = [para("The action plan, by agency", s.subheading)]
        if not self.content.action_plan:
            if self.content.family_copy:  # "none open" could be untrue in this copy
                out.append(
                    para("Ask the chair or your lead professional about the actions.", s.empty)
                )
            else:
                out.append(para("No actions are open.", s.empty))
            return out
        widths = [64 * mm, 32 * mm, 36 * mm, 20 * mm, BODY_WIDTH - 152 * mm]
        for group in self.content.action_plan:
            rows: list[list[object]] = [["What", "Who", "For whom", "Due by", "Status"]]
            rows += [
                [
                    a.description,
                    a.owner or "Not named yet",
                    # "Layla: Could this adult benefit ...?": the program's phrase
                    # around a typed name reads left to right whatever the name's script
                    cell(a.for_whom, sentence=True),
                    short_date(a.due_on),
                    a.status,
                ]
                for a in group.actions
            ]
            out.append(para(group.agency, s.label))
            out.append(table(rows, widths))
            out.append(Spacer(1, 3 * mm))
        return out

    def _next_review(self) -> list[Flowable]:
        s, m = self.styles, self.content
        out: list[Flowable] = []
        if m.next_review_on is not None:
            out.append(para(f"The next review is on {long_date(m.next_review_on)}.", s.body))
        else:
            out.append(para("No date has been set for the next review yet.", s.empty))
        return out


class MinutesRenderer(_MeetingRenderer):
    """The full minutes (due within 15 working days of the meeting)."""

    kind = "minutes"

    def story(self) -> list[Flowable]:
        s, m = self.styles, self.content
        out = self._top()
        shown: set[str] = set()
        number = 0
        for section in m.sections:
            body = (
                [para(c.WITHHELD_NOTE, s.empty)]
                if section.withheld
                else paras(section.notes, s.body)
            )
            records: list[Flowable] = []
            for part in section.parts:
                if part not in shown:
                    shown.add(part)
                    records += self._part(part)
            if not body and not records:
                if m.family_copy:  # left out without a trace: no empty heading either
                    continue
                body = [para(_NOTHING, s.empty)]
            number += 1
            out.append(para(f"{number}. {section.title}", s.heading))
            out += body + records
        left_over = [p for p in _ORDER if p not in shown and self._has(p)]
        if left_over:
            out.append(para("Also recorded at this meeting", s.heading))
            for part in left_over:
                out += self._part(part)
        out += self._amendments()
        out.append(para("Who these minutes go to", s.heading))
        if m.family_copy:
            out.append(para("You, and the professionals working with the family:", s.small))
        if m.distribution and any(r.copy for r in m.distribution):
            out.append(
                table(
                    [["Name", "Role", "Agency", "Copy"]]
                    + [[r.name, r.role, r.agency or "Family", r.copy] for r in m.distribution],
                    [50 * mm, 45 * mm, 45 * mm, BODY_WIDTH - 140 * mm],
                )
            )
        elif m.distribution:
            out.append(
                table(
                    [["Name", "Role", "Agency"]]
                    + [[r.name, r.role, r.agency or "Family"] for r in m.distribution],
                    [60 * mm, 60 * mm, BODY_WIDTH - 120 * mm],
                )
            )
        else:
            out.append(para("Nobody has been listed yet.", s.empty))
        out.append(
            para(
                "About this copy" if m.family_copy else "How this information is shared", s.heading
            )
        )
        out += paras(m.consent_statement, s.body)
        out += self._overrides()
        out += self._glossary()
        return out

    def _overrides(self) -> list[Flowable]:
        """Decisions to share without agreement stand out: named one by one."""
        s = self.styles
        if not self.content.overrides:
            return []
        out: list[Flowable] = [para(c.OVERRIDES_HEADING, s.subheading)]
        out += [para(text, house.indented(s.body)) for text in self.content.overrides]
        return out

    def _glossary(self) -> list[Flowable]:
        """Every abbreviation used above, so nobody reading has to guess."""
        s = self.styles
        if not self.content.glossary:
            return []
        out: list[Flowable] = [para("Words and abbreviations used in these minutes", s.heading)]
        rows: list[list[object]] = [["Term", "What it means"]]
        for entry in self.content.glossary:
            meaning = entry.meaning + "".join(
                f"\n{sector}: {text}" for sector, text in entry.by_sector
            )
            rows.append([entry.term, meaning])
        out.append(table(rows, [28 * mm, BODY_WIDTH - 28 * mm]))
        return out

    # -- records ----------------------------------------------------------------------

    def _has(self, part: str) -> bool:
        m = self.content
        return bool(
            {
                c.ATTENDANCE: m.attendees,
                c.PREVIOUS_ACTIONS: m.previous_actions,
                c.REPORTS_RECEIVED: m.reports,
                c.SCALING: m.scores,
                c.THINK_FAMILY: m.considerations,
                c.DIFFERING_VIEWS: m.differing_views,
                c.DECISIONS: m.decisions,
                c.ACTIONS: m.action_plan,
                c.NEXT_REVIEW: m.next_review_on,
                c.EARLY_REVIEW: m.early_reviews,
            }.get(part)
        )

    def _part(self, part: str) -> list[Flowable]:
        build = {
            c.ATTENDANCE: self._attendance,
            c.PREVIOUS_ACTIONS: self._previous_actions,
            c.REPORTS_RECEIVED: self._reports,
            c.SCALING: self._scaling,
            c.THINK_FAMILY: self._think_family,
            c.DIFFERING_VIEWS: self._differing_views,
            c.DECISIONS: self._decisions,
            c.ACTIONS: self._action_plan,
            c.NEXT_REVIEW: self._next_review,
            c.EARLY_REVIEW: self._early_reviews,
        }.get(part)
        if self.content.family_copy and part != c.ATTENDANCE and not self._has(part):
            return []  # a family copy never says "none recorded": it may not be true
        return build() if build else []

    def _attendance(self) -> list[Flowable]:
        s = self.styles
        if not self.content.attendees:
            return [para("Nobody was recorded as invited.", s.empty)]
        rows: list[list[object]] = [["Name", "Role and agency", "How they took part"]]
        for a in self.content.attendees:
            role = ", ".join(x for x in (a.role, a.agency) if x.strip())
            took_part = a.took_part
            if a.represented_by:
                took_part += f" (by {a.represented_by})"
            if a.report_received:
                took_part += "; report received"
            rows.append([a.name, role, took_part])
        return [table(rows, [55 * mm, 65 * mm, BODY_WIDTH - 120 * mm])]

    def _previous_actions(self) -> list[Flowable]:
        s = self.styles
        actions = self.content.previous_actions
        if not actions:
            return [para("There were no actions from earlier meetings to review.", s.empty)]
        rows: list[list[object]] = [["What was agreed", "Who", "Was due", "What happened"]]
        for a in actions:
            happened: list[Flowable] = [cell(a.status, s.cell_bold)]
            if a.not_done_reason or a.update:
                reason = f"{a.not_done_reason}: " if a.not_done_reason else ""
                happened.append(cell(f"{reason}{a.update}".rstrip(": ")))
            if a.misses_in_a_row >= 2:
                happened.append(cell(f"Not done {a.misses_in_a_row} times in a row."))
            for ch in a.challenges:
                words = f"Raised with the agency by {ch.raised_by}."
                if ch.agency_response:
                    words += f" The agency said: {ch.agency_response}"
                words += (
                    f" Escalated to {ch.escalated_to}." if ch.escalated_to else " Not escalated."
                )
                happened.append(cell(words))
            who = ", ".join(x for x in (a.owner, a.agency) if x.strip())
            rows.append([a.description, who, short_date(a.due_on), happened])
        return [table(rows, [62 * mm, 36 * mm, 22 * mm, BODY_WIDTH - 120 * mm])]

    def _reports(self) -> list[Flowable]:
        s = self.styles
        if not self.content.reports:
            return [para("No written reports were received.", s.empty)]
        out: list[Flowable] = []
        for r in self.content.reports:
            source = f"{r.author}, {r.agency}" if r.agency.strip() else r.author
            out.append(para(f"Report from {source}", s.subheading))
            out += paras(r.text, s.body)
        return out

    def _scaling(self) -> list[Flowable]:
        s = self.styles
        scores = self.content.scores
        if not scores:
            return [para("No scaling scores were recorded.", s.empty)]
        out: list[Flowable] = [
            para(
                "Each person gave their own score, from 0 (not safe at all) to 10 (safe "
                "enough to close), before hearing anyone else's.",
                s.small,
                markup=True,
            )
        ]
        if any(x.comment.strip() for x in scores):
            rows: list[list[object]] = [["Who", "Score", "Why"]]
            rows += [[x.participant, f"{x.score} of 10", x.comment] for x in scores]
            out.append(table(rows, [55 * mm, 20 * mm, BODY_WIDTH - 75 * mm]))
        else:
            rows = [["Who", "Score"]]
            rows += [[x.participant, f"{x.score} of 10"] for x in scores]
            out.append(table(rows, [BODY_WIDTH - 40 * mm, 40 * mm]))
        low, high = min(x.score for x in scores), max(x.score for x in scores)
        spread = (
            f"Everyone gave {low}."
            if low == high
            else f"Scores ranged from {low} to {high}: a spread of {high - low}."
        )
        out.append(Spacer(1, 2 * mm))
        out.append(para(spread, s.body))
        return out

    def _think_family(self) -> list[Flowable]:
        s = self.styles
        if not self.content.considerations:
            return [para("No Think Family questions were recorded.", s.empty)]
        out: list[Flowable] = []
        widths = [62 * mm, 56 * mm, BODY_WIDTH - 118 * mm]
        for person in self.content.considerations:
            rows: list[list[object]] = [["Question", "Answer and why", "What follows"]]
            for q in person.items:
                answer: list[Flowable] = [cell(q.answer, s.cell_bold)]
                if q.reason:
                    answer.append(cell(q.reason))
                follows: list[Flowable] = []
                if q.follows:
                    follows.append(cell(q.follows, s.cell_bold))
                if q.procedure:
                    follows.append(cell(q.procedure))
                if q.detail:
                    follows.append(cell(q.detail))
                if q.due_on is not None:
                    follows.append(cell(f"By {long_date(q.due_on)}"))
                if q.referral_confirmed:
                    follows.append(cell("The chair confirmed the referral is made today."))
                rows.append([q.question, answer, follows or ""])
            title = f"{person.person} ({person.role})" if person.role else person.person
            out.append(para(title, s.subheading))
            out.append(table(rows, widths))
        return out

    def _differing_views(self) -> list[Flowable]:
        s = self.styles
        if not self.content.differing_views:
            return [para("Nobody recorded a differing view.", s.empty)]
        rows: list[list[object]] = [["About", "Who thinks what", "How it was settled"]]
        for d in self.content.differing_views:
            settled = d.resolution or "Not settled at the meeting."
            if d.escalated_to:
                settled += f"\nEscalated to {d.escalated_to}."
            rows.append([d.topic, d.views, settled])
        return [table(rows, [45 * mm, 70 * mm, BODY_WIDTH - 115 * mm])]

    def _early_reviews(self) -> list[Flowable]:
        s = self.styles
        out: list[Flowable] = []
        for e in self.content.early_reviews:
            outcome = e.outcome or "No outcome recorded yet."
            out.append(
                para(
                    f"{e.requested_by} asked for an earlier review: {e.reason}",
                    s.body,
                    sentence=True,
                )
            )
            out.append(para(f"Outcome: {outcome}", house.indented(s.body)))
        return out

    def _amendments(self) -> list[Flowable]:
        s, m = self.styles, self.content
        if not m.amendments:
            return []
        out: list[Flowable] = [
            para("Amendments", s.heading),
            para(
                "Corrections made after the minutes were finalised. The minutes above "
                "are left as they were agreed.",
                s.small,
            ),
        ]
        for number, a in enumerate(m.amendments, start=1):
            where = f", to “{a.section}”" if a.section else ""
            author = a.author or "the chair"
            block: list[Flowable] = [
                para(f"Amendment {number}: {long_date(a.made_on)}, by {author}{where}", s.label),
                *paras(a.text, s.body),
                para(f"Why: {a.reason}", house.indented(s.body)),
            ]
            out.append(KeepTogether(block))
        return out


# The order of records with no section of their own (agenda left them out).
_ORDER: Sequence[str] = (
    c.ATTENDANCE,
    c.PREVIOUS_ACTIONS,
    c.REPORTS_RECEIVED,
    c.SCALING,
    c.THINK_FAMILY,
    c.DIFFERING_VIEWS,
    c.DECISIONS,
    c.ACTIONS,
    c.NEXT_REVIEW,
    c.EARLY_REVIEW,
)


class DecisionSummaryRenderer(_MeetingRenderer):
    """What was decided, who does what by when, and the next review: the summary that
    goes out within one working day, before the full minutes."""

    kind = "decision summary"
    heading_word = "Decision summary"

    def story(self) -> list[Flowable]:
        s = self.styles
        out = self._top()
        out.append(
            para(
                "This is a short summary sent soon after the meeting. The full minutes follow.",
                s.small,
            )
        )
        out.append(para("What was decided", s.heading))
        out += self._decisions()[1:] or []
        out.append(para("Who does what, by when", s.heading))
        out += self._action_plan()[1:]
        out.append(para("Next review", s.heading))
        out += self._next_review()
        out.append(
            para(
                "About this copy" if self.content.family_copy else "How this information is shared",
                s.heading,
            )
        )
        out += paras(self.content.consent_statement, s.body)
        return out
