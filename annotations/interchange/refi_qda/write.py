"""Writing REFI-QDA: the ``.qdpx`` project (a zip of ``project.qde`` and the texts) and the
stand-alone ``.qdc`` codebook, valid against the REFI ``Project.xsd`` and ``Codebook.xsd``
(see the package docstring for what goes where)."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ElementTree
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ... import __version__
from ...model import Annotation, Code
from ...segments import one_line
from ..content import ExportDocument, is_placeable, reporting
from ..model import ExportError, Progress
from ..request import ExportRequest
from .names import (
    CODEBOOK_NS,
    PROJECT_FILE,
    PROJECT_NS,
    SOURCES_FOLDER,
    selection_guid,
    source_guid,
    stable_guid,
)

SELECTION_NAME_LENGTH = 80

_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """XML 1.0 cannot carry most control characters, even escaped; show them as U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def xml_losses(codes: Sequence[Code], annotations: Sequence[Annotation]) -> str | None:
    """One line saying how many characters ``xml_text`` will replace and where, or None:
    a coder name or a note changed on the way out must never be a surprise (a coder whose
    name changed counts as another person in the tool that reads the project)."""
    found = {
        place: replaced
        for place, texts in _xml_texts(codes, annotations).items()
        if (replaced := _replaced(texts))
    }
    return _losses_line(found) if found else None


def _losses_line(found: dict[str, tuple[int, int]]) -> str:
    """The line: characters replaced in all, and in how many texts of each kind."""
    total = sum(characters for _items, characters in found.values())
    where = ", ".join(f"{items} {place}(s)" for place, (items, _n) in found.items())
    return f"{total} control character(s) XML 1.0 cannot hold were written as U+FFFD, in {where}"


def _xml_texts(codes: Sequence[Code], annotations: Sequence[Annotation]) -> dict[str, list[str]]:
    """The texts a project writes that a user typed, by what they are (each coder and
    document once, as the project names each once)."""
    return {
        "note": [a.note for a in annotations],
        "coder name": list({a.coder or "": None for a in annotations}),
        "document name": list({a.document: None for a in annotations}),
        "code name": [c.name for c in codes],
        "code description": [c.description for c in codes],
    }


def _replaced(texts: Iterable[str]) -> tuple[int, int] | None:
    """How many of the texts have characters ``xml_text`` replaces, and how many characters
    in all; None when none has any."""
    counts = [n for text in texts if (n := len(_NOT_XML.findall(text)))]
    return (len(counts), sum(counts)) if counts else None


def xml_datetime(value: str) -> str | None:
    """An ``xsd:dateTime`` for a timestamp, or None when the annotation has none."""
    return value if _DATETIME.match(value) else None


# --- codebook -------------------------------------------------------------------------------


CodeNode = tuple[Code, list["CodeNode"]]


def code_tree(codes: Sequence[Code]) -> list[CodeNode]:
    """Codes nested under their parents; a missing parent or a cycle puts a code at the top."""
    children = _children_by_parent(codes)
    placed: set[str] = set()

    def grow(code: Code) -> CodeNode:
        placed.add(code.id)
        return (code, [grow(c) for c in children.get(code.id, []) if c.id not in placed])

    tree = [grow(code) for code in children.get(None, [])]
    tree.extend(grow(code) for code in codes if code.id not in placed)  # cycles
    return tree


def _children_by_parent(codes: Sequence[Code]) -> dict[str | None, list[Code]]:
    """Codes by their parent's id; None for those at the top (no parent, a missing one, or
    themselves)."""
    ids = {code.id for code in codes}
    children: dict[str | None, list[Code]] = {}
    for code in codes:
        parent = code.parent if code.parent in ids and code.parent != code.id else None
        children.setdefault(parent, []).append(code)
    return children


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


def export_qdc(request: ExportRequest) -> bytes:
    """The codebook as ``.qdc``: codes an annotation uses but the codebook lacks included."""
    data = codebook_xml(request.codebook())
    request.passages_done()
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


@dataclass
class _Project:
    """What every source of a project refers to, and the notes its selections collect."""

    users: dict[str, str]
    code_guids: dict[str, str]
    variable_guid: str = stable_guid("variable", "dateline")
    notes: list[ElementTree.Element] = field(default_factory=list)
    originals: dict[str, bytes] = field(default_factory=dict)
    """A source's GUID -> its original PDF or DOCX, written beside its text."""


def project_xml(
    name: str,
    documents: Sequence[ExportDocument],
    codes: Sequence[Code],
    exported: str,
    progress: Progress | None = None,
    originals: dict[str, bytes] | None = None,
) -> bytes:
    """``project.qde`` for documents whose placeable annotations are exported."""
    project = _Project(
        users={coder: stable_guid("user", coder) for coder in _coders(documents)},
        code_guids={code.id: stable_guid("code", code.id) for code in codes},
        originals=originals or {},
    )
    root = ElementTree.Element(
        "Project",
        name=xml_text(name),
        origin=f"casereader {__version__}",
        creationDateTime=exported,
        modifiedDateTime=exported,
    )
    # Each part is written only when it has something: the XSD refuses empty ones.
    _users_element(root, project.users)
    _codebook_element(root, codes)
    _dateline_variable(root, documents, project.variable_guid)
    _sources_element(root, documents, project, progress)
    _notes_element(root, project.notes)
    return _serialise(root, PROJECT_NS)


def _codebook_element(root: ElementTree.Element, codes: Sequence[Code]) -> None:
    if codes:
        codebook = ElementTree.SubElement(root, "CodeBook")
        _code_elements(ElementTree.SubElement(codebook, "Codes"), code_tree(codes))


def _sources_element(
    root: ElementTree.Element,
    documents: Sequence[ExportDocument],
    project: _Project,
    progress: Progress | None,
) -> None:
    if not documents:
        return
    sources = ElementTree.SubElement(root, "Sources")
    for document in reporting(documents, progress):
        _source_element(sources, document, project)


def _notes_element(root: ElementTree.Element, notes: list[ElementTree.Element]) -> None:
    """The notes the selections refer to (collected while the sources were written)."""
    if notes:
        ElementTree.SubElement(root, "Notes").extend(notes)


def _coders(documents: Sequence[ExportDocument]) -> list[str]:
    """The coders of the exported passages, sorted, each once."""
    return sorted({a.coder for d in documents for a in d.annotations if a.coder})


def _users_element(root: ElementTree.Element, users: dict[str, str]) -> None:
    if not users:
        return
    users_element = ElementTree.SubElement(root, "Users")
    for coder, guid in users.items():
        ElementTree.SubElement(users_element, "User", guid=guid, name=xml_text(coder))


def _dateline_variable(
    root: ElementTree.Element, documents: Sequence[ExportDocument], guid: str
) -> None:
    """The ``dateline`` variable, when a document has a dateline."""
    if all(d.dateline is None for d in documents):
        return
    variables = ElementTree.SubElement(root, "Variables")
    variable = ElementTree.SubElement(
        variables, "Variable", guid=guid, name="dateline", typeOfVariable="Date"
    )
    ElementTree.SubElement(
        variable, "Description"
    ).text = "The document's dateline (local calendar date), found by casereader."


ORIGINALS = (".pdf", ".docx")
"""Suffixes whose original file goes into the project beside its text (see ``original``)."""


def original(document: ExportDocument) -> bytes | None:
    """The original PDF or DOCX a document's text was extracted from, when it can be read:
    the receiving tool then shows the document as it was, the positions still counting in the
    plain text representation we write beside it (as the standard provides)."""
    path = document.path
    if path is None or path.suffix.lower() not in ORIGINALS:
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None  # the text alone still carries every passage


def _source_element(
    sources: ElementTree.Element, document: ExportDocument, project: _Project
) -> None:
    """A document: a ``TextSource`` (for a DOCX with its original as ``richTextPath``), or a
    ``PDFSource`` whose text ``Representation`` holds the selections. No ``<Description>``:
    the name carries the document, and QualCoder keeps a source's Description as its memo
    and writes it back (a title there came home as a memo casereader cannot keep)."""
    source, text = _source_and_text(sources, document, project)
    for annotation in document.annotations:
        if is_placeable(annotation, document):
            _selection_element(text, annotation, project)
    if document.dateline is not None:
        value = ElementTree.SubElement(source, "VariableValue")
        ElementTree.SubElement(value, "VariableRef", targetGUID=project.variable_guid)
        ElementTree.SubElement(value, "DateValue").text = document.dateline.date.isoformat()


def _source_and_text(
    sources: ElementTree.Element, document: ExportDocument, project: _Project
) -> tuple[ElementTree.Element, ElementTree.Element]:
    """A document's source element, and the element of its text (which holds the
    selections): a PDF's text ``Representation``, else the ``TextSource`` itself."""
    guid = source_guid(document.id)
    suffix = document.path.suffix.lower() if document.path else ""
    has_original = guid in project.originals
    if has_original and suffix == ".pdf":
        return _pdf_source(sources, document, guid)
    source = _text_source(sources, document, guid, suffix if has_original else "")
    return source, source


def _document_element(
    parent: ElementTree.Element, tag: str, guid: str, document: ExportDocument, **paths: str
) -> ElementTree.Element:
    """An element standing for a document (named by its id) with the paths of its files."""
    return ElementTree.SubElement(
        parent, tag, {"guid": guid, "name": xml_text(document.id), **paths}
    )


def _pdf_source(
    sources: ElementTree.Element, document: ExportDocument, guid: str
) -> tuple[ElementTree.Element, ElementTree.Element]:
    """A ``PDFSource`` with its original, and its text ``Representation`` (which holds the
    selections)."""
    source = _document_element(sources, "PDFSource", guid, document, path=f"internal://{guid}.pdf")
    representation = stable_guid("representation", document.id)
    text = _document_element(
        source, "Representation", representation, document, plainTextPath=f"internal://{guid}.txt"
    )
    return source, text


def _text_source(
    sources: ElementTree.Element, document: ExportDocument, guid: str, original_suffix: str
) -> ElementTree.Element:
    """A ``TextSource``, with its original (a DOCX) as ``richTextPath`` when it has one."""
    source = _document_element(
        sources, "TextSource", guid, document, plainTextPath=f"internal://{guid}.txt"
    )
    if original_suffix:
        source.set("richTextPath", f"internal://{guid}{original_suffix}")
    return source


def _selection_element(
    source: ElementTree.Element, annotation: Annotation, project: _Project
) -> None:
    """A passage: its selection, its note as the selection's ``<Description>`` (where
    QualCoder and ATLAS.ti read a coding memo), a coding per code, and a ``NoteRef`` to the
    same note as a project ``<Note>`` (where the standard and NVivo look). Our import reads
    it once."""
    user = project.users.get(annotation.coder) if annotation.coder else None
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
    if annotation.note:
        ElementTree.SubElement(selection, "Description").text = xml_text(annotation.note)
    for code in annotation.codes:
        _coding_element(selection, annotation, code, project.code_guids[code], user)
    if annotation.note:
        _note_reference(selection, annotation, project, user)


def _note_reference(
    selection: ElementTree.Element, annotation: Annotation, project: _Project, user: str | None
) -> None:
    """The passage's note as a project ``<Note>``, referenced from its selection."""
    note_guid = stable_guid("note", annotation.id)
    ElementTree.SubElement(selection, "NoteRef", targetGUID=note_guid)
    project.notes.append(_note_element(note_guid, annotation, user))


def _coding_element(
    selection: ElementTree.Element,
    annotation: Annotation,
    code: str,
    code_guid: str,
    user: str | None,
) -> None:
    coding = ElementTree.SubElement(
        selection, "Coding", guid=stable_guid("coding", f"{annotation.id}\0{code}")
    )
    _stamp(coding, user, annotation.created)
    ElementTree.SubElement(coding, "CodeRef", targetGUID=code_guid)


def _note_element(guid: str, annotation: Annotation, user: str | None) -> ElementTree.Element:
    note = ElementTree.Element(
        "Note", guid=guid, name=xml_text("Note on " + one_line(annotation.exact, 60, mark=""))
    )
    _stamp(note, user, annotation.created)
    ElementTree.SubElement(note, "PlainTextContent").text = xml_text(annotation.note)
    return note


def _serialise(root: ElementTree.Element, namespace: str) -> bytes:
    """UTF-8 XML with the namespace as the default (ElementTree's own option refuses
    unqualified attributes, which QDA-XML uses throughout)."""
    root.set("xmlns", namespace)
    ElementTree.indent(root, space=" ")
    body: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return body


def export_qdpx(request: ExportRequest) -> bytes:
    """The ``.qdpx`` project (a zip) as bytes, made at the request's time."""
    documents = [d for d in request.documents if d.text is not None]
    originals = _originals(documents)
    name = request.corpus.root.name or "casereader"
    project = project_xml(
        name, documents, request.codebook(), request.exported, request.progress, originals
    )
    return _archive(project, documents, originals)


def _archive(
    project: bytes, documents: Sequence[ExportDocument], originals: dict[str, bytes]
) -> bytes:
    """The zip: ``project.qde`` at its root, then each document's text and original."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(PROJECT_FILE, project)
        for document in documents:
            _archive_sources(archive, document, originals)
    return buffer.getvalue()


def _originals(documents: Sequence[ExportDocument]) -> dict[str, bytes]:
    """The originals that can be read, by their source's GUID."""
    return {source_guid(d.id): data for d in documents if (data := original(d)) is not None}


def _archive_sources(
    archive: zipfile.ZipFile, document: ExportDocument, originals: dict[str, bytes]
) -> None:
    """A document's text in the project's sources folder, and its original beside it."""
    assert document.text is not None
    guid = source_guid(document.id)
    archive.writestr(f"{SOURCES_FOLDER}/{guid}.txt", document.text.encode("utf-8"))
    if guid in originals and document.path is not None:
        suffix = document.path.suffix.lower()
        archive.writestr(f"{SOURCES_FOLDER}/{guid}{suffix}", originals[guid])
