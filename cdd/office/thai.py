"""Thai text as it arrives in letters and spreadsheets: digits, stray characters, name forms."""

from __future__ import annotations

import re
import unicodedata

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)

# Characters that show as nothing but break equality: zero-width space, joiners, BOM.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# The vowel ำ (SARA AM) is often typed as NIKHAHIT + SARA AA, with a tone mark before or between
# them (น้ำ as น + ้ + ํ + า, or น + ํ + ้ + า); all look identical on screen.
_SARA_AM_TYPED_AS_TWO = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")
# Characters that turn the order of what follows (a name shown backwards in the history): never shown.
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Every sign Markdown gives a meaning to: escaped, a person's text is shown as typed, never as a link,
# an image fetched from elsewhere, or HTML.
_MARKDOWN_SIGNS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def without_bidi_controls(text: object) -> str:
    return _BIDI_CONTROLS.sub("", str(text))


def plain_text(text: object) -> str:
    """Text that people wrote (a file name, a cell, an account name) for a place that renders Markdown."""
    return _MARKDOWN_SIGNS.sub(r"\\\1", without_bidi_controls(text))


def to_arabic_digits(text: str) -> str:
    """'๕๗๐๔' → '5704'; other characters are kept."""
    return text.translate(_TO_ARABIC)


def to_thai_digits(text: str) -> str:
    """'2567' → '๒๕๖๗', as the letters print numbers."""
    return text.translate(_TO_THAI)


def clean_text(text: str) -> str:
    """Text as a person meant it: NFC, no invisible characters, ำ as one character, single spaces."""
    text = unicodedata.normalize("NFC", str(text))
    text = _INVISIBLE.sub("", text)
    text = _SARA_AM_TYPED_AS_TWO.sub("\\1\u0e33", text)
    return " ".join(text.split())
