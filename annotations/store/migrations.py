"""Forward migrations of a store's files, one schema version at a time, in memory."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .file_format import META_TABLE, SCHEMA_VERSION, table_rows


@dataclass
class RawStore:
    """A store's files as parsed JSON, for migrations to reshape in place.

    ``documents`` maps file names in ``docs/`` to their data. Across every version, meta.json's
    ``meta`` table and its ``schema`` field keep their shape, so the version can always be read.
    """

    meta: dict[str, Any]
    codebook: dict[str, Any] | None
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)


Migration = Callable[[RawStore], None]

MIGRATIONS: dict[int, Migration] = {}
"""``MIGRATIONS[n]`` turns a schema-n store into a schema-(n+1) one. Schema 1 is the first
release, so there are none yet; the mechanism is in place (and tested) for the first change."""


def migrate(
    raw: RawStore,
    version: int,
    migrations: Mapping[int, Migration] | None = None,
    target: int = SCHEMA_VERSION,
) -> None:
    """Upgrade ``raw`` from schema ``version`` to ``target`` step by step, in memory."""
    steps = MIGRATIONS if migrations is None else migrations
    while version < target:
        step = steps.get(version)
        if step is None:
            raise LookupError(f"no migration from schema {version} to {version + 1}")
        step(raw)
        version += 1
    for _key, row in table_rows(raw.meta, META_TABLE)[:1]:
        row["schema"] = target
