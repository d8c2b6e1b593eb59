"""What the store gives back, typed: an activity's row, a shoe, a pain entry, an alert.

Frozen dataclasses of the model layer, so that the services, the CLI and the dashboard read
attributes a type checker knows (``shoe.distance_m``) instead of indexing dicts by string. Each
``to_dict()`` is the row's JSON form: the shapes ``runsense activities --json``, ``pain list --json``
and ``alerts --json`` print (pinned by ``tests/test_json_shapes.py``). A pain entry still to be
stored is a :class:`NewPainEntry`, made and checked by :func:`runsense.pain.make_entry` (the one
place of the pain log's rules).

Each type lives in a module of its own and loads on first use (``runsense.records.Shoe`` imports
only :mod:`._shoe`): the CLI's quick commands, which store a pain entry or list shoes, never build
the activity row's forty-odd-field class.
"""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING

from runsense._lazy import lazy_exports

if TYPE_CHECKING:
    from runsense.records._activity import FORM_FIELDS, ActivityRow
    from runsense.records._alert import Alert
    from runsense.records._pain import NewPainEntry, PainEntry
    from runsense.records._shoe import Shoe

#: public name → the module that defines it
_EXPORTS = {
    "FORM_FIELDS": "._activity", "ActivityRow": "._activity", "Alert": "._alert",
    "NewPainEntry": "._pain", "PainEntry": "._pain", "Shoe": "._shoe",
}  # fmt: skip


def field_names(row_type: type) -> tuple[str, ...]:
    """The field names of one of these types, in order (what a store fills)."""
    return tuple(f.name for f in fields(row_type))


__all__ = ["FORM_FIELDS", "ActivityRow", "Alert", "NewPainEntry", "PainEntry", "Shoe", "field_names"]

__getattr__ = lazy_exports(__name__, _EXPORTS)
