"""Taguette's codebook CSV, both ways: Taguette imports codebooks from CSV only.

What Taguette does (read in its code, tried with Taguette 1.5.2): it exports
``tag,description,number of highlights,number of documents``; it imports a header read
case-insensitively with exactly one of ``tag``, ``name`` or ``path`` and an optional
``description``, other columns ignored, empty rows skipped. It guesses the encoding, and reads
a UTF-8 file *without* a byte-order mark as Windows-1252 when it holds accents or emoji.

So we write ``tag,description`` in UTF-8 **with** a byte-order mark and CRLF rows, and no
formula guard: Taguette would keep a guarded ``'=x`` as a tag literally named ``'=x``. A tag
path such as ``interesting.quote`` is just a name to Taguette (it has no parent field); our
hierarchy is not written. We read UTF-8 with or without the mark (what Taguette writes) and
fall back to Windows-1252 only when the bytes are not UTF-8.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence

from ..model import Code, slugify
from .model import ExportError, Imported, ImportFileError, Skip
from .refi_qda.elements import PALETTE, unique_id
from .request import ExportRequest

NAME_COLUMNS = ("tag", "name", "path")


def looks_like_codebook_csv(head: bytes) -> bool:
    """Whether a file's first bytes are a CSV header Taguette would take as a codebook."""
    first = head.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
    columns = [c.strip().strip('"').lower() for c in first.split(",")]
    return any(c in NAME_COLUMNS for c in columns)


def read_codebook_csv(data: bytes, label: str) -> Imported:
    """The codes of a Taguette codebook CSV (a code per row: its name and description)."""
    rows = list(csv.reader(io.StringIO(_decoded(data), newline="")))
    if not rows:
        raise ImportFileError(f"{label}: empty; a codebook CSV starts with a 'tag' column")
    codes, skipped = _tags(rows, *_columns(rows[0], label))
    if not codes:
        raise ImportFileError(f"{label}: the codebook CSV holds no tags")
    imported = Imported("taguette", codes, [], skipped=skipped)
    imported.chosen_colours = {code.id for code in codes}  # Taguette's tags have none
    return imported


def _tags(
    rows: list[list[str]], name_at: int, described_at: int | None
) -> tuple[list[Code], list[Skip]]:
    """A code per tag (the first of names equal but for case), and the rows without a name."""
    codes: list[Code] = []
    names: set[str] = set()
    ids: set[str] = set()
    skipped: list[Skip] = []
    for number, row in _filled_rows(rows):
        name = _name(row, name_at)
        if not name:
            skipped.append(_nameless(number, row))
        elif name.casefold() not in names:
            names.add(name.casefold())
            codes.append(_new_code(name, _description(row, described_at), len(codes), ids))
    return codes, skipped


def _nameless(number: int, row: list[str]) -> Skip:
    """A row without a tag name, shown as it reads."""
    shown = " ".join(",".join(row).split())[:40]
    return Skip(f"row {number} ({shown!r})", "it has no tag name")


def _filled_rows(rows: list[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """The rows after the header with something in them, with their numbers in the file."""
    for number, row in enumerate(rows[1:], start=2):
        if any(cell.strip() for cell in row):
            yield number, row


def _new_code(name: str, description: str, count: int, ids: set[str]) -> Code:
    """A code for a tag: an id from its name free among ``ids`` (the codes so far, to which
    it is added: one set, so 20,000 tags are not quadratic), the next colour."""
    code_id = unique_id(slugify(name), ids)
    ids.add(code_id)
    return Code(code_id, name, PALETTE[count % len(PALETTE)], None, description)


def _decoded(data: bytes) -> str:
    """UTF-8 with or without a byte-order mark, else Windows-1252 (see the module)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _columns(first: list[str], label: str) -> tuple[int, int | None]:
    """Where the name is (exactly one of tag, name, path) and the description, if any."""
    header = [cell.strip().lower() for cell in first]
    named = [c for c in NAME_COLUMNS if c in header]
    if len(named) != 1:
        raise ImportFileError(
            f"{label}: needs exactly one of the columns tag, name or path "
            f"(found: {', '.join(first) or 'none'})"
        )
    return header.index(named[0]), _optional_column(header, "description")


def _optional_column(header: list[str], name: str) -> int | None:
    return header.index(name) if name in header else None


def _name(row: list[str], at: int) -> str:
    """A row's tag name, its runs of white space made single spaces; "" if the row is short."""
    return " ".join(row[at].split()) if at < len(row) else ""


def _description(row: list[str], at: int | None) -> str:
    if at is None or at >= len(row):
        return ""
    return row[at].strip()


def codebook_csv(codes: Sequence[Code]) -> bytes:
    """``tag,description`` rows, UTF-8 with a byte-order mark (see the module)."""
    if not codes:
        raise ExportError("the codebook is empty; there is nothing to export")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(("tag", "description"))
    writer.writerows((code.name, code.description) for code in codes)
    return buffer.getvalue().encode("utf-8-sig")


def export_taguette(request: ExportRequest) -> bytes:
    """The codebook for Taguette; codes an annotation uses but the codebook lacks included."""
    data = codebook_csv(request.codebook())
    request.passages_done()
    return data
