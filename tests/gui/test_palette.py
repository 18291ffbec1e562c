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


@pytest.mark.parametrize("name", PALETTES)
def test_check_box_and_radio_edges_stand_out_from_the_window(qtbot, name: str) -> None:  # type: ignore[no-untyped-def]
    """WCAG 1.4.11: the edge of an unticked box or radio button is drawn 3:1 against the
    window, and a picture of each widget really holds that colour."""
    from PySide6.QtWidgets import QCheckBox, QRadioButton

    from tac_desktop.gui.shared.indicators import indicator_edge, visible_indicators

    chosen = PALETTES[name]()
    edge = indicator_edge(chosen)
    window = chosen.color(QPalette.ColorRole.Window)
    assert colours.contrast(edge, window) >= colours.MARK_CONTRAST
    style = visible_indicators("Fusion")
    for widget in (QCheckBox("Mark section complete"), QRadioButton("Not known")):
        qtbot.addWidget(widget)
        widget.setStyle(style)
        widget.setPalette(chosen)
        widget.resize(widget.sizeHint())
        picture = widget.grab().toImage()
        indicator = style.pixelMetric(style.PixelMetric.PM_IndicatorWidth) + 1
        best = max(
            colours.contrast(picture.pixelColor(x, y), window)
            for x in range(min(picture.width(), indicator))
            for y in range(picture.height())
        )
        assert best >= colours.MARK_CONTRAST, f"{type(widget).__name__} in the {name} palette"


def test_the_application_draws_visible_indicators(qapp) -> None:  # type: ignore[no-untyped-def]
    from tac_desktop.gui.shared.indicators import VisibleIndicators

    assert isinstance(qapp.style(), VisibleIndicators) or qapp.style().proxy() is not None
