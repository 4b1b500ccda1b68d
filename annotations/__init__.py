"""casereader's headless core: documents, datelines, the codebook, the annotation store,
interchange with other tools, and analysis.

Layers (data flows down this list's callers, never back up; no module imports ``tui`` or
Textual, and no import cycle: ``tests/unit/test_import_hygiene.py`` checks both):

- documents: ``corpus`` (a folder of files to ``Document``s), ``decoding`` (bytes to text),
  ``formats/`` (PDF, Word, ODT, HTML, email, RTF extracted and cached), ``safety`` (reading
  untrusted files), ``dateline/`` (``find_dateline``: the dateline contract is in its
  docstring and the README's "How it works");
- values and text: ``model`` (``Code``, ``Annotation``), ``codebook`` (its rules),
  ``segments`` (lines, paragraphs, sentences, spans), ``anchoring`` (placing a passage again
  in a changed text);
- ``store/``: ``AnnotationStore``, every change durable and undoable (its docstring gives the
  files on disk and the durability rules);
- ``interchange/``: JSON, CSV, W3C and REFI-QDA, a reader and a writer per format;
- analysis: ``analysis/`` (frequencies, co-occurrence, timeline, passages, agreement),
  ``suggest`` (keyword suggestions), ``coding`` (a coder's coding to compare), ``search``.

A session: ``load_corpus`` reads the documents, ``AnnotationStore.open`` loads the
annotations, the interface asks the store for them (re-anchoring a changed document first) and
changes them through it; exports and reports take plain values out of it.

Keep this module light: it is imported at start-up.
"""

__version__ = "0.1.0"
