"""Copies for readers: the full copy, an agency's copy, each family member's copy, a
person who must not receive information, the distribution list and the Send step.

Each family member's copy is read back with poppler's ``pdftotext`` and must hold none
of the text that is for professionals only or kept from them, while the full copy holds
all of it (the same probe found in one and missing in the other). Every person here is
invented.
"""

from __future__ import annotations

import email
import re
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from datetime import date
from email import policy
from pathlib import Path

import pytest
from pypdf import PdfReader

from tac_desktop.core.documents import content as c
from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.models import CopyKind, Delivery, MeetingStatus
from tac_desktop.core.practice.readers import Access, Reader, ReaderKind
from tac_desktop.core.practice.think_family import Answer, FollowUp, Procedure
from tac_desktop.core.services import (
    cases,
    consent,
    copies,
    distribution,
    documents,
    meetings,
    reports,
)
from tac_desktop.core.services.meetings import ConsiderationAnswer, Paperwork
from tac_desktop.core.vault import Vault
from tests.conftest import PASSPHRASE
from tests.core.helpers import assert_plain_failure, run_cli
from tests.core.test_documents import _flat, _tool, pdftotext

NOWAK = "TAC-2026-0102"


def _finalised(vault: Vault) -> Iterator[tuple[str, int]]:
    for row in cases.list_cases(vault):
        for m in meetings.list_meetings(vault, row.id):
            if m.status is MeetingStatus.FINALISED:
                yield row.reference, m.id


def _meeting(vault: Vault, reference: str) -> int:
    case_id = cases.find_case_id(vault, reference)
    return [
        m.id for m in meetings.list_meetings(vault, case_id) if m.status is MeetingStatus.FINALISED
    ][-1]


def _items(content: object) -> Iterator[tuple[Access, str]]:
    """(access, the text it guards) for every markable item of a content tree."""
    if isinstance(content, c.Section):
        yield content.access, content.notes
    elif isinstance(content, c.Report):
        yield content.access, content.text
    elif isinstance(content, c.Consideration):
        yield content.access, " ".join((content.reason, content.detail))
    elif isinstance(content, c.Decision):
        yield content.access, content.text
        for d in content.dissent:
            yield Access(professionals_only=True), d.why  # family copies drop dissent
    elif isinstance(content, c.DifferingView):
        yield content.access, content.views
    elif isinstance(content, c.Action | c.PreviousAction):
        yield content.access, content.description
    elif is_dataclass(content) and not isinstance(content, type):
        for f in fields(content):
            if f.name not in ("access", "reader"):
                yield from _items(getattr(content, f.name))
    elif isinstance(content, tuple | list):
        for item in content:
            yield from _items(item)


def _probes(whole: c.MinutesContent, reader: Reader) -> tuple[list[str], list[str]]:
    """Distinctive phrases (first words of a text found once in the record) that the
    reader may not read, and that they may."""
    texts = [(a, " ".join(t.split())) for a, t in _items(whole) if t.strip()]
    counts: dict[str, int] = {}
    for _a, t in texts:
        counts[t[:60]] = counts.get(t[:60], 0) + 1
    hidden: list[str] = []
    shown: list[str] = []
    for access, text in texts:
        words = text.split()
        if counts[text[:60]] != 1 or len(words) < 4:
            continue
        probe = " ".join(words[:6])
        (shown if access.readable_by(reader) else hidden).append(probe)
    # A withheld text that another item the reader may read also says (a referral's
    # words in a released answer) is no probe.
    readable = " ".join(t for a, t in texts if a.readable_by(reader))
    hidden = [p for p in hidden if p not in readable]
    return hidden, shown


def _text(tmp_path: Path, pdf: bytes, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    return _flat(pdftotext(path))


def test_every_family_copy_of_every_demo_meeting_holds_nothing_withheld(
    demo_vault: Vault, tmp_path: Path
) -> None:
    _tool("pdftotext")
    checked = 0
    for _reference, meeting_id in _finalised(demo_vault):
        whole = documents.minutes_content(demo_vault, meeting_id)
        full_text = _text(
            tmp_path, documents.minutes_document(demo_vault, meeting_id).pdf, "full.pdf"
        )
        summary_full = _text(
            tmp_path,
            documents.decision_summary_document(demo_vault, meeting_id).pdf,
            "summary-full.pdf",
        )
        for choice in copies.readers(demo_vault, meeting_id):
            if not choice.reader.is_family:
                continue
            if choice.refused:
                with pytest.raises(InvalidInput, match="must not receive information"):
                    documents.minutes_document(demo_vault, meeting_id, reader=choice.reader)
                continue
            hidden, shown = _probes(whole, choice.reader)
            minutes = _text(
                tmp_path,
                documents.minutes_document(demo_vault, meeting_id, reader=choice.reader).pdf,
                "family.pdf",
            )
            summary = _text(
                tmp_path,
                documents.decision_summary_document(demo_vault, meeting_id, choice.reader).pdf,
                "family-summary.pdf",
            )
            for probe in hidden:
                assert probe in full_text, probe  # the probe works on the full copy
                assert probe not in minutes, (choice.label, probe)
                assert probe not in summary, (choice.label, probe)
            for probe in shown:
                assert probe in full_text, probe
            assert "This part of the minutes is left out" not in minutes  # no trace
            assert "withheld" not in minutes.casefold()
            checked += len(hidden)
        assert "Who these minutes go to" in full_text
        assert summary_full
    assert checked > 10  # the demo does hold such items


def test_the_nowak_family_copies_leave_out_the_disclosure_and_the_marac_referral(
    demo_vault: Vault, tmp_path: Path
) -> None:
    """The demo's marks: Tomasz gets nothing; Agnieszka's copy carries what she asked
    for (her account and safety steps); the children's copies carry none of it."""
    meeting_id = _meeting(demo_vault, NOWAK)
    full = _text(tmp_path, documents.minutes_document(demo_vault, meeting_id).pdf, "f.pdf")
    assert "MARAC" in full and "threats" in full
    texts: dict[str, str] = {}
    for choice in copies.readers(demo_vault, meeting_id):
        if not choice.reader.is_family:
            continue
        if choice.refused:
            assert choice.reader.name == "Tomasz Kowalczyk"
            continue
        content = documents.minutes_content(demo_vault, meeting_id, reader=choice.reader)
        assert content.left_out > 0
        texts[choice.reader.name] = _text(
            tmp_path,
            documents.minutes_document(demo_vault, meeting_id, reader=choice.reader).pdf,
            "n.pdf",
        )
        if choice.reader.name != "Agnieszka Nowak":
            assert all(g.term != "MARAC" for g in content.glossary)  # no hint there either
    assert set(texts) == {"Łukasz Nowak", "Maja Nowak", "Agnieszka Nowak"}
    for name, text in texts.items():
        assert "antidepressant" not in text  # the section kept from agencies
        assert "outreach support" not in text  # marked professionals only
        assert "(a family copy)" in text
        if name == "Agnieszka Nowak":
            assert "threats" in text  # released to her, at her request
            assert "Depression" in text  # her own health
        else:
            assert "MARAC" not in text and "threats" not in text
            assert "Depression" not in text


def test_an_agency_copy_says_that_content_was_withheld(demo_vault: Vault, tmp_path: Path) -> None:
    meeting_id = _meeting(demo_vault, NOWAK)
    agency = next(
        ch.reader
        for ch in copies.readers(demo_vault, meeting_id)
        if ch.reader.kind is ReaderKind.AGENCY
    )
    content = documents.minutes_content(demo_vault, meeting_id, reader=agency)
    assert content.left_out == 1
    text = _text(
        tmp_path, documents.minutes_document(demo_vault, meeting_id, reader=agency).pdf, "a.pdf"
    )
    assert "withheld from this copy on a need-to-know basis" in text
    assert "antidepressant" not in text
    assert "MARAC" in text  # professionals read the safeguarding record


def test_a_person_marked_as_not_to_receive_information_is_refused(demo_vault: Vault) -> None:
    meeting_id = _meeting(demo_vault, NOWAK)
    case = cases.get_case(demo_vault, cases.find_case_id(demo_vault, NOWAK))
    tomasz = next(p for p in case.people if p.name == "Tomasz Kowalczyk")
    with pytest.raises(InvalidInput, match="Say why"):
        copies.set_no_information(demo_vault, tomasz.id, True, "  ")
    copies.set_no_information(
        demo_vault, tomasz.id, True, "Alleged perpetrator of domestic abuse in the household"
    )
    with pytest.raises(InvalidInput, match="must not receive information"):
        copies.find_reader(demo_vault, meeting_id, "Tomasz Kowalczyk")
    with pytest.raises(InvalidInput, match="must not receive information"):
        documents.minutes_document(
            demo_vault, meeting_id, reader=Reader.family(tomasz.id, "Tomasz Kowalczyk")
        )
    listed = distribution.distribution(demo_vault, meeting_id)
    row = next(r for r in listed.recipients if r.person_id == tomasz.id)
    assert row.copy is CopyKind.NONE and row.refused
    drafts = [r.draft() for r in listed.recipients]
    drafts = [
        d
        if d.person_id != tomasz.id
        else distribution.RecipientDraft(
            d.name, CopyKind.FAMILY, Delivery.BY_HAND, person_id=tomasz.id
        )
        for d in drafts
    ]
    with pytest.raises(InvalidInput, match="must not receive information"):
        distribution.save_distribution(demo_vault, meeting_id, drafts)


def test_the_chair_releases_an_item_to_the_family_but_not_to_a_named_person(
    demo_vault: Vault, tmp_path: Path
) -> None:
    meeting_id = _meeting(demo_vault, NOWAK)
    case = cases.get_case(demo_vault, cases.find_case_id(demo_vault, NOWAK))
    people = {p.name: p.id for p in case.people}
    item = next(
        i
        for i in copies.marked_items(demo_vault, meeting_id)
        if i.access.professionals_only and not i.access.marked
    )
    with pytest.raises(InvalidInput, match="Say why"):
        copies.set_mark(demo_vault, meeting_id, item.key, professionals_only=False, reason="")
    copies.set_mark(
        demo_vault,
        meeting_id,
        item.key,
        professionals_only=False,
        reason="Agnieszka asked for her copy to include her safety steps.",
        withheld_from=[people["Tomasz Kowalczyk"]],
    )
    marked = next(i for i in copies.marked_items(demo_vault, meeting_id) if i.key == item.key)
    assert marked.access.marked and not marked.access.professionals_only
    assert marked.withheld_from == ("Tomasz Kowalczyk",)
    her = Reader.family(people["Agnieszka Nowak"], "Agnieszka Nowak")
    him = Reader.family(people["Tomasz Kowalczyk"], "Tomasz Kowalczyk")
    assert marked.access.readable_by(her) and not marked.access.readable_by(him)
    copies.clear_mark(demo_vault, meeting_id, item.key)
    back = next(i for i in copies.marked_items(demo_vault, meeting_id) if i.key == item.key)
    assert back.access.professionals_only and not back.access.marked


def test_a_disclosure_at_a_new_meeting_is_professionals_only_by_default(
    demo_vault: Vault, tmp_path: Path
) -> None:
    """A mother discloses her partner's violence: the minutes for her and her daughter
    carry neither the disclosure nor the referral, while the partner lives there."""
    case_id = cases.find_case_id(demo_vault, "TAC-2026-0101")
    case = cases.get_case(demo_vault, case_id)
    template = meetings.available_templates(True)[0]
    meeting_id = meetings.create_meeting(
        demo_vault,
        case_id,
        meetings.MeetingDraft(template.id, date.today(), chair_name="Jordan Ellery"),
    )
    view = meetings.get_meeting(demo_vault, meeting_id)
    first = view.sections[0].key
    meetings.save_notes(
        demo_vault,
        meeting_id,
        first,
        "Harriet disclosed that her partner pushed her against the wall last week.",
    )
    adult = next(cv for cv in view.considerations if cv.question_key == "domestic_abuse")
    meetings.answer_consideration(
        demo_vault,
        meeting_id,
        adult.person_id,
        "domestic_abuse",
        ConsiderationAnswer(
            Answer.YES,
            "Harriet described repeated violence by her partner.",
            FollowUp.REFERRAL,
            Procedure.MARAC,
            "Refer to the high-risk panel today.",
        ),
    )
    content = documents.minutes_content(demo_vault, meeting_id)
    for person in case.people:
        reader = Reader.family(person.id, person.name)
        text = _text(
            tmp_path,
            documents.minutes_document(demo_vault, meeting_id, reader=reader).pdf,
            "d.pdf",
        )
        assert "pushed her against the wall" not in text
        assert "repeated violence" not in text
        assert "high-risk panel" not in text
    full = _text(tmp_path, documents.minutes_document(demo_vault, meeting_id).pdf, "full.pdf")
    assert "pushed her against the wall" in full
    assert content.sections[0].access.professionals_only


def test_send_writes_one_file_per_recipient_logs_each_and_marks_the_paperwork_sent(
    demo_vault: Vault, tmp_path: Path
) -> None:
    meeting_id = _meeting(demo_vault, NOWAK)
    case_id = cases.find_case_id(demo_vault, NOWAK)
    listed = distribution.distribution(demo_vault, meeting_id)
    assert listed.confirmed  # the demo's chair confirmed it
    copies_of = {r.name: r.copy for r in listed.recipients}
    assert copies_of["Tomasz Kowalczyk"] is CopyKind.NONE
    assert copies_of["Agnieszka Nowak"] is CopyKind.FAMILY
    haddad = _meeting(demo_vault, "TAC-2026-0104")
    if not distribution.distribution(demo_vault, haddad).confirmed:
        with pytest.raises(InvalidInput, match="Confirm the distribution list"):
            distribution.send_paperwork(demo_vault, haddad, Paperwork.MINUTES, tmp_path)
    drafts = []
    for r in listed.recipients:
        d = r.draft()
        if r.agency:
            d = distribution.RecipientDraft(
                d.name,
                CopyKind.FULL,
                Delivery.SECURE_EMAIL,
                d.role,
                d.agency,
                None,
                d.professional_id,
                "someone@agency.example.org",
            )
        drafts.append(d)
    distribution.save_distribution(demo_vault, meeting_id, drafts)
    folder = tmp_path / "out"
    folder.mkdir()
    questions = distribution.consent_questions(demo_vault, meeting_id, Paperwork.MINUTES)
    grounds = {
        q.recipient_id: "Child at risk of significant harm: agreed by the manager"
        for q in questions
    }
    before = len(consent.sharing_log(demo_vault, case_id))
    sent = distribution.send_paperwork(
        demo_vault, meeting_id, Paperwork.MINUTES, folder, grounds=grounds, password="s3cret-word"
    )
    expected = [r for r in distribution.distribution(demo_vault, meeting_id).recipients]
    assert len(sent) == sum(1 for r in expected if r.copy is not CopyKind.NONE)
    pdfs = sorted(folder.glob("*.pdf"))
    assert len(pdfs) == len(sent)
    family_names = [p.name for p in cases.get_case(demo_vault, case_id).people]
    for item in sent:
        assert item.pdf.exists()
        assert not any(n.split()[0] in item.pdf.name for n in family_names)
        reader = PdfReader(item.pdf)
        assert reader.is_encrypted
        if item.delivery is Delivery.SECURE_EMAIL:
            assert item.email_draft is not None
            message = email.message_from_bytes(item.email_draft.read_bytes(), policy=policy.default)
            assert message["X-Unsent"] == "1"
            assert message["To"] == "someone@agency.example.org"
            assert NOWAK in message["Subject"]
            assert not any(n.split()[-1] in message["Subject"] for n in family_names)
            body = message.get_body(preferencelist=("plain",))
            assert body is not None and "s3cret-word" not in body.get_content()
            attachments = list(message.iter_attachments())
            assert len(attachments) == 1
            assert attachments[0].get_content() == item.pdf.read_bytes()
        else:
            assert item.email_draft is None
    log = consent.sharing_log(demo_vault, case_id)
    assert len(log) - before == len(sent)
    view = meetings.get_meeting(demo_vault, meeting_id)
    rows = meetings.paperwork_due(demo_vault, case_id)
    assert not any(d.meeting_id == view.id and d.what is Paperwork.MINUTES for d in rows)
    again = distribution.send_paperwork(demo_vault, meeting_id, Paperwork.MINUTES, folder)
    assert again == []  # everyone has theirs: nothing is sent twice


def test_the_family_outcome_summary_lists_only_what_names_them(
    demo_vault: Vault, tmp_path: Path
) -> None:
    meeting_id = _meeting(demo_vault, NOWAK)
    agnieszka = copies.find_reader(demo_vault, meeting_id, "Agnieszka Nowak")
    document = reports.outcome_summary_document(demo_vault, meeting_id, reader=agnieszka)
    text = _text(tmp_path, document.pdf, "s.pdf")
    assert "What was agreed for you, or by you" in text
    assert "MARAC" not in text
    assert "Nowak" not in document.file_name


def test_the_command_line_makes_a_readers_copy_and_refuses_a_marked_person(
    demo_vault: Vault, vault_path: Path, tmp_path: Path
) -> None:
    _tool("pdftotext")
    meeting_id = _meeting(demo_vault, NOWAK)
    case_id = cases.find_case_id(demo_vault, NOWAK)
    case = cases.get_case(demo_vault, case_id)
    tomasz = next(p for p in case.people if p.name == "Tomasz Kowalczyk")
    copies.set_no_information(demo_vault, tomasz.id, True, "Court order")
    before = len(consent.sharing_log(demo_vault, case_id))
    demo_vault.close()
    out = tmp_path / "maja.pdf"
    result = run_cli(
        "export",
        "minutes",
        vault_path,
        NOWAK,
        str(meeting_id),
        "--for",
        "maja nowak",
        "-o",
        out,
    )
    assert result.returncode == 0, result.stderr
    text = _flat(pdftotext(out))
    assert "MARAC" not in text and "(a family copy)" in text
    refused = run_cli(
        "export",
        "minutes",
        vault_path,
        NOWAK,
        str(meeting_id),
        "--for",
        "Tomasz Kowalczyk",
        "-o",
        tmp_path / "t.pdf",
    )
    assert "must not receive information" in assert_plain_failure(refused)
    assert not (tmp_path / "t.pdf").exists()
    unknown = run_cli(
        "export",
        "minutes",
        vault_path,
        NOWAK,
        str(meeting_id),
        "--for",
        "Nobody Here",
        "-o",
        tmp_path / "n.pdf",
    )
    assert "Agnieszka Nowak" in assert_plain_failure(unknown)  # lists who there is
    summary = run_cli(
        "export",
        "summary",
        vault_path,
        NOWAK,
        str(meeting_id),
        "--for",
        "Maja Nowak",
        "-o",
        tmp_path / "s.pdf",
    )
    assert summary.returncode == 0, summary.stderr
    agency = run_cli(
        "export",
        "summary",
        vault_path,
        NOWAK,
        str(meeting_id),
        "--agency",
        "Dyfed Police",
        "-o",
        tmp_path / "p.pdf",
    )
    assert agency.returncode == 0, agency.stderr
    with Vault.open(vault_path, PASSPHRASE) as vault:
        log = consent.sharing_log(vault, case_id)
    recipients = [e.recipient for e in log[: len(log) - before]]
    assert recipients.count("Maja Nowak") == 2
    assert "Dyfed Police" in recipients


def test_file_names_of_family_copies_never_name_a_person(demo_vault: Vault) -> None:
    meeting_id = _meeting(demo_vault, NOWAK)
    for choice in copies.readers(demo_vault, meeting_id):
        if choice.reader.is_family and not choice.refused:
            name = documents.minutes_document(
                demo_vault, meeting_id, reader=choice.reader
            ).file_name
            assert re.fullmatch(r"TAC-2026-0102_minutes-family-copy_\d{4}-\d\d-\d\d\.pdf", name)
            assert choice.reader.name.split()[0] not in name


def test_a_family_copy_never_shows_anyones_contact_details_but_professionals_work_ones(
    demo_vault: Vault, tmp_path: Path
) -> None:
    """A number, an e-mail address and a new address said at the meeting and released
    to the family still stay out of a family copy; the school's work number stays in."""
    case_id = cases.find_case_id(demo_vault, "TAC-2026-0101")
    case = cases.get_case(demo_vault, case_id)
    school = next(i for i in case.involvements if i.phone)
    template = meetings.available_templates(True)[0]
    meeting_id = meetings.create_meeting(
        demo_vault, case_id, meetings.MeetingDraft(template.id, date.today())
    )
    view = meetings.get_meeting(demo_vault, meeting_id)
    key = view.sections[0].key
    meetings.save_notes(
        demo_vault,
        meeting_id,
        key,
        "Harriet's new mobile is ٠٧٧٠٠٩٠٠١٠١ and 07700 900 123; e-mail harriet.w@example.com. "
        f"They moved to 14 Larch Close, Northgate NG1 2AB. School office: {school.phone}.",
    )
    item = next(i for i in copies.marked_items(demo_vault, meeting_id) if i.key.endswith(f":{key}"))
    copies.set_mark(
        demo_vault, meeting_id, item.key, professionals_only=False, reason="Agreed at the meeting"
    )
    harriet = next(p for p in case.people if p.name == "Harriet Whitfield")
    reader = Reader.family(harriet.id, harriet.name)
    text = _text(
        tmp_path, documents.minutes_document(demo_vault, meeting_id, reader=reader).pdf, "c.pdf"
    )
    full = _text(tmp_path, documents.minutes_document(demo_vault, meeting_id).pdf, "f.pdf")
    assert "900 123" in full and "Larch Close" in full
    for secret in ("900 123", "harriet.w@", "Larch Close", "NG1 2AB", "٠٧٧٠٠٩٠٠١٠١", "١٠١٠٠٩٠٠٧٧٠"):
        assert secret not in text, secret
    assert "contact details left out" in text
    assert _flat(school.phone) in text  # a professional's work number stays


def test_a_family_line_for_someone_removed_from_the_network_is_never_sent_another_copy(
    demo_vault: Vault, tmp_path: Path
) -> None:
    """Agnieszka's line stays on the list after she is removed from the case (the link
    is emptied): Send refuses rather than making her the full copy."""
    meeting_id = _meeting(demo_vault, NOWAK)
    case_id = cases.find_case_id(demo_vault, NOWAK)
    agnieszka = next(
        p for p in cases.get_case(demo_vault, case_id).people if p.name == "Agnieszka Nowak"
    )
    cases.remove_person(demo_vault, agnieszka.id)
    listed = distribution.distribution(demo_vault, meeting_id)
    line = next(r for r in listed.recipients if r.name == "Agnieszka Nowak")
    assert line.person_id is None and line.copy is CopyKind.FAMILY
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(InvalidInput, match="no longer in this family's network"):
        distribution.send_paperwork(
            demo_vault,
            meeting_id,
            Paperwork.MINUTES,
            folder,
            grounds={
                q.recipient_id: "Agreed by the manager"
                for q in distribution.consent_questions(demo_vault, meeting_id, Paperwork.MINUTES)
            },
        )
    assert list(folder.iterdir()) == []  # nothing written before the refusal


def test_not_known_on_domestic_abuse_early_reviews_and_safeguarding_notes_stay_out(
    demo_vault: Vault, tmp_path: Path
) -> None:
    """Found in review: a "not known" on domestic abuse, an early-review request and
    notes naming a safeguarding route reached family copies (the suspect's included)."""
    case_id = cases.find_case_id(demo_vault, "TAC-2026-0101")
    case = cases.get_case(demo_vault, case_id)
    template = meetings.available_templates(True)[0]
    meeting_id = meetings.create_meeting(
        demo_vault, case_id, meetings.MeetingDraft(template.id, date.today())
    )
    view = meetings.get_meeting(demo_vault, meeting_id)
    grant = next(p for p in case.people if p.name == "Grant Pike")
    meetings.answer_consideration(
        demo_vault,
        meeting_id,
        grant.id,
        "domestic_abuse",
        ConsiderationAnswer(
            Answer.NOT_KNOWN,
            "PROBE-DA Harriet told the school nurse he checks her phone.",
            FollowUp.ACTION,
            None,
            "PROBE-ACTION Police to check call-outs to the address.",
        ),
    )
    meetings.request_early_review(
        demo_vault, meeting_id, "Zoë", "PROBE-EARLY after what happened at the weekend."
    )
    last = view.sections[-1].key
    meetings.save_notes(
        demo_vault, meeting_id, last, "PROBE-NOTES Harriet has a non-molestation order now."
    )
    full = _text(tmp_path, documents.minutes_document(demo_vault, meeting_id).pdf, "f.pdf")
    for probe in ("PROBE-DA", "PROBE-EARLY", "PROBE-NOTES"):
        assert probe in full
    for person in case.people:
        reader = Reader.family(person.id, person.name)
        text = _text(
            tmp_path,
            documents.minutes_document(demo_vault, meeting_id, reader=reader).pdf,
            "c.pdf",
        )
        for probe in ("PROBE-DA", "PROBE-ACTION", "PROBE-EARLY", "PROBE-NOTES"):
            assert probe not in text, (person.name, probe)


def test_an_item_released_to_one_person_reaches_nobody_added_to_the_family_later(
    demo_vault: Vault, tmp_path: Path
) -> None:
    meeting_id = _meeting(demo_vault, NOWAK)
    case_id = cases.find_case_id(demo_vault, NOWAK)
    halina = cases.add_person(
        demo_vault,
        case_id,
        cases.PersonDraft(
            "Halina Nowak", date_of_birth=date(1960, 5, 1), relationship_to_subject="grandmother"
        ),
    )
    text = _text(
        tmp_path,
        documents.minutes_document(
            demo_vault, meeting_id, reader=Reader.family(halina, "Halina Nowak")
        ).pdf,
        "h.pdf",
    )
    assert "threats" not in text and "Depression" not in text
    agnieszka = copies.find_reader(demo_vault, meeting_id, "Agnieszka Nowak")
    own = _text(
        tmp_path,
        documents.minutes_document(demo_vault, meeting_id, reader=agnieszka).pdf,
        "a.pdf",
    )
    assert "threats" in own and "Depression" in own


def test_every_copy_opens_with_the_family_as_recorded_and_a_family_copy_drops_the_mark(
    demo_vault: Vault, tmp_path: Path
) -> None:
    """Issue 16: the papers open with the family (name, relationship, household,
    parental responsibility). Tomasz, marked as someone who must not receive information,
    is part of the family as recorded: listed in every copy, the mark only in the
    professionals' and agencies' copies, never in a family copy (a child's copy can reach
    him at the weekend)."""
    meeting_id = _meeting(demo_vault, NOWAK)
    mark = "Tomasz Kowalczyk must not receive information about the others"
    heading = "The family, as recorded at this meeting"
    family_rows = (
        "Łukasz Nowak The child this meeting is about Lives in the household No",
        "Maja Nowak sister Lives in the household No",
        "Agnieszka Nowak mother Lives in the household Yes",
        "Tomasz Kowalczyk father Lives elsewhere; significant contact Yes",
    )
    agency = Reader.agency("Dyfed Police")
    for reader, marked in ((Reader.full(), True), (agency, True)):
        for pdf in (
            documents.minutes_document(demo_vault, meeting_id, reader=reader).pdf,
            documents.decision_summary_document(demo_vault, meeting_id, reader).pdf,
        ):
            text = _text(tmp_path, pdf, "copy.pdf")
            assert heading in text and (mark in text) is marked
            for row in family_rows:
                assert row in text, (reader, row)
            first = "What was decided" if "1. Welcome" not in text else "1. Welcome"
            assert text.index(heading) < text.index(first)  # the paper opens with them
    for choice in copies.readers(demo_vault, meeting_id):
        if not choice.reader.is_family or choice.refused:
            continue
        content = documents.minutes_content(demo_vault, meeting_id, reader=choice.reader)
        assert [f.name for f in content.family] == [
            "Łukasz Nowak",
            "Maja Nowak",
            "Agnieszka Nowak",
            "Tomasz Kowalczyk",
        ]
        assert not any(f.no_information for f in content.family)
        for pdf in (
            documents.minutes_document(demo_vault, meeting_id, reader=choice.reader).pdf,
            documents.decision_summary_document(demo_vault, meeting_id, choice.reader).pdf,
        ):
            text = _text(tmp_path, pdf, "family-copy.pdf")
            assert heading in text
            for row in family_rows:
                assert row in text, (choice.label, row)
            assert "must not receive information" not in text, choice.label


def test_the_family_block_is_as_recorded_at_the_meeting_and_holds_no_address(
    demo_vault: Vault, tmp_path: Path
) -> None:
    """Kept when the meeting was finalised: Maja moving out later does not change those
    minutes (the draft's follow the case). An address typed into a relationship stays
    out of a family copy."""
    from dataclasses import replace

    case_id = cases.find_case_id(demo_vault, NOWAK)
    final = _meeting(demo_vault, NOWAK)
    draft = next(
        m.id for m in meetings.list_meetings(demo_vault, case_id) if m.status is MeetingStatus.DRAFT
    )
    maja = next(p for p in cases.get_case(demo_vault, case_id).people if p.name == "Maja Nowak")
    cases.update_person(demo_vault, maja.id, replace(maja, lives_in_household=False))
    cases.add_person(
        demo_vault,
        case_id,
        cases.PersonDraft(
            "Ewa Zielińska",
            date_of_birth=date(1990, 4, 1),
            relationship_to_subject="aunt, lives at 14 Heol Fach",
            lives_in_household=False,
            significant_contact=True,
        ),
    )
    kept = {f.name: f.household for f in documents.minutes_content(demo_vault, final).family}
    assert kept["Maja Nowak"] == "Lives in the household" and "Ewa Zielińska" not in kept
    now = {f.name: f for f in documents.minutes_content(demo_vault, draft).family}
    assert now["Maja Nowak"].household == "Lives elsewhere"
    assert now["Ewa Zielińska"].relationship == "aunt, lives at 14 Heol Fach"
    agnieszka = next(
        ch.reader for ch in copies.readers(demo_vault, draft) if ch.reader.name == "Agnieszka Nowak"
    )
    text = _text(
        tmp_path,
        documents.minutes_document(demo_vault, draft, reader=agnieszka).pdf,
        "family-draft.pdf",
    )
    assert "Ewa Zielińska" in text and "aunt" in text
    assert "14 Heol Fach" not in text
    assert "Heol Fach" in _text(
        tmp_path, documents.minutes_document(demo_vault, draft).pdf, "full-draft.pdf"
    )
