"""Errors a person can meet, each carrying a message in plain words.

Every error that reaches the command line or a window is a ``TacError``: its ``str`` is
the sentence shown to the user (no jargon, no stack trace, what to do next).
"""

from __future__ import annotations

MAX_MESSAGE = 2000  # characters; a message quoting a huge bad value is shortened


class TacError(Exception):
    """Base of every error with a message meant for the user.

    Whatever a message quotes (a value from a malformed file, a list of problems), what
    reaches a person is at most ``MAX_MESSAGE`` characters: its start, and its end, which
    says what happened to their data ("Nothing was imported.").
    """

    def __str__(self) -> str:
        text = super().__str__()
        if len(text) <= MAX_MESSAGE:
            return text
        tail = text[-300:]
        head = text[: MAX_MESSAGE - len(tail) - 40]
        return f"{head} … [message shortened] … {tail}"


class VaultError(TacError):
    """Something about a vault file stops us from using it."""


class VaultMissing(VaultError):
    pass


class NotAVault(VaultError):
    pass


class WrongPassphrase(VaultError):
    pass


class VaultDamaged(VaultError):
    pass


class VaultInUse(VaultError):
    pass


class VaultTooNew(VaultError):
    pass


class FolderNotWritable(VaultError):
    pass


class DestinationExists(VaultError):
    pass


class InvalidInput(TacError):
    """A value the user typed or passed cannot be used as it is."""
