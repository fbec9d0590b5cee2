"""The CMS areas that hand out power: only administrators get in.

Users, groups (roles), sites, collections (and their permissions) and workflows
would let a trainer or agent raise her own rights; the page tree outside the
catalogue is not the trainers'.
"""

from __future__ import annotations

import pytest
from wagtail.models import Page

from support.models import HelpIndexPage
from tests.security.probe import CMS_HOME, describe, is_login_redirect

pytestmark = pytest.mark.django_db

POWER = [
    "/cms/users/",
    "/cms/users/new/",
    "/cms/groups/",
    "/cms/groups/new/",
    "/cms/sites/",
    "/cms/collections/",
    "/cms/workflows/list/",
    "/cms/iserv-logins/",
]


def _denied(response) -> bool:
    return response.status_code in (403, 404) or (
        response.status_code == 302
        and (is_login_redirect(response) or response["Location"] == CMS_HOME)
    )


@pytest.mark.parametrize(
    "role", ["teacher", "coordinator", "trainer", "other_trainer", "agent"]
)
def test_only_administrators_reach_the_power_areas(world, clients, role):
    problems = [
        f"{url}: {describe(r)}"
        for url in POWER
        if not _denied(r := clients[role].get(url))
    ]
    assert not problems, f"{role}: " + ", ".join(problems)


def test_administrator_reaches_them(world, clients):
    for url in POWER:
        assert clients["admin"].get(url).status_code == 200, url


def test_trainer_can_not_edit_pages_outside_the_catalogue(world, clients):
    home = Page.objects.get(depth=2)
    help_index = HelpIndexPage.objects.get()
    for page in (home, help_index):
        for action in ("edit", "delete", "unpublish", "move"):
            response = clients["trainer"].get(f"/cms/pages/{page.pk}/{action}/")
            assert _denied(response), f"{action} {page}: {describe(response)}"
    response = clients["trainer"].get(f"/cms/pages/{world.course.pk}/edit/")
    assert response.status_code == 200, "a trainer edits her course"
