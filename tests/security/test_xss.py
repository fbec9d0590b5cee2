"""Stored XSS: every free-text field that is shown again, with every payload.

The payloads go in through the same forms and domain functions people use; the
pages that show them again are parsed (BeautifulSoup) and must contain no live
script: no injected <script>, no on* attribute, no javascript: URL, and the text
itself must be visible (escaped), so that the check can not pass vacuously.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from courses.models import CoursePage
from support.tickets import reply_to_ticket
from tests.factories import UserFactory
from tests.security import factories as f
from tests.security.payloads import PAYLOADS, assert_inert, live_payloads, marker
from tests.support.factories import DeviceFactory, LoanFactory

pytestmark = pytest.mark.django_db

MARKERS = [marker(p) for p in PAYLOADS]


def test_the_check_detects_every_payload_served_raw():
    for payload in PAYLOADS:
        page = f"<html><head><title>{payload}</title></head><body>{payload}</body>"
        assert live_payloads(page), payload
        escaped = page.replace(payload, escape(payload))
        assert not live_payloads(escaped), payload


def _get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return response.content.decode()


def test_ticket_subject_text_and_replies_are_inert(world, clients):
    coordinator, agent = world.users["coordinator"], world.users["agent"]
    references = []
    for payload in PAYLOADS:
        response = clients["coordinator"].post(
            reverse("support:report"),
            {"category": "other", "subject": payload, "description": payload},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        references.append(response["Location"].rstrip("/").rsplit("/", 1)[-1])
    from support.models import Ticket

    tickets = {t.reference: t for t in Ticket.objects.filter(reference__in=references)}
    assert len(tickets) == len(PAYLOADS)
    for reference, payload in zip(references, PAYLOADS, strict=True):
        reply_to_ticket(ticket=tickets[reference], author=agent, body=payload)
        reply_to_ticket(ticket=tickets[reference], author=coordinator, body=payload)
        shown = [marker(payload)]
        assert_inert(
            _get(clients["coordinator"], reverse("support:ticket", args=[reference])),
            f"ticket page {payload!r}",
            shown,
        )
        assert_inert(
            _get(clients["agent"], reverse("support:queue_ticket", args=[reference])),
            f"queue ticket page {payload!r}",
            shown,
        )
    assert_inert(
        _get(clients["coordinator"], reverse("support:tickets")),
        "school's ticket list",
        MARKERS,
    )
    assert_inert(
        _get(clients["agent"], reverse("support:queue") + "?per_page=100"),
        "queue",
        MARKERS,
    )


def test_user_names_are_inert_wherever_they_appear(world, clients, client):
    session = world.session
    people = []
    for payload in PAYLOADS:
        person = UserFactory(full_name=payload, school=world.school)
        f.make_registration(session, person)
        people.append(person)
    participants = _get(
        clients["trainer"], reverse("courses:session_participants", args=[session.pk])
    )
    assert_inert(participants, "participant list", MARKERS)
    for person, payload in zip(people[:6], PAYLOADS, strict=False):
        client.force_login(person)
        assert_inert(
            _get(client, reverse("accounts:profile")),
            f"own profile {payload!r}",
            [marker(payload)],
        )
        assert_inert(_get(client, "/"), f"header on home page {payload!r}")


def test_full_name_from_sign_up_is_stored_as_text_and_inert(client, school):
    payload = PAYLOADS[13]  # the </textarea> breakout
    response = client.post(
        reverse("account_signup"),
        {
            "email": "neu@schule.example",
            "password1": "Ein-gutes-Passwort-42",
            "password2": "Ein-gutes-Passwort-42",
            "full_name": payload,
            "school": school.pk,
        },
    )
    assert response.status_code == 302
    from portal.accounts.models import User

    user = User.objects.get(email="neu@schule.example")
    assert user.full_name == payload
    client.force_login(user)
    assert_inert(_get(client, reverse("accounts:profile")), "profile", ["XSS13"])


def test_loan_accessories_and_conditions_are_inert(world, clients):
    loans = []
    for n, payload in enumerate(PAYLOADS):
        device = DeviceFactory(school=world.school, serial=f"XSS{n:04d}ABCDE")
        loans.append(
            LoanFactory(
                device=device, accessories=payload[:200], condition_at_issue=payload
            )
        )
    school = world.school.school_number
    assert_inert(
        _get(clients["coordinator"], reverse("support:school_loans", args=[school])),
        "open loans of the school",
    )
    for loan, payload in zip(loans, PAYLOADS, strict=True):
        url = reverse("support:loan_agreement", args=[school, loan.pk])
        assert_inert(
            _get(clients["coordinator"], url),
            f"loan agreement {payload!r}",
            [marker(payload)],
        )
        inspect = reverse("wagtailsnippets_support_loan:inspect", args=[loan.pk])
        assert_inert(_get(clients["agent"], inspect), f"CMS loan {payload!r}")


def _through_the_editor(html: str) -> str:
    """What Wagtail's rich text editor stores when a trainer pastes `html`."""
    converter = ContentstateConverter(features=["bold", "italic", "ul", "ol", "link"])
    try:
        return converter.to_database_format(converter.from_database_format(html))
    except (AssertionError, TypeError):  # markup it can not read is not stored
        return "<p>" + marker(html) + "</p>"


def test_course_texts_by_a_trainer_are_inert(world, clients):
    trainer = world.users["trainer"]
    courses = []
    for payload in PAYLOADS:
        course = f.make_course(
            trainers=[trainer],
            title=payload,
            teaser=payload,
            learning_goals=_through_the_editor(f"<p>{payload}</p>"),
            body=[("paragraph", _through_the_editor(payload))]
            if "paragraph" in _block_names()
            else [],
        )
        f.make_session(course, trainer=trainer, internal_note=payload)
        courses.append(course)
    catalogue = courses[0].get_parent().url
    assert_inert(_get(clients["anonymous"], catalogue + "?per_page=100"), "catalogue")
    for course, payload in zip(courses, PAYLOADS, strict=True):
        course = CoursePage.objects.get(pk=course.pk)
        assert_inert(
            _get(clients["anonymous"], course.url),
            f"course page {payload!r}",
            [marker(payload)],
        )
        session = course.sessions.get()
        edit = reverse("course_sessions:edit", args=[session.pk])
        assert_inert(_get(clients["trainer"], edit), f"session in the CMS {payload!r}")
    assert_inert(
        _get(clients["trainer"], reverse("courses:trainer_sessions")),
        "trainer's sessions",
    )


def _block_names() -> set[str]:
    from home.blocks import BaseStreamBlock

    return set(BaseStreamBlock().child_blocks)
