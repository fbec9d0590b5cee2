"""Demo data of the catalogue: the catalogue page, 70 courses, their sessions.

Idempotent: courses that exist (by slug) are left alone, sessions are only created
with a new course. Sessions are bulk-inserted; pages need `add_child` (tree paths).
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify
from wagtail.documents.models import Document
from wagtail.rich_text import RichText

from courses.cms_permissions import ensure_cms_permissions, get_material_collection
from courses.demo_catalogue_data import IPAD_COURSES, ISERV_COURSES
from courses.models import (
    Audience,
    CourseIndexPage,
    CourseMaterial,
    CoursePage,
    CourseSession,
    CourseTopic,
)
from courses.models.sessions import (
    DEFAULT_BOOKING_CLOSES_BEFORE,
    DEFAULT_CANCELLATION_CLOSES_BEFORE,
)
from home.models import HomePage
from portal.accounts.models import User
from portal.demo import demo_email
from portal.schools.models import SchoolType

CATALOGUE_SLUG = "kurse"
CATALOGUE_TITLE = "Kurskatalog"
CATALOGUE_INTRO = (
    "<p>Online-Fortbildungen zum iPad und zur Schulplattform iServ, von den ersten "
    "Schritten bis zur Administration. Alle Kurse finden als Videokonferenz statt; "
    "den Link erhalten Sie nach der Buchung.</p>"
)
ST = SchoolType
AUDIENCE_GROUPS = {
    "all": list(SchoolType.values),
    "primary": [ST.GRUNDSCHULE, ST.FOERDERSCHULE],
    "secondary": [
        ST.HAUPTSCHULE,
        ST.REALSCHULE,
        ST.SEKUNDARSCHULE,
        ST.GESAMTSCHULE,
        ST.GYMNASIUM,
        ST.FOERDERSCHULE,
    ],
    "vocational": [ST.BERUFSKOLLEG, ST.WEITERBILDUNGSKOLLEG],
}
AUDIENCE_GROUPS["primary_secondary"] = [
    *AUDIENCE_GROUPS["primary"],
    *AUDIENCE_GROUPS["secondary"],
]
AUDIENCE_GROUPS["secondary_vocational"] = [
    *AUDIENCE_GROUPS["secondary"],
    *AUDIENCE_GROUPS["vocational"],
]
MEETING_BASE = "https://meet.demo.schulportal.example"
START_TIMES = (time(14, 30), time(15, 0), time(16, 0), time(17, 0))
PUBLIC_LINKS = {
    CourseTopic.IPAD: ("iPad-Benutzerhandbuch von Apple", "https://support.apple.com/de-de/guide/ipad/welcome/ipados"),
    CourseTopic.ISERV: ("iServ-Dokumentation", "https://doku.iserv.de/"),
}  # fmt: skip

#: A one-page PDF so the demo has a real participant-only download.
HANDOUT_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 60>>stream\n"
    b"BT /F1 18 Tf 72 770 Td (Handout fuer Teilnehmende) Tj ET\n"
    b"endstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def seed(*, stdout) -> None:
    """Create the catalogue, the courses and their sessions, and the home teaser."""
    home = HomePage.objects.first()
    if home is None:
        stdout.write("  no home page: catalogue not created")
        return
    catalogue = ensure_catalogue(home)
    ensure_cms_permissions()
    trainers = list(
        User.objects.filter(
            email__in=[demo_email("trainerin"), demo_email("trainer")]
        ).order_by("email")
    )
    created = create_courses(catalogue, trainers)
    ensure_home_teaser(home, catalogue)
    stdout.write(f"  {created} courses created, catalogue at /{CATALOGUE_SLUG}/")


def ensure_catalogue(home: HomePage) -> CourseIndexPage:
    existing = CourseIndexPage.objects.first()
    if existing:
        return existing
    return home.add_child(
        instance=CourseIndexPage(
            title=CATALOGUE_TITLE, slug=CATALOGUE_SLUG, intro=CATALOGUE_INTRO
        )
    )


def handout_document() -> Document:
    collection = get_material_collection()
    document = Document.objects.filter(
        title="Handout für Teilnehmende", collection=collection
    ).first()
    if document is None:
        document = Document(title="Handout für Teilnehmende", collection=collection)
        document.file.save("handout-teilnehmende.pdf", ContentFile(HANDOUT_PDF))
        document.save()
    return document


def build_body(description: str, topic: str) -> list[tuple[str, object]]:
    body: list[tuple[str, object]] = [
        ("heading", {"text": "Worum es geht", "level": "h2"}),
        ("paragraph", RichText(f"<p>{description}</p>")),
    ]
    if topic == CourseTopic.IPAD:
        body.append(
            (
                "task",
                {
                    "title": "Probieren Sie es aus",
                    "instructions": RichText(
                        "<p>Halten Sie Ihr Dienst-iPad bereit und laden Sie es vor "
                        "dem Termin vollständig auf.</p>"
                    ),
                    "duration_minutes": 5,
                },
            )
        )
    else:
        body.append(
            (
                "callout",
                {
                    "kind": "tip",
                    "title": "Vorbereitung",
                    "text": RichText(
                        "<p>Melden Sie sich vor dem Termin einmal bei iServ an und "
                        "prüfen Sie Ihr Passwort.</p>"
                    ),
                },
            )
        )
    return body


def goals_html(goals: str) -> str:
    return "<ul>" + "".join(f"<li>{g}</li>" for g in goals.split("|")) + "</ul>"


def create_courses(catalogue: CourseIndexPage, trainers: list[User]) -> int:
    existing = set(
        CoursePage.objects.child_of(catalogue).values_list("slug", flat=True)
    )
    audiences = {a.school_type: a for a in Audience.objects.all()}
    handout = handout_document()
    rng = random.Random(20261121)  # noqa: S311 (demo data, not security)
    rows = [(CourseTopic.IPAD, c) for c in IPAD_COURSES]
    rows += [(CourseTopic.ISERV, c) for c in ISERV_COURSES]
    sessions: list[CourseSession] = []
    created = 0
    for number, (topic, course) in enumerate(rows):
        title, level, audience_key, minutes, teaser, description, goals = course
        slug = slugify(title)[:80]
        if slug in existing:
            continue
        page = CoursePage(
            title=title,
            slug=slug,
            teaser=teaser,
            topic=topic,
            level=level,
            duration_minutes=minutes,
            learning_goals=goals_html(goals),
            prerequisites=(
                "<p>Ein Dienst-iPad mit aktueller Software.</p>"
                if topic == CourseTopic.IPAD
                else "<p>Ihre Zugangsdaten für iServ.</p>"
            ),
            body=build_body(description, topic),
            search_description=teaser[:160],
        )
        page.audiences = [audiences[t] for t in AUDIENCE_GROUPS[audience_key]]
        course_trainers = [trainers[number % len(trainers)]] if trainers else []
        if trainers and number % 5 == 0:
            course_trainers = trainers
        page.trainers = course_trainers
        link_title, link_url = PUBLIC_LINKS[topic]
        materials = [CourseMaterial(title=link_title, url=link_url)]
        if number % 4 == 0:
            materials.append(
                CourseMaterial(
                    title="Handout mit allen Schritten",
                    document=handout,
                    visibility=CourseMaterial.Visibility.PARTICIPANTS,
                )
            )
        page.materials = materials
        catalogue.add_child(instance=page)
        sessions.extend(plan_sessions(page, course_trainers, minutes, rng))
        created += 1
    CourseSession.objects.bulk_create(sessions)
    return created


def plan_sessions(
    page: CoursePage, trainers: list[User], minutes: int, rng: random.Random
) -> list[CourseSession]:
    """1-4 sessions in the coming eight weeks, and 0-2 past ones."""
    today = timezone.localdate()
    days = sorted(rng.sample(range(2, 56), rng.randint(1, 4)))
    days += [-rng.randint(7, 60) for _i in range(rng.choice((0, 0, 1, 2)))]
    result = []
    for offset, day in enumerate(days):
        when = today + timedelta(days=day)
        if when.weekday() >= 5:  # courses run on school days
            when += timedelta(days=7 - when.weekday())
        start = timezone.make_aware(datetime.combine(when, rng.choice(START_TIMES)))
        result.append(
            CourseSession(
                course=page,
                start=start,
                end=start + timedelta(minutes=minutes),
                capacity=rng.choice((12, 15, 20, 25)),
                meeting_url=f"{MEETING_BASE}/{page.slug[:40]}-{offset + 1}",
                trainer=trainers[offset % len(trainers)] if trainers else None,
                booking_deadline=start - DEFAULT_BOOKING_CLOSES_BEFORE,
                cancellation_deadline=start - DEFAULT_CANCELLATION_CLOSES_BEFORE,
            )
        )
    return result


def ensure_home_teaser(home: HomePage, catalogue: CourseIndexPage) -> None:
    """A teaser on the home page that leads to the catalogue (once)."""
    for block in home.teasers:
        if block.value.get("page") and block.value["page"].pk == catalogue.pk:
            return
    home.teasers.append(
        (
            "teaser",
            {
                "title": "Fortbildungen",
                "text": "70 Online-Kurse zum iPad und zu iServ: finden, buchen, "
                "teilnehmen.",
                "page": catalogue,
                "url": "",
            },
        )
    )
    home.save_revision().publish()
