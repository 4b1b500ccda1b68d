"""casereader's headless core: corpus, datelines, codebook, store, export and reports.

This package never imports Textual; the interfaces live in ``tui``. Keep this module light:
it is imported at start-up.
"""

__version__ = "0.1.0"
