"""The benchmark dataset: the city at 1x (the demo's size) or at any multiple of it.

1x: 154 schools, 25,000 devices, 70 courses with sessions, ~3,000 tickets, 2,000
teachers with bookings. Rows go in with `bulk_create` straight against the models
(no domain functions, no signals), so 10x takes seconds to a minute, not minutes.
The few rows the measured pages are about (the bench teacher, coordinator and agent,
the long ticket) are the same at every scale, so that 1x and 10x pages show the
same number of rows and differ only in the size of the tables around them.

Every number is derived from a seeded random generator: two builds at the same
scale give the same data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from portal import roles
from portal.accounts.models import User
from portal.demo import build_schools
from portal.schools.models import School
from support.models import Ticket
from tests.benchmarks.bulk import bulk
from tests.benchmarks.dataset_courses import CourseRows
from tests.benchmarks.dataset_support import (
    LONG_TICKET_MESSAGES,
    LONG_TICKET_SUBJECT,
    SupportRows,
)

BENCH_PASSWORD = "Bench-Portal-2026!"
DOMAIN = "bench.schulportal.example"

#: The named accounts the measured pages are viewed as.
BENCH_TEACHER = f"lehrerin@{DOMAIN}"
BENCH_COORDINATOR = f"koordination@{DOMAIN}"
BENCH_AGENT = f"support@{DOMAIN}"
BENCH_TRAINER = f"trainerin@{DOMAIN}"
__all__ = ["LONG_TICKET_MESSAGES", "Builder", "build", "long_ticket"]


@dataclass
class Sizes:
    """How many rows of each kind a scale gives."""

    scale: float
    schools: int = 154
    courses: int = 70
    devices: int = field(init=False)
    tickets: int = field(init=False)
    teachers: int = field(init=False)
    past_sessions_per_course: int = field(init=False)

    def __post_init__(self) -> None:
        self.devices = round(25_000 * self.scale)
        self.tickets = round(3_000 * self.scale)
        self.teachers = round(2_000 * self.scale)
        # A larger city has a longer history: past sessions grow with the teachers.
        self.past_sessions_per_course = max(1, round(2 * self.scale))


class Builder(CourseRows, SupportRows):
    """Builds one dataset into the default database (which must be migrated)."""

    def __init__(
        self,
        scale: float,
        *,
        stdout=None,
        seed: int = 2026,
        courses: int | None = None,
        tag: str = "",
    ) -> None:
        """`tag` adds to a dataset built before (new rows get the tag in their
        names; the named accounts, the long ticket and the profiles stay as they
        are): the query-budget tests grow a small dataset this way."""
        self.sizes = Sizes(scale)
        if courses is not None:
            self.sizes.courses = courses
        self.tag = tag
        self.rng = random.Random(seed + len(tag))
        self.now = timezone.now()
        self.stdout = stdout
        self.password = make_password(BENCH_PASSWORD)

    def log(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(f"  {message}\n")

    @transaction.atomic
    def build(self) -> dict:
        schools = self.schools()
        staff = self.staff(schools)
        teachers = self.teachers(schools)
        courses = self.courses(staff["trainers"])
        sessions = self.sessions(courses, staff["trainers"])
        registrations = self.registrations(sessions, teachers, staff["teacher"])
        profiles = self.profiles(schools)
        batches = self.batches(schools)
        devices = self.devices(schools, batches, profiles)
        loans = self.loans()
        tickets = self.tickets(schools, teachers, staff)
        return {
            "scale": self.sizes.scale,
            "schools": len(schools),
            "teachers": len(teachers),
            "courses": len(courses),
            "sessions": len(sessions),
            "registrations": registrations,
            "devices": devices,
            "loans": loans,
            "tickets": tickets["tickets"],
            "ticket_messages": tickets["messages"],
        }

    # --- people ---------------------------------------------------------------
    def schools(self) -> list[School]:
        bulk(School, build_schools(), ignore_conflicts=True)
        schools = list(School.objects.order_by("school_number"))
        self.log(f"schools: {len(schools)}")
        return schools

    def _users(self, specs: list[tuple[str, str, int | None]], role_names) -> list[int]:
        """Create users (email, name, school id) with roles and verified e-mail."""
        bulk(
            User,
            [
                User(
                    email=email,
                    full_name=name,
                    school_id=school_id,
                    password=self.password,
                )
                for email, name, school_id in specs
            ],
        )
        emails = [email for email, _name, _school in specs]
        ids = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
        user_ids = [ids[email] for email in emails]
        through = User.groups.through
        groups = {g.name: g.pk for g in Group.objects.all()}
        bulk(
            through,
            [
                through(user_id=uid, group_id=groups[name])
                for uid in user_ids
                for name in role_names
            ],
        )
        bulk(
            EmailAddress,
            [
                EmailAddress(user_id=uid, email=email, verified=True, primary=True)
                for uid, email in zip(user_ids, emails, strict=True)
            ],
        )
        return user_ids

    def staff(self, schools: list[School]) -> dict:
        from allauth.mfa.totp.internal.auth import TOTP

        from portal.demo import DEMO_TOTP_SECRET

        if self.tag:
            return self._existing_staff()

        agents = self._users(
            [(BENCH_AGENT, "Sven Support", None)]
            + [(f"agent{i}@{DOMAIN}", f"Agentin {i}", None) for i in range(1, 6)],
            [roles.AGENT],
        )
        trainers = self._users(
            [(BENCH_TRAINER, "Tara Trainerin", None)]
            + [(f"trainer{i}@{DOMAIN}", f"Trainer {i}", None) for i in range(1, 10)],
            [roles.TRAINER],
        )
        coordinators = self._users(
            [(BENCH_COORDINATOR, "Kira Koordinatorin", schools[0].pk)]
            + [
                (f"koordination{i}@{DOMAIN}", f"Koordination {i}", s.pk)
                for i, s in enumerate(schools[1:], start=1)
            ],
            [roles.TEACHER, roles.COORDINATOR],
        )
        (teacher,) = self._users(
            [(BENCH_TEACHER, "Lea Lehrerin", schools[0].pk)], [roles.TEACHER]
        )
        # Staff must have enrolled TOTP, or every page sends them to enrol first.
        for user in User.objects.filter(pk__in=agents + trainers):
            TOTP.activate(user, DEMO_TOTP_SECRET)
        self.log(f"staff: {len(agents)} agents, {len(trainers)} trainers")
        return {
            "agents": agents,
            "trainers": trainers,
            "coordinators": coordinators,
            "teacher": teacher,
        }

    def _existing_staff(self) -> dict:
        def ids(**filters) -> list[int]:
            return list(
                User.objects.filter(email__endswith=f"@{DOMAIN}", **filters)
                .order_by("pk")
                .values_list("pk", flat=True)
            )

        coordinators = ids(groups__name=roles.COORDINATOR)
        return {
            "agents": ids(groups__name=roles.AGENT),
            "trainers": ids(groups__name=roles.TRAINER),
            "coordinators": coordinators,
            "teacher": User.objects.get(email=BENCH_TEACHER).pk,
        }

    def teachers(self, schools: list[School]) -> list[int]:
        weights = [max(s.pupils, 50) for s in schools]
        chosen = self.rng.choices(schools, weights=weights, k=self.sizes.teachers)
        ids = self._users(
            [
                (f"lehrkraft{self.tag}{i:06d}@{DOMAIN}", f"Lehrkraft {i}", s.pk)
                for i, s in enumerate(chosen)
            ],
            [roles.TEACHER],
        )
        self.log(f"teachers: {len(ids)}")
        return ids


def build(scale: float, *, stdout=None) -> dict:
    """Build the dataset at `scale` into the (migrated, empty) default database,
    then do what autovacuum does soon after a bulk load: update the planner's
    statistics (without them PostgreSQL picks plans that are 10 times slower)
    and, on PostgreSQL, the visibility map (without it an index-only scan, such
    as the queue's count of open tickets, still reads every row's page)."""
    from django.db import connection

    counts = Builder(scale, stdout=stdout).build()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
    return counts


def long_ticket() -> Ticket:
    return Ticket.objects.get(subject=LONG_TICKET_SUBJECT)
