"""What a log folder must never hold: the demo families' names, contact details and notes.

Shared by the log tests and the packaged-program test (not a test module itself). Every
person here is invented (``tac_desktop.core.demo``).
"""

from __future__ import annotations

import re
from pathlib import Path

from tac_desktop.core.demo import DEMO_CHAIR, DEMO_PASSPHRASE, demo_families

# Words of a name that are not themselves personal (titles), and the shortest string
# checked (shorter ones, like the two-letter preferred name "Zo", match too much).
_TITLES = frozenset({"Dr", "Mr", "Mrs", "Ms", "Miss"})
_SHORTEST_WORD = 4


def personal_strings() -> set[str]:
    """Every name, contact detail and free-text note of the demo families, and the
    demo passphrase: none may ever reach a log."""
    found = {DEMO_CHAIR.name, DEMO_PASSPHRASE}
    for family in demo_families():
        found.add(family.summary)
        for person in (family.subject, *family.others):
            found.update({person.name, person.preferred_name, person.notes})
        for professional, _, _ in family.professionals:
            found.update({professional.name, professional.phone, professional.secure_email})
    return {text for text in found if len(text) >= _SHORTEST_WORD}


def name_words() -> set[str]:
    """Each word of each person's name (``Whitfield``, ``Łukasz``...), to catch a name
    logged in part."""
    names = {DEMO_CHAIR.name}
    for family in demo_families():
        names.update(person.name for person in (family.subject, *family.others))
        names.update(professional.name for professional, _, _ in family.professionals)
    return {
        word
        for name in names
        for word in name.split()
        if len(word) >= _SHORTEST_WORD and word not in _TITLES
    }


def log_text(folder: Path) -> str:
    """Every file under ``folder`` (rotated logs too), as text."""
    return "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    )


def personal_data_in(text: str, *extra: str) -> list[str]:
    """The personal strings (and ``extra`` ones, e.g. a vault's file name) found in
    ``text``, as written or escaped (``repr`` of a name with accents)."""
    hits = []
    for needle in sorted(personal_strings() | {e for e in extra if e}):
        for form in {needle, ascii(needle)[1:-1]}:
            if form in text:
                hits.append(needle)
                break
    for word in sorted(name_words()):
        for form in {word, ascii(word)[1:-1]}:
            if re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text):
                hits.append(word)
                break
    return hits
