"""Colours that stay readable in light, dark and high-contrast palettes (WCAG 2.2 1.4.3,
1.4.11): every colour the program sets itself is chosen for the palette in use and
checked against it, text at 4.5:1 at least, marks (underlines, borders) at 3:1.

A light palette gets the soft tints the screens were drawn with; a dark one gets deep
shades of the same hues; then the text on each is the palette's own text colour when it
reads well enough there, else black or white, whichever reads better. ``TAC_PALETTE=dark``
starts the program in a dark palette (Fusion's, as a dark desktop would give), to try it.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QPalette

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

TEXT_CONTRAST = 4.5  # WCAG 1.4.3, normal text
MARK_CONTRAST = 3.0  # WCAG 1.4.11, marks and borders that carry meaning
PALETTE_ENV = "TAC_PALETTE"

# Each kind of highlight: (background in a light palette, background in a dark one).
TINTS: dict[str, tuple[str, str]] = {
    "overdue": ("#fbe1df", "#5e1f1b"),
    "today": ("#c62828", "#c62828"),  # red behind white words in both
    "soon": ("#fff1c9", "#4d3b00"),
    "on track": ("#e2f2e0", "#1d3d1f"),
    "warning": ("#fff4d6", "#4a3800"),
    "banner": ("#e7f0fb", "#183452"),
    "shared anyway": ("#fff1c2", "#4d3b00"),
}
# Marks drawn on the text background (palette Base): light, dark.
MARKS: dict[str, tuple[str, str]] = {
    "acronym": ("#9c5000", "#ffb060"),  # dotted underline under an unexplained acronym
    "warning border": ("#a67c00", "#c9a227"),
}
# Error words on the window background: light, dark.
ERROR_TEXT = ("#9b1c1c", "#ff9c94")


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""
    return (
        0.2126 * _channel(colour.red())
        + 0.7152 * _channel(colour.green())
        + 0.0722 * _channel(colour.blue())
    )


def contrast(one: QColor, other: QColor) -> float:
    """WCAG contrast ratio, 1 to 21."""
    a, b = sorted((luminance(one), luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def is_dark(palette: QPalette) -> bool:
    return luminance(palette.color(QPalette.ColorRole.Window)) < 0.2


def readable_on(background: QColor, palette: QPalette, wanted: float = TEXT_CONTRAST) -> QColor:
    """The palette's text colour if it reads on ``background``, else black or white."""
    text = palette.color(QPalette.ColorRole.Text)
    if contrast(text, background) >= wanted:
        return text
    black, white = QColor("#000000"), QColor("#ffffff")
    return black if contrast(black, background) >= contrast(white, background) else white


def tint(kind: str, palette: QPalette) -> tuple[QColor, QColor]:
    """(background, text) for a highlighted cell or label of ``kind`` in ``palette``."""
    light, dark = TINTS[kind]
    background = QColor(dark if is_dark(palette) else light)
    return background, readable_on(background, palette)


def mark(kind: str, palette: QPalette) -> QColor:
    """A mark's colour, at 3:1 at least against the palette's Base (else its Text)."""
    light, dark = MARKS[kind]
    colour = QColor(dark if is_dark(palette) else light)
    base = palette.color(QPalette.ColorRole.Base)
    if contrast(colour, base) >= MARK_CONTRAST:
        return colour
    return palette.color(QPalette.ColorRole.Text)


def mark_as_text(kind: str, palette: QPalette) -> QColor:
    """A mark's colour for words on the window (4.5:1), else the window's text colour."""
    light, dark = MARKS[kind]
    colour = QColor(dark if is_dark(palette) else light)
    window = palette.color(QPalette.ColorRole.Window)
    if contrast(colour, window) >= TEXT_CONTRAST:
        return colour
    return palette.color(QPalette.ColorRole.WindowText)


def error_text(palette: QPalette) -> QColor:
    light, dark = ERROR_TEXT
    colour = QColor(dark if is_dark(palette) else light)
    window = palette.color(QPalette.ColorRole.Window)
    return (
        colour
        if contrast(colour, window) >= TEXT_CONTRAST
        else palette.color(QPalette.ColorRole.WindowText)
    )


def style_sheet(palette: QPalette) -> str:
    """The application's style sheet, its colours chosen for ``palette``."""
    warning_bg, warning_fg = tint("warning", palette)
    banner_bg, banner_fg = tint("banner", palette)
    border = mark("warning border", palette)
    return (
        "QFrame#card { background: palette(base); border: 1px solid palette(mid); "
        "border-radius: 8px; }\n"
        f"QLabel#error {{ color: {error_text(palette).name()}; }}\n"
        f"QLabel#warning {{ background: {warning_bg.name()}; color: {warning_fg.name()}; "
        f"border: 1px solid {border.name()}; border-radius: 4px; padding: 6px; }}\n"
        f"QLabel#banner {{ background: {banner_bg.name()}; color: {banner_fg.name()}; "
        "padding: 6px; }\n"
    )


def dark_palette() -> QPalette:
    """A dark palette like a dark desktop's (for Fusion), its text at 4.5:1 or more."""
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, "#2b2b2b"),
        (roles.WindowText, "#eeeeee"),
        (roles.Base, "#1e1e1e"),
        (roles.AlternateBase, "#2a2a2a"),
        (roles.ToolTipBase, "#3a3a3a"),
        (roles.ToolTipText, "#f0f0f0"),
        (roles.PlaceholderText, "#a8a8a8"),
        (roles.Text, "#eeeeee"),
        (roles.Button, "#3a3a3a"),
        (roles.ButtonText, "#eeeeee"),
        (roles.BrightText, "#ff7070"),
        (roles.Light, "#505050"),
        (roles.Midlight, "#434343"),
        (roles.Mid, "#6a6a6a"),
        (roles.Dark, "#1a1a1a"),
        (roles.Shadow, "#000000"),
        (roles.Highlight, "#2f65a8"),
        (roles.HighlightedText, "#ffffff"),
        (roles.Link, "#8cb8ff"),
        (roles.LinkVisited, "#c29cff"),
    ):
        palette.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(disabled, role, QColor("#8a8a8a"))
    return palette


def apply_palette_choice(app: QApplication) -> None:
    """``TAC_PALETTE=dark``: Fusion with the dark palette; then the style sheet is made
    for whatever palette the program has (the desktop's, or the dark one)."""
    from tac_desktop.gui.shared.indicators import visible_indicators

    dark = os.environ.get(PALETTE_ENV, "").strip().lower() == "dark"
    app.setStyle(visible_indicators("Fusion" if dark else app.style().name()))
    if dark:
        app.setPalette(dark_palette())
    app.setStyleSheet(style_sheet(app.palette()))
