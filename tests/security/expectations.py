"""The vocabulary of the permission matrix: roles, expected answers, cases and
the helpers that name an object of the `world` fixture (see matrix.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ROLES = (
    "anonymous",
    "teacher",
    "other_school_teacher",
    "coordinator",
    "other_school_coordinator",
    "trainer",
    "other_trainer",
    "agent",
    "admin",
)
SCHOOL_ROLES = (
    "teacher",
    "other_school_teacher",
    "coordinator",
    "other_school_coordinator",
)

OK = 200
REDIRECT = 302
FORBIDDEN = 403
NOT_FOUND = 404
LOGIN = "login"
DENIED = "denied"


def expect(default: Any = NOT_FOUND, *, anonymous: Any = LOGIN, **roles: Any) -> dict:
    """Expected answer per role: `default` for every role not named."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {unknown}")
    result = dict.fromkeys(ROLES, default)
    result["anonymous"] = anonymous
    result.update(roles)
    return result


def everyone(status: Any = OK) -> dict:
    return expect(status, anonymous=status)


def logged_in(status: Any = OK) -> dict:
    return expect(status)


def only(status: Any, *allowed: str, others: Any = NOT_FOUND) -> dict:
    """`allowed` roles get `status`, the other logged-in roles `others`."""
    return expect(others, **dict.fromkeys(allowed, status))


Kwargs = Callable[[Any], dict]


@dataclass(frozen=True)
class Case:
    """One request against a URL pattern and the expected answer per role."""

    expect: dict
    kwargs: Kwargs = lambda w: {}
    args: Callable[[Any], list] | None = None
    method: str = "get"
    data: Callable[[Any], dict] = lambda w: {}
    query: str = ""
    label: str = ""


@dataclass(frozen=True)
class CmsViewSet:
    """A viewset of the portal in the Wagtail admin: who may use it.

    Every GET route of the namespace is probed: every role not in `allowed` must be
    refused on every route; the allowed roles must get the `entry_routes` (listing,
    inspect, chooser); what they may do beyond that (edit, delete) is the app's
    choice and only has to answer without an error. `obj` names the object for
    routes with a `pk`, `kwargs` fills other arguments.
    """

    allowed: tuple[str, ...]
    obj: Callable[[Any], Any] | None = None
    kwargs: Callable[[Any], dict] = lambda w: {}
    # Roles that may open the listing but only some objects (their own).
    listing_only: tuple[str, ...] = ()
    entry_routes: tuple[str, ...] = ("index", "list", "choose", "inspect", "upload")


def pk(name: str) -> Kwargs:
    return lambda w: {"pk": getattr(w, name).pk}


def ref(name: str, **extra: Callable[[Any], Any]) -> Kwargs:
    def build(w):
        kwargs = {"reference": getattr(w, name).reference}
        kwargs.update({key: get(w) for key, get in extra.items()})
        return kwargs

    return build


def school(attribute: str = "school", **extra: Callable[[Any], Any]) -> Kwargs:
    def build(w):
        kwargs = {"school_number": getattr(w, attribute).school_number}
        kwargs.update({key: get(w) for key, get in extra.items()})
        return kwargs

    return build


TICKET_VIEWERS = ("teacher", "coordinator", "agent", "admin")
IT_SERVICE = ("agent", "admin")
SESSION_STAFF = ("trainer", "admin")
COURSE_STAFF = ("trainer", "other_trainer", "admin")
NO_SCHOOL = ("trainer", "other_trainer", "agent", "admin")
