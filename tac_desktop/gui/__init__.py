"""The Qt interface. It asks ``tac_desktop.core`` for everything; it runs no SQL.

One folder per area of the chair's work: ``shell`` (start-up, the main window, the vault
pages), ``cases``, ``meeting``, ``actions``, ``safety_plans``, ``consent``,
``transitions`` and ``documents``; ``shared`` holds what several areas use and ``forms``
the generated Designer modules. Which area may import which is checked by import-linter
(the contracts and their comment in ``pyproject.toml``).

Importing any part of the GUI first mends a defect of the Qt binding that would abort
the program after many signals (``shared/qt_binding.py``).
"""

from tac_desktop.gui.shared.qt_binding import mend_signal_references

mend_signal_references()
