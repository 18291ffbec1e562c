"""Program logs: per-user log folder, rotated, and never any personal data.

Log messages name ids, counts and kinds of action, never a person's name or a note;
the vault holds the details.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

LOG_DIR_ENV = "TAC_LOG_DIR"

# Until (or unless) the log file is set up, e.g. the log folder cannot be written, the
# program's log records go nowhere; without this Python would print them, tracebacks
# included, on the terminal.
logging.getLogger("tac_desktop").addHandler(logging.NullHandler())


def log_dir() -> Path:
    override = os.environ.get(LOG_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_log_dir

    return Path(user_log_dir("TAC Desktop", appauthor=False))


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Send the program's log to a rotating file; returns its path (None if unwritable)."""
    from logging.handlers import RotatingFileHandler  # here: keeps it off the start-up path

    root = logging.getLogger("tac_desktop")
    if any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        return None
    folder = log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            folder / "tac-desktop.log", maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        return None  # a read-only home must not stop the program
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    return folder / "tac-desktop.log"


def log_unexpected(logger: logging.Logger, error: BaseException, where: str) -> None:
    """Log an unexpected error's kind and where it happened, never its message: a
    database error's text can quote the values (names, notes) it was writing."""
    import traceback

    logger.error(
        "unexpected %s in %s\n%s",
        type(error).__name__,
        where,
        "".join(traceback.format_tb(error.__traceback__)).rstrip(),
    )
