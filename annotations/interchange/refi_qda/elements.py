"""Reading QDA-XML elements as tools write them: any namespace (``urn:QDA-XML:project:1.0``,
codebook ``1.0`` or ``0:4``, none), GUIDs in braces or upper case, and the codebook, which a
``.qdpx`` project and a ``.qdc`` file share."""

from __future__ import annotations

import re
from typing import Any

from ...model import Code, slugify

PALETTE = ("#2e9e5b", "#d9822b", "#3d7fd9", "#b84fc4", "#c9b22b", "#2bb5b8", "#d94f4f", "#7a8a99")
"""Colours for imported codes that bring none."""
_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


class Malformed(ValueError):
    """Something in the file is wrong; the reader names the file and says what."""


def local_name(tag: Any) -> str:
    """An element's name without its namespace (tools differ in how they qualify)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(element: Any, name: str) -> list[Any]:
    return [child for child in element if local_name(child.tag) == name]


def child_text(element: Any, name: str) -> str | None:
    found = children(element, name)
    return (found[0].text or "") if found else None


def description(element: Any) -> str:
    """An element's ``<Description>``, stripped; NVivo writes empty ones everywhere."""
    return (child_text(element, "Description") or "").strip()


def guid_key(value: str | None) -> str:
    """GUIDs compared as tools write them: braces optional, case-insensitive."""
    return (value or "").strip().strip("{}").lower()


def code_colour(value: str | None, index: int) -> str:
    """``#RRGGBB`` from a REFI colour (``#RGB`` widened), or a palette colour."""
    if value and _COLOUR.match(value.strip()):
        return "#" + _six_digits(value.strip()[1:]).lower()
    return PALETTE[index % len(PALETTE)]


def _six_digits(digits: str) -> str:
    """``RGB`` as ``RRGGBB``; six digits as they are."""
    return "".join(c * 2 for c in digits) if len(digits) == 3 else digits


def chosen_colours(root: Any, by_guid: dict[str, str]) -> set[str]:
    """Ids of the codes under ``root`` that came without a colour (``code_colour`` chose
    theirs): an import never lets such a colour replace one the store's code has."""
    return {
        by_guid[guid]
        for item in root.iter()
        if local_name(item.tag) == "Code"
        and not _COLOUR.match((item.get("color") or "").strip())
        and (guid := guid_key(item.get("guid"))) in by_guid
    }


def unique_id(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def read_codes(root: Any) -> tuple[list[Code], dict[str, str], list[str]]:
    """The codebook under ``root`` (a Project or a CodeBook) in tree order, parents first:
    ids slugged from names and made unique, the GUID -> id map, and facts for the user.

    Two codes of one name under different parents (NVivo for Mac writes these) would be one
    code in casereader, whose names are unique: the later ones are named after their parent
    too ("citizenship (Rights)") and the user is told.
    """
    codes: list[Code] = []
    by_guid: dict[str, str] = {}
    code_ids: set[str] = set()
    names: dict[str, str] = {}
    renamed: list[str] = []
    uncodable = 0

    def walk(element: Any, parent: Code | None) -> None:
        nonlocal uncodable
        for item in children(element, "Code"):
            name = " ".join((item.get("name") or "").split())
            guid = guid_key(item.get("guid"))
            if not name:
                raise Malformed(f"code {guid or '?'} has no name")
            if name.casefold() in names and parent is not None:
                qualified = f"{name} ({parent.name})"
                renamed.append(f"{name!r} -> {qualified!r}")
                name = qualified
            name = unique_name(name, names)
            names[name.casefold()] = name
            code_id = unique_id(slugify(name), code_ids)
            code_ids.add(code_id)
            colour = code_colour(item.get("color"), len(codes))
            parent_id = parent.id if parent else None
            code = Code(code_id, name, colour, None, description(item), parent_id)
            codes.append(code)
            uncodable += (item.get("isCodable") or "true").strip().lower() == "false"
            if guid:
                by_guid[guid] = code_id
            walk(item, code)

    for block in [root, *children(root, "CodeBook")]:
        for codes_element in children(block, "Codes"):
            walk(codes_element, None)
    facts = []
    if renamed:
        facts.append(
            f"{len(renamed)} code name(s) appear under more than one parent and were named "
            f"after their parent (first: {renamed[0]})"
        )
    if uncodable:
        facts.append(
            f"{uncodable} code(s) marked not codable (categories) became ordinary codes; "
            "casereader offers every code for coding"
        )
    return codes, by_guid, facts


def unique_name(name: str, taken: dict[str, str]) -> str:
    candidate, number = name, 2
    while candidate.casefold() in taken:
        candidate, number = f"{name} ({number})", number + 1
    return candidate
