"""A corpus's own zone: ``casereader.toml`` in the corpus folder, or ``--zone``.

    [datelines]
    zone = "Australia/Hobart"

A corpus of Tasmanian police releases is in Hobart time whatever its pages say; the setting
says so once, and beats place evidence. ``--zone`` on the command line beats the file.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from annotations.errors import CorpusError

from .values import ZoneChoice
from .zones import check_zone

SETTINGS_FILE = "casereader.toml"
DEFAULT_ZONE = "Europe/London"


def zone_setting(root: Path) -> str | None:
    """The zone named in ``root/casereader.toml``, or None; a bad file is one clear error."""
    path = root / SETTINGS_FILE
    if not path.is_file():
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise CorpusError(f"{path}: cannot read the corpus settings: {error}") from error
    section = data.get("datelines", {})
    zone = section.get("zone") if isinstance(section, dict) else None
    if zone is None:
        return None
    if not isinstance(zone, str):
        raise CorpusError(f'{path}: [datelines] zone must be a string such as "Europe/London"')
    return check_zone(zone)


def zone_choice(root: Path, flag: str | None, default: str = DEFAULT_ZONE) -> ZoneChoice:
    """The zones for a corpus: ``--zone`` if given, else the corpus's file, else place
    evidence and then ``default``."""
    if flag is not None:
        return ZoneChoice(default=check_zone(default), setting=check_zone(flag))
    return ZoneChoice(default=check_zone(default), setting=zone_setting(root))
