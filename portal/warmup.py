"""Load what every request needs before the first one arrives.

Django and Wagtail do much of their work lazily on the first request a process
serves: importing every view while resolving the URLconf, finding every app's
Wagtail hooks, reading the translation catalogues, compiling templates. Run once
in the gunicorn master (`preload_app`), it is done before the workers are
forked, and every worker, also one recycled under load, shares it and serves
its first request as fast as its thousandth. Called from the hooks in
`deploy/gunicorn.conf.py`; nothing here touches the database or the cache.
"""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.conf import settings

#: The apps whose templates are compiled ahead (third-party ones compile lazily).
PORTAL_APPS = ("portal", "home", "courses", "support")


def portal_template_names() -> list[str]:
    names = []
    for config in apps.get_app_configs():
        if config.name.split(".")[0] not in PORTAL_APPS:
            continue
        folder = Path(config.path) / "templates"
        names += [
            path.relative_to(folder).as_posix()
            for path in sorted(folder.rglob("*"))
            if path.is_file() and path.suffix in (".html", ".txt")
        ]
    return names


def warm_up() -> None:
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation
    from wagtail import hooks

    get_resolver().url_patterns  # noqa: B018 - imports every view module
    hooks.get_hooks("before_serve_page")  # imports every app's wagtail_hooks
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Courses")
    for name in portal_template_names():
        get_template(name)


def freeze_loaded_objects() -> None:
    """Take everything loaded so far out of the garbage collector's scans.

    Django, Wagtail and the warm-up leave a few hundred thousand objects that
    live as long as the process. Python's full collection walks all of them
    every so often, a pause of over a hundred milliseconds in the middle of
    some request (the delivery overview's slowest requests on this machine:
    about 125 ms, frozen about 15 ms). `gc.freeze()` after the warm-up, in the
    gunicorn master before it forks, spares every worker that walk, and keeps
    the pages shared with the master unwritten (Python's documentation
    recommends it for servers that fork)."""
    import gc

    gc.collect()
    gc.freeze()
