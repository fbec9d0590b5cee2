"""Production: secrets from the environment, HTTPS everywhere, hashed static."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CACHES, LOGGING, REDIS_URL, SECRET_KEY, STORAGES, env

DEBUG = False
if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters."
    )
if not REDIS_URL and "locmem" in CACHES["default"]["BACKEND"]:
    raise ImproperlyConfigured("Production needs a shared cache: set REDIS_URL.")

STORAGES = {
    **STORAGES,
    "staticfiles": {
        "BACKEND": "portal.static_storage.StaticFilesStorage",
    },
}
WHITENOISE_MAX_AGE = 31536000

# Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO.
if env("SECURE_PROXY_SSL_HEADER", default=""):
    SECURE_PROXY_SSL_HEADER = (env("SECURE_PROXY_SSL_HEADER"), "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True
)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
LOGGING["handlers"]["console"]["formatter"] = env("LOG_FORMAT", default="json")
LOGGING["loggers"]["portal.request"]["level"] = env("REQUEST_LOG_LEVEL", default="INFO")
