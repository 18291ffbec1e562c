"""Where the program's data files live, from a checkout or from an installed wheel.

In a checkout they sit at the top (``resources/``, ``forms/``) so they are easy to edit;
the wheel carries them inside the package (``tac_desktop/resources``,
``tac_desktop/forms_ui``, see ``pyproject.toml``). A PyInstaller bundle sets
``sys._MEIPASS`` and keeps the package layout.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    looked = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(f"TAC Desktop's data files are missing (looked in {looked}).")


@cache
def resources_dir() -> Path:
    """The folder holding icons, fonts, agenda templates and style sheets."""
    bundle = Path(getattr(sys, "_MEIPASS", _PACKAGE_DIR))
    return _first_existing(
        _PACKAGE_DIR / "resources",
        bundle / "tac_desktop" / "resources",
        _PACKAGE_DIR.parent / "resources",
    )


@cache
def forms_dir() -> Path:
    """The folder holding the Qt Designer ``.ui`` files."""
    bundle = Path(getattr(sys, "_MEIPASS", _PACKAGE_DIR))
    return _first_existing(
        _PACKAGE_DIR / "forms_ui",
        bundle / "tac_desktop" / "forms_ui",
        _PACKAGE_DIR.parent / "forms",
    )


def resource(*parts: str) -> Path:
    """Path of one resource file, e.g. ``resource("icons", "app.svg")``."""
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"TAC Desktop's data file {'/'.join(parts)} is missing.")
    return path
