"""The dateline engine: find a document's dateline and normalise it, saying how sure it is.

Contract (DESIGN.md, "Datelines"): ``find_dateline(text, default_zone) -> Dateline | None``.
It never fills a missing year or day from today and returns ``None`` rather than a guess.
"""

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


@dataclass(frozen=True)
class Dateline:
    """A dateline found in a document, normalised.

    ``local`` and ``utc`` are ``None`` for a date-only dateline: a time is never invented.
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

    def to_json(self) -> dict[str, Any]:
        """The JSON form of DESIGN.md: ``utc`` as ``...Z``, ``local`` ISO 8601 with offset."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "date": self.date.isoformat(),
            "local": self.local.isoformat() if self.local else None,
            "utc": self.utc.strftime("%Y-%m-%dT%H:%M:%SZ") if self.utc else None,
            "zone": self.zone,
            "zone_assumed": self.zone_assumed,
            "precision": self.precision,
            "flags": list(self.flags),
        }


def find_dateline(text: str, default_zone: str = "Europe/London") -> Dateline | None:
    """Placeholder until the engine lands: finds nothing rather than guessing."""
    return None
