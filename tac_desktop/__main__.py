"""``tac-desktop``: the window by default, the admin command line with a command.

This module is the only place that knows both ``core`` and ``gui``. Opening the window
skips the admin command line's parser and modules, so the unlock screen appears sooner.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

COMMANDS = frozenset({"vault", "demo", "cases", "export", "import"})
ADMIN_FLAGS = frozenset({"-h", "--help", "--version"})


def _window_arguments(argv: list[str]) -> argparse.Namespace | None:
    """``--vault PATH`` / ``--demo`` alone: the window. Anything else: the full parser."""
    if any(arg in COMMANDS or arg in ADMIN_FLAGS for arg in argv):
        return None
    parser = argparse.ArgumentParser(prog="tac-desktop", add_help=False)
    parser.add_argument("--vault", type=Path)
    parser.add_argument("--demo", action="store_true")
    arguments, unknown = parser.parse_known_args(argv)
    return None if unknown else arguments


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    window = _window_arguments(arguments)
    if window is not None:
        from tac_desktop.gui.shell.app import run_gui

        return run_gui(vault_path=window.vault, demo=window.demo)

    from tac_desktop.core import cli
    from tac_desktop.core.logs import setup_logging

    args = cli.build_parser().parse_args(arguments)
    setup_logging()
    if args.command is None:  # e.g. a misspelt option was reported by the full parser
        from tac_desktop.gui.shell.app import run_gui

        return run_gui(vault_path=args.vault, demo=args.demo)
    return cli.run(args)


if __name__ == "__main__":
    sys.exit(main())
