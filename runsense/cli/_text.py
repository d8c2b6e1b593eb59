"""Text from files and from the runner is data: the terminal shows it, and never obeys it.

Activity titles, file names, shoe names, notes and error messages that quote them reach the
console through :func:`safe`, the one place that neutralises them: terminal escape sequences are
dropped, other control characters (and the bidirectional overrides that reorder what is shown)
become a visible ``�``, line breaks and tabs become spaces, and Rich markup brackets are escaped,
so ``[/bold]`` in a GPX ``<name>`` is printed, not interpreted (and the consoles read no
``:emoji:`` codes: a shoe called ``:runner:`` stays so).

A message of a quick command (``pain log``, ``shoes list``) is printed by :func:`say`, and the shoe
list's table by :func:`say_table`, without Rich's console: it takes longer to import than the rest
of such a command takes to run. Their text is never read as markup, so runner's text in them goes
through :func:`plain` alone.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence

import typer

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
    from rich.markup import escape  # here: the quick commands print without Rich

    return escape(plain(value))


def say(*segments: str | tuple[str, str]) -> None:
    """Print one message on stdout as Rich prints a line, without loading Rich's console: wrapped
    where Rich wraps it, a ``(text, style)`` segment in ``"bold"`` or ``"dim"`` (in a terminal only).

    ``say("Log one with ", ("runsense pain log 3", "bold"), ".")``. The text is never read as
    markup: pass the runner's text through :func:`plain`.
    """
    parts = [(segment, "") if isinstance(segment, str) else segment for segment in segments]
    typer.echo(_styled(_wrapped("".join(text for text, _ in parts), _width()), parts))


def say_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Print a table on stdout as Rich's default ``Table`` draws it (heavy head, a space either side
    of each cell, the header in bold in a terminal), without loading Rich's console.

    Cells are text taken as it is (pass the runner's text through :func:`plain`). A table wider than
    the terminal, a column with nothing to show, a cell on more than one line, or a terminal that
    cannot show the box characters is drawn by Rich itself, which wraps and crops cells to fit.
    """
    from rich.cells import cell_len

    widths = [max(cell_len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower()
    fits = 0 < min(widths) and sum(widths) + 3 * len(widths) + 1 <= _width()
    if not rows or not fits or any("\n" in cell for row in rows for cell in row) or not encoding.startswith("utf"):
        _rich_table(headers, rows)
        return

    def line(cells: Sequence[str], bar: str) -> str:
        return bar + bar.join(f" {cell}{' ' * (width - cell_len(cell))} " for cell, width in zip(cells, widths, strict=True)) + bar

    def rule(left: str, fill: str, middle: str, right: str) -> str:
        return left + middle.join(fill * (width + 2) for width in widths) + right

    header = "┃".join(typer.style(part, bold=True) if part else part for part in line(headers, "┃").split("┃"))  # bold in a terminal only
    lines = [rule("┏", "━", "┳", "┓"), header, rule("┡", "━", "╇", "┩"), *(line(row, "│") for row in rows), rule("└", "─", "┴", "┘")]
    typer.echo("\n".join(lines))


def _rich_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """The table of :func:`say_table`, drawn by Rich (cells as text, never markup)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(header_style="bold")
    for header in headers:
        table.add_column(Text(header))
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    Console().print(table)


def _wrapped(text: str, width: int) -> str:
    """``text`` broken into lines as Rich breaks it (its own line-breaking rule, which counts
    terminal cells): at most ``width`` cells a line, with the spaces beyond the edge dropped."""
    from rich._wrap import divide_line  # Rich's rule itself; its console would take 20 ms to load
    from rich.cells import cell_len, set_cell_size

    ends = [*divide_line(text, width), len(text)]
    lines = [text[start:end] for start, end in zip([0, *ends[:-1]], ends, strict=True)]
    for i, line in enumerate(lines):
        excess = len(line) - width  # Rich drops the spaces past the edge counting characters,
        line = line[: len(line) - min(len(line) - len(line.rstrip()), max(excess, 0))]
        lines[i] = set_cell_size(line, width) if cell_len(line) > width else line  # then crops to the cells
    return "\n".join(lines)


def _styled(wrapped: str, parts: list[tuple[str, str]]) -> str:
    """``wrapped`` with each part's style put back: wrapping changed only whitespace, so each part
    is the next run of as many visible characters as it has (and the spaces it ends with)."""
    pieces, start = [], 0
    for text, style in parts:
        end, left = start, sum(not c.isspace() for c in text)
        while left and end < len(wrapped):
            left -= not wrapped[end].isspace()
            end += 1
        while text[-1:].isspace() and end < len(wrapped) and wrapped[end].isspace():  # its own trailing spaces
            end += 1
        piece = wrapped[start:end]
        pieces.append(typer.style(piece, **{style: True}) if style and piece else piece)
        start = end
    return "".join(pieces) + wrapped[start:]


def _width() -> int:
    """The terminal's width as Rich finds it: ``$COLUMNS``, else the first of stdin, stdout and
    stderr that is a terminal, else 80 columns."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns):
        return int(columns)
    for descriptor in (0, 1, 2):
        try:
            width = os.get_terminal_size(descriptor).columns
        except (AttributeError, ValueError, OSError):  # not a terminal
            continue
        if width:
            return width
    return 80
