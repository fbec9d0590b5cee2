"""The portal's URLs plus the yardstick of the load run: a view that does nothing."""

from django.http import HttpResponse
from django.urls import include, path

from tests.benchmarks.wiring import wire_page_cache

PAGE_CACHE = wire_page_cache()


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ok", ok), path("", include("portal.urls"))]
