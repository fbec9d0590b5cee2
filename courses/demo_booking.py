"""Demo data of the booking part: registrations, a full session, certificates.

The demo teachers get upcoming bookings, a place on a waiting list and attended
past sessions (so a certificate can be downloaded at once); 80 generated teachers
fill other sessions, one of them up to a waiting list. Rows are bulk-inserted and
keep the booking rules (seats, one registration per course, no overlaps).
Idempotent: nothing happens once registrations exist.
"""

from __future__ import annotations

import random
from collections import defaultdict

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from courses.booking_trainer import CODE_ALPHABET
from courses.models import BookingEvent, CourseSession, Registration
from portal import roles
from portal.accounts.models import User
from portal.demo import DEMO_PASSWORD, demo_email
from portal.schools.models import School

Status = Registration.Status
GENERATED = 80
FIRST_NAMES = [
    "Anna", "Ben", "Clara", "David", "Elif", "Finn", "Greta", "Hakan", "Ida", "Jan",
    "Katharina", "Lukas", "Mia", "Niklas", "Özlem", "Paul", "Rania", "Sophie",
    "Till", "Ümran", "Vera", "Yusuf", "Zoe", "Jürgen",
]  # fmt: skip
LAST_NAMES = [
    "Schäfer", "Krüger", "Yıldız", "Hoffmann", "Nowak", "Weiß", "Becker", "Kaya",
    "Fischer", "Müller", "Schröder", "Wolf", "Demir", "Zimmermann", "Braun",
]  # fmt: skip


class _Planner:
    """Keeps the rules while inserting: seats, one per course, no overlaps."""

    def __init__(self) -> None:
        self.registrations: list[Registration] = []
        self.taken: dict[int, int] = defaultdict(int)
        self.courses: set[tuple[int, int]] = set()
        self.busy: dict[int, list[CourseSession]] = defaultdict(list)
        self.queue_time = timezone.now()

    def add(self, session: CourseSession, teacher: User, status: str) -> bool:
        if (teacher.pk, session.course_id) in self.courses or any(
            s.start < session.end and s.end > session.start
            for s in self.busy[teacher.pk]
        ):
            return False
        if status == Status.CONFIRMED and self.taken[session.pk] >= session.capacity:
            status = Status.WAITLISTED
        code = ""
        if status == Status.ATTENDED:
            rng = random.Random(f"{teacher.pk}-{session.pk}")  # noqa: S311 - demo
            raw = "".join(rng.choice(CODE_ALPHABET) for _ in range(12))
            code = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
        if status != Status.WAITLISTED:
            self.taken[session.pk] += 1
        self.queue_time += timezone.timedelta(seconds=1)
        self.registrations.append(
            Registration(
                session=session,
                teacher=teacher,
                school_id=teacher.school_id,
                status=status,
                waitlisted_at=self.queue_time if status == Status.WAITLISTED else None,
                certificate_code=code,
            )
        )
        self.courses.add((teacher.pk, session.course_id))
        self.busy[teacher.pk].append(session)
        return True


def _generated_teachers(rng: random.Random) -> list[User]:
    schools = list(School.objects.order_by("school_number")[:40])
    password = make_password(DEMO_PASSWORD)
    users = []
    for i in range(GENERATED):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        users.append(
            User(
                email=demo_email(f"lehrkraft{i + 1:03d}"),
                full_name=name,
                school=schools[i % len(schools)] if schools else None,
                password=password,
            )
        )
    User.objects.bulk_create(users, ignore_conflicts=True)
    users = list(User.objects.filter(email__in=[u.email for u in users]))
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=u, email=u.email, verified=True, primary=True)
            for u in users
        ],
        ignore_conflicts=True,
    )
    Group.objects.get(name=roles.TEACHER).user_set.add(*users)
    return users


def seed(*, stdout) -> None:
    if Registration.objects.exists():
        return
    sessions = list(
        CourseSession.objects.scheduled().select_related("course").order_by("start")
    )
    if not sessions:
        return
    rng = random.Random(4)  # noqa: S311 - reproducible demo data
    now = timezone.now()
    upcoming = [s for s in sessions if s.start > now]
    past = [s for s in sessions if s.end < now]
    plan = _Planner()
    demo = {
        u.email: u
        for u in User.objects.filter(
            email__in=[demo_email("lehrerin"), demo_email("lehrer")]
        )
    }
    generated = _generated_teachers(rng)
    # One popular session, full with a waiting list, which the demo teacher joins.
    if upcoming:
        full = upcoming[min(3, len(upcoming) - 1)]
        for teacher in generated[: full.capacity + 3]:
            plan.add(full, teacher, Status.CONFIRMED)
        if lea := demo.get(demo_email("lehrerin")):
            plan.add(full, lea, Status.CONFIRMED)  # becomes wait-listed: full
    for teacher in demo.values():
        for session in upcoming[5:9]:
            plan.add(session, teacher, Status.CONFIRMED)
        for session in past[:3]:
            plan.add(session, teacher, Status.ATTENDED)
    for teacher in generated:
        for session in rng.sample(upcoming, k=min(3, len(upcoming))):
            plan.add(session, teacher, Status.CONFIRMED)
        for session in rng.sample(past, k=min(2, len(past))):
            plan.add(
                session, teacher, rng.choice([Status.ATTENDED] * 4 + [Status.NO_SHOW])
            )
    Registration.objects.bulk_create(plan.registrations)
    actions = {
        Status.CONFIRMED: BookingEvent.Action.BOOKED,
        Status.WAITLISTED: BookingEvent.Action.WAITLISTED,
        Status.ATTENDED: BookingEvent.Action.ATTENDED,
        Status.NO_SHOW: BookingEvent.Action.NO_SHOW,
    }
    saved = Registration.objects.select_related("session")
    BookingEvent.objects.bulk_create(
        BookingEvent(
            session_id=r.session_id,
            registration=r,
            action=actions[r.status],
            actor_id=r.teacher_id
            if r.status in Registration.OPEN_STATUSES
            else r.session.trainer_id,
        )
        for r in saved
    )
    stdout.write(f"  registrations: {len(plan.registrations)}")
