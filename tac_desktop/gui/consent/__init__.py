"""The case's Consent and sharing tab: the consent register, decisions to share
without agreement, the sharing log, and the revisits that are due."""
