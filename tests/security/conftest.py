"""The world the security suite probes: the cast and one object of every kind.

School A is the cast's school (teacher, colleague, coordinator); school B is the
other school. Every school-owned object exists once in A (the one probed) and the
teacher owns what teachers own; the trainer is named on the course.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from allauth.socialaccount.models import SocialApp
from django.test import Client

from courses.models import (
    BookingEvent,
    CourseMaterial,
    Registration,
    SessionContingent,
)
from portal.sso.models import IServConnection
from support.attachments import CleanFile
from support.models import CannedReply, SavedFilter
from support.tickets import open_ticket, reply_to_ticket
from tests.security import factories as f
from tests.security.expectations import ROLES
from tests.support.factories import (
    BatchAllocationFactory,
    ConfigurationProfileFactory,
    DeliveryBatchFactory,
    DeviceFactory,
    LoanFactory,
)


@dataclass
class World:
    """Everything a URL of the portal can name, keyed by attribute."""

    users: dict[str, Any]
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


@pytest.fixture
def cast(
    teacher,
    other_school_teacher,
    coordinator,
    other_school_coordinator,
    trainer,
    other_trainer,
    agent,
    admin,
):
    """Role name -> user (None for the anonymous visitor)."""
    users = {
        "anonymous": None,
        "teacher": teacher,
        "other_school_teacher": other_school_teacher,
        "coordinator": coordinator,
        "other_school_coordinator": other_school_coordinator,
        "trainer": trainer,
        "other_trainer": other_trainer,
        "agent": agent,
        "admin": admin,
    }
    assert set(users) == set(ROLES)
    return users


@pytest.fixture
def clients(cast):
    """One logged-in test client per role (MFA is enrolled for the staff)."""
    result = {}
    for role, user in cast.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        result[role] = client
    return result


def _ticket(school, reporter, subject: str = "Display gesprungen"):
    return open_ticket(
        school=school,
        reporter=reporter,
        category="display",
        subject=subject,
        body="Das Display hat einen Sprung.",
    )


@pytest.fixture
def world(cast, colleague, school, other_school) -> World:
    teacher, trainer, agent = cast["teacher"], cast["trainer"], cast["agent"]
    o: dict[str, Any] = {"school": school, "other_school": other_school}

    course = f.make_course(trainers=[trainer])
    o["course"] = course
    o["session"] = f.make_session(course, trainer=trainer)
    o["other_session"] = f.make_session(course, days=14, trainer=trainer)
    o["past_session"] = f.make_session(course, days=-7, trainer=trainer)
    o["registration"] = f.make_registration(o["session"], teacher)
    o["attended"] = f.make_registration(
        o["past_session"], teacher, Registration.Status.ATTENDED
    )
    o["colleague_registration"] = f.make_registration(o["other_session"], colleague)
    # Wait-listed is not a participant: no material, no meeting link.
    o["waitlisted"] = f.make_registration(
        o["other_session"],
        cast["other_school_teacher"],
        Registration.Status.WAITLISTED,
    )
    o["material"] = f.make_material(
        course, visibility=CourseMaterial.Visibility.PARTICIPANTS
    )
    o["public_material"] = f.make_material(
        course, visibility=CourseMaterial.Visibility.PUBLIC, title="Flyer"
    )
    o["unreleased_document"] = f.make_document("Entwurf")
    o["feed"] = f.make_feed(teacher)
    o["contingent"] = SessionContingent.objects.create(
        session=o["session"],
        seats_per_school=2,
        until=o["session"].start - timedelta(days=1),
    )
    o["booking_event"] = BookingEvent.objects.create(
        session=o["session"],
        registration=o["registration"],
        action=BookingEvent.Action.BOOKED,
        actor=teacher,
    )

    batch = DeliveryBatchFactory(number=1)
    o["batch"] = batch
    o["profile"] = ConfigurationProfileFactory(school=school)
    o["other_profile"] = ConfigurationProfileFactory(school=other_school)
    o["device"] = DeviceFactory(school=school, batch=batch, serial="F9FXK3ABCD12")
    o["other_device"] = DeviceFactory(
        school=other_school, batch=batch, serial="DMPZZ9ABCD01"
    )
    o["loan"] = LoanFactory(device=o["device"])
    o["other_loan"] = LoanFactory(device=o["other_device"])

    ticket = _ticket(school, teacher)
    o["ticket"] = ticket
    o["message"] = ticket.messages.get()
    o["internal_note"] = reply_to_ticket(
        ticket=ticket,
        author=agent,
        body="Intern: Garantiefall?",
        internal=True,
        files=[CleanFile("intern.png", f.png_bytes(), "image/png")],
    )
    o["internal_attachment"] = o["internal_note"].attachments.get()
    reply = reply_to_ticket(
        ticket=ticket,
        author=agent,
        body="Bitte bringen Sie das Gerät vorbei.",
        files=[CleanFile("foto.png", f.png_bytes(), "image/png")],
    )
    o["reply"] = reply
    o["attachment"] = reply.attachments.get()
    o["colleague_ticket"] = _ticket(school, colleague, "Ladekabel defekt")
    o["other_ticket"] = _ticket(other_school, cast["other_school_teacher"], "WLAN")
    o["saved_filter"] = SavedFilter.objects.create(
        owner=agent, name="Meine offenen", query="status=open"
    )
    o["canned_reply"] = CannedReply.objects.create(
        title="Neustart", category="other", body="Bitte starten Sie das iPad neu."
    )
    o["iserv_connection"] = IServConnection.objects.create(
        school=school,
        app=SocialApp.objects.create(
            provider="openid_connect",
            provider_id="iserv-100001",
            name="iServ Grundschule Am Park",
            client_id="portal",
            secret="geheim",
            # Nothing listens there: the hand-over fails at once, without DNS.
            settings={"server_url": "http://127.0.0.1:9"},
        ),
    )
    o["cms_objects"] = {
        "device": o["device"],
        "loan": o["loan"],
        "configurationprofile": o["profile"],
        "deliverybatch": batch,
        "batchallocation": BatchAllocationFactory(batch=batch, school=school),
        "cannedreply": o["canned_reply"],
    }
    return World(users=cast, objects=o)
