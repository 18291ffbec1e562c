"""The printed safety plan: one plan, in plain words the family (or the young person) can
read, with its version and date on every page.

Both shapes lay out a ``SafetyPlanContent`` in the house style: the facts of the version
first (who it is for, when it was agreed and by whom, when it will be looked at again,
why it changed), then each section of the shape with its own heading. People and
services are tables with their phone numbers; each rule of a family plan names who makes
sure it is kept, with their numbers. The code word and "ready to leave" sections appear
only when something is written in them. A draft says DRAFT on every page; a version
printed after a newer one was issued says on every page that it was replaced, by which
version and when, and not to use it (its numbers and rules may be out of date).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, KeepTogether, Spacer

from tac_desktop.core.documents import house
from tac_desktop.core.documents.house import BODY_WIDTH, long_date, para, table
from tac_desktop.core.models.safety_plan import PlanShape
from tac_desktop.core.practice.safety_plans import (
    Contact,
    PlanContent,
    Section,
    SectionKind,
    sections_for,
)
from tac_desktop.core.text import fold_for_search

__all__ = ["SafetyPlanContent", "SafetyPlanRenderer"]

_NOTHING = "Nothing is written here yet."


@dataclass(frozen=True)
class SafetyPlanContent:
    """Everything one printed plan shows. ``version`` is None for a draft."""

    reference: str
    shape: PlanShape
    title: str
    for_name: str  # who the plan is about; "" for a plan for the whole family
    version: int | None
    on: date  # the day the version was issued (for a draft: the day it is printed)
    reason: str
    agreed_by: str
    review_on: date | None
    content: PlanContent
    sent_to: tuple[str, ...] = ()  # "Northgate Academy (by hand, 3 March 2026)"
    # A version printed after a newer one was issued: the one that replaced it, when,
    # and the newest (the one to use).
    replaced_by: int | None = None
    replaced_on: date | None = None
    current: int | None = None

    @property
    def replaced(self) -> str:
        """What every page of a replaced version says ("" for a current one)."""
        if self.replaced_by is None or self.replaced_on is None:
            return ""
        newest = (
            f" The current version is {self.current}."
            if self.current is not None and self.current != self.replaced_by
            else ""
        )
        return (
            f"REPLACED: version {self.replaced_by} replaced this version on "
            f"{long_date(self.replaced_on)}. Do not use it.{newest}"
        )


class SafetyPlanRenderer(house.HouseRenderer):
    kind = "safety plan"

    def __init__(self, plan: SafetyPlanContent) -> None:
        draft = plan.version is None
        super().__init__(
            title=plan.title,
            reference=plan.reference,
            on=plan.on,
            draft=draft,
            # Version and date on every page, so a loose page says which plan it is from.
            # (A draft says DRAFT there already.)
            extra_header="" if draft else f"Version {plan.version} of the plan",
        )
        self.plan = plan

    def _decorate(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """A replaced version says so on every page, in red under the header, and
        across the page: a loose page of it must not be followed."""
        super()._decorate(canvas, doc)
        words = self.plan.replaced
        if not words:
            return
        width, height = house.PAGE_SIZE
        top = height - house.MARGIN
        # on every page, so an artifact: the plan's first lines say it once, as text
        canvas._code.append("/Artifact <</Type /Pagination>> BDC")
        canvas.saveState()
        canvas.setFont(f"{house.SANS}-Bold", 90)
        canvas.setFillColor(colors.Color(0.69, 0.0, 0.13, alpha=0.12))
        canvas.translate(width / 2, height / 2)
        canvas.rotate(50)
        canvas.drawCentredString(0, -30, "REPLACED")
        canvas.rotate(-50)
        canvas.translate(-width / 2, -height / 2)
        canvas.setFillColor(house.MARK_RED)
        canvas.rect(house.MARGIN, top - 14 * mm, width - 2 * house.MARGIN, 6.5 * mm, 0, 1)
        canvas.setFillColor(colors.white)
        canvas.setFont(f"{house.SANS}-Bold", 8.5)
        canvas.drawCentredString(width / 2, top - 12 * mm, words)
        canvas.restoreState()
        canvas._code.append("EMC")

    # -- the parts ------------------------------------------------------------------

    def _facts(self) -> list[Flowable]:
        s = self.styles
        plan = self.plan
        rows: list[list[str | Flowable]] = []
        if plan.for_name:
            rows.append(["Who this plan is for", plan.for_name])
        if plan.version is None:
            rows.append(["Version", f"Draft printed {long_date(plan.on)}: not yet agreed"])
        else:
            rows.append(["Version", f"Version {plan.version}, agreed {long_date(plan.on)}"])
        if plan.agreed_by:
            rows.append(["Agreed by", plan.agreed_by])
        if plan.review_on is not None:
            rows.append(["We will look at it again by", long_date(plan.review_on)])
        if plan.reason:
            rows.append(["Why this version", plan.reason])
        labelled = [[para(label, s.cell_bold, markup=True), value] for label, value in rows]
        out: list[Flowable] = [para(plan.title, s.title)]
        if plan.replaced:
            out.append(
                para(
                    f"{plan.replaced} Its phone numbers, rules and arrangements may be out "
                    "of date: ask the lead professional for the current version.",
                    s.label,
                    markup=True,
                )
            )
        if plan.shape is PlanShape.PERSONAL:
            out.append(
                para(
                    "This plan is written in my own words. I can use it when I start to "
                    "feel unsafe, step by step, until I am safe.",
                    s.subtitle,
                    markup=True,
                )
            )
        else:
            out.append(
                para(
                    "What everyone has agreed to do to keep the children safe, and who "
                    "makes sure it happens.",
                    s.subtitle,
                    markup=True,
                )
            )
        out.append(table(labelled, [55 * mm, BODY_WIDTH - 55 * mm], header=False))
        return out

    def _phones(self) -> dict[str, Contact]:
        return {fold_for_search(c.name): c for c in self.plan.content.contacts("network")}

    def _section(self, section: Section) -> list[Flowable]:
        s = self.styles
        content = self.plan.content
        entries = content.entries(section.key)
        if not entries and section.only_when_needed:
            return []
        heading = para(section.title, s.heading, markup=False)
        if not entries:
            return [heading, para(_NOTHING, s.empty, markup=True)]
        body: list[Flowable]
        kind = section.kind
        if kind is SectionKind.LINES:
            # paras: a very long entry is cut into paragraphs (one paragraph of 50,000
            # words is re-wrapped at every page it splits over)
            body = [
                flowable
                for line in content.lines(section.key)
                for flowable in house.paras(f"•  {line}", house.indented(s.body))
            ]
        elif kind is SectionKind.CONTACTS:
            rows: list[list[str | Flowable]] = [["Name", "Who they are", "Phone", "What they do"]]
            # Numbers in bold: they are what someone looks for in a hurry.
            rows += [
                [c.name, c.role, house.cell(c.phone, s.cell_bold), c.does]
                for c in content.contacts(section.key)
            ]
            body = [table(rows, [40 * mm, 38 * mm, 34 * mm, BODY_WIDTH - 112 * mm])]
        elif kind is SectionKind.WORRIES:
            rows = [["What we are worried about", "What we want to see instead"]]
            rows += [[w.worry, w.goal] for w in content.worries]
            body = [table(rows, [BODY_WIDTH / 2, BODY_WIDTH / 2])]
        elif kind is SectionKind.RULES:
            network = self._phones()
            rows = [["The rule", "Who makes sure it is kept"]]
            for rule in content.rules:
                keepers = []
                for name in rule.kept_by:
                    person = network.get(fold_for_search(name))
                    phone = person.phone if person is not None else ""
                    keepers.append(f"{name}, {phone}" if phone else name)
                rows.append([rule.rule, "\n".join(keepers)])
            body = [table(rows, [BODY_WIDTH - 62 * mm, 62 * mm])]
        else:
            rows = [["The worry", "Who agrees", "Who does not agree"]]
            rows += [[v.worry, v.agree, v.disagree] for v in content.views]
            body = [table(rows, [BODY_WIDTH - 90 * mm, 45 * mm, 45 * mm])]
        # The heading stays with the start of what it introduces.
        return [KeepTogether([heading, body[0]]), *body[1:]]

    def _distribution(self) -> list[Flowable]:
        s = self.styles
        if not self.plan.sent_to:
            return []
        out: list[Flowable] = [para("Who has a copy of this version", s.subheading, markup=True)]
        out += [para(f"•  {line}", house.indented(s.small)) for line in self.plan.sent_to]
        return out

    def story(self) -> list[Flowable]:
        s = self.styles
        out = self._facts()
        for section in sections_for(self.plan.shape):
            out += self._section(section)
        out.append(Spacer(1, 4 * mm))
        out.append(
            para(
                "If anyone is in danger right now, call 999.",
                s.label,
                markup=True,
            )
        )
        out += self._distribution()
        return out
