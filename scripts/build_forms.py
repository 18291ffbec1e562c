"""Compile forms/*.ui into tac_desktop/gui/forms/ui_*.py with pyside6-uic.

    python scripts/build_forms.py           # regenerate
    python scripts/build_forms.py --check   # exit 1 if any generated file is stale

The generated files are committed (so a wheel needs no uic) and never edited by hand.
The uic version line is dropped, so a different PySide6 patch release is not "stale".
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "forms"
OUT = ROOT / "tac_desktop" / "gui" / "forms"
HEADER = "# Generated from forms/{name} by scripts/build_forms.py. Do not edit.\n"


def _uic() -> list[str]:
    found = shutil.which("pyside6-uic") or str(Path(sys.executable).with_name("pyside6-uic"))
    return [found]


def compile_form(ui: Path) -> str:
    result = subprocess.run(
        [*_uic(), "-g", "python", str(ui)],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = [
        line
        for line in result.stdout.splitlines(keepends=True)
        if "Created by: Qt User Interface Compiler" not in line
        and "WARNING! All changes made in this file will be lost" not in line
    ]
    return HEADER.format(name=ui.name) + "".join(lines)


def main() -> int:
    check = "--check" in sys.argv
    stale = []
    OUT.mkdir(exist_ok=True)
    init = OUT / "__init__.py"
    if not init.exists():
        init.write_text('"""Generated Qt Designer forms (see scripts/build_forms.py)."""\n')
    for ui in sorted(FORMS.glob("*.ui")):
        target = OUT / f"ui_{ui.stem}.py"
        code = compile_form(ui)
        if check:
            if not target.exists() or target.read_text(encoding="utf-8") != code:
                stale.append(target.name)
        else:
            target.write_text(code, encoding="utf-8")
    if stale:
        print("Stale generated forms (run python scripts/build_forms.py): " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
