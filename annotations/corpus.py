"""A corpus: a folder (or a list) of documents, decoded, normalised and titled.

Listing a corpus reads only the head of each text file: title and dateline come from there.
The full text is read when a document is opened (``Document.text``). A PDF, Word,
OpenDocument, HTML, email or RTF file is turned into text once (``annotations.formats``, in
worker processes) and its text kept in the text cache, so listing it again is as quick as a
text file's and its offsets never shift; a file that gives no text is skipped with why.

Only regular files are read (a symbolic link is followed to one): a FIFO, a device such as
``/dev/tty``, a socket is skipped with its reason and never opened, so nothing hangs or reads
the keyboard. A document's id is its path relative to the corpus root, as text: bytes of a
file name that are not UTF-8 are written ``\\xNN`` (``caf\\xff.txt``), in the store, every
export and every message alike (``document_id``); the file itself is still read by its name.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import Any, TypeGuard

from .dateline import Dateline, Mentioned
from .decoding import (
    BINARY,
    Decoded,
    UndecodableError,
    decode,
    decode_raw,
    document_id,
    looks_binary,
    normalise_newlines,
    path_text,
)
from .documents import (
    HEAD_BYTES,
    Corpus,
    Document,
    Skipped,
    Zones,
    load_document,
    read_head,
)
from .errors import CorpusError
from .formats import SUFFIXES as FORMAT_SUFFIXES
from .formats import ExtractionError, extractor_version, format_of
from .formats.origin import TextPlace
from .safety import IrregularFileError, file_kind, read_regular_file
from .titles import find_title

SUFFIXES = tuple(FORMAT_SUFFIXES)
"""Every suffix a corpus reads: text (.txt, .md) and the formats it extracts (.pdf...)."""
TEXT_FORMATS = ("txt", "md")
KINDS = ".txt, .md, .pdf, .docx, .odt, .html, .eml, .msg or .rtf"
"""The files a corpus reads, in words for a message that none was found."""
SKIP_DIRS = {".casereader", ".git", "__pycache__", "node_modules"}


def bundled_seeds() -> Path:
    """The bundled corpus: inside the installed package, or ``seeds/`` of a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_seeds", here.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    raise CorpusError("the bundled seeds corpus is missing from this installation")


def corpus_files(paths: Sequence[Path]) -> tuple[Path, list[Path]]:
    """The root and the candidate files for a folder or a list of files."""
    _check_given(paths)
    if len(paths) == 1 and paths[0].is_dir():
        root = paths[0].resolve()
        return root, _walk(root)
    resolved = [f.resolve() for f in _named_files(paths)]
    return _common_folder(resolved), resolved


def _check_given(paths: Sequence[Path]) -> None:
    """Refuse no path at all, or a path that does not exist (the first named)."""
    if not paths:
        raise CorpusError("no corpus path given")
    missing = next((path for path in paths if not path.exists()), None)
    if missing is not None:
        raise CorpusError(f"{missing}: no such file or folder")


def _common_folder(files: list[Path]) -> Path:
    """The folder holding every file named (ids count from it); the current one for none."""
    return Path(os.path.commonpath([f.parent for f in files])) if files else Path.cwd()


def _walk(root: Path) -> list[Path]:
    """The documents under a folder, leaving out hidden files and folders and ``SKIP_DIRS``."""
    files: list[Path] = []
    for folder, dirs, names in os.walk(root, onerror=None):
        dirs[:] = _folders_to_walk(dirs)
        files.extend(Path(folder) / n for n in names if _is_document_name(n))
    return files


def _folders_to_walk(names: list[str]) -> list[str]:
    """Sub-folders walked, in order: not hidden, not one of ``SKIP_DIRS``."""
    return sorted(d for d in names if d not in SKIP_DIRS and not d.startswith("."))


def _is_document_name(name: str) -> bool:
    return name.lower().endswith(SUFFIXES) and not name.startswith(".")


def _named_files(paths: Sequence[Path]) -> list[Path]:
    """Files named, and the documents in folders named, as given."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES)
        else:
            files.append(path)
    return files


def _current(origin: Any) -> bool:
    """Whether an origin's JSON is of this casereader's extractor for its format."""
    if not isinstance(origin, dict):
        return False
    try:
        return extractor_version(str(origin.get("format"))) == origin.get("extractor_version")
    except ExtractionError:
        return False


def _current_extractor(key: str) -> bool:
    """Whether a failure's ``format:version`` key is of this casereader's extractor."""
    fmt, _, version = key.partition(":")
    try:
        return extractor_version(fmt) == version
    except ExtractionError:
        return False


def _dates_of(dateline: Any, mentioned: Any) -> tuple[Dateline | None, Mentioned | None]:
    """A listing entry's dateline and mentioned date read back (ValueError if damaged)."""
    parsed = Dateline.from_json(dateline) if dateline is not None else None
    seen = Mentioned.from_json(mentioned) if mentioned is not None else None
    return parsed, seen


def _dates_json(document: Document) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """A listed document's dateline and mentioned date as JSON (``_dates_of`` reads them)."""
    dateline = document.dateline.to_json() if document.dateline else None
    mentioned = document.mentioned.to_json() if document.mentioned else None
    return dateline, mentioned


def _document_fields(
    title: Any, dateline: Any, notes: Any, mentioned: Any, origin: Any
) -> tuple[str, Dateline | None, list[str], Mentioned | None, dict[str, Any] | None] | None:
    """A document's listing entry read back (after its size, time and zone), or None when a
    field is damaged or its origin names an older extractor (extracted again, and
    re-anchored if it changed)."""
    try:
        parsed, seen = _dates_of(dateline, mentioned)
    except ValueError:
        return None
    if not isinstance(title, str) or not isinstance(notes, list):
        return None
    if origin is not None and not _current(origin):
        return None
    return title, parsed, [str(note) for note in notes], seen, origin


def _entry_of(entry: list[Any] | None, length: int, key: list[Any]) -> TypeGuard[list[Any]]:
    """Whether a listing entry has the shape of its kind and was made of this file as it is
    (its first fields: size, modification time, and for a document the zone)."""
    return isinstance(entry, list) and len(entry) == length and entry[: len(key)] == key


class ListingCache:
    """Titles and datelines of unchanged files, so reopening a large corpus reads nothing.

    Keyed by document id and checked against size, modification time and the default zone,
    and for an extracted document against the extractor's version (a new one lists it
    again). It is a cache: unreadable or stale entries are simply recomputed, and it is
    written atomically without fsync (losing it costs one slower listing).
    """

    VERSION = 4
    """Raised when what a listing holds is found differently (3: titles skip letterhead;
    4: other formats, with their origin)."""

    def __init__(self, path: Path | None):
        self.path = path
        self.entries: dict[str, list[Any]] = {}
        self.failed: set[str] = set()
        """Files found skipped for good in this listing (kept by ``retain``)."""
        self.dirty = False
        if path is not None:
            self.entries = self._read(path)

    @classmethod
    def _read(cls, path: Path) -> dict[str, list[Any]]:
        """The saved entries; none if the file is missing, unreadable or of another version."""
        try:
            data = json.loads(read_regular_file(path, follow_symlinks=False).decode("utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != cls.VERSION:
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    @property
    def folder(self) -> Path | None:
        """The store folder this cache is kept in (the text cache goes beside it)."""
        return self.path.parent if self.path is not None else None

    def get(
        self, doc_id: str, size: int, mtime_ns: int, zone: Zones
    ) -> tuple[str, Dateline | None, list[str], Mentioned | None, dict[str, Any] | None] | None:
        """The entry's title, dateline, notes, mentioned date and origin (as its JSON, read
        by the document when wanted), or None if there is none for this file as it is."""
        entry = self.entries.get(doc_id)
        if not _entry_of(entry, 8, [size, mtime_ns, str(zone)]):
            return None
        return _document_fields(*entry[3:])

    def put(self, document: Document, size: int, mtime_ns: int, zone: Zones) -> None:
        dateline, mentioned = _dates_json(document)
        self.entries[document.id] = [
            size,
            mtime_ns,
            str(zone),
            document.title,
            dateline,
            list(document.notes),
            mentioned,
            document.origin.to_json() if document.origin else None,
        ]
        self.dirty = True

    def skipped(self, doc_id: str, size: int, mtime_ns: int, path: Path) -> Skipped | None:
        """A file whose extraction failed for good (see ``Skipped.lasting``), while it and its
        format's extractor are unchanged."""
        entry = self.entries.get(doc_id)
        if not _entry_of(entry, 4, [size, mtime_ns]):
            return None
        key, reason = entry[2:]
        if not isinstance(key, str) or not isinstance(reason, str):
            return None
        if not _current_extractor(key):
            return None
        self.failed.add(doc_id)
        return Skipped(path, reason, (size, mtime_ns, key))

    def put_skipped(self, doc_id: str, skipped: Skipped) -> None:
        if skipped.lasting is None:
            return
        size, mtime_ns, key = skipped.lasting
        self.entries[doc_id] = [size, mtime_ns, key, skipped.reason]
        self.failed.add(doc_id)
        self.dirty = True

    def retain(self, doc_ids: Iterable[str]) -> None:
        """Forget files that are no longer in the corpus (those skipped for good in this
        listing are still in it)."""
        keep = set(doc_ids) | self.failed
        if any(doc_id not in keep for doc_id in self.entries):
            self.entries = {k: v for k, v in self.entries.items() if k in keep}
            self.dirty = True

    def save(self) -> None:
        if self.path is None or not self.dirty:
            return
        import tempfile  # here: only saving needs it, and start-up matters

        temp: str | None = None
        try:
            # A new file of our own (O_EXCL): a link planted under a guessable name is never
            # written through.
            fd, temp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"version": self.VERSION, "entries": self.entries}, handle)
            os.replace(temp, self.path)
            self.dirty = False
        except OSError:
            if temp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temp)


def load_corpus(
    path_or_paths: str | Path | Sequence[str | Path], default_zone: Zones = "Europe/London"
) -> Corpus:
    """Load a corpus from a folder (recursive, .txt and .md) or from files.

    Files that cannot be read as text are left out and listed in ``corpus.skipped``.
    """
    root, files = scan(path_or_paths)
    return _corpus(root, list_documents(files, root, default_zone))


def _corpus(root: Path, items: Iterable[Document | Skipped]) -> Corpus:
    documents: list[Document] = []
    skipped: list[Skipped] = []
    for item in items:
        if isinstance(item, Document):
            documents.append(item)
        else:
            skipped.append(item)
    return Corpus(root, documents, skipped)


def load_named_documents(
    root: Path, doc_ids: Iterable[str], default_zone: str = "Europe/London"
) -> Corpus:
    """The documents with these ids under ``root``, found without walking it.

    For a corpus the user did not name (the folder an export says it came from, which may be
    anywhere, even ``/``): only the folders that hold the named documents are listed, one
    level each, and only files whose ids are named are read. Ids that leave the root are
    ignored.
    """
    root = root.resolve()
    wanted = set(doc_ids)
    files = [
        path for folder in _folders_of(root, wanted) for path in _named_in(folder, root, wanted)
    ]
    return _corpus(root, list_documents(sorted(files), root, default_zone))


def _folders_of(root: Path, doc_ids: Iterable[str]) -> list[Path]:
    """The folders that hold documents of these ids (ids leaving the root left out)."""
    folders: set[Path] = set()
    for doc_id in doc_ids:
        parts = PurePosixPath(doc_id).parts
        if parts and not PurePosixPath(doc_id).is_absolute() and ".." not in parts:
            folders.add(root.joinpath(*parts[:-1]))
    return sorted(folders)


def _named_in(folder: Path, root: Path, wanted: set[str]) -> list[Path]:
    """The files directly in ``folder`` whose ids are wanted (none if it cannot be listed)."""
    try:
        with os.scandir(folder) as entries:
            return [
                Path(entry.path)
                for entry in entries
                if document_id(Path(entry.path), root) in wanted
            ]
    except OSError:
        return []


PARALLEL_MIN = 2000
"""Files left to read (not in the listing cache) from which listing uses worker processes."""
CHUNK = 250


def list_documents(
    files: Sequence[Path],
    root: Path,
    default_zone: Zones = "Europe/London",
    cache: ListingCache | None = None,
    workers: int | None = None,
    texts: TextPlace | None = None,
) -> Iterator[Document | Skipped]:
    """Each file as a listed Document, or Skipped with the reason, in chunks as they are done.

    Files in the cache come first, at once. When thousands are left and the machine has more
    than one core, their heads are read and analysed in worker processes (the dateline engine
    is pure Python: threads would share one core), so a large corpus lists in a fraction of
    the time; the documents they return hold no text until opened. Files of other formats
    (PDF, Word...) are extracted in worker processes unless the text cache has them;
    ``texts`` is where that cache is (by default beside the listing cache, else the corpus's
    default store folder).
    """
    if texts is None:
        texts = _text_place(cache, root)
    left: list[Path] = []
    seen: dict[str, Path] = {}
    for path in files:
        listed = _cached(path, root, default_zone, cache, texts)
        if listed is None:
            left.append(path)
        else:
            yield _unless_taken(listed, path, seen)
    todo, extract = _text_and_other(left)
    for item in _read(todo, root, default_zone, workers):
        yield item if isinstance(item, Skipped) else _kept(item, root, seen, cache, default_zone)
    if extract:
        yield from _extracted(extract, root, default_zone, texts, workers, seen, cache)


def _text_and_other(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """The files read here as text, and those of other formats to extract, in order."""
    return [p for p in paths if _is_text(p)], [p for p in paths if not _is_text(p)]


def _text_place(cache: ListingCache | None, root: Path) -> TextPlace:
    """Where the text cache is by default: beside the listing cache, else the corpus's
    default store folder."""
    return TextPlace(cache.folder if cache is not None else None, root)


def _unless_taken(
    listed: Document | Skipped, path: Path, seen: dict[str, Path]
) -> Document | Skipped:
    """A document known to the listing cache, unless its id is another file's."""
    if isinstance(listed, Skipped) or _first(listed.id, path, seen):
        return listed
    return _taken(listed.id, path)


def _extracted(
    extract: list[Path],
    root: Path,
    zone: Zones,
    texts: TextPlace,
    workers: int | None,
    seen: dict[str, Path],
    cache: ListingCache | None,
) -> Iterator[Document | Skipped]:
    """Files of other formats listed from their text (see ``list_documents``); a failure for
    good remembered by the listing cache."""
    from .extracted import list_extracted

    for made in list_extracted(extract, root, zone, texts, workers):
        if not isinstance(made, Skipped):
            yield _kept(made, root, seen, cache, zone)
            continue
        if cache is not None and made.lasting is not None:
            cache.put_skipped(document_id(made.path, root), made)
        yield made


def _is_text(path: Path) -> bool:
    """Read as text here (not extracted): .txt, .md, and a file named that is none of ours."""
    return format_of(path) in (None, *TEXT_FORMATS)


def _cached(
    path: Path, root: Path, zone: Zones, cache: ListingCache | None, texts: TextPlace
) -> Document | Skipped | None:
    """The file as the listing cache knows it; None if it must be read."""
    try:
        return _from_cache(path, root, zone, cache, texts)
    except OSError as error:
        return Skipped.unreadable(path, error)


def _read(
    todo: list[Path], root: Path, zone: Zones, workers: int | None
) -> Iterator[tuple[Document, int, int] | Skipped]:
    """The files read and analysed: in worker processes when there are many."""
    workers = workers if workers is not None else min(4, os.cpu_count() or 1)
    if len(todo) >= PARALLEL_MIN and workers > 1:
        return _list_in_processes(todo, root, zone, workers)
    return (_list_one(path, root, zone) for path in todo)


def _kept(
    item: tuple[Document, int, int],
    root: Path,
    seen: dict[str, Path],
    cache: ListingCache | None,
    zone: Zones,
) -> Document | Skipped:
    """A document read, unless its id is taken; remembered by the listing cache."""
    document, size, mtime_ns = item
    path = document.path or root
    if not _first(document.id, path, seen):
        return _taken(document.id, path)
    if cache is not None:
        cache.put(document, size, mtime_ns, zone)
    return document


def _first(doc_id: str, path: Path, seen: dict[str, Path]) -> bool:
    """Whether ``doc_id`` is new; two names can give one id only where one is not UTF-8."""
    if doc_id in seen:
        return False
    seen[doc_id] = path
    return True


def _taken(doc_id: str, path: Path) -> Skipped:
    return Skipped(
        path,
        f"its id {doc_id!r} is already another file's (a name that is not UTF-8 reads as \\xNN)",
    )


def _from_cache(
    path: Path, root: Path, zone: Zones, cache: ListingCache | None, texts: TextPlace
) -> Document | Skipped | None:
    if cache is None:
        return None
    info = path.stat()
    if file_kind(info.st_mode) is not None:
        return None  # listed (and skipped with its reason) by _list_one
    doc_id = document_id(path, root)
    known = cache.get(doc_id, info.st_size, info.st_mtime_ns, zone)
    if known is None:
        return cache.skipped(doc_id, info.st_size, info.st_mtime_ns, path)
    return Document.listed(doc_id, path, *known, texts=texts if known[4] else None)


def waits_for_extraction(path: Path, root: Path, zone: Zones, cache: ListingCache) -> bool:
    """A file of another format (PDF, Word...) that the listing cache does not know as it is
    now: listing it means extracting its text (``list_documents`` sends it to the workers).
    A file that cannot be read is not waiting: it is skipped at once."""
    return not _is_text(path) and _cached(path, root, zone, cache, TextPlace(None, root)) is None


def read_or_skip(path: Path, root: Path, zone: Zones) -> Document | Skipped:
    """The document at ``path``, or Skipped with the one-line reason it cannot be read."""
    return item[0] if isinstance(item := _list_one(path, root, zone), tuple) else item


def _list_one(path: Path, root: Path, zone: Zones) -> tuple[Document, int, int] | Skipped:
    if not _is_text(path):
        from .extracted import list_extracted

        return next(iter(list_extracted([path], root, zone, TextPlace(None, root), 1)))
    try:
        info = path.stat()
        return load_document(path, root, zone), info.st_size, info.st_mtime_ns
    except UndecodableError as error:
        return Skipped(path, str(error))
    except IrregularFileError as error:
        return Skipped(path, error.reason)
    except OSError as error:
        return Skipped.unreadable(path, error)


def _list_chunk(paths: list[str], root: str, zone: Zones) -> list[tuple[Any, ...]]:
    """In a worker process: plain tuples (no text) for the parent to rebuild documents."""
    return [_plain(name, _list_one(Path(name), Path(root), zone)) for name in paths]


def _plain(name: str, item: tuple[Document, int, int] | Skipped) -> tuple[Any, ...]:
    """A listed file as a plain tuple a worker can send (``_from_worker`` reads it)."""
    if isinstance(item, Skipped):
        return ("skipped", name, item.reason)
    document, size, mtime_ns = item
    dateline, seen = _dates_json(document)
    return ("document", name, document.title, dateline, list(document.notes), size, mtime_ns, seen)


def _list_in_processes(
    todo: list[Path], root: Path, zone: Zones, workers: int
) -> Iterator[tuple[Document, int, int] | Skipped]:
    """The files listed by worker processes, or here if processes cannot be started or die.

    Starting a process can fail where the caller has no real standard streams (an embedding
    application) or too few resources; a corpus must list all the same, only slower.
    """
    chunks = [[str(p) for p in todo[i : i + CHUNK]] for i in range(0, len(todo), CHUNK)]
    pool = _Workers(workers)
    try:
        left = pool.start(chunks[1:], root, zone)
        # The first chunk is read here while the workers start, so rows show at once.
        for name in chunks[0]:
            yield _list_one(Path(name), root, zone)
        yield from pool.results(root)
        for chunk in left + pool.unfinished:
            for name in chunk:
                yield _list_one(Path(name), root, zone)
    finally:
        pool.close()


class _Workers:
    """Worker processes listing chunks of files (spawned, not forked: the app has threads
    running, and a forked child could inherit a lock). What they cannot do is left to the
    caller: the chunks never submitted, and those unfinished when the pool broke."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool: Any = None
        self.futures: dict[Any, list[str]] = {}
        self.unfinished: list[list[str]] = []

    def start(self, chunks: list[list[str]], root: Path, zone: Zones) -> list[list[str]]:
        """Submit the chunks; returns those that could not be submitted."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        try:
            context = multiprocessing.get_context("spawn")
            self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
            for chunk in chunks:
                self.futures[self.pool.submit(_list_chunk, chunk, str(root), zone)] = chunk
        except (OSError, ValueError, RuntimeError, BrokenProcessPool):
            pass  # the chunks not submitted are listed by the caller
        return chunks[len(self.futures) :]

    def results(self, root: Path) -> Iterator[tuple[Document, int, int] | Skipped]:
        """The workers' documents as chunks complete; stops at a broken pool."""
        from concurrent.futures import as_completed
        from concurrent.futures.process import BrokenProcessPool

        finished = as_completed(self.futures)
        while True:
            try:
                future = next(finished, None)
                entries = future.result() if future is not None else None
            except (OSError, ValueError, RuntimeError, BrokenProcessPool):
                self.unfinished = list(self.futures.values())  # this chunk and those not done
                return
            if future is None:
                return
            del self.futures[future]
            yield from _from_worker(entries or [], root)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _from_worker(
    entries: list[tuple[Any, ...]], root: Path
) -> Iterator[tuple[Document, int, int] | Skipped]:
    for entry in entries:
        path = Path(entry[1])
        if entry[0] == "skipped":
            yield Skipped(path, entry[2])
            continue
        _, _, title, dateline, notes, size, mtime_ns, seen = entry
        parsed, mentioned = _dates_of(dateline, seen)  # as _plain wrote them: JSON or None
        yield (
            Document.listed(document_id(path, root), path, title, parsed, notes, mentioned),
            size,
            mtime_ns,
        )


def scan(path_or_paths: str | Path | Sequence[str | Path]) -> tuple[Path, list[Path]]:
    """The corpus root and its candidate files, sorted, without reading them."""
    if isinstance(path_or_paths, str | Path):
        paths = [Path(path_or_paths)]
    else:
        paths = [Path(p) for p in path_or_paths]
    root, files = corpus_files(paths)
    return root, sorted(set(files))


__all__ = [
    "BINARY",
    "HEAD_BYTES",
    "KINDS",
    "Corpus",
    "Decoded",
    "Document",
    "ListingCache",
    "Skipped",
    "UndecodableError",
    "Zones",
    "bundled_seeds",
    "decode",
    "decode_raw",
    "document_id",
    "find_title",
    "list_documents",
    "load_corpus",
    "load_document",
    "load_named_documents",
    "looks_binary",
    "normalise_newlines",
    "path_text",
    "read_head",
    "read_or_skip",
    "scan",
]
