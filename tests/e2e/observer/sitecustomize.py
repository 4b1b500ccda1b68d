"""Loaded by the installed casereader when the key storm puts this folder on PYTHONPATH.

It only observes: every exception that ends the Textual app is also written, as a plain
traceback, to ``$CASEREADER_CRASH_LOG``. The screen shows the same traceback, but drawn at
whatever width the terminal had and cut or wrapped by later resizes; the storm names the
crashes it finds from this file.
"""

import os

_LOG = os.environ.get("CASEREADER_CRASH_LOG")

if _LOG:
    import traceback

    from textual.app import App

    _handle_exception = App._handle_exception

    def _observed(self, error):
        with open(_LOG, "a", encoding="utf-8") as log:
            inner = getattr(error, "error", None)  # a failed worker: what it raised, first
            if isinstance(inner, BaseException):
                log.write("".join(traceback.format_exception(inner)))
            log.write("".join(traceback.format_exception(error)))
            log.write("\n=== end of crash ===\n")
        return _handle_exception(self, error)

    App._handle_exception = _observed
