"""Outlook messages (.msg): read from their compound file with olefile, laid out as an email.

A .msg is a compound (OLE) file whose streams hold MAPI properties, as Microsoft documents in
[MS-OXMSG]: olefile (BSD) reads the container, and we read the handful of properties an email
needs by their documented names: subject, sender, recipients, body (plain, else HTML),
attachment names, the Internet headers the message arrived with, and its submit and delivery
times. The text then has the layout of an ``.eml`` (head, body, attachments).

The dateline is the ``Date:`` of the Internet headers when the message came from outside
(exact, with its offset); otherwise the client submit time, which Outlook stores in UTC
(exact instant, zone unknown), else the delivery time.
"""

from __future__ import annotations

import re
import struct
from datetime import UTC, datetime, timedelta
from typing import Any

from .eml import Message, assemble, plain_blocks, sent_date
from .model import CorruptFileError, EncryptedError, Extraction, Extractor, MetadataDate
from .text import clean_characters, clean_line

FORMAT = "msg"
EXTRACTOR = "casereader.formats.msg"
EXTRACTOR_VERSION = "1"
MAX_STREAM = 64 << 20

SUBJECT, SENDER_NAME, SENDER_EMAIL, SENDER_SMTP = 0x0037, 0x0C1A, 0x0C1F, 0x5D01
DISPLAY_TO, DISPLAY_CC, BODY, BODY_HTML, BODY_RTF = 0x0E04, 0x0E03, 0x1000, 0x1013, 0x1009
HEADERS, MESSAGE_CLASS, CODEPAGE = 0x007D, 0x001A, 0x3FDE
SUBMIT_TIME, DELIVERY_TIME = 0x0039, 0x0E06
RECIPIENT_TYPE, DISPLAY_NAME, SMTP_ADDRESS, EMAIL_ADDRESS = 0x0C15, 0x3001, 0x39FE, 0x3003
ATTACH_LONG_FILENAME, ATTACH_FILENAME, ATTACH_METHOD = 0x3707, 0x3704, 0x3705
ATTACH_HIDDEN = 0x7FFE
EMBEDDED_MESSAGE = "__substg1.0_3701000D"
PT_UNICODE, PT_STRING8, PT_BINARY, PT_LONG, PT_SYSTIME = 0x001F, 0x001E, 0x0102, 0x0003, 0x0040
PT_BOOLEAN = 0x000B


def library() -> str:
    from importlib.metadata import version

    return f"olefile {version('olefile')}"


MADE_BY = Extractor(FORMAT, EXTRACTOR, EXTRACTOR_VERSION, library)


def extract(data: bytes, label: str) -> Extraction:
    import olefile

    if not olefile.isOleFile(data=data):
        raise CorruptFileError("not an Outlook message: not a compound file")
    try:
        ole = olefile.OleFileIO(data)
    except Exception as error:  # olefile raises OSError and others on a damaged container
        raise CorruptFileError(f"damaged Outlook message ({type(error).__name__})") from None
    try:
        message = _read(ole)
    finally:
        ole.close()
    return assemble(message, data, MADE_BY)


def _read(ole: Any) -> Message:
    """The message in an open compound file; any failure but ours is a damaged message."""
    try:
        reader = _Storage(ole, [])
        if not reader.has_properties():
            raise CorruptFileError("not an Outlook message: no message properties")
        return _message(ole, reader)
    except (CorruptFileError, EncryptedError):
        raise
    except Exception as error:
        raise CorruptFileError(f"damaged Outlook message ({type(error).__name__})") from None


class _Storage:
    """One storage of the message (the message, a recipient, an attachment) and its properties."""

    def __init__(self, ole: Any, path: list[str], header: int = 32) -> None:
        self.ole, self.path, self.header = ole, path, header
        self._fixed: dict[int, tuple[int, bytes]] | None = None

    def _stream(self, name: str) -> bytes | None:
        path = [*self.path, name]
        if not self.ole.exists("/".join(path)):
            return None
        if self.ole.get_size("/".join(path)) > MAX_STREAM:
            raise CorruptFileError(f"Outlook message with a stream over {MAX_STREAM >> 20} MiB")
        return bytes(self.ole.openstream(path).read())

    def has_properties(self) -> bool:
        return bool(self.ole.exists("/".join([*self.path, "__properties_version1.0"])))

    def string(self, prop: int, codepage: str = "cp1252") -> str:
        data = self._stream(f"__substg1.0_{prop:04X}{PT_UNICODE:04X}")
        if data is not None:
            return data.decode("utf-16-le", errors="replace").split("\x00", 1)[0]
        data = self._stream(f"__substg1.0_{prop:04X}{PT_STRING8:04X}")
        if data is not None:
            return data.split(b"\x00", 1)[0].decode(codepage, errors="replace")
        return ""

    def first_string(self, codepage: str, *props: int) -> str:
        """The first of these string properties that is set ("" if none is)."""
        for prop in props:
            value = self.string(prop, codepage)
            if value:
                return value
        return ""

    def binary(self, prop: int) -> bytes | None:
        return self._stream(f"__substg1.0_{prop:04X}{PT_BINARY:04X}")

    def fixed(self, prop: int) -> tuple[int, bytes] | None:
        """A fixed-size property from the properties stream: (type, eight value bytes)."""
        if self._fixed is None:
            data = self._stream("__properties_version1.0") or b""
            self._fixed = _fixed_properties(data, self.header)
        return self._fixed.get(prop)

    def time(self, prop: int) -> datetime | None:
        value = self._typed(prop, PT_SYSTIME)
        return None if value is None else _filetime(struct.unpack("<q", value)[0])

    def long(self, prop: int) -> int | None:
        value = self._typed(prop, PT_LONG)
        return None if value is None else int(struct.unpack_from("<i", value)[0])

    def _typed(self, prop: int, kind: int) -> bytes | None:
        """A fixed property's value bytes if it is there with type ``kind``, else None."""
        found = self.fixed(prop)
        return found[1] if found is not None and found[0] == kind else None

    def children(self, prefix: str) -> list[str]:
        depth = len(self.path)
        names = set()
        for entry in self.ole.listdir(streams=True, storages=True):
            if self._holds(entry) and entry[depth].startswith(prefix):
                names.add(entry[depth])
        return sorted(names)

    def _holds(self, entry: list[str]) -> bool:
        """Whether a compound file's entry is inside this storage."""
        depth = len(self.path)
        return len(entry) > depth and entry[:depth] == self.path


def _fixed_properties(data: bytes, header: int) -> dict[int, tuple[int, bytes]]:
    """The properties stream's 16-byte entries after its header: id to (type, value bytes)."""
    found = {}
    for offset in range(header, len(data) - 15, 16):
        tag, _flags, value = struct.unpack_from("<II8s", data, offset)
        found[tag >> 16] = (tag & 0xFFFF, value)
    return found


def _filetime(ticks: int) -> datetime | None:
    """A FILETIME (tenths of a microsecond since 1601) to the second in UTC; None if it is
    not a moment between 1900 and 2100."""
    if ticks <= 0:
        return None
    try:
        moment = datetime(1601, 1, 1, tzinfo=UTC) + timedelta(microseconds=ticks // 10)
    except OverflowError:
        return None
    return moment.replace(microsecond=0) if 1900 <= moment.year <= 2100 else None


def _message(ole: Any, top: _Storage) -> Message:
    codepage = _codepage(top)
    message_class = top.string(MESSAGE_CLASS, codepage)
    notes: list[str] = []
    if re.search(r"SMIME(?!\.MultipartSigned)|\.RPMSG", message_class, re.I):
        raise EncryptedError("encrypted Outlook message (S/MIME or rights-protected)")
    headers = _internet_headers(top.string(HEADERS, codepage))
    to, cc = _recipients(ole, top, codepage)
    sender = _sender(top, codepage)
    date_text, date = _date(top, headers.get("date", ""))
    head = (
        ("From", sender or _show(headers.get("from", ""))),
        ("To", to or _show(top.string(DISPLAY_TO, codepage))),
        ("Cc", cc or _show(top.string(DISPLAY_CC, codepage))),
        ("Date", date_text),
        ("Subject", _show(top.string(SUBJECT, codepage))),
    )
    body = _body(top, codepage, notes)
    attachments = tuple(_attachments(ole, top, codepage))
    return Message(head, tuple(body), attachments, date, tuple(notes))


def _sender(top: _Storage, codepage: str) -> str:
    """The sender's name with their address when the name does not show it."""
    sender = _show(top.string(SENDER_NAME, codepage))
    address = top.first_string(codepage, SENDER_SMTP, SENDER_EMAIL)
    if "@" in address and address not in sender:
        sender = f"{sender} <{address}>" if sender else address
    return sender


def _codepage(storage: _Storage) -> str:
    value = storage.long(CODEPAGE)
    if value:
        import codecs

        try:
            return codecs.lookup(f"cp{value}").name
        except LookupError:
            pass
    return "cp1252"


def _show(text: str) -> str:
    return clean_line(clean_characters(text))


def _internet_headers(text: str) -> dict[str, str]:
    if not text.strip():
        return {}
    from email import policy
    from email.parser import HeaderParser

    try:
        parsed = HeaderParser(policy=policy.compat32).parsestr(text)
    except Exception:
        return {}
    return {key.lower(): str(value) for key, value in parsed.items()}


def _date(top: _Storage, header: str) -> tuple[str, MetadataDate | None]:
    """The date shown and its evidence: Internet Date header, else submit, else delivery."""
    from email.utils import format_datetime

    found = sent_date(header, "MSG Internet headers Date")
    if found is not None:
        return _show(header), found
    for prop, source, strength in (
        (SUBMIT_TIME, "MSG client submit time (UTC)", "exact"),
        (DELIVERY_TIME, "MSG delivery time (UTC)", "strong"),
    ):
        moment = top.time(prop)
        if moment is not None:
            shown = format_datetime(moment)
            return shown, MetadataDate("sent", moment.isoformat(), shown, source, strength)  # type: ignore[arg-type]
    return "", None


def _recipients(ole: Any, top: _Storage, codepage: str) -> tuple[str, str]:
    to: list[str] = []
    cc: list[str] = []
    lists = {None: to, 1: to, 2: cc}  # by recipient type; Bcc (3) is not shown
    for name in top.children("__recip_version1.0_#"):
        recipient = _Storage(ole, [*top.path, name], header=8)
        shown = _recipient_shown(recipient, codepage)
        kind = recipient.long(RECIPIENT_TYPE)
        if shown and kind in lists:
            lists[kind].append(shown)
    return ", ".join(to), ", ".join(cc)


def _recipient_shown(recipient: _Storage, codepage: str) -> str:
    """A recipient as a head line shows them: name and address, else whichever they have."""
    display = _show(recipient.string(DISPLAY_NAME, codepage))
    address = recipient.first_string(codepage, SMTP_ADDRESS, EMAIL_ADDRESS)
    if display and "@" in address and address != display:
        return f"{display} <{address}>"
    return display or address


def _body(top: _Storage, codepage: str, notes: list[str]) -> list[str]:
    plain = top.string(BODY, codepage)
    if plain.strip():
        return plain_blocks(plain)
    html = _html_body(top, codepage)
    if html:
        from .html import decode_html, html_blocks, parse

        return html_blocks(parse(decode_html(html)))
    notes.append(_why_no_body(top))
    return []


def _html_body(top: _Storage, codepage: str) -> bytes | None:
    """The HTML body as bytes, stored as binary or (by some writers) as a string."""
    html = top.binary(BODY_HTML)
    if html is not None:
        return html
    text_html = top.string(BODY_HTML, codepage)
    return text_html.encode("utf-8") if text_html else None


def _why_no_body(top: _Storage) -> str:
    if top.binary(BODY_RTF) is not None:
        return "the body is only in compressed RTF, which is not read"
    return "no text body"


def _attachments(ole: Any, top: _Storage, codepage: str) -> list[str]:
    names = []
    for name in top.children("__attach_version1.0_#"):
        attachment = _Storage(ole, [*top.path, name], header=8)
        if _hidden(attachment):
            continue  # a picture inside the body (a signature's logo), not an attachment
        embedded = [*top.path, name, EMBEDDED_MESSAGE]
        if ole.exists("/".join(embedded)):
            names.append(_forwarded_name(_Storage(ole, embedded, header=24)))
        else:
            names.append(_file_name(attachment, codepage))
    return names


def _hidden(attachment: _Storage) -> bool:
    hidden = attachment.fixed(ATTACH_HIDDEN)
    return hidden is not None and hidden[0] == PT_BOOLEAN and bool(hidden[1][0])


def _forwarded_name(inner: _Storage) -> str:
    """An attached message, named by its subject."""
    subject = _show(inner.string(SUBJECT, _codepage(inner)))
    return f"forwarded message: {subject or '(no subject)'}"


def _file_name(attachment: _Storage, codepage: str) -> str:
    """An attachment's long file name, else its short one, else its display name."""
    shown = _show(
        attachment.string(ATTACH_LONG_FILENAME, codepage)
        or attachment.string(ATTACH_FILENAME, codepage)
        or attachment.string(DISPLAY_NAME, codepage)
    )
    return shown or "unnamed attachment"
