"""Reading REFI-QDA projects (``.qdpx``) that other tools write, liberally but safely.

The archive goes through ``safety.SafeZip`` and the XML through ``safety.parse_xml`` (no
DOCTYPE, no entities); texts are read only from inside the archive (``internal://``), never
from paths the file names.

A project is imported as far as it can be: what cannot be (a picture, audio, video or a PDF
without a text representation, a text file missing from the archive, a selection outside its
text, a Set, a project memo) is listed in ``Imported.skipped`` with its reason, and the rest
comes in. A codebook-only project brings its codebook. Positions are read in the unit the
evidence supports, per source (``positions``); notes from every place tools keep them
(``notes``). Selections become annotations on the newline-normalised text, their codings the
codes; a selection or text annotation with a note but no code is kept under the code
``imported note`` (a casereader passage needs a code); whole-source codings become a passage
over the whole text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from ...model import Annotation, Code, quote
from ...safety import SafeZip, parse_xml
from ..model import Imported, ImportFileError, Skip, SourceText, first_few
from .elements import (
    Malformed,
    children,
    chosen_colours,
    description,
    guid_key,
    local_name,
    read_codes,
)
from .names import PROJECT_FILE, stable_guid
from .notes import Notes, ProjectNote, read_notes
from .positions import Choice, Reading, SourcePositions, choose_reading, place_all
from .texts import archived_text

NOTE_CODE = Code(
    "imported-note",
    "imported note",
    "#7a8a99",
    None,
    "Passages another tool kept with a note and no code: a casereader passage needs a code.",
)
MEDIA = {
    "PictureSource": "picture",
    "AudioSource": "audio",
    "VideoSource": "video",
    "PDFSource": "PDF",
}


def read_qdpx(path: Path) -> Imported:
    """A REFI-QDA project: its texts, codebook, selections and notes, checked."""
    label = str(path)
    with SafeZip(path) as archive:
        name = project_entry(archive)
        if name is None:
            raise ImportFileError(f"{label}: {missing_project(archive)}")
        root = parse_xml(archive.read(name), f"{label}: {name}")
        if local_name(root.tag) != "Project":
            raise ImportFileError(f"{label}: {name} is not a REFI-QDA project")
        try:
            return _read_project(root, archive)
        except Malformed as error:
            raise ImportFileError(f"{label}: {error}") from None


def project_entry(archive: SafeZip) -> str | None:
    """``project.qde``, or else the one ``*.qde`` at the root (recent ATLAS.ti names it after
    the project)."""
    found = archive.find(PROJECT_FILE)
    if found is not None:
        return found
    others = [m.name for k, m in archive.members.items() if _root_qde(k)]
    return others[0] if len(others) == 1 else None


def missing_project(archive: SafeZip) -> str:
    """Why no project XML was chosen: none at the root, or several (named)."""
    found = sorted(m.name for k, m in archive.members.items() if _root_qde(k))
    if len(found) > 1:
        shown = first_few([repr(name) for name in found], 5, ", ")
        return (
            f"no {PROJECT_FILE} inside, and {len(found)} other .qde files ({shown}): "
            "which is the project cannot be told; keep one"
        )
    return f"no {PROJECT_FILE} inside; is this a .qdpx project?"


def _root_qde(key: str) -> bool:
    return "/" not in key and key.lower().endswith(".qde")


@dataclass
class _Project:
    """What reading one project's sources needs and collects."""

    origin: str
    users: Mapping[str, str]
    code_by_guid: Mapping[str, str]
    notes: Notes
    imported: Imported
    seen: set[str] = field(default_factory=set)
    taken: set[str] = field(default_factory=set)

    def skip(self, what: str, reason: str) -> None:
        self.imported.skipped.append(Skip(what, reason))


def _read_project(root: Any, archive: SafeZip) -> Imported:
    codes, code_by_guid, facts = read_codes(root)
    imported = Imported("qdpx", codes, [], facts=facts)
    imported.chosen_colours = chosen_colours(root, code_by_guid)
    notes = read_notes(root, archive)
    project = _Project(root.get("origin") or "", _users(root), code_by_guid, notes, imported)
    for name, problem in notes.unreadable:
        project.skip(f"note {name!r}", problem)
    readable = _readable_sources(root, project, archive)
    placed = [_read_source(source, element, raw, project) for source, element, raw in readable]
    _unnamed_annotations(project, placed)
    _left_over(root, project, readable)
    return _checked(imported)


def _checked(imported: Imported) -> Imported:
    """The project as read, with the note code when a passage uses it; refused when it
    holds nothing casereader imports."""
    if _uses_note_code(imported):
        imported.codes.append(NOTE_CODE)
    if not (imported.sources or imported.codes):
        raise Malformed("the project holds no text sources and no codes casereader can import")
    return imported


def _readable_sources(root: Any, project: _Project, archive: SafeZip) -> list[tuple[Any, Any, str]]:
    """The readable sources of every ``<Sources>`` block (see ``_readable``)."""
    return [
        item for block in children(root, "Sources") for item in _readable(block, project, archive)
    ]


def _uses_note_code(imported: Imported) -> bool:
    """Whether a passage imported for its note alone carries the note code."""
    return NOTE_CODE.id in {c for a in imported.annotations for c in a.codes}


def _users(root: Any) -> dict[str, str]:
    """Each user's name by their GUID (the GUID for a user without a name)."""
    return {
        guid_key(user.get("guid")): user.get("name") or guid_key(user.get("guid"))
        for block in children(root, "Users")
        for user in children(block, "User")
    }


def _readable(block: Any, project: _Project, archive: SafeZip) -> list[tuple[Any, Any, str]]:
    """The sources of a ``<Sources>`` whose text can be read, each with the element holding
    its selections (a PDF's text ``Representation``) and its raw text; the rest skipped."""
    found = []
    for source in block:
        text_element = _text_element(source)
        if text_element is None:
            project.skip(_source_label(source), "casereader imports text sources only")
            continue
        raw, problem = _raw_text(text_element, archive)
        if raw is None:
            project.skip(_unreadable_label(source, text_element), problem)
            continue
        found.append((source, text_element, raw))
    return found


def _text_element(source: Any) -> Any:
    """The element holding a source's text and selections: a TextSource itself, a PDF's
    text ``Representation``; None for any other medium."""
    kind = local_name(source.tag)
    if kind == "PDFSource":
        return next(iter(children(source, "Representation")), None)
    return source if kind == "TextSource" else None


def _raw_text(text_element: Any, archive: SafeZip) -> tuple[str | None, str]:
    """A source's text, inline or from the archive; None and the problem if unreadable."""
    inline = next(iter(children(text_element, "PlainTextContent")), None)
    if inline is not None:
        return inline.text or "", ""
    return archived_text(text_element.get("plainTextPath") or "", archive)


def _source_label(source: Any) -> str:
    """A source by its medium and name, with how many selections it holds."""
    kind = local_name(source.tag)
    name = source.get("name") or guid_key(source.get("guid"))
    selections = sum(local_name(c.tag).endswith("Selection") for c in source)
    return f"{MEDIA.get(kind, kind)} source {name!r}" + _selection_count(selections)


def _unreadable_label(source: Any, text_element: Any) -> str:
    """A text source whose text cannot be read, with the selections that go with it."""
    kind = local_name(source.tag)
    name = source.get("name") or guid_key(source.get("guid"))
    label = f"{MEDIA.get(kind, kind)} source {name!r}".replace("TextSource ", "text ")
    inner = sum(local_name(c.tag) == "PlainTextSelection" for c in text_element)
    return label + _selection_count(inner)


def _selection_count(count: int) -> str:
    return f" and its {count} selection(s)" if count else ""


def _read_source(
    source: Any, text_element: Any, raw: str, project: _Project
) -> tuple[str, SourcePositions, Reading]:
    doc_id = document_name(source.get("name") or "", guid_key(source.get("guid")), project.taken)
    project.taken.add(doc_id.casefold())
    positions = SourcePositions(raw)
    project.imported.sources.append(SourceText(doc_id, positions.text))
    selections, spans = _spans(text_element, doc_id, project)
    choice = _reading(project, doc_id, positions, selections, spans)
    for selection, where in zip(selections, choice.positions, strict=True):
        _add_placed(project, selection, doc_id, positions.text, where, choice.reading)
    for note in project.notes.annotations_of(source):
        _add_note(project, note, doc_id, positions, choice.reading)
    _add_source_coding(project, source, doc_id, positions.text)
    return doc_id, positions, choice.reading


def _reading(
    project: _Project,
    doc_id: str,
    positions: SourcePositions,
    selections: list[Any],
    spans: list[tuple[int, int]],
) -> Choice:
    """How a source's positions count (see ``positions``), the user told when the evidence
    had to decide it."""
    names = [s.get("name") or "" for s in selections]
    choice = choose_reading(positions, spans, names, project.origin)
    if choice.decided:
        project.imported.facts.append(
            f"{doc_id}: positions read as {choice.reading.label} ({choice.reason})"
        )
    return choice


def _add_source_coding(project: _Project, source: Any, doc_id: str, text: str) -> None:
    """Codings of a whole source, as one passage over its whole text."""
    if children(source, "Coding"):
        guid = stable_guid("source-coding", guid_key(source.get("guid")))
        _add_selection(project, source, guid, doc_id, text, (0, len(text)), [])


def _spans(
    text_element: Any, doc_id: str, project: _Project
) -> tuple[list[Any], list[tuple[int, int]]]:
    """A source's selections and their raw spans; one whose positions are not integers is
    skipped."""
    selections, spans = [], []
    for selection in children(text_element, "PlainTextSelection"):
        span = _span(selection.get("startPosition"), selection.get("endPosition"))
        if span is None:
            project.skip(_selection_label(selection, doc_id), "its positions are not integers")
            continue
        selections.append(selection)
        spans.append(span)
    return selections, spans


def _add_placed(
    project: _Project,
    selection: Any,
    doc_id: str,
    text: str,
    where: tuple[int, int] | None,
    reading: Reading,
) -> None:
    """A selection with its notes at the place the chosen reading gave it, or skipped with
    why when that reading cannot place it."""
    if where is None:
        project.skip(
            _selection_label(selection, doc_id),
            f"it ends before it starts, lies outside the text or splits a character "
            f"(read as {reading.label})",
        )
        return
    texts = project.notes.texts_for(selection)
    guid = guid_key(selection.get("guid"))
    _add_selection(project, selection, guid, doc_id, text, where, texts)


def _span(start: str | None, end: str | None) -> tuple[int, int] | None:
    try:
        return int(start or ""), int(end or "")
    except ValueError:
        return None


def _selection_label(selection: Any, doc_id: str) -> str:
    name = " ".join((selection.get("name") or "").split())
    shown = f" {name[:40]!r}" if name else f" {guid_key(selection.get('guid'))}"
    return f"selection{shown} in {doc_id}"


@dataclass(frozen=True)
class _Passage:
    """What a selection (or a text annotation) brings, before it becomes an annotation."""

    guid: str
    label: str
    codes: list[str]
    notes: list[str]
    creator: str | None
    created: str | None
    modified: str | None = None


def _codings(project: _Project, element: Any, label: str) -> list[str]:
    """The code ids of an element's codings; a coding with an unknown code is skipped."""
    codes: list[str] = []
    for coding in children(element, "Coding"):
        for ref in children(coding, "CodeRef"):
            target = guid_key(ref.get("targetGUID"))
            if target in project.code_by_guid:
                codes.append(project.code_by_guid[target])
            else:
                project.skip(f"a coding of {label}", f"its code {target} is not in the codebook")
    return codes


def _add_selection(
    project: _Project,
    element: Any,
    guid: str,
    doc_id: str,
    text: str,
    where: tuple[int, int],
    notes: list[str],
) -> None:
    label = _selection_label(element, doc_id)
    passage = _Passage(
        guid,
        label,
        _codings(project, element, label),
        notes,
        element.get("creatingUser"),
        element.get("creationDateTime"),
        element.get("modifiedDateTime"),
    )
    _add(project, passage, doc_id, text, where)


def _add(
    project: _Project, passage: _Passage, doc_id: str, text: str, where: tuple[int, int]
) -> None:
    """One passage as an annotation, unless it cannot be one (then skipped, with why)."""
    codes = passage.codes or ([NOTE_CODE.id] if passage.notes else [])
    refused = _refused(project, passage, codes, where)
    if refused:
        project.skip(passage.label, refused)
        return
    start, end = where
    exact, prefix, suffix = quote(text, start, end)
    created = normalise_instant(passage.created)
    project.seen.add(passage.guid)
    project.imported.annotations.append(
        Annotation(
            id=passage.guid,
            document=doc_id,
            start=start,
            end=end,
            exact=exact,
            prefix=prefix,
            suffix=suffix,
            codes=tuple(dict.fromkeys(codes)),
            note="\n\n".join(passage.notes),
            coder=project.users.get(guid_key(passage.creator)),
            created=created,
            updated=normalise_instant(passage.modified) or created,
        )
    )


def _refused(project: _Project, passage: _Passage, codes: list[str], where: tuple[int, int]) -> str:
    """Why a passage cannot be an annotation; "" when it can."""
    if passage.guid in project.seen:
        return "its GUID is used twice in the project; the first was kept"
    if not codes:
        return "it has no code and no note"
    if where[0] == where[1]:
        return "it selects no text"
    return ""


def _add_note(
    project: _Project, note: ProjectNote, doc_id: str, positions: SourcePositions, reading: Reading
) -> None:
    """A text annotation (a Note with its own selection) as a passage with its note."""
    label = f"annotation {note.text[:40]!r} in {doc_id}"
    where = _note_place(note, positions, reading)
    if where is None or not note.text.strip():
        project.skip(label, "its selection is not a passage of the text")
        return
    passage = _Passage(note.guid, label, [], [note.text], note.creator, note.created)
    _add(project, passage, doc_id, positions.text, where)


def _note_place(
    note: ProjectNote, positions: SourcePositions, reading: Reading
) -> tuple[int, int] | None:
    """Where a text annotation's own selection is in the text, if it has a readable one."""
    span = _span(*note.span) if note.span else None
    return place_all(positions, [span], reading)[0] if span else None


def _unnamed_annotations(
    project: _Project, placed: list[tuple[str, SourcePositions, Reading]]
) -> None:
    """Text annotations no TextSource names: placed when the project has one text source."""
    for note in project.notes.unnamed_annotations():
        project.notes.used.add(note.guid)
        if len(placed) == 1:
            doc_id, positions, reading = placed[0]
            _add_note(project, note, doc_id, positions, reading)
        else:
            project.skip(
                f"annotation {note.text[:40]!r}",
                "no source names it (QualCoder names only the first annotation of a source), "
                "and the project has more than one text",
            )


def _left_over(root: Any, project: _Project, readable: list[tuple[Any, Any, str]]) -> None:
    """Memos and notes no passage took, and Sets: listed, never dropped silently."""
    _notes_left_over(project)
    if description(root):
        project.skip("the project's memo", _NOTES_ON_PASSAGES)
    if not project.origin.lower().startswith("casereader"):  # ours held the title there
        _source_memos(project, readable)
    for block in children(root, "Sets"):
        for item in children(block, "Set"):
            project.skip(*_set_left_out(item))


def _notes_left_over(project: _Project) -> None:
    """The notes and journals no passage took."""
    for note in project.notes.left_over():
        kind = "journal" if note.name else "note"
        project.skip(f"{kind} {(note.name or note.text)[:40]!r}", _NOTES_ON_PASSAGES)


_NOTES_ON_PASSAGES = "casereader keeps notes on passages only"


def _source_memos(project: _Project, readable: list[tuple[Any, Any, str]]) -> None:
    """The memos of sources, which casereader has no place for; a memo that is only the
    document's title (QualCoder keeps the one an older export of ours wrote) is no loss."""
    for (source, _element, _raw), text in zip(readable, project.imported.sources, strict=True):
        memo = description(source)
        if memo and not is_title(memo, text):
            project.skip(f"the memo of source {source.get('name') or ''!r}", _NOTES_ON_PASSAGES)


def _set_left_out(item: Any) -> tuple[str, str]:
    """A Set named by what it groups (documents, else codes, else notes), and why it is not
    imported."""
    name = item.get("name") or guid_key(item.get("guid"))
    for member, what, reason in _SET_MEMBERS:
        count = len(children(item, member))
        if count:
            return f"set {name!r} of {count} {what}", reason
    return f"set {name!r}", "it is empty"


_SET_MEMBERS = (
    ("MemberSource", "document(s)", "casereader has no document groups"),
    ("MemberCode", "code(s)", "casereader has no code groups"),
    ("MemberNote", "note(s)", _NOTES_ON_PASSAGES),
)
"""What a Set can group, in the order it is named by: the element, the word, the reason."""


# --- import: small pure pieces --------------------------------------------------------------


def is_title(memo: str, source: SourceText) -> bool:
    """Whether a source's memo is only the document's title, as casereader used to write it
    there (QualCoder keeps it as the source memo and writes it back): nothing to keep.
    Compared without control characters, which XML could not carry."""
    from ...documents import Document

    title = Document.from_text(source.id, source.text).title

    def plain(text: str) -> str:
        return _CONTROL_OR_LOST.sub("", " ".join(text.split()))

    return plain(memo) == plain(title)


_CONTROL_OR_LOST = re.compile("[\x00-\x1f\x7f\ufffd]")


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


_UNSAFE_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"|?*]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)


def _safe_parts(name: str) -> list[str]:
    """The folders and file name of a path as safe names: unsafe characters replaced, none
    climbing out, no device names, each at most 120 characters."""
    parts = (_UNSAFE_NAME_CHARS.sub("_", p).strip(" .") for p in _path_parts(name))
    return [part[:120] for part in parts if _is_safe_part(part)]


def _path_parts(name: str) -> tuple[str, ...]:
    """The folders and file name of a path written with / or \\."""
    return PurePosixPath(name.replace("\\", "/")).parts


def _is_safe_part(part: str) -> bool:
    """Whether a cleaned part of a path may stay: not empty or the root, not climbing out,
    not a device name."""
    return bool(part.strip("/")) and part != ".." and not _RESERVED.match(part)


def document_name(name: str, guid: str, taken: set[str]) -> str:
    """A safe relative file name for a source: no folders climbing out, no device names,
    a .txt or .md suffix, unique (case-insensitively) among ``taken``.

    The source's own name is what the user knows it by, so it is kept where it is safe.
    """
    stem = "/".join(_safe_parts(name)[-4:]) or (guid or "source")
    return _free_name(_as_text_file(stem), taken)


def _as_text_file(name: str) -> str:
    """The name with a .txt suffix in place of its own, unless it is .txt or .md already."""
    if name.lower().endswith((".txt", ".md")):
        return name
    return re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name) + ".txt"


def _free_name(name: str, taken: set[str]) -> str:
    """The name, or ``name (2).txt``, ``(3)``... the first not ``taken`` (case-insensitively)."""
    candidate, number = name, 2
    base, _, suffix = name.rpartition(".")
    while candidate.casefold() in taken:
        candidate, number = f"{base} ({number}).{suffix}", number + 1
    return candidate
