"""The codebook screen: add, rename, recolour, set keys, describe, keywords, delete codes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from annotations.codebook import Codebook
from annotations.colours import ColourError, parse_colour
from annotations.keywords import KEYWORD_RULE, KeywordError, keyword_pattern
from annotations.model import Code
from annotations.suggest import keywords_for
from tui.coding import Outcome
from tui.coding_app import CodingApp
from tui.dialogs.prompts import Choice, TextPrompt
from tui.formatting import visible
from tui.messages import ShowPassages, StoreChanged
from tui.session import Session
from tui.widgets.status import framed

P = ParamSpec("P")

RESERVED_KEYS = set("qcrepthjklwbvnxumsfgS/?[]{}.,AoP") | {" "}
"""Keys the reader already uses; a code cannot take them."""


class CodeTable(DataTable[Text]):
    """The codes, one per row; home and end go to the first and last code, as in every list."""

    BINDINGS = [
        Binding("home", "first", "First", show=False, id="codebook.first"),
        Binding("end", "last", "Last", show=False, id="codebook.last"),
    ]

    def action_first(self) -> None:
        if self.row_count:
            self.move_cursor(row=0)

    def action_last(self) -> None:
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)


class CodebookScreen(Screen[None]):
    """Every code with its key, colour, description and how often it is used."""

    CSS_PATH = Path(__file__).with_name("codebook.tcss")

    app = getters.app(CodingApp)

    BINDINGS = [
        Binding("escape", "back", "Back", id="codebook.back"),
        Binding("a", "add", "Add", id="codebook.add"),
        Binding("R,f2", "rename", "Rename", key_display="R", id="codebook.rename"),
        Binding("o", "recolour", "Colour", id="codebook.recolour"),
        Binding("K", "rekey", "Key", key_display="K", id="codebook.rekey"),
        Binding("d", "describe", "Describe", id="codebook.describe"),
        Binding("x,delete", "delete", "Delete", id="codebook.delete"),
        Binding("enter", "passages", "Passages", id="codebook.passages"),
        Binding("g", "suggest", "Suggest", id="codebook.suggest"),
        Binding("w", "keywords", "Keywords", show=False, id="codebook.keywords"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    @property
    def codebook(self) -> Codebook:
        return self.session.store.codebook

    def compose(self) -> ComposeResult:
        yield from framed(
            self.session.read_only_reason,
            Static(Text("Codebook", style="bold"), id="codebook-title"),
            CodeTable(id="codes", cursor_type="row"),
        )

    def on_mount(self) -> None:
        table = self.query_one("#codes", DataTable)
        for label, width in (("key", 5), ("", 2), ("code", 28), ("id", 24), ("uses", 6)):
            table.add_column(label, width=width)
        table.add_column("description")
        self.fill()
        table.focus()

    def fill(self, keep: str | None = None) -> None:
        table = self.query_one("#codes", DataTable)
        current = keep or self.current()
        table.clear()
        counts = self.session.store.code_counts()
        for code in self.codebook.codes:
            name = Text(visible(code.name))
            if code.parent:
                name = Text("  ↳ ") + name
            table.add_row(
                Text(code.key or "-"),
                Text("■", style=code.colour),
                name,
                Text(visible(code.id), style="dim"),
                Text(str(counts.get(code.id, 0))),
                Text(visible(code.description)),
                key=code.id,
            )
        if current and current in table.rows:
            table.move_cursor(row=table.get_row_index(current))

    def current(self) -> str | None:
        table = self.query_one("#codes", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def current_code(self) -> Code | None:
        code_id = self.current()
        return self.codebook.get(code_id) if code_id else None

    def ask(self, question: str, value: str, then: Callable[[str], None]) -> None:
        def answered(result: str | None) -> None:
            if result is not None:
                then(result)

        self.app.push_screen(TextPrompt(question, value), answered)

    def change(self, request: Callable[P, Outcome], *args: P.args, **kwargs: P.kwargs) -> None:
        """One change to the codebook through the coding session; the table shows it, with
        the cursor on the code the change was about."""
        outcome = self.app.perform(request, *args, **kwargs)
        self.fill(outcome.code if outcome is not None else None)

    def action_add(self) -> None:
        def add(name: str) -> None:
            name = name.strip()
            if name:
                self.change(self.app.coding.add_code, name)

        self.ask("Name of the new code", "", add)

    def action_rename(self) -> None:
        code = self.current_code()
        if code is None:
            return

        def rename(name: str) -> None:
            if name.strip():
                self.change(self.app.coding.rename_code, code.id, name.strip())

        self.ask(f"Rename “{code.name}” (its id {code.id} stays)", code.name, rename)

    def action_recolour(self) -> None:
        code = self.current_code()
        if code is None:
            return

        question = f"Colour for “{code.name}”: #RRGGBB or a name (teal, purple, dark orange)"

        def recolour(typed: str) -> None:
            try:
                colour = parse_colour(typed)
            except ColourError as error:
                self.notify(visible(str(error)), severity="error", markup=False, timeout=8)
                self.ask(question, typed, recolour)  # again, keeping what was typed
                return
            self.change(self.app.coding.recolour_code, code.id, colour)

        self.ask(question, code.colour, recolour)

    def action_keywords(self) -> None:
        code = self.current_code()
        if code is None:
            return

        def keywords(typed: str) -> None:
            words = [word.strip() for word in typed.split(",")]
            try:
                for word in filter(None, words):
                    keyword_pattern(word)
            except KeywordError as error:
                self.notify(visible(str(error)), severity="error", markup=False, timeout=8)
                self.ask(question, typed, keywords)
                return
            self.change(self.app.coding.set_keywords, code.id, words)

        question = f"Keywords for “{code.name}”, separated by commas. {KEYWORD_RULE}"
        self.ask(question, ", ".join(keywords_for(code)), keywords)

    def action_rekey(self) -> None:
        code = self.current_code()
        if code is None:
            return

        def rekey(key: str) -> None:
            key = key.strip()
            if len(key) > 1 or key in RESERVED_KEYS:
                self.notify(
                    "A code key is one character not used by the reader "
                    f"(not {' '.join(sorted(RESERVED_KEYS - {' '}))}).",
                    severity="error",
                )
                return
            holder = self.codebook.by_key(key) if key else None
            if holder is None or holder.id == code.id:
                self.change(self.app.coding.rekey_code, code.id, key or None)
                return

            def chosen(choice: str | None) -> None:
                if choice == "swap":
                    self.change(self.app.coding.rekey_code, code.id, key, swap=True)

            self.app.push_screen(
                Choice(
                    f"Key {key} belongs to “{holder.name}”.",
                    [
                        ("swap", f"Take it; “{holder.name}” gets {code.key or 'no key'}"),
                        ("keep", "Keep the keys as they are"),
                    ],
                ),
                chosen,
            )

        self.ask(f"Key for “{code.name}” (one character; empty for none)", code.key or "", rekey)

    def action_describe(self) -> None:
        code = self.current_code()
        if code is None:
            return
        self.ask(
            f"Description of “{code.name}”",
            code.description,
            lambda text: self.change(self.app.coding.describe_code, code.id, text),
        )

    def action_delete(self) -> None:
        code = self.current_code()
        if code is None:
            return
        uses = self.session.store.code_counts().get(code.id, 0)
        if not uses:
            self.change(self.app.coding.delete_code, code)
            return
        others = [c for c in self.codebook.codes if c.id != code.id]
        choices = [("strip", f"Remove “{code.name}” from its {uses} passage(s)")]
        choices += [(f"to:{c.id}", f"Move its {uses} passage(s) to “{c.name}”") for c in others]

        def chosen(choice: str | None) -> None:
            if choice == "strip":
                self.change(self.app.coding.delete_code, code, strip=True)
            elif choice and choice.startswith("to:"):
                target = choice[3:]
                self.change(self.app.coding.delete_code, code, reassign_to=target)

        self.app.push_screen(
            Choice(f"“{code.name}” is used {uses} time(s). Delete it and…", choices), chosen
        )

    def action_passages(self) -> None:
        code_id = self.current()
        if code_id:
            self.post_message(ShowPassages(code_id))

    def action_suggest(self) -> None:
        from tui.screens.suggestions import SuggestionsScreen

        code_id = self.current()
        if code_id:
            self.app.push_screen(SuggestionsScreen(self.session, code_id))

    def on_store_changed(self, _: StoreChanged) -> None:
        self.fill()

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_screen_resume(self) -> None:
        self.fill()
