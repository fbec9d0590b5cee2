"""axe-core and the Nu HTML Checker on every page type the journeys do not cover.

Each role gets one browser context; pages of the public, teachers and school
coordinators are checked at desktop and phone width, pages of trainers and agents at
desktop width. All axe failures are collected before the test fails, so one run
lists them all; the raw HTML of every page goes to the Nu HTML Checker in one call.
Moderate and minor axe findings (heading order among them) are listed in
test-output/browser/axe-summary.txt; they do not fail the test.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from courses.booking import record_attendance
from courses.cms_permissions import get_material_collection
from courses.models import CourseMaterial, Registration
from support.tickets import reply_to_ticket
from tests.browser.conftest import (
    OUTPUT,
    VIEWPORTS,
    check_accessibility,
    check_markup,
    raw_html,
)
from tests.browser.helpers import log_in_as
from tests.courses.factories import make_course_page, make_course_session, register
from tests.support.factories import (
    BatchAllocationFactory,
    ConfigurationProfileFactory,
    DeliveryBatchFactory,
    DeviceFactory,
    LoanFactory,
)
from tests.support.test_help import add_article, help_index
from tests.support.ticket_fixtures import file_ticket

BOTH = ("desktop", "phone")
DESKTOP = ("desktop",)
BODY = [
    ("heading", {"text": "Worum es geht", "level": "h2"}),
    ("paragraph", "<p>Mit Keynote gestalten Sie <b>Präsentationen</b>.</p>"),
    (
        "callout",
        {"kind": "tip", "title": "Tipp", "text": "<p>Speichern Sie oft.</p>"},
    ),
    (
        "steps",
        {"title": "So geht es", "steps": ["<p>Keynote öffnen</p>", "<p>Thema</p>"]},
    ),
    (
        "task",
        {
            "title": "Probieren Sie es aus",
            "instructions": "<p>Legen Sie eine Folie an.</p>",
            "duration_minutes": 5,
        },
    ),
]


def build_world(*, school, teacher, colleague, coordinator, trainer, agent) -> dict:
    """Courses with upcoming, waiting and past registrations, a ticket, loans."""
    keynote = make_course_page(
        title="Keynote im Unterricht", trainers=[trainer], body=BODY
    )
    upcoming = make_course_session(keynote, days=10, capacity=5, trainer=trainer)
    booked = register(upcoming, teacher)
    make_course_session(keynote, days=20, capacity=5, trainer=trainer)
    register(upcoming, colleague)
    handout = Document.objects.create(
        title="Handout",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="handout.pdf"),
        collection=get_material_collection(),
    )
    CourseMaterial.objects.create(
        course=keynote, title="Handout", document=handout, visibility="participants"
    )
    CourseMaterial.objects.create(
        course=keynote, title="Apple-Handbuch", url="https://support.apple.com/de-de"
    )

    full = make_course_page(title="iServ Kalender nutzen", topic="iserv")
    full_session = make_course_session(full, days=12, capacity=1, trainer=trainer)
    register(full_session, colleague)
    register(full_session, teacher, status="waitlisted")

    pages = make_course_page(title="Pages für Arbeitsblätter", trainers=[trainer])
    past = make_course_session(pages, days=-3 / 24, minutes=90, trainer=trainer)
    attended = register(past, teacher)
    register(past, colleague)
    record_attendance(session=past, attended={attended.pk: True}, by=trainer)
    attended.refresh_from_db()

    batch = DeliveryBatchFactory(number=1)
    BatchAllocationFactory(batch=batch, school=school, devices_planned=3)
    ConfigurationProfileFactory(school=school)
    device = DeviceFactory(school=school, serial="F9FXK3ABCD12", batch=batch)
    DeviceFactory(school=school, batch=batch)
    loan = LoanFactory(device=DeviceFactory(school=school, batch=batch))
    ticket = file_ticket(teacher, serial=device.serial, subject="Display gesprungen")
    reply_to_ticket(ticket=ticket, author=agent, body="Wir holen es morgen ab.")

    index = help_index()
    article = add_article(index, "iPad neu starten", "app")
    add_article(index, "WLAN verbindet nicht", "wlan")
    return {
        "course": keynote,
        "upcoming": upcoming,
        "booked": booked,
        "past": past,
        "code": attended.certificate_code,
        "handout": handout,
        "device": device,
        "loan": loan,
        "ticket": ticket,
        "article": article,
    }


class Sweep:
    """Visits pages, runs axe per width, keeps the raw HTML for the Nu checker."""

    def __init__(self) -> None:
        self.documents: dict[str, str] = {}
        self.failures: list[str] = []
        self.findings: list[str] = []

    def visit(self, page, name: str, path: str, widths=BOTH, status=200) -> None:
        page.set_viewport_size(VIEWPORTS[widths[0]])
        response = page.goto(path)
        if response.status != status:
            self.failures.append(f"{name}: {path} answered {response.status}")
        self.check(page, name, widths)
        self.documents[name] = raw_html(page, path)

    def check(self, page, name: str, widths=BOTH) -> None:
        """axe on the page as it is (also after a POST); its live HTML for vnu."""
        if page.locator("h1").count() != 1:
            self.failures.append(f"{name}: {page.locator('h1').count()} h1 elements")
        for width in widths:
            page.set_viewport_size(VIEWPORTS[width])
            try:
                violations = check_accessibility(page, f"types-{name}-{width}")
            except AssertionError as error:
                self.failures.append(str(error))
            else:
                self.findings += [
                    f"{name}-{width}: {v['id']} ({v['impact']}) {v['help']}"
                    for v in violations
                ]
        self.documents[name] = page.content()

    def error_is_tied_to(self, page, field: str, text: str) -> None:
        """The field is marked invalid and describes itself with the error text."""
        control = page.locator(f"#id_{field}")
        ids = (control.get_attribute("aria-describedby") or "").split()
        described = " ".join(page.locator(f"[id='{i}']").inner_text() for i in ids)
        if control.get_attribute("aria-invalid") != "true" or text not in described:
            self.failures.append(f"error of {field} not tied to it: {described!r}")


def test_every_page_type_passes_axe_and_the_nu_checker(
    new_page, live_server, school, teacher, colleague, coordinator, trainer, agent
):
    world = build_world(
        school=school,
        teacher=teacher,
        colleague=colleague,
        coordinator=coordinator,
        trainer=trainer,
        agent=agent,
    )
    sweep = Sweep()
    number = school.school_number
    ticket = world["ticket"].reference

    # The public: course page, certificate check, help, error pages.
    page = new_page()
    sweep.visit(page, "course", world["course"].url)
    assert page.get_by_role("link", name="Apple-Handbuch").count() == 1
    language_button = page.locator(".language-switch button[value=en]")
    assert language_button.get_attribute("lang") == "en"
    sweep.visit(page, "verify-valid", f"/bescheinigung/pruefen/?code={world['code']}")
    sweep.visit(page, "verify-invalid", "/bescheinigung/pruefen/?code=ABCD-EFGH-IJKL")
    sweep.visit(page, "help-index", "/hilfe/")
    sweep.visit(page, "help-article", world["article"].url)
    # Participant-only material answers 404 to others (its existence is not told).
    sweep.visit(page, "handout-hidden", world["handout"].url, status=404)
    sweep.visit(page, "error-404", "/kurse/gibt-es-nicht/", status=404)
    sweep.visit(page, "verification-sent", "/konto/confirm-email/")
    sweep.visit(page, "password-reset-done", "/konto/password/reset/done/")
    # The catalogue's axe checks are in journey 1; its markup is checked here.
    sweep.documents["catalogue"] = raw_html(page, "/kurse/")
    sweep.documents["catalogue-filtered"] = raw_html(
        page, "/kurse/?topic=ipad&level=beginner&q=Keynote&free=1"
    )

    # A teacher: her courses, cancelling, account pages, her tickets.
    page = new_page()
    log_in_as(page, teacher, live_server.url)
    booked = world["booked"].pk
    for name, path in {
        "home-teacher": "/",
        "my-courses": "/meine-fortbildungen/",
        "cancel-confirm": f"/meine-fortbildungen/{booked}/stornieren/",
        "course-participant": world["course"].url,
        "profile": "/konto/profil/",
        "password-change": "/konto/password/change/",
        "email": "/konto/email/",
        "mfa-overview": "/konto/2fa/",
        # Setting up TOTP first asks for the password again: the reauthentication page.
        "reauthenticate": "/konto/2fa/totp/activate/",
        "ticket-form": "/support/melden/",
        "ticket-list": "/support/tickets/",
        "ticket-detail": f"/support/tickets/{ticket}/",
    }.items():
        sweep.visit(page, name, path)
    assert (
        Registration.objects.filter(teacher=teacher, status="waitlisted").count() == 1
    )
    # In English the page says so, and the switch back to German is marked German.
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    sweep.visit(page, "my-courses-en", "/meine-fortbildungen/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".language-switch button[value=de]").get_attribute("lang") == (
        "de"
    )
    sweep.visit(page, "ticket-detail-en", f"/support/tickets/{ticket}/")
    page.goto("/support/melden/")
    page.locator("form.report-form button[type=submit]").click()
    page.wait_for_load_state("load")
    sweep.error_is_tied_to(page, "subject", "")
    sweep.check(page, "ticket-form-errors-en")

    # The school's coordinator: Meine Schule, devices, loans, the agreement.
    page = new_page()
    log_in_as(page, coordinator, live_server.url)
    base = f"/support/schulen/{number}"
    loan = world["loan"].pk
    for name, path in {
        "my-school": "/support/schule/",
        "devices": f"{base}/geraete/",
        "device": f"{base}/geraete/{world['device'].serial}/",
        "loans": f"{base}/leihen/",
        "loan-form": f"{base}/leihen/neu/",
        "loan-agreement": f"{base}/leihen/{loan}/vertrag/",
        "loan-return": f"{base}/leihen/{loan}/rueckgabe/",
        "school-tickets": "/support/tickets/",
    }.items():
        sweep.visit(page, name, path)
    # A form with errors: each message is tied to its field.
    page.goto(f"{base}/leihen/neu/")
    page.locator("#id_serial").fill("XYZ123")
    page.locator("#id_pupil_reference").fill("Max Mustermann")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    sweep.error_is_tied_to(page, "serial", "XYZ123")
    sweep.error_is_tied_to(page, "pupil_reference", "")
    sweep.check(page, "loan-form-errors")

    # A trainer: her sessions, participants, attendance, message.
    page = new_page()
    log_in_as(page, trainer, live_server.url)
    # A trainer belongs to no school: "report a problem" is refused with the 403 page.
    sweep.visit(page, "error-403", "/support/melden/", status=403)
    upcoming, past = world["upcoming"].pk, world["past"].pk
    for name, path in {
        "trainer-sessions": "/meine-termine/",
        "participants": f"/kurse/termine/{upcoming}/teilnehmende/",
        "attendance": f"/kurse/termine/{past}/teilnehmende/",
        "trainer-message": f"/kurse/termine/{upcoming}/nachricht/",
        "sign-in-sheet": f"/kurse/termine/{upcoming}/unterschriftenliste/",
        "move": f"/kurse/termine/{upcoming}/teilnehmende/{booked}/verschieben/",
        "cancel-session": f"/kurse/termine/{upcoming}/absagen/",
    }.items():
        sweep.visit(page, name, path, DESKTOP)

    # The IT service: queue, ticket, reports, delivery overview.
    page = new_page()
    log_in_as(page, agent, live_server.url)
    for name, path in {
        "queue": "/support/warteschlange/",
        "queue-ticket": f"/support/warteschlange/{ticket}/",
        "reports": "/support/warteschlange/berichte/",
        "delivery": "/support/auslieferung/",
    }.items():
        sweep.visit(page, name, path, DESKTOP)

    (OUTPUT / "axe-summary.txt").write_text(
        "\n".join(sweep.findings) + "\n", encoding="utf-8"
    )
    try:
        check_markup(sweep.documents)
    except AssertionError as error:
        sweep.failures.append(str(error))
    assert not sweep.failures, "\n\n".join(sweep.failures)
