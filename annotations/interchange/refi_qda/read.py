"""Reading REFI-QDA projects (``.qdpx``) that other tools write, liberally but safely.

The archive goes through ``safety.SafeZip`` and the XML through ``safety.parse_xml`` (no
DOCTYPE, no entities); namespaces, brace-wrapped and upper-case GUIDs and ``#RGB`` colours are
accepted; texts are read only from inside the archive (``internal://``), never from paths the
file names; picture, PDF, audio and video sources are skipped with a warning. Selections
become annotations (positions converted to the newline-normalised text), their codings the
codes, their notes the note; whole-source codings a passage over the whole text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from ...corpus import UndecodableError, decode_raw
from ...model import Annotation, Code, quote, slugify
from ...safety import SafeZip, parse_xml
from ..model import Imported, ImportFileError, SourceText
from .names import PROJECT_FILE, stable_guid

PALETTE = ("#2e9e5b", "#d9822b", "#3d7fd9", "#b84fc4", "#c9b22b", "#2bb5b8", "#d94f4f", "#7a8a99")
"""Colours for imported codes that bring none."""
_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


class _Malformed(ValueError):
    """Something in the project is wrong; ``read_qdpx`` names the file and says what."""


def local_name(tag: Any) -> str:
    """An element's name without its namespace (tools differ in how they qualify)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(element: Any, name: str) -> list[Any]:
    return [child for child in element if local_name(child.tag) == name]


def child_text(element: Any, name: str) -> str | None:
    found = children(element, name)
    return (found[0].text or "") if found else None


def guid_key(value: str | None) -> str:
    """GUIDs compared as tools write them: braces optional, case-insensitive."""
    return (value or "").strip().strip("{}").lower()


def read_qdpx(path: Path) -> Imported:
    """A REFI-QDA project: its texts, codebook, selections and notes, checked."""
    label = str(path)
    with SafeZip(path) as archive:
        name = archive.find(PROJECT_FILE)
        if name is None:
            raise ImportFileError(f"{label}: no {PROJECT_FILE} inside; is this a .qdpx project?")
        root = parse_xml(archive.read(name), f"{label}: {PROJECT_FILE}")
        if local_name(root.tag) != "Project":
            raise ImportFileError(f"{label}: {PROJECT_FILE} is not a REFI-QDA project")
        try:
            return _read_project(root, archive, label)
        except _Malformed as error:
            raise ImportFileError(f"{label}: {error}") from None


def _read_project(root: Any, archive: SafeZip, label: str) -> Imported:
    users = {
        guid_key(user.get("guid")): user.get("name") or guid_key(user.get("guid"))
        for block in children(root, "Users")
        for user in children(block, "User")
    }
    codes, code_by_guid = _read_codebook(root)
    notes = _read_notes(root, archive)
    imported = Imported("qdpx", codes, [])
    taken: set[str] = set()
    seen: set[str] = set()
    uncoded = 0
    for block in children(root, "Sources"):
        for source in block:
            kind = local_name(source.tag)
            if kind != "TextSource":
                imported.warnings.append(f"skipped a {kind} (only text sources are imported)")
                continue
            raw = _source_text(source, archive, imported.warnings)
            if raw is None:
                continue
            doc_id = document_name(source.get("name") or "", guid_key(source.get("guid")), taken)
            taken.add(doc_id.casefold())
            text, to_normalised = normalise_with_offsets(raw)
            imported.sources.append(SourceText(doc_id, text))
            context = _SourceContext(doc_id, text, raw, to_normalised, users, code_by_guid, notes)
            for annotation in _source_annotations(source, context):
                if annotation.id in seen:
                    raise _Malformed(f"selection {annotation.id} appears twice")
                seen.add(annotation.id)
                if annotation.codes:
                    imported.annotations.append(annotation)
                else:
                    uncoded += 1
    if not imported.sources:
        raise _Malformed("the project has no text sources casereader can read")
    if uncoded:
        imported.warnings.append(
            f"skipped {uncoded} selection(s) without codes (a casereader passage needs a code)"
        )
    return imported


def _read_codebook(root: Any) -> tuple[list[Code], dict[str, str]]:
    """Codes in tree order (parents first), with ids slugged from names and made unique."""
    codes: list[Code] = []
    by_guid: dict[str, str] = {}

    def walk(element: Any, parent: str | None) -> None:
        for item in children(element, "Code"):
            name = (item.get("name") or "").strip()
            guid = guid_key(item.get("guid"))
            if not name:
                raise _Malformed(f"code {guid or '?'} has no name")
            code_id = unique_id(slugify(name), {c.id for c in codes})
            colour = code_colour(item.get("color"), len(codes))
            description = child_text(item, "Description") or ""
            codes.append(Code(code_id, name, colour, None, description.strip(), parent))
            if guid:
                by_guid[guid] = code_id
            walk(item, code_id)

    for book in children(root, "CodeBook"):
        for block in children(book, "Codes"):
            walk(block, None)
    return codes, by_guid


def _read_notes(root: Any, archive: SafeZip) -> dict[str, str]:
    notes: dict[str, str] = {}
    warnings: list[str] = []
    for block in children(root, "Notes"):
        for note in children(block, "Note"):
            text = _source_text(note, archive, warnings)
            if text is not None:
                notes[guid_key(note.get("guid"))] = text.strip()
    return notes


def _source_text(element: Any, archive: SafeZip, warnings: list[str]) -> str | None:
    """A source's or note's text: inline, or ``internal://`` inside the archive.

    Paths to files outside the archive (``absolute://``, ``relative://``) are never followed:
    a file from elsewhere must not make us read the user's disk.
    """
    inline = child_text(element, "PlainTextContent")
    if inline is not None:
        return inline
    path = element.get("plainTextPath") or ""
    name = element.get("name") or guid_key(element.get("guid"))
    if not path.startswith("internal://"):
        warnings.append(f"skipped {name!r}: its text is outside the project ({path or 'none'})")
        return None
    inner = path[len("internal://") :]
    entry = archive.find(f"sources/{inner}") or archive.find(inner)
    if entry is None:
        raise _Malformed(f"source {name!r} names {path}, which is not in the archive")
    data = archive.read(entry)
    try:
        return decode_source(data)
    except UndecodableError as error:
        # Refused before anything is written: the corpus would skip it as binary anyway.
        raise _Malformed(f"source {name!r} is not text ({error})") from None


@dataclass(frozen=True)
class _SourceContext:
    doc_id: str
    text: str
    raw: str
    to_normalised: Callable[[int], int]
    users: Mapping[str, str]
    code_by_guid: Mapping[str, str]
    notes: Mapping[str, str]


def _source_annotations(source: Any, context: _SourceContext) -> Iterable[Annotation]:
    for selection in children(source, "PlainTextSelection"):
        guid = guid_key(selection.get("guid"))
        start = _position(selection, "startPosition", guid, context)
        end = _position(selection, "endPosition", guid, context)
        if end < start:
            raise _Malformed(f"selection {guid} ends before it starts")
        yield _annotation(selection, guid, start, end, context)
    # Codings of a whole source become one passage over its whole text.
    if children(source, "Coding"):
        guid = stable_guid("source-coding", guid_key(source.get("guid")))
        yield _annotation(source, guid, 0, len(context.raw), context)


def _position(selection: Any, name: str, guid: str, context: _SourceContext) -> int:
    value = selection.get(name)
    try:
        position = int(value)
    except (TypeError, ValueError):
        raise _Malformed(f"selection {guid}: {name} must be an integer, not {value!r}") from None
    if not 0 <= position <= len(context.raw):
        raise _Malformed(
            f"selection {guid}: {name} {position} is outside the text of {context.doc_id!r} "
            f"({len(context.raw)} characters)"
        )
    return position


def _annotation(
    element: Any, guid: str, raw_start: int, raw_end: int, context: _SourceContext
) -> Annotation:
    codes: list[str] = []
    for coding in children(element, "Coding"):
        for ref in children(coding, "CodeRef"):
            target = guid_key(ref.get("targetGUID"))
            if target not in context.code_by_guid:
                raise _Malformed(f"selection {guid} is coded with {target}, not in the codebook")
            codes.append(context.code_by_guid[target])
    notes = [
        context.notes[key]
        for ref in children(element, "NoteRef")
        if (key := guid_key(ref.get("targetGUID"))) in context.notes
    ]
    start, end = context.to_normalised(raw_start), context.to_normalised(raw_end)
    exact, prefix, suffix = quote(context.text, start, end)
    creator = context.users.get(guid_key(element.get("creatingUser")))
    created = normalise_instant(element.get("creationDateTime"))
    updated = normalise_instant(element.get("modifiedDateTime")) or created
    return Annotation(
        id=guid,
        document=context.doc_id,
        start=start,
        end=end,
        exact=exact,
        prefix=prefix,
        suffix=suffix,
        codes=tuple(dict.fromkeys(codes)),
        note="\n\n".join(n for n in notes if n),
        coder=creator,
        created=created,
        updated=updated,
    )


# --- import: small pure pieces --------------------------------------------------------------


def decode_source(data: bytes) -> str:
    """A source text decoded exactly as the corpus decodes a file (``corpus.decode_raw``:
    UTF-8, UTF-16 with a byte-order mark, else Windows-1252; binary refused in every one),
    so the text written into the corpus reads back the same. Newlines are left alone here:
    selection positions count them as written. Raises UndecodableError."""
    return decode_raw(data).text


def normalise_with_offsets(raw: str) -> tuple[str, Callable[[int], int]]:
    """The text with newlines normalised, and a function mapping raw positions to new ones.

    Only ``\\r\\n`` changes length (two characters become one); a lone ``\\r`` becomes ``\\n``.
    """
    removed = [m.start() for m in re.finditer("\r\n", raw)]
    text = raw.replace("\r\n", "\n").replace("\r", "\n")

    def to_normalised(position: int) -> int:
        return position - bisect.bisect_left(removed, position)

    return text, to_normalised


def normalise_instant(value: str | None) -> str:
    """An xsd:dateTime as casereader's UTC form, or "" when absent or unreadable."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def code_colour(value: str | None, index: int) -> str:
    """``#RRGGBB`` from a REFI colour (``#RGB`` widened), or a palette colour."""
    if value and _COLOUR.match(value.strip()):
        digits = value.strip()[1:]
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        return "#" + digits.lower()
    return PALETTE[index % len(PALETTE)]


def unique_id(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


_UNSAFE_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"|?*]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)


def document_name(name: str, guid: str, taken: set[str]) -> str:
    """A safe relative file name for a source: no folders climbing out, no device names,
    a .txt or .md suffix, unique (case-insensitively) among ``taken``.

    The source's own name is what the user knows it by, so it is kept where it is safe.
    """
    parts = []
    for part in PurePosixPath(name.replace("\\", "/")).parts:
        part = _UNSAFE_NAME_CHARS.sub("_", part).strip(" .")
        if part.strip("/") and part != ".." and not _RESERVED.match(part):
            parts.append(part[:120])
    stem = "/".join(parts[-4:]) or (guid or "source")
    if not stem.lower().endswith((".txt", ".md")):
        stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", stem) + ".txt"
    candidate, number = stem, 2
    while candidate.casefold() in taken:
        base, _, suffix = stem.rpartition(".")
        candidate, number = f"{base} ({number}).{suffix}", number + 1
    return candidate
