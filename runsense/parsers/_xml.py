"""Safe, streaming XML parsing for GPX and TCX (lxml iterparse with entities, DTDs and network off).

* Any ``<!ENTITY`` declaration is refused outright (billion-laughs and external-entity attacks),
  and entities are never resolved even if one slipped through.
* No DTD is loaded and nothing is fetched from the network. Without ``huge_tree`` libxml2 also
  caps nesting depth (256) and text node size, which bounds deeply nested bombs.
* The document is read as a stream of elements that the reader clears once read, so memory
  follows the samples kept (compact arrays), not the size of the tree: a 3-million-point GPX
  would need gigabytes as a tree.
* Leading whitespace or a byte-order mark before the XML declaration (Polar Flow writes that)
  is tolerated; UTF-16 files (with their byte-order mark, as some Windows tools write them)
  are read as UTF-8.
* Malformed XML is read again in lxml's recover mode; what that saves is kept with a
  ``MALFORMED_XML_RECOVERED`` issue, so the runner knows to check it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from lxml import etree

from runsense.errors import CorruptFileError, Issue, IssueCode, RunsenseError, UnsafeInputError

_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_ENCODING_DECLARATION = re.compile(rb"^(<\?xml[^>]*?encoding\s*=\s*)([\"'])[^\"']*\2", re.IGNORECASE)

#: one streamed event: ``("start" | "end", element)``
Event = tuple[str, etree._Element]
T = TypeVar("T")


def as_utf8_xml(data: bytes) -> bytes:
    """The document with any UTF-8 byte-order mark and leading whitespace dropped, and UTF-16 (told by
    its byte-order mark) re-encoded as UTF-8 with the declaration saying so.

    Raises
    ------
    UnicodeDecodeError
        A UTF-16 byte-order mark followed by bytes that are not UTF-16.
    """
    if data.startswith(_UTF16_BOMS):
        text = data.decode("utf-16")  # the BOM picks the byte order and is dropped
        data = _ENCODING_DECLARATION.sub(rb"\1\2UTF-8\2", text.encode("utf-8").lstrip(), count=1)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.lstrip()


def xml_head(data: bytes, size: int = 4096) -> bytes:
    """The document's first ``size`` bytes or so, as UTF-8 and without a BOM or leading whitespace:
    enough to tell GPX from TCX (a UTF-16 head is decoded leniently, as it may end mid-character)."""
    if data.startswith(_UTF16_BOMS):
        encoding = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        return data[2 : 2 + 2 * size].decode(encoding, errors="ignore").encode("utf-8").lstrip()
    return as_utf8_xml(data[:size])


def read_xml(data: bytes, source_name: str, tags: Iterable[str], reader: Callable[[Iterable[Event]], T]) -> tuple[T, list[Issue]]:
    """Run ``reader`` over the document's events, safely; malformed XML is read again in recover
    mode (with a fresh ``reader`` pass) and flagged.

    The events are ``("root", root)`` first, then ``("start" | "end", element)`` for the elements
    whose local name is in ``tags`` only (lxml filters the rest in C: a Python loop over every
    element of a large file would cost more than the parse). ``reader`` should :func:`release`
    each element once it has read it, so memory stays bounded by what it keeps.

    Raises
    ------
    UnsafeInputError
        The document declares entities.
    CorruptFileError
        The document is not XML, even in recover mode.
    """
    try:
        data = as_utf8_xml(data)
    except UnicodeDecodeError as exc:
        raise CorruptFileError(source_name, f"starts with a UTF-16 byte-order mark but is not UTF-16 text ({exc.reason})") from exc
    if b"<!ENTITY" in data:
        raise UnsafeInputError(source_name, "the XML declares entities (a possible entity-expansion or external-entity attack); refused")
    wanted = [f"{{*}}{tag}" for tag in tags]
    try:
        return reader(_Parse(data, wanted, recover=False)), []
    except etree.XMLSyntaxError as exc:
        strict_error = exc
    recovered = _Parse(data, wanted, recover=True)
    try:
        result = reader(recovered)
    except (etree.XMLSyntaxError, RunsenseError) as exc:
        if isinstance(exc, RunsenseError) and recovered.found_any():
            raise  # enough was recovered to tell what the file is: the reader's own verdict stands
        raise CorruptFileError(source_name, f"malformed XML: {strict_error}") from None
    if not recovered.found_any():
        raise CorruptFileError(source_name, f"malformed XML: {strict_error}")
    return result, [Issue(IssueCode.MALFORMED_XML_RECOVERED, f"the XML is malformed ({strict_error}); read what could be recovered")]


class _Parse:
    """One pass of lxml's iterparse over the document, as the events :func:`read_xml` promises."""

    def __init__(self, data: bytes, tags: list[str], *, recover: bool) -> None:
        self._context = etree.iterparse(io.BytesIO(data), events=("start", "end"), tag=tags, recover=recover, **_OPTIONS)
        self._root: etree._Element | None = None

    def __iter__(self) -> Iterator[Event]:
        for event in self._context:
            if self._root is None:
                self._root = event[1].getroottree().getroot()
                yield "root", self._root
            yield event
        if self._root is None and self._context.root is not None:
            self._root = self._context.root
            yield "root", self._root

    def found_any(self) -> bool:
        """Whether the root element has any child (recover mode can turn any bytes into an empty root)."""
        return self._root is not None and len(self._root) > 0


def release(element: etree._Element) -> None:
    """Free an element that has been read, and the siblings read before it (they are cleared too,
    but an empty element still costs memory: millions of them add up)."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def local(tag: object) -> str:
    """Local name of an element tag, without namespace or prefix (``'{ns}trkpt'`` → ``'trkpt'``)."""
    if not isinstance(tag, str):
        return ""
    name = tag.rsplit("}", 1)[-1]
    return name.rsplit(":", 1)[-1]
