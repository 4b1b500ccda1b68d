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


# --- the corpus's own settings ----------------------------------------------------------------


def save_corpus_zone(root: Path, zone: str | None) -> Path:
    """Write the corpus's zone (None: no zone) into ``root/casereader.toml``, keeping the rest.

    The file is edited as text so comments and other settings stay as the user wrote them;
    the result is read back through the same reader the corpus uses. Raises CasereaderError
    with one line when the file cannot be read or written.
    """
    import tomllib

    from annotations.dateline.setting import SETTINGS_FILE, zone_setting
    from annotations.errors import CasereaderError

    path = root / SETTINGS_FILE
    try:
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        tomllib.loads(old)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise CasereaderError(f"{path}: cannot read the corpus settings: {error}") from None
    new = _with_zone(old, zone)
    name = None
    try:
        fd, name = tempfile.mkstemp(prefix=".casereader-", suffix=".toml", dir=root)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(new)
        os.replace(name, path)
    except OSError as error:
        if name is not None:
            with contextlib.suppress(OSError):
                os.unlink(name)
        reason = error.strerror or str(error)
        raise CasereaderError(f"{path}: cannot save the corpus's zone: {reason}") from None
    if zone_setting(root) != zone:
        raise CasereaderError(f"{path}: the zone was written but reads back differently")
    return path


def _with_zone(text: str, zone: str | None) -> str:
    """``text`` (TOML) with ``[datelines] zone`` set to ``zone`` or removed."""
    import re

    line = f"zone = {json.dumps(zone)}\n" if zone is not None else ""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    header = next((i for i, s in enumerate(lines) if re.match(r"\s*\[datelines\]\s*$", s)), None)
    if header is None:
        if zone is None:
            return "".join(lines)
        gap = "\n" if lines and lines[-1].strip() else ""
        return "".join(lines) + f"{gap}[datelines]\n{line}"
    end = next(
        (i for i in range(header + 1, len(lines)) if re.match(r"\s*\[", lines[i])), len(lines)
    )
    for index in range(header + 1, end):
        if re.match(r"\s*zone\s*=", lines[index]):
            lines[index] = line
            return "".join(lines)
    lines.insert(header + 1, line)
    return "".join(lines)
