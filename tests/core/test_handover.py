"""The sealed case file (issue 20, point 2): a case moved between two vaults encrypted,
and every wrong file, wrong passphrase or changed byte refused with nothing imported.

Every person named here is invented.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from tac_desktop.core.errors import InvalidInput, TacError, WrongPassphrase
from tac_desktop.core.services.cases import list_cases
from tac_desktop.core.transfer import Lock, import_case, read_case_file, write_case_file
from tac_desktop.core.transfer.sealed import MAGIC, new_passphrase, seal
from tac_desktop.core.vault import KdfParams, Vault
from tac_desktop.core.vault.recovery import RecoveryPrivateKey, RecoveryPublicKey, new_key_pair
from tests.conftest import CHAIR, PASSPHRASE
from tests.core.helpers import add_synthetic_case, assert_plain_failure, run_cli

FAST = KdfParams.fast_for_tests()
WORDS = "otter-lantern-quarry-mitten-basil-crumpet"
NAME = "Tamsin Okonkwo-Bryce"


@pytest.fixture
def source(tmp_path: Path) -> Vault:
    made = Vault.create(tmp_path / "source.tacvault", PASSPHRASE, CHAIR, FAST)
    add_synthetic_case(made)
    return made


@pytest.fixture
def target(tmp_path: Path) -> Vault:
    return Vault.create(tmp_path / "target.tacvault", PASSPHRASE, CHAIR, FAST)


def _references(vault: Vault) -> list[str]:
    return [c.reference for c in list_cases(vault)]


def test_a_case_moves_between_two_vaults_sealed_with_a_passphrase(
    source: Vault, target: Vault, tmp_path: Path
) -> None:
    path = write_case_file(
        source, "SYN-2026-0001", tmp_path / "case.tac-case", lock=Lock(WORDS), kdf=FAST
    )
    raw = path.read_bytes()
    assert raw.startswith(MAGIC)
    assert NAME.encode() not in raw and b"Okonkwo" not in raw
    # The words as read out on the phone: spaces, capitals.
    case_file = read_case_file(path, Lock("Otter Lantern quarry mitten BASIL crumpet"))
    assert import_case(target, case_file) == "SYN-2026-0001"
    assert _references(target) == ["SYN-2026-0001"]
    with pytest.raises(WrongPassphrase):
        read_case_file(path, Lock("otter-lantern-quarry-mitten-basil-crumpets"))
    with pytest.raises(WrongPassphrase):
        read_case_file(path)  # no passphrase given


def test_a_case_sealed_to_a_recovery_key_opens_only_with_its_private_half(
    source: Vault, target: Vault, tmp_path: Path
) -> None:
    theirs = new_key_pair(tmp_path, "receiving")
    other = new_key_pair(tmp_path, "another")
    path = write_case_file(
        source,
        "SYN-2026-0001",
        tmp_path / "case.tac-case",
        lock=Lock(public_key=RecoveryPublicKey.read(theirs.public)),
    )
    with pytest.raises(InvalidInput, match="sealed to the recovery key"):
        read_case_file(path, Lock(private_key=RecoveryPrivateKey.read(other.private)))
    with pytest.raises(WrongPassphrase, match="recovery key"):
        read_case_file(path, Lock(WORDS))
    case_file = read_case_file(path, Lock(private_key=RecoveryPrivateKey.read(theirs.private)))
    import_case(target, case_file)
    assert _references(target) == ["SYN-2026-0001"]


def _sealed(source: Vault, tmp_path: Path) -> bytes:
    path = write_case_file(
        source, "SYN-2026-0001", tmp_path / "good.tac-case", lock=Lock(WORDS), kdf=FAST
    )
    return path.read_bytes()


def test_every_changed_byte_and_every_cut_is_refused(source: Vault, tmp_path: Path) -> None:
    raw = _sealed(source, tmp_path)
    bad = tmp_path / "bad.tac-case"
    header_end = raw.index(b"\n", len(MAGIC)) + 1
    # A byte of the header (its KDF settings, salt, nonce), and bytes of the body.
    positions = [len(MAGIC) + 5, header_end - 20, header_end + 3, len(raw) // 2, len(raw) - 3]
    for position in positions:
        changed = bytearray(raw)
        changed[position] = ord("A") if changed[position] != ord("A") else ord("B")
        bad.write_bytes(bytes(changed))
        with pytest.raises(TacError):
            read_case_file(bad, Lock(WORDS))
    # The header says a cheaper KDF: the seal fails (it covers the header).
    cheaper = raw.replace(b'"time_cost":1', b'"time_cost":2')
    assert cheaper != raw
    bad.write_bytes(cheaper)
    with pytest.raises(WrongPassphrase):
        read_case_file(bad, Lock(WORDS))
    for cut in (len(MAGIC) - 2, len(MAGIC) + 10, header_end, header_end + 40, len(raw) - 30):
        bad.write_bytes(raw[:cut])
        with pytest.raises(TacError):
            read_case_file(bad, Lock(WORDS))
    bad.write_bytes(raw[: len(raw) - 41] + b"\n")
    with pytest.raises(InvalidInput, match="cut short"):
        read_case_file(bad, Lock(WORDS))
    # Line ends turned into CR LF on the way (mail "as text"): still opens.
    bad.write_bytes(raw.replace(b"\n", b"\r\n"))
    assert read_case_file(bad, Lock(WORDS)).case.reference == "SYN-2026-0001"
    # The sealed part swapped for one of the same length, sealed with the same words
    # under another header: refused (the seal covers the header it was made with).
    length = json.loads(raw[len(MAGIC) : header_end])["length"]
    other = seal(b"{" + b" " * (length - 18) + b"}", Lock(WORDS), FAST)
    spliced = raw[:header_end] + other[other.index(b"\n", len(MAGIC)) + 1 :]
    assert len(spliced) == len(raw)
    bad.write_bytes(spliced)
    with pytest.raises(WrongPassphrase):
        read_case_file(bad, Lock(WORDS))


@pytest.mark.parametrize("padding", [b"=", b"=="])
def test_a_change_to_the_spare_bits_of_the_last_base64_letter_is_refused(
    padding: bytes,
) -> None:
    # Before "=" (or "==") the last letter carries 2 (or 4) bits a plain decoder drops:
    # changing it to its neighbour gives the same bytes, so only a strict decoder sees it.
    from tac_desktop.core.transfer.sealed import open_file

    size = 17 if padding == b"=" else 16  # with braces and tag: 35 or 34 bytes, 2 or 1 over 3
    raw = seal(b"{" + b" " * size + b"}", Lock(WORDS), FAST)
    body_end = len(raw) - 1 - len(padding)  # the base64 before its padding and line end
    assert raw[body_end:] == padding + b"\n"
    assert open_file(raw, "good.tac-case", Lock(WORDS)).startswith(b"{")
    alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    changed = bytearray(raw)
    # The letter's lowest bit is one of the spare ones: A<->B, E<->F, ...
    changed[body_end - 1] = alphabet[alphabet.index(raw[body_end - 1]) ^ 1]
    assert base64.b64decode(bytes(changed).split(b"\n")[2]) == base64.b64decode(raw.split(b"\n")[2])
    with pytest.raises(InvalidInput, match="not whole"):
        open_file(bytes(changed), "bad.tac-case", Lock(WORDS))


def test_foreign_and_plain_files_are_told_apart(source: Vault, tmp_path: Path) -> None:
    plain = write_case_file(source, "SYN-2026-0001", tmp_path / "plain.json")
    with pytest.raises(InvalidInput, match="plain case file"):
        read_case_file(plain, Lock(WORDS), plain_allowed=False)
    assert read_case_file(plain).case.reference == "SYN-2026-0001"
    foreign = tmp_path / "foreign.tac-case"
    foreign.write_bytes(b"%PDF-1.7 not a case")
    with pytest.raises(InvalidInput, match="not a TAC Desktop case file"):
        read_case_file(foreign, Lock(WORDS))
    newer = tmp_path / "newer.tac-case"
    newer.write_bytes(b"TAC-SEALED-CASE 2\n{}\nAAAA\n")
    with pytest.raises(InvalidInput, match="newer TAC Desktop"):
        read_case_file(newer, Lock(WORDS))
    hostile = tmp_path / "hostile.tac-case"
    header = {
        "cipher": "AES-256-GCM",
        "format": "tac-sealed-case",
        "kdf": {
            "name": "argon2id",
            "time_cost": 1,
            "memory_cost_kib": 1 << 40,
            "parallelism": 1,
            "salt": base64.b64encode(b"s" * 16).decode(),
        },
        "lock": "passphrase",
        "nonce": base64.b64encode(b"n" * 12).decode(),
        "version": 1,
    }
    hostile.write_bytes(MAGIC + json.dumps(header).encode() + b"\n" + b"A" * 64 + b"\n")
    with pytest.raises(InvalidInput, match="header is not one TAC Desktop wrote"):
        read_case_file(hostile, Lock(WORDS))
    # Within what a vault's own key file may ask, but more than a file from outside may.
    header["kdf"]["memory_cost_kib"] = 2 * 1024 * 1024  # type: ignore[index]
    header["length"] = 48
    hostile.write_bytes(MAGIC + json.dumps(header).encode() + b"\n" + b"A" * 64 + b"\n")
    with pytest.raises(InvalidInput, match="header is not one TAC Desktop wrote"):
        read_case_file(hostile, Lock(WORDS))


def test_generated_passphrases_are_six_words_from_the_eff_list() -> None:
    made = {new_passphrase() for _ in range(50)}
    assert len(made) == 50
    for words in made:
        parts = words.split("-")
        assert len(parts) == 6 and all(part.isalpha() and part.islower() for part in parts)


def test_the_command_line_seals_by_default_and_shows_the_words_once(
    source: Vault, target: Vault, tmp_path: Path
) -> None:
    source.close()
    target.close()
    out = tmp_path / "handover.tac-case"
    made = run_cli("export", "case", source.path, "SYN-2026-0001", "-o", out)
    assert made.returncode == 0, made.stderr
    words = next(line.strip() for line in made.stdout.splitlines() if line.startswith("    "))
    assert len(words.split("-")) == 6 and "shown only this once" in made.stdout
    assert out.read_bytes().startswith(MAGIC)
    # No passphrase and no terminal: asked for, refused in words, nothing imported.
    refused = run_cli("import", "case", target.path, out)
    assert "TAC_CASE_PASSPHRASE" in assert_plain_failure(refused)
    wrong = run_cli("import", "case", target.path, out, env={"TAC_CASE_PASSPHRASE": "no"})
    assert "does not open" in assert_plain_failure(wrong)
    cut = tmp_path / "cut.tac-case"
    raw = out.read_bytes()
    body_starts = raw.index(b"\n", len(MAGIC)) + 1
    cut.write_bytes(raw[: body_starts + 101])  # mid-way through the base64
    short = run_cli("import", "case", target.path, cut, env={"TAC_CASE_PASSPHRASE": words})
    assert "cut short" in assert_plain_failure(short)
    done = run_cli("import", "case", target.path, out, env={"TAC_CASE_PASSPHRASE": words.upper()})
    assert done.returncode == 0, done.stderr
    # A plain file: refused unless --plain, then imported.
    plain = tmp_path / "plain.json"
    assert (
        run_cli("export", "case", source.path, "SYN-2026-0001", "-o", plain, "--plain").returncode
        == 0
    )
    assert (
        "not encrypted"
        in run_cli(
            "export", "case", source.path, "SYN-2026-0001", "-o", tmp_path / "p2.json", "--plain"
        ).stdout
    )
    again = run_cli("import", "case", target.path, plain, "--new-reference", "SYN-2026-0002")
    assert "--plain" in assert_plain_failure(again)
    ok = run_cli(
        "import", "case", target.path, plain, "--new-reference", "SYN-2026-0002", "--plain"
    )
    assert ok.returncode == 0, ok.stderr
    # Sealed to the receiving service's key, opened with its private half.
    pair = new_key_pair(tmp_path, "service")
    sealed = tmp_path / "to-service.tac-case"
    to_key = run_cli(
        "export", "case", source.path, "SYN-2026-0001", "-o", sealed, "--recipient-key", pair.public
    )
    assert to_key.returncode == 0 and pair.key_id in to_key.stdout
    opened = run_cli(
        "import",
        "case",
        target.path,
        sealed,
        "--new-reference",
        "SYN-2026-0003",
        "--recovery-key",
        pair.private,
    )
    assert opened.returncode == 0, opened.stderr
    with Vault.open(target.path, PASSPHRASE) as reopened:
        assert _references(reopened) == ["SYN-2026-0001", "SYN-2026-0002", "SYN-2026-0003"]
