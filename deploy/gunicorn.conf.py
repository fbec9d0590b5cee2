"""gunicorn settings from the environment.

Start: `gunicorn -c deploy/gunicorn.conf.py portal.wsgi`. The app servers keep no state
of their own: data and sessions live in PostgreSQL (sessions cached in Redis), the
cache and rate limits in Redis, uploads on the shared media storage.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so that a slow leak never grows without bound. The
# jitter is half the limit: under even load all workers reach the limit together,
# and with a small jitter they restarted together (a worker takes seconds to boot
# Wagtail), which the load benchmark saw as a pause with timeouts.
# A recycled worker starts cold (fork, copy-on-write of the preloaded app, new
# database and Redis connections, statements not yet prepared): its first 100
# requests took 0.13-0.22 s more CPU on the benchmark machine. At 5,000 a worker
# serving a cheap page was recycled every 12 s; 50,000 still guards against a
# slow leak.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = int(
    os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", str(max_requests // 2))
)
# Django and Wagtail are loaded (and warmed up, portal/warmup.py) once in the
# master; workers are forks that serve at once, also when they are recycled.
# New code then needs a restart of the service, not a reload (docs/deploy.md).
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() in ("1", "true", "yes")


def _warm_up():
    from portal.warmup import freeze_loaded_objects, warm_up

    warm_up()
    freeze_loaded_objects()


def when_ready(server):
    """After the preload, before the first fork: workers inherit the warm app."""
    if preload_app:
        _warm_up()


def post_worker_init(worker):
    """Without preload every worker warms itself up before it takes requests."""
    if not preload_app:
        _warm_up()


def post_fork(server, worker):
    """A worker never shares a connection the master may have opened."""
    from django.db import connections

    connections.close_all()


# The portal logs one structured line per request itself (portal.request_log).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "schulportal"
