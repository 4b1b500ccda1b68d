"""Guards for files and text from elsewhere: JSON, zip archives and XML that may be malformed or
hostile, files that are not regular files, and text that could steer a terminal.

Imports read what other people and other tools wrote. Each guard refuses with one clear line
(``UnsafeFileError``) before anything reaches the store, and none of them trusts what a file
says about itself (declared sizes, entity declarations, nesting).

Two rules every part of casereader follows:
- Only regular files are read (``read_regular_file``): a FIFO would block for ever, a device
  (``/dev/tty``, ``/dev/zero``) would feed keystrokes or endless bytes, a symbolic link in a
  store could point a write at someone else's file.
- Text from a file, a store or an argument is shown through ``visible`` (control characters
  as pictures, undecodable bytes of a file name as ``\\xNN``), never raw.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from .errors import CasereaderError

if TYPE_CHECKING:
    import zipfile

MAX_JSON_BYTES = 1 << 30
"""A casereader export of a million annotations is well under this."""
MAX_JSON_DEPTH = 32
"""Our format nests 7 deep; anything far deeper is not ours and would exhaust recursion."""

MAX_ZIP_ENTRIES = 100_000
MAX_ZIP_TOTAL_BYTES = 2 << 30
"""Uncompressed bytes an archive may hold in all; a corpus of text is far smaller."""
MAX_ZIP_ENTRY_BYTES = 512 << 20
MAX_ZIP_RATIO = 200
"""Text compresses 3-10x; a zip bomb compresses 1,000x and more."""
RATIO_FLOOR_BYTES = 1 << 20
"""Entries smaller than this are not judged by ratio (a page of spaces compresses well)."""

MAX_XML_BYTES = 512 << 20


class UnsafeFileError(CasereaderError):
    """A file to import is malformed or hostile; nothing was imported."""


# --- JSON -----------------------------------------------------------------------------------


def load_json(data: bytes | str, label: str) -> Any:
    """Parse JSON, refusing oversized input, invalid text and absurd nesting.

    The C decoder raises RecursionError on deep nesting (10,000 brackets); the depth check
    afterwards catches nesting that the decoder accepted but later recursive code would not.
    """
    if len(data) > MAX_JSON_BYTES:
        raise UnsafeFileError(f"{label}: larger than {MAX_JSON_BYTES >> 20} MiB; refused")
    text = _json_text(data, label)
    value = _parsed_json(text, label)
    if json_depth(value) > MAX_JSON_DEPTH:
        raise UnsafeFileError(f"{label}: JSON nested deeper than {MAX_JSON_DEPTH}; refused")
    _refuse_lone_surrogates(text, value, label)
    return value


def _json_text(data: bytes | str, label: str) -> str:
    """The JSON as text: bytes must be UTF-8 (a byte-order mark is allowed)."""
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnsafeFileError(
            f"{label}: not UTF-8 text (byte {error.start}); is this a JSON export?"
        ) from None


def _parsed_json(text: str, label: str) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        raise UnsafeFileError(f"{label}: JSON nested too deeply; refused") from None
    except json.JSONDecodeError as error:
        raise UnsafeFileError(
            f"{label}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None


def _refuse_lone_surrogates(text: str, value: Any, label: str) -> None:
    """Refuse parsed JSON holding an unpaired surrogate; only looked for when the text
    escapes a character or holds a surrogate itself."""
    if "\\u" not in text and not _SURROGATE.search(text):
        return
    found = lone_surrogate(value)
    if found is not None:
        raise UnsafeFileError(
            f"{label}: text with an unpaired surrogate (\\u{ord(found):04x}), which is not "
            "Unicode text; refused"
        )


_SURROGATE = re.compile("[\ud800-\udfff]")


def lone_surrogate(value: Any) -> str | None:
    """The first unpaired surrogate in any string (key or value) of parsed JSON, if any.

    JSON may escape one (``"\\ud800"``); Python keeps it in the string, and writing that
    string as UTF-8 later (an export, a report) fails.
    """
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found = _SURROGATE.search(item)
            if found:
                return found.group()
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def json_depth(value: Any) -> int:
    """The nesting depth of a parsed JSON value, measured without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = _children(item)
        if children is None:
            continue
        deepest = max(deepest, depth)
        if depth > MAX_JSON_DEPTH:
            return depth
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _children(item: Any) -> Iterable[Any] | None:
    """The values inside a JSON object or array; None for a scalar."""
    if isinstance(item, dict):
        return item.values()
    return item if isinstance(item, list) else None


# --- zip ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ZipMember:
    """One regular file of an archive, with its name checked."""

    name: str
    size: int


def unsafe_member_name(name: str) -> str | None:
    """Why an entry name is refused (absolute, ``..``, drive letter, NUL), or None if safe."""
    if not name or "\x00" in name:
        return "an empty or NUL name"
    normalised = name.replace("\\", "/")
    if _is_absolute(normalised):
        return "an absolute path"
    if ".." in PurePosixPath(normalised).parts:
        return "a '..' path"
    return None


def _is_absolute(name: str) -> bool:
    """Rooted (``/etc``) or on a drive (``C:``), with backslashes already made slashes."""
    return name.startswith("/") or name[1:2] == ":"


def is_symlink(info: zipfile.ZipInfo) -> bool:
    """Unix-made archives keep the file mode in the high bits of ``external_attr``."""
    return stat.S_ISLNK(info.external_attr >> 16)


class SafeZip:
    """A zip archive read into memory only after every entry passed the checks.

    Checks run on open: entry count, names, symlinks, declared sizes and compression ratios;
    reading then counts the bytes actually inflated, so a lying header cannot bypass them.
    """

    def __init__(self, path: Path) -> None:
        import zipfile  # here: only imports need it, and start-up matters

        self.label = visible(str(path))
        try:
            self._zip = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise UnsafeFileError(f"{self.label}: not a zip archive") from None
        except OSError as error:
            raise UnsafeFileError(f"{self.label}: cannot read: {error.strerror}") from None
        try:
            self.members = self._check()
        except BaseException:
            self._zip.close()
            raise
        self._read_total = 0

    def _check(self) -> dict[str, ZipMember]:
        infos = self._zip.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise UnsafeFileError(f"{self.label}: more than {MAX_ZIP_ENTRIES} entries; refused")
        members: dict[str, ZipMember] = {}
        total = 0
        for info in infos:
            self._check_entry(info)
            if info.is_dir():
                continue
            check_entry_size(self.label, info.filename, info.file_size, info.compress_size)
            total += info.file_size
            if total > MAX_ZIP_TOTAL_BYTES:
                raise UnsafeFileError(
                    f"{self.label}: expands past {MAX_ZIP_TOTAL_BYTES >> 20} MiB; refused"
                )
            name = info.filename.replace("\\", "/")
            members[name] = ZipMember(info.filename, info.file_size)
        return members

    def _check_entry(self, info: zipfile.ZipInfo) -> None:
        """Refuse an entry whose name is unsafe, or that is a link or encrypted."""
        reason = unsafe_member_name(info.filename)
        if reason:
            raise UnsafeFileError(f"{self.label}: entry {info.filename!r} has {reason}")
        if is_symlink(info):
            raise UnsafeFileError(f"{self.label}: entry {info.filename!r} is a symbolic link")
        if info.flag_bits & 0x1:
            raise UnsafeFileError(f"{self.label}: entry {info.filename!r} is encrypted")

    def find(self, name: str) -> str | None:
        """The stored name of an entry, matched without regard to case (tools differ)."""
        wanted = name.casefold()
        for key, member in self.members.items():
            if key.casefold() == wanted:
                return member.name
        return None

    def read(self, name: str) -> bytes:
        """An entry's bytes, inflated in chunks and stopped at the declared size."""
        member = self.members.get(name.replace("\\", "/"))
        if member is None:
            raise UnsafeFileError(f"{self.label}: no entry {name!r}")
        import zipfile

        try:
            data = self._inflate(member, name)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
            raise UnsafeFileError(f"{self.label}: entry {name!r} is damaged ({error})") from None
        self._read_total += len(data)
        if self._read_total > MAX_ZIP_TOTAL_BYTES:
            raise UnsafeFileError(f"{self.label}: expands past {MAX_ZIP_TOTAL_BYTES >> 20} MiB")
        return data

    def _inflate(self, member: ZipMember, name: str) -> bytes:
        """The entry's bytes, stopped as soon as they pass its declared size or the cap."""
        chunks: list[bytes] = []
        count = 0
        with self._zip.open(member.name) as handle:
            for chunk in _chunks(handle):
                count += len(chunk)
                if count > member.size or count > MAX_ZIP_ENTRY_BYTES:
                    raise UnsafeFileError(
                        f"{self.label}: entry {name!r} inflates past its declared size"
                    )
                chunks.append(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def check_entry_size(label: str, name: str, size: int, compressed: int) -> None:
    """Refuse an entry too large, or compressed so well that it can only be a bomb."""
    if size > MAX_ZIP_ENTRY_BYTES:
        raise UnsafeFileError(
            f"{label}: entry {name!r} is larger than {MAX_ZIP_ENTRY_BYTES >> 20} MiB"
        )
    if size > RATIO_FLOOR_BYTES and size > MAX_ZIP_RATIO * max(compressed, 1):
        raise UnsafeFileError(
            f"{label}: entry {name!r} compresses {size // max(compressed, 1)}:1, "
            "which only a zip bomb does; refused"
        )


def _chunks(handle: Any, size: int = 1 << 16) -> Iterator[bytes]:
    while chunk := handle.read(size):
        yield chunk


# --- XML ------------------------------------------------------------------------------------


def parse_xml(data: bytes, label: str) -> Any:
    """Parse XML from elsewhere: no DTD, no entities, no network, no huge trees.

    A DOCTYPE is refused outright: REFI-QDA files never need one, and it is where entity
    expansion ("billion laughs") and external entities live. lxml is used where installed, with
    a hardened parser; otherwise the standard library's expat, stopped at any DOCTYPE.
    Returns the root element (lxml or ElementTree; both offer get, iter, findall, text).
    """
    if len(data) > MAX_XML_BYTES:
        raise UnsafeFileError(f"{label}: larger than {MAX_XML_BYTES >> 20} MiB; refused")
    if b"<!DOCTYPE" in data[:65536]:
        raise UnsafeFileError(_DOCTYPE_REFUSED.format(label=label))
    try:
        from lxml import etree  # noqa: F401 - only whether lxml is installed
    except ImportError:  # lxml is optional at run time
        return parse_xml_stdlib(data, label)
    root = _parse_lxml(data, label)
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise UnsafeFileError(_DOCTYPE_REFUSED.format(label=label))
    return root


def _parse_lxml(data: bytes, label: str) -> Any:
    """Parse with lxml's parser hardened: no entities, no network, no DTD, no huge trees."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        if b"<!DOCTYPE" in data:  # e.g. an entity used in an attribute, refused unexpanded
            raise UnsafeFileError(_DOCTYPE_REFUSED.format(label=label)) from None
        raise UnsafeFileError(f"{label}: not well-formed XML ({error})") from None


_DOCTYPE_REFUSED = "{label}: XML with a DOCTYPE (where entities live) is refused"


def parse_xml_stdlib(data: bytes, label: str) -> Any:
    """The same guarantees with expat alone: parsing stops at the first DOCTYPE or entity."""
    import xml.etree.ElementTree as ElementTree
    from xml.parsers import expat

    builder = ElementTree.TreeBuilder()

    def qualified(name: str) -> str:
        return "{" + name if "}" in name else name

    def refuse(*_args: object) -> int:  # never returns; expat wants an int handler here
        raise UnsafeFileError(_DOCTYPE_REFUSED.format(label=label))

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = lambda name, attrs: builder.start(
        qualified(name), {qualified(k): v for k, v in attrs.items()}
    )
    parser.EndElementHandler = lambda name: builder.end(qualified(name))
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    try:
        parser.Parse(data, True)
        return builder.close()
    except expat.ExpatError as error:
        raise UnsafeFileError(f"{label}: not well-formed XML ({error})") from None


# --- regular files ----------------------------------------------------------------------------


class IrregularFileError(OSError):
    """A path that is not a regular file (FIFO, device, socket, folder) or, where links are
    not followed, a symbolic link. ``reason`` says which, in the user's words."""

    def __init__(self, path: str | os.PathLike[str], reason: str):
        super().__init__(errno.EINVAL, reason, os.fspath(path))
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


_KINDS = (
    (stat.S_ISDIR, "a folder where a file should be"),
    (stat.S_ISFIFO, "a named pipe (FIFO), not a regular file"),
    (stat.S_ISCHR, "a character device, not a regular file"),
    (stat.S_ISBLK, "a block device, not a regular file"),
    (stat.S_ISSOCK, "a socket, not a regular file"),
    (stat.S_ISLNK, "a symbolic link, not a regular file"),
)


def file_kind(mode: int) -> str | None:
    """Why a file of this mode is not read (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    return next((words for test, words in _KINDS if test(mode)), "not a regular file")


def open_regular_file(path: str | os.PathLike[str], follow_symlinks: bool = True) -> int:
    """A descriptor open for reading on a regular file, never blocking and never a device.

    The path is checked before it is opened (a FIFO or a socket is never opened) and the open
    file again after (it may have been swapped in between). ``follow_symlinks=False`` refuses
    a symbolic link as the last component (``O_NOFOLLOW``): the store's own files. Raises
    FileNotFoundError, IrregularFileError or another OSError.
    """
    _refuse_irregular(path, os.stat(path, follow_symlinks=follow_symlinks).st_mode)
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if follow_symlinks else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP and not follow_symlinks:
            raise IrregularFileError(path, file_kind(stat.S_IFLNK) or "") from None
        raise
    try:
        _refuse_irregular(path, os.fstat(fd).st_mode)
    except IrregularFileError:
        os.close(fd)
        raise
    return fd


def _refuse_irregular(path: str | os.PathLike[str], mode: int) -> None:
    reason = file_kind(mode)
    if reason is not None:
        raise IrregularFileError(path, reason)


def read_regular_file(
    path: str | os.PathLike[str], follow_symlinks: bool = True, limit: int | None = None
) -> bytes:
    """The bytes of a regular file (at most ``limit`` of them); see ``open_regular_file``."""
    fd = open_regular_file(path, follow_symlinks)
    try:
        return _read_all(fd) if limit is None else _read_at_most(fd, limit)
    finally:
        os.close(fd)


def _read_all(fd: int) -> bytes:
    chunks: list[bytes] = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _read_at_most(fd: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    left = limit
    while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


# --- text shown to the user -------------------------------------------------------------------

_CONTROL_PICTURES = {i: chr(0x2400 + i) for i in range(32)} | {0x7F: "\u2421"}
_CONTROL_PICTURES.update({i: "\ufffd" for i in range(0x80, 0xA0)})
# Bidi embeddings, overrides and isolates can reorder what follows them on the line.
_CONTROL_PICTURES.update({i: "\ufffd" for i in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})
# A file name's bytes that are not UTF-8 arrive as lone surrogates (U+DC80..U+DCFF, Python's
# surrogateescape); they are shown as the bytes they stand for. Other lone surrogates are not
# text at all.
_CONTROL_PICTURES.update({0xDC00 + b: f"\\x{b:02x}" for b in range(0x80, 0x100)})
_CONTROL_PICTURES.update({i: "\ufffd" for i in (*range(0xD800, 0xDC80), *range(0xDD00, 0xE000))})


def visible(text: str) -> str:
    """Text from a file, a store or an argument, safe to show: control characters (ESC, C1,
    NUL...) as visible pictures, so they cannot steer a terminal; a file name's undecodable
    bytes as ``\\xNN`` (the same rule as document ids, see ``corpus.document_id``)."""
    return text.translate(_CONTROL_PICTURES)
