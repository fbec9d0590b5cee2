import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from portal import permissions, roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_role_groups_exist_with_their_permissions():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(roles.ALL_ROLES) <= names
    perms = {
        role: set(
            Group.objects.get(name=role).permissions.values_list(
                "content_type__app_label", "codename"
            )
        )
        for role in roles.ALL_ROLES
    }
    assert ("wagtailadmin", "access_admin") in perms[roles.TRAINER]
    assert ("wagtailadmin", "access_admin") in perms[roles.AGENT]
    assert ("wagtailadmin", "access_admin") not in perms[roles.TEACHER]
    assert ("wagtailadmin", "access_admin") not in perms[roles.COORDINATOR]
    assert ("schools", "change_school") in perms[roles.AGENT]
    assert ("schools", "change_school") not in perms[roles.TRAINER]
    assert ("accounts", "change_user") in perms[roles.ADMINISTRATOR]


def test_teacher_can_not_open_cms(client, teacher):
    client.force_login(teacher)
    response = client.get("/cms/")
    assert response.status_code == 302
    assert "/cms/" not in response.url or "login" in response.url


def test_agent_without_mfa_is_sent_to_enrol(client):
    agent = UserFactory(school=None, roles=[roles.AGENT])
    client.force_login(agent)
    response = client.get("/cms/")
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


@pytest.mark.parametrize("who", ["agent", "trainer", "admin"])
def test_staff_with_mfa_reaches_cms(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/cms/").status_code == 200


def test_cms_login_is_the_portal_login(client):
    response = client.get("/cms/login/?next=/cms/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_school_visibility(
    teacher, coordinator, other_school_coordinator, agent, school
):
    assert not permissions.can_view_school_internals(teacher, school)
    assert permissions.can_view_school_internals(coordinator, school)
    assert not permissions.can_view_school_internals(other_school_coordinator, school)
    assert permissions.can_view_school_internals(agent, school)
