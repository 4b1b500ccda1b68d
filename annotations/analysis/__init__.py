"""Analysis of coded annotations: frequencies, co-occurrence, timeline, coded passages and
inter-coder agreement. Keyword suggestions are ``annotations.suggest``.

Layer: pure functions over values. A corpus (or document lengths), codes and annotations go
in; frozen values with a ``to_json()`` come out. The command line and the app render them
(``tui.report_views``); nothing here prints, reads files or touches a store. The caller hands
in annotations placed in the current texts (``AnnotationStore.reanchor_all`` first, then
``anchoring.placed``), so every offset counted here selects its passage.

Definitions (stated in the output too, so figures can be checked by hand):
- A *passage* is one annotation; a passage with two codes counts once for each code.
- *Characters* coded with a code: the union of its passages in a document, so overlapping
  passages of the same code are not counted twice.
- *Co-occurrence* of codes X and Y: the number of pairs of passages {p, q} of one document,
  where p carries X and q carries Y, that share at least one character; p and q may be the
  same passage (one passage carrying both). The diagonal holds each code's passage count. A
  second matrix gives the characters coded with both X and Y.
- *Timeline*: passages per code by the month (or year) of their document's dateline, local
  calendar date; documents without a dateline fall under ``undated``.
- *Agreement*: at the character level over the documents both coders coded (at least one
  annotation each). Per code, each character is coded or not by each coder (binary). Overall,
  each character's value is the set of codes applied to it (``{}`` when uncoded), a nominal
  category. Uncoded characters count as agreement on "not coded": percent agreement is high on
  sparse coding, which is why kappa and alpha, corrected for chance, are reported beside it.

One module per report; ``scope`` holds what they share (the codes a report covers, the
annotations by document, ``ReportError``).
"""

from .agreement import (
    Agreement,
    DocumentAgreement,
    Scores,
    agreement,
    coder_labels,
    coder_names,
    nominal_agreement,
    segments,
)
from .cells import Cell, cooccurrence_cells, document_cells, frequency_cells, timeline_cells
from .cooccurrence import Cooccurrence, cooccurrence, overlapping_pairs
from .frequencies import CodeCount, DocumentCounts, Frequencies, frequencies
from .passages import (
    ORDERS,
    CodePassages,
    Order,
    Passage,
    PassageFilter,
    chosen_passages,
    coded_passages,
)
from .scope import ReportError, report_codes
from .timeline import UNDATED, Timeline, TimelineRow, timeline

__all__ = [
    "ORDERS",
    "UNDATED",
    "Agreement",
    "Cell",
    "CodeCount",
    "CodePassages",
    "Cooccurrence",
    "DocumentAgreement",
    "DocumentCounts",
    "Frequencies",
    "Order",
    "Passage",
    "PassageFilter",
    "ReportError",
    "Scores",
    "Timeline",
    "TimelineRow",
    "agreement",
    "chosen_passages",
    "coded_passages",
    "coder_labels",
    "coder_names",
    "cooccurrence",
    "cooccurrence_cells",
    "document_cells",
    "frequencies",
    "frequency_cells",
    "nominal_agreement",
    "overlapping_pairs",
    "report_codes",
    "segments",
    "timeline",
    "timeline_cells",
]
