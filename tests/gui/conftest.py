"""The window over a fresh demo vault, locked (as it starts): the screens' tests begin here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tac_desktop.core.demo import create_demo_vault
from tac_desktop.core.vault import KdfParams
from tac_desktop.gui.shared.settings import Settings
from tac_desktop.gui.shell.main_window import MainWindow
from tests.conftest import PASSPHRASE


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    path = tmp_path / "demo.tacvault"
    create_demo_vault(path, PASSPHRASE, KdfParams.fast_for_tests()).close()
    return path


@pytest.fixture
def window(qtbot, demo_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    main = MainWindow(Settings())
    qtbot.addWidget(main)
    main.show()
    main.activateWindow()  # keyboard focus checks need the active window
    main.start(demo_path)
    yield main
    main.close()
