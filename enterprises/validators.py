"""Unified Social Credit Code (统一社会信用代码, GB 32100-2015) and GB/T 4754 industry-code validation.

Forms normalise what users paste (spaces, lower case, full-width characters) before validating, so the
messages below only ever describe a real mistake in the code itself.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015 clause 4: 31 symbols, the value of a symbol is its index (I, O, S, V, Z are never used).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_LENGTH = 18
# GB 32100-2015 clause 5: weights of characters 1-17 for the check character (3^i mod 31).
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

_VALUE = {symbol: index for index, symbol in enumerate(USCC_ALPHABET)}
_WHITESPACE = re.compile(r"\s+", re.UNICODE)  # includes U+3000 (ideographic space) and NBSP
_FULL_WIDTH_OFFSET = 0xFF01 - 0x21


def normalize_uscc(value) -> str:
    """Return `value` without any whitespace, with full-width ASCII (U+FF01..U+FF5E) folded, upper-cased."""
    text = _WHITESPACE.sub("", str(value or ""))
    folded = "".join(chr(ord(ch) - _FULL_WIDTH_OFFSET) if "\uff01" <= ch <= "\uff5e" else ch for ch in text)
    return folded.upper()


def uscc_check_character(first17: str) -> str:
    """The 18th character of a code whose first 17 characters are `first17` (all from the alphabet)."""
    if len(first17) != USCC_LENGTH - 1:
        raise ValueError("uscc_check_character needs exactly 17 characters")
    total = sum(_VALUE[ch] * weight for ch, weight in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(value) -> None:
    """Raise ValidationError saying what is wrong unless `value` is a valid, already normalised USCC."""
    code = "" if value is None else str(value)
    if len(code) != USCC_LENGTH:
        raise ValidationError(
            _("A Unified Social Credit Code has 18 characters; this one has %(length)d."),
            code="uscc_length",
            params={"length": len(code)},
        )
    for position, ch in enumerate(code, start=1):
        if ch not in _VALUE:
            raise ValidationError(
                _(
                    "Character %(position)d (“%(character)s”) cannot appear in a Unified Social Credit Code: "
                    "only digits and the capital letters A-Y except I, O, S, V and Z are used."
                ),
                code="uscc_character",
                params={"position": position, "character": ch},
            )
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _(
                "The check character (the 18th) should be “%(expected)s” but is “%(given)s”: "
                "one of the characters was probably mistyped."
            ),
            code="uscc_check",
            params={"expected": expected, "given": code[17]},
        )


# Section letter plus a 2-digit division, optionally its 3-digit group or 4-digit class: "C39", "C397", "C3973".
INDUSTRY_CODE_RE = re.compile(r"^([A-T])(\d{2})(\d{1,2})?$")


def normalize_industry_code(value) -> str:
    return normalize_uscc(value)  # same folding: users paste full-width letters and spaces here too


def validate_industry_code(value) -> None:
    """A GB/T 4754-2017 code whose division exists and belongs to the section given by its letter."""
    from .gbt4754 import DIVISION_SECTION  # local import: gbt4754 imports nothing of ours, but keep it lazy

    match = INDUSTRY_CODE_RE.match(str(value or ""))
    if not match:
        raise ValidationError(
            _(
                "Enter a GB/T 4754-2017 industry code: the section letter and 2 to 4 digits of the division, "
                "group or class, for example C3973."
            ),
            code="industry_format",
        )
    section, division = match.group(1), match.group(2)
    if division not in DIVISION_SECTION:
        raise ValidationError(
            _("Division %(division)s does not exist in GB/T 4754-2017."),
            code="industry_division",
            params={"division": division},
        )
    if DIVISION_SECTION[division] != section:
        raise ValidationError(
            _("Division %(division)s belongs to section %(expected)s, not %(given)s."),
            code="industry_section",
            params={"division": division, "expected": DIVISION_SECTION[division], "given": section},
        )
