"""The service's recovery key (issue 20, point 1): a vault whose passphrase is forgotten
is recovered with the key, and not without it or with another one.

Every person named here is invented.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tac_desktop.core.errors import TacError, WrongPassphrase
from tac_desktop.core.policy import PolicyError, load_policy
from tac_desktop.core.vault import KdfParams, Vault, keyfile
from tac_desktop.core.vault.keyfile import key_file_path
from tac_desktop.core.vault.recovery import (
    RecoveryKeyError,
    RecoveryPrivateKey,
    RecoveryPublicKey,
    new_key_pair,
    recover,
    set_recovery,
)
from tests.conftest import CHAIR, PASSPHRASE
from tests.core.helpers import add_synthetic_case, assert_plain_failure, audit_rows, run_cli

FAST = KdfParams.fast_for_tests()
FORGOTTEN = "a passphrase nobody remembers"
NEW = "a brand new passphrase"


def test_a_forgotten_passphrase_is_recovered_with_the_key_only(tmp_path: Path) -> None:
    pair = new_key_pair(tmp_path)
    other = new_key_pair(tmp_path, "other")
    path = tmp_path / "cases.tacvault"
    with Vault.create(
        path, FORGOTTEN, CHAIR, FAST, recovery_key=RecoveryPublicKey.read(pair.public)
    ) as made:
        add_synthetic_case(made)
        key_before = bytes(made.data_key)
        assert made.recovery_status.recoverable
        assert made.recovery_status.key_id == pair.key_id
    with pytest.raises(RecoveryKeyError, match="not the one"):
        recover(path, RecoveryPrivateKey.read(other.private), NEW)
    with pytest.raises(WrongPassphrase):
        Vault.open(path, NEW)
    recover(path, RecoveryPrivateKey.read(pair.private), NEW)
    with pytest.raises(WrongPassphrase):
        Vault.open(path, FORGOTTEN)
    # The data key was replaced too: a key remembered on the chair's computer is useless.
    with pytest.raises(WrongPassphrase):
        Vault.open(path, data_key=key_before)
    with Vault.open(path, NEW) as opened:
        assert opened.check().healthy
        assert opened.recovery_status.recoverable  # still sealed to the key
        assert any(row[1] == "passphrase reset with the recovery key" for row in audit_rows(opened))
        from tac_desktop.core.services.cases import list_cases

        assert [c.reference for c in list_cases(opened)] == ["SYN-2026-0001"]
        opened.change_passphrase(NEW, "yet another one")
    # Changing the passphrase keeps the recovery part.
    recover(path, RecoveryPrivateKey.read(pair.private), "after the change")
    Vault.open(path, "after the change").close()


def test_a_vault_without_recovery_is_refused(tmp_path: Path) -> None:
    pair = new_key_pair(tmp_path)
    path = tmp_path / "plain.tacvault"
    Vault.create(path, FORGOTTEN, CHAIR, FAST, use_policy=False).close()
    with pytest.raises(RecoveryKeyError, match="not set up for recovery"):
        recover(path, RecoveryPrivateKey.read(pair.private), NEW)
    with Vault.open(path, FORGOTTEN) as opened:
        assert not opened.recovery_status.recoverable
        set_recovery(opened, RecoveryPublicKey.read(pair.public))
    recover(path, RecoveryPrivateKey.read(pair.private), NEW)
    Vault.open(path, NEW).close()


def test_a_changed_recovery_part_is_refused(tmp_path: Path) -> None:
    pair = new_key_pair(tmp_path)
    intruder = new_key_pair(tmp_path, "intruder")
    path = tmp_path / "cases.tacvault"
    public = RecoveryPublicKey.read(pair.public)
    Vault.create(path, FORGOTTEN, CHAIR, FAST, recovery_key=public).close()
    # Someone who can write the key file seals a key of their own to the recovery key:
    # it does not open the vault, and recovery says so rather than breaking it.
    other = tmp_path / "other.tacvault"
    Vault.create(other, "x" * 12, CHAIR, FAST, recovery_key=public).close()
    document = json.loads(key_file_path(path).read_text())
    document["recovery"] = json.loads(key_file_path(other).read_text())["recovery"]
    # The key file's checksum is a plain fingerprint: whoever edits it can redo it.
    document["checksum"] = keyfile._checksum(document)
    key_file_path(path).write_text(json.dumps(document))
    with pytest.raises(RecoveryKeyError):
        recover(path, RecoveryPrivateKey.read(pair.private), NEW)
    with pytest.raises(RecoveryKeyError):
        recover(path, RecoveryPrivateKey.read(intruder.private), NEW)
    Vault.open(path, FORGOTTEN).close()  # nothing was changed


def test_a_locked_private_key_needs_its_passphrase(tmp_path: Path) -> None:
    pair = new_key_pair(tmp_path, passphrase="kept in the safe")
    assert RecoveryPrivateKey.is_locked(pair.private)
    assert (pair.private.stat().st_mode & 0o077) == 0
    with pytest.raises(WrongPassphrase):
        RecoveryPrivateKey.read(pair.private)
    with pytest.raises(WrongPassphrase):
        RecoveryPrivateKey.read(pair.private, "wrong")
    key = RecoveryPrivateKey.read(pair.private, "kept in the safe")
    assert key.public.key_id == pair.key_id
    with pytest.raises(RecoveryKeyError, match="private half"):
        RecoveryPublicKey.read(pair.private)
    with pytest.raises(RecoveryKeyError, match="public half"):
        RecoveryPrivateKey.read(pair.public)
    with pytest.raises(TacError):
        new_key_pair(tmp_path)  # a key is never replaced


def test_the_policy_file_gives_every_new_vault_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pair = new_key_pair(tmp_path)
    policy = tmp_path / "policy.toml"
    policy.write_text(
        f'[recovery]\npublic_key = "{pair.public.name}"\n\n[retention]\nyears_after_closure = 7\n'
    )
    monkeypatch.setenv("TAC_POLICY_FILE", str(policy))
    loaded = load_policy()
    assert loaded.retention.years_after_closure == 7 and loaded.retention.until_age == 25
    with Vault.create(tmp_path / "new.tacvault", FORGOTTEN, CHAIR, FAST) as made:
        assert made.recovery_status.key_id == pair.key_id
    policy.write_text('[recovery]\npublic_key = "missing.pem"\n')
    with pytest.raises(PolicyError, match=r"policy\.toml"):
        Vault.create(tmp_path / "refused.tacvault", FORGOTTEN, CHAIR, FAST)
    assert not (tmp_path / "refused.tacvault").exists()
    policy.write_text("[retention]\nyears_after_closure = 'six'\n")
    with pytest.raises(PolicyError, match="whole number"):
        load_policy()


def test_the_command_line_recovers_a_vault(tmp_path: Path) -> None:
    made = run_cli("recovery", "new-key", "--out", tmp_path)
    assert made.returncode == 0, made.stderr
    private = tmp_path / "tac-recovery.private.pem"
    public = tmp_path / "tac-recovery.public.pem"
    env = {"TAC_POLICY_FILE": str(tmp_path / "none.toml")}
    path = tmp_path / "cases.tacvault"
    Vault.create(path, PASSPHRASE, CHAIR, FAST).close()
    info = run_cli("vault", "info", path, passphrase=None, env=env)
    assert "not recoverable" in info.stdout
    refused = run_cli("vault", "recover", path, "--recovery-key", private, new_passphrase=NEW)
    assert "not set up for recovery" in assert_plain_failure(refused)
    done = run_cli("vault", "set-recovery", path, "--public-key", public)
    assert done.returncode == 0, done.stderr
    info = run_cli("vault", "info", path, passphrase=None)
    assert "recoverable with the service's recovery key" in info.stdout
    assert "recoverable with" in run_cli("vault", "check", path).stdout
    recovered = run_cli(
        "vault", "recover", path, "--recovery-key", private, passphrase=None, new_passphrase=NEW
    )
    assert recovered.returncode == 0, recovered.stderr
    Vault.open(path, NEW).close()
    created = run_cli(
        "vault",
        "create",
        tmp_path / "second.tacvault",
        "--chair-name",
        "Robin Example",
        "--recovery-public-key",
        public,
        env=env,
    )
    assert created.returncode == 0 and "IT can set a new one" in created.stdout
