"""The ``casereader`` command: opens the reader, or runs a subcommand.

The Textual app and each subcommand are imported lazily: start-up is a feature.
Exit status: 0 success, 1 the command ran and found problems, 2 usage or input errors.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from tui.commands import COMMANDS
from tui.startup import add_corpus_arguments, fail


class Parser(argparse.ArgumentParser):
    """argparse, with a usage error as one line (the usage itself is in ``--help``)."""

    def error(self, message: str) -> NoReturn:
        from tui.formatting import visible  # arguments are data: no escapes reach the terminal

        self.exit(2, f"{self.prog}: {visible(message)} (see {self.prog} --help)\n")


def commands_help(columns: int | None = None) -> str:
    """The commands, one a line with what each does, as ``casereader --help`` lists them; a
    description too long for the terminal goes on under itself, never under the names."""
    import shutil
    import textwrap

    columns = columns or shutil.get_terminal_size().columns - 2  # as argparse measures
    width = max(map(len, COMMANDS))
    indent = " " * (width + 4)
    lines = [
        textwrap.fill(
            text,
            width=max(columns, len(indent) + 20),
            initial_indent=f"  {name:<{width}}  ",
            subsequent_indent=indent,
        )
        for name, text in COMMANDS.items()
    ]
    return "commands:\n" + "\n".join(lines)


def app_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="casereader",
        usage="%(prog)s [PATH ...] [options]\n       %(prog)s COMMAND [ARGUMENTS ...]",
        description="Read and code documents about children's social care. With no command,\n"
        "the reader opens on PATH (corpus folder or files; default: the bundled seeds).\n\n"
        + commands_help(),
        epilog="Run 'casereader COMMAND --help' for a command's own arguments.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_corpus_arguments(parser)
    parser.add_argument("--coder", help="your name, recorded on each annotation")
    parser.add_argument("--read-only", action="store_true", help="open the store read-only")
    parser.add_argument("--version", action="version", version=_version())
    return parser


def _version() -> str:
    from annotations import __version__

    return f"casereader {__version__}"


def replace_unencodable() -> None:
    """Under an output encoding that cannot write every character (``PYTHONIOENCODING=ascii``,
    a Latin-1 terminal), write what it can and replace the rest, rather than crash half-way
    through a table. JSON is written with ``\\u`` escapes then (``print_json``): nothing lost."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "") == "strict":
            reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    replace_unencodable()
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in COMMANDS:
        return run_command(args[0], args[1:])
    return run_app(args)


def run_command(name: str, argv: list[str]) -> int:
    module = importlib.import_module(f"tui.commands.{name.replace('-', '_')}_command")
    parser = Parser(prog=f"casereader {name}", description=COMMANDS[name])
    module.add_arguments(parser)
    # Positionals may sit either side of options: ``report seeds --json timeline``.
    options = parser.parse_intermixed_args(argv)
    from annotations.errors import CasereaderError

    try:
        return int(module.run(options))
    except CasereaderError as error:
        return fail(str(error))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def run_app(argv: list[str]) -> int:
    options = app_parser().parse_args(argv)
    from tui.launch import launch

    try:
        return launch(options)
    except KeyboardInterrupt:  # ctrl+c while the corpus is read, before the app takes keys
        return 130
