"""The anonymous page cache of the catalogue and course pages (courses/cache.py)."""

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token
from django.template import RequestContext, Template
from django.test import RequestFactory

from courses import cache as page_cache
from portal.derived import Generation
from tests.courses.factories import make_course_page, make_course_session, register

FORM = Template(
    '<form method="post">{% csrf_token %}<button>Deutsch</button></form>'
    "<p>{{ text }}</p>"
)


class Renderer:
    """A page behind the middleware: counts how often it really renders."""

    def __init__(self, params=("topic", "page")) -> None:
        self.calls = 0
        renderer = self

        class Base:
            def serve(self, request):
                renderer.calls += 1
                return HttpResponse(
                    FORM.render(RequestContext(request, {"text": "Kurse"}))
                )

        class CoursePage(page_cache.AnonymousPageCacheMixin, Base):
            page_cache_params = params

        page = CoursePage()
        self.middleware = page_cache.AnonymousPageCacheMiddleware(page.serve)

    def __call__(self, request):
        return self.middleware(request)


def _request(path="/kurse/", *, method="get", user=None, data=None):
    request = getattr(RequestFactory(), method)(path, data or {})
    request.user = user or AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _serve(renderer, path="/kurse/", **kwargs):
    request = _request(path, **kwargs)
    return request, renderer(request)


def _token(response) -> str:
    content = response.content.decode()
    start = content.index('name="csrfmiddlewaretoken" value="') + 34
    return content[start : content.index('"', start)]


def test_anonymous_page_is_rendered_once_then_served_from_the_cache():
    renderer = Renderer()
    _request1, first = _serve(renderer)
    _request2, second = _serve(renderer)
    assert renderer.calls == 1
    assert first[page_cache.HEADER] == "miss"
    assert second[page_cache.HEADER] == "hit"
    assert "Kurse" in second.content.decode()


def test_cached_page_carries_the_visitors_own_csrf_token():
    renderer = Renderer()
    first_request, first = _serve(renderer)
    second_request, second = _serve(renderer)
    assert second[page_cache.HEADER] == "hit"
    assert page_cache.CSRF_PLACEHOLDER.decode() not in second.content.decode()
    # Each token unmasks to the secret of its own visitor, not of the first one.
    assert _unmask_cipher_token(_token(second)) == second_request.META["CSRF_COOKIE"]
    assert _unmask_cipher_token(_token(first)) == first_request.META["CSRF_COOKIE"]
    assert first_request.META["CSRF_COOKIE"] != second_request.META["CSRF_COOKIE"]


@pytest.mark.django_db
def test_logged_in_user_always_gets_a_fresh_page(teacher):
    renderer = Renderer()
    _serve(renderer)
    _request1, response = _serve(renderer, user=teacher)
    _request2, again = _serve(renderer, user=teacher)
    assert renderer.calls == 3
    assert page_cache.HEADER not in response
    assert page_cache.HEADER not in again


def test_post_is_never_cached():
    renderer = Renderer()
    _serve(renderer)
    _serve(renderer, method="post")
    assert renderer.calls == 2


def test_a_pending_message_bypasses_the_cache():
    renderer = Renderer()
    _serve(renderer)
    request = _request()
    messages.info(request, "Sie haben sich abgemeldet.")
    renderer(request)
    assert renderer.calls == 2
    assert len(messages.get_messages(request)) == 1  # still there to be shown


def test_filters_are_cached_per_query_string_in_any_order():
    renderer = Renderer()
    _serve(renderer, "/kurse/?topic=ipad&page=2")
    _serve(renderer, "/kurse/?page=2&topic=ipad")
    assert renderer.calls == 1
    _serve(renderer, "/kurse/?topic=iserv")
    assert renderer.calls == 2


def test_an_unknown_query_parameter_is_not_stored():
    renderer = Renderer()
    _serve(renderer, "/kurse/?utm_source=x")
    _serve(renderer, "/kurse/?utm_source=x")
    assert renderer.calls == 2


@pytest.mark.django_db
def test_bump_invalidates_only_after_commit(django_capture_on_commit_callbacks):
    renderer = Renderer()
    _serve(renderer)
    with django_capture_on_commit_callbacks() as callbacks:
        page_cache.bump_catalogue_version()
        _serve(renderer)  # before commit: the old page is still right
        assert renderer.calls == 1
    for callback in callbacks:
        callback()
    _serve(renderer)
    assert renderer.calls == 2


def test_error_responses_and_unmarked_views_are_not_stored():
    calls = []

    def failing(request):
        calls.append(1)
        response = HttpResponse("Fehler", status=500)
        response.page_cache_allowed = True
        return response

    def unmarked(request):
        calls.append(1)
        return HttpResponse("Keine Seite")

    for view in (failing, unmarked):
        middleware = page_cache.AnonymousPageCacheMiddleware(view)
        for _i in range(2):
            middleware(_request())
    assert len(calls) == 4


@pytest.mark.django_db
def test_changes_that_show_on_the_pages_invalidate_them(
    teacher, django_capture_on_commit_callbacks
):
    page_cache.connect_signals()

    def changes_version(action) -> bool:
        before = page_cache.catalogue_version()
        with django_capture_on_commit_callbacks(execute=True):
            action()
        return page_cache.catalogue_version() != before

    course = make_course_page(title="Keynote im Unterricht")
    session = make_course_session(course)
    assert changes_version(lambda: make_course_session(course, days=14))
    assert changes_version(lambda: register(session, teacher))
    assert changes_version(lambda: course.save_revision().publish())
    assert changes_version(lambda: course.unpublish())


@pytest.mark.django_db
def test_unreachable_cache_serves_pages_uncached(client, monkeypatch):
    catalogue = make_course_page(title="Pages im Unterricht").get_parent()

    class Down:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("cache server down")

            return fail

    monkeypatch.setattr(page_cache, "cache", Down())
    response = client.get(catalogue.url)
    assert response.status_code == 200
    assert "Pages im Unterricht" in response.content.decode()
    assert page_cache.HEADER not in response


def _page_showing(generation, *, readable=True):
    """A page that shows something kept under `generation` (as a course page
    shows its session list); counts how often it really renders."""
    calls = []

    class Base:
        def serve(self, request):
            calls.append(1)
            full_key = generation.key("part") if readable else None
            page_cache.depends_on(request, generation, "part", full_key)
            return HttpResponse("Kurs")

    class CoursePage(page_cache.AnonymousPageCacheMixin, Base):
        pass

    return page_cache.AnonymousPageCacheMiddleware(CoursePage().serve), calls


@pytest.mark.django_db
def test_a_stored_page_is_served_while_what_it_shows_is_current(
    django_capture_on_commit_callbacks,
):
    generation = Generation("test:part")
    middleware, calls = _page_showing(generation)
    middleware(_request())
    assert middleware(_request())[page_cache.HEADER] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        generation.forget()
    assert middleware(_request())[page_cache.HEADER] == "miss"
    assert len(calls) == 2


def test_a_page_whose_parts_can_not_be_checked_is_not_stored():
    middleware, calls = _page_showing(Generation("test:part"), readable=False)
    for _i in range(2):
        assert page_cache.HEADER not in middleware(_request())
    assert len(calls) == 2


@pytest.mark.parametrize("path", ["/healthz", "/konto/login/", "/support/melden/"])
def test_a_url_that_is_no_cms_page_asks_the_cache_nothing(path, monkeypatch):
    asked = []
    monkeypatch.setattr(page_cache.cache, "get", lambda *a, **k: asked.append(a))
    middleware = page_cache.AnonymousPageCacheMiddleware(lambda r: HttpResponse("ok"))
    assert middleware(_request(path)).content == b"ok"
    assert asked == []
    middleware(_request("/kurse/"))  # a page's URL is looked up
    assert asked


@pytest.mark.django_db
def test_a_hit_reads_the_version_and_the_page_in_one_round_trip():
    from unittest import mock

    renderer = Renderer()
    _serve(renderer)
    with (
        mock.patch.object(page_cache.CATALOGUE, "version") as version,
        mock.patch.object(
            page_cache.cache, "get_many", wraps=page_cache.cache.get_many
        ) as get_many,
    ):
        assert _serve(renderer)[1][page_cache.HEADER] == "hit"
    version.assert_not_called()  # read with the page (one MGET on Redis)
    assert get_many.call_count == 1


@pytest.mark.django_db
def test_a_page_showing_a_kept_part_checks_it_in_one_more_round_trip():
    from unittest import mock

    middleware, _calls = _page_showing(Generation("test:one-trip"))
    middleware(_request("/kurse/kurs/"))
    with mock.patch.object(
        page_cache.cache, "get_many", wraps=page_cache.cache.get_many
    ) as reads:
        assert middleware(_request("/kurse/kurs/"))[page_cache.HEADER] == "hit"
    assert reads.call_count == 2


@pytest.mark.django_db
def test_a_page_stored_under_an_older_catalogue_version_is_not_served(
    django_capture_on_commit_callbacks,
):
    renderer = Renderer()
    _serve(renderer)
    with django_capture_on_commit_callbacks(execute=True):
        page_cache.bump_catalogue_version()
    assert _serve(renderer)[1][page_cache.HEADER] == "miss"
    assert renderer.calls == 2
