"""How long a passphrase change takes when it replaces the data key (issue 18, point 4).

A standalone figure, not part of ``run.py``'s table: builds the 5,000-case vault of
``records.py`` in a throwaway folder, then times ``change_passphrase`` with the key
replaced (SQLCipher's rekey re-encrypts every page) and, for comparison, with the same
key re-sealed. Both include the argon2id derivations of the real KDF settings.

    python benchmarks/rekey.py [--workdir PATH]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from tac_desktop.core.vault import Vault

from common import PASSPHRASE
from records import build_case_vault

NEW_PASSPHRASE = "a second invented passphrase for the benchmark"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tac-rekey-", dir=args.workdir))
    try:
        path, _key, built = build_case_vault(work)
        size = path.stat().st_size
        print(f"built 5,000 cases in {built:.1f} s; vault {size / 1e6:.1f} MB")
        with Vault.open(path, PASSPHRASE) as vault:
            start = time.perf_counter()
            vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)  # key replaced (default)
            rotated = time.perf_counter() - start
            start = time.perf_counter()
            vault.change_passphrase(NEW_PASSPHRASE, PASSPHRASE, rotate_key=False)
            resealed = time.perf_counter() - start
            healthy = vault.check().healthy
        print(f"change passphrase, data key replaced (rekey): {rotated:.2f} s")
        print(f"change passphrase, same key re-sealed:         {resealed:.2f} s")
        print(f"vault healthy afterwards: {healthy}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
