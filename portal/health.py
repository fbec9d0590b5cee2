"""`/healthz`: is this app server able to serve? Checks the database and the cache."""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    checks = {"database": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means "not healthy", whatever the driver raises
        logger.exception("Health check: database unreachable")
        checks["database"] = "error"
    try:
        cache.set("healthz", "1", 5)
        if cache.get("healthz") != "1":
            checks["cache"] = "error"
    except Exception:
        logger.exception("Health check: cache unreachable")
        checks["cache"] = "error"
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks},
        status=200 if healthy else 503,
    )
