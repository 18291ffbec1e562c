"""The report form in every script, filled by tools we did not write (pdftk, pypdf,
pikepdf), shown by readers we did not write (poppler's pdftoppm and pdftotext, mupdf's
mutool), and read back by the program exactly as typed. Every name here is invented.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from tac_desktop.core.documents.report_form import (
    ALPHABETS,
    GREEK_PDFTK_LEAVES_OUT,
    PDFTK_LEAVES_OUT,
    letters_note,
)
from tac_desktop.core.services import reports
from tac_desktop.core.vault import Vault
from tests.core.test_reports import _form, _meetings, _recipient, fill_with_pdftk, needs_pdftk

GREEK = "Η Ελένη είπε ότι ο Γιώργος κοιμάται καλά, ΔΩμ αβγ ΦΧΨ ψύχραιμη, ήσυχη."
CYRILLIC = "Мама сказала, что Ёжик спит хорошо. ЖЗИЙ щъыьэюя Ольга Петрова."
POLISH = "Zofia źle śpi; Łódź, żółć, gęś, Ćma, Ńę, Źdźbło."
TURKISH = "Şule’nin ağabeyi İpek’e ılık süt içirdi; Ğ Ü Ş İ Ö Ç."
LATIN = "Seen “four” times – £5 fare paid, café visit, 10:30 (see notes) #2 @clinic."
ARABIC = "قالت الأم إن الطفل ينام جيدا ٠٧٧٠٠٩٠٠١٠١"

VALUES = {
    "involvement": GREEK,
    "going_well": CYRILLIC,
    "worries_seen": POLISH,
    "worries_told": TURKISH,
    "worries_opinion": LATIN,
    "child_views": ARABIC,
    "author_name": "Σοφία Παπαδοπούλου",
    "author_role": "Педиатр, Riverside Clinic",
    "shared_with_family": "/Yes",
}
SHOWN = {k: v for k, v in VALUES.items() if k != "child_views" and not v.startswith("/")}

MUTOOL = shutil.which("mutool")
needs_mutool = pytest.mark.skipif(
    MUTOOL is None and not os.environ.get("CI"),
    reason="mutool is not installed (apt-get install mupdf-tools); CI always runs it",
)


def fill_with_pypdf_regenerating(pdf: bytes, values: Mapping[str, str]) -> bytes:
    """pypdf's own form filling: it draws each field's look (auto_regenerate)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        names = set()
        for ref in page.get("/Annots", []):
            widget = ref.get_object()
            parent = widget.get("/Parent")
            names.add(widget.get("/T") or (parent.get_object().get("/T") if parent else None))
        mine = {k: v for k, v in values.items() if k in names}
        if mine:
            writer.update_page_form_field_values(page, mine, auto_regenerate=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def fill_with_pikepdf(pdf: bytes, values: Mapping[str, str]) -> bytes:
    """pikepdf's form API: values set, the reader left to draw them (NeedAppearances)."""
    import pikepdf
    from pikepdf.form import Form

    with pikepdf.open(io.BytesIO(pdf)) as document:
        form = Form(document)
        for key, value in values.items():
            form[key].value = pikepdf.Name(value) if value.startswith("/") else value
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


def _text(command: list[str]) -> str:
    result = subprocess.run(command, check=True, capture_output=True, timeout=120)
    return " ".join(result.stdout.decode("utf-8", "replace").split())


def _shown_by(filler: str, value: str) -> str:
    if filler.startswith("pdftk"):  # pdftk's glyph list has no name for these three
        value = "".join(c for c in value if c not in GREEK_PDFTK_LEAVES_OUT)
    return " ".join(value.split())


def _field_rects(pdf: bytes) -> dict[str, tuple[int, tuple[float, float, float, float]]]:
    """Field name to (page number from 1, rectangle)."""
    reader = PdfReader(io.BytesIO(pdf))
    found = {}
    for number, page in enumerate(reader.pages, start=1):
        for ref in page.get("/Annots", []):
            widget = ref.get_object()
            if widget.get("/FT") == "/Tx" and widget.get("/T"):
                found[str(widget["/T"])] = (number, tuple(float(v) for v in widget["/Rect"]))
    return found


def _dark_pixels(pdf: bytes, tmp_path: Path, page: int, rect: tuple[float, ...]) -> int:
    """pdftoppm renders the inside of one box (72 dpi, grey); how many pixels are ink."""
    path = tmp_path / "render.pdf"
    path.write_bytes(pdf)
    height = float(PdfReader(io.BytesIO(pdf)).pages[page - 1].mediabox.height)
    x0, y0, x1, y1 = rect
    crop = [
        "-x", str(int(x0) + 2), "-y", str(int(height - y1) + 2),
        "-W", str(int(x1 - x0) - 4), "-H", str(int(y1 - y0) - 4),
    ]  # fmt: skip
    subprocess.run(
        ["pdftoppm", "-gray", "-r", "72", "-f", str(page), "-l", str(page), *crop,
         str(path), str(tmp_path / "box")],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    image = next(tmp_path.glob("box*.pgm")).read_bytes()
    for old in tmp_path.glob("box*.pgm"):
        old.unlink()
    header, pixels = image.split(b"\n255\n", 1)
    assert header.startswith(b"P5")
    return sum(1 for value in pixels if value < 110)


def fill_with_pdftk_fdf(pdf: bytes, values: Mapping[str, str], tmp_path: Path) -> bytes:
    """pdftk from an FDF file, values as UTF-16 strings (what form tools write)."""

    def string(text: str) -> bytes:
        raw = b"\xfe\xff" + text.encode("utf-16-be")
        return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"

    fields = b"".join(
        b"<< /T " + string(key) + b" /V "
        + (value.encode("ascii") if value.startswith("/") else string(value)) + b" >>\n"
        for key, value in values.items()
    )  # fmt: skip
    source, data, filled = tmp_path / "form.pdf", tmp_path / "data.fdf", tmp_path / "out.pdf"
    source.write_bytes(pdf)
    data.write_bytes(
        b"%FDF-1.2\n1 0 obj\n<< /FDF << /Fields [\n" + fields + b"] >> >>\nendobj\n"
        b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )
    subprocess.run(
        ["pdftk", str(source), "fill_form", str(data), "output", str(filled)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return filled.read_bytes()


FILLERS = {
    "pdftk": lambda pdf, values, tmp: fill_with_pdftk(pdf, values, tmp),
    "pdftk-fdf": lambda pdf, values, tmp: fill_with_pdftk_fdf(pdf, values, tmp),
    "pypdf": lambda pdf, values, _tmp: fill_with_pypdf_regenerating(pdf, values),
    "pikepdf": lambda pdf, values, _tmp: fill_with_pikepdf(pdf, values),
}


@pytest.mark.parametrize(
    "filler",
    [
        pytest.param("pdftk", marks=needs_pdftk),
        pytest.param("pdftk-fdf", marks=needs_pdftk),
        "pypdf",
        "pikepdf",
    ],
)
def test_every_script_shows_in_poppler_and_comes_back_exact(
    filler: str, demo_vault: Vault, tmp_path: Path
) -> None:
    blank = _form(demo_vault)
    filled = FILLERS[filler](blank, VALUES, tmp_path)
    (tmp_path / "filled.pdf").write_bytes(filled)
    # poppler draws what was typed: the page's text holds it, and the boxes have ink.
    text = _text(["pdftotext", str(tmp_path / "filled.pdf"), "-"])
    for key, value in SHOWN.items():
        assert _shown_by(filler, value) in text, (filler, key)
    rects = _field_rects(filled)
    for key in SHOWN:
        page, rect = rects[key]
        assert _dark_pixels(filled, tmp_path, page, rect) > 40, (filler, key)
        assert _dark_pixels(blank, tmp_path, page, rect) == 0, key
    # The program reads back exactly what was typed, Arabic too.
    preview = reports.read_report(demo_vault, filled)
    answers = {a.key: a.text for a in preview.answers}
    for key in ("involvement", "going_well", "worries_seen", "worries_told", "child_views"):
        assert answers[key] == VALUES[key], (filler, key)
    assert answers["worries_opinion"] == LATIN
    assert preview.author_name == VALUES["author_name"]
    assert preview.author_role == VALUES["author_role"]
    assert preview.shared == "Yes"


@needs_mutool
@pytest.mark.parametrize("filler", [pytest.param("pdftk", marks=needs_pdftk), "pypdf"])
def test_fields_drawn_by_the_filler_show_in_mupdf(
    filler: str, demo_vault: Vault, tmp_path: Path
) -> None:
    """pdftk and pypdf draw the fields' looks themselves, with the form's font; mupdf
    shows those looks as they are (it does not redraw fields)."""
    assert MUTOOL is not None
    filled = FILLERS[filler](_form(demo_vault), VALUES, tmp_path)
    (tmp_path / "filled.pdf").write_bytes(filled)
    text = _text([MUTOOL, "draw", "-q", "-F", "txt", "-o", "-", str(tmp_path / "filled.pdf")])
    # pdftk writes code 0 for the letters it finds no code for; mupdf shows "�" there.
    text = " ".join(text.replace("\ufffd", "").split())
    for key, value in SHOWN.items():
        assert _shown_by(filler, value) in text, (filler, key)


def test_every_font_is_embedded_with_a_text_map_and_the_form_says_what_may_not_show(
    demo_vault: Vault, tmp_path: Path
) -> None:
    pdf = _form(demo_vault)
    filled = fill_with_pypdf_regenerating(pdf, VALUES)
    for name, data in (("blank.pdf", pdf), ("filled.pdf", filled)):
        (tmp_path / name).write_bytes(data)
        listed = subprocess.run(
            ["pdffonts", str(tmp_path / name)], check=True, capture_output=True, text=True
        ).stdout.splitlines()[2:]
        assert listed, name
        for line in listed:
            emb, _sub, uni = line.split()[-5:-2]
            assert (emb, uni) == ("yes", "yes"), (name, line)
        assert b"ZapfDingbats" not in data and b"/ZaDb" not in data
    form = PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/AcroForm"]
    assert form["/NeedAppearances"] == True  # noqa: E712  (readers redraw as a fallback)
    assert set(form["/DR"]["/Font"]) == {"/NotoSans"}
    font = form["/DR"]["/Font"]["/NotoSans"].get_object()
    assert "/ToUnicode" in font and "/FontFile2" in font["/FontDescriptor"]
    printed = _text(["pdftotext", str(tmp_path / "blank.pdf"), "-"])
    assert " ".join(letters_note().split()) in printed
    assert "Word form" in printed and "Arabic" in printed


def test_the_radio_buttons_are_drawn_without_a_font(demo_vault: Vault) -> None:
    reader = PdfReader(io.BytesIO(_form(demo_vault)))
    buttons = [
        ref.get_object()
        for page in reader.pages
        for ref in page.get("/Annots", [])
        if "/AS" in ref.get_object()
    ]
    assert len(buttons) == 2
    for button in buttons:
        assert "/CA" not in button["/MK"]  # a reader redrawing it draws a dot, not a letter
        for state, look in button["/AP"]["/N"].items():
            data = look.get_object().get_data()
            if state != "/Off":
                assert b" c " in data and b"3 Tr" in data  # curves; the letter is invisible
            assert set(look.get_object()["/Resources"]["/Font"]) == {"/NotoSans"}


# -- the sets of letters the chair chooses per professional ---------------------------

# What a professional might type, by script (invented names and facts).
SCRIPTS = {
    "english": "Seen “four” times – £5 fare, 10:30 (see notes) #2 @clinic, €7 café… • — ok",
    "polish": "Zofia źle śpi; Łódź, żółć, gęś, Ćma, Ńę, Źdźbło.",
    "turkish": "Şule’nin ağabeyi İpek’e ılık süt içirdi; Ğ Ü Ş İ Ö Ç.",
    "greek": "Η Ελένη είπε ότι ο Γιώργος κοιμάται καλά, αβγ ΦΧΨ ψύχραιμη.",
    "greek_accents": "ΆΝΝΑ Έλενα Ήρα Ίων Όλγα Ύδρα Ώρα, ϊϋΐΰ ΪΫ «Δήμος» Ωμέγα",
    "russian": "Мама сказала, что Ёжик спит хорошо. ЖЗИЙ щъыьэюя Ольга.",
    "ukrainian": "Ґанок, їжак, Євген, Іван і Ївга; ґудзик, єнот.",
    "serbian": "Ђорђе, Љиљана, Његош, Џип, ћерка, Јован.",
    "bulgarian_etc": "Щастие, ъгъл; Ѓорѓи, Ќерка, Ѕвезда; Ўладзімір, ў; № 5",
    "western": "Ça déjà vu: naïve Müller Straße, año, São, Øre, Åsa, Siobhán, Zoë… • —",
    "central": "Příliš žluťoučký kůň úpěl ďábelské ódy; Árvíztűrő tükörfúrógép.",
    "romanian": "Ștefan și Țara, Şi ţ; Ăă Ââ Îî",
    "welsh_maltese": "Ŵyr ŷd Ŷŵ; Ħal Għargħur, Ċ ċ Ġ ġ; Œuvre œuf; Ēriks Ūna; ¡Sí! ¿Qué?",
}
ARABIC_TEXT = "قالت الأم إن الطفل ينام جيدا ٠٧٧٠٠٩٠٠١٠١"
# Which scripts each set carries: every letter of them, in every filler.
CARRIED = {
    "mixed": ("english", "polish", "turkish", "greek", "russian"),
    "latin": ("english", "polish", "turkish", "western", "central", "romanian", "welsh_maltese"),
    "greek": ("english", "polish", "greek", "greek_accents", "western"),
    "cyrillic": ("english", "russian", "ukrainian", "serbian", "bulgarian_etc"),
}
# The boxes that hold one script each (the seven tall ones take the rest in turn).
BOXES = (
    "involvement",
    "going_well",
    "worries_seen",
    "worries_told",
    "worries_opinion",
    "recommendations",
    "safeguarding",
)


def _alphabet_form(vault: Vault, alphabet: str) -> bytes:
    _final, draft = _meetings(vault, "TAC-2026-0101")
    who = _recipient(vault, draft, "Dr Samuel Osei")
    return reports.report_form_document(vault, draft, who.attendance_id, alphabet).pdf


def _shown(filler: str, value: str) -> str:
    if filler.startswith("pdftk"):  # letters pdftk's glyph list has no name for
        value = "".join(c for c in value if c not in PDFTK_LEAVES_OUT)
    return " ".join(value.split())


def test_every_set_of_letters_carries_what_it_says() -> None:
    for key, scripts in CARRIED.items():
        letters = set(ALPHABETS[key].letters) | {chr(c) for c in range(32, 127)}
        for script in scripts:
            missing = set(SCRIPTS[script]) - letters
            assert not missing, (key, script, missing)
        assert not set(ARABIC_TEXT) - {" "} & letters  # no set pretends to carry Arabic


@pytest.mark.parametrize("alphabet", list(CARRIED))
@pytest.mark.parametrize("filler", [pytest.param("pdftk", marks=needs_pdftk), "pypdf", "pikepdf"])
def test_each_set_of_letters_shows_its_scripts_in_every_filler(
    alphabet: str, filler: str, demo_vault: Vault, tmp_path: Path
) -> None:
    """The chair's choice per professional: each form's boxes show every script its set
    carries, filled by pdftk, pypdf and pikepdf, drawn by poppler (the boxes have ink,
    and the text drawn there is what was typed) and, where the filler drew the boxes
    itself, by mupdf too. Arabic is kept exactly and comes back, and the form sends it
    to the Word form."""
    scripts = CARRIED[alphabet]
    values = {box: SCRIPTS[script] for box, script in zip(BOXES, scripts, strict=False)}
    values["author_name"] = ARABIC_TEXT
    blank = _alphabet_form(demo_vault, alphabet)
    filled = FILLERS[filler](blank, values, tmp_path)
    (tmp_path / "filled.pdf").write_bytes(filled)
    text = _text(["pdftotext", str(tmp_path / "filled.pdf"), "-"])
    rects = _field_rects(filled)
    for box, script in zip(BOXES, scripts, strict=False):
        assert _shown(filler, SCRIPTS[script]) in text, (alphabet, filler, script)
        page, rect = rects[box]
        assert _dark_pixels(filled, tmp_path, page, rect) > 40, (alphabet, filler, script)
    if filler != "pikepdf" and MUTOOL is not None:  # pikepdf leaves the drawing to readers
        drawn = _text([MUTOOL, "draw", "-q", "-F", "txt", "-o", "-", str(tmp_path / "filled.pdf")])
        drawn = " ".join(drawn.replace("\ufffd", "").split())
        for script in scripts:
            assert _shown(filler, SCRIPTS[script]) in drawn, (alphabet, filler, script)
    assert " ".join(letters_note(alphabet).split()) in text
    preview = reports.read_report(demo_vault, filled)
    answers = {a.key: a.text for a in preview.answers}
    for box, script in zip(BOXES, scripts, strict=False):
        assert answers[box] == SCRIPTS[script], (alphabet, filler, script)
    assert preview.author_name == ARABIC_TEXT


def test_pdftk_writes_no_sign_people_type_as_another_letter() -> None:
    """pdftk writes a sign the font does not carry with its StandardEncoding code; in
    the sets the chair chooses, no such code holds another letter for a sign or letter
    people type (an ellipsis, a guillemet, Ł, Œ, ß). The first set is full: what it
    cannot carry the form's note owns up to."""
    from tac_desktop.core.documents.report_form import (
        _OFTEN_TYPED,
        _STANDARD_CODES,
        field_font_letters,
    )

    for alphabet in ("latin", "greek", "cyrillic"):
        letters = field_font_letters(alphabet)
        for code, sign in _STANDARD_CODES.items():
            if sign in _OFTEN_TYPED:
                assert letters.get(code, sign) == sign or sign in letters.values(), (
                    alphabet,
                    sign,
                )
    assert {"…", "—", "•"} <= set(field_font_letters().values())


@needs_pdftk
def test_pdftk_shows_polish_and_french_signs_in_the_cyrillic_form(
    demo_vault: Vault, tmp_path: Path
) -> None:
    value = "Łukasz łapie, Œuvre œuf, ¡hola! ¿sí? § 3 · ı — «Ольга» … •"
    filled = fill_with_pdftk(
        _alphabet_form(demo_vault, "cyrillic"), {"involvement": value}, tmp_path
    )
    (tmp_path / "filled.pdf").write_bytes(filled)
    assert " ".join(value.split()) in _text(["pdftotext", str(tmp_path / "filled.pdf"), "-"])


def test_a_set_of_letters_the_program_does_not_know_is_refused() -> None:
    from tac_desktop.core.documents.report_form import render_report_form

    with pytest.raises(ValueError, match="No such set of letters"):
        render_report_form(None, alphabet="klingon")  # type: ignore[arg-type]
