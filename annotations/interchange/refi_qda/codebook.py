"""Reading a stand-alone REFI-QDA codebook (``.qdc``), as QualCoder, ATLAS.ti, MAXQDA,
NVivo and Taguette write it.

Read by element names whatever the namespace (``urn:QDA-XML:codebook:1.0``, ``…:0:4``), with
or without a UTF-8 byte-order mark (QualCoder writes one). Taguette writes an empty ``<Sets/>``,
which the XSD forbids (a Set needs a member); it means "no sets" and is accepted. A Set with
members is listed as skipped (casereader has no code groups).
"""

from __future__ import annotations

from typing import Any

from ...safety import parse_xml
from ..model import Imported, ImportFileError, Skip
from .elements import Malformed, children, chosen_colours, guid_key, local_name, read_codes


def read_qdc(data: bytes, label: str) -> Imported:
    """A codebook file's codes, with their hierarchy, colours and descriptions."""
    root = parse_xml(data.removeprefix(b"\xef\xbb\xbf"), label)
    if local_name(root.tag) == "Project":
        raise ImportFileError(
            f"{label}: the XML of a REFI-QDA project (project.qde) without its texts; import "
            "the .qdpx archive that holds it"
        )
    if local_name(root.tag) != "CodeBook":
        raise ImportFileError(f"{label}: not a REFI-QDA codebook (its root is not CodeBook)")
    try:
        codes, by_guid, facts = read_codes(root)
    except Malformed as error:
        raise ImportFileError(f"{label}: {error}") from None
    if not codes:
        raise ImportFileError(f"{label}: the codebook holds no codes")
    imported = Imported("qdc", codes, [], facts=facts, skipped=list(_sets(root)))
    imported.chosen_colours = chosen_colours(root, by_guid)
    return imported


def _sets(root: Any) -> list[Skip]:
    skipped = []
    for block in children(root, "Sets"):
        for item in children(block, "Set"):
            name = item.get("name") or guid_key(item.get("guid"))
            members = len(children(item, "MemberCode"))
            what = f"set {name!r} of {members} code(s)"
            skipped.append(Skip(what, "casereader has no code groups"))
    return skipped
