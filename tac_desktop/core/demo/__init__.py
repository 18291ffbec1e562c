"""Synthetic demo families: invented people, varied enough to exercise every screen.

Nobody here is real. Ages are computed from today so the families never grow up, and
dates of meetings and tasks from today so some tasks are always overdue. The Nowaks have
a family safety plan in two versions (one agency still holds the first); Zoë Whitfield
has a personal safety plan in her own words. Every family has consents recorded: the
Nowaks' father did not agree to the school being told about him, a team manager
approved sharing anyway to keep the children safe, and asking him again is due this
week. Sending plans and minutes fills the sharing log; one phone call is logged by hand.

One module per family (``whitfield``, ``nowak``, ``yilmaz``, ``haddad``) holds its
people and the story of its case; ``base`` the shapes they fill in and the demo's chair;
``build`` makes the vault from them.
"""

from tac_desktop.core.demo.base import DEMO_CHAIR, DEMO_CHAIR_EMAIL, DEMO_MANAGER, DEMO_PASSPHRASE
from tac_desktop.core.demo.build import create_demo_vault, demo_families, populate

__all__ = [
    "DEMO_CHAIR",
    "DEMO_CHAIR_EMAIL",
    "DEMO_MANAGER",
    "DEMO_PASSPHRASE",
    "create_demo_vault",
    "demo_families",
    "populate",
]
