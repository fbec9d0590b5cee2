"""Remembered Wagtail routes (portal/page_routes.py): fewer queries, never a page
that is gone, moved or restricted."""

import re
import time
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from portal import page_routes
from tests.courses.factories import make_catalogue, make_course_page
from tests.queries import get_counting_queries

METHODS = ("get", "get_many", "set", "add")


@pytest.fixture
def course(db):
    make_catalogue()
    return make_course_page(title="Keynote im Unterricht")


def _main(response) -> str:
    """The page's main landmark without the per-request CSRF tokens."""
    main = re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)
    return re.sub(r'value="[A-Za-z0-9]{32,64}"', 'value=""', main)


_get = get_counting_queries


def _route_key(page) -> str:
    request = mock.Mock(**{"get_host.return_value": "testserver"})
    return page_routes._key(request, page.url.strip("/") + "/")


def test_a_remembered_route_serves_the_same_page_with_fewer_queries(
    client, course, teacher
):
    client.force_login(teacher)  # past the anonymous page cache
    first, routed = _get(client, course.url)
    second, remembered = _get(client, course.url)
    assert first.status_code == second.status_code == 200
    assert "Keynote im Unterricht" in second.content.decode()
    assert _main(first) == _main(second)
    assert remembered <= routed - 4


def test_the_remembered_page_is_the_live_specific_page(client, rf, course):
    from portal.page_routes import serve

    client.get(course.url)
    request = rf.get(course.url)
    with mock.patch("wagtail.views.serve") as wagtail_serve:
        serve(request, course.url.strip("/") + "/")
    page, args, kwargs = request._wagtail_route_for_request
    assert type(page).__name__ == "CoursePage"
    assert (page.pk, args, kwargs) == (course.pk, [], {})
    wagtail_serve.assert_called_once()


def test_an_unpublished_page_is_gone_at_once(
    client, course, django_capture_on_commit_callbacks
):
    _get(client, course.url)
    with django_capture_on_commit_callbacks(execute=True):
        course.unpublish()
    assert client.get(course.url).status_code == 404


def test_a_write_without_signals_is_seen_within_the_local_lifetime(
    client, course, teacher
):
    client.force_login(teacher)  # past the anonymous page cache
    _get(client, course.url)
    _get(client, course.url)  # the page object is kept in this process now
    type(course).objects.filter(pk=course.pk).update(live=False)
    later = time.monotonic() + page_routes.LOCAL_SECONDS
    with mock.patch("portal.page_routes.time.monotonic", return_value=later):
        assert client.get(course.url).status_code == 404


def test_a_kept_page_needs_no_query_for_route_page_or_restrictions(
    client, course, teacher
):
    client.force_login(teacher)
    _get(client, course.url)
    _get(client, course.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(course.url).status_code == 200
    wagtail_tables = ('"wagtailcore_page"', '"wagtailcore_pageviewrestriction"')
    assert not [q for q in queries if any(t in q["sql"] for t in wagtail_tables)]


def test_every_request_gets_its_own_copy_of_a_kept_page(client, course, teacher):
    client.force_login(teacher)
    _get(client, course.url)
    key = _route_key(course)
    page_routes._known_route(key)
    first = page_routes._known_route(key)[1]
    second = page_routes._known_route(key)[1]
    assert first is not second
    assert first.pk == second.pk == course.pk
    first.title = "Geändert in einer Anfrage"
    first._state.fields_cache["owner"] = None
    assert second.title == "Keynote im Unterricht"
    assert "owner" not in second._state.fields_cache


def test_saving_a_page_without_publishing_renews_the_routes(
    course, django_capture_on_commit_callbacks
):
    before = page_routes.ROUTES.version()
    with django_capture_on_commit_callbacks(execute=True):
        course.save_revision()
    assert page_routes.ROUTES.version() != before


def test_a_new_slug_moves_the_page(
    client, course, teacher, django_capture_on_commit_callbacks
):
    client.force_login(teacher)
    old_url = course.url
    _get(client, old_url)
    course.slug = "keynote-neu"
    with django_capture_on_commit_callbacks(execute=True):
        course.save_revision().publish()
    # Wagtail's redirects app sends the old address on to the new one.
    assert client.get(old_url)["Location"] == "/kurse/keynote-neu/"
    assert client.get("/kurse/keynote-neu/").status_code == 200


def test_a_moved_page_is_routed_anew(
    client, course, teacher, django_capture_on_commit_callbacks
):
    from home.models import HomePage

    client.force_login(teacher)
    old_url = course.url
    _get(client, old_url)
    with django_capture_on_commit_callbacks(execute=True):
        course.move(HomePage.objects.get(), pos="last-child")
    assert client.get(old_url)["Location"] == f"/{course.slug}/"
    assert client.get(f"/{course.slug}/").status_code == 200


def test_a_view_restriction_added_later_still_applies(
    client, course, teacher, django_capture_on_commit_callbacks
):
    client.force_login(teacher)
    _get(client, course.url)
    _get(client, course.url)  # kept as unrestricted
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=course,
            restriction_type=PageViewRestriction.PASSWORD,
            password="geheim",
        )
    response = client.get(course.url)
    assert response.status_code == 200
    assert "Ein Online-Kurs für Lehrkräfte." not in response.content.decode()
    assert 'name="password"' in response.content.decode()


def test_a_view_restriction_reaches_anonymous_visitors_at_once(
    client, course, django_capture_on_commit_callbacks
):
    """The anonymous page cache (courses/cache.py) forgets the page as well."""
    assert client.get(course.url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=course, restriction_type=PageViewRestriction.LOGIN
        )
    response = client.get(course.url)
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_pages_without_cache_route_are_routed_every_time(client, db):
    from wagtail.models import Page

    root = Page.objects.get(depth=1)
    plain = (
        root.get_children()
        .first()
        .add_child(instance=Page(title="Impressum", slug="impressum"))
    )
    client.get(plain.url)
    with mock.patch("portal.page_routes.cache.set") as stored:
        client.get(plain.url)
    stored.assert_not_called()


def test_pages_are_served_while_the_cache_is_away(client, course):
    down = mock.Mock(**{f"{m}.side_effect": ConnectionError("down") for m in METHODS})
    with (
        mock.patch("portal.page_routes.cache", down),
        mock.patch("portal.derived.cache", down),
    ):
        assert client.get(course.url).status_code == 200
        assert client.get(course.url).status_code == 200
