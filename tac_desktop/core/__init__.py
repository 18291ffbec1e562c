"""The Qt-free heart of TAC Desktop: vault, records, practice rules, documents, CLI.

Nothing under this package may import Qt or ``tac_desktop.gui`` (checked by
import-linter in the test run).
"""
