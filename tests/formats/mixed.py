"""A corpus folder holding every format casereader reads, written by each format's real writer,
with the files that must be skipped (an encrypted PDF, a scan with no text layer)."""

from __future__ import annotations

from pathlib import Path

from tests.formats import writers
from tests.formats.test_mail_rtf import LETTER_RTF

READABLE = {
    "inspection.pdf": "PDF",
    "minutes.docx": "DOCX",
    "panel.odt": "ODT",
    "news.html": "HTML",
    "visit.eml": "EML",
    "reply.msg": "MSG",
    "letter.rtf": "RTF",
    "notes.txt": "TXT",
}
SKIPPED = {"scan.pdf": "no text layer: needs OCR", "locked.pdf": "encrypted"}


def mixed_corpus(folder: Path) -> Path:
    """Write the corpus into ``folder`` (made if missing) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    writers.report_pdf(folder / "inspection.pdf")
    writers.report_docx(folder / "minutes.docx")
    writers.report_odt(folder / "panel.odt")
    writers.write(folder / "news.html", writers.NEWS_PAGE.encode("utf-8"))
    writers.plain_email(folder / "visit.eml")
    writers.outlook_message(folder / "reply.msg", headers=None)
    writers.write(folder / "letter.rtf", LETTER_RTF)
    writers.write(
        folder / "notes.txt",
        b"Team notes\n\nPublished: 4 March 2024\n\nNotes from the Monday meeting.\n",
    )
    writers.scanned_pdf(folder / "scan.pdf")
    writers.encrypted_pdf(folder / "locked.pdf")
    return folder
