"""Alembic migrations for the vault schema, run by the program on open."""
