"""Values of the annotation world: codes and annotations, with their JSON form.

Offsets are code points into a document's normalised text, end exclusive.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

CONTEXT = 32
"""Characters of context kept either side of a passage (prefix and suffix)."""

STATUSES = ("anchored", "moved", "orphan")


def utc_now() -> str:
    """The current instant as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def slugify(name: str) -> str:
    """A stable code id from a name: ``Area for improvement`` -> ``area-for-improvement``."""
    text = unicodedata.normalize("NFKD", name).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    slug = re.sub(r"[^\w]+", "-", text).strip("-_")
    return slug or "code"


def quote(text: str, start: int, end: int) -> tuple[str, str, str]:
    """The exact passage and up to CONTEXT characters of prefix and suffix."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"passage {start}-{end} is outside the document (0-{len(text)})")
    return text[start:end], text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]


@dataclass(frozen=True)
class Code:
    """One theme of the codebook."""

    id: str
    name: str
    colour: str
    key: str | None = None
    description: str = ""
    parent: str | None = None
    keywords: tuple[str, ...] = ()
    """Words or phrases (``*`` for any ending) that suggest passages for this code."""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["keywords"] = list(self.keywords)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Code:
        """Build from JSON, refusing wrong types rather than storing them."""
        for name in ("id", "name", "colour"):
            _require_str(data, name)
        colour = _colour(data)
        key = _optional_text(data, "key", "code")
        parent = _optional_text(data, "parent", "code")
        description = _text(data, "description", "code")
        keywords = _texts(data, "keywords", "code", [])
        return cls(
            id=data["id"],
            name=data["name"],
            colour=colour,
            key=key or None,
            description=description,
            parent=parent or None,
            keywords=tuple(k.strip() for k in keywords if k.strip()),
        )


DEFAULT_CODES: tuple[Code, ...] = (
    Code("strength", "strength", "#2e9e5b", "1", "Practice or outcomes that work well."),
    Code(
        "area-for-improvement",
        "area for improvement",
        "#d9822b",
        "2",
        "Practice or outcomes that need to get better.",
    ),
    Code("staffing", "staffing", "#3d7fd9", "3", "Recruitment, retention, caseloads, workforce."),
)
"""The default codebook; colours chosen to read on dark and light themes alike."""


@dataclass(frozen=True)
class Annotation:
    """One passage of one document with one or more codes."""

    id: str
    document: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    codes: tuple[str, ...]
    note: str = ""
    coder: str | None = None
    created: str = ""
    updated: str = ""
    status: str = "anchored"

    def selects_quote_in(self, text: str) -> bool:
        """Whether its offsets select its quote in ``text`` (else it needs placing again)."""
        return self.end <= len(text) and text[self.start : self.end] == self.exact

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "document": self.document,
            "start": self.start,
            "end": self.end,
            "exact": self.exact,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "codes": list(self.codes),
            "note": self.note,
            "coder": self.coder,
            "created": self.created,
            "updated": self.updated,
            "status": self.status,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Annotation:
        """Build from JSON, checking every field's type; raises ValueError naming the field."""
        if not isinstance(data, Mapping):
            raise ValueError("an annotation must be a JSON object")
        for name in ("id", "document", "exact", "prefix", "suffix"):
            _require_str(data, name)
        start, end = _offset(data, "start"), _offset(data, "end")
        if end < start:
            raise ValueError("annotation 'end' is before 'start'")
        codes = _texts(data, "codes", "annotation", None)
        note = _text(data, "note", "annotation") if data.get("note") is not None else ""
        coder = _optional_text(data, "coder", "annotation")
        created, updated = (
            _text(data, "created", "annotation"),
            _text(data, "updated", "annotation"),
        )
        status = _status(data)
        return cls(
            id=data["id"],
            document=data["document"],
            start=start,
            end=end,
            exact=data["exact"],
            prefix=data["prefix"],
            suffix=data["suffix"],
            codes=tuple(dict.fromkeys(codes)),
            note=note,
            coder=coder,
            created=created,
            updated=updated,
            status=status,
        )


def _colour(data: Mapping[str, Any]) -> str:
    """A code's colour, ``#rrggbb``; written ``#RRGGBB`` in any case."""
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", data["colour"]):
        raise ValueError(f"code colour must be #RRGGBB, not {data['colour']!r}")
    return str(data["colour"]).lower()


def _status(data: Mapping[str, Any]) -> str:
    """An annotation's status, one of STATUSES; ``anchored`` when left out."""
    status = data.get("status", "anchored")
    if status not in STATUSES:
        raise ValueError(f"annotation status must be one of {', '.join(STATUSES)}")
    return str(status)


def _require_str(data: Mapping[str, Any], name: str) -> None:
    if not isinstance(data.get(name), str):
        raise ValueError(f"field {name!r} must be a string")


def _text(data: Mapping[str, Any], name: str, owner: str) -> str:
    """A string field that may be left out (then "")."""
    value = data.get(name, "")
    if not isinstance(value, str):
        raise ValueError(f"{owner} field {name!r} must be a string")
    return value


def _optional_text(data: Mapping[str, Any], name: str, owner: str) -> str | None:
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{owner} field {name!r} must be a string or null")
    return value


def _texts(data: Mapping[str, Any], name: str, owner: str, default: Any) -> list[str]:
    value = data.get(name, default)
    if not isinstance(value, list | tuple) or not all(isinstance(k, str) for k in value):
        raise ValueError(f"{owner} field {name!r} must be a list of strings")
    return list(value)


def _offset(data: Mapping[str, Any], name: str) -> int:
    value = data.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"annotation field {name!r} must be a non-negative integer")
    return value
