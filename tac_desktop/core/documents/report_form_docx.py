"""The report form as a Word document (.docx), for professionals who write in Word, or
in an alphabet a PDF form's boxes cannot show (see ``report_form.LETTERS_NOTE``).

Made from the same ``ReportFormContent`` as the PDF, with the same headings and printed
facts. Each answer place is a table of two rows: the question (shaded), then a white
cell to type in. Reading back finds each table by its question, so the form survives
being opened and saved by Word or LibreOffice. The identifier that ties the form to its
meeting is carried twice: a custom document property and a hidden line at the end of
the text (which LibreOffice keeps when it saves). If the two disagree, the form was
changed and is refused.

Reading a returned file trusts nothing in it (``read_word_form``): its size, the sizes
and compression ratios the zip's central directory declares (before anything is
unpacked), the number of parts, a macro-enabled document, relationships to anything
outside the file (a template, an image, an embedded object fetched from elsewhere;
web links typed in the text are only text to us and are allowed), and XML that
declares a document type or entities (refused before it reaches python-docx; the
parser never resolves entities nor touches the network). Nothing in the file is run.

This module is cheap to import: python-docx and lxml load inside the functions.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from tac_desktop.core.documents.report_form import (
    AUTHOR_FIELDS,
    FORM_INTRO,
    KEEP_APART,
    SECTION_HEADINGS,
    SHARED_DATE_FIELD,
    SHARED_FIELD,
    SHARED_HELP,
    SHARED_LABEL,
    SHARED_LABEL_ADULT,
    SHARED_NOTE_FIELD,
    FormField,
    ReportFormContent,
    form_title,
    printed_facts,
    report_fields,
    shared_label,
)

__all__ = [
    "DOCX_MEDIA_TYPE",
    "ID_PROPERTY",
    "MAX_PART_BYTES",
    "MAX_UNPACKED_BYTES",
    "WordFormProblem",
    "WordFormValues",
    "read_word_form",
    "render_report_form_docx",
]

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ID_PROPERTY = "TACDesktopReportForm"
SHARED_ANSWER_HELP = "Type Yes or No in the box."
WORD_HOWTO = (
    "Type your answers in the white box under each question, in Microsoft Word, "
    "LibreOffice or any program that edits Word documents. Save the file as a Word "
    "document (.docx), keep its name, and send it back. Please do not change the "
    "questions, delete a box, save it as a PDF or add a password: secure email "
    f"protects it on the way. {KEEP_APART}"
)

# Limits for a returned form: a filled form is a few hundred kilobytes unpacked.
MAX_PARTS = 400
MAX_PART_BYTES = 16 * 1024 * 1024
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_RATIO = 120  # unpacked : packed, for parts over RATIO_FROM bytes (XML packs ~10:1)
RATIO_FROM = 256 * 1024

_MAIN_TYPES = {
    DOCX_MEDIA_TYPE + ".main+xml": "document",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "macros",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": "macros",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": (
        "document"
    ),
}
_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_ID_TEXT = re.compile(r"TAC-Desktop-report-form/\S+")

_SHADE = "E8EEF3"
_INK = (0x1F, 0x2A, 0x36)


class WordFormProblem(ValueError):
    """A returned Word file cannot be read as a form; the message says why, in the
    chair's words. Nothing was imported."""


# -- making ---------------------------------------------------------------------------


def render_report_form_docx(content: ReportFormContent) -> bytes:
    """The Word form as .docx bytes."""
    from docx import Document as new_document
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.shared import Mm, Pt, RGBColor

    document = new_document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(20))
    section.top_margin = section.bottom_margin = Mm(18)
    normal = document.styles["Normal"]
    normal.font.name = "Noto Sans"
    normal.font.size = Pt(10.5)
    _language(normal, "en-GB")
    marking = section.header.paragraphs[0]
    marking.text = "OFFICIAL-SENSITIVE"
    marking.alignment = 1  # centred
    marking.runs[0].bold = True
    marking.runs[0].font.color.rgb = RGBColor(0xB0, 0x1C, 0x2E)
    section.footer.paragraphs[
        0
    ].text = (
        f"Case {content.reference} · OFFICIAL-SENSITIVE · Report for a meeting you cannot attend"
    )

    properties = document.core_properties
    properties.title = "Report for a meeting you cannot attend"
    # Word's core properties hold 255 characters at most (python-docx refuses more).
    properties.subject = f"Case {content.reference}"[:255]
    properties.author = (content.chair or "TAC Desktop")[:255]
    properties.language = "en-GB"
    properties.keywords = "TAC report form"

    document.add_heading(form_title(content), level=0)
    document.add_paragraph(FORM_INTRO)
    facts = document.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for label, value in printed_facts(content):
        cells = facts.add_row().cells
        cells[0].text, cells[1].text = label, value
        cells[0].paragraphs[0].runs[0].bold = True
    facts.autofit = False
    for column, width in zip(facts.columns, (Mm(35), Mm(135)), strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    document.add_paragraph()
    document.add_paragraph(WORD_HOWTO).runs[0].font.size = Pt(9)

    def question(field: FormField, helper: str = "") -> None:
        table = document.add_table(rows=2, cols=1)
        table.style = "Table Grid"
        head, answer = table.rows[0].cells[0], table.rows[1].cells[0]
        head.paragraphs[0].add_run(field.label).bold = True
        if helper or field.helper:
            small = head.add_paragraph().add_run(helper or field.helper)
            small.font.size = Pt(9)
            small.font.color.rgb = RGBColor(*_INK)
        _shade(head, _SHADE)
        table.rows[1].height = Mm(max(9.0, field.lines * 6.5))
        table.rows[1].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        answer.paragraphs[0].text = ""
        document.add_paragraph()

    document.add_heading(SECTION_HEADINGS[0], level=1)
    for field in report_fields(content.about):
        question(field)
    document.add_heading(SECTION_HEADINGS[1], level=1)
    document.add_paragraph(SHARED_HELP)
    question(FormField(SHARED_FIELD, shared_label(content.about), "", 1), SHARED_ANSWER_HELP)
    question(SHARED_DATE_FIELD)
    question(SHARED_NOTE_FIELD)
    document.add_heading(SECTION_HEADINGS[2], level=1)
    for field in AUTHOR_FIELDS:
        question(field)

    # The identifier: a hidden line (kept by Word and LibreOffice) and a property.
    hidden = document.add_paragraph().add_run(content.identifier)
    hidden.font.hidden = True
    hidden.font.size = Pt(1)
    _add_custom_property(document, ID_PROPERTY, content.identifier)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _language(style: Any, tag: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = style.element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), tag)
    properties.append(language)


def _add_custom_property(document: Any, name: str, value: str) -> None:
    from xml.sax.saxutils import escape, quoteattr

    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}">'
        f'<property fmtid="{_CUSTOM_FMTID}" pid="2" name={quoteattr(name)}>'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property></Properties>"
    ).encode()
    package = document.part.package
    part = Part(
        PackURI("/docProps/custom.xml"),
        "application/vnd.openxmlformats-officedocument.custom-properties+xml",
        xml,
        package,
    )
    package.relate_to(part, RELATIONSHIP_TYPE.CUSTOM_PROPERTIES)


# -- reading --------------------------------------------------------------------------


@dataclass(frozen=True)
class WordFormValues:
    """What a returned Word form holds: each answer by field key (as the PDF form's
    values are), and every copy of the identifier found in it."""

    values: dict[str, str]
    identifiers: tuple[str, ...]


_NOT_WORD = (
    "This file is not a Word document (.docx), so it cannot be a returned report form. "
    "Nothing was imported."
)
_DAMAGED = (
    "The Word document is damaged or was not received whole (it may have been cut "
    "short in the e-mail). Nothing was imported; ask for it to be sent again."
)


def read_word_form(data: bytes) -> WordFormValues:
    """The answers and identifiers in a returned Word form, read without running
    anything in it. Raises ``WordFormProblem`` with a plain message."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise WordFormProblem(
            "This Word document is protected with a password, or is in the old Word "
            "format (.doc), so its answers cannot be read. Ask for it to be saved as a "
            "Word document (.docx) without a password and sent again (secure e-mail "
            "protects it on the way). Nothing was imported."
        )
    if not data.startswith(b"PK\x03\x04"):
        raise WordFormProblem(_NOT_WORD)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise WordFormProblem(_DAMAGED) from None
    _check_sizes(infos)
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise WordFormProblem(_NOT_WORD)
    parts: dict[str, bytes] = {}
    try:
        for info in infos:
            if info.flag_bits & 0x1:
                raise WordFormProblem(_DAMAGED)  # an encrypted zip entry: not Word's
            if info.filename.endswith((".xml", ".rels")):
                parts[info.filename] = archive.read(info)
    except WordFormProblem:
        raise
    except Exception:  # an untrusted file: a failing read (bad CRC, cut short) is damage
        raise WordFormProblem(_DAMAGED) from None
    trees = {name: _parse(body) for name, body in parts.items()}
    _refuse_macros(trees["[Content_Types].xml"], names)
    _refuse_external(trees)
    identifiers = list(_custom_identifiers(trees.get("docProps/custom.xml")))
    return _answers(data, identifiers)


def _check_sizes(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip bomb from its central directory, before anything is unpacked."""
    if len(infos) > MAX_PARTS:
        raise WordFormProblem(
            f"This Word document is made of {len(infos):,} parts; a report form has a few "
            "dozen. It is not one of our forms, so nothing was imported."
        )
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if (
            info.file_size > MAX_PART_BYTES
            or total > MAX_UNPACKED_BYTES
            or (info.file_size > RATIO_FROM and ratio > MAX_RATIO)
        ):
            raise WordFormProblem(
                "This Word document would unpack to far more than a report form can "
                "hold (it may be built to fill the computer's memory). Nothing was "
                "imported; ask for the form to be sent again."
            )


def _parse(body: bytes) -> Any:
    """Parse one XML part: no document type, no entities, no network, no huge trees."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError:
        raise WordFormProblem(_DAMAGED) from None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise WordFormProblem(
            "This Word document holds XML declarations that Word never writes (a "
            "document type or entities, a known way to attack the program reading "
            "it). Nothing was imported."
        )
    return root


def _refuse_macros(types: Any, names: set[str]) -> None:
    kinds = set()
    for element in types.iter():
        if element.tag.endswith("}Override") and element.get("PartName") == "/word/document.xml":
            kinds.add(_MAIN_TYPES.get(element.get("ContentType", ""), "other"))
    if "macros" in kinds or any(n.lower().endswith("vbaproject.bin") for n in names):
        raise WordFormProblem(
            "This Word document contains macros (a .docm file). A report form has "
            "none, and macros can run programs, so it was not opened. Ask for the form "
            "to be saved as an ordinary Word document (.docx) and sent again. Nothing "
            "was imported."
        )
    if kinds != {"document"}:
        raise WordFormProblem(_NOT_WORD)


def _refuse_external(trees: dict[str, Any]) -> None:
    """Refuse relationships to anything outside the file except typed web links."""
    for name, root in trees.items():
        if not name.endswith(".rels"):
            continue
        for element in root.iter():
            if not element.tag.endswith("}Relationship"):
                continue
            if (element.get("TargetMode") or "").lower() == "external" and element.get(
                "Type"
            ) != _HYPERLINK:
                raise WordFormProblem(
                    "This Word document points to files outside itself (a template, "
                    "picture or object to be fetched from elsewhere). A report form has "
                    "no such links, so it was not opened. Nothing was imported; ask for "
                    "the form to be sent again."
                )


def _custom_identifiers(root: Any) -> list[str]:
    if root is None:
        return []
    found = []
    for element in root:
        if element.tag == f"{{{_CUSTOM_NS}}}property" and element.get("name") == ID_PROPERTY:
            found.append("".join(element.itertext()).strip())
    return found


def _answers(data: bytes, identifiers: list[str]) -> WordFormValues:
    """Each answer table's text under its question (nested tables and content controls
    too); text typed outside the boxes goes with the question above it, so nothing
    typed is lost; the hidden identifier line."""
    from docx import Document as open_document
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = open_document(io.BytesIO(data))
    except Exception:  # checked above; anything python-docx still cannot read is damage
        raise WordFormProblem(_DAMAGED) from None
    keys = _keys_by_question()
    values: dict[str, str] = {}
    outside: dict[str, list[str]] = {}
    last = report_fields()[0].key  # text typed above every box goes with the first

    def text_of(element: Any, parent: Any) -> str:
        lines = [Paragraph(p, parent).text for p in element.iter(qn("w:p"))]
        return "\n".join(lines).strip()

    for element in document.element.body.iterchildren():
        if element.tag == qn("w:tbl"):
            table = Table(element, document)
            rows = table.rows
            if len(rows) < 2 or not rows[0].cells:
                continue
            question = " ".join(rows[0].cells[0].paragraphs[0].text.split())
            key = keys.get(question)
            if key is None:
                continue
            typed = "\n".join(text_of(row.cells[0]._tc, row.cells[0]) for row in rows[1:])
            values[key] = typed.strip()
            last = key
        elif element.tag in (qn("w:p"), qn("w:sdt")):
            text = text_of(element, document)
            found = _ID_TEXT.search(text)
            if found:
                identifiers.append(found.group(0))
                text = text.replace(found.group(0), "").strip()
            if text and not _printed(text):
                outside.setdefault(last, []).append(text)
    for key, texts in outside.items():
        values[key] = "\n".join([values.get(key, ""), *texts]).strip()
    shared = values.pop(SHARED_FIELD, "")
    answer = shared.strip().strip(".!").casefold()
    if answer in ("yes", "y"):
        values[SHARED_FIELD] = "/Yes"
    elif answer in ("no", "n"):
        values[SHARED_FIELD] = "/No"
    elif shared.strip():  # not a plain yes or no: keep what they wrote, nothing lost
        note = values.get(SHARED_NOTE_FIELD.key, "")
        values[SHARED_NOTE_FIELD.key] = f"{shared.strip()}\n\n{note}".strip()
    return WordFormValues(values, tuple(dict.fromkeys(identifiers)))


def _printed(text: str) -> bool:
    """Text the form itself prints outside its boxes (not typed by the professional)."""
    flat = " ".join(text.split())
    return flat in {FORM_INTRO, WORD_HOWTO, SHARED_HELP, *SECTION_HEADINGS} or flat.startswith(
        "Your report for the meeting"
    )


def _keys_by_question() -> dict[str, str]:
    keys = {f.label: f.key for about in ("child", "adult") for f in report_fields(about)}
    keys.update({f.label: f.key for f in (SHARED_DATE_FIELD, SHARED_NOTE_FIELD, *AUTHOR_FIELDS)})
    keys[SHARED_LABEL] = keys[SHARED_LABEL_ADULT] = SHARED_FIELD
    return keys
