"""Errors a person can meet, each carrying a message in plain words.

Every error that reaches the command line or a window is a ``TacError``: its ``str`` is
the sentence shown to the user (no jargon, no stack trace, what to do next).
"""

from __future__ import annotations


class TacError(Exception):
    """Base of every error with a message meant for the user."""


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
