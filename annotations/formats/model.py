"""What an extractor returns: the text of one source file, where it came from, and its dates.

Values only (frozen dataclasses and their JSON form), so they cross process boundaries and
go into the text cache unchanged: the text read back from the cache is the text extracted,
character for character, and offsets into it never shift between runs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from annotations.errors import CasereaderError

DateKind = Literal["sent", "published", "modified", "created"]
Strength = Literal["exact", "strong", "weak"]
FailureReason = Literal[
    "unsupported",
    "unreadable",
    "too_large",
    "encrypted",
    "no_text",
    "corrupt",
    "unsafe",
    "timeout",
    "memory",
    "crashed",
]

STRENGTHS: dict[str, int] = {"exact": 3, "strong": 2, "weak": 1}


@dataclass(frozen=True)
class MetadataDate:
    """A date a file states about itself, as evidence for the dateline (never the text's own).

    ``value`` is ISO 8601 as precise as the file was: ``2024-03-05`` (date only),
    ``2024-03-05T09:30:00`` (a time with no offset given: local time of an unknown zone) or
    ``2024-03-05T09:30:00+01:00`` (the offset as written). ``strength`` says how far to trust
    it: ``exact`` for an email's Date header (the moment it was sent), ``strong`` for
    publication metadata of a web page, ``weak`` for file properties, which are often the
    date a file was converted or copied. ``start``/``end`` locate the date in the extracted
    text when the text shows it (an email's ``Date:`` line), else both are ``None``.
    """

    kind: DateKind
    value: str
    raw: str
    source: str
    strength: Strength
    start: int | None = None
    end: int | None = None

    @classmethod
    def weak(cls, kind: str, value: str, raw: str, source: str) -> MetadataDate:
        """A date from a file's properties: weak evidence (often when it was converted)."""
        return cls(kind, value, raw, source, "weak")  # type: ignore[arg-type]

    @property
    def has_time(self) -> bool:
        return "T" in self.value

    @property
    def has_offset(self) -> bool:
        return self.has_time and bool(re.search(r"(Z|[+-]\d\d:\d\d)$", self.value))

    @property
    def precision(self) -> str:
        """``day``, ``minute`` or ``second``, as the dateline's ``precision``."""
        if not self.has_time:
            return "day"
        # Seconds of :00 may not have been written at all ("09:30"): read as minutes.
        return "minute" if re.search(r"T\d\d:\d\d:00", self.value) else "second"

    def when(self) -> datetime | date:
        """The value parsed: an aware datetime with an offset, a naive one without, or a date."""
        if not self.has_time:
            return date.fromisoformat(self.value)
        return datetime.fromisoformat(self.value)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "value": self.value,
            "raw": self.raw,
            "source": self.source,
            "strength": self.strength,
            "start": self.start,
            "end": self.end,
        }

    @classmethod
    def from_json(cls, data: Any) -> MetadataDate:
        """Read back ``to_json()``; raises ValueError on anything else."""
        if not isinstance(data, dict):
            raise ValueError("a metadata date is an object")
        kind, strength = data.get("kind"), data.get("strength")
        if kind not in ("sent", "published", "modified", "created"):
            raise ValueError(f"unknown date kind {kind!r}")
        if strength not in STRENGTHS:
            raise ValueError(f"unknown strength {strength!r}")
        start, end = data.get("start"), data.get("end")
        _check_span(start, end)
        made = cls(
            kind=kind,
            value=_string(data, "value"),
            raw=_string(data, "raw"),
            source=_string(data, "source"),
            strength=strength,
            start=start,
            end=end,
        )
        made.when()  # raises ValueError if the value is not ISO 8601
        return made


def _check_span(start: Any, end: Any) -> None:
    """A span is both offsets (counts) or neither."""
    if (start is None) != (end is None):
        raise ValueError("bad span")
    if not (_is_offset(start) and _is_offset(end)):
        raise ValueError("bad span")


def _is_offset(value: Any) -> bool:
    """An offset into the text (a count), or None for no place in it."""
    return value is None or (isinstance(value, int) and value >= 0)


def optional_field(data: dict[str, Any], key: str, kind: type, what: str) -> Any:
    """A field that is None or of ``kind``; ValueError naming ``what`` otherwise."""
    value = data.get(key)
    if value is not None and not isinstance(value, kind):
        raise ValueError(f"bad {what}")
    return value


@dataclass(frozen=True)
class Extraction:
    """The plain text of one source file and what is known about how it was made.

    ``text`` uses ``\\n`` newlines; paragraphs (headings, list items, table blocks) are
    separated by one blank line; a table is one line per row with cells joined by `` | ``;
    a PDF's page breaks are marker lines ``— page N —``. ``extractor_version`` changes
    whenever our rules would turn the same file into different text: with ``format`` and the
    source's sha256 it keys the text cache. ``library`` names the library that read the file
    (with its version) for the record; ``pages`` is set for paged formats.
    """

    format: str
    text: str
    source_sha256: str
    extractor: str
    extractor_version: str
    library: str
    pages: int | None = None
    title: str | None = None
    notes: tuple[str, ...] = ()
    dates: tuple[MetadataDate, ...] = ()
    attachments: tuple[str, ...] = ()

    def best_date(self) -> MetadataDate | None:
        """The strongest date evidence, a publication or sending date before others."""
        if not self.dates:
            return None
        order = {"sent": 0, "published": 1, "created": 2, "modified": 3}
        return min(self.dates, key=lambda d: (-STRENGTHS[d.strength], order[d.kind]))

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "text": self.text,
            "source_sha256": self.source_sha256,
            "extractor": self.extractor,
            "extractor_version": self.extractor_version,
            "library": self.library,
            "pages": self.pages,
            "title": self.title,
            "notes": list(self.notes),
            "dates": [d.to_json() for d in self.dates],
            "attachments": list(self.attachments),
        }

    @classmethod
    def from_json(cls, data: Any) -> Extraction:
        """Read back ``to_json()``; raises ValueError on anything else (a damaged cache entry)."""
        if not isinstance(data, dict):
            raise ValueError("an extraction is an object")
        pages = _page_count(data)
        title = optional_field(data, "title", str, "title")
        dates = _list(data, "dates")
        return cls(
            format=_string(data, "format"),
            text=_string(data, "text"),
            source_sha256=_string(data, "source_sha256"),
            extractor=_string(data, "extractor"),
            extractor_version=_string(data, "extractor_version"),
            library=_string(data, "library"),
            pages=pages,
            title=title,
            notes=_strings(data, "notes"),
            dates=tuple(MetadataDate.from_json(d) for d in dates),
            attachments=_strings(data, "attachments"),
        )


@dataclass(frozen=True)
class Extractor:
    """Who makes a format's extractions: its format, its name and version (part of the text
    cache's key), and the library it reads the format with."""

    format: str
    name: str
    version: str
    library: Callable[[], str]

    def made(
        self,
        data: bytes,
        text: str,
        *,
        pages: int | None = None,
        title: str | None = None,
        notes: tuple[str, ...] = (),
        dates: tuple[MetadataDate, ...] = (),
        attachments: tuple[str, ...] = (),
    ) -> Extraction:
        """The extraction of ``data`` (the source's bytes, hashed as its key) as ``text``."""
        return Extraction(
            format=self.format,
            text=text,
            source_sha256=hashlib.sha256(data).hexdigest(),
            extractor=self.name,
            extractor_version=self.version,
            library=self.library(),
            pages=pages,
            title=title,
            notes=notes,
            dates=dates,
            attachments=attachments,
        )


@dataclass(frozen=True)
class ExtractionFailure:
    """Why one file gave no text: shown in the document list and in ``datelines``."""

    reason: FailureReason
    message: str
    format: str | None = None
    notes: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        return self.message


class ExtractionError(CasereaderError):
    """One file could not be turned into text; ``reason`` says which kind of failure."""

    reason: FailureReason = "corrupt"

    def __init__(self, message: str, reason: FailureReason | None = None) -> None:
        super().__init__(message)
        if reason is not None:
            self.reason = reason

    def failure(self, fmt: str | None = None) -> ExtractionFailure:
        return ExtractionFailure(self.reason, str(self), fmt)


class UnsupportedFormatError(ExtractionError):
    reason: FailureReason = "unsupported"


class EncryptedError(ExtractionError):
    reason: FailureReason = "encrypted"


class NoTextError(ExtractionError):
    reason: FailureReason = "no_text"


class CorruptFileError(ExtractionError):
    reason: FailureReason = "corrupt"


class TooLargeError(ExtractionError):
    reason: FailureReason = "too_large"


def _page_count(data: dict[str, Any]) -> int | None:
    """An extraction's page count: None (not a paged format) or a count."""
    pages: int | None = optional_field(data, "pages", int, "page count")
    if pages is not None and pages < 0:
        raise ValueError("bad page count")
    return pages


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list):
        raise ValueError(f"{key} is a list")
    return value


def _string(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise ValueError(f"{key} is not a string")
    return value


def _strings(data: dict[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{key} is not a list of strings")
    return tuple(value)
