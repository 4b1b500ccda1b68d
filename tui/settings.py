"""What the reader keeps between runs for its user: the theme, whether the annotation panel
is shown. A JSON file in the user config folder (``settings.json`` beside ``keymap.json``),
or the file named by ``$CASEREADER_SETTINGS``.

Losing it costs a preference, so it is written plainly (atomic replace, no fsync). A file that
cannot be read as settings is said once and left alone: never overwritten.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

SETTINGS_FILE = "settings.json"


def settings_path() -> Path:
    configured = os.environ.get("CASEREADER_SETTINGS")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_config_dir("casereader")) / SETTINGS_FILE


class Settings:
    """``theme`` (a Textual theme name or None) and ``panel`` (shown or not)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.problem: str | None = None
        """Why the file was not read (then it is never written)."""
        self.data: dict[str, Any] = {}
        if path is None:
            return
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as error:
            self.problem = f"settings {path} could not be read ({error}); they are not saved"
            return
        if not isinstance(loaded, dict):
            self.problem = f"settings {path} are not a JSON object; they are not saved"
            return
        self.data = loaded

    @property
    def theme(self) -> str | None:
        value = self.data.get("theme")
        return value if isinstance(value, str) and value else None

    @property
    def panel(self) -> bool:
        value = self.data.get("panel", True)
        return value if isinstance(value, bool) else True

    def update(self, **values: Any) -> None:
        """Change settings and save them (quietly: a preference is not worth an error)."""
        if all(self.data.get(key) == value for key, value in values.items()):
            return
        self.data.update(values)
        if self.path is None or self.problem is not None:
            return
        name = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=".settings-", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self.data, handle, indent=1)
            os.replace(name, self.path)
        except OSError:
            if name is not None:
                with contextlib.suppress(OSError):
                    os.unlink(name)
