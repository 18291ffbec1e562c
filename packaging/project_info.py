"""The program's name and version as ``pyproject.toml`` gives them, for the build scripts.

The version is dynamic (hatch reads ``__version__`` from the file named by
``[tool.hatch.version] path``); it is resolved here the same way, by reading that file,
so nothing needs to be installed or imported to know it.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_VERSION = re.compile(r"""^__version__\s*=\s*["']([^"']+)["']""", re.MULTILINE)


def pyproject(root: Path = ROOT) -> dict:
    with (root / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)


def name(root: Path = ROOT) -> str:
    """The distribution name, e.g. ``tac-desktop``: the executable's and folder's name."""
    return str(pyproject(root)["project"]["name"])


def version(root: Path = ROOT) -> str:
    data = pyproject(root)
    project = data["project"]
    if "version" not in project.get("dynamic", []):
        return str(project["version"])
    path = data.get("tool", {}).get("hatch", {}).get("version", {}).get("path")
    if not path:
        raise ValueError("pyproject.toml: the version is dynamic but no hatch version path")
    match = _VERSION.search((root / path).read_text(encoding="utf-8"))
    if match is None:
        raise ValueError(f"{path} has no __version__ = '...' line")
    return match.group(1)


def dependencies(root: Path = ROOT) -> list[str]:
    """The distribution names of ``[project] dependencies`` (``PySide6-Essentials``...)."""
    names = []
    for requirement in pyproject(root)["project"].get("dependencies", []):
        match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
        if match:
            names.append(match.group(0))
    return names


def numeric_version(root: Path = ROOT) -> str:
    """``1.2.3`` from ``1.2.3rc1`` etc.: the numbers Windows and macOS want."""
    # The release segment only: "1.2rc1" is 1.2.0 (not 1.2.1), "1!2.0.post3" is 2.0.0.
    release = re.search(r"\d+(?:\.\d+)*", version(root).split("!")[-1])
    numbers = [str(int(n)) for n in release.group(0).split(".")[:3]] if release else []
    return ".".join(numbers + ["0"] * (3 - len(numbers)))


if __name__ == "__main__":
    print(name(), version())
