"""Free text the runner types (notes on pain entries, sessions and shoes): one rule for its length.

Light on purpose: ``runsense pain log`` and ``shoes add`` load it.
"""

from __future__ import annotations

from runsense.errors import InvalidInputError

#: the longest note (a pain entry's, a session's, a pair of shoes'): a few paragraphs for the
#: physio; more is a paste gone wrong that would fill every table it is shown in
MAX_NOTE_CHARS = 2000


def note_text(text: str | None, what: str = "note") -> str:
    """A note as it is stored, trimmed; InvalidInputError when it is over :data:`MAX_NOTE_CHARS`."""
    note = (text or "").strip()
    if len(note) > MAX_NOTE_CHARS:
        raise InvalidInputError(f"a {what} is at most {MAX_NOTE_CHARS} characters (this one has {len(note)})")
    return note
