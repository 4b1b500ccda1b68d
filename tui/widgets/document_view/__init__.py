"""The document view: a scrolling, soft-wrapping, line-API widget for reading and coding one
document (see ``view`` for how the package is cut)."""

from tui.widgets.document_view.highlights import Highlight
from tui.widgets.document_view.painting import GUTTER
from tui.widgets.document_view.view import DocumentView

__all__ = ["GUTTER", "DocumentView", "Highlight"]
