"""What markup written in Python instead of a template needs from Django, worked
out once rather than per row: the labels of choices in the current language,
the paths of one URL for many arguments, and the `date` filter's
machine-readable format. Used by the ticket pages (`support.markup`) and
"My courses" (`courses.my_courses_markup`), each tested byte for byte against
the templates they replace."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from html import escape
from urllib.parse import quote

from django.urls import get_script_prefix, reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import get_language

#: The template's `date:'Y-m-d\\TH:i:sO'` of an aware time, for `strftime`.
ISO_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
#: What `reverse()` leaves unquoted in a path.
URL_SAFE = RFC3986_SUBDELIMS + "/~:@"


def labels(choices_class) -> dict[str, str]:
    """The escaped label of each of the choices (a `TextChoices` class) in the
    current language."""
    return labels_in(choices_class, get_language())


@lru_cache(maxsize=64)
def labels_in(choices_class, language: str | None) -> dict[str, str]:
    # Labels are the code's (lazy) translations: one per language and process.
    return {value: escape(str(text)) for value, text in choices_class.choices}


def label(known: dict[str, str], value: str) -> str:
    """The escaped label of `value` among `known` (`labels()`); a value outside
    the choices is shown as it is, as get_FOO_display does."""
    return known.get(value) or escape(value)


def paths(url_name: str, placeholder: str) -> Callable[[object], str]:
    """The path of `url_name` for one argument, as `reverse()` gives it
    (unescaped). The paths differ only in the argument, so `url_name` is
    reversed once per URL prefix with `placeholder`, a value its converter
    accepts that appears nowhere else in the path ("REFERENCE" for a ticket,
    "987654321" for a number)."""
    pattern = _pattern(url_name, placeholder, get_script_prefix())
    return lambda value: pattern.replace(placeholder, quote(str(value), URL_SAFE))


@lru_cache(maxsize=64)
def _pattern(url_name: str, placeholder: str, script_prefix: str) -> str:
    # A reversal costs tens of microseconds: once per name and URL prefix.
    return reverse(url_name, args=[placeholder])
