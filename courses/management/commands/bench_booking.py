"""Booking under load: N clients book one session at the same moment over HTTP.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_booking \\
        python manage.py bench_booking [--clients 200] [--seats 20]

(`make bench-booking` does this.) It migrates the database it is given, creates a
course, a session with --seats seats and --clients teachers with logged-in
sessions, starts gunicorn (deploy/gunicorn.conf.py, production settings) on
127.0.0.1, waits until every client has its connection open, then releases all
POSTs to the booking URL at once (with CSRF). It reports confirmed, wait-listed,
errors, bookings per second and latency percentiles, and checks that no seat was
sold twice. Only this machine is contacted; the run stops by itself.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from datetime import timedelta
from importlib import import_module
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone
from wagtail.models import Page

from courses.models import CourseIndexPage, CoursePage, CourseSession, Registration
from portal import roles
from portal.accounts.models import User
from portal.schools.models import School

ROOT = Path(settings.BASE_DIR)
CSRF = "b" * 32  # the same secret in cookie and form: what a browser sends


class Command(BaseCommand):
    help = "Start gunicorn and let N clients book one session at the same moment."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--clients", type=int, default=200)
        parser.add_argument("--seats", type=int, default=20)
        parser.add_argument("--port", type=int, default=8191)
        parser.add_argument("--workers", type=int, default=5)
        parser.add_argument("--threads", type=int, default=1)
        parser.add_argument("--json", default="", help="also write the figures here")
        parser.add_argument(
            "--allow-sqlite", action="store_true", help="for a quick local try"
        )

    def handle(self, *args, **options) -> None:
        if connection.vendor != "postgresql" and not options["allow_sqlite"]:
            raise CommandError(
                "Run this against PostgreSQL: set DATABASE_URL=postgres://... "
                "(or pass --allow-sqlite for a quick local try)."
            )
        if connection.vendor == "postgresql":
            self._ensure_database()
        call_command("migrate", verbosity=0)
        session, warmup = self._sessions(options["seats"])
        clients = self._teachers(options["clients"] + 2 * options["workers"])
        # The server signs and checks sessions with this key; so do we here.
        options["secret_key"] = secrets.token_urlsafe(60)
        with override_settings(SECRET_KEY=options["secret_key"]):
            cookies = [self._login(teacher) for teacher in clients]
        server = self._start_server(options)
        try:
            path = f"/kurse/termine/{warmup.pk}/buchen/"
            warm = cookies[options["clients"] :]
            self._fire(options["port"], path, warm)
            path = f"/kurse/termine/{session.pk}/buchen/"
            started = time.perf_counter()
            results = self._fire(options["port"], path, cookies[: options["clients"]])
            wall = time.perf_counter() - started
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        self._report(session, results, wall, options)

    # --- setting up -----------------------------------------------------------
    def _ensure_database(self) -> None:
        """Create the benchmark's database if it does not exist yet."""
        import psycopg
        from psycopg import sql

        db = settings.DATABASES["default"]
        params = {
            "host": db["HOST"] or None,
            "port": db["PORT"] or None,
            "user": db["USER"] or None,
            "password": db["PASSWORD"] or None,
        }
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]
            ).fetchone()
            if not exists:
                admin.execute(
                    sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"]))
                )

    def _sessions(self, seats: int) -> tuple[CourseSession, CourseSession]:
        index = CourseIndexPage.objects.first()
        if index is None:
            home = Page.objects.get(depth=2)
            index = home.add_child(
                instance=CourseIndexPage(title="Kurse", slug="kurse")
            )
        course = CoursePage.objects.filter(slug="lastprobe-buchung").first()
        if course is None:
            course = index.add_child(
                instance=CoursePage(
                    title="Lastprobe Buchung",
                    slug="lastprobe-buchung",
                    teaser="Ein Kurs für den Lasttest.",
                    topic="ipad",
                    learning_goals="<p>Last</p>",
                )
            )
        # A new date each run, far apart, so earlier runs never overlap this one.
        offset = timedelta(
            days=30 + CourseSession.objects.filter(course=course).count()
        )
        start = timezone.now() + offset
        make = CourseSession.objects.create
        return (
            make(course=course, start=start, end=start + timedelta(hours=1),
                 capacity=seats, meeting_url="https://meet.example/last"),
            make(course=course, start=start + timedelta(hours=2),
                 end=start + timedelta(hours=3), capacity=1000),
        )  # fmt: skip

    def _teachers(self, count: int) -> list[User]:
        school, _created = School.objects.get_or_create(
            school_number="999999",
            defaults={"name": "Lastprobe-Schule", "school_type": "gymnasium"},
        )
        emails = [f"last{i:04d}@bench.invalid" for i in range(count)]
        User.objects.bulk_create(
            [User(email=e, full_name=f"Last {e[4:8]}", school=school) for e in emails],
            ignore_conflicts=True,
        )
        users = list(User.objects.filter(email__in=emails).order_by("email"))
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True)
             for u in users],
            ignore_conflicts=True,
        )  # fmt: skip
        Group.objects.get(name=roles.TEACHER).user_set.add(*users)
        # Bookings of earlier runs would count as "already registered for the course".
        Registration.objects.filter(
            teacher__in=users, status__in=Registration.OPEN_STATUSES
        ).update(status=Registration.Status.CANCELLED)
        return users

    def _login(self, user: User) -> str:
        """A server-side session as after logging in; returns the Cookie header."""
        store = import_module(settings.SESSION_ENGINE).SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return (
            f"{settings.SESSION_COOKIE_NAME}={store.session_key}; "
            f"{settings.CSRF_COOKIE_NAME}={CSRF}"
        )

    def _start_server(self, options) -> subprocess.Popen:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": options["secret_key"],
            "DATABASE_URL": os.environ["DATABASE_URL"],
            "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/9"),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "False",
            "GUNICORN_BIND": f"127.0.0.1:{options['port']}",
            "WEB_CONCURRENCY": str(options["workers"]),
            "GUNICORN_THREADS": str(options["threads"]),
            "LOG_LEVEL": "WARNING",
            "REQUEST_LOG_LEVEL": "WARNING",
        }
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py",
             "portal.wsgi"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                probe = http.client.HTTPConnection("127.0.0.1", options["port"], 2)
                probe.request("GET", "/healthz")
                if probe.getresponse().status == 200:
                    return server
            except OSError:
                time.sleep(0.3)
        server.kill()
        raise CommandError("gunicorn did not answer /healthz within 60 seconds.")

    # --- the run ----------------------------------------------------------------
    def _fire(self, port: int, path: str, cookies: list[str]) -> list[tuple]:
        """Open every connection, then send all POSTs at once; (status, seconds)."""
        barrier = threading.Barrier(len(cookies))
        results: list[tuple] = [("not sent", 0.0)] * len(cookies)
        body = f"csrfmiddlewaretoken={CSRF}&next=/"

        def client(i: int, cookie: str) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                conn.connect()
                barrier.wait(timeout=60)
                sent = time.perf_counter()
                conn.request(
                    "POST",
                    path,
                    body=body,
                    headers={
                        "Cookie": cookie,
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Host": "127.0.0.1",
                    },
                )
                response = conn.getresponse()
                response.read()
                results[i] = (response.status, time.perf_counter() - sent)
            except (OSError, threading.BrokenBarrierError) as error:
                results[i] = (type(error).__name__, 0.0)
            finally:
                conn.close()

        threads = [
            threading.Thread(target=client, args=(i, c)) for i, c in enumerate(cookies)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        return results

    def _report(self, session, results, wall: float, options) -> None:
        statuses = Registration.objects.filter(session=session).values_list(
            "status", flat=True
        )
        confirmed = sum(s == Registration.Status.CONFIRMED for s in statuses)
        waitlisted = sum(s == Registration.Status.WAITLISTED for s in statuses)
        http_errors = sum(1 for status, _s in results if status != 302)
        # A 302 without a registration is a "please try again" answer.
        errors = max(http_errors, options["clients"] - confirmed - waitlisted)
        latencies = sorted(s for status, s in results if status == 302)
        figures = {
            "clients": options["clients"],
            "seats": options["seats"],
            "workers": options["workers"],
            "threads": options["threads"],
            "database": connection.vendor,
            "confirmed": confirmed,
            "waitlisted": waitlisted,
            "errors": errors,
            "seconds": round(wall, 3),
            "bookings_per_second": round((confirmed + waitlisted) / wall, 1),
            "p50_ms": round(1000 * statistics.median(latencies), 1)
            if latencies
            else None,
            "p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1)
            if latencies
            else None,
            "max_ms": round(1000 * latencies[-1], 1) if latencies else None,
            "oversold": confirmed > options["seats"],
        }
        for key, value in figures.items():
            self.stdout.write(f"{key:>20}: {value}")
        if options["json"]:
            out = Path(options["json"])
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(figures, indent=2))
        if figures["oversold"]:
            raise CommandError("More confirmed participants than seats!")
