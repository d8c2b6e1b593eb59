"""Persistence behind a narrow interface.

Only :mod:`runsense.store.sqlite` speaks SQL; callers use :func:`open_store` and the methods of
the returned store, so another backend (PostgreSQL for a clinic with many athletes) is an
addition, not a rewrite.
"""

from __future__ import annotations

import os

from runsense.store.schema import SCHEMA_VERSION, SUMMARY_COLUMNS
from runsense.store.sqlite import SQLiteStore, StoredActivity

__all__ = ["SCHEMA_VERSION", "SUMMARY_COLUMNS", "SQLiteStore", "StoredActivity", "open_store"]


def open_store(path: str | os.PathLike[str], *, read_only: bool = False) -> SQLiteStore:
    """Open (and create or upgrade, unless ``read_only``) the store at ``path``."""
    return SQLiteStore(path, read_only=read_only)
