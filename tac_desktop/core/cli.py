"""The admin command line: scriptable vault and case operations, no screen needed.

Heavy modules (SQLAlchemy, argon2, the vault) are imported inside each command, so
parsing the arguments to start the window costs nothing.

Exit codes: 0 done; 1 the command could not be done (a plain message says why);
2 the command line itself was wrong; 130 interrupted.
"""

from __future__ import annotations

import argparse
import getpass
import io
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from tac_desktop import APP_NAME, __version__
from tac_desktop.core.errors import InvalidInput, TacError
from tac_desktop.core.logs import log_unexpected

if TYPE_CHECKING:  # only for the annotation: the services load when a command runs
    from tac_desktop.core.documents import Document
    from tac_desktop.core.practice.readers import Reader
    from tac_desktop.core.services.reports import ReportPreview
    from tac_desktop.core.vault import Vault
    from tac_desktop.core.vault.recovery import RecoveryPrivateKey

PASSPHRASE_ENV = "TAC_VAULT_PASSPHRASE"
DOCUMENT_PASSWORD_ENV = "TAC_DOCUMENT_PASSWORD"
NEW_PASSPHRASE_ENV = "TAC_NEW_VAULT_PASSPHRASE"
CASE_PASSPHRASE_ENV = "TAC_CASE_PASSPHRASE"
RECOVERY_KEY_PASSPHRASE_ENV = "TAC_RECOVERY_KEY_PASSPHRASE"
SHORT_PASSPHRASE = 10

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

log = logging.getLogger(__name__)

MEETING_HELP = "the meeting's number, as 'tac-desktop meetings VAULT REF' lists it"

# One example per command, in an order that runs as it stands on a new demo vault (the
# README shows the same lines, and a test runs them from there).
EXAMPLES: dict[str, str] = {
    "demo": "tac-desktop demo Demo.tacvault",
    "cases": "tac-desktop cases Demo.tacvault",
    "meetings": "tac-desktop meetings Demo.tacvault TAC-2026-0101",
    "actions": "tac-desktop actions Demo.tacvault --overdue --json",
    "export minutes": "tac-desktop export minutes Demo.tacvault TAC-2026-0101 1 -o minutes.pdf "
    "--password",
    "export summary": "tac-desktop export summary Demo.tacvault TAC-2026-0101 1 "
    '--agency "Riverside CAMHS" -o summary.pdf',
    "export report-form": "tac-desktop export report-form Demo.tacvault TAC-2026-0101 2 "
    '--professional "Dr Samuel Osei" -o report-form.pdf',
    "import report": "tac-desktop import report Demo.tacvault returned-form.pdf --yes",
    "export safety-plan": "tac-desktop export safety-plan Demo.tacvault TAC-2026-0101 "
    "-o safety-plan.pdf",
    "export calendar": "tac-desktop export calendar Demo.tacvault TAC-2026-0101 2 -o review.ics",
    "export case": "tac-desktop export case Demo.tacvault TAC-2026-0101 -o TAC-2026-0101.tac-case",
    "import case": "tac-desktop import case Demo.tacvault TAC-2026-0101.tac-case "
    "--new-reference TAC-2026-0199",
    "vault check": "tac-desktop vault check Demo.tacvault",
    "vault salvage": "tac-desktop vault salvage Demo.tacvault",
    "vault backup": 'tac-desktop vault backup Demo.tacvault "Demo backup.tacvault"',
    "vault restore": 'tac-desktop vault restore "Demo backup.tacvault" Demo.tacvault --replace',
    "recovery new-key": "tac-desktop recovery new-key --out .",
    "vault set-recovery": "tac-desktop vault set-recovery Demo.tacvault "
    "--public-key tac-recovery.public.pem",
    "vault info": "tac-desktop vault info Demo.tacvault",
    "retention": "tac-desktop retention Demo.tacvault",
    "vault change-passphrase": "tac-desktop vault change-passphrase Demo.tacvault",
    "vault recover": "tac-desktop vault recover Demo.tacvault "
    "--recovery-key tac-recovery.private.pem",
    "vault create": 'tac-desktop vault create "My cases.tacvault" --chair-name "Robin Example" '
    '--chair-role "Early help coordinator" --chair-agency "Riverside Family Hub" '
    "--chair-email robin.example@riverside-hub.example",
    "": "tac-desktop --demo -style fusion",  # the window, with one of Qt's own options
}


class _HelpFormatter(argparse.HelpFormatter):
    """Wraps each paragraph of prose; keeps example lines (indented) as they are."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        lines = []
        for line in text.splitlines():
            keep = line.startswith("  ") or not line
            lines.append(indent + line if keep else super()._fill_text(line, width, indent))
        return "\n".join(lines)


def _examples(words: str) -> str:
    found = [line for key, line in EXAMPLES.items() if key == words or key.startswith(f"{words} ")]
    heading = "Example:" if len(found) == 1 else "Examples:"
    return heading + "\n" + "\n".join(f"  {line}" for line in found)


def _describe(parser: argparse.ArgumentParser, words: str = "") -> None:
    """Each command's --help: what it does (its line in the list above it) and its
    example; the same formatter all the way down."""
    parser.formatter_class = _HelpFormatter
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            for name, sub in action.choices.items():
                said = helps.get(name, "")
                sub.description = sub.description or f"{said[:1].upper()}{said[1:]}."
                key = f"{words} {name}".strip()
                sub.epilog = _examples(key)
                _describe(sub, key)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tac-desktop",
        description=f"{APP_NAME}: chair Team Around the Child meetings and keep each "
        "family's case in an encrypted vault. With no command, the program opens.",
        epilog=f"Passphrases come from {PASSPHRASE_ENV} (and {NEW_PASSPHRASE_ENV} for a new "
        f"one) when set, otherwise from a prompt that does not echo. A PDF's password "
        f"(--password) comes from {DOCUMENT_PASSWORD_ENV} or the same kind of prompt, never "
        "from the command line.\n"
        f"A sealed case file's passphrase comes from {CASE_PASSPHRASE_ENV} or a prompt; a "
        f"locked recovery key's from {RECOVERY_KEY_PASSPHRASE_ENV} or a prompt.\n"
        "MEETING is a meeting's number: 'tac-desktop meetings VAULT REF' lists a case's "
        "meetings with theirs, and the program's Meetings tab shows it. Listings (cases, "
        "meetings, actions) print one tab-separated line per item, or JSON with --json, and "
        "change nothing in the vault.\n"
        "Qt's own options (-style fusion, -platform offscreen, -reverse, ...) are passed to "
        "Qt when the program opens.\n"
        "Exit codes: 0 done; 1 could not be done (a plain message says why); 2 the command "
        "line was wrong.\n\n"
        "Examples, in an order that runs on a new demo vault:\n"
        + "\n".join(f"  {line}" for line in EXAMPLES.values()),
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--vault", type=Path, metavar="PATH", help="open this vault")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a throwaway vault holding invented demo families",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    vault = commands.add_parser("vault", help="create, check, back up or restore a vault")
    vault_commands = vault.add_subparsers(dest="vault_command", metavar="ACTION", required=True)

    create = vault_commands.add_parser("create", help="create a new, empty vault")
    create.add_argument("path", type=Path)
    create.add_argument(
        "--chair-name", default=None, help="the chair who owns the vault (default: your login name)"
    )
    create.add_argument("--chair-role", default="", help="the chair's role")
    create.add_argument("--chair-agency", default="", help="the chair's agency")
    create.add_argument(
        "--chair-email",
        default=None,
        metavar="ADDRESS",
        help="the chair's e-mail address, the organiser of calendar invitations",
    )
    create.add_argument(
        "--recovery-public-key",
        type=Path,
        default=None,
        metavar="FILE",
        help="also seal the vault's key to this service recovery public key (without it, the "
        "key in the computer's policy file, if IT placed one)",
    )
    create.set_defaults(handler=_vault_create)

    info = vault_commands.add_parser(
        "info",
        help="say what the key file tells without the passphrase: whether the vault is "
        "recoverable, and with which recovery key",
    )
    info.add_argument("path", type=Path)
    info.set_defaults(handler=_vault_info)

    set_recovery = vault_commands.add_parser(
        "set-recovery",
        help="seal the vault's key to a service recovery public key too, so IT can set a new "
        "passphrase if it is forgotten",
    )
    set_recovery.add_argument("path", type=Path)
    set_recovery.add_argument(
        "--public-key", type=Path, required=True, metavar="FILE", help="the .public.pem file"
    )
    set_recovery.set_defaults(handler=_vault_set_recovery)

    recover = vault_commands.add_parser(
        "recover",
        help="set a new passphrase on a vault whose passphrase is forgotten, with the "
        "service's recovery private key (recorded in the audit log)",
    )
    recover.add_argument("path", type=Path)
    recover.add_argument(
        "--recovery-key",
        type=Path,
        required=True,
        metavar="FILE",
        help=f"the .private.pem file (its passphrase, if locked, from "
        f"{RECOVERY_KEY_PASSPHRASE_ENV} or asked for)",
    )
    recover.set_defaults(handler=_vault_recover)

    check = vault_commands.add_parser(
        "check", help="check a vault: exit 0 when healthy, 1 with the problems otherwise"
    )
    check.add_argument("path", type=Path)
    check.set_defaults(handler=_vault_check)

    salvage = vault_commands.add_parser(
        "salvage",
        help="open a vault that damage (a damaged -wal, an audit log behind its record) "
        "stops from opening, keeping what can be read and recording the loss",
    )
    salvage.add_argument("path", type=Path)
    salvage.set_defaults(handler=_vault_salvage)

    backup = vault_commands.add_parser("backup", help="write an encrypted copy of a vault")
    backup.add_argument("path", type=Path)
    backup.add_argument("destination", type=Path)
    backup.set_defaults(handler=_vault_backup)

    restore = vault_commands.add_parser("restore", help="put a backup in place as a vault")
    restore.add_argument("backup", type=Path)
    restore.add_argument("path", type=Path)
    restore.add_argument(
        "--replace",
        action="store_true",
        help="replace an existing vault (it is kept aside, not deleted)",
    )
    restore.set_defaults(handler=_vault_restore)

    change = vault_commands.add_parser("change-passphrase", help="change a vault's passphrase")
    change.add_argument("path", type=Path)
    change.set_defaults(handler=_vault_change_passphrase)

    recovery = commands.add_parser("recovery", help="the service's recovery key (for IT): make one")
    recovery_commands = recovery.add_subparsers(
        dest="recovery_command", metavar="ACTION", required=True
    )
    new_key = recovery_commands.add_parser(
        "new-key",
        help="make a recovery key pair: tac-recovery.private.pem (keep it offline) and "
        "tac-recovery.public.pem (give it to every computer, or put it in the policy file)",
    )
    new_key.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="the folder to write them in"
    )
    new_key.add_argument(
        "--lock",
        action="store_true",
        help=f"lock the private half with a passphrase (from {RECOVERY_KEY_PASSPHRASE_ENV} or "
        "asked for twice)",
    )
    new_key.set_defaults(handler=_recovery_new_key)

    retention = commands.add_parser(
        "retention",
        help="list the cases and when the service's rules let each be destroyed; the closed "
        "cases past that date first (or destroy one with --destroy)",
    )
    retention.add_argument("path", type=Path, metavar="VAULT")
    retention.add_argument(
        "--destroy",
        metavar="REF",
        default=None,
        help="destroy this closed case, past its date: every record and document of it",
    )
    retention.add_argument(
        "--reason", default=None, metavar="TEXT", help="why it is destroyed (needed with --destroy)"
    )
    retention.add_argument("--yes", action="store_true", help="destroy without asking to confirm")
    _json_option(retention)
    retention.set_defaults(handler=_retention)

    demo = commands.add_parser("demo", help="create a vault holding the demo families")
    demo.add_argument("path", type=Path)
    demo.set_defaults(handler=_demo)

    cases = commands.add_parser(
        "cases",
        help="list the cases, one per line, tab-separated: reference, status, name, age, "
        "lead professional",
    )
    cases.add_argument("path", type=Path, metavar="VAULT")
    _json_option(cases)
    cases.set_defaults(handler=_cases)

    meetings = commands.add_parser(
        "meetings",
        help="list a case's meetings, newest first, tab-separated: the meeting's number (as "
        "the exports take it and the Meetings tab shows it), date, kind, state",
    )
    meetings.add_argument("path", type=Path, metavar="VAULT")
    meetings.add_argument("reference", metavar="REF", help="the case's reference")
    _json_option(meetings)
    meetings.set_defaults(handler=_meetings)

    actions = commands.add_parser(
        "actions",
        help="list My actions (open tasks of open cases, overdue or due within a week), "
        "soonest first, tab-separated: case reference, due date, agency, owner, what, state",
    )
    actions.add_argument("path", type=Path, metavar="VAULT")
    actions.add_argument("--overdue", action="store_true", help="only the tasks past their date")
    actions.add_argument("--agency", metavar="NAME", default=None, help="only this agency's tasks")
    _json_option(actions)
    actions.set_defaults(handler=_actions)

    export = commands.add_parser("export", help="write something from a vault to a file")
    export_commands = export.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    export_case = export_commands.add_parser(
        "case",
        help="write one whole case to a case file to hand it to another chair: sealed with "
        "a passphrase of words shown once (or from TAC_CASE_PASSPHRASE), or to the receiving "
        "service's recovery key; --plain writes the unencrypted JSON (for a subject access "
        "request)",
    )
    export_case.add_argument("path", type=Path, metavar="VAULT")
    export_case.add_argument("reference", metavar="REF", help="the case's reference")
    export_case.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE", help="the file to write"
    )
    export_case.add_argument(
        "--force", action="store_true", help="replace FILE if it already exists"
    )
    sealing = export_case.add_mutually_exclusive_group()
    sealing.add_argument(
        "--recipient-key",
        type=Path,
        default=None,
        metavar="PUBFILE",
        help="seal it to the receiving service's recovery public key instead of a passphrase",
    )
    sealing.add_argument(
        "--plain",
        action="store_true",
        help="write the plain JSON, not encrypted (a subject access request)",
    )
    export_case.set_defaults(handler=_export_case)
    export_minutes = export_commands.add_parser(
        "minutes",
        help="write the minutes of one meeting as a PDF (a draft meeting's say DRAFT)",
    )
    export_minutes.add_argument("path", type=Path, metavar="VAULT")
    export_minutes.add_argument("reference", metavar="REF", help="the case's reference")
    export_minutes.add_argument("meeting_id", type=int, metavar="MEETING", help=MEETING_HELP)
    export_minutes.add_argument(
        "--for",
        dest="reader",
        default=None,
        metavar="NAME",
        help="the copy for one reader: a family member on the case (their family copy, "
        "leaving out what is for professionals only or kept from them) or an agency (its "
        "copy); logged in the sharing log. Without it: the full copy",
    )
    _pdf_output(export_minutes)
    export_minutes.set_defaults(handler=_export_minutes)
    export_plan = export_commands.add_parser(
        "safety-plan",
        help="write a case's safety plan as a PDF (the latest version unless --version)",
    )
    export_plan.add_argument("path", type=Path, metavar="VAULT")
    export_plan.add_argument("reference", metavar="REF", help="the case's reference")
    export_plan.add_argument(
        "--version", type=int, default=None, metavar="N", help="print version N"
    )
    export_plan.add_argument(
        "--plan",
        type=int,
        default=None,
        metavar="ID",
        help="which plan, when the case has more than one (the command lists them)",
    )
    export_plan.add_argument(
        "--draft", action="store_true", help="print the working draft, marked DRAFT"
    )
    _pdf_output(export_plan)
    export_plan.set_defaults(handler=_export_safety_plan)
    export_form = export_commands.add_parser(
        "report-form",
        help="write a report form (fillable PDF, or Word with -o FILE.docx) for a "
        "professional who cannot come to a meeting",
    )
    export_form.add_argument("path", type=Path, metavar="VAULT")
    export_form.add_argument("reference", metavar="REF", help="the case's reference")
    export_form.add_argument("meeting_id", type=int, metavar="MEETING", help=MEETING_HELP)
    export_form.add_argument(
        "--professional",
        metavar="NAME",
        default=None,
        help="who the form is for, as on the invitation list (needed unless only one "
        "invited professional is not coming)",
    )
    from tac_desktop.core.documents.report_form import ALPHABETS, DEFAULT_ALPHABET

    export_form.add_argument(
        "--letters",
        choices=list(ALPHABETS),
        default=DEFAULT_ALPHABET,
        help="the letters a PDF form's boxes carry (a PDF field font holds 255): "
        + "; ".join(f"{key}: {a.choice}" for key, a in ALPHABETS.items())
        + f" (default: {DEFAULT_ALPHABET}). For Arabic, Hebrew and any other alphabet, "
        "write a Word form",
    )
    _pdf_output(export_form, "the form to write: FILE.pdf for a PDF form, FILE.docx for Word")
    export_form.set_defaults(handler=_export_report_form)
    export_summary = export_commands.add_parser(
        "summary",
        help="write the outcome summary of a finalised meeting for one agency (its own tasks only)",
    )
    export_summary.add_argument("path", type=Path, metavar="VAULT")
    export_summary.add_argument("reference", metavar="REF", help="the case's reference")
    export_summary.add_argument("meeting_id", type=int, metavar="MEETING", help=MEETING_HELP)
    summary_for = export_summary.add_mutually_exclusive_group(required=True)
    summary_for.add_argument("--agency", metavar="NAME", help="the agency the summary is for")
    summary_for.add_argument(
        "--for",
        dest="reader",
        metavar="NAME",
        help="an agency, or a family member on the case (their summary: the decisions and "
        "the actions for them or by them, nothing for professionals only)",
    )
    _pdf_output(export_summary)
    export_summary.set_defaults(handler=_export_summary)
    export_calendar = export_commands.add_parser(
        "calendar",
        help="write a meeting's calendar invitation (.ics) for the professionals invited, "
        "the same one the program saves: from you as organiser, in UK time, naming the "
        "case reference only; each sending updates the one entry in their calendars",
    )
    export_calendar.add_argument("path", type=Path, metavar="VAULT")
    export_calendar.add_argument("reference", metavar="REF", help="the case's reference")
    export_calendar.add_argument("meeting_id", type=int, metavar="MEETING", help=MEETING_HELP)
    export_calendar.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE", help="the .ics file to write"
    )
    export_calendar.add_argument(
        "--force", action="store_true", help="replace FILE if it already exists"
    )
    export_calendar.add_argument(
        "--location",
        action="store_true",
        help="include the meeting's venue (left out by default: a family's home says where "
        "they live)",
    )
    export_calendar.add_argument(
        "--chair-email",
        metavar="ADDRESS",
        default=None,
        help="your e-mail address, the invitation's organiser (the vault remembers it; "
        "needed the first time)",
    )
    export_calendar.set_defaults(handler=_export_calendar)

    import_ = commands.add_parser("import", help="add something from a file to a vault")
    import_commands = import_.add_subparsers(dest="import_command", metavar="WHAT", required=True)
    import_case = import_commands.add_parser(
        "case", help="add the case in a case file to a vault (checked in full first)"
    )
    import_case.add_argument("path", type=Path, metavar="VAULT")
    import_case.add_argument("file", type=Path, metavar="FILE", help="the case file to read")
    import_case.add_argument(
        "--new-reference",
        metavar="REF",
        default=None,
        help="give the case this reference (when the vault already has the file's one)",
    )
    opening = import_case.add_mutually_exclusive_group()
    opening.add_argument(
        "--recovery-key",
        type=Path,
        default=None,
        metavar="FILE",
        help="open a file sealed to your service's recovery key with its private half",
    )
    opening.add_argument(
        "--plain",
        action="store_true",
        help="accept a plain (unencrypted) case file",
    )
    import_case.set_defaults(handler=_import_case)
    import_report = import_commands.add_parser(
        "report",
        help="add a returned, filled report form to its meeting (the form says which)",
    )
    import_report.add_argument("path", type=Path, metavar="VAULT")
    import_report.add_argument(
        "file", type=Path, metavar="FILE", help="the returned form (PDF or Word .docx)"
    )
    import_report.add_argument(
        "--yes", action="store_true", help="import without asking to confirm what it holds"
    )
    import_report.add_argument(
        "--replace",
        action="store_true",
        help="replace a report already imported from this professional (both are kept)",
    )
    import_report.add_argument(
        "--password",
        action="store_true",
        help=f"the form was locked with a password when it was sent: open it with that "
        f"password, from {DOCUMENT_PASSWORD_ENV} or asked for without echo",
    )
    import_report.set_defaults(handler=_import_report)
    _describe(parser)
    return parser


def _pdf_output(parser: argparse.ArgumentParser, what: str = "the PDF to write") -> None:
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help=what)
    parser.add_argument("--force", action="store_true", help="replace FILE if it already exists")
    parser.add_argument(
        "--password",
        action="store_true",
        help=f"lock the PDF with a password (AES-256), taken from {DOCUMENT_PASSWORD_ENV} or "
        "asked for without echo; never give it on the command line",
    )


def _json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json",
        action="store_true",
        help="print one JSON array of objects instead (for scripts; text is escaped as "
        "\\uXXXX, so any terminal shows it)",
    )


# -- input ----------------------------------------------------------------------------


def _ask(
    env: str,
    prompt: str,
    *,
    confirm: bool = False,
    what: str = "passphrase",
    undone: str = "Nothing was changed.",
) -> str:
    """A secret from ``env`` when set, otherwise typed at a prompt that does not echo."""
    value = os.environ.get(env)
    if value is not None:
        if not value:
            raise InvalidInput(f"{env} is set but empty. {undone}")
        return value
    if not sys.stdin.isatty():
        raise InvalidInput(
            f"A {what} is needed. Set {env}, or run the command in a terminal to be asked. {undone}"
        )
    try:
        value = getpass.getpass(prompt)
        if not value:
            raise InvalidInput(f"The {what} cannot be empty. {undone}")
        if confirm and getpass.getpass("Type it again: ") != value:
            raise InvalidInput(f"The two {what}s are not the same. {undone}")
    except EOFError:  # Ctrl+D (Ctrl+Z on Windows) at the prompt
        print(file=sys.stderr)
        raise InvalidInput(f"No {what} was typed. {undone}") from None
    return value


def _passphrase() -> str:
    return _ask(PASSPHRASE_ENV, "Vault passphrase: ")


def _document_password(*, confirm: bool = True) -> str:
    """The password a PDF is locked with: typed twice, as a slip would lock it for good
    (once to open a PDF that came back locked)."""
    return _ask(
        DOCUMENT_PASSWORD_ENV,
        "Password for the PDF: ",
        confirm=confirm,
        what="password",
        undone="Nothing was written." if confirm else "Nothing was imported.",
    )


def _new_passphrase() -> str:
    value = _ask(NEW_PASSPHRASE_ENV, "New passphrase: ", confirm=True)
    if len(value) < SHORT_PASSPHRASE:
        print(
            f"Warning: the passphrase is shorter than {SHORT_PASSPHRASE} characters; a few "
            "unrelated words make a stronger one.",
            file=sys.stderr,
        )
    return value


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # e.g. a container user with no account entry
        raise InvalidInput(
            "Your login name could not be found. Give the chair's name with --chair-name NAME."
        ) from None


def _utf8(text: str) -> str:
    """An argument as valid text: bytes that are not UTF-8 (which Linux passes through
    as lone surrogates) become "?", so they can be looked up and reported."""
    return text.encode("utf-8", "replace").decode("utf-8")


def _say(text: str) -> None:
    try:
        print(text)
    except BrokenPipeError:
        raise
    except OSError as error:  # e.g. a full disk behind a redirection
        raise InvalidInput(
            f"The output could not be written ({error.strerror or type(error).__name__})."
        ) from None


# -- commands -------------------------------------------------------------------------


def _vault_create(args: argparse.Namespace) -> int:
    from tac_desktop.core.services import schedule
    from tac_desktop.core.vault import ChairDetails, Vault

    passphrase = _ask(PASSPHRASE_ENV, "New vault passphrase: ", confirm=True)
    if len(passphrase) < SHORT_PASSPHRASE:
        print(
            f"Warning: the passphrase is shorter than {SHORT_PASSPHRASE} characters.",
            file=sys.stderr,
        )
    chair = ChairDetails(args.chair_name or _login_name(), args.chair_role, args.chair_agency)
    if args.chair_email is not None:
        email = schedule.valid_email(_utf8(args.chair_email))  # refused before anything is made
    key = None
    if args.recovery_public_key is not None:
        from tac_desktop.core.vault.recovery import RecoveryPublicKey

        key = RecoveryPublicKey.read(args.recovery_public_key)
    with Vault.create(args.path, passphrase, chair, recovery_key=key) as vault:
        if args.chair_email is not None:
            schedule.set_chair_email(vault, email)
        status = vault.recovery_status
        _say(f"Created the vault {vault.path} (and its key file {vault.path.name}.key).")
        if status.recoverable:
            _say(
                f"Keep both files together. If the passphrase is forgotten, IT can set a new "
                f"one with the service's recovery key {status.key_id}."
            )
        else:
            _say("Keep both files together, and keep the passphrase safe: it cannot be recovered.")
    return EXIT_OK


def _vault_info(args: argparse.Namespace) -> int:
    from tac_desktop.core.vault.recovery import status_of
    from tac_desktop.core.vault.vault import key_file_of

    key_file = key_file_of(args.path)
    status = status_of(key_file)
    _say(f"{args.path.name}: vault {key_file.vault_id}")
    _say(f"  {status.in_words}")
    return EXIT_OK


def _vault_set_recovery(args: argparse.Namespace) -> int:
    from tac_desktop.core.vault import Vault
    from tac_desktop.core.vault.recovery import RecoveryPublicKey, set_recovery

    key = RecoveryPublicKey.read(args.public_key)
    with Vault.open(args.path, _passphrase()) as vault:
        status = set_recovery(vault, key)
    _say(
        f"{args.path.name} is now {status.in_words}. Backups made before today are not; "
        "make a new backup."
    )
    return EXIT_OK


def _recovery_private_key(path: Path) -> RecoveryPrivateKey:
    from tac_desktop.core.vault.recovery import RecoveryPrivateKey

    passphrase = None
    if RecoveryPrivateKey.is_locked(path):
        passphrase = _ask(
            RECOVERY_KEY_PASSPHRASE_ENV, "Recovery key passphrase: ", undone="Nothing was changed."
        )
    return RecoveryPrivateKey.read(path, passphrase)


def _vault_recover(args: argparse.Namespace) -> int:
    from tac_desktop.core.vault.recovery import recover, unseal_with
    from tac_desktop.core.vault.vault import key_file_of

    private = _recovery_private_key(args.recovery_key)
    unseal_with(key_file_of(args.path), private, args.path.name)  # refused before asking more
    status = recover(args.path, private, _new_passphrase())
    _say(
        f"A new passphrase is set on {args.path.name}, and the audit log records that the "
        f"recovery key did it. The old passphrase no longer opens it (backups made before "
        f"still open with theirs). It stays {status.in_words}."
    )
    return EXIT_OK


def _recovery_new_key(args: argparse.Namespace) -> int:
    from tac_desktop.core.vault.recovery import new_key_pair

    passphrase = None
    if args.lock:
        passphrase = _ask(
            RECOVERY_KEY_PASSPHRASE_ENV,
            "Passphrase for the recovery key: ",
            confirm=True,
            undone="Nothing was written.",
        )
    made = new_key_pair(args.out, passphrase=passphrase)
    _say(f"Made the recovery key {made.key_id}:")
    _say(
        f"  {made.private}: the private half. Keep it offline (a safe, an encrypted USB "
        "stick); whoever has it can open every vault sealed to it."
    )
    _say(
        f"  {made.public}: the public half. Give it to chairs' computers (vault create "
        "--recovery-public-key, vault set-recovery, or the policy file)."
    )
    return EXIT_OK


def _vault_check(args: argparse.Namespace) -> int:
    from tac_desktop.core.vault import Vault

    with Vault.open(args.path, _passphrase(), migrate_schema=False) as vault:
        report = vault.check()
    if report.healthy:
        _say(
            f"{args.path.name}: healthy ({report.audit_entries} audit entries, layout "
            f"{report.schema_revision}); {report.recovery}."
        )
        for note in report.notes:
            _say(f"  note: {note}")
        return EXIT_OK
    print(f"{args.path.name} has problems:", file=sys.stderr)
    for problem in report.problems:
        print(f"  - {problem}", file=sys.stderr)
    return EXIT_FAILED


def _vault_salvage(args: argparse.Namespace) -> int:
    from tac_desktop.core.vault import Vault

    with Vault.open(args.path, _passphrase(), on_damage="accept") as vault:
        accepted = vault.accepted_damage
        report = vault.check()
    if not accepted:
        _say(f"{args.path.name}: nothing needed recovering; it opens as it is.")
        return EXIT_OK
    _say(f"{args.path.name} opens again with what could be read. Accepted as lost:")
    for item in accepted:
        _say(f"  - {item}")
    _say("This is recorded in the vault's audit log.")
    for problem in report.problems:
        print(f"  - {problem}", file=sys.stderr)
    return EXIT_OK if report.healthy else EXIT_FAILED


def _vault_backup(args: argparse.Namespace) -> int:
    from tac_desktop.core.vault import Vault

    with Vault.open(args.path, _passphrase()) as vault:
        destination = vault.backup(args.destination)
    _say(
        f"Backed up to {destination} (and {destination.name}.key). It opens with the "
        "passphrase in use today."
    )
    return EXIT_OK


def _vault_restore(args: argparse.Namespace) -> int:
    from tac_desktop.core.vault import Vault

    target = Vault.restore(args.backup, args.path, _passphrase(), replace=args.replace)
    _say(f"Restored {args.backup.name} as {target}.")
    return EXIT_OK


def _vault_change_passphrase(args: argparse.Namespace) -> int:
    from tac_desktop.core.vault import Vault

    old = _passphrase()
    with Vault.open(args.path, old) as vault:
        vault.change_passphrase(old, _new_passphrase())
    _say(
        "The passphrase has been changed and the vault's key replaced: no earlier copy of "
        "its key file opens it now. Backups made before today still open with the old "
        "passphrase; make a new backup."
    )
    return EXIT_OK


def _retention(args: argparse.Namespace) -> int:
    from tac_desktop.core.services import retention
    from tac_desktop.core.vault import Vault

    with Vault.open(args.path, _passphrase()) as vault:
        if args.destroy is not None:
            reference = _utf8(args.destroy).strip()
            if args.reason is None or not args.reason.strip():
                raise InvalidInput(
                    "Give the reason with --reason TEXT (it stays in the audit log; no names). "
                    "Nothing was destroyed."
                )
            if not args.yes and not _confirm(
                f"Destroy case {reference} and every record of it? This cannot be undone. [y/N] "
            ):
                raise InvalidInput(
                    "Nothing was destroyed. Run the command again with --yes to destroy it."
                )
            done = retention.destroy_case(vault, reference, _utf8(args.reason))
            _say(
                f"Destroyed case {reference}: {done.rows} records removed, the details of "
                f"{done.redacted_entries} audit entries about it removed, and the freed space "
                "cleared. The audit log records the reference, the day and who did it."
            )
            if done.backups:
                _say(
                    "Backups made before today still hold the case: "
                    + "; ".join(done.backups)
                    + ". Destroy them too, or let them age out of your backup schedule."
                )
            return EXIT_OK
        listed = retention.retention_list(vault)
        backups = retention.earlier_backups(vault) if any(c.due for c in listed) else []
    if args.json:
        _say(
            json.dumps(
                [
                    {
                        "case": c.reference,
                        "closed": c.closed_on.isoformat() if c.closed_on else None,
                        "keep_until": c.keep_until.isoformat() if c.keep_until else None,
                        "rule": c.rule,
                        "due": c.due,
                    }
                    for c in listed
                ]
            )
        )
        return EXIT_OK
    for c in listed:
        state = "due for destruction" if c.due else ("kept" if c.keep_until else "open")
        until = f"{c.keep_until:%Y-%m-%d}" if c.keep_until else ""
        _say("\t".join(_field(v) for v in (c.reference, state, until, c.rule)))
    if backups:
        print(
            "Backups of this vault hold the cases due as well, until they are destroyed: "
            + "; ".join(backups),
            file=sys.stderr,
        )
    return EXIT_OK


def _demo(args: argparse.Namespace) -> int:
    from tac_desktop.core.demo import create_demo_vault

    with create_demo_vault(
        args.path, _ask(PASSPHRASE_ENV, "New vault passphrase: ", confirm=True)
    ) as vault:
        _say(f"Created the demo vault {vault.path}: invented families only.")
    return EXIT_OK


def _field(value: object) -> str:
    """One tab-separated field: a tab or a line break typed in a note becomes a space,
    so every record stays on its own line with its fields in place."""
    text = "" if value is None else str(value)
    return " ".join(text.replace("\t", " ").splitlines()) if text else ""


def _listing(
    args: argparse.Namespace, records: list[dict[str, object]], columns: list[str]
) -> None:
    """The records as tab-separated lines of ``columns``, or (``--json``) one JSON array."""
    if args.json:
        _say(json.dumps(records, indent=2, default=str))
        return
    for record in records:
        _say("\t".join(_field(record[column]) for column in columns))


def _cases(args: argparse.Namespace) -> int:
    from tac_desktop.core.services.cases import list_cases
    from tac_desktop.core.vault import Vault

    with Vault.open(args.path, _passphrase()) as vault:
        rows = list_cases(vault)
    records: list[dict[str, object]] = [
        {
            "reference": row.reference,
            "status": row.status.value,
            "name": row.subject,
            "age": row.age,
            "lead_professional": row.lead_professional,
            "next_meeting": row.next_meeting,
            "open_tasks": row.open_tasks,
        }
        for row in rows
    ]
    _listing(args, records, ["reference", "status", "name", "age", "lead_professional"])
    return EXIT_OK


def _meetings(args: argparse.Namespace) -> int:
    from tac_desktop.core.services import cases, meetings
    from tac_desktop.core.vault import Vault

    with Vault.open(args.path, _passphrase()) as vault:
        rows = meetings.list_meetings(vault, cases.find_case_id(vault, _utf8(args.reference)))
    records: list[dict[str, object]] = [
        {
            "number": row.id,
            "date": row.held_on,
            "kind": row.title,
            "state": row.status.value,
            "template": row.template_id,
            "time": row.start_time,
            "decision_summary_due": row.decision_summary_due,
            "decision_summary_sent_on": row.decision_summary_sent_on,
            "minutes_due": row.minutes_due,
            "minutes_sent_on": row.minutes_sent_on,
        }
        for row in rows
    ]
    _listing(args, records, ["number", "date", "kind", "state"])
    return EXIT_OK


def _actions(args: argparse.Namespace) -> int:
    from datetime import date

    from tac_desktop.core.services import tasks
    from tac_desktop.core.vault import Vault

    today = date.today()
    with Vault.open(args.path, _passphrase()) as vault:
        agency = "" if args.agency is None else tasks.agency_named(vault, _utf8(args.agency))
        rows = tasks.my_actions(vault, today, agency=agency)
    records: list[dict[str, object]] = [
        {
            "case": row.case_reference,
            "due": row.due_on,
            "agency": row.agency_name,
            "owner": row.owner_name,
            "what": row.description,
            "state": row.status.value,
            "overdue": row.due_on < today,
            "for": row.for_person,
            "meeting": row.meeting_id,
        }
        for row in rows
        if not args.overdue or row.due_on < today
    ]
    _listing(args, records, ["case", "due", "agency", "owner", "what", "state"])
    return EXIT_OK


def _export_case(args: argparse.Namespace) -> int:
    from tac_desktop.core.errors import DestinationExists
    from tac_desktop.core.transfer import Lock, new_passphrase, write_case_file
    from tac_desktop.core.vault import Vault
    from tac_desktop.core.vault.recovery import RecoveryPublicKey

    lock: Lock | None = None
    shown = None
    if args.recipient_key is not None:
        lock = Lock(public_key=RecoveryPublicKey.read(args.recipient_key))
    elif not args.plain:
        given = os.environ.get(CASE_PASSPHRASE_ENV)
        if given is not None and not given.strip():
            raise InvalidInput(f"{CASE_PASSPHRASE_ENV} is set but empty. Nothing was written.")
        shown = None if given else new_passphrase()
        lock = Lock(passphrase=given or shown)
    with Vault.open(args.path, _passphrase()) as vault:
        try:
            written = write_case_file(
                vault, _utf8(args.reference), args.output, force=args.force, lock=lock
            )
        except DestinationExists as error:
            raise DestinationExists(f"{error} Use --force to replace it.") from None
    reference = args.reference.strip()
    if lock is None:
        _say(
            f"Wrote case {reference} to {written}. The file is not encrypted: share it only "
            "by a secure route."
        )
    elif lock.public_key is not None:
        _say(
            f"Wrote case {reference} to {written}, sealed to the recovery key "
            f"{lock.public_key.key_id}: only the service holding its private half can open it."
        )
    elif shown is not None:
        _say(f"Wrote case {reference} to {written}, encrypted. It opens with these words:")
        _say("")
        _say(f"    {shown}")
        _say("")
        _say(
            "They are shown only this once. Tell them to the receiving chair by another "
            "route than the file (read them out on the phone); spaces or hyphens between "
            "them do not matter."
        )
    else:
        _say(
            f"Wrote case {reference} to {written}, encrypted with the passphrase in "
            f"{CASE_PASSPHRASE_ENV}. Send the passphrase by another route than the file."
        )
    return EXIT_OK


def _pdf_password(args: argparse.Namespace) -> str | None:
    """The password ``--password`` asks for, or None: asked before the PDF is made, as
    making some of them notes what was made in the vault."""
    return _document_password() if args.password else None


def _save_pdf(
    vault: Vault, document: Document, args: argparse.Namespace, password: str | None
) -> Path:
    """Write a made PDF to ``-o`` (``--force`` replaces), saying how to replace one;
    locked with ``password`` (AES-256) first when there is one."""
    from tac_desktop.core.documents import Document, protect
    from tac_desktop.core.errors import DestinationExists
    from tac_desktop.core.services import documents

    if password is not None:
        document = Document(document.title, document.file_name, protect(document.pdf, password))
    try:
        return documents.save_document(vault, document, args.output, force=args.force)
    except DestinationExists as error:
        raise DestinationExists(f"{error} Use --force to replace it.") from None


def _reader(vault: Vault, meeting_id: int, args: argparse.Namespace) -> Reader | None:
    """The reader ``--for`` names (a family member or an agency), or None without it."""
    from tac_desktop.core.services import copies

    if args.reader is None:
        return None
    return copies.find_reader(vault, meeting_id, _utf8(args.reader))


def _export_minutes(args: argparse.Namespace) -> int:
    from tac_desktop.core.services import distribution, documents, meetings
    from tac_desktop.core.vault import Vault

    with Vault.open(args.path, _passphrase()) as vault:
        meeting_id = meetings.meeting_of_case(vault, _utf8(args.reference), args.meeting_id)
        reader = _reader(vault, meeting_id, args)
        password = _pdf_password(args)
        document = documents.minutes_document(vault, meeting_id, reader=reader)
        written = _save_pdf(vault, document, args, password)
        if reader is not None:
            distribution.log_copy(vault, meeting_id, reader, "Minutes", written.name)
    if reader is None and password is not None:
        _say(
            f"Wrote the minutes to {written}, locked with the password (AES-256). It is "
            "marked OFFICIAL-SENSITIVE: send the password by another route than the file."
        )
    elif reader is None:
        _say(
            f"Wrote the minutes to {written}. The PDF is not encrypted and is marked "
            "OFFICIAL-SENSITIVE: share it only by a secure route."
        )
    else:
        _say(
            f"Wrote {reader.in_words} of the minutes to {written}, and noted in the case's "
            "sharing log that it was made for them. Share it only by a secure route."
        )
    return EXIT_OK


def _export_safety_plan(args: argparse.Namespace) -> int:
    from tac_desktop.core.errors import InvalidInput
    from tac_desktop.core.services import cases, safety_plans
    from tac_desktop.core.vault import Vault

    if args.draft and args.version is not None:
        raise InvalidInput("Give either --version or --draft, not both.")
    reference = _utf8(args.reference).strip()
    with Vault.open(args.path, _passphrase()) as vault:
        plans = safety_plans.case_plans(vault, cases.find_case_id(vault, reference))
        listed = "; ".join(
            f"--plan {p.id}: {p.title}" + (f" for {p.for_name}" if p.for_name else "")
            for p in plans
        )
        if not plans:
            raise InvalidInput(f"Case {reference} has no safety plan yet. Nothing was written.")
        if args.plan is None and len(plans) > 1:
            raise InvalidInput(f"Case {reference} has {len(plans)} safety plans: {listed}.")
        plan = (
            plans[0] if args.plan is None else next((p for p in plans if p.id == args.plan), None)
        )
        if plan is None:
            raise InvalidInput(f"Case {reference} has no plan {args.plan}. Its plans: {listed}.")
        password = _pdf_password(args)
        document = safety_plans.safety_plan_document(vault, plan.id, args.version, draft=args.draft)
        written = _save_pdf(vault, document, args, password)
    _say(
        f"Wrote {document.title} to {written}. Record who you send it to in the program, "
        "so it can tell who still holds an older version."
    )
    return EXIT_OK


def _import_case(args: argparse.Namespace) -> int:
    from tac_desktop.core.transfer import (
        Lock,
        ReferenceTaken,
        case_file_from_bytes,
        import_case,
        read_raw,
    )
    from tac_desktop.core.transfer.sealed import is_sealed, read_header
    from tac_desktop.core.vault import Vault

    raw = read_raw(args.file)
    lock = Lock()
    if is_sealed(raw):
        header = read_header(raw, args.file.name)  # a broken file is told before any question
        if header.lock == "passphrase" and args.recovery_key is not None:
            raise InvalidInput(
                f"{args.file.name} is locked with words, not sealed to a recovery key: leave "
                f"out --recovery-key and give the words ({CASE_PASSPHRASE_ENV} or the prompt). "
                "Nothing was imported."
            )
        if args.recovery_key is not None:
            lock = Lock(private_key=_recovery_private_key(args.recovery_key))
        elif header.lock == "passphrase":
            lock = Lock(
                passphrase=_ask(
                    CASE_PASSPHRASE_ENV,
                    "The case file's passphrase (the words the sender gave you): ",
                    undone="Nothing was imported.",
                )
            )
    # checked in full before the vault is opened
    case_file = case_file_from_bytes(raw, args.file.name, lock, plain_allowed=args.plain)
    with Vault.open(args.path, _passphrase()) as vault:
        try:
            reference = import_case(vault, case_file, new_reference=args.new_reference)
        except ReferenceTaken as error:
            raise ReferenceTaken(f"{error} Use --new-reference REF to do that.") from None
    people = len(case_file.people)
    _say(
        f"Imported case {reference} from {args.file.name}: {people} "
        f"{'person' if people == 1 else 'people'}, {len(case_file.professionals)} "
        f"professional{'' if len(case_file.professionals) == 1 else 's'}."
    )
    return EXIT_OK


def _export_report_form(args: argparse.Namespace) -> int:
    from tac_desktop.core.errors import DestinationExists
    from tac_desktop.core.services import meetings, reports
    from tac_desktop.core.vault import Vault

    name = _utf8(args.professional) if args.professional is not None else None
    word = args.output.suffix.lower() == ".docx"  # the file name chooses PDF or Word
    if word and args.password:
        raise InvalidInput(
            "A Word form cannot be locked with a password by TAC Desktop: send it by "
            "secure e-mail, or write a PDF form (-o FILE.pdf) to lock it. Nothing was "
            "written."
        )
    with Vault.open(args.path, _passphrase()) as vault:
        meeting_id = meetings.meeting_of_case(vault, _utf8(args.reference), args.meeting_id)
        recipient = reports.find_recipient(vault, meeting_id, name)
        if word:
            form = reports.report_form_word(vault, meeting_id, recipient.attendance_id)
            try:
                written = reports.save_word_form(vault, form, args.output, force=args.force)
            except DestinationExists as error:
                raise DestinationExists(f"{error} Use --force to replace it.") from None
            password = None
        else:
            password = _pdf_password(args)
            document = reports.report_form_document(
                vault, meeting_id, recipient.attendance_id, args.letters
            )
            written = _save_pdf(vault, document, args, password)
        reports.record_form_made(
            vault, meeting_id, recipient.attendance_id, "docx" if word else "pdf", written.name
        )
    _say(
        f"Wrote the report form for {recipient.name} to {written}. Send it by secure "
        "e-mail; when it comes back filled in, import it with: tac-desktop import report"
        + (" --password (it comes back locked with the same password)." if password else ".")
    )
    return EXIT_OK


def _export_summary(args: argparse.Namespace) -> int:
    from tac_desktop.core.practice.readers import ReaderKind
    from tac_desktop.core.services import distribution, meetings, reports
    from tac_desktop.core.vault import Vault

    with Vault.open(args.path, _passphrase()) as vault:
        meeting_id = meetings.meeting_of_case(vault, _utf8(args.reference), args.meeting_id)
        reader = _reader(vault, meeting_id, args)
        family = reader is not None and reader.kind is ReaderKind.FAMILY
        agency = reader.name if reader is not None and not family else _utf8(args.agency or "")
        password = _pdf_password(args)
        document = reports.outcome_summary_document(
            vault, meeting_id, agency if not family else None, reader if family else None
        )
        written = _save_pdf(vault, document, args, password)
        if family:
            assert reader is not None
            distribution.log_copy(vault, meeting_id, reader, "Outcome summary", written.name)
            who = reader.name
        else:
            reports.record_summary_sent(
                vault, meeting_id, agency, written.name, "saved by the command line"
            )
            who = agency.strip()
    _say(
        f"Wrote the summary for {who} to {written}, and noted in the case's sharing log "
        "that it was made for them. Share it only by a secure route."
    )
    return EXIT_OK


def _export_calendar(args: argparse.Namespace) -> int:
    from tac_desktop.core.errors import DestinationExists
    from tac_desktop.core.services import meetings, schedule
    from tac_desktop.core.vault import Vault

    with Vault.open(args.path, _passphrase()) as vault:
        meeting_id = meetings.meeting_of_case(vault, _utf8(args.reference), args.meeting_id)
        email = None if args.chair_email is None else _utf8(args.chair_email)
        if email is None and not schedule.chair_email(vault):
            raise InvalidInput(
                "The invitation needs your e-mail address as its organiser, so that replies "
                "reach you. Give it with --chair-email ADDRESS (the vault remembers it). "
                "Nothing was written."
            )
        try:
            saved = schedule.save_invitation(
                vault,
                meeting_id,
                args.output,
                include_location=args.location,
                force=args.force,
                chair_email=email,
            )
        except DestinationExists as error:
            raise DestinationExists(f"{error} Use --force to replace it.") from None
    view = saved.view
    _say(
        f"Wrote the invitation to {saved.path} ({view.summary}, {view.when()}), from "
        f"{view.organiser_email}: {len(view.by_email)} invited by e-mail."
    )
    if view.without_email:
        _say(
            "Named in its description, with no e-mail address on record (tell them another "
            "way): " + "; ".join(i.in_words for i in view.without_email) + "."
        )
    if view.venue and not args.location:
        _say("The venue is left out; --location includes it.")
    if saved.sequence:
        _say(
            f"Sent before ({saved.sequence} time{'s' if saved.sequence != 1 else ''}): "
            "calendars that hold the meeting will update it."
        )
    return EXIT_OK


def _import_report(args: argparse.Namespace) -> int:
    from tac_desktop.core.services import reports
    from tac_desktop.core.vault import Vault

    reports.refuse_by_name(args.file)
    pdf = _read_report_file(args.file, reports.MAX_REPORT_BYTES)
    with Vault.open(args.path, _passphrase()) as vault:
        password = _document_password(confirm=False) if args.password else ""
        preview = reports.read_report(vault, pdf, password)
        _show_report(preview)
        if preview.already_received is not None and not args.replace:
            raise reports.ReportAlreadyReceived(
                f"A report from {preview.name} for this meeting was already imported on "
                f"{preview.already_received:%d %B %Y}. Use --replace to replace it with "
                "this one (both are kept in the record). Nothing was changed."
            )
        if not args.yes and not _confirm("Import this report into the meeting? [y/N] "):
            raise InvalidInput(
                "Nothing was imported. Run the command again with --yes to import it."
            )
        try:
            reports.store_report(vault, preview, replace=args.replace)
        except reports.ReportAlreadyReceived as error:
            if error.same_file:
                raise
            raise reports.ReportAlreadyReceived(f"{error} Use --replace to do that.") from None
    _say(
        f"Imported the report from {preview.name} into the meeting of "
        f"{preview.held_on:%d %B %Y} (case {preview.case_reference})."
    )
    return EXIT_OK


def _read_report_file(path: Path, limit: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:  # never read a huge file into memory
            raise InvalidInput(
                f"{path.name} is {size / 1_048_576:.0f} MB; a returned report form is far "
                f"smaller (the limit is {limit // 1_048_576} MB). Nothing was imported."
            )
        with path.open("rb") as stream:
            return stream.read(limit + 1)
    except FileNotFoundError:
        raise InvalidInput(f"There is no file {path}. Nothing was imported.") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path} is a folder; give the returned file itself.") from None
    except OSError as error:
        raise InvalidInput(
            f"{path.name} could not be read ({error.strerror or type(error).__name__}). "
            "Nothing was imported."
        ) from None


def _show_report(preview: ReportPreview) -> None:
    _say(
        f"Report from {preview.name}"
        f"{f' ({preview.agency})' if preview.agency else ''} for the meeting "
        f"“{preview.meeting_title}” of {preview.held_on:%d %B %Y}, case "
        f"{preview.case_reference}."
    )
    _say("")
    _say(preview.text())
    _say("")
    _say(preview.effect())
    if preview.already_received is not None:
        _say(
            f"A report from {preview.name} was already imported on "
            f"{preview.already_received:%d %B %Y}; this one would replace it (both are kept)."
        )


def _confirm(question: str) -> bool:
    if not sys.stdin.isatty():
        return False
    try:
        return input(question).strip().casefold() in ("y", "yes")
    except EOFError:
        return False


# -- running --------------------------------------------------------------------------


def command_name(args: argparse.Namespace) -> str:
    """``vault check``, ``export case``...: the words of the command, never its arguments
    (paths and references can hold names a user chose), so it is safe to log."""
    words = [args.command]
    for sub in ("vault_command", "export_command", "import_command", "recovery_command"):
        if getattr(args, sub, None):
            words.append(getattr(args, sub))
    return " ".join(words)


def run(args: argparse.Namespace) -> int:
    """Run a parsed command, turning every expected failure into a plain message."""
    command = command_name(args)
    log.info("command %s started (%s %s)", command, APP_NAME, __version__)
    for stream in (sys.stdout, sys.stderr):
        # A terminal or file that cannot show a name (an ASCII locale, a Windows code page
        # when redirected) gets a "?" in its place rather than stopping the command.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    exit_code = _run(args)
    log.info("command %s finished with exit %d", command, exit_code)
    return exit_code


def _run(args: argparse.Namespace) -> int:
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        exit_code = handler(args)
        sys.stdout.flush()  # here, so a closed pipe is met inside this try
        return exit_code
    except BrokenPipeError:  # e.g. `tac-desktop cases V | head -1`: the reader has gone
        with suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILED
    except TacError as error:
        # The message goes to the user only: it may name a file or a case.
        log.info("command failed: %s", type(error).__name__)
        print(f"tac-desktop: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("\ntac-desktop: stopped. Nothing was left half-done.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # a last resort: a message, never a traceback
        log_unexpected(log, error, command_name(args))
        print(
            f"tac-desktop: something went wrong that TAC Desktop did not expect "
            f"({type(error).__name__}). Details are in the log file.",
            file=sys.stderr,
        )
        return EXIT_FAILED


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        raise SystemExit("the window is opened by tac_desktop.__main__")
    return run(args)
