"""Build the installable program on this operating system (see packaging/README.md).

    python packaging/build.py                          # dist/ and build/ in the checkout
    python packaging/build.py --dist DIR --work DIR    # anywhere else

Linux    DIST/tac-desktop/ (the bundle, its .desktop file, icon and install.sh) and
         DIST/tac-desktop-VERSION-linux-ARCH.tar.gz
Windows  DIST\\tac-desktop\\ and, when Inno Setup 6 is installed,
         DIST\\TAC-Desktop-VERSION-setup.exe (packaging/windows/tac-desktop.iss)
macOS    DIST/TAC Desktop.app and DIST/TAC-Desktop-VERSION.dmg (unsigned: see the README)

Needs PyInstaller in the same Python: ``pip install '.[package]'``.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import project_info

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "tac-desktop.spec"
ISS = HERE / "windows" / "tac-desktop.iss"
ISCC_PLACES = (
    Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)")) / "Inno Setup 6",
    Path(os.environ.get("PROGRAMFILES", r"C:\Program Files")) / "Inno Setup 6",
    Path(os.environ.get("LOCALAPPDATA", "")) / "Programs" / "Inno Setup 6",
)


def pyinstaller(dist: Path, work: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(SPEC),
        ],
        check=True,
    )


def linux_archive(dist: Path, version: str) -> Path:
    """A .tar.gz of the bundle folder (symlinks kept), for IT to unpack and install.sh."""
    archive = dist / f"tac-desktop-{version}-linux-{platform.machine()}.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(dist / "tac-desktop", arcname=f"tac-desktop-{version}")
    return archive


def windows_installer(dist: Path, version: str) -> Path | None:
    iscc = shutil.which("iscc") or next(
        (str(p / "ISCC.exe") for p in ISCC_PLACES if (p / "ISCC.exe").is_file()), None
    )
    if iscc is None:
        print("Inno Setup 6 (ISCC.exe) not found: the bundle is built, the installer is not.")
        return None
    subprocess.run(
        [
            iscc,
            f"/DAppVersion={version}",
            f"/DNumericVersion={project_info.numeric_version()}",
            f"/DDistDir={dist / 'tac-desktop'}",
            f"/DOutputDir={dist}",
            str(ISS),
        ],
        check=True,
    )
    return dist / f"TAC-Desktop-{version}-setup.exe"


def macos_disk_image(dist: Path, work: Path, version: str) -> Path:
    """The .app and a link to /Applications, to drag it onto, at the image's top level.

    hdiutil puts the contents of -srcfolder at the image's top level, so the .app is
    staged in a folder of its own (ditto keeps its symlinks and attributes).
    """
    image = dist / f"TAC-Desktop-{version}.dmg"
    staging = work / "dmg"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    subprocess.run(
        ["ditto", str(dist / "TAC Desktop.app"), str(staging / "TAC Desktop.app")], check=True
    )
    (staging / "Applications").symlink_to("/Applications")
    subprocess.run(
        [
            "hdiutil",
            "create",
            "-volname",
            "TAC Desktop",
            "-srcfolder",
            str(staging),
            "-ov",
            "-format",
            "UDZO",
            str(image),
        ],
        check=True,
    )
    return image


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the results go")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller's work")
    parser.add_argument(
        "--no-archive", action="store_true", help="the bundle folder only (no tar.gz/setup/dmg)"
    )
    args = parser.parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()
    version = project_info.version()

    pyinstaller(dist, work)
    made = [dist / ("TAC Desktop.app" if sys.platform == "darwin" else "tac-desktop")]
    if not args.no_archive:
        if sys.platform == "win32":
            installer = windows_installer(dist, version)
            made += [installer] if installer else []
        elif sys.platform == "darwin":
            made.append(macos_disk_image(dist, work, version))
        else:
            made.append(linux_archive(dist, version))
    for path in made:
        print(f"built {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
