"""Settings for the test suite (pytest-django)."""

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, env

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
MEDIA_ROOT = BASE_DIR / ".test-media"
WAGTAILADMIN_BASE_URL = "http://testserver"
SITE_URL = "http://testserver"
# Several checkouts or sessions on one machine keep their test databases apart.
_suffix = env("TEST_DB_SUFFIX", default="")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file database, so that tests with real threads share one database.
    DATABASES["default"]["TEST"] = {
        "NAME": str(BASE_DIR / f".test-db{_suffix}.sqlite3")
    }
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_portal{_suffix}"}
LOGGING = {"version": 1, "disable_existing_loggers": False}
