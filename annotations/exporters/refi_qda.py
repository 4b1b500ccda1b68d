"""REFI-QDA (QDA-XML 1.0): ``.qdpx`` project and ``.qdc`` codebook export, ``.qdpx`` import.

NVivo, ATLAS.ti, MAXQDA and QualCoder read these. What we write, valid against the REFI
``Project.xsd`` and ``Codebook.xsd``:
- ``project.qde`` at the zip's root; each document's text as ``sources/<guid>.txt``, UTF-8
  without a byte-order mark, referenced as ``plainTextPath="internal://<guid>.txt"``;
- users (one per coder), the codebook with colours and hierarchy, one ``TextSource`` per
  document (named by its id, described by its title, with its dateline date as the ``dateline``
  variable), one ``PlainTextSelection`` per annotation with a ``Coding`` per code, and each
  note as a project ``Note`` referenced from its selection;
- positions in code points, end exclusive, as in casereader itself.

GUIDs are stable across repeated exports: UUIDv5 of stable ids (an annotation's own UUID is
its selection's GUID), so a re-export updates rather than duplicates in the receiving tool.
Annotations that cannot be placed in the current text (orphans, or documents missing from the
corpus) are left out; ``unplaceable`` lists them so the caller can say so.

Import (``read_qdpx``) reads projects other tools write, liberally but safely: the archive
through ``safety.SafeZip`` and the XML through ``safety.parse_xml`` (no DOCTYPE, no entities);
namespaces, brace-wrapped and upper-case GUIDs and ``#RGB`` colours are accepted; texts are
read only from inside the archive (``internal://``), never from paths the file names; picture,
PDF, audio and video sources are skipped with a warning. Selections become annotations
(positions converted to the newline-normalised text), their codings the codes, their notes
the note; whole-source codings a passage over the whole text.
"""

from __future__ import annotations

import bisect
import io
import re
import uuid
import xml.etree.ElementTree as ElementTree
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from .. import __version__
from ..corpus import Corpus, UndecodableError, decode_raw
from ..model import Annotation, Code, quote, slugify, utc_now
from ..safety import SafeZip, parse_xml
from ..segments import one_line
from .content import ExportDocument, complete_codebook, export_documents
from .importing import Imported, ImportFileError, SourceText
from .writing import ExportError, Progress, write_atomically

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
GUID_NAMESPACE = uuid.UUID("b04190d7-ccf7-55c2-b201-682eada9b055")
"""uuid5(NAMESPACE_URL, "https://casereader.invalid/refi-qda"); never change it."""
PROJECT_FILE = "project.qde"
SOURCES_FOLDER = "sources"
SELECTION_NAME_LENGTH = 80

_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def stable_guid(kind: str, key: str) -> str:
    """The same GUID for the same thing in every export."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"{kind}:{key}"))


def selection_guid(annotation_id: str) -> str:
    """An annotation's UUID is its selection's GUID, so imports can recognise it."""
    try:
        return str(uuid.UUID(annotation_id))
    except ValueError:
        return stable_guid("selection", annotation_id)


def xml_text(text: str) -> str:
    """XML 1.0 cannot carry most control characters, even escaped; show them as U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def xml_datetime(value: str) -> str | None:
    """An ``xsd:dateTime`` for a timestamp, or None when the annotation has none."""
    return value if _DATETIME.match(value) else None


def is_placeable(annotation: Annotation, document: ExportDocument) -> bool:
    text = document.text
    return (
        text is not None
        and annotation.status != "orphan"
        and 0 <= annotation.start <= annotation.end <= len(text)
    )


def unplaceable(corpus: Corpus, annotations: Sequence[Annotation]) -> list[Annotation]:
    """Annotations a REFI-QDA export leaves out: no position in the current text."""
    return [
        a
        for d in export_documents(corpus, annotations)
        for a in d.annotations
        if not is_placeable(a, d)
    ]


# --- codebook -------------------------------------------------------------------------------


CodeNode = tuple[Code, list["CodeNode"]]


def code_tree(codes: Sequence[Code]) -> list[CodeNode]:
    """Codes nested under their parents; a missing parent or a cycle puts a code at the top."""
    by_id = {code.id: code for code in codes}
    children: dict[str | None, list[Code]] = {}
    for code in codes:
        parent = code.parent if code.parent in by_id and code.parent != code.id else None
        children.setdefault(parent, []).append(code)
    placed: set[str] = set()

    def grow(code: Code) -> CodeNode:
        placed.add(code.id)
        return (code, [grow(c) for c in children.get(code.id, []) if c.id not in placed])

    tree = [grow(code) for code in children.get(None, [])]
    tree.extend(grow(code) for code in codes if code.id not in placed)  # cycles
    return tree


def _code_elements(parent: ElementTree.Element, tree: Iterable[CodeNode]) -> None:
    for code, children in tree:
        element = ElementTree.SubElement(
            parent,
            "Code",
            guid=stable_guid("code", code.id),
            name=xml_text(code.name),
            isCodable="true",
            color=code.colour,
        )
        if code.description:
            ElementTree.SubElement(element, "Description").text = xml_text(code.description)
        _code_elements(element, children)


def codebook_xml(codes: Sequence[Code]) -> bytes:
    """A stand-alone ``.qdc`` codebook."""
    if not codes:
        raise ExportError("the codebook is empty; there is nothing to export")
    root = ElementTree.Element("CodeBook", origin=f"casereader {__version__}")
    codes_element = ElementTree.SubElement(root, "Codes")
    _code_elements(codes_element, code_tree(codes))
    return _serialise(root, CODEBOOK_NS)


def export_qdc(
    corpus: Corpus,
    codes: Sequence[Code],
    annotations: Sequence[Annotation],
    path: str | Path | None = None,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> bytes:
    """The codebook as ``.qdc``: codes an annotation uses but the codebook lacks included."""
    data = codebook_xml(complete_codebook(codes, annotations))
    if progress is not None:
        progress(len(annotations), len(annotations))
    if path is not None:
        write_atomically(path, data, force)
    return data


# --- project --------------------------------------------------------------------------------


def _stamp(
    element: ElementTree.Element, user: str | None, when: str, modified: bool = False
) -> None:
    """Who and when, set only when known: the XSD types them (GUID, xsd:dateTime)."""
    if user is not None:
        element.set("modifyingUser" if modified else "creatingUser", user)
    moment = xml_datetime(when)
    if moment is not None:
        element.set("modifiedDateTime" if modified else "creationDateTime", moment)


def project_xml(
    name: str,
    documents: Sequence[ExportDocument],
    codes: Sequence[Code],
    exported: str,
    progress: Progress | None = None,
) -> bytes:
    """``project.qde`` for documents whose placeable annotations are exported."""
    coders = sorted({a.coder for d in documents for a in d.annotations if a.coder})
    users = {coder: stable_guid("user", coder) for coder in coders}
    code_guids = {code.id: stable_guid("code", code.id) for code in codes}
    root = ElementTree.Element(
        "Project",
        name=xml_text(name),
        origin=f"casereader {__version__}",
        creationDateTime=exported,
        modifiedDateTime=exported,
    )
    if users:
        users_element = ElementTree.SubElement(root, "Users")
        for coder, guid in users.items():
            ElementTree.SubElement(users_element, "User", guid=guid, name=xml_text(coder))
    if codes:
        codebook = ElementTree.SubElement(root, "CodeBook")
        _code_elements(ElementTree.SubElement(codebook, "Codes"), code_tree(codes))
    dated = [d for d in documents if d.dateline is not None]
    variable_guid = stable_guid("variable", "dateline")
    if dated:
        variables = ElementTree.SubElement(root, "Variables")
        variable = ElementTree.SubElement(
            variables, "Variable", guid=variable_guid, name="dateline", typeOfVariable="Date"
        )
        ElementTree.SubElement(
            variable, "Description"
        ).text = "The document's dateline (local calendar date), found by casereader."
    notes: list[ElementTree.Element] = []
    total, done = sum(len(d.annotations) for d in documents), 0
    if documents:
        sources = ElementTree.SubElement(root, "Sources")
        for document in documents:
            _source_element(sources, document, users, code_guids, notes, variable_guid)
            done += len(document.annotations)
            if progress is not None:
                progress(done, total)
    if notes:
        ElementTree.SubElement(root, "Notes").extend(notes)
    return _serialise(root, PROJECT_NS)


def _source_element(
    sources: ElementTree.Element,
    document: ExportDocument,
    users: dict[str, str],
    code_guids: dict[str, str],
    notes: list[ElementTree.Element],
    variable_guid: str,
) -> None:
    guid = source_guid(document.id)
    source = ElementTree.SubElement(
        sources,
        "TextSource",
        guid=guid,
        name=xml_text(document.id),
        plainTextPath=f"internal://{guid}.txt",
    )
    ElementTree.SubElement(source, "Description").text = xml_text(document.title)
    for annotation in document.annotations:
        if not is_placeable(annotation, document):
            continue
        user = users.get(annotation.coder) if annotation.coder else None
        selection = ElementTree.SubElement(
            source,
            "PlainTextSelection",
            guid=selection_guid(annotation.id),
            name=xml_text(one_line(annotation.exact, SELECTION_NAME_LENGTH, mark="")),
            startPosition=str(annotation.start),
            endPosition=str(annotation.end),
        )
        _stamp(selection, user, annotation.created)
        _stamp(selection, user, annotation.updated or annotation.created, modified=True)
        for code in annotation.codes:
            coding = ElementTree.SubElement(
                selection, "Coding", guid=stable_guid("coding", f"{annotation.id}\0{code}")
            )
            _stamp(coding, user, annotation.created)
            ElementTree.SubElement(coding, "CodeRef", targetGUID=code_guids[code])
        if annotation.note:
            note_guid = stable_guid("note", annotation.id)
            ElementTree.SubElement(selection, "NoteRef", targetGUID=note_guid)
            notes.append(_note_element(note_guid, annotation, user))
    if document.dateline is not None:
        value = ElementTree.SubElement(source, "VariableValue")
        ElementTree.SubElement(value, "VariableRef", targetGUID=variable_guid)
        ElementTree.SubElement(value, "DateValue").text = document.dateline.date.isoformat()


def _note_element(guid: str, annotation: Annotation, user: str | None) -> ElementTree.Element:
    note = ElementTree.Element(
        "Note", guid=guid, name=xml_text("Note on " + one_line(annotation.exact, 60, mark=""))
    )
    _stamp(note, user, annotation.created)
    ElementTree.SubElement(note, "PlainTextContent").text = xml_text(annotation.note)
    return note


def source_guid(document_id: str) -> str:
    return stable_guid("source", document_id)


def _serialise(root: ElementTree.Element, namespace: str) -> bytes:
    """UTF-8 XML with the namespace as the default (ElementTree's own option refuses
    unqualified attributes, which QDA-XML uses throughout)."""
    root.set("xmlns", namespace)
    ElementTree.indent(root, space=" ")
    body: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return body


def export_qdpx(
    corpus: Corpus,
    codes: Sequence[Code],
    annotations: Sequence[Annotation],
    path: str | Path | None = None,
    *,
    force: bool = False,
    progress: Progress | None = None,
    exported: str | None = None,
) -> bytes:
    """The ``.qdpx`` project (a zip) as bytes; written atomically to ``path`` when given."""
    moment = exported or utc_now()
    documents = [d for d in export_documents(corpus, annotations) if d.text is not None]
    codebook = complete_codebook(codes, annotations)
    project = project_xml(corpus.root.name or "casereader", documents, codebook, moment, progress)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(PROJECT_FILE, project)
        for document in documents:
            assert document.text is not None
            name = f"{SOURCES_FOLDER}/{source_guid(document.id)}.txt"
            archive.writestr(name, document.text.encode("utf-8"))
    data = buffer.getvalue()
    if path is not None:
        write_atomically(path, data, force)
    return data


# --- import ---------------------------------------------------------------------------------

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
        if part and part not in ("/", "..") and not _RESERVED.match(part):
            parts.append(part[:120])
    stem = "/".join(parts[-4:]) or (guid or "source")
    if not stem.lower().endswith((".txt", ".md")):
        stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", stem) + ".txt"
    candidate, number = stem, 2
    while candidate.casefold() in taken:
        base, _, suffix = stem.rpartition(".")
        candidate, number = f"{base} ({number}).{suffix}", number + 1
    return candidate
