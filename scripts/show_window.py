"""Open the window on the demo families at a given place, for screenshots.

    ../shared/tools/screenshot out.png 8 -- python scripts/show_window.py case TAC-2026-0102
    python scripts/show_window.py unlock | create | list | case REF | person REF
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer

from tac_desktop.core.demo import DEMO_PASSPHRASE, create_demo_vault
from tac_desktop.core.vault import KdfParams
from tac_desktop.gui.app import create_application
from tac_desktop.gui.main_window import MainWindow
from tac_desktop.gui.settings import Settings


def main() -> int:
    where = sys.argv[1] if len(sys.argv) > 1 else "list"
    reference = sys.argv[2] if len(sys.argv) > 2 else "TAC-2026-0101"
    app = create_application()
    folder = Path(tempfile.mkdtemp(prefix="tac-shot-"))
    path = folder / "Demo.tacvault"
    window = MainWindow(Settings(), demo_folder=folder)
    window.show()
    if where == "create":
        window.start(None)
        window.show_create(can_go_back=False)
    elif where == "unlock":
        create_demo_vault(path, DEMO_PASSPHRASE, KdfParams.fast_for_tests()).close()
        window.start(path)
    else:
        vault = create_demo_vault(path, DEMO_PASSPHRASE, KdfParams.fast_for_tests())
        window.use_vault(vault, remember=False)
        if where in ("case", "person"):
            window.open_case(reference)
        if where == "person" and window.workspace is not None:
            table = window.workspace.people_table
            table.setCurrentIndex(window.workspace.people_model.index(1, 0))
            QTimer.singleShot(300, window.workspace.edit_person)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
