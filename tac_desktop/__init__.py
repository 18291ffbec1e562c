"""TAC Desktop: chair a Team Around the Child meeting and keep the family's case."""

# The one place the version is written; pyproject.toml reads it (hatch dynamic version).
# A literal, not importlib.metadata, because that lookup costs ~50 ms at every start.
__version__ = "0.1.0"

APP_NAME = "TAC Desktop"
