"""Pure layout of untrusted document text for a terminal: code points <-> cells, soft wrap.

``glyphs``: what each code point looks like and which cluster it belongs to; ``wrap``: one
line wrapped at a width (``LineLayout``); ``document_layout``: a whole text, its rows counted
lazily (``DocumentLayout``); ``units``: words and paragraphs for moving the cursor.

The document view must show any text faithfully and safely, and map every code-point offset
to exactly one screen cell and back. Keeping that arithmetic here, free of Textual, makes it
testable as plain functions (see ``tests/unit/test_text_layout.py``); no Textual here.

The rules, which the widget and its tests rely on:

- **Display.** C0 controls (U+0000-U+001F except tab) show as their control pictures
  U+2400+n (ESC as ␛), DEL as ␡, C1 controls (U+0080-U+009F) and lone surrogates as U+FFFD,
  LINE SEPARATOR as ␤, PARAGRAPH SEPARATOR as ¶ and SOFT HYPHEN as ``-``. Invisible format
  characters (bidi controls, ZWSP, BOM, ...) stay in the text and keep their offsets but are
  never sent to the terminal. Nothing is ever parsed as markup.
- **Tabs** expand to the next multiple of ``TAB_SIZE`` (4) cells from the start of their
  display row; a tab that would cross the right edge is shortened to fit.
- **Clusters.** A cluster is what rich measures as one grapheme: a base character plus the
  zero-width characters after it (combining marks, VS16, ZWJ with the character it joins).
  A zero-width character with nothing before it on its line shows as ◌ in one cell.
  Wide (East Asian, emoji) clusters take two cells; widths come from ``rich.cells`` so they
  agree with how Textual measures the strips we hand it.
- **Wrapping.** Greedy word wrap at ``width`` cells. Ink (non-space) stays within
  ``width - 1`` cells so that one trailing space, or the cursor at the end of a line, fits in
  the last column. A word longer than a row is broken between clusters. Breakable spaces:
  U+0020, tab and the Unicode spaces other than the no-break ones.
- **Pieces.** Lines longer than ``MAX_PIECE`` code points are laid out in pieces cut after a
  space (or at a cluster boundary), so one huge line never costs more than one piece of work;
  a row may end early where a piece ends.
- **Positions** are cluster starts and line ends. offset -> (row, col) gives the first cell
  of the cluster holding the offset; (row, col) -> offset gives the cluster covering the cell
  (either half of a wide character, any cell of a tab), the line end past the end of a line's
  last row, and the last cluster of a wrapped row past its end (so the cursor stays on it).
"""
