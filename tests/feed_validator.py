"""An offline Atom validator: RFC 4287's own RELAX NG schema, and the rules the RFC states in prose.

The schema (tests/schemas/atom.rnc, RFC 4287 Appendix B) is converted by rnc2rng and checked
by lxml (libxml2's RELAX NG); the Schematron rules in its annotations and the other "MUST"s
of the RFC that a grammar cannot express are checked here with XPath.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import rnc2rng
from lxml import etree

SCHEMA = Path(__file__).resolve().parent / "schemas" / "atom.rnc"
NS = {"a": "http://www.w3.org/2005/Atom"}
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")


@functools.cache
def _schema() -> etree.RelaxNG:
    rng = rnc2rng.dumps(rnc2rng.loads(SCHEMA.read_text(encoding="utf-8")))
    # rnc2rng declares the schema's empty-namespace prefix (`namespace local = ""`) as
    # xmlns:local="", which XML namespaces forbid; the grammar itself uses <nsName ns=""/>.
    rng = rng.replace('\n         xmlns:local=""', "")
    return etree.RelaxNG(etree.fromstring(rng.encode("utf-8")))


def problems(raw: bytes) -> list[str]:
    """Every way ``raw`` fails RFC 4287; empty for a valid Atom feed document."""
    try:
        doc = etree.fromstring(raw)
    except etree.XMLSyntaxError as error:
        return [f"not well-formed XML: {error}"]
    schema = _schema()
    found = [] if schema.validate(doc) else [f"schema: {e.line}: {e.message}" for e in schema.error_log]
    if doc.tag != "{http://www.w3.org/2005/Atom}feed":
        return [*found, "the root is not atom:feed"]
    entries = doc.findall("a:entry", NS)
    # The schema's Schematron rules.
    if not doc.findall("a:author", NS) and any(not e.findall("a:author", NS) for e in entries):
        found.append("atom:feed has no atom:author and an entry has none either (4.1.1)")
    for entry in entries:
        if not entry.xpath("a:link[@rel='alternate' or not(@rel)] or a:content", namespaces=NS):
            found.append("an atom:entry has neither an alternate link nor content (4.1.2)")
    # Prose rules of sections 4.1.1, 4.1.2 and 4.2.6.
    for element in [doc, *entries]:
        ids = [i.text or "" for i in element.findall("a:id", NS)]
        if not all(_ABSOLUTE_IRI.match(i) for i in ids):
            found.append(f"atom:id is not an absolute IRI: {ids} (4.2.6)")
        alternates = [
            (link.get("type"), link.get("hreflang"))
            for link in element.xpath("a:link[@rel='alternate' or not(@rel)]", namespaces=NS)
        ]
        if len(alternates) != len(set(alternates)):
            found.append("two alternate links with the same type and hreflang (4.1.1, 4.1.2)")
    entry_ids = [(e.findtext("a:id", namespaces=NS), e.findtext("a:updated", namespaces=NS)) for e in entries]
    if len(entry_ids) != len(set(entry_ids)):
        found.append("two entries with the same atom:id and atom:updated (4.1.1)")
    for entry in entries:
        content = entry.find("a:content", NS)
        if content is not None and content.get("src") and entry.find("a:summary", NS) is None:
            found.append("an entry with out-of-line content has no atom:summary (4.1.2)")
    return found
