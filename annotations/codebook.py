"""The codebook: the codes a corpus is coded with, and the rules that keep them consistent.

A ``Codebook`` on its own is an in-memory list of codes (importers and tests use it so). The
store's codebook has a *host* (``CodebookHost``: three calls the store hands it), which makes
every change durable and undoable before the codebook shows it (``Codebook.show``); the
codebook itself only checks the rules and describes the change (``CodebookChange``).

Rules: ids are stable slugs made once from the name and never change (renaming keeps the id);
names are unique ignoring case and never equal another code's id, so ``resolve`` is never
ambiguous; keys are single printable characters and unique; colours are stored ``#rrggbb`` and
given as that, ``#rgb`` or a colour name (``teal``; see ``colours.parse_colour``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from .colours import ColourError, parse_colour
from .errors import CasereaderError
from .model import DEFAULT_CODES, Annotation, Code, slugify, utc_now

__all__ = [
    "DEFAULT_CODES",
    "PALETTE",
    "Code",
    "CodeInUseError",
    "Codebook",
    "CodebookError",
    "KeyTakenError",
    "UnknownCodeError",
]

PALETTE = (
    "#2e9e5b",
    "#d9822b",
    "#3d7fd9",
    "#c0392b",
    "#8e44ad",
    "#16a085",
    "#b7950b",
    "#d35400",
    "#2c3e90",
    "#7f8c3d",
    "#c2185b",
    "#5d6d7e",
)
"""Colours given to new codes in turn; they read on dark and light themes alike."""

AUTO_KEYS = "123456789"
"""Keys handed out to new codes that were not given one, lowest free first."""


class CodebookError(CasereaderError, ValueError):
    """A codebook change that would break the codebook's rules."""


class UnknownCodeError(CodebookError, KeyError):
    """No code has this id or name."""

    def __str__(self) -> str:
        # KeyError would quote the message; we want one plain line.
        return str(self.args[0]) if self.args else ""


class CodeInUseError(CodebookError):
    """A code still tags annotations, so removing it needs a decision about them."""

    def __init__(self, code: Code, count: int):
        noun = "annotation" if count == 1 else "annotations"
        super().__init__(
            f"code “{code.name}” tags {count} {noun}; remove it with reassign_to=<another code> "
            "to move them to another code, or strip=True to take it off them"
        )
        self.code = code
        self.count = count


class KeyTakenError(CodebookError):
    """The key belongs to another code; pass ``swap=True`` to exchange keys."""

    def __init__(self, key: str, holder: Code):
        super().__init__(
            f"key {key!r} already belongs to code “{holder.name}”; "
            "choose another key, or swap the two codes' keys"
        )
        self.key = key
        self.holder = holder


Edit = tuple[Annotation, Annotation | None]
"""An annotation before and after a codebook change; ``None`` after means removed."""


@dataclass(frozen=True)
class CodebookChange:
    """A change of the codebook, checked against its rules, with what it does to annotations
    (a code taken off them, or replaced by another)."""

    description: str
    before: tuple[Code, ...]
    after: tuple[Code, ...]
    edits: tuple[Edit, ...] = ()


@dataclass(frozen=True)
class CodebookHost:
    """How a codebook kept by a store reaches it: the store hands it these three calls."""

    check_writable: Callable[[], None]
    """Raise if the store takes no changes (read-only, closed, another thread)."""
    annotations_with_code: Callable[[str], list[Annotation]]
    """The annotations carrying a code id."""
    save: Callable[[CodebookChange], None]
    """Make the change durable and undoable (one step), then ``Codebook.show`` its codes."""


UNKNOWN_CODE_COLOUR = "#808080"
"""The colour of a code id annotations use that the codebook lacks."""


def complete_codebook(codes: Sequence[Code], annotations: Iterable[Annotation]) -> list[Code]:
    """The codebook plus a grey stand-in (named by its id) for each code id an annotation uses
    but the codebook lacks, so that every reference resolves (exports, reports)."""
    known = {code.id for code in codes}
    missing = sorted({c for a in annotations for c in a.codes if c not in known})
    return [*codes, *(Code(code_id, code_id, UNKNOWN_CODE_COLOUR) for code_id in missing)]


def check_codes(codes: Sequence[Code]) -> None:
    """Raise CodebookError if ``codes`` break the rules (as a hand-edited file might)."""
    ids: set[str] = set()
    names: dict[str, str] = {}
    keys: dict[str, str] = {}
    for code in codes:
        _unique(ids, code.id, code.id, f"two codes have the id {code.id!r}")
        if not code.name.strip():
            raise CodebookError(f"code {code.id!r} has an empty name")
        folded = code.name.casefold()
        _unique(
            names,
            folded,
            code.id,
            f"codes {names.get(folded)!r} and {code.id!r} have the same name",
        )
        if code.key is not None:
            _check_key(code.key)
            _unique(
                keys, code.key, code.id, f"codes {keys.get(code.key)!r} and {code.id!r} share a key"
            )
    for code in codes:
        _check_references(code, ids, names)


def _unique(taken: set[str] | dict[str, str], key: str, code_id: str, message: str) -> None:
    """Refuse ``key`` if a code took it already; else it is ``code_id``'s."""
    if key in taken:
        raise CodebookError(message)
    if isinstance(taken, dict):
        taken[key] = code_id
    else:
        taken.add(key)


def _check_references(code: Code, ids: set[str], names: dict[str, str]) -> None:
    """A code's parent exists, and no other code is named like its id."""
    if code.parent is not None and code.parent not in ids:
        raise CodebookError(f"code {code.id!r} has an unknown parent {code.parent!r}")
    owner = names.get(code.id.casefold())
    if owner is not None and owner != code.id:
        raise CodebookError(f"code {owner!r} is named like the id of code {code.id!r}")


def _check_key(key: str) -> None:
    if len(key) != 1 or not key.isprintable() or key.isspace():
        raise CodebookError(f"a code's key must be one printable character, not {key!r}")


def _check_colour(colour: str) -> str:
    """``#rrggbb`` for a colour as typed (``#RRGGBB``, ``#RGB``, a CSS or Rich name)."""
    try:
        return parse_colour(colour)
    except ColourError as error:
        raise CodebookError(str(error)) from None


class Codebook:
    """The ordered codes of a store (or a standalone list), looked up by id, name or key."""

    def __init__(self, codes: Iterable[Code] = DEFAULT_CODES, host: CodebookHost | None = None):
        self._codes = tuple(codes)
        check_codes(self._codes)
        self._host = host

    # --- reading ------------------------------------------------------------------------------

    @property
    def codes(self) -> list[Code]:
        return list(self._codes)

    def __iter__(self) -> Iterator[Code]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)

    def __contains__(self, id_or_name: object) -> bool:
        return isinstance(id_or_name, str) and self.get(id_or_name) is not None

    def __repr__(self) -> str:
        return f"Codebook({[c.id for c in self._codes]!r})"

    def get(self, id_or_name: str) -> Code | None:
        """The code with this id, else the one with this name (ignoring case), else None."""
        for code in self._codes:
            if code.id == id_or_name:
                return code
        folded = id_or_name.strip().casefold()
        for code in self._codes:
            if code.name.casefold() == folded:
                return code
        return None

    def resolve(self, id_or_name: str) -> str:
        """The id of the code with this id or name; UnknownCodeError names the known codes."""
        code = self.get(id_or_name)
        if code is None:
            known = ", ".join(c.name for c in self._codes) or "none"
            raise UnknownCodeError(f"no code {id_or_name!r} in the codebook (codes: {known})")
        return code.id

    def by_key(self, key: str) -> Code | None:
        for code in self._codes:
            if code.key == key:
                return code
        return None

    def children(self, code: Code | str) -> list[Code]:
        parent = self._code(code).id
        return [c for c in self._codes if c.parent == parent]

    # --- changing -----------------------------------------------------------------------------

    def add(
        self,
        name: str,
        colour: str | None = None,
        key: str | None = None,
        description: str = "",
        parent: str | None = None,
        code_id: str | None = None,
    ) -> Code:
        """Add a code and return it. Its id is ``slugify(name)``, with ``-2``, ``-3``... when
        that id is taken. ``colour=None`` picks the next unused palette colour; ``key=None``
        takes the lowest free digit 1-9 (none if all are taken) and ``key=""`` means no key.

        ``code_id`` keeps an id made elsewhere (an import of a code renamed since it was
        made): it must be a slug, and free as an id and as a name; CodebookError otherwise."""
        self._check_writable()
        name = self._check_name(name, None)
        code = Code(
            id=self._new_id(name) if code_id is None else self._chosen_id(code_id),
            name=name,
            colour=_check_colour(colour) if colour is not None else self._free_colour(),
            key=self._new_key(key),
            description=description,
            parent=self.resolve(parent) if parent is not None else None,
        )
        self._change((*self._codes, code), f"add code “{name}”")
        return code

    def add_all(
        self, added: Sequence[Code], changed: Sequence[Code] = (), description: str = ""
    ) -> None:
        """Add codes whose ids and keys were chosen already (an import's) and replace others
        by id, as one change: the rules checked once, the codebook saved once, one undo
        step. ``add`` per code re-checks and re-saves the whole codebook each time, which
        made importing 20,000 codes take over ten minutes."""
        self._check_writable()
        codes = _replaced(self._codes, changed)
        codes += (replace(code, colour=_check_colour(code.colour)) for code in added)
        if codes != list(self._codes):
            self._change(tuple(codes), description or f"add {len(added)} code(s)")

    def rename(self, code: Code | str, new_name: str) -> Code:
        """Give a code a new name; its id, and so every annotation's reference, stays."""
        return self._update(
            code,
            lambda old: replace(old, name=self._check_name(new_name, old)),
            lambda old, new: f"rename code “{old.name}” to “{new.name}”",
        )

    def recolour(self, code: Code | str, colour: str) -> Code:
        return self._update(
            code,
            lambda old: replace(old, colour=_check_colour(colour)),
            lambda old, _new: f"recolour code “{old.name}”",
        )

    def rekey(self, code: Code | str, key: str | None, swap: bool = False) -> Code:
        """Set (or with None clear) a code's key. A key held by another code raises
        KeyTakenError unless ``swap=True``, which gives that code this code's old key."""
        self._check_writable()
        old = self._code(code)
        key = key or None
        if key is not None:
            _check_key(key)
        new = replace(old, key=key)
        if new == old:
            return new
        codes = self._swapped(self._with(new), old, key, swap)
        shown = key if key is not None else "none"
        self._change(codes, f"set the key of code “{old.name}” to {shown}")
        return new

    def describe(self, code: Code | str, text: str) -> Code:
        return self._update(
            code,
            lambda old: replace(old, description=text),
            lambda old, _new: f"describe code “{old.name}”",
        )

    def set_keywords(self, code: Code | str, keywords: Sequence[str]) -> Code:
        """The words that suggest passages for a code (see ``annotations.suggest``)."""
        cleaned = tuple(dict.fromkeys(k.strip() for k in keywords if k.strip()))
        return self._update(
            code,
            lambda old: replace(old, keywords=cleaned),
            lambda old, _new: f"set keywords of code “{old.name}”",
        )

    def remove(
        self, code: Code | str, reassign_to: Code | str | None = None, strip: bool = False
    ) -> Code:
        """Remove a code. If annotations use it, say what happens to them: ``reassign_to``
        replaces it with another code on each of them (merging, without duplicates), or
        ``strip=True`` takes it off them and removes any annotation left with no code.
        Otherwise CodeInUseError says how many use it. Child codes move up to its parent.
        One change, one undo step, however many passages it edits."""
        self._check_writable()
        old = self._code(code)
        target = self._reassignment(old, reassign_to, strip)
        using = self._using(old)
        if using and target is None and not strip:
            raise CodeInUseError(old, len(using))
        edits = [_edit_codes(a, old.id, target.id if target else None) for a in using]
        self._change(self._without(old), _removal_description(old, target, edits), edits)
        return old

    def show(self, codes: Sequence[Code]) -> None:
        """Show codes the host has stored: its own change saved, undone or redone, or the
        codebook as the store opened."""
        self._codes = tuple(codes)

    # --- internals ----------------------------------------------------------------------------

    def _check_writable(self) -> None:
        if self._host is not None:
            self._host.check_writable()

    def _update(
        self,
        code: Code | str,
        make: Callable[[Code], Code],
        describe: Callable[[Code, Code], str],
    ) -> Code:
        """Change one code (``make`` it from the old one); nothing happens if it is the same."""
        self._check_writable()
        old = self._code(code)
        new = make(old)
        if new != old:
            self._change(self._with(new), describe(old, new))
        return new

    def _change(
        self, codes: tuple[Code, ...], description: str, edits: Sequence[Edit] = ()
    ) -> None:
        check_codes(codes)
        if self._host is None:
            self._codes = codes
        else:
            self._host.save(CodebookChange(description, self._codes, codes, tuple(edits)))

    def _swapped(
        self, codes: tuple[Code, ...], old: Code, key: str | None, swap: bool
    ) -> tuple[Code, ...]:
        """``codes`` with the holder of ``key`` (if another code) given ``old``'s key, when
        ``swap`` allows; KeyTakenError otherwise."""
        holder = self.by_key(key) if key is not None else None
        if holder is None or holder.id == old.id:
            return codes
        if not swap:
            raise KeyTakenError(key or "", holder)
        return _rekeyed(codes, holder.id, old.key)

    def _reassignment(self, old: Code, reassign_to: Code | str | None, strip: bool) -> Code | None:
        """The code a removed code's passages move to, if any, once the choice is sound."""
        if reassign_to is not None and strip:
            raise CodebookError("choose either reassign_to or strip, not both")
        target = self._code(reassign_to) if reassign_to is not None else None
        if target is not None and target.id == old.id:
            raise CodebookError(f"cannot reassign code “{old.name}” to itself")
        return target

    def _using(self, code: Code) -> list[Annotation]:
        """The stored annotations that carry ``code`` (none without a store)."""
        return self._host.annotations_with_code(code.id) if self._host else []

    def _without(self, old: Code) -> tuple[Code, ...]:
        """The codes once ``old`` is gone, its children moved up to its parent."""
        return tuple(
            replace(c, parent=old.parent) if c.parent == old.id else c
            for c in self._codes
            if c.id != old.id
        )

    def _code(self, code: Code | str) -> Code:
        code_id = self.resolve(code if isinstance(code, str) else code.id)
        return next(c for c in self._codes if c.id == code_id)

    def _with(self, new: Code) -> tuple[Code, ...]:
        return tuple(new if c.id == new.id else c for c in self._codes)

    def _check_name(self, name: str, current: Code | None) -> str:
        name = " ".join(name.split())
        if not name:
            raise CodebookError("a code needs a name")
        others = (c for c in self._codes if current is None or c.id != current.id)
        for other in others:
            _check_name_free(name, other)
        return name

    def _new_id(self, name: str) -> str:
        base = slugify(name)
        taken = {c.id for c in self._codes} | {c.name.casefold() for c in self._codes}
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    def _chosen_id(self, code_id: str) -> str:
        if not code_id or slugify(code_id) != code_id:
            raise CodebookError(
                f"a code id is a slug such as “{slugify(code_id)}”, not {code_id!r}"
            )
        for other in self._codes:
            if code_id in (other.id, other.name.casefold()):
                raise CodebookError(f"the id {code_id!r} is taken by code “{other.name}”")
        return code_id

    def _new_key(self, key: str | None) -> str | None:
        """The key a new code gets: none when "", the first free one when None, else ``key``
        if it is a valid key no other code holds."""
        if key == "":
            return None
        if key is None:
            return self._free_key()
        _check_key(key)
        holder = self.by_key(key)
        if holder is not None:
            raise KeyTakenError(key, holder)
        return key

    def _free_key(self) -> str | None:
        taken = {c.key for c in self._codes if c.key}
        return next((k for k in AUTO_KEYS if k not in taken), None)

    def _free_colour(self) -> str:
        used = {c.colour for c in self._codes}
        return next((c for c in PALETTE if c not in used), PALETTE[len(self._codes) % len(PALETTE)])


def _replaced(codes: Sequence[Code], changed: Sequence[Code]) -> list[Code]:
    """``codes`` with each of ``changed`` in the place of the code with its id;
    UnknownCodeError for one whose id none of them has."""
    updates = {code.id: code for code in changed}
    result = [updates.pop(code.id, code) for code in codes]
    if updates:
        raise UnknownCodeError(f"no code {next(iter(updates))!r} in the codebook")
    return result


def _rekeyed(codes: tuple[Code, ...], code_id: str, key: str | None) -> tuple[Code, ...]:
    """``codes`` with the code ``code_id`` given ``key``."""
    return tuple(replace(c, key=key) if c.id == code_id else c for c in codes)


def _edit_codes(annotation: Annotation, code_id: str, target: str | None) -> Edit:
    """``annotation`` without ``code_id`` (replaced by ``target`` if given)."""
    codes = [target if c == code_id else c for c in annotation.codes]
    kept = tuple(dict.fromkeys(c for c in codes if c is not None))
    if not kept:
        return annotation, None
    return annotation, replace(annotation, codes=kept, updated=utc_now())


def _check_name_free(name: str, other: Code) -> None:
    """Refuse a name that is ``other``'s name or id, whatever its case."""
    if other.name.casefold() == name.casefold():
        raise CodebookError(f"there is already a code named “{other.name}”")
    if other.id.casefold() == name.casefold():
        raise CodebookError(f"“{name}” is the id of code “{other.name}”; choose another")


def _removal_description(old: Code, target: Code | None, edits: Sequence[Edit]) -> str:
    if not edits:
        return f"remove code “{old.name}”"
    passages = f"{len(edits)} passage" + ("" if len(edits) == 1 else "s")
    if target is not None:
        return f"remove code “{old.name}” and recode {passages} as “{target.name}”"
    return f"remove code “{old.name}” from {passages}" + _dropped_note(edits)


def _dropped_note(edits: Sequence[Edit]) -> str:
    """How many passages the removal left without codes, and so removed too."""
    dropped = sum(1 for _, after in edits if after is None)
    return f" ({dropped} left without codes removed)" if dropped else ""
