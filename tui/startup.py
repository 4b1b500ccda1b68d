"""What the command line, its subcommands and the reader share when they start: one-line
messages on stderr, JSON on stdout that is safe to show, the options that find a store, and
where a corpus's store is.

A leaf: it imports nothing else of ``tui`` (and only what it needs of the core, lazily), so
``cli``, ``launch`` and every command can use it without importing one another.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

DEFAULT_ZONE = "Europe/London"


def add_corpus_arguments(parser: argparse.ArgumentParser) -> None:
    """The corpus (paths, or the bundled seeds) and where its store is: what the reader and
    every command that reads a corpus's annotations take."""
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="corpus folder or files (default: bundled seeds)"
    )
    add_store_arguments(parser)


def add_store_arguments(parser: argparse.ArgumentParser) -> None:
    """Options shared by every command that opens a corpus and its store."""
    parser.add_argument("--store", metavar="DIR", help="annotation store folder")
    parser.add_argument(
        "--zone",
        default=DEFAULT_ZONE,
        metavar="ZONE",
        action=ZoneGiven,
        help=f"time zone assumed where a dateline names none (default {DEFAULT_ZONE})",
    )


class ZoneGiven(argparse.Action):
    """``--zone`` given on the command line, even as the default's name: the user's setting
    (``options.zone_given``), not the default it may equal."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        setattr(namespace, self.dest, values)
        namespace.zone_given = True


def say(message: str) -> None:
    """One line on stderr. Every message goes through here: text from a file, a store or an
    argument has its control characters made visible, so it cannot steer the terminal."""
    from annotations.safety import visible

    print(f"casereader: {visible(message)}", file=sys.stderr)


def fail(message: str) -> int:
    """Print one clear line on stderr; usage and input errors exit 2."""
    say(message)
    return 2


_STEERING = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""What JSON may carry raw but a terminal acts on: DEL, C1 controls, bidi controls."""


def print_json(value: object) -> None:
    """One JSON document on stdout, safe to show: characters that steer a terminal are written
    as JSON's own ``\\u`` escapes (the data is unchanged); where the output's encoding is not
    Unicode, so is everything beyond ASCII, rather than a crash or a lost character."""
    sys.stdout.write(json_text(value, indent=2) + "\n")


def json_text(value: object, indent: int | None = None) -> str:
    """``value`` as JSON that is safe to show, as :func:`print_json` writes it."""
    text = json.dumps(value, ensure_ascii=not unicode_output(), indent=indent)
    return _STEERING.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def unicode_output() -> bool:
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    return encoding.startswith(("utf8", "utf16", "utf32"))


def store_folder(store: str | None, corpus_root: Path, bundled: bool) -> Path:
    """``--store`` if given, else where the reader keeps this corpus's annotations."""
    from annotations.store import default_store_location

    return Path(store) if store else default_store_location(corpus_root, bundled)


def check_readable(paths: list[str], found: bool, skipped: list[tuple[str, str]]) -> None:
    """The files skipped, each on a line; raises ``CorpusError`` (one line) when nothing
    could be read, or when there was nothing to read."""
    from annotations.corpus import KINDS
    from annotations.errors import CorpusError

    if not found and skipped:  # one line: why nothing could be read
        reasons = [f"{Path(name).name}: {reason}" for name, reason in skipped]
        raise CorpusError(no_readable_documents(paths, reasons))
    for name, reason in skipped:
        say(f"skipped {name}: {reason}")
    if not found:
        raise CorpusError(f"no documents ({KINDS}) found in {', '.join(paths)}")


def no_readable_documents(paths: list[str], skipped: list[str]) -> str:
    """Why a corpus with files has nothing to show: the first reason by file name (files read
    in worker processes are skipped in the order they finish), and how many more."""
    where = ", ".join(paths) if paths else "the bundled seeds"
    more = f" and {len(skipped) - 1} more" if len(skipped) > 1 else ""
    first = min(skipped) if skipped else "nothing could be read"
    return f"no readable documents in {where}: skipped {first}{more}"
