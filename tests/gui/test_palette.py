"""Colours chosen for the palette in use (issue 17): urgency cells, the banner, warnings
and marks read at WCAG AA contrast in light, dark and high-contrast palettes."""

from __future__ import annotations

import pytest

from PySide6.QtGui import QColor, QPalette

from tac_desktop.gui.shared import palette as colours


def _light() -> QPalette:
    light = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#efefef"),
        (QPalette.ColorRole.WindowText, "#000000"),
        (QPalette.ColorRole.Base, "#ffffff"),
        (QPalette.ColorRole.Text, "#000000"),
    ):
        light.setColor(role, QColor(colour))
    return light


def _high_contrast() -> QPalette:
    black = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#000000"),
        (QPalette.ColorRole.WindowText, "#ffff00"),
        (QPalette.ColorRole.Base, "#000000"),
        (QPalette.ColorRole.Text, "#ffff00"),
    ):
        black.setColor(role, QColor(colour))
    return black


PALETTES = {"light": _light, "dark": colours.dark_palette, "high contrast": _high_contrast}


def test_contrast_ratio_is_wcags() -> None:
    assert colours.contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21)
    assert colours.contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert colours.contrast(QColor("#123456"), QColor("#123456")) == 1


@pytest.mark.parametrize("name", PALETTES)
def test_every_tint_reads_in_every_palette(qapp, name: str) -> None:  # type: ignore[no-untyped-def]
    palette = PALETTES[name]()
    for kind in colours.TINTS:
        background, text = colours.tint(kind, palette)
        assert colours.contrast(background, text) >= 4.5, (name, kind)
    for kind in colours.MARKS:
        base = palette.color(QPalette.ColorRole.Base)
        assert colours.contrast(colours.mark(kind, palette), base) >= 3, (name, kind)
        window = palette.color(QPalette.ColorRole.Window)
        assert colours.contrast(colours.mark_as_text(kind, palette), window) >= 4.5
    window = palette.color(QPalette.ColorRole.Window)
    assert colours.contrast(colours.error_text(palette), window) >= 4.5


def test_a_dark_palette_gets_dark_tints_and_light_words(qapp) -> None:  # type: ignore[no-untyped-def]
    dark = colours.dark_palette()
    assert colours.is_dark(dark) and not colours.is_dark(_light())
    background, text = colours.tint("overdue", dark)
    assert colours.luminance(background) < 0.1 and colours.luminance(text) > 0.5
    sheet = colours.style_sheet(dark)
    banner = colours.tint("banner", dark)[0].name()
    assert f"QLabel#banner {{ background: {banner}" in sheet
    assert "#e7f0fb" not in sheet  # the light banner is gone


def test_dark_palette_text_reads(qapp) -> None:  # type: ignore[no-untyped-def]
    dark = colours.dark_palette()
    roles = QPalette.ColorRole
    for fore, back in (
        (roles.Text, roles.Base),
        (roles.WindowText, roles.Window),
        (roles.ButtonText, roles.Button),
        (roles.HighlightedText, roles.Highlight),
        (roles.PlaceholderText, roles.Base),
    ):
        assert colours.contrast(dark.color(fore), dark.color(back)) >= 4.5, fore
