"""Make sure the help section exists at /hilfe/ (the footer links to it).

Called after every `migrate` and `flush` (both emit post_migrate), after the home
page has been ensured, so a database emptied by a test in a real transaction gets
its help index back. Idempotent.
"""

from __future__ import annotations

from typing import Any


def ensure_help_index(sender: Any = None, **kwargs: Any) -> None:
    from home.models import HomePage
    from support.models import HelpIndexPage

    if kwargs.get("using", "default") != "default" or HelpIndexPage.objects.exists():
        return
    home = HomePage.objects.first()
    if home is None:
        return
    home.add_child(
        instance=HelpIndexPage(
            title="Hilfe",
            slug="hilfe",
            intro=(
                "Antworten auf häufige Fragen zu den iPads und zu iServ. Hilft nichts "
                "davon, melden Sie das Problem dem IT-Service."
            ),
        )
    )
