"""Real documents for the extraction tests, written by the real writers of each format.

PDFs by ReportLab (text laid out line by line with a TrueType font that has ligature glyphs,
so the text layer holds real ligatures and a hyphen split across lines), Word by python-docx,
OpenDocument by odfpy, email by the standard library, Outlook .msg by Aspose.Email FOSS.
Each function writes one file and returns its path.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

A4_WIDTH, A4_HEIGHT = 595.27, 841.89
MARGIN = 72.0
HEADER = "Kent County Council — Children’s Services Inspection"

INTRO = (
    "Inspectors found that the ofﬁce of the director of children’s services runs an efﬁcient "
    "workﬂow for referrals. Children in care are visited regularly by social workers who know "
    "them well, and their plans are reviewed on time."
)
STAFFING = (
    "Caseloads have fallen since the last inspection. Recruitment of experienced social "
    "workers remains difﬁcult in the east of the county, where agency staff cover a third of "
    "posts."
)
LEFT_COLUMN = [
    "Left column first paragraph: leaders have a clear understanding of the quality of "
    "practice and act on what audits tell them.",
    "Left column second paragraph: partners in health and education share information "
    "promptly when a child is at risk.",
]
RIGHT_COLUMN = [
    "Right column first paragraph: care leavers are helped to find stable homes and most "
    "are in education, training or work.",
    "Right column second paragraph: the local authority should improve the timeliness of "
    "return home interviews.",
]
TABLE = [("Year", "Caseload", "Agency staff"), ("2023", "19", "31%"), ("2024", "15", "27%")]


def _fonts() -> tuple[str, str]:
    """Vera (shipped with ReportLab) has the fi and fl ligature glyphs; DejaVu is not needed."""
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = Path(reportlab.__file__).parent / "fonts"
    if "Vera" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Vera", str(folder / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont("VeraBd", str(folder / "VeraBd.ttf")))
    return "Vera", "VeraBd"


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    from reportlab.lib.utils import simpleSplit

    return simpleSplit(text, font, size, width)


def _draw_lines(canvas, lines: Sequence[str], x: float, y: float, font: str, size: float) -> float:
    canvas.setFont(font, size)
    for line in lines:
        canvas.drawString(x, y, line)
        y -= size * 1.25
    return y


def _running(canvas, number: int, total: int, font: str) -> None:
    canvas.setFont(font, 9)
    canvas.drawString(MARGIN, A4_HEIGHT - 40, HEADER)
    canvas.drawCentredString(A4_WIDTH / 2, 30, f"Page {number} of {total}")


def _scan_image() -> bytes:
    """A grey page-sized picture with dark strokes, like a photocopy: pixels, no text."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (400, 560), 235)
    draw = ImageDraw.Draw(image)
    for row in range(40, 520, 18):
        draw.line((40, row, 360, row), fill=60, width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def report_pdf(path: Path, *, creation: str = "D:20240305093000+01'00'") -> Path:
    """Four pages: prose with ligatures and a split word, two columns, a table, a scan.

    Every page carries the running header and a ``Page N of 4`` footer.
    """
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas as pdfcanvas

    regular, bold = _fonts()
    c = pdfcanvas.Canvas(str(path), pagesize=(A4_WIDTH, A4_HEIGHT), invariant=1)
    c.setTitle("Inspection of Kent children’s services")
    c.setCreator("casereader tests")
    # The Info dictionary's dates, as a word processor would set them (ReportLab's own hook).
    c._doc.info._dateFormatter = lambda *_now: creation
    total = 4
    width = A4_WIDTH - 2 * MARGIN

    # Page 1: heading, dateline, prose with ligatures, a word hyphenated across two lines.
    _running(c, 1, total, regular)
    y = A4_HEIGHT - 110
    y = _draw_lines(c, ["Inspection of children’s services"], MARGIN, y, bold, 18) - 10
    y = _draw_lines(c, ["Published 5 March 2024"], MARGIN, y, regular, 10) - 10
    y = _draw_lines(c, _wrap(INTRO, regular, 10, width), MARGIN, y, regular, 10) - 10
    y = (
        _draw_lines(
            c,
            [
                "The local authority has completed a thorough self-assess-",
                "ment of its services and shared it with inspectors.",
            ],
            MARGIN,
            y,
            regular,
            10,
        )
        - 10
    )
    y = _draw_lines(c, ["Staffing"], MARGIN, y, bold, 14) - 6
    _draw_lines(c, _wrap(STAFFING, regular, 10, width), MARGIN, y, regular, 10)
    c.showPage()

    # Page 2: two columns, the left one drawn before the right one, as typesetters do.
    _running(c, 2, total, regular)
    column = (width - 24) / 2
    for x, paragraphs in ((MARGIN, LEFT_COLUMN), (MARGIN + column + 24, RIGHT_COLUMN)):
        y = A4_HEIGHT - 110
        for text in paragraphs:
            y = _draw_lines(c, _wrap(text, regular, 10, column), x, y, regular, 10) - 12
    c.showPage()

    # Page 3: a table, one string per cell, then a paragraph.
    _running(c, 3, total, regular)
    y = A4_HEIGHT - 110
    y = _draw_lines(c, ["Caseloads by year"], MARGIN, y, bold, 14) - 8
    c.setFont(regular, 10)
    for row in TABLE:
        for index, cell in enumerate(row):
            c.drawString(MARGIN + index * 150, y, cell)
        y -= 16
    y -= 12
    _draw_lines(c, ["The council will publish its action plan in May."], MARGIN, y, regular, 10)
    c.showPage()

    # Page 4: a scanned page: an image and no text at all (no running lines either).
    c.drawImage(ImageReader(io.BytesIO(_scan_image())), 0, 0, A4_WIDTH, A4_HEIGHT)
    c.showPage()
    c.save()
    return path


def simple_pdf(path: Path, pages: Sequence[Sequence[str]], **options) -> Path:
    """One paragraph line per string, pages as given: the benchmark's and small tests' PDFs."""
    from reportlab.pdfgen import canvas as pdfcanvas

    regular, _bold = _fonts()
    c = pdfcanvas.Canvas(str(path), pagesize=(A4_WIDTH, A4_HEIGHT), invariant=1, **options)
    for number, lines in enumerate(pages, start=1):
        _running(c, number, len(pages), regular)
        y = A4_HEIGHT - 110
        for text in lines:
            y = _draw_lines(
                c, _wrap(text, regular, 10, A4_WIDTH - 2 * MARGIN), MARGIN, y, regular, 10
            )
            y -= 10
        c.showPage()
    c.save()
    return path


def scanned_pdf(path: Path, pages: int = 2) -> Path:
    """Only pictures of pages: what a scanner without OCR makes."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas as pdfcanvas

    c = pdfcanvas.Canvas(str(path), pagesize=(A4_WIDTH, A4_HEIGHT), invariant=1)
    image = _scan_image()
    for _ in range(pages):
        c.drawImage(ImageReader(io.BytesIO(image)), 0, 0, A4_WIDTH, A4_HEIGHT)
        c.showPage()
    c.save()
    return path


def encrypted_pdf(path: Path) -> Path:
    """A PDF that needs a user password to open."""
    return simple_pdf(
        path,
        [["Confidential minutes of the corporate parenting panel."]],
        encrypt="secret-password",
    )


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


__all__ = [name for name in dir() if not name.startswith("_") and name not in ("io", "os")]


def report_docx(path: Path) -> Path:
    """Headings, a dateline, prose, a bulleted and a numbered list, a table with a merged cell."""
    from datetime import datetime

    import docx

    document = docx.Document()
    document.add_heading("Inspection of children’s services", level=1)
    document.add_paragraph("Published 5 March 2024")
    document.add_paragraph(INTRO.replace("ﬁ", "fi").replace("ﬂ", "fl"))
    document.add_heading("Strengths", level=2)
    for item in ("stable placements for teenagers", "timely health assessments"):
        document.add_paragraph(item, style="List Bullet")
    document.add_heading("Areas for improvement", level=2)
    for item in ("return home interviews", "supervision records", "placement sufficiency"):
        document.add_paragraph(item, style="List Number")
    grid = document.add_table(rows=3, cols=3)
    for r, row in enumerate(TABLE):
        for c, value in enumerate(row):
            grid.cell(r, c).text = value
    note = document.add_paragraph("Figures are for March of each year.")
    note.add_run().add_break()
    note.add_run("Source: council returns.")
    document.core_properties.created = datetime(2024, 3, 4, 16, 5, 0)
    document.core_properties.modified = datetime(2024, 3, 5, 8, 0, 0)
    document.core_properties.title = "Kent inspection"
    document.save(str(path))
    return path


def report_odt(path: Path) -> Path:
    """Headings, prose with a run of spaces and a tab, a bulleted and a numbered list, a table."""
    from odf import dc, meta
    from odf import table as odftable
    from odf import text as odftext
    from odf.opendocument import OpenDocumentText
    from odf.style import ListLevelProperties
    from odf.text import ListLevelStyleBullet, ListLevelStyleNumber, ListStyle

    document = OpenDocumentText()
    bullets = ListStyle(name="Bullets")
    bullets.addElement(ListLevelStyleBullet(level=1, bulletchar="•"))
    numbers = ListStyle(name="Numbers")
    level = ListLevelStyleNumber(level=1, numformat="1", numsuffix=".")
    level.addElement(ListLevelProperties())
    numbers.addElement(level)
    document.automaticstyles.addElement(bullets)
    document.automaticstyles.addElement(numbers)
    body = document.text
    body.addElement(odftext.H(outlinelevel=1, text="Minutes of the corporate parenting panel"))
    body.addElement(odftext.P(text="Meeting: 12 February 2024, 10:00"))
    prose = odftext.P(text="Members noted that")
    prose.addElement(odftext.S(c=3))
    prose.addText("placement stability has improved.")
    prose.addElement(odftext.Tab())
    prose.addText("(Item 4)")
    body.addElement(prose)
    for style, items in (
        ("Bullets", ("foster carers", "residential homes")),
        ("Numbers", ("recruit two social workers", "report back in May")),
    ):
        listing = odftext.List(stylename=style)
        for item in items:
            entry = odftext.ListItem()
            entry.addElement(odftext.P(text=item))
            listing.addElement(entry)
        body.addElement(listing)
    grid = odftable.Table(name="Caseloads")
    grid.addElement(odftable.TableColumn(numbercolumnsrepeated=3))
    for row in TABLE:
        line = odftable.TableRow()
        for value in row:
            cell = odftable.TableCell()
            cell.addElement(odftext.P(text=value))
            line.addElement(cell)
        grid.addElement(line)
    body.addElement(grid)
    body.addElement(odftext.P(text="The panel closed at 11:30."))
    document.meta.addElement(meta.CreationDate(text="2024-02-12T11:45:10.123456789"))
    document.meta.addElement(dc.Date(text="2024-02-13T09:00:00"))
    document.meta.addElement(dc.Title(text="Panel minutes"))
    document.save(str(path))
    return path


def html_only_email(path: Path, attachments: Sequence[tuple[str, bytes, str]] = ()) -> Path:
    """An email whose only body is HTML, sent from a UTC+05:30 clock, with attachments."""
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "Priya Shah <priya.shah@example.gov.uk>"
    message["To"] = "Corporate Parenting Panel <panel@example.gov.uk>"
    message["Subject"] = "Agenda for Thursday’s panel"
    message["Date"] = "Tue, 05 Mar 2024 14:05:09 +0530"
    message.set_content(
        "<html><body><p>Dear colleagues,</p><p>Please find the agenda attached. The panel will"
        " discuss <b>staffing</b> and the new<br>fostering strategy.</p><ul><li>Item 1: "
        "minutes</li><li>Item 2: sufficiency</li></ul><p>Kind regards,<br>Priya</p>"
        "</body></html>",
        subtype="html",
    )
    for name, data, mime in attachments:
        maintype, subtype = mime.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return write(path, bytes(message))


NEWS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Ofsted praises Kent fostering service | Kent County Council</title>
<meta property="article:published_time" content="2024-03-05T09:30:00+00:00">
<meta property="article:modified_time" content="2024-03-07T16:00:00+00:00">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "WebPage", "name": "News"},
 {"@type": "NewsArticle", "headline": "Ofsted praises Kent fostering service",
  "datePublished": "2024-03-05T10:30:00+01:00"}]}</script>
<style>.x { color: red }</style>
</head><body>
<div id="cookie-banner" class="cookie-banner"><p>We use cookies to improve your experience.
Accept all cookies or manage your cookie settings.</p><button>Accept</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/contact">Contact us</a></li></ul></nav></header>
<main><article>
<h1>Ofsted praises Kent fostering service</h1>
<p class="date">Published <time datetime="2024-03-05T09:30">5 March 2024</time></p>
<p>Inspectors found that children in foster care are well supported by skilled social
workers who know them well and visit them regularly.</p>
<p>The report highlights three strengths of the service:</p>
<ul><li>stable placements for teenagers</li><li>timely health assessments</li>
<li>strong links with schools</li></ul>
<h2>Staffing</h2>
<p>Caseloads have fallen since last year, though recruitment of experienced staff remains
difficult in the east of the county.</p>
<table><tr><th>Year</th><th>Caseload</th></tr><tr><td>2023</td><td>19</td></tr>
<tr><td>2024</td><td>15</td></tr></table>
<p>The council will publish its action plan next month.</p>
</article></main>
<aside><h2>Related news</h2><ul><li><a href="/n/1">Library opening hours</a></li></ul></aside>
<footer><p>© Kent County Council 2024</p><ul><li><a href="/privacy">Privacy</a></li>
<li><a href="/accessibility">Accessibility</a></li></ul></footer>
<script>document.write("tracking")</script>
</body></html>
"""


def plain_email(path: Path) -> Path:
    """A plain-text email in format=flowed, with a forwarded message and a file attached."""
    from email.message import EmailMessage

    forwarded = EmailMessage()
    forwarded["From"] = "Ofsted <enquiries@example.gov.uk>"
    forwarded["Subject"] = "Inspection outcome"
    forwarded.set_content("Outcome attached.")
    message = EmailMessage()
    message["From"] = "Sam Green <sam.green@example.org>"
    message["To"] = "Alex Brown <alex.brown@example.gov.uk>"
    message["Cc"] = "Team <team@example.gov.uk>"
    message["Subject"] = "=?utf-8?q?Visit_to_Oak_House_=E2=80=93_follow-up?="
    message["Date"] = "Mon, 29 Jan 2024 17:45:00 -0500"
    message.set_content(
        "Hello Alex,\n\nThanks for the visit. The young people said they felt \nlistened to "
        "and the \nstaff were kind.\n\nSam\n123 High Street\nMaidstone\n",
        cte="quoted-printable",
    )
    message.replace_header("Content-Type", 'text/plain; charset="utf-8"; format=flowed')
    message.add_attachment(forwarded)
    message.add_attachment(
        b"%PDF-1.4", maintype="application", subtype="pdf", filename="visit report.pdf"
    )
    return write(path, bytes(message))


def outlook_message(path: Path, *, headers: str | None, plain: bool = True) -> Path:
    """An Outlook .msg written by Aspose.Email FOSS: recipients, an attachment, optional
    Internet headers (a message received from outside) and a delivery time."""
    from datetime import UTC, datetime

    from aspose.email_foss import msg

    body = "Dear Sam,\n\nThe visit is confirmed for Thursday.\n\nRegards,\nAlex"
    message = msg.MapiMessage.create("Visit to Oak House", body if plain else "")
    message.set_property(msg.PropertyId.SENDER_NAME, "Alex Brown")
    message.set_property(msg.PropertyId.SENDER_EMAIL_ADDRESS, "alex.brown@example.gov.uk")
    message.set_property(
        msg.PropertyId.MESSAGE_DELIVERY_TIME, datetime(2024, 3, 5, 8, 30, 5, tzinfo=UTC)
    )
    if headers is not None:
        message.set_property(msg.PropertyId.TRANSPORT_MESSAGE_HEADERS, headers)
    if not plain:
        message.set_property(
            msg.PropertyId.BODY_HTML,
            b"<html><body><p>Dear Sam,</p><p>The visit is <b>confirmed</b>.</p></body></html>",
        )
    message.add_recipient("sam@example.org", display_name="Sam Green")
    message.add_attachment("visit-notes.docx", b"PK\x03\x04", mime_type="application/octet-stream")
    message.save(str(path))
    return path


def across_columns_pdf(path: Path) -> Path:
    """Two columns written as some producers do: line by line across the page, left then right
    piece of each line, with a heading across both columns above them."""
    from reportlab.pdfgen import canvas as pdfcanvas

    regular, bold = _fonts()
    c = pdfcanvas.Canvas(str(path), pagesize=(A4_WIDTH, A4_HEIGHT), invariant=1)
    width = (A4_WIDTH - 2 * MARGIN - 24) / 2
    _draw_lines(c, ["Practice across the county"], MARGIN, A4_HEIGHT - 110, bold, 14)
    columns = []
    for paragraphs in (LEFT_COLUMN, RIGHT_COLUMN):
        lines: list[str | None] = []
        for text in paragraphs:
            lines += [*_wrap(text, regular, 10, width), None]  # None: a gap between paragraphs
        columns.append(lines)
    c.setFont(regular, 10)
    y = A4_HEIGHT - 140
    for left, right in zip(*columns, strict=False):
        if left:
            c.drawString(MARGIN, y, left)
        if right:
            c.drawString(MARGIN + width + 24, y, right)
        y -= 12.5
    c.showPage()
    c.save()
    return path
