"""The window as a screen reader sees it, through the accessibility bus (AT-SPI).

Run with the system Python that has pyatspi, while the program runs on the same bus:

    scripts/atspi_tree.sh list             # starts Xvfb, a D-Bus session, the AT-SPI
    scripts/atspi_tree.sh meeting TAC-2026-0102 think_family   # bus and show_window.py

It prints each object's role, name and states, indented, and ends with a count of the
controls a screen reader would announce without a name (push buttons, check boxes,
radio buttons, text boxes, combo boxes, tables, lists, trees, tabs, sliders, spin
boxes), listing each. The exit status is the number of those (0: all named).
"""

from __future__ import annotations

import sys
import time

import pyatspi  # type: ignore[import-not-found]

APP_NAMES = ("TAC Desktop", "show_window.py", "python3", "python")
CONTROLS = {
    "push button",
    "toggle button",
    "check box",
    "radio button",
    "text",
    "password text",
    "entry",
    "combo box",
    "table",
    "tree table",
    "list",
    "tree",
    "page tab",
    "slider",
    "spin button",
    "date editor",
}


def find_app(timeout: float = 150) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            if app is not None and app.name in APP_NAMES and app.childCount:
                return app
        time.sleep(0.5)
    raise SystemExit("The program did not appear on the accessibility bus.")


def walk(node: object, depth: int, unnamed: list[str], path: str) -> None:
    try:
        role = node.getRoleName()
        name = node.name or ""
        states = node.getState()
    except Exception:  # an object gone while walking
        return
    showing = states.contains(pyatspi.STATE_SHOWING)
    if not showing and depth > 1:
        return
    marks = [
        s
        for s in ("focusable", "focused", "selected")
        if states.contains(getattr(pyatspi, "STATE_" + s.upper()))
    ]
    print(f"{'  ' * depth}{role}: {name!r}" + (f"  [{', '.join(marks)}]" if marks else ""))
    here = f"{path} > {role} {name!r}"
    if role in CONTROLS and not name.strip() and states.contains(pyatspi.STATE_FOCUSABLE):
        unnamed.append(here)
    if role in ("table cell", "list item", "tree item") and depth > 6:
        return  # a table's cells: the first few rows are enough to see how they read
    for index in range(min(node.childCount, 60)):
        walk(node.getChildAtIndex(index), depth + 1, unnamed, here)


def main() -> int:
    app = find_app()
    time.sleep(float(sys.argv[1]) if len(sys.argv) > 1 else 0)
    unnamed: list[str] = []
    walk(app, 0, unnamed, "")
    print(f"\n{len(unnamed)} controls without a name")
    for item in unnamed:
        print("  " + item)
    return len(unnamed)


if __name__ == "__main__":
    sys.exit(main())
