"""An imported codebook merged into a store's, planned in one pass and applied as one change.

A file's code is matched to the store's by id, then by name (``plan_codes``); the
rest are new and join the codebook keeping their ids, colours, keys (where free) and
hierarchy. A matched code keeps the store's name and gains what the store's code lacks:
- its **parent**, when the store's code has none (unless that would make a cycle);
- its **description**, when the store's is empty or still the default one;
- its **colour**, when the file gives one (not one we chose for a code that came without) and
  the store's code still has its default colour. A colour the user chose is kept.
What the file says and the store's code already says otherwise is kept as the store has it
and listed (``CodeMerge.kept``: the import exits 1), never dropped silently: a coder moving a
project in must see that her hierarchy or memos did not all come along.

Everything is computed here, then ``Codebook.add_all`` checks and saves the codebook once:
adding codes one by one re-checked and re-saved the whole codebook each time (20,000 codes
took over ten minutes).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..codebook import AUTO_KEYS, UnknownCodeError
from ..model import DEFAULT_CODES, Code, slugify
from .model import Skip
from .refi_qda.elements import unique_id

DEFAULTS = {code.id: code for code in DEFAULT_CODES}


@dataclass
class CodeMerge:
    """What an import does to the codebook."""

    mapping: dict[str, str] = field(default_factory=dict)
    """A file's code id -> the store's id for it."""
    added: list[Code] = field(default_factory=list)
    """New codes, parents first, with the ids and keys they get."""
    changed: dict[str, Code] = field(default_factory=dict)
    """Store codes given what they lacked, by id."""
    filled: list[str] = field(default_factory=list)
    """``name (what it took)`` for each changed code, for the report."""
    kept: list[Skip] = field(default_factory=list)
    """Where the file and the store's code differ: the store's kept, the file's listed."""


def merge_codebook(
    existing: Sequence[Code],
    incoming: Sequence[Code],
    file_format: str,
    chosen_colours: Collection[str] = (),
) -> CodeMerge:
    """Plan the merge of ``incoming`` (a file's codes) into ``existing`` (the store's).
    ``chosen_colours``: ids of incoming codes whose colour the reader picked (the file gave
    none), which never replace a colour."""
    mapping, new = plan_codes(existing, incoming)
    matched = dict(mapping)
    merge = CodeMerge(mapping=mapping)
    _add_new(merge, existing, new, file_format)
    pairs = [(c, matched[c.id]) for c in incoming if c.id in matched]
    _fill_matched(merge, existing, pairs, chosen_colours)
    return merge


def _fill_matched(
    merge: CodeMerge,
    existing: Sequence[Code],
    matched: list[tuple[Code, str]],
    chosen_colours: Collection[str],
) -> None:
    """Give each matched store code (a file's code, the store's id) what it lacks."""
    current = {code.id: code for code in existing}
    parents = {code.id: code.parent for code in (*existing, *merge.added)}
    names = {code.id: code.name for code in (*existing, *merge.added)}
    for code, target in matched:
        given = code.id not in chosen_colours
        _fill(merge, current, (parents, names), code, target, given)


def plan_codes(
    existing: Sequence[Code], incoming: Sequence[Code]
) -> tuple[dict[str, str], list[Code]]:
    """Match incoming codes to the codebook by id, then by name; the rest are new.

    Returns the id mapping for matched codes and the new codes, parents before children.
    """
    known = _Known.of(existing)
    mapping: dict[str, str] = {}
    new: list[Code] = []
    for code in incoming:
        match = known.match(code)
        if match is not None:
            mapping[code.id] = match.id
        else:
            new.append(code)
    return mapping, parents_first(new)


@dataclass(frozen=True)
class _Known:
    """The store's codes as a file's code is matched to them: by id, then by name ignoring
    case, then by an id that reads as its name."""

    by_id: dict[str, Code]
    by_name: dict[str, Code]
    by_folded_id: dict[str, Code]

    @classmethod
    def of(cls, codes: Sequence[Code]) -> _Known:
        return cls(
            {code.id: code for code in codes},
            {code.name.casefold(): code for code in codes},
            {code.id.casefold(): code for code in codes},
        )

    def match(self, code: Code) -> Code | None:
        folded = code.name.casefold()
        return self.by_id.get(code.id) or self.by_name.get(folded) or self.by_folded_id.get(folded)


def parents_first(codes: Sequence[Code]) -> list[Code]:
    """Order codes so a parent comes before its children (cycles keep file order)."""
    ids = {code.id for code in codes}
    ordered: list[Code] = []
    placed: set[str] = set()
    pending = list(codes)
    while pending:
        for code in _ready(pending, ids, placed):
            ordered.append(code)
            placed.add(code.id)
        pending = [c for c in pending if c.id not in placed]
    return ordered


def _ready(pending: list[Code], ids: set[str], placed: set[str]) -> list[Code]:
    """The pending codes whose parent is placed or not among the codes; in a cycle, where
    none is, all of them as they are."""
    ready = [c for c in pending if c.parent not in ids or c.parent in placed]
    return ready or pending


@dataclass
class _Taken:
    """What new codes must not reuse: ids, names (ids and folded names, as one namespace, as
    ``Codebook.add`` has it) and keys; each added code's are added."""

    ids: set[str]
    names: set[str]
    keys: set[str]

    @classmethod
    def of(cls, codes: Sequence[Code]) -> _Taken:
        ids = {code.id for code in codes}
        names = ids | {code.name.casefold() for code in codes}
        return cls(ids, names, {code.key for code in codes if code.key})

    def add(self, code: Code, name: str) -> None:
        self.ids.add(code.id)
        self.names.update((code.id, name.casefold()))
        if code.key:
            self.keys.add(code.key)


def _add_new(
    merge: CodeMerge, existing: Sequence[Code], new: Iterable[Code], file_format: str
) -> None:
    """The new codes with their final ids (the file's where free), keys and parents."""
    taken = _Taken.of(existing)
    for code in new:
        added = replace(
            code,
            id=_new_id(code, taken.names),
            name=" ".join(code.name.split()),
            key=_new_key(code, file_format, taken.keys),
            parent=_new_parent(merge, code, taken.ids),
        )
        merge.mapping[code.id] = added.id
        merge.added.append(added)
        taken.add(added, code.name)


def _mapped_parent(merge: CodeMerge, code: Code) -> str | None:
    """A file's code's parent, as the store's id when it was matched."""
    return merge.mapping.get(code.parent, code.parent) if code.parent else None


def _new_parent(merge: CodeMerge, code: Code, ids: set[str]) -> str | None:
    """A new code's parent; one neither in the codebook nor added before is an error."""
    parent = _mapped_parent(merge, code)
    if parent is not None and parent not in ids:
        raise UnknownCodeError(
            f"code {code.name!r} is under no code {code.parent!r} in the file or the codebook"
        )
    return parent


def _new_id(code: Code, taken: set[str]) -> str:
    """The file's id where it is a slug and free (a code renamed since it was made keeps the
    id its annotations use), else one made from the name, as ``Codebook.add`` makes it."""
    if code.id and slugify(code.id) == code.id and code.id not in taken:
        return code.id
    return unique_id(slugify(code.name), taken)


def _new_key(code: Code, file_format: str, used: set[str]) -> str | None:
    """Its own key if free; none where a JSON export says "no key"; else the lowest free
    digit (as for a project's codes), or none when all are taken."""
    if code.key and code.key not in used:
        return code.key
    if file_format == "json" and code.key is None:
        return None
    return _free_key(used)


def _free_key(used: set[str]) -> str | None:
    """The lowest digit key not in use, or None when all are taken."""
    return next((k for k in AUTO_KEYS if k not in used), None)


def _fill(
    merge: CodeMerge,
    current: dict[str, Code],
    tree: tuple[dict[str, str | None], Mapping[str, str]],
    code: Code,
    target_id: str,
    colour_given: bool,
) -> None:
    """Give the store's code what the file's has and it lacks; list what differs."""
    ours = current[target_id]
    took: list[str] = []
    updated = _take_parent(merge, tree, ours, code, took)
    updated = _take_description(merge, updated, code, took)
    if colour_given:
        updated = _take_colour(merge, updated, code, took)
    updated = _take_keywords(updated, code)
    if updated != ours:
        current[target_id] = merge.changed[target_id] = updated
    if took:
        merge.filled.append(f"{ours.name} ({', '.join(took)})")


def _take_keywords(ours: Code, code: Code) -> Code:
    """The file's keywords, where the store's code has none (never listed: no loss)."""
    if code.keywords and not ours.keywords:
        return replace(ours, keywords=code.keywords)
    return ours


def _take_parent(
    merge: CodeMerge,
    tree: tuple[dict[str, str | None], Mapping[str, str]],
    ours: Code,
    code: Code,
    took: list[str],
) -> Code:
    """The file's parent, where the store's code has none and it makes no cycle."""
    parents, names = tree
    parent = _mapped_parent(merge, code)
    if parent is None or parent == ours.parent or parent not in parents:
        return ours
    if ours.parent is None and not _makes_cycle(parents, ours.id, parent):
        parents[ours.id] = parent
        took.append(f"parent {names[parent]!r}")
        return replace(ours, parent=parent)
    held = f"under {names[ours.parent]!r}" if ours.parent else "where it is"
    _kept(merge, ours, f"the parent {names[parent]!r}", f"the store's code is {held}")
    return ours


def _take_description(merge: CodeMerge, ours: Code, code: Code, took: list[str]) -> Code:
    """The file's description, where the store's is empty or still the default one."""
    if not code.description.strip() or code.description == ours.description:
        return ours
    if not ours.description.strip() or _is_default(ours, "description"):
        took.append("description")
        return replace(ours, description=code.description)
    _kept(merge, ours, f"the description {_short(code.description)}", "")
    return ours


def _take_colour(merge: CodeMerge, ours: Code, code: Code, took: list[str]) -> Code:
    """The file's colour, where the store's code still has its default one."""
    colour = code.colour.lower()
    if colour == ours.colour.lower():
        return ours
    if _is_default(ours, "colour"):
        took.append(f"colour {colour}")
        return replace(ours, colour=colour)
    _kept(merge, ours, f"the colour {colour}", f"it is {ours.colour}")
    return ours


def _kept(merge: CodeMerge, ours: Code, what: str, why: str) -> None:
    reason = "the store's code says otherwise and is kept"
    merge.kept.append(Skip(f"{what} of code {ours.name!r}" + (f" ({why})" if why else ""), reason))


def _is_default(code: Code, attribute: str) -> bool:
    """Whether a store's code still has the default codebook's value (never chosen by the
    user): an imported one then takes its place."""
    default = DEFAULTS.get(code.id)
    return default is not None and getattr(default, attribute) == getattr(code, attribute)


def _makes_cycle(parents: Mapping[str, str | None], code_id: str, parent: str) -> bool:
    """Whether putting ``code_id`` under ``parent`` would make it its own ancestor."""
    seen: set[str] = set()
    step: str | None = parent
    while step is not None and step not in seen:
        if step == code_id:
            return True
        seen.add(step)
        step = parents.get(step)
    return False


def _short(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")
