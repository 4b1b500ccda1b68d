"""The corpus's zone, set from the app (z on the corpus list): asked, checked, saved, applied.

The zone is the corpus's setting (``zone_source`` ``setting``): where a dateline writes no
zone, it beats place evidence and the default. It is saved in the corpus folder's
``casereader.toml`` (``[datelines] zone``), the same file ``casereader datelines`` and the next
run read; where that cannot be written (the bundled seeds, a read-only folder) it applies to
this run only and the user is told so. An empty answer removes the setting.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotations.corpus import Document, ListingCache, list_documents
from annotations.dateline import UnknownZoneError, ZoneChoice, check_zone
from annotations.errors import CasereaderError
from tui.session import LISTING_CACHE, Session
from tui.settings import save_corpus_zone


@dataclass(frozen=True)
class ZoneOutcome:
    """What setting the zone did: an error (nothing changed), else a message and perhaps a
    warning (applied but not saved)."""

    message: str = ""
    warning: str | None = None
    error: str | None = None


def zones_of(session: Session) -> ZoneChoice:
    zone = session.zone
    return zone if isinstance(zone, ZoneChoice) else ZoneChoice(default=zone)


def ask_zone(session: Session) -> tuple[str, str]:
    """The prompt's question and the current setting to edit."""
    zones = zones_of(session)
    now = f"now {zones.setting}" if zones.setting else f"none: place, else {zones.default}"
    question = (
        f"Corpus zone for datelines that write none ({now}). IANA name or UTC+HH:MM; "
        "empty removes it"
    )
    return question, zones.setting or ""


def apply_zone(session: Session, answer: str) -> ZoneOutcome:
    """Check ``answer``, save it as the corpus's setting and make it the session's zone."""
    wanted = answer.strip() or None
    if wanted is not None:
        try:
            check_zone(wanted)
        except UnknownZoneError as error:
            return ZoneOutcome(error=str(error))
    zones = zones_of(session)
    warning = None
    if session.bundled:
        warning = "the bundled seeds keep no settings: the zone applies to this run only"
    else:
        try:
            save_corpus_zone(session.root, wanted)
        except CasereaderError as error:
            warning = f"{error}; the zone applies to this run only"
    session.zone = ZoneChoice(default=zones.default, setting=wanted)
    if wanted is None:
        message = f"Corpus zone removed: place evidence, else {zones.default}; re-reading datelines"
    else:
        message = f"Corpus zone {wanted}: re-reading datelines"
    return ZoneOutcome(message, warning)


def list_again(session: Session) -> list[Document]:
    """Every file listed again with the session's zone (the listing cache is keyed by zone,
    so heads are read again; extracted texts come from the text cache)."""
    store = session.store
    location = store.location
    cache = ListingCache(location / LISTING_CACHE if location.is_dir() else None)
    documents = [
        item
        for item in list_documents(session.files, session.root, session.zone, cache)
        if isinstance(item, Document)
    ]
    if not store.read_only:
        cache.retain(document.id for document in documents)
        cache.save()
    return documents
