"""``tac-desktop``: the window by default, the admin command line with a command.

This module is the only place that knows both ``core`` and ``gui``. Opening the window
skips the admin command line's parser and modules, so the unlock screen appears sooner:
the usual ``--vault PATH`` / ``--demo`` are read by hand, and anything else goes to
argparse (which answers the same for the usual forms; a test compares the two).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

COMMANDS = frozenset({"vault", "demo", "cases", "meetings", "actions", "export", "import"})
ADMIN_FLAGS = frozenset({"-h", "--help", "--version"})

# Qt's own options (QApplication's and QGuiApplication's), handed to Qt when the window
# opens: "-style fusion" or "-style=fusion", and flags alone. A command refuses them.
QT_OPTIONS = frozenset(
    {
        "-style", "-stylesheet", "-platform", "-platformpluginpath", "-platformtheme",
        "-plugin", "-qmljsdebugger", "-qwindowgeometry", "-qwindowicon", "-qwindowtitle",
        "-session", "-display", "-geometry", "-title", "-name",
    }
)  # fmt: skip
QT_FLAGS = frozenset({"-reverse", "-widgetcount", "-nograb", "-dograb"})

WindowArguments = tuple[Path | None, bool]  # the vault to unlock, demo mode


def _plain_window_arguments(argv: list[str]) -> WindowArguments | None:
    """Only ``--demo``, ``--vault PATH`` and ``--vault=PATH`` as spelt here; None for
    anything else (an abbreviation, a value starting with "-", an unknown word), which
    then goes to argparse. ``import argparse`` costs a few ms before the window."""
    vault: Path | None = None
    demo = False
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg == "--demo":
            demo = True
        elif arg.startswith("--vault="):
            vault = Path(arg.removeprefix("--vault="))
        elif arg == "--vault" and index + 1 < len(argv) and not argv[index + 1].startswith("-"):
            index += 1
            vault = Path(argv[index])
        else:
            return None
        index += 1
    return vault, demo


def _window_arguments(argv: list[str]) -> WindowArguments | None:
    """``--vault PATH`` / ``--demo`` alone: the window. Anything else: the full parser."""
    if any(arg in COMMANDS or arg in ADMIN_FLAGS for arg in argv):
        return None
    plain = _plain_window_arguments(argv)
    return plain if plain is not None else _parsed_window_arguments(argv)


def _parsed_window_arguments(argv: list[str]) -> WindowArguments | None:
    import argparse

    parser = argparse.ArgumentParser(prog="tac-desktop", add_help=False)
    parser.add_argument("--vault", type=Path)
    parser.add_argument("--demo", action="store_true")
    arguments, unknown = parser.parse_known_args(argv)
    return None if unknown else (arguments.vault, arguments.demo)


def qt_options(argv: list[str]) -> tuple[list[str], list[str]]:
    """(ours, Qt's): Qt's own options taken out of the command line, with their values."""
    ours: list[str] = []
    qt: list[str] = []
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg in QT_FLAGS or (arg.partition("=")[0] in QT_OPTIONS and "=" in arg):
            qt.append(arg)
        elif arg in QT_OPTIONS and index + 1 < len(argv):
            qt += argv[index : index + 2]
            index += 1
        else:
            ours.append(arg)
        index += 1
    return ours, qt


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    ours, qt = qt_options(arguments)
    window = _window_arguments(ours)
    if window is not None:
        from tac_desktop.gui.shell.app import run_gui

        vault_path, demo = window
        return run_gui(vault_path=vault_path, demo=demo, qt_arguments=qt)

    from tac_desktop.core import cli
    from tac_desktop.core.logs import setup_logging

    command = any(arg in COMMANDS or arg in ADMIN_FLAGS for arg in ours)
    args = cli.build_parser().parse_args(arguments if command else ours)  # a command: no Qt
    setup_logging()
    if args.command is None:  # e.g. a misspelt option was reported by the full parser
        from tac_desktop.gui.shell.app import run_gui

        return run_gui(vault_path=args.vault, demo=args.demo, qt_arguments=qt)
    return cli.run(args)


if __name__ == "__main__":
    sys.exit(main())
