"""The strict base of every item in a case file, the field checks the items share (text
as typing it in would allow it, times, Think Family questions, scores, keys), and the
reference to a professional in ``professionals`` that several items make."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict

from tac_desktop.core.practice.think_family import QUESTION_BY_KEY
from tac_desktop.core.services import safety_plans
from tac_desktop.core.services.cases import MAX_NAME, MAX_NOTE
from tac_desktop.core.text import clean_line

_Day = date  # a meeting has a field called "date"; its type is named apart from it


class _Item(BaseModel):
    # Strict: "12" is not 12, 1.0 is not 1, and dates are only YYYY-MM-DD text.
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


def _text_check(limit: int, required: bool, single_line: bool) -> AfterValidator:
    """Checks a text field as typing it in would, keeping the value as the file has it."""

    def check(value: str) -> str:
        size = len(clean_line(value) if single_line else value)
        if required and not (clean_line(value) if single_line else value.strip()):
            raise ValueError("cannot be empty")
        if size > limit:
            raise ValueError(f"is too long (at most {limit:,} characters)")
        return value

    return AfterValidator(check)


# Single-line text (names, roles, places) and notes (may span lines), as in the program.
_Line = Annotated[str, _text_check(MAX_NAME, required=False, single_line=True)]
_Name = Annotated[str, _text_check(MAX_NAME, required=True, single_line=True)]
_Key = Annotated[str, _text_check(60, required=True, single_line=True)]
_Note = Annotated[str, _text_check(MAX_NOTE, required=False, single_line=False)]
_FilledNote = Annotated[str, _text_check(MAX_NOTE, required=True, single_line=False)]


def _check_start_time(value: str) -> str:
    if value:  # exactly HH:MM, as the program writes it
        try:
            written = datetime.strptime(value, "%H:%M").strftime("%H:%M")
        except ValueError:
            written = ""
        if written != value:
            raise ValueError(f"{value} is not a time written HH:MM, such as 09:30 (or empty)")
    return value


def _check_question(value: str) -> str:
    if value not in QUESTION_BY_KEY:
        raise ValueError(f"{value} is not one of the Think Family questions")
    return value


def _check_score(value: int) -> int:
    if not 0 <= value <= 10:
        raise ValueError(f"{value} is not a scaling score (a whole number from 0 to 10)")
    return value


def _check_file_key(value: str) -> str:
    if not clean_line(value) or len(value) > 40:
        raise ValueError("should be a short piece of text (1 to 40 characters)")
    return value


_FileKey = Annotated[str, AfterValidator(_check_file_key)]

# A safety plan's points and phone numbers, as the plan's editor allows them.
_Point = Annotated[str, _text_check(safety_plans.MAX_POINT, required=False, single_line=True)]
_FilledPoint = Annotated[str, _text_check(safety_plans.MAX_POINT, required=True, single_line=True)]
_Phone = Annotated[str, _text_check(safety_plans.MAX_PHONE, required=False, single_line=True)]


class ProfessionalRef(_Item):
    """A professional in ``professionals``, by name and agency name."""

    name: _Name
    agency: _Name
