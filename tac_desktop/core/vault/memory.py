"""Keeping key material out of places it could be read from: core dumps, another
process of the same user attaching a debugger, and the key after the vault is locked.

What Python allows: no core dumps (``RLIMIT_CORE`` 0), on Linux the process marked not
dumpable (``PR_SET_DUMPABLE`` 0: no ptrace or ``/proc/PID/mem`` by other processes of
the same user, and no core file), and the data key held in one ``bytearray`` that is
overwritten with zeros on lock. What it does not allow is listed in README: copies
Python makes of its own accord (the hex text of the SQLCipher ``PRAGMA key``, the
``bytes`` handed to the OS keyring or an HMAC) cannot be wiped and stay in freed
memory until it is reused.
"""

from __future__ import annotations

import ctypes
import sys

_PR_SET_DUMPABLE = 4
_hardened = False


def harden_process() -> None:
    """Once per process, before any key is handled; quietly does what the OS allows."""
    global _hardened
    if _hardened:
        return
    _hardened = True
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):
        pass  # Windows has no core-dump limit here (crash dumps are set up by the OS)
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)
        except (OSError, AttributeError):
            pass


def wipe(buffer: bytearray) -> None:
    """Overwrite ``buffer`` with zeros in place."""
    if buffer:
        ctypes.memset((ctypes.c_char * len(buffer)).from_buffer(buffer), 0, len(buffer))
