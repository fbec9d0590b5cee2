"""The Django side of the load run: logged-in sessions, the requests of every
scenario as Lua data for wrk, and the booking check afterwards.

    python -m tests.benchmarks.load_data prepare OUT_DIR BASE_URL
    python -m tests.benchmarks.load_data verify SINCE_ISO

Sessions are created the way a login creates them (auth keys in the session
store), so the server sees ordinary logged-in users. POSTs carry the CSRF cookie
and the same secret in the form, and a same-origin Referer (HTTPS).
"""

from __future__ import annotations

import json
import random
import sys
from datetime import datetime
from importlib import import_module
from pathlib import Path
from urllib.parse import urlencode

import django

RNG = random.Random(8)
TEACHERS = 200
REPORTERS = 120


def _session_cookie(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.middleware.csrf import _get_new_csrf_string

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    secret = _get_new_csrf_string()
    cookie = (
        f"{settings.SESSION_COOKIE_NAME}={store.session_key}; "
        f"{settings.CSRF_COOKIE_NAME}={secret}"
    )
    return cookie, secret


class Scenario:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.requests: list[dict] = []

    def get(self, path: str, cookie: str | None = None, weight: int = 1) -> None:
        headers = {"Cookie": cookie} if cookie else {}
        for _i in range(weight):
            self.requests.append({"method": "GET", "path": path, "headers": headers})

    def post(
        self, path: str, user: tuple[str, str], fields: dict, referer: str
    ) -> None:
        cookie, secret = user
        self.requests.append(
            {
                "method": "POST",
                "path": path,
                "headers": {
                    "Cookie": cookie,
                    "Referer": self.base_url + referer,
                    "Content-Type": "application/x-www-form-urlencoded",
                },
                "body": urlencode({"csrfmiddlewaretoken": secret, **fields}),
            }
        )

    def lua(self) -> str:
        def q(value: str) -> str:
            return json.dumps(value)  # a JSON string is a valid Lua string here

        lines = ["return { requests = {"]
        for r in self.requests:
            headers = ", ".join(f"[{q(k)}] = {q(v)}" for k, v in r["headers"].items())
            body = f", body = {q(r['body'])}" if "body" in r else ""
            lines.append(
                f"  {{ method = {q(r['method'])}, path = {q(r['path'])}, "
                f"headers = {{ {headers} }}{body} }},"
            )
        lines.append("} }")
        return "\n".join(lines) + "\n"


def prepare(out_dir: Path, base_url: str) -> dict:
    """Write ok.lua, anonymous.lua, teachers.lua and helpdesk.lua into out_dir."""
    from django.urls import reverse

    from courses.models import CourseIndexPage, CoursePage, CourseSession
    from portal import roles
    from portal.accounts.models import User
    from support.models import Ticket
    from tests.benchmarks import dataset

    out_dir.mkdir(parents=True, exist_ok=True)
    catalogue = CourseIndexPage.objects.live().get().url
    courses = [p.url for p in CoursePage.objects.live().order_by("path")]
    sessions = list(
        CourseSession.objects.upcoming().scheduled().values_list("pk", flat=True)
    )

    ok = Scenario(base_url)
    ok.get("/bench/ok")

    anonymous = Scenario(base_url)
    anonymous.get(catalogue, weight=len(courses) // 2)
    for url in courses:
        anonymous.get(url)
    for topic in ("ipad", "iserv"):
        anonymous.get(f"{catalogue}?topic={topic}", weight=3)

    teachers = Scenario(base_url)
    my_courses = reverse("courses:my_courses")
    for user in User.objects.filter(email__startswith="lehrkraft").order_by("pk")[
        :TEACHERS
    ]:
        cookie, secret = _session_cookie(user)
        teachers.get(catalogue, cookie)
        teachers.get(RNG.choice(courses), cookie, weight=2)
        teachers.get(my_courses, cookie, weight=2)
        session_pk = RNG.choice(sessions)
        course_url = CoursePage.objects.get(sessions=session_pk).url
        teachers.post(
            reverse("courses:book_session", args=[session_pk]),
            (cookie, secret),
            {"next": course_url},
            referer=course_url,
        )

    helpdesk = Scenario(base_url)
    report = reverse("support:report")
    my_tickets = reverse("support:tickets")
    reporters = User.objects.filter(
        groups__name=roles.TEACHER, school__isnull=False
    ).order_by("-pk")[:REPORTERS]
    for n, user in enumerate(reporters):
        cookie, secret = _session_cookie(user)
        helpdesk.get(my_tickets, cookie)
        helpdesk.get(report, cookie)
        helpdesk.post(
            report,
            (cookie, secret),
            {
                "category": "display",
                "serial": "",
                "subject": f"Display gesprungen ({n})",
                "description": "Das Display ist nach einem Sturz gesprungen.",
            },
            referer=report,
        )
    queue = reverse("support:queue")
    references = list(
        Ticket.objects.active().order_by("?").values_list("reference", flat=True)[:100]
    )
    for email in [dataset.BENCH_AGENT] + [
        f"agent{i}@{dataset.DOMAIN}" for i in range(1, 6)
    ]:
        cookie, secret = _session_cookie(User.objects.get(email=email))
        helpdesk.get(queue, cookie, weight=20)
        helpdesk.get(queue + "?status=new&priority=urgent", cookie, weight=10)
        helpdesk.get(queue + "?category=wlan&sort=due", cookie, weight=10)
        for reference in RNG.sample(references, 20):
            ticket_url = reverse("support:queue_ticket", args=[reference])
            helpdesk.get(ticket_url, cookie)
        for reference in RNG.sample(references, 4):
            helpdesk.post(
                reverse("support:queue_reply", args=[reference]),
                (cookie, secret),
                {"body": "Wir kümmern uns darum.", "internal": "on"},
                referer=reverse("support:queue_ticket", args=[reference]),
            )

    counts = {}
    for name, scenario in {
        "ok": ok,
        "anonymous": anonymous,
        "teachers": teachers,
        "helpdesk": helpdesk,
    }.items():
        (out_dir / f"{name}.lua").write_text(scenario.lua())
        counts[name] = len(scenario.requests)
    return counts


def verify(since: datetime) -> dict:
    """No session over capacity, no double active registration, and every
    registration made during the run recorded by its booking event."""
    from django.db.models import Count, F, Q

    from courses.models import BookingEvent, CourseSession, Registration

    over = (
        CourseSession.objects.annotate(
            confirmed=Count(
                "registrations", filter=Q(registrations__status="confirmed")
            )
        )
        .filter(confirmed__gt=F("capacity"))
        .count()
    )
    doubles = (
        Registration.objects.filter(status__in=Registration.ACTIVE_STATUSES)
        .values("session", "teacher")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    made = Registration.objects.filter(created_at__gte=since)
    events = BookingEvent.objects.filter(
        created_at__gte=since, action__in=["booked", "waitlisted"]
    )
    result = {
        "registrations": made.count(),
        "confirmed": made.filter(status="confirmed").count(),
        "waitlisted": made.filter(status="waitlisted").count(),
        "booking_events": events.count(),
        "over_capacity": over,
        "doubles": doubles,
    }
    result["ok"] = (
        over == 0 and doubles == 0 and result["registrations"] == events.count()
    )
    return result


def verify_helpdesk(since: datetime) -> dict:
    """The POSTs of the helpdesk run really filed tickets and wrote notes (a form
    error would answer 200 and go unnoticed by wrk)."""
    from django.db.models import Count

    from support.models import Ticket, TicketMessage

    references = Ticket.objects.filter(created_at__gte=since).values("reference")
    duplicates = (
        Ticket.objects.values("reference").annotate(n=Count("pk")).filter(n__gt=1)
    )
    return {
        "tickets_filed": references.count(),
        "notes_written": TicketMessage.objects.filter(
            created_at__gte=since, is_internal=True
        ).count(),
        "duplicate_references": duplicates.count(),
    }


if __name__ == "__main__":
    django.setup()
    command = sys.argv[1]
    if command == "prepare":
        print(json.dumps(prepare(Path(sys.argv[2]), sys.argv[3])))  # noqa: T201
    elif command == "verify":
        print(json.dumps(verify(datetime.fromisoformat(sys.argv[2]))))  # noqa: T201
    elif command == "verify-helpdesk":
        since = datetime.fromisoformat(sys.argv[2])
        print(json.dumps(verify_helpdesk(since)))  # noqa: T201
