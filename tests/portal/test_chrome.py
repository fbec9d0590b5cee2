"""The page chrome (portal/templatetags/portal_chrome.py): header and footer kept
per variant, never one user's navigation, token or address on another's page."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from portal.templatetags import portal_chrome

pytestmark = pytest.mark.django_db

MY_COURSES = reverse("courses:my_courses")
QUEUE = reverse("support:queue")
HELP = "/hilfe/"


def _header(response) -> str:
    html = response.content.decode()
    return html[html.index('<header class="site-header">') : html.index("</header>")]


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(client, url=MY_COURSES):
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_each_user_sees_the_navigation_of_her_own_roles(teacher, agent, client):
    teacher_header = _header(_page(_logged_in(teacher)))
    agent_header = _header(_page(_logged_in(agent), QUEUE))
    anonymous_header = _header(_page(client, reverse("account_login")))
    teacher_again = _header(_page(_logged_in(teacher)))

    assert f'href="{MY_COURSES}"' in teacher_header
    assert f'href="{QUEUE}"' not in teacher_header
    assert f'href="{QUEUE}"' in agent_header
    assert f'href="{MY_COURSES}"' not in agent_header
    assert reverse("account_logout") in agent_header
    assert reverse("account_login") in anonymous_header
    assert reverse("account_logout") not in anonymous_header
    assert teacher_again == teacher_header.replace(
        _token(teacher_header), _token(teacher_again)
    )


def _token(header: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', header).group(1)


def test_the_current_entry_is_marked_on_every_page(teacher):
    client = _logged_in(teacher)
    mine = _header(_page(client))
    assert f'<a href="{MY_COURSES}" aria-current="page">' in mine
    report = _header(_page(client, reverse("support:report")))
    assert f'<a href="{MY_COURSES}">' in report
    assert 'aria-current="page"' in report.split(reverse("support:report"))[1]


def test_the_language_switch_carries_this_requests_token_and_address(teacher):
    client = Client(enforce_csrf_checks=True)
    client.force_login(teacher)
    header = _header(client.get(MY_COURSES + '?q="><script>'))
    assert portal_chrome.CSRF_MARK not in header
    assert portal_chrome.NEXT_MARK not in header
    assert 'value="/meine-fortbildungen/?q=%22%3E%3Cscript%3E"' in header
    response = client.post(
        reverse("set_language"),
        {
            "csrfmiddlewaretoken": _token(header),
            "language": "en",
            "next": MY_COURSES,
        },
    )
    assert response.status_code == 302
    english = _header(client.get(MY_COURSES))
    assert "Log out" in english
    assert 'lang="de">Deutsch</button>' in english


def test_the_footer_follows_the_language(client):
    german = client.get(HELP).content.decode()
    assert "Fortbildung und Support für Schulen" in german
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(HELP).content.decode()
    assert "Training and support for schools" in english


def test_the_header_shows_the_token_of_the_pages_own_forms(agent):
    """One masked token per page (masking costs tens of microseconds), and a
    fresh one on the next page, as Django's forms have it."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    first = client.get(QUEUE).content.decode()
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', first))
    assert len(tokens) == 1
    assert _token(_header(client.get(QUEUE))) not in tokens


FIXED = (
    '{% load i18n static portal_chrome %}{% fixed %}<h2>{% translate "Ticket queue" %}'
    "</h2><a href=\"{% url 'support:queue' %}\">x</a>{# note #}"
    "<script src=\"{% static 'js/ticket-queue.js' %}\"></script>{% endfixed %}"
)


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_fixed_part_is_what_its_content_draws_once_per_language(language):
    from unittest import mock

    from django.template import engines
    from django.utils import translation

    fixed = engines["django"].from_string(FIXED)
    plain = engines["django"].from_string(
        FIXED.replace("{% fixed %}", "").replace("{% endfixed %}", "")
    )
    with translation.override(language):
        expected = plain.render({})
        assert fixed.render({}) == expected
        with mock.patch("django.templatetags.i18n.TranslateNode.render") as again:
            assert fixed.render({"other": "context"}) == expected
        again.assert_not_called()
    assert ("Ticket-Warteschlange" in expected) is (language == "de")


@pytest.mark.parametrize(
    "content",
    [
        "{{ user }}",
        "{% if user %}x{% endif %}",
        "{% csrf_token %}",
        "{% translate title %}",
        '{% translate "Ticket queue" as label %}',
        "{% url 'support:queue_ticket' ticket.reference %}",
        "{% static path %}",
        '{% translate "Ticket queue"|upper %}',
    ],
)
def test_a_fixed_part_refuses_anything_that_reads_the_context(content):
    from django.template import TemplateSyntaxError, engines

    with pytest.raises(TemplateSyntaxError, match="fixed"):
        engines["django"].from_string(
            "{% load i18n static portal_chrome %}{% fixed %}"
            + content
            + "{% endfixed %}"
        )
