"""Hostile files, made byte by byte as attackers make them: PDF bombs and a zip bomb.

No writer library makes these on purpose, so they are written here from the formats' own
syntax (PDF objects with a correct cross-reference table; a zip archive from ``zipfile``).
"""

from __future__ import annotations

import io
import zipfile
import zlib

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
PAGE = (
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
    b"/Resources << /Font << /F1 %d 0 R >> >> >>"
)


def pdf(objects: list[bytes]) -> bytes:
    """A PDF of numbered object bodies (object 1 the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def stream(data: bytes, filtered: bool = False) -> bytes:
    extra = b" /Filter /FlateDecode" if filtered else b""
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def one_page(content: bytes, resources: bytes = b"", filtered: bool = False) -> bytes:
    page = PAGE % (4, 5)
    if resources:
        page = page[:-3] + resources + b" >>"
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            page,
            stream(content, filtered),
            FONT,
        ]
    )


def page_count_bomb(count: int) -> bytes:
    """One small page listed ``count`` times: a few bytes per claimed page."""
    kids = b" ".join([b"3 0 R"] * count)
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
            PAGE % (4, 5),
            stream(b"BT /F1 12 Tf 72 720 Td (The same page again) Tj ET"),
            FONT,
        ]
    )


def many_pages(count: int, lines: int = 60) -> bytes:
    """``count`` distinct pages sharing one content stream: slow to read, small to send."""
    line = b"0 -12 Td (A line of text on a page of a very long report) Tj "
    content = b"BT /F1 10 Tf 72 800 Td " + line * lines + b"ET"
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
        stream(content),
        FONT,
    ]
    objects += [PAGE % (3, 4)] * count
    return pdf(objects)


def nested_objects(depth: int) -> bytes:
    """A page whose resources hold arrays nested ``depth`` deep."""
    return one_page(
        b"BT /F1 12 Tf 72 720 Td (Nested resources) Tj ET",
        resources=b" /X " + b"[" * depth + b"]" * depth,
    )


def flate_bomb(size: int) -> bytes:
    """A page whose content stream inflates to ``size`` bytes from about a thousandth of that.

    After a full flush the compressor starts afresh, so one compressed megabyte of spaces is
    repeated: the bomb is built in milliseconds.
    """
    compressor = zlib.compressobj(9)
    head = compressor.compress(b"BT /F1 12 Tf 72 720 Td (Bomb) Tj ET\n")
    head += compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(b" " * (1 << 20)) + compressor.flush(zlib.Z_FULL_FLUSH)
    data = head + block * (size >> 20) + compressor.flush()
    return one_page(data, filtered=True)


def zip_bomb_docx(size: int = 256 << 20) -> bytes:
    """A .docx whose document part inflates a thousandfold, to ``size`` bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1 << 20)
            for _ in range(size >> 20):
                part.write(chunk)
    return buffer.getvalue()
