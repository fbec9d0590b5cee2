"""The benchmark dataset's courses, sessions and registrations (a mixin of
`dataset.Builder`, which provides `rng`, `sizes`, `now`, `tag` and `log`)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from wagtail.models import Page

from courses.models import (
    Audience,
    CourseIndexPage,
    CoursePage,
    CourseSession,
    Registration,
)
from portal.accounts.models import User
from tests.benchmarks.bulk import bulk, insert


class CourseRows:
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
        bulk(CourseSession, rows)
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
        insert(
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
