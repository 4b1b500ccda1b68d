"""Where tools keep memos and notes in a project, read into one place.

- a selection's ``<Description>``: a coding memo (QualCoder, ATLAS.ti; casereader writes each
  note there too); NVivo writes an empty one on every selection, which means nothing;
- a ``<NoteRef>`` in a selection naming a project ``<Note>`` (casereader, and what the standard
  intends);
- a ``<Link>`` between a Note and a selection (ATLAS.ti's "Memo-Quotation Relation", NVivo's
  annotations);
- a ``<Note>`` holding its own ``<PlainTextSelection>``: a text annotation (QualCoder), named
  by a ``<NoteRef>`` of its ``TextSource``. QualCoder names only the first of each source, so
  an unnamed one is placed when the project has a single text source, else listed as skipped.

A note that arrives in more than one of these ways (casereader's own export writes both the
Description and a linked Note) is kept once. Notes no passage takes (journals, project memos)
are listed as skipped: casereader keeps notes on passages only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ...safety import SafeZip
from .elements import child_text, children, description, guid_key
from .texts import archived_text


@dataclass(frozen=True)
class ProjectNote:
    guid: str
    name: str
    text: str
    span: tuple[str, str] | None
    """An annotation's embedded selection: its (startPosition, endPosition) as written."""
    creator: str | None
    created: str | None
    """The creating user's GUID and the creation time as written."""


@dataclass
class Notes:
    """A project's notes and who links to them; ``used`` marks those a passage took."""

    by_guid: dict[str, ProjectNote] = field(default_factory=dict)
    links: dict[str, list[str]] = field(default_factory=dict)
    """A selection's GUID -> the GUIDs of Notes linked to it by ``<Links>``."""
    used: set[str] = field(default_factory=set)
    unreadable: list[tuple[str, str]] = field(default_factory=list)

    def texts_for(self, selection: Any) -> list[str]:
        """Every note on a selection: its Description, referenced and linked Notes, once each."""
        guid = guid_key(selection.get("guid"))
        keys = [*_referenced(selection), *self.links.get(guid, ())]
        found = [self._take(note) for key in keys if (note := self.by_guid.get(key))]
        return as_written([child_text(selection, "Description") or "", *found])

    def _take(self, note: ProjectNote) -> str:
        """A note's text, the note marked as taken by a passage."""
        self.used.add(note.guid)
        return note.text

    def annotations_of(self, source: Any) -> list[ProjectNote]:
        """The text annotations a TextSource names by ``<NoteRef>``."""
        named = []
        for key in _referenced(source):
            note = self.by_guid.get(key)
            if note is not None and self._free_annotation(note):
                self._take(note)
                named.append(note)
        return named

    def unnamed_annotations(self) -> list[ProjectNote]:
        return [n for n in self.by_guid.values() if self._free_annotation(n)]

    def _free_annotation(self, note: ProjectNote) -> bool:
        """Whether a note is a text annotation (it has a span) no passage took yet."""
        return note.span is not None and note.guid not in self.used

    def left_over(self) -> Iterable[ProjectNote]:
        return (n for n in self.by_guid.values() if n.guid not in self.used)


def _referenced(element: Any) -> list[str]:
    """The GUIDs of the Notes an element names by ``<NoteRef>``."""
    return [guid_key(ref.get("targetGUID")) for ref in children(element, "NoteRef")]


def as_written(texts: Iterable[str]) -> list[str]:
    """Notes as their tool wrote them (trailing blanks and line breaks are the note's too),
    once each: the same note in two places (casereader writes each note as the selection's
    Description and as a linked Note) is one, and blank ones (NVivo's empty Descriptions)
    are none."""
    kept: dict[str, str] = {}
    for text in texts:
        if text.strip():
            kept.setdefault(text.strip(), text)
    return list(kept.values())


def read_notes(root: Any, archive: SafeZip) -> Notes:
    """The project's ``<Notes>`` (text inline or inside the archive) and ``<Links>``."""
    notes = Notes()
    for block in children(root, "Notes"):
        for element in children(block, "Note"):
            _read_note(element, archive, notes)
    for block in children(root, "Links"):
        for link in children(block, "Link"):
            _read_link(link, notes)
    return notes


def _read_note(element: Any, archive: SafeZip, notes: Notes) -> None:
    """One ``<Note>`` kept by its GUID, or listed as unreadable with why."""
    guid = guid_key(element.get("guid"))
    name = element.get("name") or ""
    text, problem = note_text(element, archive)
    if text is None:
        notes.unreadable.append((name or guid, problem))
        return
    notes.by_guid[guid] = ProjectNote(
        guid,
        name,
        text,  # as written: a round trip keeps a note's trailing white space
        _embedded_span(element),
        element.get("creatingUser"),
        element.get("creationDateTime"),
    )


def _embedded_span(element: Any) -> tuple[str, str] | None:
    """The positions of a note's own first ``<PlainTextSelection>`` (a text annotation)."""
    for selection in children(element, "PlainTextSelection")[:1]:
        return selection.get("startPosition") or "", selection.get("endPosition") or ""
    return None


def _read_link(link: Any, notes: Notes) -> None:
    """A ``<Link>`` from or to a Note, kept as the Note's GUID under the other end's."""
    origin, target = guid_key(link.get("originGUID")), guid_key(link.get("targetGUID"))
    if origin in notes.by_guid:
        notes.links.setdefault(target, []).append(origin)
    elif target in notes.by_guid:
        notes.links.setdefault(origin, []).append(target)


def note_text(element: Any, archive: SafeZip) -> tuple[str | None, str]:
    """A note's text, inline or ``internal://``; else None and why (never a path outside)."""
    inline = child_text(element, "PlainTextContent")
    if inline is not None:
        return inline, ""
    path = element.get("plainTextPath") or ""
    if not path:
        return description(element), ""
    return archived_text(path, archive)
