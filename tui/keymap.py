"""Remapped keys: a JSON file of binding ids to keys, e.g. ``{"document.undo": "z"}``.

Looked for at ``$CASEREADER_KEYMAP`` or ``keymap.json`` in the user config folder
(platformdirs: ``~/.config/casereader/`` on Linux). Every binding's id is listed by ``?``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TypeGuard

from annotations.errors import CasereaderError
from annotations.safety import IrregularFileError, UnsafeFileError, load_json, read_regular_file

MAX_KEYMAP_BYTES = 1 << 20
"""A keymap is a few hundred bytes; anything this large is not one."""


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
        data = load_json(read_regular_file(path, limit=MAX_KEYMAP_BYTES), f"keymap {path}")
    except FileNotFoundError:
        return {}
    except OSError as error:
        reason = error.reason if isinstance(error, IrregularFileError) else error.strerror
        raise CasereaderError(f"cannot read keymap {path}: {reason}") from None
    except UnsafeFileError as error:  # not JSON, not text, or a lone surrogate ("\\ud800")
        raise CasereaderError(str(error)) from None
    if not is_keymap(data):
        raise CasereaderError(
            f'keymap {path} must map binding ids to keys, e.g. {{"document.undo": "z"}}'
        )
    return data


def is_keymap(data: object) -> TypeGuard[dict[str, str]]:
    """Binding ids (text) to keys (printable text, not blank)."""
    return isinstance(data, dict) and all(
        isinstance(k, str) and isinstance(v, str) and v.strip() and v.isprintable()
        for k, v in data.items()
    )
