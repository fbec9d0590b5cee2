"""The Content-Security-Policy header (portal.middleware.PortalCSPMiddleware):
built once for plain responses, and the same as django-csp builds for each."""

import pytest
from csp.constants import HEADER, NONCE
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from portal.middleware import PortalCSPMiddleware

rf = RequestFactory()


def _respond(middleware_class, path="/support/melden/", view=None):
    request = rf.get(path)
    middleware = middleware_class(view or (lambda request: HttpResponse("ok")))
    middleware.process_request(request)
    response = middleware.get_response(request)
    return request, middleware.process_response(request, response)


def test_a_plain_page_gets_exactly_django_csps_policy():
    _, ours = _respond(PortalCSPMiddleware)
    _, stock = _respond(CSPMiddleware)
    assert ours[HEADER] == stock[HEADER]
    assert "script-src 'self'" in ours[HEADER]
    assert "frame-ancestors 'none'" in ours[HEADER]
    # Built once: the second response carries the same string.
    _, again = _respond(PortalCSPMiddleware, path="/kurse/")
    assert again[HEADER] is ours[HEADER]


def test_a_page_that_asks_for_a_nonce_goes_through_django_csp():
    policy = {
        "DIRECTIVES": {"default-src": ["'self'"], "script-src": ["'self'", NONCE]}
    }
    nonces = []

    def view(request):
        nonces.append(str(request.csp_nonce))
        return HttpResponse("ok")

    with override_settings(CONTENT_SECURITY_POLICY=policy):
        _, response = _respond(PortalCSPMiddleware, view=view)
        _, plain = _respond(PortalCSPMiddleware)
    assert f"'nonce-{nonces[0]}'" in response[HEADER]
    assert "nonce" not in plain[HEADER]


def test_a_nonce_asked_for_after_the_header_is_written_is_an_error():
    request, _ = _respond(PortalCSPMiddleware)
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)


@pytest.mark.parametrize(
    ("attribute", "value"),
    [
        ("_csp_update", {"img-src": ["https://example.org"]}),
        ("_csp_replace", {"frame-ancestors": ["'self'"]}),
        ("_csp_config", {"default-src": ["'none'"]}),
        ("_csp_config_ro", {"default-src": ["'none'"]}),
    ],
)
def test_a_response_with_its_own_policy_goes_through_django_csp(attribute, value):
    def view(request):
        response = HttpResponse("ok")
        setattr(response, attribute, value)
        return response

    _, ours = _respond(PortalCSPMiddleware, view=view)
    _, stock = _respond(CSPMiddleware, view=view)
    assert dict(ours.items()) == dict(stock.items())
    _, plain = _respond(PortalCSPMiddleware)
    assert dict(ours.items()) != dict(plain.items())


def test_an_exempt_response_and_one_with_a_header_are_left_alone():
    def exempt(request):
        response = HttpResponse("ok")
        response._csp_exempt = True
        return response

    def own(request):
        response = HttpResponse("ok")
        response[HEADER] = "default-src 'none'"
        return response

    assert HEADER not in _respond(PortalCSPMiddleware, view=exempt)[1]
    assert _respond(PortalCSPMiddleware, view=own)[1][HEADER] == "default-src 'none'"


def test_the_cms_keeps_its_relaxed_policy():
    _, response = _respond(PortalCSPMiddleware, path="/cms/pages/")
    assert "'unsafe-inline'" in response[HEADER]
    assert "frame-ancestors 'self'" in response[HEADER]
    _, page = _respond(PortalCSPMiddleware)
    assert "'unsafe-inline'" not in page[HEADER]


def test_a_changed_policy_setting_is_followed():
    _, before = _respond(PortalCSPMiddleware)
    policy = {
        "DIRECTIVES": {"default-src": ["'self'"], "img-src": ["'self'", "https:"]}
    }
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        _, ours = _respond(PortalCSPMiddleware)
        _, stock = _respond(CSPMiddleware)
    assert ours[HEADER] == stock[HEADER]
    assert sorted(ours[HEADER].split("; ")) == [
        "default-src 'self'",
        "img-src 'self' https:",
    ]
    _, after = _respond(PortalCSPMiddleware)
    assert after[HEADER] == before[HEADER]


def test_excluded_prefixes_and_report_only_policies_go_through_django_csp():
    policy = {
        "EXCLUDE_URL_PREFIXES": ["/support/"],
        "DIRECTIVES": {"default-src": ["'self'"]},
    }
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        assert HEADER not in _respond(PortalCSPMiddleware)[1]
    report = {"DIRECTIVES": {"default-src": ["'none'"]}}
    with override_settings(CONTENT_SECURITY_POLICY_REPORT_ONLY=report):
        _, ours = _respond(PortalCSPMiddleware)
        _, stock = _respond(CSPMiddleware)
    assert ours["Content-Security-Policy-Report-Only"] == "default-src 'none'"
    assert ours[HEADER] == stock[HEADER]
