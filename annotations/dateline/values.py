"""The values the dateline engine hands out: a dateline, a date only mentioned, a place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

FLAGS = (
    "day_month_ambiguous",
    "weekday_mismatch",
    "ambiguous_time",
    "nonexistent_time",
    "two_digit_year",
    "abbreviation_mismatch",
)
PRECISIONS = ("year", "month", "day", "minute", "second")
ZONE_SOURCES = ("text", "setting", "place", "default")
SOURCES = ("text", "metadata")


@dataclass(frozen=True)
class Place:
    """Words in the document's head that say where it comes from, and the zone they give.

    Kept so the app can say why a zone was chosen: "Hobart" -> Australia/Hobart.
    """

    text: str
    start: int
    end: int
    zone: str

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "zone": self.zone}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Place:
        return cls(str(data["text"]), int(data["start"]), int(data["end"]), str(data["zone"]))


def _instant(written: Any) -> datetime | None:
    """An ISO 8601 date and time read back, None where none was written."""
    return datetime.fromisoformat(written) if written else None


@dataclass(frozen=True)
class Dateline:
    """A dateline found in a document, normalised.

    ``local`` and ``utc`` are ``None`` for a date-only dateline: a time is never invented.
    For ``precision`` ``month`` or ``year``, ``date`` is the first day of that period.
    ``zone_source`` says where the zone came from (``text``, ``setting``, ``place``,
    ``default``); ``place`` holds the words that gave it when it came from a place.
    """

    text: str
    start: int
    end: int
    date: date
    local: datetime | None
    utc: datetime | None
    zone: str
    zone_assumed: bool
    precision: str
    flags: tuple[str, ...] = ()
    zone_source: str = "default"
    source: str = "text"
    place: Place | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Dateline:
        """Read back ``to_json()`` (listing cache, imports); raises ValueError on bad data.

        Fields added after the first release are optional, so older caches still read.
        """
        try:
            local, utc = _instant(data["local"]), _instant(data["utc"])
            assumed = bool(data["zone_assumed"])
            place = data.get("place")
            return cls(
                text=str(data["text"]),
                start=int(data["start"]),
                end=int(data["end"]),
                date=date.fromisoformat(data["date"]),
                local=local,
                utc=utc,
                zone=str(data["zone"]),
                zone_assumed=assumed,
                precision=str(data["precision"]),
                flags=tuple(str(flag) for flag in data["flags"]),
                zone_source=str(data.get("zone_source", "default" if assumed else "text")),
                source=str(data.get("source", "text")),
                place=Place.from_json(place) if place else None,
            )
        except (KeyError, TypeError) as error:
            raise ValueError(f"not a dateline: {error}") from error

    def to_json(self) -> dict[str, Any]:
        """The JSON form ``datelines --json`` prints (README, "How it works"): ``utc`` as
        ``...Z``, ``local`` ISO 8601 with offset."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "date": self.date.isoformat(),
            "local": self.local.isoformat() if self.local else None,
            "utc": self.utc.strftime("%Y-%m-%dT%H:%M:%SZ") if self.utc else None,
            "zone": self.zone,
            "zone_assumed": self.zone_assumed,
            "zone_source": self.zone_source,
            "precision": self.precision,
            "source": self.source,
            "flags": list(self.flags),
            "place": self.place.to_json() if self.place else None,
        }


@dataclass(frozen=True)
class Mentioned:
    """A complete date found in running text (an event, a deadline, a previous meeting).

    Never a dateline: offered beside a missing one so a reader can see what was passed over.
    """

    text: str
    start: int
    end: int
    date: date

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "date": self.date.isoformat(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Mentioned:
        try:
            return cls(
                str(data["text"]),
                int(data["start"]),
                int(data["end"]),
                date.fromisoformat(data["date"]),
            )
        except (KeyError, TypeError) as error:
            raise ValueError(f"not a mentioned date: {error}") from error


@dataclass(frozen=True)
class Reading:
    """What the engine read in a document's head: its dateline, else a date it mentions."""

    dateline: Dateline | None
    mentioned: Mentioned | None = None


@dataclass(frozen=True)
class ZoneChoice:
    """Where a zone comes from when the text writes none.

    ``setting`` is the corpus's own zone (``casereader.toml`` or ``--zone``): it beats place
    evidence. ``default`` applies only when neither a setting nor a place is there.
    """

    default: str = "Europe/London"
    setting: str | None = None

    def __str__(self) -> str:
        """A stable key for caches: the same choice always gives the same string."""
        return f"setting:{self.setting}" if self.setting else self.default
