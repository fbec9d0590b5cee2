"""One structured log line per request: time, method, path, status, duration, user id.

No personal data beyond the user's numeric id: query strings (which may hold search
terms or names) are left out, and so are IP addresses, which the proxy logs already.
"""

from __future__ import annotations

import json
import logging
import time

logger = logging.getLogger("portal.request")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        logger.info(
            "request",
            extra={
                "http": {
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": user.pk
                    if user is not None and user.is_authenticated
                    else None,
                }
            },
        )
        return response


class JsonFormatter(logging.Formatter):
    """Render a record as one JSON object per line (for journald, Loki, ELK …)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if hasattr(record, "http"):
            entry.update(record.http)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
