"""Code colours as people write them: ``#2e9e5b``, ``#0a0``, ``teal``, ``Dark Orange``.

A code's colour is stored as ``#rrggbb``. What a user types is read as, in order: ``#RRGGBB``
or ``#RGB``; one of the 148 CSS colour names (``purple`` is CSS purple, #800080); one of Rich's
terminal colour names (``dark_orange3``, ``grey50``, ``bright_red``), at the colour a standard
terminal shows. A hex colour needs its ``#`` (``bed`` is not #bbeedd). Case, spaces, dashes and
underscores in names do not matter. Anything else is refused with the reason and, where one is
close, the name that was probably meant.
"""

from __future__ import annotations

import difflib
import re

from .errors import CasereaderError

__all__ = ["CSS_COLOURS", "ColourError", "parse_colour"]


class ColourError(CasereaderError, ValueError):
    """A value that is not a colour; the message says why and what would be."""


_CSS = """
aliceblue f0f8ff antiquewhite faebd7 aqua 00ffff aquamarine 7fffd4 azure f0ffff beige f5f5dc
bisque ffe4c4 black 000000 blanchedalmond ffebcd blue 0000ff blueviolet 8a2be2 brown a52a2a
burlywood deb887 cadetblue 5f9ea0 chartreuse 7fff00 chocolate d2691e coral ff7f50
cornflowerblue 6495ed cornsilk fff8dc crimson dc143c cyan 00ffff darkblue 00008b
darkcyan 008b8b darkgoldenrod b8860b darkgray a9a9a9 darkgreen 006400 darkgrey a9a9a9
darkkhaki bdb76b darkmagenta 8b008b darkolivegreen 556b2f darkorange ff8c00 darkorchid 9932cc
darkred 8b0000 darksalmon e9967a darkseagreen 8fbc8f darkslateblue 483d8b darkslategray 2f4f4f
darkslategrey 2f4f4f darkturquoise 00ced1 darkviolet 9400d3 deeppink ff1493 deepskyblue 00bfff
dimgray 696969 dimgrey 696969 dodgerblue 1e90ff firebrick b22222 floralwhite fffaf0
forestgreen 228b22 fuchsia ff00ff gainsboro dcdcdc ghostwhite f8f8ff gold ffd700
goldenrod daa520 gray 808080 green 008000 greenyellow adff2f grey 808080 honeydew f0fff0
hotpink ff69b4 indianred cd5c5c indigo 4b0082 ivory fffff0 khaki f0e68c lavender e6e6fa
lavenderblush fff0f5 lawngreen 7cfc00 lemonchiffon fffacd lightblue add8e6 lightcoral f08080
lightcyan e0ffff lightgoldenrodyellow fafad2 lightgray d3d3d3 lightgreen 90ee90
lightgrey d3d3d3 lightpink ffb6c1 lightsalmon ffa07a lightseagreen 20b2aa lightskyblue 87cefa
lightslategray 778899 lightslategrey 778899 lightsteelblue b0c4de lightyellow ffffe0
lime 00ff00 limegreen 32cd32 linen faf0e6 magenta ff00ff maroon 800000
mediumaquamarine 66cdaa mediumblue 0000cd mediumorchid ba55d3 mediumpurple 9370db
mediumseagreen 3cb371 mediumslateblue 7b68ee mediumspringgreen 00fa9a mediumturquoise 48d1cc
mediumvioletred c71585 midnightblue 191970 mintcream f5fffa mistyrose ffe4e1 moccasin ffe4b5
navajowhite ffdead navy 000080 oldlace fdf5e6 olive 808000 olivedrab 6b8e23 orange ffa500
orangered ff4500 orchid da70d6 palegoldenrod eee8aa palegreen 98fb98 paleturquoise afeeee
palevioletred db7093 papayawhip ffefd5 peachpuff ffdab9 peru cd853f pink ffc0cb plum dda0dd
powderblue b0e0e6 purple 800080 rebeccapurple 663399 red ff0000 rosybrown bc8f8f
royalblue 4169e1 saddlebrown 8b4513 salmon fa8072 sandybrown f4a460 seagreen 2e8b57
seashell fff5ee sienna a0522d silver c0c0c0 skyblue 87ceeb slateblue 6a5acd slategray 708090
slategrey 708090 snow fffafa springgreen 00ff7f steelblue 4682b4 tan d2b48c teal 008080
thistle d8bfd8 tomato ff6347 turquoise 40e0d0 violet ee82ee wheat f5deb3 white ffffff
whitesmoke f5f5f5 yellow ffff00 yellowgreen 9acd32
"""
_PAIRS = _CSS.split()
CSS_COLOURS: dict[str, str] = {
    name: "#" + hex_ for name, hex_ in zip(_PAIRS[::2], _PAIRS[1::2], strict=True)
}
"""The CSS named colours (CSS Color Module Level 4), as ``#rrggbb``."""

_HEX = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")
_SEPARATORS = re.compile(r"[\s_-]+")
EXAMPLES = "#2e9e5b, purple, teal, dark orange"


def parse_colour(value: str) -> str:
    """``#rrggbb`` for a colour as typed; ColourError with the reason otherwise."""
    text = value.strip()
    if not text:
        raise ColourError(f"a colour is needed: #RRGGBB or a name ({EXAMPLES})")
    colour = _hex(text) or _named(text)
    if colour is None:
        raise ColourError(_why_not(text))
    return colour


def _hex(text: str) -> str | None:
    """``#rrggbb`` for ``#RRGGBB`` or ``#RGB`` (each digit doubled), else None."""
    hex_match = _HEX.fullmatch(text)
    if hex_match is None:
        return None
    digits = hex_match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return "#" + digits


def _named(text: str) -> str | None:
    words = _SEPARATORS.sub(" ", text.lower()).split()
    css = CSS_COLOURS.get("".join(words))
    if css is not None:
        return css
    return _rich_colour("_".join(words))


def _rich_colour(name: str) -> str | None:
    """A Rich (terminal) colour name at the colour a standard terminal shows, else None."""
    if not name or not re.fullmatch(r"[a-z0-9_]+", name):
        return None
    from rich.color import ANSI_COLOR_NAMES, Color, ColorParseError

    if name not in ANSI_COLOR_NAMES:
        return None
    try:
        return Color.parse(name).get_truecolor().hex
    except ColorParseError:
        return None


def _why_not(text: str) -> str:
    shown = text if len(text) <= 40 else text[:39] + "…"
    if text.startswith("#"):
        return _why_not_hex(shown, text[1:])
    if re.fullmatch(r"[0-9a-fA-F]{6}", text):
        return f"{shown!r} is not a colour: write it with a # (#{text.lower()})"
    message = f"{shown!r} is not a colour: write #RRGGBB or a colour name ({EXAMPLES})"
    return message + _did_you_mean(text)


def _why_not_hex(shown: str, digits: str) -> str:
    """What is wrong with a ``#...`` colour: a character that is not a hex digit, or the
    number of digits."""
    bad = next((c for c in digits if c not in "0123456789abcdefABCDEF"), None)
    if bad is not None:
        return f"{shown!r} is not a colour: {bad!r} is not a hex digit (0-9, a-f)"
    return (
        f"{shown!r} is not a colour: it has {len(digits)} hex digits; write #RRGGBB (6) or #RGB (3)"
    )


def _did_you_mean(text: str) -> str:
    """The nearest CSS colour name to a misspelt one, as a hint; "" when none is close."""
    close = difflib.get_close_matches(
        "".join(_SEPARATORS.sub(" ", text.lower()).split()), list(CSS_COLOURS), n=1, cutoff=0.75
    )
    return f"; did you mean {close[0]}?" if close else ""
