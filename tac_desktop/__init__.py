"""TAC Desktop: chair a Team Around the Child meeting and keep the family's case."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tac-desktop")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+checkout"

APP_NAME = "TAC Desktop"
