"""Check boxes and radio buttons whose edge can be seen in any palette (WCAG 2.2 1.4.11).

Fusion draws an indicator's edge a little darker than the window: on a dark window it
all but disappears (1.4:1), and on Fusion's light grey it is about 2:1. The proxy style
here lets the style draw the indicator, then draws its edge again in a colour chosen
for the palette in use (3:1 at least against the window it sits on).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleFactory, QStyleOption, QWidget

from tac_desktop.gui.shared.palette import MARK_CONTRAST, contrast

_EDGED = {
    QStyle.PrimitiveElement.PE_IndicatorCheckBox,
    QStyle.PrimitiveElement.PE_IndicatorRadioButton,
    QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
}


def indicator_edge(palette: QPalette) -> QColor:
    """A quiet edge colour (the text colour faded towards the window) that still stands
    out 3:1 from the window; the text colour itself when no fading does."""
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    for share in (0.55, 0.7, 0.85):
        mixed = QColor(
            round(text.red() * share + window.red() * (1 - share)),
            round(text.green() * share + window.green() * (1 - share)),
            round(text.blue() * share + window.blue() * (1 - share)),
        )
        if contrast(mixed, window) >= MARK_CONTRAST:
            return mixed
    return text


class VisibleIndicators(QProxyStyle):
    """The program's style (the desktop's, or the one given with ``-style``), with the
    edges of check boxes and radio buttons drawn to be seen."""

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element not in _EDGED:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(indicator_edge(option.palette))
        pen.setWidthF(1.0)
        painter.setPen(pen)
        painter.setBrush(QColor(0, 0, 0, 0))
        box = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
        if element == QStyle.PrimitiveElement.PE_IndicatorRadioButton:
            painter.drawEllipse(box)
        else:
            painter.drawRoundedRect(box, 1.0, 1.0)
        painter.restore()


def visible_indicators(style_name: str) -> VisibleIndicators:
    """``style_name``'s style (e.g. "fusion", "windows11") wrapped by the proxy."""
    base = QStyleFactory.create(style_name)
    return VisibleIndicators(base) if base is not None else VisibleIndicators()
