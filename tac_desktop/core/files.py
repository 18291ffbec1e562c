"""Files the user asks for (case files, PDFs, calendar invitations): checked, written
atomically, never replacing a file by accident, and recorded in the audit log when they
carry a family's details out of the vault.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from pathlib import Path

from tac_desktop.core.errors import DestinationExists, FolderNotWritable, InvalidInput
from tac_desktop.core.vault import Vault, audit
from tac_desktop.core.vault.keyfile import key_file_path


def check_destination(vault: Vault, path: Path, force: bool, what: str) -> None:
    """Refuse, in plain words, a target that cannot or must not be written.

    ``what`` names the file for the messages ("a case file", "the PDF").
    """
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder. Give a file name for {what}.")
    target = path.resolve()
    if target in (vault.path.resolve(), key_file_path(vault.path).resolve()):
        raise InvalidInput(
            f"{path.name} is the vault itself (or its key file); {what} can never replace "
            "it. Choose another name."
        )
    if path.exists() and not path.is_file():
        # A device, pipe or socket (e.g. /dev/null): replacing it with a file, even when
        # asked to, would break the computer rather than save anything.
        raise InvalidInput(
            f"{path} is not an ordinary file, so {what} cannot replace it. Choose another name."
        )
    if not force and path.exists():
        raise DestinationExists(
            f"There is already a file called {path.name} in {path.parent}. Choose another "
            "name, or ask to replace it."
        )
    if not path.parent.is_dir():
        raise FolderNotWritable(f"The folder {path.parent} does not exist.")


def folder_problem(path: Path, error: OSError, what: str) -> FolderNotWritable:
    reason = f" ({error.strerror})" if error.strerror else ""
    return FolderNotWritable(
        f"{what[0].upper()}{what[1:]} could not be written to {path.parent}{reason}. Nothing "
        "was saved; choose a folder you can save files in."
    )


def write_atomically(path: Path, payload: bytes, force: bool, what: str) -> None:
    """Write to a temporary file beside ``path``, then put it in place in one step.

    Without ``force`` the last step is a hard link, which fails if the name was taken in
    the meantime, so an existing file is never replaced by accident. The file is created
    readable by its owner only: it names real people.
    """
    try:
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".partial"
        )
    except OSError as error:
        raise folder_problem(path, error, what) from None
    partial = Path(temporary)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        if force:
            os.replace(partial, path)
        else:
            try:
                os.link(partial, path)
            except FileExistsError:
                raise DestinationExists(
                    f"There is already a file called {path.name} in {path.parent}. Choose "
                    "another name, or ask to replace it."
                ) from None
            except OSError:  # a file system without hard links
                if path.exists():
                    raise DestinationExists(
                        f"There is already a file called {path.name} in {path.parent}."
                    ) from None
                os.replace(partial, path)
    except OSError as error:
        raise folder_problem(path, error, what) from None
    finally:
        with suppress(OSError):
            partial.unlink(missing_ok=True)


def save_file(
    vault: Vault,
    path: Path | str,
    payload: bytes,
    *,
    what: str,
    audit_action: str,
    detail: dict[str, str],
    force: bool = False,
    entity: str = "document",
) -> Path:
    """Write ``payload`` to ``path`` and record ``audit_action`` in the vault's log.

    The audit entry and the file go together: if the file cannot be written the entry is
    rolled back, and if the entry cannot be saved the file is removed again.
    """
    path = Path(path).expanduser().absolute()
    check_destination(vault, path, force, what)
    written = False
    try:
        with vault.unit_of_work() as session:
            audit.record_event(
                session, audit_action, entity=entity, detail={**detail, "file": path.name}
            )
            session.flush()
            write_atomically(path, payload, force, what)
            written = True
    except BaseException:
        if written:
            with suppress(OSError):
                path.unlink()
        raise
    return path
