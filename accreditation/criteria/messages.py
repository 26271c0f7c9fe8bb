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

from accreditation.criteria import names
from accreditation.criteria.names import fact_names, translate

# Every template defined anywhere in the engine, for the translation tests and the catalogue fragment.
ALL: list[Msg] = []

# While a batch renders in one language (`one_language`), each template's translation made positional (see
# `Msg._positional`), by template; the translations looked up are kept by `names.translate`.
_compiled: dict[Msg, tuple | None] | None = None


@contextmanager
def one_language(language: str):
    """Render every message in `language` until the block ends, looking each msgid up once (not thread-safe: for
    a command's batch, never for a web request)."""
    global _compiled
    with translation.override(language):
        names._translated, _compiled = {}, {}
        try:
            yield
        finally:
            names._translated = _compiled = None


PLACEHOLDER = re.compile(r"%\((\w+)\)")
# A placeholder or an escaped percent sign, as the translation is scanned to make it positional.
PERCENT = re.compile(r"%%|%\((\w+)\)")


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
        """The message in the active language. In a batch of one language (`one_language`) a template's translation
        is made positional once and rendered from the argument tuple directly (caching rendered messages by their
        arguments was tried: hashing the arguments cost as much as formatting them)."""
        if args.__class__ is tuple and _compiled is not None:
            compiled = _compiled.get(self, False)
            if compiled is False:
                compiled = _compiled[self] = self._positional(translate(self.text))
            if compiled is not None:
                template, order, formats = compiled
                if formats:
                    args = list(args)
                    for index, fmt in formats:
                        args[index] = fmt(args[index])
                return template % (tuple(args) if order is None else tuple([args[i] for i in order]))
        values = dict(args) if args.__class__ is dict else dict(zip(self.keys, args, strict=True))
        for key, fmt in self.formats:
            values[key] = fmt(values[key])
        return translate(self.text) % values

    def _positional(self, translation: str) -> tuple | None:
        """(template, order, formats) that render `translation` from a tuple of arguments without building a dict
        of them: each `%(name)s` made a plain `%s`, `order` the argument index of each placeholder in the
        translation's order (None when it is the arguments' own order, a translation may reorder them), `formats`
        the (index, formatter) pairs. None when the translation names a placeholder the template lacks: the
        general path then raises as it would."""
        index = {key: i for i, key in enumerate(self.keys)}
        order: list[int] = []

        def positional(match: re.Match) -> str:
            name = match.group(1)
            if name is None:
                return "%%"
            order.append(index[name])
            return "%"

        try:
            template = PERCENT.sub(positional, translation)
        except KeyError:
            return None
        formats = tuple((index[key], fmt) for key, fmt in self.formats if key in index)
        return template, None if order == list(range(len(self.keys))) else order, formats

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
