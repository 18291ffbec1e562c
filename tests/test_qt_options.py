"""Qt's own options (``-style fusion``, ``-platform offscreen``, ``-reverse``...) reach Qt
when the window opens (issue 19); a command still refuses what it does not know."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tac_desktop.__main__ import main, qt_options


@pytest.mark.parametrize(
    ("argv", "ours", "qt"),
    [
        ([], [], []),
        (["--demo", "-style", "fusion"], ["--demo"], ["-style", "fusion"]),
        (["-style=fusion", "--demo", "-reverse"], ["--demo"], ["-style=fusion", "-reverse"]),
        (
            ["-platform", "offscreen", "--vault", "a.tacvault", "-qwindowtitle", "Cases"],
            ["--vault", "a.tacvault"],
            ["-platform", "offscreen", "-qwindowtitle", "Cases"],
        ),
        (["-style"], ["-style"], []),  # no value: left for the parser to refuse
        (["-frobnicate", "--demo"], ["-frobnicate", "--demo"], []),
        (["--style", "fusion"], ["--style", "fusion"], []),  # ours are double-dash
    ],
)
def test_qt_options_are_taken_out_with_their_values(
    argv: list[str], ours: list[str], qt: list[str]
) -> None:
    assert qt_options(argv) == (ours, qt)


def test_the_window_gets_qt_options(monkeypatch: pytest.MonkeyPatch) -> None:
    import tac_desktop.gui.shell.app as app

    calls: list[tuple[Path | None, bool, list[str]]] = []

    def run_gui(
        vault_path: Path | None = None,
        demo: bool = False,
        qt_arguments: list[str] = (),  # type: ignore[assignment]
    ) -> int:
        calls.append((vault_path, demo, list(qt_arguments)))
        return 0

    monkeypatch.setattr(app, "run_gui", run_gui)
    assert main(["--demo", "-style", "fusion", "-reverse"]) == 0
    assert main(["-platform=offscreen", "--vault", "x.tacvault"]) == 0
    assert calls == [
        (None, True, ["-style", "fusion", "-reverse"]),
        (Path("x.tacvault"), False, ["-platform=offscreen"]),
    ]


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tac_desktop", *args],
        env={**os.environ, **env},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_qt_reads_them_from_the_command_line() -> None:
    """A platform plug-in that does not exist in the environment: the window opens only
    because Qt took ``-platform offscreen`` from the command line."""
    broken = {"QT_QPA_PLATFORM": "no-such-platform", "TAC_EXIT_WHEN_SHOWN": "1"}
    without = _run(**broken)
    assert without.returncode != 0
    assert "no-such-platform" in without.stderr
    shown = _run("--demo", "-platform", "offscreen", "-style", "fusion", "-reverse", **broken)
    assert shown.returncode == 0, shown.stderr
    assert "Traceback" not in shown.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "refused"),
    [
        (("cases", "x.tacvault", "-style", "fusion"), "unrecognized arguments: -style fusion"),
        (("-frobnicate",), "unrecognized arguments: -frobnicate"),
        (("--demo", "-style"), "unrecognized arguments: -style"),
    ],
)
def test_what_is_not_qts_is_refused_plainly(args: tuple[str, ...], refused: str) -> None:
    result = _run(*args, TAC_EXIT_WHEN_SHOWN="1")
    assert result.returncode == 2
    assert refused in result.stderr
    assert result.stderr.startswith("usage: tac-desktop")
    assert "Traceback" not in result.stderr
