"""Make sure the page tree has its root, the home page and the default site.

Called after every `migrate` and `flush` (both emit post_migrate), so a database that
was emptied, for example by a test that runs in a real transaction, gets its home
page back. Idempotent.
"""

from __future__ import annotations

from typing import Any

HOME_TITLE = "Fortbildung und Support für Schulen"


def ensure_home_page(sender: Any = None, **kwargs: Any) -> None:
    from django.conf import settings
    from wagtail.models import Locale, Page, Site

    from home.models import HomePage

    using = kwargs.get("using", "default")
    if using != "default":
        return
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(instance=HomePage(title=HOME_TITLE, slug="home"))
    if not Site.objects.filter(is_default_site=True).exists():
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Schulportal",
        )
