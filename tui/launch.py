"""From command-line options to a running app: corpus path, store, coder, read-only fallback."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from annotations.corpus import KINDS, bundled_seeds, scan
from annotations.dateline import check_zone
from annotations.dateline.setting import zone_choice
from annotations.errors import CasereaderError
from annotations.store import AnnotationStore, StoreLockedError
from tui.keymap import load_keymap
from tui.session import ReaderState, Session
from tui.settings import Settings, settings_path
from tui.startup import fail, no_readable_documents, store_folder


def default_coder() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "coder"


def prepare(options: argparse.Namespace) -> Session:
    """Check the corpus path and open the store; raises CasereaderError with one clear line."""

    check_zone(options.zone)
    bundled = not options.paths
    paths = [bundled_seeds()] if bundled else [Path(p) for p in options.paths]
    root, files = scan(paths)
    # --zone given on the command line (even Europe/London) is the corpus's setting; without
    # it, the corpus's casereader.toml, else place evidence, else the default.
    given = options.zone if getattr(options, "zone_given", False) else None
    zone = zone_choice(root, given)
    if not files:
        raise CasereaderError(f"no documents ({KINDS}) found in {', '.join(map(str, paths))}")
    keymap = load_keymap()  # a broken keymap is refused before a store is made
    store, reason = _open_store(store_folder(options.store, root, bundled), options.read_only)
    session = Session(
        root=root,
        files=files,
        store=store,
        coder=options.coder or default_coder(),
        zone=zone,
        bundled=bundled,
        read_only_reason=reason,
    )
    session.state = ReaderState(store.location, writable=not store.read_only)
    session.settings = Settings(settings_path())
    session.keymap = keymap
    return session


def _open_store(folder: Path, read_only: bool) -> tuple[AnnotationStore, str | None]:
    """The store, and why it is read-only if it is: asked, or in use by another process."""
    try:
        store = AnnotationStore.open(folder, read_only=read_only)
    except StoreLockedError as error:
        holder = f"process {error.pid}" if error.pid is not None else "another process"
        return AnnotationStore.open(folder, read_only=True), (
            f"store {error.location} is in use by {holder}, so it opened read-only: nothing "
            "you do here is saved (to code, close the other casereader and open this again)"
        )
    return store, "opened read-only as asked (--read-only)" if read_only else None


def prepare_workers(files: int) -> None:
    """Start multiprocessing's resource tracker before Textual takes over stdout and stderr.

    A large corpus is listed in worker processes, and starting the tracker needs a real
    stderr file descriptor, which Textual's captured streams do not have.
    """
    from annotations.corpus import PARALLEL_MIN

    if files >= PARALLEL_MIN:
        from multiprocessing import resource_tracker

        resource_tracker.ensure_running()


def launch(options: argparse.Namespace) -> int:
    try:
        session = prepare(options)
    except CasereaderError as error:
        return fail(str(error))
    from tui.app import CasereaderApp

    if session.lists_quickly():
        session.read_corpus()  # before the first frame; and nothing to read is one line
        if not session.documents:
            session.store.close()
            return fail(no_readable_documents(options.paths, session.skipped))
    prepare_workers(len(session.files))
    app = CasereaderApp(session)
    try:
        app.run()
    finally:
        session.store.close()
    if app.unreadable:
        return fail(app.unreadable)
    return app.return_code or 0
