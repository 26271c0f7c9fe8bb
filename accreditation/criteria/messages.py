"""User-facing messages of the engine: translatable templates, rendered lazily in the active language.

A `Msg` pairs a msgid (marked with gettext_noop so makemessages finds it) with a formatter per placeholder.
Criteria store the template and raw values; `render` translates and formats only when someone reads the
message. Placeholders are %-style and named, so translators can reorder them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from . import names
from .names import fact_names, translate

# Every template defined anywhere in the engine, for the translation tests and the catalogue fragment.
ALL: list[Msg] = []

# While a batch renders in one language (`one_language`), the messages it has rendered, by (template, arguments),
# up to RENDERED_LIMIT of them (the translations it has looked up are kept by `names.translate`).
_rendered: dict[tuple, str] | None = None
RENDERED_LIMIT = 50_000


@contextmanager
def one_language(language: str):
    """Render every message in `language` until the block ends, looking each msgid up once (not thread-safe: for
    a command's batch, never for a web request)."""
    global _rendered
    with translation.override(language):
        names._translated, _rendered = {}, {}
        try:
            yield
        finally:
            names._translated = _rendered = None


PLACEHOLDER = re.compile(r"%\((\w+)\)")


class Msg:
    """A template and the formatter of each placeholder; `keys` are its placeholders in the order they first appear,
    which is the order of a result's message arguments when they are given as a tuple (see `params`)."""

    __slots__ = ("formats", "keys", "text")

    def __init__(self, text: str, formats: tuple[tuple[str, Callable[[Any], str]], ...]):
        self.text = text
        self.formats = formats
        self.keys = tuple(dict.fromkeys(PLACEHOLDER.findall(text)))

    def params(self, args: dict[str, Any] | tuple) -> dict[str, Any]:
        """The named parameters of a result's message arguments: a dict as it is, a tuple by `keys`."""
        return args if args.__class__ is dict else dict(zip(self.keys, args, strict=True))

    def render(self, args: dict[str, Any] | tuple) -> str:
        rendered = _rendered
        if rendered is not None and args.__class__ is tuple:
            # In a batch of one language, the same message with the same arguments (most results of a criterion
            # that takes a few values) is formatted once.
            # The key holds the arguments' types too: 3 and 3.0 are equal but show differently.
            key = (self, args, tuple(map(type, args)))
            try:
                text = rendered.get(key)
            except TypeError:  # an argument that cannot be hashed: formatted each time
                return self._render(args)
            if text is None:
                if len(rendered) >= RENDERED_LIMIT:
                    rendered.clear()
                text = rendered[key] = self._render(args)
            return text
        return self._render(args)

    def _render(self, args: dict[str, Any] | tuple) -> str:
        values = dict(args) if args.__class__ is dict else dict(zip(self.keys, args, strict=True))
        for key, fmt in self.formats:
            values[key] = fmt(values[key])
        return translate(self.text) % values

    def __repr__(self) -> str:
        return f"Msg({self.text!r})"


def msg(text: str, **formats: Callable[[Any], str]) -> Msg:
    """Declare a message template; `formats` name the formatter of each placeholder that is not plain text."""
    m = Msg(text, tuple(formats.items()))
    ALL.append(m)
    return m


# --- formatters ------------------------------------------------------------------------------------------------

# Names of administrative divisions by code (lazy, translatable), given by the app that keeps them: the engine
# imports no app. A code without a name is shown as it is.
PLACE_NAMES: dict[str, Any] = {}


def place_name(code: str | None) -> str:
    """A district's name in the active language (its code only when the portal knows no name for it)."""
    if not code:
        return gettext("no district")
    name = PLACE_NAMES.get(code)
    return str(name) if name is not None else code


def place_names(codes) -> str:
    return ", ".join(place_name(code) for code in codes)


def pct(value: float | Decimal) -> str:
    """A percentage with one decimal ("4.0%"); values are already rounded to one decimal by `down1`/`up1`."""
    return f"{float(value):.1f}%"


def money(value: int | Decimal) -> str:
    """Yuan with thousands separators, no decimals."""
    return f"{int(value):,}"


def translated(value: str) -> str:
    """A label that is itself a msgid (marked with gettext_noop)."""
    return translate(value)


def fields(value: tuple[str, ...]) -> str:
    return ", ".join(value)


# The tiny epsilon of down1 and up1 absorbs binary noise (0.3 * 10 == 2.9999999999999996) without moving a real value.
ROUNDING_NOISE = 1e-9


def down1(value: float) -> float:
    """Round down to one decimal, for values tested against a floor: 2.96% shows as 2.9%, not a passing 3.0%."""
    return math.floor(value * 10 + ROUNDING_NOISE) / 10


def up1(value: float) -> float:
    """Round up to one decimal, for values tested against a ceiling: 55.04% shows as 55.1%, not a passing 55.0%."""
    return math.ceil(value * 10 - ROUNDING_NOISE) / 10


def ceil_pct_of(percent: int | Decimal | float, base: int | Decimal) -> int:
    """The smallest whole yuan amount that is at least `percent`% of `base`, exactly (no float on money)."""
    num, den = percent.as_integer_ratio() if not isinstance(percent, int) else (percent, 1)
    return -(-(num * int(base)) // (100 * den))


# --- messages shared by every criterion ------------------------------------------------------------------------

# The missing facts are named in plain words ("the 2025 total assets"), never by field path.
UNKNOWN = msg(gettext_noop("Cannot tell yet: needs %(fields)s"), fields=fact_names)
