"""The bundled program's entry point: exactly ``tac-desktop`` (``tac_desktop.__main__``).

PyInstaller freezes this file as the executable's main script; the window, the admin
subcommands and ``--version`` all come from ``tac_desktop.__main__.main``.
"""

import sys

from tac_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
