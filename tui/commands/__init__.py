"""Subcommands of ``casereader``; each module has HELP, add_arguments(parser) and run(args).

Imported only when its command is used, so start-up stays fast.
"""

COMMANDS: dict[str, str] = {
    "datelines": "find and normalise each document's dateline",
    "export": "export annotations to JSON, CSV, W3C Web Annotation or REFI-QDA",
    "import": "import annotations from casereader JSON or a REFI-QDA project",
    "report": "code frequencies, co-occurrence, timeline and coded passages",
    "agree": "agreement of two coders: percent, kappa, Krippendorff's alpha",
    "suggest": "passages a code's keywords suggest, to accept or reject",
    "doctor": "check a store and its corpus; re-anchor changed documents; repair",
}
"""What each command does, in one line: ``casereader --help`` lists them one a line at 80
columns, and each is its command's description in ``casereader COMMAND --help``."""
