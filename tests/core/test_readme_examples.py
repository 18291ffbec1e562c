"""README's command-line examples are the ones ``--help`` shows, there is one for every
command, and they run as written, in order, in an empty folder (issue 19).

The demo vault they make uses the real KDF, so this is slow: each command opens it.
"""

from __future__ import annotations

import argparse
import io
import re
import shlex
from pathlib import Path

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from tac_desktop.core import cli
from tests.core.helpers import run_cli
from tests.core.test_reports import REPORT, fill_with_pypdf

README = Path(__file__).resolve().parents[2] / "README.md"
PASSPHRASE = "an invented passphrase"
NEW_PASSPHRASE = "a third one"
PASSWORD = "another one"


def _section(heading: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(heading)
    following = re.search(r"^## ", text[start + len(heading) :], flags=re.MULTILINE)
    return text[start : start + len(heading) + (following.start() if following else len(text))]


def readme_examples() -> list[str]:
    examples = _section("### Examples")
    block = re.search(r"```sh\n(.*?)```", examples, flags=re.DOTALL)
    assert block is not None, "README's Examples have a ```sh block"
    return [line for line in block.group(1).splitlines() if line.startswith("tac-desktop ")]


def _commands(parser: argparse.ArgumentParser, words: str = "") -> list[str]:
    """Every command's words (``vault check``, ``export calendar``...)."""
    found: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                key = f"{words} {name}".strip()
                found += _commands(sub, key) or [key]
    return found


def test_readme_and_help_show_the_same_examples_one_per_command() -> None:
    assert readme_examples() == list(cli.EXAMPLES.values())
    commands = _commands(cli.build_parser())
    assert sorted(key for key in cli.EXAMPLES if key) == sorted(commands)
    for words, line in cli.EXAMPLES.items():
        assert line.startswith(f"tac-desktop {words}".rstrip() + " ")
    table = _section("## Command line")
    for words in commands:  # each command has its line in the table
        assert re.search(rf"^tac-desktop {re.escape(words)} ", table, flags=re.MULTILINE), words


def test_each_command_help_shows_its_example() -> None:
    for words in _commands(cli.build_parser()):
        result = run_cli(*words.split(), "--help", passphrase=None)
        assert result.returncode == 0, result.stderr
        assert cli.EXAMPLES[words] in result.stdout
        assert "Example:" in result.stdout
    top = run_cli("--help", passphrase=None)
    for line in cli.EXAMPLES.values():
        assert line in top.stdout
    assert "TAC_DOCUMENT_PASSWORD" in top.stdout and "-style fusion" in top.stdout


@pytest.mark.slow
def test_the_readme_examples_run_in_order(tmp_path: Path) -> None:
    env = {
        "TAC_DOCUMENT_PASSWORD": PASSWORD,
        "TAC_CASE_PASSPHRASE": "a fourth one",
        "TAC_POLICY_FILE": str(tmp_path / "no-policy.toml"),
        "TAC_EXIT_WHEN_SHOWN": "1",  # the window's example opens it and quits
        "QT_QPA_PLATFORM": "offscreen",
    }
    for line in readme_examples():
        args = shlex.split(line)[1:]
        if args[:2] == ["import", "report"]:  # the professional fills the form in
            form = (tmp_path / "report-form.pdf").read_bytes()
            (tmp_path / "returned-form.pdf").write_bytes(fill_with_pypdf(form, REPORT))
        result = run_cli(
            *args,
            passphrase=PASSPHRASE,
            new_passphrase=NEW_PASSPHRASE,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )
        output = result.stdout + result.stderr
        assert result.returncode == 0, f"{line}\n{output}"
        assert "Traceback" not in output, line

    # What they made is what they said.
    minutes = PdfReader(io.BytesIO((tmp_path / "minutes.pdf").read_bytes()))
    assert minutes.is_encrypted and minutes.decrypt(PASSWORD)
    invitation = Calendar.from_ical((tmp_path / "review.ics").read_bytes())
    [event] = invitation.walk("VEVENT")
    assert "TAC-2026-0101" in str(event["summary"])
    assert str(event["organizer"]).startswith("mailto:")
    for made in ("summary.pdf", "safety-plan.pdf", "TAC-2026-0101.tac-case", "My cases.tacvault"):
        assert (tmp_path / made).is_file(), made
