"""Safe XML parsing for GPX and TCX (lxml with entities, DTDs and network off).

* Any ``<!ENTITY`` declaration is refused outright (billion-laughs and external-entity attacks),
  and entities are never resolved even if one slipped through.
* No DTD is loaded and nothing is fetched from the network. Without ``huge_tree`` libxml2 also
  caps nesting depth (256) and text node size, which bounds deeply nested bombs.
* Leading whitespace or a byte-order mark before the XML declaration (Polar Flow writes that)
  is tolerated.
* Malformed XML is retried in lxml's recover mode; what that saves is kept with a
  ``MALFORMED_XML_RECOVERED`` issue, so the runner knows to check it.
"""

from __future__ import annotations

from lxml import etree

from runsense.errors import CorruptFileError, Issue, IssueCode, UnsafeInputError

_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}


def _strip_prolog_junk(data: bytes) -> bytes:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.lstrip()


def parse_xml(data: bytes, source_name: str) -> tuple[etree._Element, list[Issue]]:
    """Parse untrusted XML bytes into a root element, safely.

    Raises
    ------
    UnsafeInputError
        The document declares entities.
    CorruptFileError
        The document is not XML, even in recover mode.
    """
    if b"<!ENTITY" in data:
        raise UnsafeInputError(source_name, "the XML declares entities (a possible entity-expansion or external-entity attack); refused")
    data = _strip_prolog_junk(data)
    issues: list[Issue] = []
    try:
        root = etree.fromstring(data, etree.XMLParser(**_OPTIONS))
    except etree.XMLSyntaxError as exc:
        try:
            root = etree.fromstring(data, etree.XMLParser(recover=True, **_OPTIONS))
        except etree.XMLSyntaxError:
            root = None
        if root is None or len(root) == 0:
            raise CorruptFileError(source_name, f"malformed XML: {exc}") from exc
        issues.append(Issue(IssueCode.MALFORMED_XML_RECOVERED, f"the XML is malformed ({exc}); read what could be recovered"))
    return root, issues


def local(tag: object) -> str:
    """Local name of an element tag, without namespace or prefix (``'{ns}trkpt'`` → ``'trkpt'``)."""
    if not isinstance(tag, str):
        return ""
    name = tag.rsplit("}", 1)[-1]
    return name.rsplit(":", 1)[-1]
