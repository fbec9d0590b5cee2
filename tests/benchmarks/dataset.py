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
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Page

from courses.models import (
    Audience,
    CourseIndexPage,
    CoursePage,
    CourseSession,
    Registration,
)
from portal import roles
from portal.accounts.models import User
from portal.demo import build_schools
from portal.schools.models import School
from support.models import (
    BatchAllocation,
    ConfigurationProfile,
    DeliveryBatch,
    Device,
    Loan,
    ProfileApp,
    Ticket,
    TicketCounter,
    TicketEvent,
    TicketMessage,
)

BENCH_PASSWORD = "Bench-Portal-2026!"
DOMAIN = "bench.schulportal.example"
BATCH = 2000

#: The named accounts the measured pages are viewed as.
BENCH_TEACHER = f"lehrerin@{DOMAIN}"
BENCH_COORDINATOR = f"koordination@{DOMAIN}"
BENCH_AGENT = f"support@{DOMAIN}"
BENCH_TRAINER = f"trainerin@{DOMAIN}"
LONG_TICKET_MESSAGES = 60
LONG_TICKET_SUBJECT = "Klassensatz verbindet sich nicht mit dem WLAN"


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


def _bulk(model, rows: list, **kwargs) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH, **kwargs)


def _insert(model, names: list[str], rows: Iterable[tuple]) -> int:
    """INSERT many rows of `model` fast, for the big tables.

    `bulk_create` builds a model instance per row; at 250,000 devices that alone
    takes minutes on this machine. PostgreSQL gets `COPY`, SQLite `executemany`.
    Values are prepared for the database by the model's fields (dates and times),
    memoised per column because they repeat.
    """
    fields = [model._meta.get_field(name) for name in names]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    preparers = []
    for f in fields:
        if f.get_internal_type() in ("DateField", "DateTimeField"):
            memo: dict = {}

            def prep(value, f=f, memo=memo):
                if value not in memo:
                    memo[value] = f.get_db_prep_save(value, connection)
                return memo[value]

            preparers.append(prep)
        else:
            preparers.append(None)

    def prepared() -> Iterable[tuple]:
        for row in rows:
            yield tuple(p(v) if p else v for p, v in zip(preparers, row, strict=True))

    count = 0
    # Table and column names come from the model's meta; values are parameters.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            copy_sql = f"COPY {table} ({columns}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in prepared():
                    copy.write_row(row)
                    count += 1
            return count
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        chunk: list[tuple] = []
        for row in prepared():
            chunk.append(row)
            if len(chunk) >= 5000:
                cursor.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count


class Builder:
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
        _bulk(School, build_schools(), ignore_conflicts=True)
        schools = list(School.objects.order_by("school_number"))
        self.log(f"schools: {len(schools)}")
        return schools

    def _users(self, specs: list[tuple[str, str, int | None]], role_names) -> list[int]:
        """Create users (email, name, school id) with roles and verified e-mail."""
        _bulk(
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
        _bulk(
            through,
            [
                through(user_id=uid, group_id=groups[name])
                for uid in user_ids
                for name in role_names
            ],
        )
        _bulk(
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
        for user in User.objects.filter(pk__in=agents[:1] + trainers[:1]):
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

    # --- courses --------------------------------------------------------------
    def courses(self, trainers: list[int]) -> list[CoursePage]:
        home = Page.objects.get(depth=2, content_type__app_label="home")
        index = CourseIndexPage.objects.first()
        if index is None:
            index = home.add_child(
                instance=CourseIndexPage(title="Fortbildungen", slug="kurse")
            )
        audiences = list(Audience.objects.all())
        pages = []
        for i in range(self.sizes.courses):
            topic = "ipad" if i < 40 else "iserv"
            page = index.add_child(
                instance=CoursePage(
                    title=f"{'iPad' if topic == 'ipad' else 'iServ'} Kurs {i + 1:02d}",
                    slug=f"kurs-{self.tag}{i + 1:02d}",
                    teaser="Praxisnah lernen, wie Sie das Werkzeug im Unterricht "
                    "einsetzen: mit Beispielen für Ihre Klasse.",
                    topic=topic,
                    level=["beginner", "advanced", "expert"][i % 3],
                    duration_minutes=[60, 90, 120][i % 3],
                    learning_goals="<ul><li>Grundlagen sicher anwenden</li>"
                    "<li>Eine Unterrichtsstunde planen</li></ul>",
                    body=[
                        ("heading", {"text": "Worum es geht", "level": "h2"}),
                        (
                            "paragraph",
                            "<p>" + "Ein Absatz über den Kurs. " * 20 + "</p>",
                        ),
                    ],
                )
            )
            page.audiences.set(self.rng.sample(audiences, k=min(3, len(audiences))))
            page.trainers.set([trainers[i % len(trainers)]])
            page.save()
            pages.append(page)
        self.log(f"courses: {len(pages)}")
        return pages

    def sessions(self, courses: list[CoursePage], trainers: list[int]) -> list:
        rows = []
        for i, course in enumerate(courses):
            upcoming = 1 + i % 4
            for k in range(upcoming):
                day = (self.now + timedelta(days=7 + 9 * k + i % 7)).date()
                rows.append(self._session(course, day, trainers[i % len(trainers)]))
            for k in range(self.sizes.past_sessions_per_course):
                day = (self.now - timedelta(days=10 + 11 * k + i % 5)).date()
                rows.append(self._session(course, day, trainers[i % len(trainers)]))
        _bulk(CourseSession, rows)
        sessions = list(CourseSession.objects.order_by("pk"))
        self.log(f"sessions: {len(sessions)}")
        return sessions

    def _session(self, course: CoursePage, day: date, trainer_id: int):
        start = timezone.make_aware(datetime.combine(day, time(15, 0)))
        return CourseSession(
            course=course,
            start=start,
            end=start + timedelta(minutes=course.duration_minutes),
            capacity=20,
            meeting_url="https://meet.example/raum",
            trainer_id=trainer_id,
            booking_deadline=start - timedelta(hours=24),
            cancellation_deadline=start - timedelta(hours=48),
        )

    def registrations(self, sessions: list, teachers: list[int], bench: int) -> int:
        """Fill upcoming sessions (confirmed up to capacity, then the waiting list),
        past ones with attended/no-show; the rest of the teachers' bookings are
        cancelled ones. One open registration per teacher and course."""
        school_of = dict(User.objects.values_list("pk", "school_id"))
        upcoming = [s for s in sessions if s.start > self.now]
        past = [s for s in sessions if s.start <= self.now]
        rows: list[tuple] = []
        taken: set[tuple[int, int]] = set()  # (teacher, course)
        confirmed: dict[int, int] = {}

        def add(session, teacher, status, offset):
            taken.add((teacher, session.course_id))
            waiting = status == Registration.Status.WAITLISTED
            rows.append(
                (
                    session.pk,
                    teacher,
                    school_of[teacher],
                    status,
                    self.now - timedelta(minutes=offset) if waiting else None,
                    "",
                    self.now,
                    self.now,
                )
            )

        # The bench teacher: the same rows at every scale.
        mine = [] if self.tag else upcoming[:3] + past[:4]
        for n, session in enumerate(mine):
            status = (
                Registration.Status.ATTENDED
                if session.start <= self.now
                else Registration.Status.CONFIRMED
            )
            add(session, bench, status, n)
            if status == Registration.Status.CONFIRMED:
                confirmed[session.pk] = confirmed.get(session.pk, 0) + 1
        for n, teacher in enumerate(teachers):
            for _k in range(self.rng.choice((1, 2, 2, 3))):
                session = self.rng.choice(sessions)
                if (teacher, session.course_id) in taken:
                    continue
                if session.start <= self.now:
                    used = confirmed.get(session.pk, 0)
                    if used >= session.capacity:
                        status = Registration.Status.CANCELLED
                    else:
                        status = self.rng.choice(
                            (Registration.Status.ATTENDED,) * 4
                            + (Registration.Status.NO_SHOW,)
                        )
                        confirmed[session.pk] = used + 1
                elif confirmed.get(session.pk, 0) < session.capacity - 2:
                    status = Registration.Status.CONFIRMED
                    confirmed[session.pk] = confirmed.get(session.pk, 0) + 1
                else:
                    status = self.rng.choice(
                        (Registration.Status.WAITLISTED, Registration.Status.CANCELLED)
                    )
                add(session, teacher, status, n)
        _insert(
            Registration,
            [
                "session",
                "teacher",
                "school",
                "status",
                "waitlisted_at",
                "certificate_code",
                "created_at",
                "updated_at",
            ],
            rows,
        )
        self.log(f"registrations: {len(rows)}")
        return len(rows)

    # --- inventory ------------------------------------------------------------
    def profiles(self, schools: list[School]) -> dict[int, int]:
        current = dict(
            ConfigurationProfile.objects.filter(is_current=True).values_list(
                "school_id", "pk"
            )
        )
        if current:
            return current
        rows = []
        for school in schools:
            for version in (1, 2):
                rows.append(
                    ConfigurationProfile(
                        school=school,
                        version=version,
                        is_current=version == 2,
                        wifi_name=f"SCHULE-{school.school_number}",
                        settings_restrictions="AirDrop: aus\nKamera: an",
                        pupil_permissions="Apps laden: nein",
                        teacher_permissions="Apps laden: ja",
                        change_note="Bench",
                    )
                )
        _bulk(ConfigurationProfile, rows)
        current = dict(
            ConfigurationProfile.objects.filter(is_current=True).values_list(
                "school_id", "pk"
            )
        )
        apps = [
            ProfileApp(profile_id=pid, name=name, bundle_id=bundle)
            for pid in ConfigurationProfile.objects.values_list("pk", flat=True)
            for name, bundle in (
                ("Keynote", "com.apple.Keynote"),
                ("Pages", "com.apple.Pages"),
                ("GarageBand", "com.apple.mobilegarageband"),
            )
        ]
        _bulk(ProfileApp, apps)
        return current

    def batches(self, schools: list[School]) -> list[DeliveryBatch]:
        if DeliveryBatch.objects.exists():
            return list(DeliveryBatch.objects.order_by("number"))
        first = date(2020, 11, 2)
        _bulk(
            DeliveryBatch,
            [
                DeliveryBatch(
                    number=n + 1,
                    planned_date=first + timedelta(weeks=2 * n),
                    actual_date=first + timedelta(weeks=2 * n, days=2),
                )
                for n in range(12)
            ],
        )
        batches = list(DeliveryBatch.objects.order_by("number"))
        per_school = max(1, self.sizes.devices // (len(schools) * len(batches)))
        _bulk(
            BatchAllocation,
            [
                BatchAllocation(batch=b, school=s, devices_planned=per_school)
                for b in batches
                for s in schools
            ],
        )
        return batches

    def devices(self, schools, batches, profiles: dict[int, int]) -> int:
        purposes = ["teacher_device", "class_set", "class_set"] + ["pupil_loan"] * 7
        statuses = ["in_use"] * 6 + ["delivered"] * 2 + ["in_repair", "lost"]
        others = [s.pk for s in schools[1:]]
        weights = [max(s.pupils, 50) for s in schools[1:]]
        n = self.sizes.devices
        # The bench coordinator's school gets the same 160 devices at any scale.
        own = 0 if self.tag else min(n, 160)
        school_ids = [schools[0].pk] * own + self.rng.choices(
            others, weights=weights, k=n - own
        )
        now = self.now

        def rows():
            for i in range(n):
                batch = batches[i % len(batches)]
                school_id = school_ids[i]
                yield (
                    f"DM{(self.tag or 'P')[:1].upper()}{i:09d}",
                    "iPad (9. Generation)",
                    64,
                    f"INV-{i:07d}",
                    school_id,
                    purposes[i % 10],
                    statuses[i % len(statuses)],
                    batch.pk,
                    batch.actual_date,
                    profiles[school_id],
                    batch.actual_date + timedelta(days=3 * 365),
                    "",
                    now,
                )

        count = _insert(
            Device,
            [
                "serial",
                "model",
                "storage_gb",
                "asset_tag",
                "school",
                "purpose",
                "status",
                "batch",
                "delivered_on",
                "profile_version",
                "warranty_until",
                "notes",
                "updated_at",
            ],
            rows(),
        )
        self.log(f"devices: {count}")
        return count

    def loans(self) -> int:
        devices = Device.objects.filter(
            purpose="pupil_loan", status="in_use", loans__isnull=True
        )
        issued, signed = date(2021, 2, 1), date(2021, 1, 28)
        count = _insert(
            Loan,
            [
                "device",
                "borrower_type",
                "pupil_reference",
                "issued_on",
                "agreement_signed_on",
                "accessories",
                "condition_at_issue",
                "condition_at_return",
                "created_at",
            ],
            (
                (
                    pk,
                    "pupil",
                    f"P{pk:07d}",
                    issued,
                    signed,
                    "Hülle",
                    "neu",
                    "",
                    self.now,
                )
                # A list, not an iterator: no query may run during a COPY.
                for pk in list(devices.values_list("pk", flat=True))
            ),
        )
        self.log(f"loans: {count}")
        return count

    # --- helpdesk -------------------------------------------------------------
    def tickets(self, schools, teachers: list[int], staff: dict) -> dict:
        categories = [c for c, _label in Ticket.Category.choices]
        statuses = ["new", "open", "waiting", "in_repair"] + ["resolved", "closed"] * 3
        reporters_by_school: dict[int, list[int]] = {}
        for pk, school_id in User.objects.filter(pk__in=teachers).values_list(
            "pk", "school_id"
        ):
            reporters_by_school.setdefault(school_id, []).append(pk)
        coordinator_of = dict(
            User.objects.filter(pk__in=staff["coordinators"]).values_list(
                "school_id", "pk"
            )
        )
        year = self.now.year
        agents = staff["agents"]
        plan = []  # (reporter, assignee, created, messages)
        rows = []
        first = (
            TicketCounter.objects.filter(year=year)
            .values_list("last_number", flat=True)
            .first()
            or 0
        )
        for i in range(self.sizes.tickets + (0 if self.tag else 1)):
            long = i == self.sizes.tickets
            school = schools[0] if long else schools[i % len(schools)]
            if long:
                # The long conversation, filed by the bench coordinator.
                reporter, assignee = staff["coordinators"][0], agents[0]
                created, status = self.now - timedelta(days=20), "open"
                category, priority = "wlan", "high"
                subject = LONG_TICKET_SUBJECT
            else:
                reporter = self.rng.choice(
                    reporters_by_school.get(school.pk) or [coordinator_of[school.pk]]
                )
                assignee = agents[i % len(agents)] if i % 4 else None
                created = self.now - timedelta(hours=self.rng.randint(1, 24 * 600))
                status = statuses[i % len(statuses)]
                category = categories[i % len(categories)]
                priority = ["low", "normal", "normal", "high", "urgent"][i % 5]
                subject = f"iPad Problem {i + 1}"
            done = status in ("resolved", "closed")
            rows.append(
                (
                    f"T-{year}-{first + i + 1:06d}",
                    school.pk,
                    reporter,
                    "",
                    subject,
                    category,
                    priority,
                    status,
                    assignee,
                    created,
                    created + timedelta(hours=2),
                    created + timedelta(hours=8),
                    created + timedelta(days=3),
                    created + timedelta(hours=1),
                    created + timedelta(days=2) if done else None,
                    created + timedelta(days=16) if status == "closed" else None,
                )
            )
            plan.append(
                (
                    reporter,
                    assignee,
                    created,
                    LONG_TICKET_MESSAGES if long else 1 + i % 5,
                )
            )
        _insert(
            Ticket,
            [
                "reference",
                "school",
                "reporter",
                "serial",
                "subject",
                "category",
                "priority",
                "status",
                "assignee",
                "created_at",
                "last_activity_at",
                "response_due_at",
                "due_at",
                "first_response_at",
                "resolved_at",
                "closed_at",
            ],
            rows,
        )
        TicketCounter.objects.update_or_create(
            year=year, defaults={"last_number": first + len(rows)}
        )
        ids = list(
            Ticket.objects.order_by("pk").values_list("pk", flat=True)[
                Ticket.objects.count() - len(rows) :
            ]
        )
        body = "Das iPad verbindet sich nicht mit dem Schul-WLAN. " * 4

        def messages():
            for pk, (reporter, assignee, created, count) in zip(ids, plan, strict=True):
                for n in range(count):
                    agent_turn = n % 2 == 1
                    yield (
                        pk,
                        (assignee or agents[0]) if agent_turn else reporter,
                        body,
                        agent_turn and n % 3 == 0,
                        created + timedelta(minutes=30 * n),
                        "",
                    )

        def events():
            for pk, (reporter, assignee, created, _count) in zip(
                ids, plan, strict=True
            ):
                yield (pk, reporter, "created", "", "", created)
                if assignee:
                    yield (pk, assignee, "assignee", "", "Agent", created)

        message_count = _insert(
            TicketMessage,
            ["ticket", "author", "body", "is_internal", "created_at", "merged_from"],
            messages(),
        )
        _insert(
            TicketEvent,
            ["ticket", "actor", "kind", "old_value", "new_value", "created_at"],
            events(),
        )
        self.log(f"tickets: {len(rows)}, messages: {message_count}")
        return {"tickets": len(rows), "messages": message_count}


def build(scale: float, *, stdout=None) -> dict:
    """Build the dataset at `scale` into the (migrated, empty) default database."""
    return Builder(scale, stdout=stdout).build()


def long_ticket() -> Ticket:
    return Ticket.objects.get(subject=LONG_TICKET_SUBJECT)
