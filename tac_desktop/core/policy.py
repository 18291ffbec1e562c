"""The service's policy file: what IT sets once for every vault on a computer.

A TOML file, ``policy.toml``, in the computer-wide configuration folder (platformdirs'
site config folder for "TAC Desktop"; ``TAC_POLICY_FILE`` names another, for tests and
unusual set-ups). Both sections are optional::

    [recovery]
    public_key = "tac-recovery.public.pem"   # beside this file, or a full path

    [retention]
    years_after_closure = 6
    until_age = 25

With no file, vaults are made without recovery and the retention defaults apply. A file
that is there but cannot be used stops what needs it with a message naming the file:
silently making an unrecoverable vault, or keeping records by other rules than the
service's, would be worse.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tac_desktop.core.errors import TacError
from tac_desktop.core.practice.retention import RetentionRules
from tac_desktop.core.vault.recovery import RecoveryKeyError, RecoveryPublicKey

POLICY_ENV = "TAC_POLICY_FILE"
POLICY_NAME = "policy.toml"
MAX_POLICY_BYTES = 64 * 1024


class PolicyError(TacError):
    """The service's policy file is there but cannot be used."""


@dataclass(frozen=True)
class Policy:
    path: Path | None  # None: no policy file on this computer
    recovery_key: RecoveryPublicKey | None
    retention: RetentionRules


def policy_path() -> Path:
    """Where the policy file is looked for (it need not exist)."""
    named = os.environ.get(POLICY_ENV)
    if named:
        return Path(named).expanduser()
    from platformdirs import site_config_dir

    return Path(site_config_dir("TAC Desktop", appauthor=False)) / POLICY_NAME


def _problem(path: Path, what: str) -> PolicyError:
    return PolicyError(
        f"The policy file {path} that your IT team placed cannot be used: {what}. Ask them "
        "to correct it. Nothing was changed."
    )


def _whole(section: dict[str, Any], key: str, default: int, path: Path) -> int:
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 150:
        raise _problem(path, f"[retention] {key} should be a whole number of years (0 to 150)")
    return value


def load_policy(path: Path | None = None) -> Policy:
    path = path if path is not None else policy_path()
    if not path.exists():
        return Policy(None, None, RetentionRules())
    try:
        if path.stat().st_size > MAX_POLICY_BYTES:
            raise _problem(path, "it is far too large to be a policy file")
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise _problem(
            path, f"it cannot be read ({error.strerror or type(error).__name__})"
        ) from None
    except UnicodeDecodeError:
        raise _problem(path, "it is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise _problem(path, f"it is not valid TOML ({error})") from None
    unknown = set(data) - {"recovery", "retention"}
    if unknown:
        raise _problem(
            path, f"it has sections TAC Desktop does not know: {', '.join(sorted(unknown))}"
        )
    recovery = data.get("recovery", {})
    retention = data.get("retention", {})
    if not isinstance(recovery, dict) or not isinstance(retention, dict):
        raise _problem(path, "[recovery] and [retention] must be sections")
    if set(retention) - {"years_after_closure", "until_age"}:
        raise _problem(path, "[retention] takes only years_after_closure and until_age")
    if set(recovery) - {"public_key"}:
        raise _problem(path, "[recovery] takes only public_key")
    key = None
    if "public_key" in recovery:
        named = recovery["public_key"]
        if not isinstance(named, str) or not named:
            raise _problem(path, "[recovery] public_key should name the public key file")
        key_path = Path(named).expanduser()
        if not key_path.is_absolute():
            key_path = path.parent / key_path
        try:
            key = RecoveryPublicKey.read(key_path)
        except RecoveryKeyError as error:
            raise _problem(path, str(error).rstrip(".")) from None
    rules = RetentionRules(
        _whole(retention, "years_after_closure", RetentionRules.years_after_closure, path),
        _whole(retention, "until_age", RetentionRules.until_age, path),
    )
    return Policy(path, key, rules)
