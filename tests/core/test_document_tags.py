"""Tagged PDFs (issue 22): a structure tree a screen reader can follow, every piece of
text inside it or marked as an artifact (running headers, footers, page numbers, table
rules), and the language of each Arabic or Hebrew line. Read back with pikepdf (qpdf's
library), which the program does not use to write the content."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pikepdf
import pytest

from tests.core.test_document_scripts import NAME, _every_document

TEXT_OPERATORS = {"Tj", "TJ", "'", '"'}


def _elements(element: pikepdf.Dictionary) -> Iterator[pikepdf.Dictionary]:
    yield element
    kids = element.get("/K")
    if isinstance(kids, pikepdf.Array):
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                yield from _elements(kid)


def _check_every_text_is_tagged_or_an_artifact(doc: pikepdf.Pdf) -> tuple[int, int]:
    """Walk each page's content: every text operator sits inside marked content with an
    MCID or inside an artifact; every MCID is in the parent tree. (tagged, artifacts)"""
    nums = doc.Root.StructTreeRoot.ParentTree.Nums
    parents = {int(nums[n]): nums[n + 1] for n in range(0, len(nums), 2)}
    tagged = artifacts = 0
    for number, page in enumerate(doc.pages):
        assert int(page.obj.StructParents) == number
        stack: list[str] = []  # "mcid" / "artifact" / "other" for each open sequence
        seen: set[int] = set()
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op in ("BDC", "BMC"):
                tag = str(operands[0])
                props = operands[1] if op == "BDC" else None
                if tag == "/Artifact":
                    stack.append("artifact")
                elif isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                    mcid = int(props.MCID)
                    assert mcid not in seen
                    seen.add(mcid)
                    element = parents[number][mcid]
                    assert element.get("/Type") == "/StructElem"
                    stack.append("mcid")
                else:
                    stack.append("other")
            elif op == "EMC":
                stack.pop()
            elif op in TEXT_OPERATORS:
                assert "mcid" in stack or "artifact" in stack, (number, operands)
                if "mcid" in stack:
                    tagged += 1
                else:
                    artifacts += 1
        assert not stack
        assert seen == set(range(len(parents[number])))
    return tagged, artifacts


@pytest.mark.parametrize("kind", range(3))  # minutes, outcome summary, safety plan
def test_every_document_is_tagged_and_its_tree_covers_the_text(kind: int) -> None:
    pdf = _every_document(f"{NAME} attended with Mira Testchild")[kind]
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert doc.Root.MarkInfo.Marked is True
        assert str(doc.Root.Lang) == "en-GB"
        root = doc.Root.StructTreeRoot.K
        assert root.S == "/Document"
        roles = [str(e.S) for e in _elements(root)]
        assert "/H1" in roles and "/P" in roles
        assert {"/Table", "/TR", "/TH", "/TD"} <= set(roles)
        if kind == 2:  # the safety plan's entries are a list
            assert {"/L", "/LI"} <= set(roles)
        # header cells (TH) only in a table's first row, and the whole of it
        for table in (e for e in _elements(root) if e.S == "/Table"):
            rows = [[str(c.S) for c in row.K] for row in table.K]
            assert len(set(rows[0])) == 1
            assert all(set(row) == {"/TD"} for row in rows[1:])
        # the Arabic name's lines say they are Arabic (paragraph or span)
        langs = {str(e.Lang) for e in _elements(root) if "/Lang" in e}
        assert "ar" in langs
        tagged, artifacts = _check_every_text_is_tagged_or_an_artifact(doc)
        assert tagged > 10 and artifacts >= 4 * len(doc.pages)


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
