"""Free text the runner types: one rule for the length of a note (pain entries, sessions, shoes),
and one for the control characters a one-line label may not hold (a marker's label, a shoe's name:
drawn on charts and in the PDF, where a terminal's escape codes cannot be neutralised as the CLI
does for notes, which keep them stored and show them stripped).

Light on purpose: ``runsense pain log`` and ``shoes add`` load it.
"""

from __future__ import annotations

import unicodedata

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


def no_control_characters(text: str, what: str) -> str:
    """``text`` when it holds no control character; InvalidInputError naming the first one otherwise."""
    for ch in text:
        if unicodedata.category(ch) == "Cc":
            raise InvalidInputError(f"a {what} cannot hold control characters (here {ch!r}): {text[:60]!r}")
    return text
