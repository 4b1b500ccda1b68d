"""Remapped keys: a JSON file of binding ids to keys, e.g. ``{"document.undo": "z"}``.

Looked for at ``$CASEREADER_KEYMAP`` or ``keymap.json`` in the user config folder
(platformdirs: ``~/.config/casereader/`` on Linux). Every binding's id is listed by ``?``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from annotations.errors import CasereaderError


def keymap_path() -> Path:
    configured = os.environ.get("CASEREADER_KEYMAP")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_config_dir("casereader")) / "keymap.json"


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """The remapping, or nothing when there is no file; a broken file is one clear error."""
    path = path or keymap_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise CasereaderError(f"cannot read keymap {path}: {error.strerror}") from error
    try:
        data = json.loads(text)
    except ValueError as error:
        raise CasereaderError(f"keymap {path} is not valid JSON: {error}") from error
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in data.items()
    ):
        raise CasereaderError(
            f'keymap {path} must map binding ids to keys, e.g. {{"document.undo": "z"}}'
        )
    return data
