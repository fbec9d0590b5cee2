"""The main navigation: each app adds its entries here, each with who may see it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal import permissions


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    visible: Callable[[object], bool]
    url_path: str = ""


def _everyone(user) -> bool:
    return True


def _cms_user(user) -> bool:
    return permissions.needs_mfa(user)


def _school_member(user) -> bool:
    return permissions.is_school_member(user)


def _coordinator(user) -> bool:
    return permissions.is_coordinator(user)


def _agent(user) -> bool:
    return permissions.sees_all_schools(user)


# Entries whose URL name does not exist (yet) are left out.
NAV_ITEMS: list[NavItem] = [
    NavItem(_("Home"), "", _everyone, url_path="/"),
    NavItem(_("Courses"), "", _everyone, url_path="/kurse/"),
    NavItem(_("My courses"), "courses:my_courses", _school_member),
    NavItem(_("Report a problem"), "support:report", _school_member),
    NavItem(_("Tickets"), "support:tickets", _school_member),
    NavItem(_("My school"), "support:my_school", _coordinator),
    NavItem(_("Ticket queue"), "support:queue", _agent),
    NavItem(_("Help"), "", _everyone, url_path="/hilfe/"),
    NavItem(_("My sessions"), "courses:trainer_sessions", permissions.is_trainer),
    NavItem(_("CMS"), "wagtailadmin_home", _cms_user),
]


_urls: dict[tuple, str | None] = {}


def _url(item: NavItem) -> str | None:
    """The entry's address; reversed once per process, URL prefix and URLconf."""
    if item.url_path:
        return item.url_path
    key = (item.url_name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    if key not in _urls:
        try:
            _urls[key] = reverse(item.url_name)
        except NoReverseMatch:
            _urls[key] = None
    return _urls[key]


def navigation_for(request) -> list[dict[str, object]]:
    user = request.user
    items = []
    for item in NAV_ITEMS:
        if not item.visible(user):
            continue
        url = _url(item)
        if url is None:
            continue
        current = request.path == url or (url != "/" and request.path.startswith(url))
        items.append({"label": item.label, "url": url, "current": current})
    return items
