"""Settings of the benchmark: production, as the server runs, plus what a run needs.

Production settings unchanged except: the hosts of this machine, HTTPS redirect
off by default (the in-process client speaks plain HTTP; the load run goes through
nginx with TLS and sets SECURE_SSL_REDIRECT=True), static files collected under
bench-output/, and a URLconf with a trivial view at /bench/ok as the yardstick of
the load run. The bench URLconf is never part of production.
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)

from portal.settings.production import *  # noqa: F403
from portal.settings.production import BASE_DIR, CACHES, MIDDLEWARE, env

BENCH_OUTPUT = BASE_DIR / "bench-output"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
ROOT_URLCONF = "tests.benchmarks.urls"
STATIC_ROOT = BENCH_OUTPUT / "staticfiles"
MEDIA_ROOT = BENCH_OUTPUT / "media"
# Each database of the run gets its own cache keys (same Redis).
CACHES["default"]["KEY_PREFIX"] = env("BENCH_CACHE_PREFIX", default="bench")

# The anonymous page cache, until the portal's settings list it (see wiring.py).
PAGE_CACHE_MIDDLEWARE = "courses.cache.AnonymousPageCacheMiddleware"
if (
    env("BENCH_PAGE_CACHE", default="1") == "1"
    and PAGE_CACHE_MIDDLEWARE not in MIDDLEWARE
):
    MIDDLEWARE = [*MIDDLEWARE, PAGE_CACHE_MIDDLEWARE]
