"""The report form a professional who cannot come fills in and sends back.

A fillable PDF (AcroForm). The page itself is drawn in the house style (embedded Noto
fonts, marking, Page x of y), with the meeting's details printed, not editable. The
fields are then laid over the boxes with pypdf, because reportlab's own form fields only
know the 14 standard fonts and hide behind its canvas.

Fonts in the fields: tools that draw a filled field themselves (pdftk's ``fill_form``,
with or without ``flatten``; pypdf's ``update_page_form_field_values``; poppler, which
redraws every field because ``/NeedAppearances`` is set, so pikepdf's form filling shows
there) use the font the field's default appearance (``/DA``) names from the form's
default resources (``/DR``). mupdf (``mutool draw``) shows the looks a filler drew and
does not redraw, so a field filled without one (pikepdf) looks empty there.

That font is Noto Sans, embedded whole, as a simple TrueType font (one byte a letter,
found through the encoding's glyph names) with a ToUnicode map. Tried and measured
(``tests/core/test_report_form_scripts.py``): pdftk draws nothing at all, not even
ASCII, with a composite (Type0, Identity-H) font, and pikepdf's own appearance
generators take only simple fonts; pypdf and poppler draw a composite font fully. So
the form keeps a simple font, and as one holds 255 letters, the chair chooses per
professional which set it holds (``ALPHABETS``): the first set (English, Polish,
Turkish, Greek, Russian), other Latin alphabets, Greek with every accent, or Cyrillic
(Ukrainian, Serbian and the rest). The form says beside its boxes what they carry
(``letters_note``). Arabic and Hebrew no filler or reader tried shapes or orders (nor
does Noto Sans hold them), nor the scripts of South Asia, so the note sends them to the
Word form (``report_form_docx.py``). The radio buttons' looks are vector paths, so no font in the
file is left unembedded. Whatever anything shows, the typed text itself is stored as
Unicode in the field's value, and only that value is read back (``services/reports.py``),
so text in every script survives the round trip.

The form is tagged like every document (``house``): each box and each radio button is a
Form structure element where it is drawn, tied to its widget by an object reference and
the widget's /StructParent (``_tag_fields``), so a screen reader meets every field, by
its tooltip (/TU), in reading order; the boxes and circles are artifacts.

A hidden, read-only field (and a document-information key) carries the identifier that
ties the form to one vault, meeting and invited professional, with a check code only
that vault can make (see ``FormIdentifier``).

This module is cheap to import: reportlab and pypdf load inside ``render_report_form``.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tac_desktop.core.progress import Progress

__all__ = [
    "ALPHABETS",
    "DEFAULT_ALPHABET",
    "FIELDS",
    "ID_FIELD",
    "ID_INFO_KEY",
    "SHARED_FIELD",
    "FormField",
    "FormIdentifier",
    "ReportFormContent",
    "letters_note",
    "printed_labels",
    "render_report_form",
    "report_fields",
    "shared_label",
]

ID_FIELD = "tac_report_form_id"
FIELD_FONT = "NotoSans"  # the fields' font: its name in /DR and in every /DA
FIELD_FONT_FILE = "NotoSans-Regular.ttf"
FIELD_DA = f"/{FIELD_FONT} 10 Tf 0 g"
ID_INFO_KEY = "/TACDesktopReportForm"
SHARED_FIELD = "shared_with_family"
FORM_VERSION = 1


@dataclass(frozen=True)
class FormField:
    """One question on the form. ``lines`` is the box's height in lines of text (1: a
    single-line field)."""

    key: str
    label: str
    helper: str = ""
    lines: int = 8


# The headings of the report, in order. The keys are the PDF field names: stable, so a
# form sent out before a wording change still reads back.
REPORT_FIELDS: tuple[FormField, ...] = (
    FormField(
        "involvement",
        "Your involvement since the last meeting",
        "What you have done with the child and family, and how often you have seen them.",
        7,
    ),
    FormField("going_well", "What is going well", "Strengths, and what has got better.", 7),
    FormField(
        "worries_seen",
        "Worries: what you saw or heard yourself",
        "Only what you saw or heard first-hand, with dates.",
        7,
    ),
    FormField(
        "worries_told",
        "Worries: what someone told you",
        "Who told you, when, and what they said. Say if it has not been checked.",
        7,
    ),
    FormField(
        "worries_opinion",
        "Worries: your professional opinion",
        "What you think it means for the child, and why.",
        7,
    ),
    FormField(
        "child_views",
        "The child's views, as you heard them",
        "In the child's own words where you can. Say when and how you heard them.",
        7,
    ),
    FormField(
        "recommendations",
        "What you recommend",
        "What you think should happen next, and who should do it.",
        7,
    ),
    FormField(
        "safeguarding",
        "Safeguarding concerns",
        "Anything that makes you think a child or an adult may be at risk of harm. If "
        "someone is in danger now, do not wait for the meeting: follow your own "
        "safeguarding procedures today.",
        6,
    ),
)

SHARED_DATE_FIELD = FormField("shared_on", "When it was shared", "", 1)
SHARED_NOTE_FIELD = FormField(
    "shared_note",
    "Who it was shared with, or why it was not",
    "",
    3,
)
AUTHOR_FIELDS: tuple[FormField, ...] = (
    FormField("author_name", "Your name", "", 1),
    FormField("author_role", "Your role and agency", "", 1),
    FormField("author_contact", "Phone or secure email", "", 1),
)

FIELDS: tuple[FormField, ...] = (
    *REPORT_FIELDS,
    SHARED_DATE_FIELD,
    SHARED_NOTE_FIELD,
    *AUTHOR_FIELDS,
)
SHARED_LABEL = "Has this report been shared with the parents and the child?"
# Printed near the boxes: what the fields' font can show (see ``ALPHABETS``).
LETTERS_NOTE = (
    "Writing in another alphabet? Everything you type is kept exactly as typed and "
    "reaches the meeting, whatever your PDF program shows. Some PDF programs draw "
    "these boxes only with the letters this form carries: {shows}. Other letters may "
    "look blank there, or show as question marks or as other letters; the chair can "
    "send you a form made for {others}. Arabic, Persian, Urdu and Hebrew do not join "
    "up or run right to left in PDF boxes, and Hindi, Bengali, Punjabi, Tamil and the "
    "other scripts of South Asia do not put their letters together there: for those, "
    "please ask the chair for the Word form."
)


@dataclass(frozen=True)
class Alphabet:
    """One set of letters the fields' font can carry. ``letters`` are those beyond ASCII,
    at most 160 (the codes a one-byte font has left); ``shows`` says what they cover, in
    the form's note; ``choice`` names it where the chair chooses."""

    key: str
    choice: str
    shows: str
    letters: str
    short: str = ""  # how the note names it among the others ("" for the first set)


# Signs typed most in reports, in every set.
_SIGNS = "‘’“”–—…•£€"
_LATIN_1 = "".join(chr(code) for code in range(0xC0, 0x100) if chr(code) not in "×÷")
_POLISH = "ĄąĆćĘęŁłŃńŚśŹźŻż"  # Óó are Latin-1
_GREEK = (
    "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩαβγδεζηθικλμνξοπρσςτυφχψω"
    "άέήίόύώΆΈΉΊΌΎΏϊϋΐΰΪΫ"  # with accents and diaeresis, capitals too
)
_RUSSIAN = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя"

# Every field uses one "simple" font (one byte a letter, at most 255 letters): pdftk
# and pikepdf draw field text only with such fonts, and pdftk draws nothing at all with
# a composite (Type0) one. So no one set holds every alphabet: the chair chooses one per
# professional, and the form says what its boxes carry.
ALPHABETS: dict[str, Alphabet] = {
    a.key: a
    for a in (
        Alphabet(
            "mixed",
            "English, Polish, Turkish, Greek and Russian",
            "English, Polish, Turkish, Greek (accents on small letters only) and Russian letters",
            "ĄąĆćĘęŁłŃńÓóŚśŹźŻż"
            "ĞğİıŞşÇçÖöÜü"
            "‘’“”–—…•£€é"
            "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩαβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώ"
            # Russian but three capitals that never begin a word (Ъ, Ы, Ь): their
            # codes carry the dash, ellipsis and bullet Word puts in as one types.
            + "".join(c for c in _RUSSIAN if c not in "ЪЫЬ"),
        ),
        Alphabet(
            "latin",
            "Latin alphabets: Western and Central European languages, Turkish, Welsh",
            "English and the accented letters of Western and Central European "
            "languages, Turkish and Welsh",
            _SIGNS
            + "«»¡¿°·"
            + _LATIN_1
            + _POLISH
            + "ĞğİıŞş"  # Turkish (Çç Öö Üü are Latin-1)
            + "ČčĎďĚěŇňŘřŠšŤťŮůŽžĹĺĽľŔŕ"  # Czech, Slovak
            + "ŐőŰű"  # Hungarian
            + "ĂăȘșȚțŢţ"  # Romanian
            + "Đđ"  # Croatian, Bosnian, Serbian in Latin letters
            + "ŒœŸ"  # French
            + "ŴŵŶŷ"  # Welsh
            + "ĊċĠġĦħ"  # Maltese
            + "ĀāĒēĪīŪū",  # Latvian, Māori
            "other Latin alphabets",
        ),
        Alphabet(
            "greek",
            "Greek, with every accent",
            "English, Greek (with every accent), Polish and Western European letters",
            _SIGNS
            + "«»·¡¿§ŒœıŞş"
            + _GREEK
            + "".join(c for c in _LATIN_1 if c not in "ÐðÞþÝýÌÒÙ")
            + _POLISH,
            "Greek",
        ),
        Alphabet(
            "cyrillic",
            "Cyrillic: Ukrainian, Russian, Serbian, Bulgarian, Belarusian, Macedonian",
            "English, Ukrainian, Russian, Serbian, Bulgarian, Belarusian, Macedonian "
            "and Western European letters",
            _SIGNS
            + "«»№"
            + _RUSSIAN
            + "ҐґЄєІіЇї"  # Ukrainian
            + "Ўў"  # Belarusian
            + "ЂђЈјЉљЊњЋћЏџ"  # Serbian
            + "ЅѕЃѓЌќ"  # Macedonian
            # Western letters, and the signs and letters pdftk would otherwise write
            # as a Cyrillic one (see ``_STANDARD_CODES``); not the rarest capitals.
            + "¡¿§·ŁłŒœı"
            + "".join(c for c in _LATIN_1 if c not in "ÐðÞþÝýÌÒÙÿËÏÎÛÂÊÔÅ"),
            "Cyrillic",
        ),
    )
}
DEFAULT_ALPHABET = "mixed"
# pdftk's glyph list has no name for three Greek letters (Δ, Ω and μ: its "Delta",
# "Omega" and "mu" are the increment, ohm and micro signs), nor for Ț and ț (written
# with a comma below), so pdftk leaves those out; every other filler and reader draws
# them.
PDFTK_LEAVES_OUT = "ΔΩμȚț"
GREEK_PDFTK_LEAVES_OUT = "ΔΩμ"
EXTRA_LETTERS: tuple[str, ...] = tuple(ALPHABETS[DEFAULT_ALPHABET].letters)


def _alphabet(key: str) -> str:
    if key not in ALPHABETS:
        raise ValueError(f"No such set of letters for a report form: {key!r}")
    return key


def letters_note(alphabet: str = DEFAULT_ALPHABET) -> str:
    """What the form says beside its boxes about the letters they show."""
    chosen = ALPHABETS[alphabet]
    others = [a.short for a in ALPHABETS.values() if a.short and a is not chosen]
    named = ", ".join(others[:-1]) + " or " + others[-1]
    return LETTERS_NOTE.format(shows=chosen.shows, others=named)


# A meeting about an adult who is a parent has its own words: the same boxes (the keys
# do not change, so a form reads back whatever it said), about the adult and the family.
_ADULT_WORDS: dict[str, tuple[str, str]] = {
    "involvement": (
        "Your involvement since the last meeting",
        "What you have done with the adult and their family, and how often you have seen them.",
    ),
    "worries_opinion": (
        "Worries: your professional opinion",
        "What you think it means for the adult, the children and anyone else at home, and why.",
    ),
    "child_views": (
        "The views of the adult and the children, as you heard them",
        "In their own words where you can. Say when and how you heard them.",
    ),
}
SHARED_LABEL_ADULT = "Has this report been shared with the adult it is about?"


def report_fields(about: str = "child") -> tuple[FormField, ...]:
    """The report's boxes as the form for a meeting ``about`` a child or an adult words
    them (the same keys either way)."""
    if about != "adult":
        return REPORT_FIELDS
    return tuple(
        FormField(f.key, *_ADULT_WORDS[f.key], f.lines) if f.key in _ADULT_WORDS else f
        for f in REPORT_FIELDS
    )


def shared_label(about: str = "child") -> str:
    return SHARED_LABEL_ADULT if about == "adult" else SHARED_LABEL


def printed_labels() -> frozenset[str]:
    """Every heading any report form prints above a box: how a flattened form's page
    text is told apart from what was typed in it."""
    labels = {f.label for about in ("child", "adult") for f in report_fields(about)}
    labels |= {f.label for f in (SHARED_DATE_FIELD, SHARED_NOTE_FIELD, *AUTHOR_FIELDS)}
    return frozenset(labels)


# -- the identifier -------------------------------------------------------------------


_ID_PREFIX = "TAC-Desktop-report-form"
_ID_PATTERN = re.compile(
    rf"^{_ID_PREFIX}/(?P<version>\d+);vault=(?P<vault>[0-9a-f-]{{36}});"
    r"meeting=(?P<meeting>\d{1,12});attendance=(?P<attendance>\d{1,12});"
    r"professional=(?P<professional>\d{1,12}|-);check=(?P<check>[0-9a-f]{24})$"
)


@dataclass(frozen=True)
class FormIdentifier:
    """What ties a returned form to one vault, meeting and invitation.

    ``check`` is an HMAC the vault makes with a key derived from its data key (see
    ``services/reports.py``): a form cannot be forged or re-pointed at another meeting
    without the vault, and a meeting number reused after a deletion does not match.
    """

    vault_id: str
    meeting_id: int
    attendance_id: int
    professional_id: int | None
    check: str
    version: int = FORM_VERSION

    def payload(self) -> str:
        """Everything the check code covers except the check itself."""
        professional = "-" if self.professional_id is None else str(self.professional_id)
        return (
            f"{_ID_PREFIX}/{self.version};vault={self.vault_id};meeting={self.meeting_id};"
            f"attendance={self.attendance_id};professional={professional}"
        )

    def text(self) -> str:
        return f"{self.payload()};check={self.check}"

    @classmethod
    def parse(cls, text: str) -> FormIdentifier | None:
        """The identifier in ``text``, or None when it is not one of ours."""
        found = _ID_PATTERN.match(text.strip())
        if found is None:
            return None
        professional = found["professional"]
        return cls(
            vault_id=found["vault"],
            meeting_id=int(found["meeting"]),
            attendance_id=int(found["attendance"]),
            professional_id=None if professional == "-" else int(professional),
            check=found["check"],
            version=int(found["version"]),
        )


# -- content --------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFormContent:
    reference: str
    meeting_title: str
    held_on: date
    start_time: str
    venue: str
    chair: str
    professional: str
    role: str
    agency: str
    identifier: str  # FormIdentifier.text()
    made_on: date
    subject: str = ""  # the child or adult the meeting is about, by the name they use
    about: str = "child"  # "child" or "adult": the meeting's subject, for the wording


# -- what every form prints (the PDF and the Word form alike) -------------------------

FORM_INTRO = (
    "You were invited to this meeting but cannot come. Please fill in this form and "
    "send it back to the chair by secure email before the meeting. It will be read at "
    "the meeting and kept with its record."
)
KEEP_APART = (
    "Keep what you saw, what you were told and your opinion apart: the meeting needs "
    "to know which is which."
)
SHARED_HELP = (
    "Families should know what professionals say about them. If you have not shared "
    "it, please say why."
)
SECTION_HEADINGS = ("Your report", "Sharing this report", "About you")


def form_title(content: ReportFormContent) -> str:
    if content.subject:
        return f"Your report for the meeting about {content.subject}"
    return "Your report for the meeting"


def printed_facts(content: ReportFormContent) -> list[tuple[str, str]]:
    """The meeting's details the form prints above the boxes, as (label, value)."""
    from tac_desktop.core.documents.house import long_date

    m = content
    when = long_date(m.held_on) + (f" at {m.start_time}" if m.start_time else "")
    who = m.professional + (f", {m.role}" if m.role else "")
    whom = "the child" if m.about != "adult" else "the adult"
    return [
        ("Case", m.reference),
        *([("About", f"{m.subject} ({whom} the meeting is about)")] if m.subject else []),
        ("Meeting", m.meeting_title),
        ("When", when),
        *([("Where", m.venue)] if m.venue.strip() else []),
        *([("Chair", m.chair)] if m.chair.strip() else []),
        ("Report from", who),
        ("Agency", m.agency or "Not recorded"),
    ]


# -- rendering ------------------------------------------------------------------------


@dataclass
class _Spot:
    """Where a field's box landed: page (from 1) and rectangle in points."""

    key: str
    page: int
    x: float
    y: float
    width: float
    height: float
    kind: str = "text"  # "text", "multiline", "radio-Yes", "radio-No"


_LINE = 13.0  # points per line of typed text (10 pt text)


def render_report_form(
    content: ReportFormContent,
    progress: Progress | None = None,
    alphabet: str = DEFAULT_ALPHABET,
) -> bytes:
    """The fillable form as PDF bytes, its boxes set for ``alphabet`` (a key of
    ``ALPHABETS``); ``progress`` hears of each page and of the boxes being added, and
    may stop it between them (see ``core/progress.py``)."""
    alphabet = _alphabet(alphabet)
    renderer = _renderer_class()(content)
    renderer.alphabet = alphabet
    made: tuple[bytes, list[_Spot], str, str] = renderer.render_with_spots(progress)
    if progress is not None:
        progress.step("The report form: adding the boxes to fill in")
    return _fields_added(made, alphabet)


@cache
def _renderer_class() -> type[Any]:
    # Built on first use so reportlab loads only when a form is made.
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Flowable, KeepTogether, Spacer

    from tac_desktop.core.documents import house
    from tac_desktop.core.documents.house import BODY_WIDTH, para

    box_line = colors.HexColor("#7a8a99")
    box_fill = colors.HexColor("#f4f7fa")

    class FieldBox(Flowable):  # type: ignore[misc]  # reportlab has no types
        """An empty box on the page; where it lands becomes a form field."""

        def __init__(self, key: str, height: float, spots: list[_Spot], kind: str) -> None:
            super().__init__()
            self.key, self.box_height, self.spots, self.kind = key, height, spots, kind

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            self.box_width = available_width
            return available_width, self.box_height + 2

        def draw(self) -> None:
            canvas = self.canv
            tags = _form_element(canvas, f"{self.key}:{self.kind}", marked=False)
            canvas._code.append("/Artifact BMC")  # the box: decoration around the field
            canvas.saveState()
            canvas.setStrokeColor(box_line)
            canvas.setFillColor(box_fill)
            canvas.setLineWidth(0.6)
            canvas.rect(0, 2, self.box_width, self.box_height, stroke=1, fill=1)
            canvas.restoreState()
            canvas._code.append("EMC")
            if tags is not None:
                tags.end(canvas, marked=False)
            x, y = canvas.absolutePosition(0, 2)
            self.spots.append(
                _Spot(
                    self.key,
                    canvas.getPageNumber(),
                    x,
                    y,
                    self.box_width,
                    self.box_height,
                    self.kind,
                )
            )

    class YesNo(Flowable):  # type: ignore[misc]
        """Two round buttons, Yes and No, for one question."""

        def __init__(self, key: str, spots: list[_Spot]) -> None:
            super().__init__()
            self.key, self.spots = key, spots

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            return available_width, 16

        def draw(self) -> None:
            canvas = self.canv
            size = 11.0
            canvas.saveState()
            canvas.setFont(house.SANS, 10)
            for index, word in enumerate(("Yes", "No")):
                left = index * 30 * mm
                canvas._code.append("/Artifact BMC")
                canvas.setStrokeColor(box_line)
                canvas.setFillColor(colors.white)
                canvas.circle(left + size / 2, 2 + size / 2, size / 2, stroke=1, fill=1)
                canvas._code.append("EMC")
                # The button's word is read with its field (a Form element).
                tags = _form_element(canvas, f"{self.key}:radio-{word}", marked=True)
                canvas.setFillColor(house.INK)
                canvas.drawString(left + size + 5, 4.5, word)
                if tags is not None:
                    tags.end(canvas)
                x, y = canvas.absolutePosition(left, 2)
                self.spots.append(
                    _Spot(self.key, canvas.getPageNumber(), x, y, size, size, f"radio-{word}")
                )
            canvas.restoreState()

    class ReportFormRenderer(house.HouseRenderer):
        kind = "report form"

        def __init__(self, content: ReportFormContent) -> None:
            super().__init__(
                title="Report for a meeting you cannot attend",
                reference=content.reference,
                on=content.held_on,
            )
            self.content = content
            self.spots: list[_Spot] = []
            self.alphabet = DEFAULT_ALPHABET

        def render_with_spots(
            self, progress: Progress | None = None
        ) -> tuple[bytes, list[_Spot], str, str]:
            from tac_desktop.core.documents import render_watched

            self.spots.clear()
            pdf = render_watched(self, progress, "The report form")
            return pdf, list(self.spots), self.content.identifier, self.content.about

        def _question(self, field: FormField) -> Flowable:
            s = self.styles
            block: list[Flowable] = [para(field.label, s.subheading, markup=False)]
            if field.helper:
                block.append(para(field.helper, s.small))
            kind = "multiline" if field.lines > 1 else "text"
            block.append(FieldBox(field.key, field.lines * _LINE + 6, self.spots, kind))
            return KeepTogether(block)

        def story(self) -> list[Flowable]:
            s, m = self.styles, self.content
            rows = [list(row) for row in printed_facts(m)]
            out: list[Flowable] = [
                para(form_title(m), s.title),
                para(FORM_INTRO, s.subtitle),
                house.table(rows, [35 * mm, BODY_WIDTH - 35 * mm], header=False),
                Spacer(1, 3 * mm),
                para(
                    "Type in the boxes with any PDF reader (Adobe Acrobat Reader, a web "
                    "browser, Preview), then save the file and send it back. Please "
                    "save it rather than printing it to PDF, and do not add a password: "
                    f"secure email protects it on the way. {KEEP_APART}",
                    s.small,
                ),
                para(letters_note(self.alphabet), s.small),
                para(SECTION_HEADINGS[0], s.heading),
            ]
            out += [self._question(f) for f in report_fields(m.about)]
            # One block with its heading, so the heading never ends a page alone.
            out.append(
                KeepTogether(
                    [
                        para(SECTION_HEADINGS[1], s.heading),
                        para(shared_label(m.about), s.subheading),
                        para(SHARED_HELP, s.small),
                        YesNo(SHARED_FIELD, self.spots),
                        Spacer(1, 2 * mm),
                        self._question(SHARED_DATE_FIELD),
                        self._question(SHARED_NOTE_FIELD),
                    ]
                )
            )
            out.append(para(SECTION_HEADINGS[2], s.heading))
            out += [self._question(f) for f in AUTHOR_FIELDS]
            return out

    return ReportFormRenderer


# -- the fields -----------------------------------------------------------------------


def _fields_added(made: tuple[bytes, list[_Spot], str, str], alphabet: str = "mixed") -> bytes:
    """Lay AcroForm fields over the boxes the renderer drew."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        BooleanObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        IndirectObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    pdf, spots, identifier, about = made
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    # pypdf has no public way to add a free-standing object; _add_object is what its
    # own form code uses.
    add = writer._add_object

    def name(text: str) -> NameObject:
        return NameObject(text)

    sans = add(_field_font(add, alphabet))
    fonts = DictionaryObject({name(f"/{FIELD_FONT}"): sans})

    def appearance(width: float, height: float, body: bytes) -> IndirectObject:
        stream = DecodedStreamObject()
        stream.set_data(body)
        stream.update(
            {
                name("/Type"): name("/XObject"),
                name("/Subtype"): name("/Form"),
                name("/BBox"): ArrayObject(
                    [FloatObject(0), FloatObject(0), FloatObject(width), FloatObject(height)]
                ),
                name("/Resources"): DictionaryObject({name("/Font"): fonts}),
            }
        )
        return add(stream)

    def rect(spot: _Spot) -> ArrayObject:
        return ArrayObject(
            [
                FloatObject(round(spot.x, 2)),
                FloatObject(round(spot.y, 2)),
                FloatObject(round(spot.x + spot.width, 2)),
                FloatObject(round(spot.y + spot.height, 2)),
            ]
        )

    labels = {f.key: f.label for f in (*report_fields(about), *FIELDS[len(REPORT_FIELDS) :])}
    labels[SHARED_FIELD] = shared_label(about)
    fields = ArrayObject()
    radio_parent: DictionaryObject | None = None
    radio_kids = ArrayObject()
    widgets: list[tuple[str, Any, Any]] = []  # each field's name:kind, widget, page
    for spot in spots:
        page = writer.pages[spot.page - 1]
        widget = DictionaryObject(
            {
                name("/Type"): name("/Annot"),
                name("/Subtype"): name("/Widget"),
                name("/Rect"): rect(spot),
                name("/F"): NumberObject(4),  # printed
                name("/P"): page.indirect_reference,
            }
        )
        if spot.kind.startswith("radio-"):
            on = "/" + spot.kind.removeprefix("radio-")
            if radio_parent is None:
                radio_parent = DictionaryObject(
                    {
                        name("/FT"): name("/Btn"),
                        # radio (bit 16) + no toggle to off (bit 15): one of Yes or No
                        name("/Ff"): NumberObject((1 << 15) | (1 << 14)),
                        name("/T"): TextStringObject(spot.key),
                        name("/TU"): TextStringObject(labels[spot.key]),
                        name("/V"): name("/Off"),
                        name("/Kids"): radio_kids,
                    }
                )
                parent_ref = add(radio_parent)
                fields.append(parent_ref)
            size = spot.width
            widget.update(
                {
                    name("/Parent"): parent_ref,
                    name("/AS"): name("/Off"),
                    # A border colour and no caption: a reader that draws the button
                    # itself draws a round dot, with no font at all.
                    name("/MK"): DictionaryObject(
                        {
                            name("/BC"): ArrayObject(
                                [FloatObject(0.48), FloatObject(0.54), FloatObject(0.6)]
                            )
                        }
                    ),
                    name("/AP"): DictionaryObject(
                        {
                            name("/N"): DictionaryObject(
                                {
                                    name(on): appearance(size, size, _dot(size)),
                                    name("/Off"): appearance(size, size, b""),
                                }
                            )
                        }
                    ),
                }
            )
            kid = add(widget)
            widgets.append((f"{spot.key}:{spot.kind}", kid, page))
            radio_kids.append(kid)
            page_annots(page, name).append(kid)
            continue
        multiline = spot.kind == "multiline"
        widget.update(
            {
                name("/FT"): name("/Tx"),
                name("/T"): TextStringObject(spot.key),
                name("/TU"): TextStringObject(labels[spot.key]),
                name("/V"): TextStringObject(""),
                name("/DA"): TextStringObject(FIELD_DA),
                name("/Ff"): NumberObject((1 << 12) if multiline else 0),  # multiline
                name("/MK"): DictionaryObject(),
                name("/AP"): DictionaryObject(
                    {name("/N"): appearance(spot.width, spot.height, b"/Tx BMC\nEMC\n")}
                ),
            }
        )
        ref = add(widget)
        widgets.append((f"{spot.key}:{spot.kind}", ref, page))
        fields.append(ref)
        page_annots(page, name).append(ref)

    # The identifier: a hidden, read-only field on the first page.
    first = writer.pages[0]
    hidden = add(
        DictionaryObject(
            {
                name("/Type"): name("/Annot"),
                name("/Subtype"): name("/Widget"),
                name("/FT"): name("/Tx"),
                name("/T"): TextStringObject(ID_FIELD),
                name("/TU"): TextStringObject(
                    "TAC Desktop form identifier: ties this form to one meeting. Do not change."
                ),
                name("/V"): TextStringObject(identifier),
                name("/DV"): TextStringObject(identifier),
                name("/Ff"): NumberObject(1),  # read-only
                name("/F"): NumberObject(2 | 32),  # hidden, no view
                name("/Rect"): ArrayObject([FloatObject(0)] * 4),
                name("/DA"): TextStringObject(f"/{FIELD_FONT} 0 Tf 0 g"),
                name("/P"): first.indirect_reference,
            }
        )
    )
    fields.append(hidden)
    page_annots(first, name).append(hidden)

    writer._root_object[name("/AcroForm")] = add(
        DictionaryObject(
            {
                name("/Fields"): fields,
                name("/NeedAppearances"): BooleanObject(True),
                name("/DR"): DictionaryObject({name("/Font"): fonts}),
                name("/DA"): TextStringObject(FIELD_DA),
            }
        )
    )
    writer.add_metadata({ID_INFO_KEY: identifier})
    _tag_fields(writer, widgets)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# -- the fields in the structure tree ---------------------------------------------------


def _form_element(canvas: Any, field: str, *, marked: bool) -> Any:
    """Open a Form structure element for ``field`` ("key:kind") where its box is drawn
    (its place in the reading order); the widget laid over the box later is tied to it
    by ``_tag_fields``. The tagger, to close it with, or None when nothing is tagged."""
    from tac_desktop.core.documents import house

    tags = house._tagger(canvas)
    if tags is not None:
        tags.begin(canvas, "Form", marked=marked, field=field)
    return tags


def _tag_fields(writer: Any, widgets: list[tuple[str, Any, Any]]) -> None:
    """Tie each widget to its Form element (PDF/UA): an object reference (OBJR) to the
    widget in the element, and the widget's /StructParent in the parent tree, so a
    screen reader meets each field where its box is in the reading order. The hidden
    identifier field is no part of the page's content and stays out."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

    from tac_desktop.core.documents.house import _FIELD_KEY

    root = writer._root_object.get("/StructTreeRoot")
    if root is None:
        return
    root = root.get_object()
    elements: dict[str, Any] = {}
    stack = [root.get("/K")]
    while stack:
        node = stack.pop()
        node = node.get_object() if node is not None else None
        if isinstance(node, ArrayObject):
            stack.extend(node)
        elif isinstance(node, DictionaryObject):
            if _FIELD_KEY in node:
                elements[str(node[_FIELD_KEY])] = node
                del node[_FIELD_KEY]
            stack.append(node.get("/K"))
    nums = root["/ParentTree"].get_object()["/Nums"]
    key = int(root["/ParentTreeNextKey"])
    for field, widget, page in widgets:
        element = elements[field]
        reference = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/OBJR"),
                NameObject("/Obj"): widget,
                NameObject("/Pg"): page.indirect_reference,
            }
        )
        kids = element.get("/K")
        if kids is None:
            element[NameObject("/K")] = reference
        else:
            if not isinstance(kids, ArrayObject):
                kids = ArrayObject([kids])
            kids.append(reference)
            element[NameObject("/K")] = kids
        widget.get_object()[NameObject("/StructParent")] = NumberObject(key)
        nums.extend([NumberObject(key), element.indirect_reference])
        key += 1
    root[NameObject("/ParentTreeNextKey")] = NumberObject(key)


def _dot(size: float) -> bytes:
    """A filled round dot in the middle of a ``size`` square, drawn with four Bézier
    curves: the chosen radio button's look, drawn, not a ZapfDingbats letter (which is
    never embedded)."""
    centre, radius = size / 2, size * 0.26
    k = radius * 0.5523  # the control-point distance that makes a quarter circle
    c, r = centre, radius
    path = (
        f"{c + r:.2f} {c:.2f} m "
        f"{c + r:.2f} {c + k:.2f} {c + k:.2f} {c + r:.2f} {c:.2f} {c + r:.2f} c "
        f"{c - k:.2f} {c + r:.2f} {c - r:.2f} {c + k:.2f} {c - r:.2f} {c:.2f} c "
        f"{c - r:.2f} {c - k:.2f} {c - k:.2f} {c - r:.2f} {c:.2f} {c - r:.2f} c "
        f"{c + k:.2f} {c - r:.2f} {c + r:.2f} {c - k:.2f} {c + r:.2f} {c:.2f} c f"
    )
    # An invisible "x" (text render mode 3) in the field font: a flattened form still
    # says which button was chosen to whoever reads its text (``services/reports.py``).
    mark = f"BT 3 Tr /{FIELD_FONT} {size * 0.5:.2f} Tf {c - r:.2f} {c - r:.2f} Td (x) Tj ET"
    return f"q 0.1 0.1 0.1 rg {path} {mark} Q".encode("ascii")


# pdftk reads a simple font's codes on top of Adobe's StandardEncoding (the font names no
# /BaseEncoding), so it writes a sign the font does not carry with that sign's
# StandardEncoding code, and a reader then draws whatever letter this font keeps there
# (an ellipsis became "Ж"). These are the codes above ASCII that encoding uses.
_STANDARD_CODES = dict(
    zip(
        (
            *range(0xA1, 0xA9),
            *range(0xAA, 0xB0),
            *range(0xB1, 0xB5),
            *range(0xB6, 0xBE),
            0xBF,
            *range(0xC1, 0xC9),
            *(0xCA, 0xCB, 0xCD, 0xCE, 0xCF, 0xD0, 0xE1, 0xE3),
            *(0xE8, 0xE9, 0xEA, 0xEB, 0xF1, 0xF5, 0xF8, 0xF9, 0xFA, 0xFB),
        ),
        "¡¢£⁄¥ƒ§¤“«‹›ﬁﬂ–†‡·¶•‚„”»…‰¿`´ˆ˜¯˘˙¨˚¸˝˛ˇ—ÆªŁØŒºæıłøœß",
        strict=True,
    )
)
# Of those, the ones people type: their codes go to letters last of all.
_OFTEN_TYPED = "¡£§“«–·•”»…¿—ÆŁØŒæıłøœß"


@cache
def field_font_letters(alphabet: str = DEFAULT_ALPHABET) -> dict[int, str]:
    """Code to letter in the fields' font. ASCII, and the Latin-1 letters among the
    extra ones, keep their own codes (mutool, drawing a field itself, writes a Latin-1
    letter as its Latin-1 code whatever the font says); the other extra letters take the
    codes left free, in order. Code 0 stays empty: fillers write it for a letter the
    font has no code for."""
    extra = ALPHABETS[alphabet].letters
    letters = {code: chr(code) for code in range(32, 127)}
    own = {letter for letter in extra if 0xA0 <= ord(letter) <= 0xFF}
    letters.update({ord(letter): letter for letter in own})
    carried = set(extra)

    def harm(code: int) -> int:
        """How likely pdftk is to write this code for a letter the font does not carry
        (see ``_STANDARD_CODES``): such codes are given out last."""
        standard = _STANDARD_CODES.get(code)
        if standard is None or standard in carried:
            return 0
        return 2 if standard in _OFTEN_TYPED else 1

    free = sorted(
        (code for code in range(1, 256) if code not in letters), key=lambda c: (harm(c), c)
    )
    rest = [x for x in extra if x not in own]
    if len(rest) > len(free) or len(set(extra)) != len(extra):
        raise ValueError(f"The letters of {alphabet!r} do not fit one font, once each.")
    letters.update(zip(free, rest, strict=False))
    return dict(sorted(letters.items()))


# Names the oldest glyph lists know, where a letter has several (pdftk finds Cyrillic
# only by its "afii" names).
_PREFERRED_NAMES = {
    "~": "asciitilde",
    "ı": "dotlessi",
    "İ": "Idotaccent",
    "Ż": "Zdotaccent",
    "ż": "zdotaccent",
    "ς": "sigma1",
    "€": "Euro",
    "ß": "germandbls",
    "·": "periodcentered",
    "«": "guillemotleft",
    "»": "guillemotright",
    "Ċ": "Cdotaccent",
    "ċ": "cdotaccent",
    "Ġ": "Gdotaccent",
    "ġ": "gdotaccent",
    "Đ": "Dcroat",
    "đ": "dcroat",
    "Ő": "Ohungarumlaut",
    "ő": "ohungarumlaut",
    "Ű": "Uhungarumlaut",
    "ű": "uhungarumlaut",
    "Ţ": "Tcommaaccent",
    "ţ": "tcommaaccent",
}


@cache
def glyph_names(alphabet: str = DEFAULT_ALPHABET) -> dict[int, str]:
    """Code to Adobe Glyph List name in the fields' font: how fillers (pdftk, pypdf,
    pikepdf) find a letter's code in the font's encoding."""
    from pypdf._codecs import adobe_glyphs

    known: dict[str, list[str]] = {}
    for name, char in adobe_glyphs.items():
        if len(char) == 1 and not name.startswith("/uni"):
            known.setdefault(char, []).append(name.lstrip("/"))
    named: dict[int, str] = {}
    for code, letter in field_font_letters(alphabet).items():
        candidates = sorted(
            known.get(letter, []),
            key=lambda name: (not name.startswith("afii"), name[1:].isdigit(), len(name), name),
        )
        named[code] = _PREFERRED_NAMES.get(letter) or (
            candidates[0] if candidates else f"uni{ord(letter):04X}"
        )
    return named


def _to_unicode(letters: dict[int, str]) -> bytes:
    """A ToUnicode map for a one-byte font: what every code means, so text drawn with
    it is copied, searched and read aloud as typed."""
    pairs = sorted(letters.items())
    body: list[str] = []
    for start in range(0, len(pairs), 100):
        chunk = pairs[start : start + 100]
        body.append(f"{len(chunk)} beginbfchar")
        body += [f"<{code:02X}> <{ord(letter):04X}>" for code, letter in chunk]
        body.append("endbfchar")
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Adobe-Identity-UCS def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            "<00> <FF>",
            "endcodespacerange",
            *body,
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    ).encode("ascii")


def _field_font(add: Any, alphabet: str = DEFAULT_ALPHABET) -> Any:
    """Noto Sans for the form fields, embedded whole, as a simple TrueType font.

    Simple (one byte a letter), not composite: pdftk and pikepdf draw field text only
    with simple fonts, finding each letter's code from the encoding's glyph names. The
    encoding names every code (``field_font_letters``, no base encoding to guess from),
    and a ToUnicode map says what each code means. Whole, not a subset, because what a
    professional will type is not known when the form is made.
    """
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NumberObject,
        StreamObject,
    )
    from reportlab.pdfbase.ttfonts import TTFontFile

    from tac_desktop.core.resources import resource

    path = resource("fonts", FIELD_FONT_FILE)
    face = TTFontFile(str(path))
    scale = 1000 / face.unitsPerEm
    base = NameObject("/" + face.name.decode("ascii"))
    program = path.read_bytes()
    font_file = DecodedStreamObject()
    font_file.set_data(program)
    font_file[NameObject("/Length1")] = NumberObject(len(program))
    packed: StreamObject = font_file.flate_encode()
    descriptor = add(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/FontDescriptor"),
                NameObject("/FontName"): base,
                NameObject("/Flags"): NumberObject(32),  # non-symbolic: the encoding applies
                NameObject("/FontBBox"): ArrayObject(
                    [NumberObject(round(v * scale)) for v in face.bbox]
                ),
                NameObject("/ItalicAngle"): FloatObject(face.italicAngle),
                NameObject("/Ascent"): NumberObject(round(face.ascent * scale)),
                NameObject("/Descent"): NumberObject(round(face.descent * scale)),
                NameObject("/CapHeight"): NumberObject(round(face.capHeight * scale)),
                NameObject("/StemV"): NumberObject(face.stemV),
                NameObject("/FontFile2"): add(packed),
            }
        )
    )
    letters = field_font_letters(alphabet)
    names = glyph_names(alphabet)
    differences = ArrayObject([NumberObject(1)])
    differences += [NameObject(f"/{names.get(code, '.notdef')}") for code in range(1, 256)]
    to_unicode = DecodedStreamObject()
    to_unicode.set_data(_to_unicode(letters))

    def width(code: int) -> NumberObject:
        letter = letters.get(code)
        if letter is None:
            return NumberObject(0)
        return NumberObject(round(face.charWidths.get(ord(letter), face.defaultWidth) * scale))

    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/TrueType"),
            NameObject("/BaseFont"): base,
            NameObject("/FirstChar"): NumberObject(1),
            NameObject("/LastChar"): NumberObject(255),
            NameObject("/Widths"): ArrayObject([width(code) for code in range(1, 256)]),
            NameObject("/Encoding"): DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Encoding"),
                    NameObject("/Differences"): differences,
                }
            ),
            NameObject("/FontDescriptor"): descriptor,
            NameObject("/ToUnicode"): add(to_unicode.flate_encode()),
        }
    )


def page_annots(page: Any, name: Any) -> Any:
    """The page's /Annots array, made when the page has none."""
    from pypdf.generic import ArrayObject

    key = name("/Annots")
    if key not in page:
        page[key] = ArrayObject()
    return page[key].get_object()
