from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal import health, page_routes, views

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    # One login for the portal and the CMS: Wagtail's own form is not offered.
    path(
        "cms/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
    ),
    # Nor Wagtail's front-end login for private pages: a plain Django password form
    # that would skip allauth's MFA step and rate limits (tests/security).
    path(
        "_util/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
    ),
    path("cms/", include(wagtailadmin_urls)),
    path("dokumente/", include(wagtaildocs_urls)),
    path("konto/iserv/", include("portal.sso.urls")),
    path("konto/", include("allauth.urls")),
    path("konto/", include("portal.accounts.urls")),
    path("sprache/", views.set_language, name="set_language"),
    path("support/", include("support.urls")),
    path("", include("courses.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(
        settings.MEDIA_URL + "images/", document_root=settings.MEDIA_ROOT / "images"
    )

# Wagtail's URLs, its page view starting from remembered routes (portal/page_routes.py).
urlpatterns += [
    *(p for p in wagtail_urls.urlpatterns if p.name != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, page_routes.serve, name="wagtail_serve"),
]
