"""Reading a case file: its bytes, its JSON and header, and the whole file checked by the
models, every problem told in plain words (nothing here touches a vault)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from tac_desktop.core.errors import InvalidInput
from tac_desktop.core.transfer.format import FORMAT, MAX_FILE_BYTES, VERSION, CaseFile
from tac_desktop.core.transfer.sealed import MAX_SEALED_BYTES, Lock, is_sealed, open_file

_MAX_REPORTED = 5  # problems listed in one message; the rest are counted

_SIGNATURES = (
    (b"\x89PNG", "a picture (PNG)"),
    (b"\xff\xd8\xff", "a picture (JPEG)"),
    (b"GIF8", "a picture (GIF)"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a compressed file (ZIP, or a Word or Excel document)"),
    (b"SQLite format 3\x00", "a database"),
    (b"\xff\xfe", "text saved as UTF-16; save it as UTF-8 and try again"),
    (b"\xfe\xff", "text saved as UTF-16; save it as UTF-8 and try again"),
)


def _not_case_file(name: str, why: str) -> InvalidInput:
    return InvalidInput(f"{name} is not a TAC Desktop case file: {why}. Nothing was imported.")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f'the name "{key}" appears twice in one {{...}} block')
        result[key] = value
    return result


def _no_constants(word: str) -> Any:
    raise ValueError(f"{word} is not a number JSON allows")


def _read_bytes(path: Path) -> bytes:
    """The file's bytes: at most the largest case file, or its sealed form (base64 makes
    that a third larger), never reading more than that."""
    name = path.name
    try:
        if not path.exists():
            if not path.parent.is_dir():
                raise InvalidInput(f"The folder {path.parent} does not exist.")
            raise InvalidInput(f"There is no file called {name} in {path.parent}.")
        if path.is_dir():
            raise InvalidInput(f"{path} is a folder, not a case file.")
        if not path.is_file():
            raise _not_case_file(name, "it is not an ordinary file")
        size = path.stat().st_size
        with path.open("rb") as stream:
            limit = MAX_SEALED_BYTES if is_sealed(stream.read(16)) else MAX_FILE_BYTES
            if size > limit:
                raise _not_case_file(
                    name,
                    f"it is {size / 1024 / 1024:,.0f} MB, far larger than any case file "
                    f"(the limit is {MAX_FILE_BYTES // 1024 // 1024} MB)",
                )
            stream.seek(0)
            raw = stream.read(limit + 1)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise InvalidInput(f"{name} could not be read ({reason}).") from None
    if len(raw) > limit:
        raise _not_case_file(name, "it is larger than any case file")
    return raw


def _parse(raw: bytes, name: str) -> tuple[str, Any]:
    if not raw.strip():
        raise _not_case_file(name, "the file is empty")
    for signature, what in _SIGNATURES:
        if raw.startswith(signature):
            raise _not_case_file(name, f"it is {what}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _not_case_file(name, "it is not text (a case file is UTF-8 JSON text)") from None
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants)
    except json.JSONDecodeError as error:
        raise _not_case_file(
            name,
            f"its JSON text is broken at line {error.lineno}, column {error.colno} ({error.msg})",
        ) from None
    except ValueError as error:
        raise _not_case_file(name, str(error)) from None
    except RecursionError:
        raise _not_case_file(name, "it is nested far too deeply") from None
    return text, data


def _check_header(data: Any, name: str) -> None:
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise _not_case_file(name, f"it holds {kind}, not a case")
    file_format = data.get("format")
    if file_format != FORMAT:
        if isinstance(file_format, str):
            raise _not_case_file(name, f'it says it is a "{file_format}" file')
        raise _not_case_file(name, f'it has no "format": "{FORMAT}" line')
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise InvalidInput(
            f'{name} cannot be imported: "version" should be a whole number, such as '
            f"{VERSION}. Nothing was imported."
        )
    if version > VERSION:
        raise InvalidInput(
            f"{name} was written by a newer TAC Desktop (case file version {version}); this "
            f"one reads version {VERSION}. Install the newer version to import it. Nothing "
            "was imported."
        )
    if version < VERSION:
        raise InvalidInput(
            f"{name} says it is case file version {version}, which TAC Desktop never wrote. "
            "Nothing was imported."
        )


def _where(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def _shown(value: Any, quoted: bool = False) -> str:
    """A value from the file as a person would recognise it; ``quoted`` marks text."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a {...} block"
    text = str(value)
    text = text if len(text) <= 60 else text[:57] + "..."
    return f'"{text}"' if quoted and isinstance(value, str) else text


def _problem(error: ErrorDetails) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        message = "is missing"
    elif kind == "extra_forbidden":
        message = "is not part of a version 1 case file (check the spelling)"
    elif kind == "string_type":
        message = f"should be text in quotes, not {_shown(value, quoted=True)}"
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        message = f"should be a whole number, not {_shown(value, quoted=True)}"
    elif kind == "bool_type":
        message = f"should be true or false, not {_shown(value, quoted=True)}"
    elif kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        if isinstance(value, str):
            message = f"{_shown(value)} is not a real date (dates are written YYYY-MM-DD)"
        else:
            message = f"should be a date written YYYY-MM-DD, not {_shown(value, quoted=True)}"
    elif kind.startswith("datetime_"):
        example = "a date and time such as 2026-03-01T14:30:00Z"
        message = (
            f"{_shown(value)} is not {example}"
            if isinstance(value, str)
            else f"should be {example}, not {_shown(value)}"
        )
    elif kind == "enum":
        message = f"{_shown(value)} is not one of {ctx.get('expected', 'the allowed values')}"
    elif kind == "literal_error":
        message = (
            f"should be {ctx.get('expected', 'another value')}, not {_shown(value, quoted=True)}"
        )
    elif kind == "list_type":
        message = f"should be a list [...], not {_shown(value, quoted=True)}"
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        message = f"should be a {{...}} block, not {_shown(value, quoted=True)}"
    elif kind in ("value_error", "assertion_error"):
        message = str(ctx.get("error", error["msg"]))
    else:
        message = error["msg"]
    where = _where(error["loc"])
    if not where:
        return message
    return f"{where} {message}" if kind == "missing" else f"{where}: {message}"


def describe_problems(error: ValidationError) -> list[str]:
    """Each problem pydantic found, in user words, with where it is in the file."""
    return [_problem(detail) for detail in error.errors(include_url=False)]


def _validate(text: str, name: str) -> CaseFile:
    try:
        return CaseFile.model_validate_json(text)
    except ValidationError as error:
        problems = describe_problems(error)
        listed = "; ".join(problem.rstrip(".") for problem in problems[:_MAX_REPORTED])
        more = len(problems) - _MAX_REPORTED
        extra = f"; and {more} more problem{'s' if more > 1 else ''}" if more > 0 else ""
        raise InvalidInput(
            f"{name} cannot be imported because it has mistakes: {listed}{extra}. "
            "Nothing was imported."
        ) from None


def read_case_file(
    path: Path | str, lock: Lock | None = None, *, plain_allowed: bool = True
) -> CaseFile:
    """Read and check a whole case file; refuses anything that is not a sound version 1.

    A sealed file (``sealed.py``) is opened with ``lock`` first. A plain one is refused
    unless ``plain_allowed`` (a handover is expected to arrive sealed)."""
    path = Path(path).expanduser().absolute()
    return case_file_from_bytes(_read_bytes(path), path.name, lock, plain_allowed=plain_allowed)


def read_raw(path: Path | str) -> bytes:
    """A case file's bytes (sealed or plain), refused in plain words when it cannot be one."""
    return _read_bytes(Path(path).expanduser().absolute())


def case_file_from_bytes(
    raw: bytes, name: str, lock: Lock | None = None, *, plain_allowed: bool = True
) -> CaseFile:
    if is_sealed(raw):
        raw = open_file(raw, name, lock or Lock())
        if len(raw) > MAX_FILE_BYTES:
            raise _not_case_file(name, "it is larger than any case file")
        sealed_file = True
    else:
        if len(raw) > MAX_FILE_BYTES:
            raise _not_case_file(name, "it is larger than any case file")
        sealed_file = False
    text, data = _parse(raw, name)
    _check_header(data, name)
    if not sealed_file and not plain_allowed:
        raise InvalidInput(
            f"{name} is a plain case file: it was not encrypted, so anyone who handled it on "
            "the way could have read or changed it. If you trust where it came from, import "
            "it with --plain. Nothing was imported."
        )
    return _validate(text, name)
