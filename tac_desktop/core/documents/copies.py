"""One meeting's record, cut down to what one reader may read.

A pure function over the plain content (``content.py``): the services gather the whole
record with each item's access (``practice/readers.py``), and this module takes out
what the reader must not get, before anything is laid out. What is taken out is never
rendered, so it cannot reach the PDF, its text layer or its glossary.

- The full copy keeps everything.
- An agency's copy leaves out the notes of sections kept from agencies and says so
  where they would be (need-to-know), as it always has.
- A family member's copy leaves out everything for professionals only or kept from
  that person, without a trace: no gap, no "withheld" line, no heading left empty. It
  also leaves out decisions to share without agreement, who disagreed with a decision
  (unless the chair released the decision), the reasons people gave for their scores,
  and every recipient but the reader and the professionals. A Think Family question
  kept from the reader for one person is left out for everyone, and "report received"
  shows only beside a report the copy holds, so no gap tells of what is missing. Phone
  numbers, e-mail addresses and addresses typed anywhere in it are left out, but for
  professionals' work ones: one family member's contact details never reach another.
  The family as recorded opens it like every copy (a person marked as one who must not
  receive information stays listed, as part of the family, without the mark).
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from typing import Any

from tac_desktop.core.documents import content as c
from tac_desktop.core.practice.readers import (
    Access,
    Reader,
    ReaderKind,
    leave_out_contacts,
    mentions_safeguarding,
)

__all__ = ["copy_for"]


def copy_for(content: c.MinutesContent, reader: Reader) -> c.MinutesContent:
    """``content`` as ``reader``'s copy, with ``left_out`` counting what was taken out.
    The glossary is emptied for anything but the full copy: the caller finds the terms
    again in what is left, so a term never hints at a withheld item."""
    if reader.kind is ReaderKind.FULL:
        return replace(content, reader=reader, left_out=0, copy_for="")
    if reader.kind is ReaderKind.AGENCY:
        return _agency_copy(content, reader)
    return _family_copy(content, reader)


def _agency_copy(m: c.MinutesContent, reader: Reader) -> c.MinutesContent:
    hidden = {s.key for s in m.sections if not s.access.readable_by(reader)}
    return replace(
        m,
        sections=tuple(
            replace(s, notes="", withheld=True) if s.key in hidden else s for s in m.sections
        ),
        amendments=tuple(
            replace(a, text=c.WITHHELD_NOTE, reason="") if a.section_key in hidden else a
            for a in m.amendments
        ),
        copy_for=reader.name,
        reader=reader,
        left_out=len(hidden),
        glossary=(),
    )


def _family_copy(m: c.MinutesContent, reader: Reader) -> c.MinutesContent:
    left_out = 0

    def keep(access: Access) -> bool:
        nonlocal left_out
        if access.readable_by(reader):
            return True
        left_out += 1
        return False

    hidden_sections: set[str] = set()
    sections: list[c.Section] = []
    for s in m.sections:
        if s.access.readable_by(reader):
            sections.append(replace(s, withheld=False))
            continue
        hidden_sections.add(s.key)
        left_out += 1 if s.notes.strip() else 0
        sections.append(replace(s, notes="", withheld=False))

    # A question kept from this reader for one person is left out for everyone else
    # too: a question answered for the father but missing for the mother would tell.
    # The reader's own answers they may read stay.
    hidden_questions = {
        q.question
        for person in m.considerations
        for q in person.items
        if not q.access.readable_by(reader)
    }
    considerations: list[c.PersonConsiderations] = []
    for person in m.considerations:
        own = person.person_id is not None and person.person_id == reader.person_id
        items = []
        for q in person.items:
            if not keep(q.access):
                continue
            if q.question in hidden_questions and not own:
                left_out += 1
                continue
            items.append(q)
        if items:
            considerations.append(replace(person, items=tuple(items)))

    decisions: list[c.Decision] = []
    for d in m.decisions:
        if not keep(d.access):
            continue
        if d.dissent and not d.access.marked:
            left_out += len(d.dissent)
            d = replace(d, dissent=())
        decisions.append(d)

    plan: list[c.AgencyActions] = []
    for group in m.action_plan:
        actions = tuple(a for a in group.actions if keep(a.access))
        if actions:
            plan.append(replace(group, actions=actions))

    # Amendments follow their section; one to the minutes as a whole could say
    # anything, so it stays with professionals. Early-review requests likewise.
    amendments: list[c.Amendment] = []
    for a in m.amendments:
        if not a.section_key or a.section_key in hidden_sections:
            left_out += 1
        else:
            amendments.append(a)
    left_out += len(m.early_reviews)

    reports = tuple(r for r in m.reports if keep(r.access))
    reporting = {r.author for r in reports}
    # "Sent a written report" and "report received" only beside a report this copy holds
    attendees = tuple(
        a
        if a.name in reporting or not (a.report_received or a.took_part == c.SENT_A_REPORT)
        else replace(
            a,
            report_received=False,
            took_part=c.COULD_NOT_COME if a.took_part == c.SENT_A_REPORT else a.took_part,
        )
        for a in m.attendees
    )
    # A job title or agency that names a safeguarding route ("Domestic abuse officer",
    # a women's aid service) tells a reader what the record holds.
    attendees = tuple(
        replace(a, role=c.A_PROFESSIONAL, agency=c.A_SERVICE)
        if mentions_safeguarding(f"{a.role} {a.agency}")
        else a
        for a in attendees
    )
    left_out += len(m.overrides)
    scores = tuple(replace(s, comment="") for s in m.scores)
    distribution = tuple(
        (
            replace(r, role=c.A_PROFESSIONAL, agency=c.A_SERVICE)
            if mentions_safeguarding(f"{r.role} {r.agency}")
            else r
        )
        for r in m.distribution
        if r.agency.strip() or r.person_id == reader.person_id
    )
    # The family as recorded stays whole (a gap would tell), with names, relationships,
    # household and parental responsibility only: never the mark that someone must not
    # receive information (a copy read with a child can reach that parent).
    family = tuple(replace(f, no_information=False) for f in m.family if keep(f.access))
    cut = replace(
        m,
        family=family,
        sections=tuple(sections),
        attendees=attendees,
        reports=reports,
        considerations=tuple(considerations),
        decisions=tuple(decisions),
        differing_views=tuple(v for v in m.differing_views if keep(v.access)),
        previous_actions=tuple(p for p in m.previous_actions if keep(p.access)),
        action_plan=tuple(plan),
        amendments=tuple(amendments),
        overrides=(),
        early_reviews=(),
        scores=scores,
        distribution=distribution,
        consent_statement=c.FAMILY_STATEMENT,
        copy_for=reader.name,
        reader=reader,
        left_out=left_out,
        glossary=(),
    )
    without: c.MinutesContent = _without_contacts(cut, m.work_contacts)
    return without


def _without_contacts(value: Any, allowed: frozenset[str]) -> Any:
    """Every typed text of a family copy with phone numbers, e-mail addresses and
    addresses left out, but for professionals' work ones (``allowed``)."""
    if isinstance(value, str):
        return leave_out_contacts(value, allowed)
    if isinstance(value, tuple):
        return tuple(_without_contacts(v, allowed) for v in value)
    if is_dataclass(value) and not isinstance(value, type | Access | Reader):
        changes = {
            f.name: _without_contacts(getattr(value, f.name), allowed)
            for f in fields(value)
            if f.name not in ("reference", "work_contacts", "consent_statement")
        }
        return replace(value, **changes)
    return value
