"""Walk the project's URL conf: every pattern with its full route and name."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

PROJECT_PACKAGES = ("portal", "home", "courses", "support")
PROJECT_APP_LABELS = {"accounts", "schools", "sso", "home", "courses", "support"}
WAGTAIL_ADMIN_URLCONF = "wagtail.admin.urls"


@dataclass(frozen=True)
class Route:
    route: str
    name: str | None  # with namespaces, e.g. "support:ticket"
    namespace: str  # the innermost namespace ("" for none)
    urlconfs: tuple[str, ...]  # modules of the include()s it sits in
    pattern: URLPattern

    @property
    def key(self) -> str:
        """How the matrix names it: the URL name, else the route."""
        return self.name or self.route

    @property
    def in_cms(self) -> bool:
        return WAGTAIL_ADMIN_URLCONF in self.urlconfs

    @property
    def params(self) -> set[str]:
        return set(self.pattern.pattern.regex.groupindex)

    def is_project_view(self) -> bool:
        """Built by this project: its view or its viewset's model is ours."""
        callback = self.pattern.callback
        view = getattr(callback, "view_class", callback)
        if view.__module__.split(".")[0] in PROJECT_PACKAGES:
            return True
        model = (getattr(callback, "view_initkwargs", None) or {}).get("model")
        if isinstance(model, str):
            from django.apps import apps

            model = apps.get_model(model)
        return model is not None and model._meta.app_label in PROJECT_APP_LABELS


def _module_name(resolver: URLResolver) -> str:
    module = resolver.urlconf_name
    return module if isinstance(module, str) else getattr(module, "__name__", "")


def walk(
    resolver: URLResolver | None = None,
    prefix: str = "",
    namespaces: tuple[str, ...] = (),
    urlconfs: tuple[str, ...] = (),
) -> Iterator[Route]:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from walk(
                entry,
                prefix + str(entry.pattern),
                (*namespaces, entry.namespace) if entry.namespace else namespaces,
                (*urlconfs, _module_name(entry)),
            )
            continue
        name = ":".join((*namespaces, entry.name)) if entry.name else None
        yield Route(
            route=prefix + str(entry.pattern),
            name=name,
            namespace=namespaces[-1] if namespaces else "",
            urlconfs=urlconfs,
            pattern=entry,
        )
