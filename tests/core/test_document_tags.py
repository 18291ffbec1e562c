"""Tagged PDFs (issue 22): a structure tree a screen reader can follow, every piece of
content inside it or marked as an artifact (running headers, footers, page numbers,
table rules, a table's header row drawn again on the next page), and the language of
each Arabic or Hebrew line. Read back with pikepdf (qpdf's library), poppler's
``pdffonts`` and the ``pdfua`` checker, none of which the program uses to write the
content.

``pdf_ua_problems`` checks every document kind against the rules of PDF/UA-1 (ISO
14289-1) that a program can decide from the file alone: the file is marked tagged, says
its language, shows its title and names it in XMP with the PDF/UA identifier; every
piece of page content is in the structure tree or an artifact, and the parent tree maps
every MCID and widget back to its element; every font is embedded; element types are
standard; tables hold rows of header and data cells, header cells say what they head;
lists hold items of label and body; headings do not skip levels; pages with
annotations take the structure's tab order; every visible form field is a Form element
with its widget, and has a name for screen readers; figures have a text alternative."""

from __future__ import annotations

import io
import itertools
import re
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pikepdf
import pytest

from tac_desktop.core.documents import content as c
from tac_desktop.core.documents import protect
from tac_desktop.core.documents.copies import copy_for
from tac_desktop.core.documents.minutes import MinutesRenderer
from tac_desktop.core.documents.report_form import ReportFormContent, render_report_form
from tac_desktop.core.practice.readers import Reader
from tests.core.helpers import tool as _tool
from tests.core.test_document_scripts import NAME, _every_document, _minutes

DAY = date(2026, 12, 6)
TEXT_OPERATORS = {"Tj", "TJ", "'", '"'}
# Operators that paint: text, paths, images and shadings. Every one must be inside
# marked content with an MCID or inside an artifact (ISO 14289-1 7.1).
PAINTING = TEXT_OPERATORS | {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "Do", "sh", "BI"}
# The standard structure types of PDF 1.7 (ISO 32000-1, 14.8.4).
STANDARD = frozenset(
    [
        "Document",
        "Part",
        "Art",
        "Sect",
        "Div",
        "BlockQuote",
        "Caption",
        "TOC",
        "TOCI",
        "Index",
        "NonStruct",
        "Private",
        "P",
        "H",
        "H1",
        "H2",
        "H3",
        "H4",
        "H5",
        "H6",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "Table",
        "TR",
        "TH",
        "TD",
        "THead",
        "TBody",
        "TFoot",
        "Span",
        "Quote",
        "Note",
        "Reference",
        "BibEntry",
        "Code",
        "Link",
        "Annot",
        "Ruby",
        "RB",
        "RT",
        "RP",
        "Warichu",
        "WT",
        "WP",
        "Figure",
        "Formula",
        "Form",
    ]
)


def _kids(element: pikepdf.Dictionary) -> list[pikepdf.Object]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _is_element(kid: pikepdf.Object) -> bool:
    return isinstance(kid, pikepdf.Dictionary) and kid.get("/Type", "/StructElem") not in (
        "/MCR",
        "/OBJR",
    )


def _elements(element: pikepdf.Dictionary) -> Iterator[pikepdf.Dictionary]:
    """Every element under ``element``, in reading order, itself first."""
    yield element
    for kid in _kids(element):
        if _is_element(kid):
            yield from _elements(kid)


def _children(element: pikepdf.Dictionary) -> list[str]:
    return [str(kid.S) for kid in _kids(element) if _is_element(kid)]


def _content_items(element: pikepdf.Dictionary) -> Iterator[tuple[int, int]]:
    """(page object number, MCID) of each piece of marked content the element holds."""
    page = element.get("/Pg")
    for kid in _kids(element):
        if isinstance(kid, int):
            assert page is not None, "an MCID with no page"
            yield page.objgen[0], int(kid)
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            yield kid.get("/Pg", page).objgen[0], int(kid.MCID)


def _marked_content(doc: pikepdf.Pdf) -> tuple[dict[tuple[int, int], str], int]:
    """Walk each page's content: every painting operator sits inside marked content with
    an MCID or inside an artifact. The MCIDs met, with their tag ("/P"), and how many
    text operators were tagged."""
    found: dict[tuple[int, int], str] = {}
    tagged = 0
    for number, page in enumerate(doc.pages):
        stack: list[str] = []  # "mcid" / "artifact" / "other" for each open sequence
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op in ("BDC", "BMC"):
                tag = str(operands[0])
                props = operands[1] if op == "BDC" else None
                if tag == "/Artifact":
                    stack.append("artifact")
                elif isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                    key = (page.obj.objgen[0], int(props.MCID))
                    assert key not in found, f"MCID {key} used twice on page {number + 1}"
                    assert "mcid" not in stack, "marked content inside marked content"
                    found[key] = tag
                    stack.append("mcid")
                else:
                    stack.append("other")
            elif op == "EMC":
                stack.pop()
            elif op in PAINTING:
                assert "mcid" in stack or "artifact" in stack, (number + 1, op, operands)
                tagged += op in TEXT_OPERATORS and "mcid" in stack
        assert not stack, f"unbalanced marked content on page {number + 1}"
    return found, tagged


def _embedded(font: pikepdf.Dictionary) -> bool:
    if font.get("/Subtype") == "/Type0":
        font = font.DescendantFonts[0]
    if font.get("/Subtype") == "/Type3":
        return True
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(
        k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
    )


def _fonts(doc: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    for page in doc.pages:
        yield from page.Resources.get("/Font", {}).values()
    acroform = doc.Root.get("/AcroForm")
    if acroform is not None and "/DR" in acroform:
        yield from acroform.DR.get("/Font", {}).values()


def pdf_ua_problems(doc: pikepdf.Pdf) -> int:
    """Check ``doc`` against PDF/UA-1's machine-checkable rules (see the module's
    docstring): fail on the first that does not hold. How many text operators were
    tagged."""
    root = doc.Root
    assert root.MarkInfo.Marked is True
    assert str(root.Lang) == "en-GB"
    assert root.ViewerPreferences.DisplayDocTitle is True
    title = str(doc.docinfo.Title)
    with doc.open_metadata() as meta:
        assert meta.get("dc:title") == title and title
        assert meta.get("pdfuaid:part") == "1"
    tree = root.StructTreeRoot
    role_map = tree.get("/RoleMap", pikepdf.Dictionary())
    document = tree.K
    assert document.S == "/Document" and str(document.Lang) == "en-GB"
    elements = list(_elements(document))
    for element in elements:
        role = str(element.S).lstrip("/")
        assert role in STANDARD or str(role_map.get(f"/{role}", "")).lstrip("/") in STANDARD
        if role == "Figure":
            assert "/Alt" in element or "/ActualText" in element
    # Every MCID on the pages is in the tree, once, and the parent tree says so.
    found, tagged = _marked_content(doc)
    nums = tree.ParentTree.Nums
    parent_tree = {int(nums[n]): nums[n + 1] for n in range(0, len(nums), 2)}
    held: dict[tuple[int, int], pikepdf.Dictionary] = {}
    for element in elements:
        for item in _content_items(element):
            assert item not in held, f"MCID {item} in two elements"
            held[item] = element
    assert set(held) == set(found)
    for page in doc.pages:
        objnum = page.obj.objgen[0]
        mcids = sorted(mcid for number, mcid in found if number == objnum)
        assert mcids == list(range(len(mcids)))
        parents = parent_tree[int(page.obj.StructParents)]
        assert len(parents) == len(mcids)
        for mcid in mcids:
            assert parents[mcid].objgen == held[(objnum, mcid)].objgen
            assert found[(objnum, mcid)] == str(held[(objnum, mcid)].S)
        annotations = page.obj.get("/Annots", [])
        if len(annotations):
            assert page.obj.Tabs == "/S"
        for annotation in annotations:
            if annotation.get("/F", 0) & 2:  # hidden: no part of the page's content
                continue
            assert annotation.Subtype == "/Widget"  # the only annotations the program makes
            form = parent_tree[int(annotation.StructParent)]
            assert form.S == "/Form"
            assert any(
                kid.get("/Type") == "/OBJR" and kid.Obj.objgen == annotation.objgen
                for kid in _kids(form)
                if isinstance(kid, pikepdf.Dictionary)
            )
            field = annotation if "/T" in annotation else annotation.Parent
            assert str(field.get("/TU", "")).strip(), "a field with no name to read out"
    assert int(tree.ParentTreeNextKey) > max(parent_tree)
    # Fonts: every one embedded.
    assert all(_embedded(font) for font in _fonts(doc))
    # Tables: rows of TH and TD, the same number in each; a TH says what it heads.
    for table in (e for e in elements if e.S == "/Table"):
        rows = [kid for kid in _kids(table) if _is_element(kid)]
        assert rows and all(row.S == "/TR" for row in rows)
        widths = {len(_children(row)) for row in rows}
        assert len(widths) == 1, f"rows of different widths {widths}"
        for row in rows:
            assert set(_children(row)) <= {"/TH", "/TD"}
        headers = [e for e in _elements(table) if e.S == "/TH"]
        assert headers, "a table with no header cells"
        for cell in headers:
            assert str(cell.A.Scope) in ("/Column", "/Row", "/Both")
    # Lists: items of label and body.
    for listed in (e for e in elements if e.S == "/L"):
        assert set(_children(listed)) <= {"/LI", "/Caption"}
        for item in (kid for kid in _kids(listed) if _is_element(kid) and kid.S == "/LI"):
            assert _children(item) and set(_children(item)) <= {"/Lbl", "/LBody"}
    # Headings: the first is H1 and none skips a level, in reading order.
    levels = [int(str(e.S)[2]) for e in elements if re.fullmatch(r"/H[1-6]", str(e.S))]
    assert levels and levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    return tagged


def _check_with_others(pdf: bytes, tmp_path: Path) -> None:
    """What tools the program does not use say: pdffonts finds every font embedded, and
    the pdfua checker (a subset of PDF/UA-1 on pikepdf) finds nothing at all."""
    from pdfua import validate

    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(
        [_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # "emb"
    report = validate(str(path))
    assert not report.findings, [(f.rule_id, f.message) for f in report.findings]


def _report_form() -> bytes:
    return render_report_form(
        ReportFormContent(
            reference="TAC-2026-0922",
            meeting_title="TAC review",
            held_on=DAY,
            start_time="10:00",
            venue="Room 2",
            chair="Robin Testchair",
            professional="Dr Sam Testdoctor",
            role="GP",
            agency="Riverside Clinic",
            identifier="an identifier",
            made_on=date(2026, 12, 1),
            subject=NAME,
        )
    )


def _family_copy() -> bytes:
    text = f"{NAME} attended with Mira Testchild"
    whole = _minutes(
        attendees=(c.Attendee(NAME, "Father", "", "Present"),),
        family=(c.FamilyMember(NAME, "Father", "Lives in the household", "Yes", 1),),
        sections=(c.Section("notes", "Notes", text),),
        decisions=(c.Decision(text, ()),),
    )
    return MinutesRenderer(copy_for(whole, Reader.family(1, NAME))).render()


KINDS = ["minutes", "outcome summary", "safety plan", "report form", "family copy"]


def _document(kind: str) -> bytes:
    if kind == "report form":
        return _report_form()
    if kind == "family copy":
        return _family_copy()
    return _every_document(f"{NAME} attended with Mira Testchild")[KINDS.index(kind)]


@pytest.mark.parametrize("kind", KINDS)
def test_every_document_kind_keeps_the_pdf_ua_rules(kind: str, tmp_path: Path) -> None:
    pdf = _document(kind)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        tagged = pdf_ua_problems(doc)
        assert tagged > 10
        root = doc.Root.StructTreeRoot.K
        roles = {str(e.S) for e in _elements(root)}
        assert {"/H1", "/P", "/Table", "/TR", "/TH", "/TD"} <= roles
        if kind == "safety plan":  # its entries are a list
            assert {"/L", "/LI", "/LBody"} <= roles
        if kind == "report form":  # every box to fill is a field in the reading order
            forms = [e for e in _elements(root) if e.S == "/Form"]
            assert len(forms) == 15
        # the Arabic name's lines say they are Arabic (paragraph or span)
        assert "ar" in {str(e.Lang) for e in _elements(root) if "/Lang" in e}
    _check_with_others(pdf, tmp_path)


def test_a_protected_copy_keeps_its_structure() -> None:
    locked = protect(_document("minutes"), "an invented password")
    with pikepdf.open(io.BytesIO(locked), password="an invented password") as doc:
        assert doc.allow.accessibility
        pdf_ua_problems(doc)


def test_a_report_form_filled_by_another_program_keeps_its_structure() -> None:
    from tests.core.test_report_form_scripts import VALUES
    from tests.core.test_reports import fill_with_pypdf

    filled = fill_with_pypdf(_report_form(), VALUES)
    with pikepdf.open(io.BytesIO(filled)) as doc:
        pdf_ua_problems(doc)


def test_header_cells_head_their_columns_or_label_their_rows() -> None:
    pdf = _document("minutes")
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        tables = [e for e in _elements(doc.Root.StructTreeRoot.K) if e.S == "/Table"]
        # The meeting's facts: a label (TH, row) and a value (TD) on each row.
        facts = [
            [(str(c.S), str(c.get("/A", {}).get("/Scope"))) for c in _kids(row)]
            for row in _kids(tables[0])
        ]
        assert all(row == [("/TH", "/Row"), ("/TD", "None")] for row in facts)
        # A table with a header row: the whole of its first row heads the columns.
        rows = [[str(c.S) for c in _kids(row)] for row in _kids(tables[1])]
        assert set(rows[0]) == {"/TH"} and all(set(row) == {"/TD"} for row in rows[1:])
        assert {str(c.A.Scope) for c in _kids(_kids(tables[1])[0])} == {"/Column"}


# -- what splits over pages stays one element ---------------------------------------------

LONG_TASK = "Visit the family at home and write down " + "what was seen and said " * 90
BULLET_WORDS = "ask the neighbour on the left, then the school office " * 70
PARAGRAPH_WORDS = "The family said the new routine helps in the mornings. " * 70


def _split_document() -> bytes:
    actions = tuple(
        c.Action(
            LONG_TASK if n == 12 else f"Task {n}: phone the school about the timetable",
            "Alex Sample",
            "Mira Testchild",
            DAY,
            "Not started",
        )
        for n in range(30)
    )
    notes = "Opening words.\n" * 34 + f"•  {BULLET_WORDS}\n" + "Filler line.\n" * 30
    notes += PARAGRAPH_WORDS
    content = _minutes(
        sections=(
            c.Section("notes", "Notes", notes),
            c.Section("actions", "Actions", "", (c.ACTIONS,)),
        ),
        action_plan=(c.AgencyActions("Testshire School", actions),),
    )
    return MinutesRenderer(content).render()


def _pages_of(element: pikepdf.Dictionary) -> set[int]:
    return {page for e in _elements(element) for page, _mcid in _content_items(e)}


def test_a_table_over_pages_is_one_table_and_its_header_row_is_read_once() -> None:
    pdf = _split_document()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        pdf_ua_problems(doc)
        tables = [e for e in _elements(doc.Root.StructTreeRoot.K) if e.S == "/Table"]
        actions = tables[-1]
        rows = _kids(actions)
        assert len(rows) == 31  # the header row and every task, once each
        assert len(_pages_of(actions)) >= 3
        assert [str(c.S) for c in _kids(rows[0])] == ["/TH"] * 5
        assert all({str(c.S) for c in _kids(row)} == {"/TD"} for row in rows[1:])
        # the long task's row was cut between pages: one row, its first cell one TD
        # whose paragraph goes on on the next page
        cut = rows[13]
        task = _kids(cut)[0]
        paragraphs = [e for e in _elements(task) if e.S == "/P"]
        assert len(paragraphs) == 1 and len(_pages_of(paragraphs[0])) == 2
        # the header row is drawn on every page, but only the first is tagged: the
        # others are artifacts
        drawn = sum(
            1
            for page in doc.pages
            for operands, operator in pikepdf.parse_content_stream(page)
            if str(operator) == "BDC"
            and str(operands[0]) == "/Artifact"
            and operands[1].get("/Type") == "/Pagination"
        )
        assert drawn >= len(doc.pages) * 2  # header and footer on each page, and more
        assert len(_pages_of(rows[0])) == 1


def test_a_table_never_repeats_its_header_row_under_its_own_rows(tmp_path: Path) -> None:
    """reportlab would start the rest of a split table in the room left under the part
    above it, cutting a tall row there under a second header row mid-page."""
    actions = tuple(
        c.Action(
            f"Task {n} " + "with words " * (60 if n % 7 == 3 else 8),
            "Alex Sample",
            "Mira Testchild",
            DAY,
            "Not started",
        )
        for n in range(40)
    )
    content = _minutes(
        sections=(c.Section("actions", "Actions", "", (c.ACTIONS,)),),
        action_plan=(c.AgencyActions("Testshire School", actions),),
    )
    path = tmp_path / "minutes.pdf"
    path.write_bytes(MinutesRenderer(content).render())
    pages = subprocess.run(
        [_tool("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True
    ).stdout.split("\f")[:-1]
    assert len(pages) >= 4
    counts = [page.count("For whom") for page in pages]
    assert max(counts) == 1 and sum(counts) >= 4  # at most once a page: at its top
    with pikepdf.open(path) as doc:
        tables = [e for e in _elements(doc.Root.StructTreeRoot.K) if e.S == "/Table"]
        assert len(_kids(tables[-1])) == 41


def test_a_bullet_and_a_paragraph_over_pages_are_one_element_each() -> None:
    pdf = _split_document()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        elements = list(_elements(doc.Root.StructTreeRoot.K))
        items = [e for e in elements if e.S == "/LI"]
        assert len(items) == 1
        bodies = [e for e in _elements(items[0]) if e.S == "/LBody"]
        assert len(bodies) == 1 and len(_pages_of(bodies[0])) == 2
        # after the list: a paragraph for each filler line, then the long paragraph
        # (cut into pieces to lay out faster, and over a page) as one P on two pages
        top = _kids(doc.Root.StructTreeRoot.K)
        after = top[[str(e.S) for e in top].index("/L") + 1 :]
        notes = after[: [str(e.S) for e in after].index("/H2")]
        assert [str(e.S) for e in notes] == ["/P"] * 31
        assert len(_pages_of(notes[-1])) == 2 and len(list(_content_items(notes[-1]))) >= 3


def test_a_hebrew_line_inside_an_english_paragraph_is_marked_as_hebrew() -> None:
    pdf = _every_document("Said שלום לכולם to everyone")[0]
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        spans = [
            operands[1]
            for page in doc.pages
            for operands, operator in pikepdf.parse_content_stream(page)
            if str(operator) == "BDC" and str(operands[0]) == "/Span"
        ]
    assert spans and all(str(s.Lang) == "he" for s in spans)
