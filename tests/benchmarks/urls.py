"""The portal's URLs plus the yardstick of the load run: a view that does nothing."""

from django.http import HttpResponse
from django.urls import include, path


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ok", ok), path("", include("portal.urls"))]
