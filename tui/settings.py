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
import re
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


def read_settings(path: Path) -> tuple[dict[str, Any], str | None]:
    """The settings in ``path`` (none when there is no file yet), and why they could not be
    read, if they could not."""
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, None
    except (OSError, ValueError) as error:
        return {}, f"settings {path} could not be read ({error}); they are not saved"
    if not isinstance(loaded, dict):
        return {}, f"settings {path} are not a JSON object; they are not saved"
    return loaded, None


class Settings:
    """``theme`` (a Textual theme name or None) and ``panel`` (shown or not)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.problem: str | None = None
        """Why the file was not read (then it is never written)."""
        self.data: dict[str, Any] = {}
        if path is not None:
            self.data, self.problem = read_settings(path)

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
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _replace_file(self.path, json.dumps(self.data, indent=1), ".settings-")


def _replace_file(path: Path, text: str, prefix: str, suffix: str = "") -> None:
    """``path`` replaced whole by a new file holding ``text`` (never half written); on
    OSError the temporary file is removed and the error raised."""
    name = None
    try:
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(name, path)
    except OSError:
        if name is not None:
            with contextlib.suppress(OSError):
                os.unlink(name)
        raise


# --- the corpus's own settings ----------------------------------------------------------------


def save_corpus_zone(root: Path, zone: str | None) -> Path:
    """Write the corpus's zone (None: no zone) into ``root/casereader.toml``, keeping the rest.

    The file is edited as text so comments and other settings stay as the user wrote them;
    the result is read back through the same reader the corpus uses. Raises CasereaderError
    with one line when the file cannot be read or written.
    """

    from annotations.dateline.setting import SETTINGS_FILE, zone_setting
    from annotations.errors import CasereaderError

    path = root / SETTINGS_FILE
    old = _settings_text(path)
    try:
        _replace_file(path, _with_zone(old, zone), ".casereader-", ".toml")
    except OSError as error:
        reason = error.strerror or str(error)
        raise CasereaderError(f"{path}: cannot save the corpus's zone: {reason}") from None
    if zone_setting(root) != zone:
        raise CasereaderError(f"{path}: the zone was written but reads back differently")
    return path


def _settings_text(path: Path) -> str:
    """The corpus settings file's text ("" when there is none), checked to be TOML."""
    import tomllib

    from annotations.errors import CasereaderError

    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise CasereaderError(f"{path}: cannot read the corpus settings: {error}") from None
    return text


def _with_zone(text: str, zone: str | None) -> str:
    """``text`` (TOML) with ``[datelines] zone`` set to ``zone`` or removed."""
    line = f"zone = {json.dumps(zone)}\n" if zone is not None else ""
    lines = _lines(text)
    header = next((i for i, s in enumerate(lines) if _DATELINES.match(s)), None)
    if header is None:
        return "".join(lines) + (_new_section(lines, line) if zone is not None else "")
    at = _zone_line(lines, header)
    if at is None:
        lines.insert(header + 1, line)
    else:
        lines[at] = line
    return "".join(lines)


_DATELINES = re.compile(r"\s*\[datelines\]\s*$")
_SECTION = re.compile(r"\s*\[")
_ZONE = re.compile(r"\s*zone\s*=")


def _lines(text: str) -> list[str]:
    """The text's lines, each ending in a newline (the last one's added if missing)."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return lines


def _new_section(lines: list[str], line: str) -> str:
    """A ``[datelines]`` section holding ``line``, after a blank line unless one ends the file."""
    gap = "\n" if lines and lines[-1].strip() else ""
    return f"{gap}[datelines]\n{line}"


def _zone_line(lines: list[str], header: int) -> int | None:
    """Where the section starting at ``header`` sets its zone, if it does."""
    end = next((i for i in range(header + 1, len(lines)) if _SECTION.match(lines[i])), len(lines))
    return next((i for i in range(header + 1, end) if _ZONE.match(lines[i])), None)
