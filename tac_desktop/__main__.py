"""``tac-desktop``: the window by default, the admin command line with a command.

This module is the only place that knows both ``core`` and ``gui``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from tac_desktop.core import cli
    from tac_desktop.core.logs import setup_logging

    args = cli.build_parser().parse_args(argv)
    setup_logging()
    if args.command is not None:
        return cli.run(args)
    from tac_desktop.gui.app import run_gui

    return run_gui(vault_path=args.vault, demo=args.demo)


if __name__ == "__main__":
    sys.exit(main())
