"""Persistence behind a narrow interface.

Only :mod:`runsense.store.sqlite` speaks SQL; callers use :func:`open_store` and the methods of
the returned store, so another backend (PostgreSQL for a clinic with many athletes) is an
addition, not a rewrite.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from runsense._lazy import lazy_exports
from runsense.store.faults import explain_fault
from runsense.store.schema import SCHEMA_VERSION, SUMMARY_COLUMNS
from runsense.store.sqlite import SQLiteStore, StoredActivity

if TYPE_CHECKING:
    from runsense.store.protocol import Store
    from runsense.store.restore import RestoreResult, restore_store

__all__ = ["SCHEMA_VERSION", "SUMMARY_COLUMNS", "RestoreResult", "SQLiteStore", "Store", "StoredActivity", "explain_fault", "open_store", "restore_store"]

#: names imported from their module when first asked for: `runsense pain log` opens a store and
#: never restores one nor checks the protocol, and each module costs the quick commands' start
_LAZY = {"Store": "runsense.store.protocol", "RestoreResult": "runsense.store.restore", "restore_store": "runsense.store.restore"}


__getattr__ = lazy_exports(__name__, _LAZY)


def open_store(path: str | os.PathLike[str], *, read_only: bool = False, salvage: bool = False) -> SQLiteStore:
    """Open (and create or upgrade, unless ``read_only``) the store at ``path``; ``salvage``: read-only,
    for exporting what a damaged store still holds."""
    return SQLiteStore(path, read_only=read_only, salvage=salvage)
