"""Background colours for what the document view marks, kept apart in every colour system.

Highlights are tints: a code's colour blended into the background, so text stays readable.
A terminal with 256 or 16 colours gets the nearest colour it has (Rich downgrades at output),
and nearby tints collapse: under ``TERM=tmux-256color`` the selection and a *strength*
highlight were both colour 23. Here each role (every code, overlapping codes, the selection,
a search match) gets a tint whose downgraded colour no other role has, nor the background,
nor the text colour (which the cursor, drawn reversed, shows as its background). The tint is
moved away from the usual one only as far as needed, so truecolor looks as before.

Pure functions over Textual colours and Rich's downgrade: the widget asks once per theme,
colour system and codebook (``tests/unit/test_paint.py`` and the rendering tests check).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rich.color import Color as RichColor
from rich.color import ColorSystem, ColorType
from rich.color_triplet import ColorTriplet
from textual.color import Color

SYSTEMS: dict[str, ColorSystem] = {
    "truecolor": ColorSystem.TRUECOLOR,
    "256": ColorSystem.EIGHT_BIT,
    "standard": ColorSystem.STANDARD,
    "windows": ColorSystem.WINDOWS,
}
"""``Console.color_system`` names."""

HIGHLIGHT_TINTS = (0.35, 0.45, 0.25, 0.55, 0.65, 0.2, 0.75, 0.85, 0.15, 1.0)
OVERLAP_TINTS = (0.55, 0.65, 0.45, 0.75, 0.85, 0.35, 1.0)
SELECTION_TINTS = (0.45, 0.6, 0.3, 0.75, 0.9, 1.0)
MATCH_TINTS = (0.5, 0.65, 0.35, 0.8, 1.0)
MIN_CONTRAST = 3.0
"""Text on a chosen background must keep at least this contrast (WCAG ratio)."""

BLACK, WHITE = Color(0, 0, 0), Color(255, 255, 255)


def shown(colour: Color, system: ColorSystem | None) -> tuple[int, ...]:
    """What the terminal is sent for ``colour``: its RGB in truecolor, else a palette number."""
    rich = colour.rich_color
    if system is None or system == ColorSystem.TRUECOLOR:
        triplet = rich.get_truecolor()
        return (triplet.red, triplet.green, triplet.blue)
    downgraded = rich.downgrade(system)
    if downgraded.type == ColorType.TRUECOLOR:  # (not expected below truecolor)
        triplet = downgraded.get_truecolor()
        return (triplet.red, triplet.green, triplet.blue)
    return (-1, downgraded.number if downgraded.number is not None else -1)


def appearance(colour: Color, system: ColorSystem | None) -> Color:
    """The colour the terminal shows for ``colour`` (its palette entry's RGB, as Rich has it)."""
    rich = colour.rich_color
    if system is None or system == ColorSystem.TRUECOLOR:
        return colour
    downgraded = rich.downgrade(system)
    triplet: ColorTriplet = downgraded.get_truecolor()
    return Color(triplet.red, triplet.green, triplet.blue)


def luminance(colour: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)


def contrast(a: Color, b: Color) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@dataclass
class Paint:
    """Backgrounds (and the text colour to use on each) for one theme and colour system."""

    system: ColorSystem | None
    base: Color
    text: Color
    codes: dict[str, Color] = field(default_factory=dict)
    """A code's colour (as written in the codebook) -> its highlight background."""
    selection: Color = BLACK
    match: Color = BLACK
    overlap: Color | None = None
    """One background for every overlap below truecolor; None: each mix chosen on demand."""
    mixes: dict[tuple[str, ...], Color] = field(default_factory=dict)
    taken: set[tuple[int, ...]] = field(default_factory=set)

    def highlight(self, colour: str) -> Color:
        """The background for one code's passage (codes the paint was not made for included)."""
        found = self.codes.get(colour)
        if found is None:
            found = self.codes[colour] = self.pick(parse(colour), HIGHLIGHT_TINTS)
        return found

    def overlapping(self, colours: Sequence[str]) -> Color:
        """The background where passages of these codes overlap."""
        if self.overlap is not None:
            return self.overlap
        key = tuple(colours)
        found = self.mixes.get(key)
        if found is None:
            found = self.mixes[key] = self.pick(mix(colours), OVERLAP_TINTS)
        return found

    def ink(self, background: Color) -> Color:
        """Text colour on ``background``: the theme's, unless the terminal's colours make it
        hard to read there (a bright 16-colour background), then black or white."""
        shown_background = appearance(background, self.system)
        if contrast(appearance(self.text, self.system), shown_background) >= MIN_CONTRAST:
            return self.text
        return max((BLACK, WHITE), key=lambda ink: contrast(ink, shown_background))

    def pick(self, colour: Color, tints: Iterable[float]) -> Color:
        """The first tint of ``colour`` over the base that no other role shows, readable; else
        the nearest unused colour the terminal has."""
        for tint in tints:
            candidate = self.base.blend(colour, tint)
            if self.claim(candidate):
                return candidate
        for candidate in sorted(palette(self.system), key=lambda c: distance(c, colour)):
            if self.claim(candidate):
                return candidate
        return self.base.blend(colour, tints_first(tints))  # everything taken: share

    def claim(self, candidate: Color) -> bool:
        key = shown(candidate, self.system)
        if key in self.taken:
            return False
        shown_candidate = appearance(candidate, self.system)
        if max(contrast(ink, shown_candidate) for ink in (self.text, BLACK, WHITE)) < MIN_CONTRAST:
            return False
        self.taken.add(key)
        return True


def choose(
    base: Color,
    text: Color,
    codes: Sequence[str],
    selection: Color,
    match: Color,
    system: ColorSystem | None,
) -> Paint:
    """Backgrounds for the codes' colours (in codebook order: earlier codes keep the usual
    tint), overlaps, the selection and search matches, all distinct as the terminal shows them.
    """
    paint = Paint(system, base, text)
    paint.taken = {shown(base, system), shown(text, system)}
    paint.selection = paint.pick(selection, SELECTION_TINTS)
    for colour in dict.fromkeys(codes):
        paint.highlight(colour)
    paint.match = paint.pick(match, MATCH_TINTS)
    if system not in (None, ColorSystem.TRUECOLOR):
        paint.overlap = paint.pick(mix(codes[:2]) if codes else selection, OVERLAP_TINTS)
    return paint


def parse(colour: str) -> Color:
    try:
        return Color.parse(colour)
    except Exception:  # a bad colour in a hand-edited codebook: grey, not a crash
        return Color(128, 128, 128)


def mix(colours: Sequence[str]) -> Color:
    parsed = [parse(colour) for colour in colours] or [Color(128, 128, 128)]
    count = len(parsed)
    return Color(
        sum(c.r for c in parsed) // count,
        sum(c.g for c in parsed) // count,
        sum(c.b for c in parsed) // count,
    )


def distance(a: Color, b: Color) -> float:
    return (a.r - b.r) ** 2 * 0.3 + (a.g - b.g) ** 2 * 0.59 + (a.b - b.b) ** 2 * 0.11


def tints_first(tints: Iterable[float]) -> float:
    return next(iter(tints), 0.35)


def palette(system: ColorSystem | None) -> list[Color]:
    """Every colour the terminal has, as RGB (none to list for truecolor)."""
    if system == ColorSystem.STANDARD or system == ColorSystem.WINDOWS:
        count = 16
        kind = ColorType.STANDARD if system == ColorSystem.STANDARD else ColorType.WINDOWS
    elif system == ColorSystem.EIGHT_BIT:
        count, kind = 256, ColorType.EIGHT_BIT
    else:
        return []
    colours = []
    for number in range(count):
        triplet = RichColor("x", kind, number=number).get_truecolor()
        colours.append(Color(triplet.red, triplet.green, triplet.blue))
    return colours
