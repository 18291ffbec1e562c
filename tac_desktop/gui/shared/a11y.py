"""Keyboard and screen-reader help shared by every screen (WCAG 2.2 2.4.7, 2.4.11, 1.4.4).

- ``FocusFollower``: wherever the focus goes (Tab, an Alt letter, a dialog's "go to"),
  every scroll area around it scrolls so that it can be seen. One app-wide handler of
  ``QApplication.focusChanged``, so no screen has to remember to do it.
- ``fit_to_screen``: a window's size cut to the screen it is on, so at twice the text
  size nothing starts off-screen.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QScrollArea, QWidget

# Room kept around a focused widget when it is scrolled into view (pixels).
MARGIN = 24


def scroll_into_view(widget: QWidget) -> None:
    """Scroll each ``QScrollArea`` around ``widget``, innermost first, to show it.

    A widget taller than its area (a long notes box) shows its top, where the cursor
    starts; a big table inside a scroll area shows its current row's line."""
    child = widget
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea) and parent.widget() is not None:
            inner = parent.widget()
            if inner is not None and inner.isAncestorOf(child):
                viewport = parent.viewport().height()
                margin_y = MARGIN if child.height() + 2 * MARGIN <= viewport else 0
                parent.ensureWidgetVisible(child, MARGIN, margin_y)
                if child.height() > viewport:
                    top = child.mapTo(inner, child.rect().topLeft())
                    parent.verticalScrollBar().setValue(max(0, top.y() - MARGIN // 2))
            child = parent
        elif isinstance(parent, QAbstractScrollArea) and not isinstance(parent, QScrollArea):
            child = parent  # an item view's own viewport: it scrolls to its current item
        parent = parent.parentWidget()


class FocusFollower(QObject):
    """Scrolls the focused widget into view on every focus change (installed once)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        if now is None:
            return
        scroll_into_view(now)
        # Once more after layouts settle (a section page shown by the same key press).
        QTimer.singleShot(0, self, lambda: self._again(now))

    def _again(self, widget: QWidget) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication) and app.focusWidget() is widget:
            scroll_into_view(widget)


def follow_focus() -> None:
    """Install the ``FocusFollower`` on the application, once."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if app.findChild(FocusFollower) is None:
        FocusFollower(app)


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize ``window`` to ``width`` × ``height`` or the screen's free area, if smaller
    (a little room left for the window's frame)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(width, height)
        return
    free = screen.availableGeometry()
    window.resize(min(width, free.width() - 16), min(height, free.height() - 48))


def tab_into(first: QWidget, container: QWidget) -> None:
    """Put ``container``'s own controls right after ``first`` in the Tab order, in the
    order they were made (widgets made later, such as editors built for a record,
    otherwise come after everything else in the window)."""
    previous = first
    for widget in container.findChildren(QWidget):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None:
            QWidget.setTabOrder(previous, widget)
            previous = widget
