"""Email (.eml): the head (From, To, Cc, Date, Subject), the body, the attachments by name.

Read with the standard library's ``email`` package. The body is the plain-text part, else the
HTML part laid out as HTML is (``html_blocks``: the whole body, since an email has no
navigation to drop). Plain text keeps its lines (addresses and signatures are laid out by
line) except where ``format=flowed`` marks a soft break. Attachments are listed by name
after the body, forwarded messages by their subject.

The ``Date:`` header is the email's dateline: it is shown in the head as written, and given
as ``exact`` evidence, with its offset as written and its place in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .model import CorruptFileError, Extraction, Extractor, MetadataDate, NoTextError
from .text import clean_characters, clean_line, join_blocks, paragraph

FORMAT = "eml"
EXTRACTOR = "casereader.formats.eml"
EXTRACTOR_VERSION = "1"
HEAD_FIELDS = ("From", "To", "Cc", "Date", "Subject")


@dataclass(frozen=True)
class Message:
    """What any email format yields: head fields in order, body blocks, attachment names."""

    head: tuple[tuple[str, str], ...]
    body: tuple[str, ...]
    attachments: tuple[str, ...]
    date: MetadataDate | None
    notes: tuple[str, ...] = ()


def library() -> str:
    import sys

    return f"Python {sys.version.split()[0]} email"


MADE_BY = Extractor(FORMAT, EXTRACTOR, EXTRACTOR_VERSION, library)


def extract(data: bytes, label: str) -> Extraction:
    message = _parse(data)
    head = tuple((name, _header(message, name)) for name in HEAD_FIELDS)
    if not _has_head(head):
        raise CorruptFileError("not an email: no From, To, Date or Subject header")
    notes: list[str] = []
    body = _body(message, notes)
    attachments = tuple(_attachments(message))
    raw_date = dict(head).get("Date", "")
    return assemble(
        Message(
            head, tuple(body), attachments, sent_date(raw_date, "email Date header"), tuple(notes)
        ),
        data,
        MADE_BY,
    )


def _parse(data: bytes) -> Any:
    from email import policy
    from email.parser import BytesParser

    try:
        return BytesParser(policy=policy.default).parsebytes(data)
    except Exception as error:  # the parser is lenient; anything raised means hopeless input
        raise CorruptFileError(f"not readable as an email ({type(error).__name__})") from None


def _has_head(head: tuple[tuple[str, str], ...]) -> bool:
    """An email has a From, To, Date or Subject (a Cc alone does not make one)."""
    return any(value for name, value in head if name != "Cc")


def assemble(message: Message, data: bytes, made_by: Extractor) -> Extraction:
    """The text of an email: head block, body blocks, attachments block; the date located."""
    text = _text(message)
    dates = () if message.date is None else (_located(message.date, message.head, text),)
    subject = dict(message.head).get("Subject") or None
    return made_by.made(
        data,
        text,
        title=subject,
        notes=message.notes,
        dates=dates,
        attachments=message.attachments,
    )


def _text(message: Message) -> str:
    """The email as text: its head block, its body blocks, the list of its attachments;
    NoTextError if that is nothing."""
    head = "\n".join(f"{name}: {value}" for name, value in message.head if value)
    blocks = [head, *message.body]
    if message.attachments:
        blocks.append(_attachments_block(message.attachments))
    text = join_blocks(blocks)
    if not text:
        raise NoTextError("no text: the email is empty")
    return text


def _attachments_block(attachments: tuple[str, ...]) -> str:
    return "\n".join(["Attachments:", *(f"• {name}" for name in attachments)])


def _located(date: MetadataDate, head: tuple[tuple[str, str], ...], text: str) -> MetadataDate:
    """The sent date with the offsets of the Date line's value in the text, when the head
    shows it on a line of its own."""
    shown = clean_line(clean_characters(dict(head).get("Date", "")))
    at = _line_at(text, f"Date: {shown}") if shown else -1
    if at < 0:
        return date
    start = at + len("Date: ")
    return MetadataDate(
        date.kind, date.value, date.raw, date.source, date.strength, start, start + len(shown)
    )


def _line_at(text: str, line: str) -> int:
    """Where the first ``line`` is in the text if it starts a line there, else -1."""
    at = text.find(line)
    if at > 0 and text[at - 1] != "\n":
        return -1
    return at


def sent_date(raw: str, source: str) -> MetadataDate | None:
    """An RFC 2822 date as exact evidence, with the offset as written (``-0000``: none known)."""
    from email.utils import parsedate_to_datetime

    if not raw.strip():
        return None
    try:
        parsed = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    if not 1900 <= parsed.year <= 2100:
        return None
    return MetadataDate(
        "sent", parsed.replace(microsecond=0).isoformat(), raw.strip(), source, "exact"
    )


def _header(message: Any, name: str) -> str:
    try:
        values = message.get_all(name) or []
        return clean_line(clean_characters(", ".join(str(v) for v in values)))
    except Exception:  # a header the policy cannot parse: show it undecoded
        return _undecoded_header(message, name)


def _undecoded_header(message: Any, name: str) -> str:
    raw = message.get_all(name, failobj=[]) if hasattr(message, "get_all") else []
    return clean_line(clean_characters(" ".join(repr(v) for v in raw)))


# --- body -----------------------------------------------------------------------------------


def _body(message: Any, notes: list[str]) -> list[str]:
    part = _text_part(message)
    if part is None:
        notes.append("no text body: only attachments")
        return []
    content = _content(part, notes)
    if part.get_content_subtype() == "html":
        from .html import html_blocks, parse

        return html_blocks(parse(content))
    flowed = (part.get_param("format") or "").lower() == "flowed"
    return plain_blocks(content, flowed)


def _text_part(message: Any) -> Any:
    """The part to read as the body: plain text, else HTML, else the message itself when it
    is text; None when it has only attachments."""
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except Exception:
        part = None
    if part is None and message.get_content_maintype() == "text":
        return message
    return part


def _content(part: Any, notes: list[str]) -> str:
    try:
        content = part.get_content()
        if isinstance(content, str):
            return content
    except (LookupError, ValueError, AssertionError, KeyError):
        pass
    return _decoded_payload(part, notes)


def _decoded_payload(part: Any, notes: list[str]) -> str:
    """A part's bytes in its charset (UTF-8 if none); an unknown one read as Windows-1252."""
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        notes.append(f"unknown charset {charset!r}: read as Windows-1252")
        return payload.decode("cp1252", errors="replace")


def plain_blocks(content: str, flowed: bool = False) -> list[str]:
    """Paragraphs of a plain-text body: split at blank lines, lines kept (unless flowed)."""
    content = clean_characters(content)
    if flowed:
        content = _unflow(content)
    return [
        paragraph(block, keep_lines=True)
        for block in re.split(r"\n[ \t]*\n", content)
        if block.strip()
    ]


def _unflow(content: str) -> str:
    """RFC 3676: a line ending in a space goes on in the next; a leading space is stuffing."""
    lines: list[str] = []
    soft = False
    for line in content.split("\n"):
        line = line.removeprefix(" ")
        if soft and lines:
            lines[-1] += line
        else:
            lines.append(line)
        soft = line.endswith(" ") and line != "-- "
    return "\n".join(lines)


def _attachments(message: Any) -> Iterator[str]:
    for part in _parts(message):
        name = _attachment_name(part)
        if name:
            yield name


def _parts(message: Any) -> Iterator[Any]:
    """Every part, not descending into attached messages (listed as one attachment)."""
    if message.is_multipart() and not _is_message(message):
        for part in message.iter_parts():
            yield part
            yield from _parts(part)  # nothing for an attached message


def _is_message(part: Any) -> bool:
    """An attached email (``message/rfc822``): one attachment, not read into."""
    return bool(part.get_content_type() == "message/rfc822")


def _attachment_name(part: Any) -> str | None:
    disposition = part.get_content_disposition()
    filename = part.get_filename()
    if _is_message(part):
        return filename or _forwarded_name(part)
    if part.is_multipart():
        return None
    return _file_name(part, filename) if _is_attached(disposition, filename) else None


def _is_attached(disposition: str | None, filename: str | None) -> bool:
    """A file part is an attachment if marked so, or shown inline with a file name."""
    return disposition == "attachment" or bool(filename and disposition == "inline")


def _forwarded_name(part: Any) -> str:
    """An attached message without a file name, named by its subject."""
    inner = _inner_message(part)
    subject = _header(inner, "Subject") if hasattr(inner, "get_all") else ""
    return f"forwarded message: {subject or '(no subject)'}"


def _inner_message(part: Any) -> Any:
    """The message an attached-message part holds (its payload's first item)."""
    inner = part.get_payload()
    return inner[0] if isinstance(inner, list) and inner else inner


def _file_name(part: Any, filename: str | None) -> str:
    """An attachment's file name as shown, or its type when it has none."""
    shown = clean_line(clean_characters(filename or ""))
    return shown or f"unnamed attachment ({part.get_content_type()})"
