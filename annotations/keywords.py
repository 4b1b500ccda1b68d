"""How a code's keywords match text (suggestions; see ``reports.suggest``).

The rule, as the codebook and the README state it:

- A word matches itself and its usual English forms, in any case: ``recruit`` finds recruit,
  recruits, recruited, recruiting, recruiter(s), recruitment(s) and recruit's; ``care`` finds
  cares, cared, caring, carer(s) but not career; ``vacancy`` finds vacancies; ``plan`` finds
  planned and planning. Irregular forms (child, children) are not found: list them.
- ``recruit*`` matches any word that starts with ``recruit``.
- Several words match as a phrase, across any run of white space; the forms apply to the last
  word (``social worker`` finds social workers).
- ``/.../`` is a regular expression, as written (any case).

A keyword becomes one compiled pattern, so matching a corpus stays one regular-expression scan
per keyword and document.
"""

from __future__ import annotations

import re

from .errors import CasereaderError

KEYWORD_RULE = (
    "a word also finds its forms (recruit: recruits, recruited, recruiting, recruitment); "
    "recruit* any ending; words in a phrase in order; /pattern/ a regular expression"
)
"""The rule in one line, for the codebook screen and prompts."""

_GENERAL = ("s", "es", "ed", "ing", "er", "ers", "ment", "ments", "ly")
"""Endings added to a word as written."""
_AFTER_E = ("s", "d", "r", "rs", "ment", "ments", "ly")
"""Endings added to a word in ``e`` (care: cares, cared, carer); vowel endings drop the ``e``."""
_DROPPED_E = ("ing", "ed", "er", "ers", "es")
_AFTER_Y = ("ies", "ied", "ier", "iers")
"""A consonant and ``y`` (vacancy): the ``y`` becomes ``i``."""
_DOUBLED = ("ed", "ing", "er", "ers")
"""plan: planned, planning (the final consonant doubled)."""
_POSSESSIVE = r"(?:['’]s|s['’](?!\w))?"
_VOWELS = "aeiou"


class KeywordError(CasereaderError, ValueError):
    """A keyword that cannot be matched: empty, or a pattern that does not compile."""


def _alternatives(endings: tuple[str, ...]) -> str:
    return "(?:" + "|".join(endings) + ")"


def _word_parts(word: str) -> tuple[str, str]:
    """A lower-case word as (literal start, pattern for the rest): the word and its forms."""
    if not word[-1:].isalpha():
        return word, ""
    if _drops_final_e(word):
        rest = f"(?:e{_alternatives(_AFTER_E)}?|{_alternatives(_DROPPED_E)})"
        return word[:-1], rest
    if _y_becomes_i(word):
        return word[:-1], f"(?:y(?:s|ing)?|{_alternatives(_AFTER_Y)})"
    endings = [_alternatives(_GENERAL)]
    if _doubles_final_consonant(word):
        endings.append(re.escape(word[-1]) + _alternatives(_DOUBLED))
    return word, "(?:" + "|".join(endings) + ")?"


def _drops_final_e(word: str) -> bool:
    """A silent final e that goes before -ing, -ed (place, placing), but not a double ee."""
    return len(word) > 2 and word.endswith("e") and not word.endswith("ee")


def _y_becomes_i(word: str) -> bool:
    """A final y after a consonant, which becomes i (family, families)."""
    return len(word) > 2 and word.endswith("y") and word[-2] not in _VOWELS


def _doubles_final_consonant(word: str) -> bool:
    """Consonant-vowel-consonant at the end, whose consonant may double (plan, planned);
    never w, x or y."""
    if len(word) <= 2 or word[-1] in _VOWELS + "wxy":
        return False
    return word[-2] in _VOWELS and word[-3] not in _VOWELS


def _compile(keyword: str, flags: int) -> re.Pattern[str]:
    """The pattern of a word keyword, starting with its first word as a literal (so the
    regular-expression engine can skip ahead to it) and checked for a word start after."""
    words = keyword.strip()
    if not words.rstrip("*").strip():
        raise KeywordError(f"keyword {keyword!r} is empty")
    prefix = words.endswith("*")
    parts = words.rstrip("*").lower().split()
    if prefix:
        start, last = parts[-1], r"\w*"
    else:
        start, last = _word_parts(parts[-1])
        last += _POSSESSIVE
    if len(parts) > 1:
        middle = [re.escape(part) for part in parts[1:-1]]
        last = r"\s+".join(["", *middle, re.escape(start) + last])
        start = parts[0]
    literal = re.escape(start)
    return re.compile(literal + rf"(?<!\w{literal})" + last + r"(?!\w)", flags)


def _is_pattern(keyword: str) -> bool:
    """A ``/pattern/`` keyword (a regular expression between slashes), not words."""
    return len(keyword) > 2 and keyword.startswith("/") and keyword.endswith("/")


def keyword_pattern(keyword: str) -> re.Pattern[str]:
    """A keyword as a pattern for text in any case (see the module rule). Raises
    KeywordError."""
    if _is_pattern(keyword):
        try:
            return re.compile(keyword[1:-1], re.IGNORECASE)
        except re.error as error:
            raise KeywordError(f"keyword {keyword}: not a valid pattern ({error})") from None
    return _compile(keyword, re.IGNORECASE)


def lower_case_pattern(keyword: str) -> re.Pattern[str] | None:
    """The same, for text already in lower case, where it runs many times faster (no
    case-insensitive matching); None for a ``/pattern/``, which is run as written."""
    if _is_pattern(keyword):
        return None
    return _compile(keyword, 0)
