"""HTML publication dates, read from the original page as htmldate looks for them:
``article:published_time`` and similar meta tags, JSON-LD ``datePublished``/``dateModified``,
and ``<time datetime>``. Only ISO 8601 and RFC 2822 values are read; nothing is guessed. The
page's text is ``html.py``'s; a page's dates are evidence for its dateline (see
``annotations.dateline``), used as the text allows."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from .model import MetadataDate

MAX_JSON_LD = 1 << 20
"""The largest JSON-LD script read for dates (bytes): a bigger one is not metadata."""

META_DATES: dict[str, tuple[str, str]] = {
    "article:published_time": ("published", "strong"),
    "og:published_time": ("published", "strong"),
    "datepublished": ("published", "strong"),
    "dc.date.issued": ("published", "strong"),
    "dcterms.issued": ("published", "strong"),
    "citation_publication_date": ("published", "strong"),
    "pubdate": ("published", "strong"),
    "publishdate": ("published", "strong"),
    "publish-date": ("published", "strong"),
    "parsely-pub-date": ("published", "strong"),
    "sailthru.date": ("published", "strong"),
    "dc.date": ("published", "weak"),
    "dcterms.date": ("published", "weak"),
    "date": ("published", "weak"),
    "dcterms.created": ("created", "weak"),
    "datecreated": ("created", "weak"),
    "article:modified_time": ("modified", "weak"),
    "og:updated_time": ("modified", "weak"),
    "datemodified": ("modified", "weak"),
    "dc.date.modified": ("modified", "weak"),
    "dcterms.modified": ("modified", "weak"),
    "last-modified": ("modified", "weak"),
}
JSON_LD_DATES = {
    "datePublished": ("published", "strong"),
    "dateCreated": ("created", "weak"),
    "dateModified": ("modified", "weak"),
}


def parse_date_value(raw: str) -> str | None:
    """An ISO 8601 or RFC 2822 date as ISO 8601 (date only when no time is given), else None."""
    value = raw.strip()
    if not value:
        return None
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return _iso_day(value)
    parsed = _parse_moment(value)
    if parsed is None or not 1900 <= parsed.year <= 2100:
        return None
    return parsed.replace(microsecond=0).isoformat()


def _iso_day(value: str) -> str | None:
    """A ``YYYY-MM-DD`` that is a real day, else None."""
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def _parse_moment(value: str) -> datetime | None:
    """ISO 8601 (a space allowed for the ``T``), else RFC 2822; None if neither."""
    try:
        return datetime.fromisoformat(value.replace(" ", "T", 1) if "T" not in value else value)
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            return parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None


DateEvidence = tuple[str, str, str, str]
"""(kind, strength, raw value, source) of a date a page declares."""


def page_dates(root: Any) -> tuple[MetadataDate, ...]:
    """Publication and modification dates the page declares about itself: its meta tags,
    then its JSON-LD, then its first ``<time datetime>``; each (kind, value) once."""
    found: list[MetadataDate] = []
    for kind, strength, raw, source in (
        *_meta_dates(root),
        *_script_dates(root),
        *_time_date(root),
    ):
        value = parse_date_value(raw)
        if value and not _already(found, kind, value):
            found.append(MetadataDate(kind, value, raw.strip(), source, strength))  # type: ignore[arg-type]
    return tuple(found)


def _already(found: list[MetadataDate], kind: str, value: str) -> bool:
    return any(d.kind == kind and d.value == value for d in found)


def _meta_dates(root: Any) -> Iterator[DateEvidence]:
    for meta in root.iter("meta"):
        key = _date_key(meta)
        if key is not None:
            kind, strength = META_DATES[key]
            yield kind, strength, meta.get("content") or "", f"HTML meta {key}"


def _date_key(meta: Any) -> str | None:
    """The date a meta tag declares, by its property, name, itemprop or http-equiv, if any."""
    return next((k for k in _meta_keys(meta) if k in META_DATES), None)


def _meta_keys(meta: Any) -> Iterator[str]:
    for attribute in ("property", "name", "itemprop", "http-equiv"):
        yield (meta.get(attribute) or "").strip().lower()


def _script_dates(root: Any) -> Iterator[DateEvidence]:
    for script in root.iter("script"):
        if _is_json_ld(script):
            for key, raw in _json_ld_dates(script.text):
                kind, strength = JSON_LD_DATES[key]
                yield kind, strength, raw, f"HTML JSON-LD {key}"


def _is_json_ld(script: Any) -> bool:
    """A ``<script>`` holding JSON-LD, not empty."""
    return (script.get("type") or "").lower() == "application/ld+json" and bool(script.text)


def _time_date(root: Any) -> Iterator[DateEvidence]:
    """The first ``<time>`` with a ``datetime``: published, unless marked as modified."""
    element = next((e for e in root.iter("time") if e.get("datetime")), None)
    if element is not None:
        yield _time_evidence(element, element.get("datetime"))


def _time_evidence(element: Any, raw: str) -> DateEvidence:
    """A ``<time>``'s date: strong when marked as published, weak when marked as modified
    or not marked."""
    if element.get("itemprop") == "datePublished" or element.get("pubdate") is not None:
        return "published", "strong", raw, "HTML <time> datePublished"
    if element.get("itemprop") == "dateModified":
        return "modified", "weak", raw, "HTML <time> dateModified"
    return "published", "weak", raw, "HTML <time datetime>"


def _json_ld_dates(source: str) -> Iterator[tuple[str, str]]:
    for item in _json_ld_objects(source):
        for key in JSON_LD_DATES:
            value = item.get(key)
            if isinstance(value, str):
                yield key, value


def _json_ld_objects(source: str) -> Iterator[dict[str, Any]]:
    """The objects in a script's JSON-LD; none if it is too large or not JSON."""
    if len(source) > MAX_JSON_LD:
        return
    try:
        data = json.loads(source)
    except (ValueError, RecursionError):
        return
    yield from _json_objects(data)


def _json_objects(data: Any, limit: int = 10_000) -> Iterator[dict[str, Any]]:
    """The objects in a JSON value, depth first, looking at no more than ``limit`` values."""
    stack, seen = [data], 0
    while stack and seen < limit:
        item = stack.pop()
        seen += 1
        if isinstance(item, dict):
            yield item
        stack.extend(_containers_in(item))


def _containers_in(item: Any) -> list[Any]:
    """The objects and arrays directly inside a JSON object or array."""
    if isinstance(item, dict):
        item = item.values()
    elif not isinstance(item, list):
        return []
    return [value for value in item if isinstance(value, dict | list)]
