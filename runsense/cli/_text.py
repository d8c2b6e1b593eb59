"""Text from files and from the runner is data: the terminal shows it, and never obeys it.

Activity titles, file names, shoe names, notes and error messages that quote them reach the
console through :func:`safe`, the one place that neutralises them: terminal escape sequences are
dropped, other control characters (and the bidirectional overrides that reorder what is shown)
become a visible ``�``, line breaks and tabs become spaces, and Rich markup brackets are escaped,
so ``[/bold]`` in a GPX ``<name>`` is printed, not interpreted.
"""

from __future__ import annotations

import re

from rich.markup import escape

#: CSI (``ESC [ … final``), OSC (``ESC ] … BEL`` or ``ESC \``), two-character escapes, and the C1 CSI
_ESCAPE_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -~]?|\x9b[0-?]*[ -/]*[@-~]")
_WHITESPACE = re.compile(r"[\t\n\r\x0b\x0c\x85\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def plain(value: object) -> str:
    """``value`` as one line of inert text: no escape sequences, no control characters."""
    text = _ESCAPE_SEQUENCE.sub("", str(value))
    text = _WHITESPACE.sub(" ", text)
    return _CONTROL.sub("\N{REPLACEMENT CHARACTER}", text)


def safe(value: object) -> str:
    """``value`` ready to embed in a Rich markup string: :func:`plain`, with markup escaped."""
    return escape(plain(value))
