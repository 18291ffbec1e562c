"""Rows that fold when narrow (issue 17, WCAG 1.4.10/1.4.4): at twice the text size a
row of buttons wider than the page goes on to a second line instead of pushing the page
into a sideways scroll."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLayout, QLayoutItem, QSplitter, QWidget, QWidgetItem


class FlowLayout(QLayout):
    """Widgets left to right, wrapping to a new line when the next does not fit; its
    height follows its width (heightForWidth), so a scroll area gives it the lines."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def addWidget(self, widget: QWidget) -> None:
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        """All on one line."""
        shown = [item.sizeHint() for item in self._items if not item.isEmpty()]
        width = sum(s.width() for s in shown) + self._spacing * max(len(shown) - 1, 0)
        height = max((s.height() for s in shown), default=0)
        return QSize(width, height) + _grow(self.contentsMargins())

    def minimumSize(self) -> QSize:
        """The widest single widget: everything else can go on lines of its own."""
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size + _grow(self.contentsMargins())

    def _place(self, rect: QRect, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if x > area.x() and x + hint.width() > area.right() + 1:
                x, y, line = area.x(), y + line + self._spacing, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y() + margins.bottom()


class FoldingSplitter(QSplitter):
    """Two panes side by side when both fit, one above the other when they do not (at
    twice the text size the case's tabs and its summary cannot share 700 units).

    It asks only for the width of its widest pane, so a scroll area gives it the room
    there is instead of scrolling sideways, and it chooses its orientation from the
    width it is given. The chosen orientation is not a setting: a saved state restores
    the sizes, then the width decides again."""

    def _pane_minimums(self) -> list[QSize]:
        panes = [self.widget(i) for i in range(self.count())]
        return [p.minimumSizeHint().expandedTo(p.minimumSize()) for p in panes if p is not None]

    def minimumSizeHint(self) -> QSize:
        hints = self._pane_minimums()
        if not hints:
            return super().minimumSizeHint()
        width = max(h.width() for h in hints)
        if self.orientation() == Qt.Orientation.Vertical:
            height = sum(h.height() for h in hints) + self.handleWidth() * (len(hints) - 1)
        else:
            height = max(h.height() for h in hints)
        return QSize(width, height)

    def _side_by_side_width(self) -> int:
        widths = [hint.width() for hint in self._pane_minimums()]
        return sum(widths) + self.handleWidth() * max(len(widths) - 1, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        wanted = (
            Qt.Orientation.Horizontal
            if event.size().width() >= self._side_by_side_width()
            else Qt.Orientation.Vertical
        )
        if wanted != self.orientation():
            self.setOrientation(wanted)
            self.updateGeometry()  # the height it needs changes with the orientation
        super().resizeEvent(event)


def _grow(margins: QMargins) -> QSize:
    return QSize(margins.left() + margins.right(), margins.top() + margins.bottom())
