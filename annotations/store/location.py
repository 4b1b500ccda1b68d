"""Where a corpus's store lives when the user names none."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path


def default_store_location(corpus_root: Path, bundled: bool) -> Path:
    """``<corpus>/.casereader/`` for a writable corpus folder of the user's; for the bundled
    seeds or a read-only folder, a folder under the user data directory named after the corpus
    and a hash of its path (so two corpora called ``reports`` do not share a store)."""
    root = Path(corpus_root).expanduser().resolve()
    inside = root / ".casereader"
    if not bundled and _writable(root, inside):
        return inside
    import platformdirs  # imported here: only this path needs it, and start-up matters

    digest = hashlib.sha1(str(root).encode("utf-8")).hexdigest()[:12]
    name = re.sub(r"[^\w.-]+", "-", root.name).strip("-.") or "corpus"
    return Path(platformdirs.user_data_dir("casereader")) / "stores" / f"{name}-{digest}"


def _writable(root: Path, inside: Path) -> bool:
    if not root.is_dir() or not os.access(root, os.W_OK | os.X_OK):
        return False
    return not inside.exists() or os.access(inside, os.W_OK | os.X_OK)
