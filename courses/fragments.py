"""Parts of the catalogue and course pages as HTML, shared by all visitors.

The catalogue's filters and results:

Anonymous visitors get the whole page from the page cache (`courses.cache`). A
logged-in teacher's page differs only in its header (her name, her menu), so the
part below the heading is rendered once per filter combination and language and
kept under the same catalogue version as the page cache: publishing a course or
any booking change that shows on the page draws a new version. Full-text
searches are rendered every time (one entry per search term would only fill the
cache), and so is everything while the cache server is away.

A course page:

Its breadcrumb, header and body change only when the page is saved
(`course_parts_html`). Its session list (dates, trainers, free seats), materials
and JSON-LD are the same for every visitor until a session, registration or
material of the course changes (`course_sessions_part`); only the booking box
of each session is the visitor's own and is put into the kept HTML per request
(`courses.templatetags.booking_tags`). Which sessions count as upcoming changes
with time alone, so a kept session list is used only until the first of its
upcoming sessions ends.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.http import HttpRequest
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from courses.cache import CATALOGUE, cache_seconds, depends_on
from portal.derived import Generation, forget_all

TEMPLATE = "courses/includes/catalogue_results.html"
COURSE_PARTS = {
    "course_breadcrumb": "courses/includes/course_breadcrumb.html",
    "course_intro": "courses/includes/course_intro.html",
    "course_body": "courses/includes/course_body.html",
}
COURSE_PARTS_SECONDS = 3600
SESSIONS_TEMPLATE = "courses/includes/course_sessions.html"
#: Part of the key: a release that changes `CourseSessionsPart` uses new keys.
PART_FORMAT = 2
BOX_TEMPLATE = "courses/booking/_session_buttons.html"
BOX_CSRF = "__booking_box_csrf__"
BOX_NEXT = "__booking_box_next__"
MATERIAL_TEMPLATE = "courses/includes/material.html"
#: Where a session's booking box goes in the kept session list. Rendered text
#: can not contain it: "<" is escaped in everything a user typed.
BOOKING_BOX = re.compile(r"<!--booking-box:(\d+)-->")
logger = logging.getLogger(__name__)


def _page_generation(page_pk: int) -> Generation:
    return Generation(f"courses:page:{page_pk}")


def _render(page, request: HttpRequest) -> str:
    from courses.catalogue import catalogue_context

    context = {"page": page, **catalogue_context(page=page, request=request)}
    return render_to_string(TEMPLATE, context, request=request)


def _key(page, request: HttpRequest) -> str:
    query = sorted((k, v) for k in request.GET for v in request.GET.getlist(k))
    raw = repr([request.get_host(), page.pk, translation.get_language(), query])
    return "catalogue-results:" + hashlib.sha256(raw.encode()).hexdigest()[:32]


def catalogue_results_html(*, page, request: HttpRequest) -> str:
    known = set(page.page_cache_params) - {"q"}
    if request.GET.get("q") or not set(request.GET).issubset(known):
        return _render(page, request)
    return CATALOGUE.cached(
        _key(page, request), lambda: _render(page, request), cache_seconds()
    )


def _render_course_parts(page, request: HttpRequest) -> dict[str, str]:
    from courses.catalogue import course_facts

    context = {"page": page, **course_facts(page)}
    return {
        name: render_to_string(template, context, request=request)
        for name, template in COURSE_PARTS.items()
    }


def course_parts_html(*, page, request: HttpRequest) -> dict[str, SafeString]:
    """The parts of a course page that only publishing changes, by name."""
    if getattr(request, "is_preview", False) or page.pk is None:
        parts = _render_course_parts(page, request)
    else:
        key = f"parts:{request.get_host()}:{translation.get_language()}"
        parts = _page_generation(page.pk).cached(
            key, lambda: _render_course_parts(page, request), COURSE_PARTS_SECONDS
        )
    return {name: mark_safe(html) for name, html in parts.items()}  # noqa: S308


@dataclass(frozen=True)
class SessionFacts:
    """What a visitor's booking box needs to know of a session."""

    pk: int
    course_id: int
    start: datetime
    end: datetime
    booking_deadline: datetime | None
    trainer_id: int | None
    is_cancelled: bool
    free_seats: int


@dataclass(frozen=True)
class CourseSessionsPart:
    """A course's session list, materials and JSON-LD as every visitor sees them.

    `chunks` is the HTML of the session list cut where the booking boxes go:
    text, the box of `boxes[0]`, text, the box of `boxes[1]`, ..., text.
    """

    #: `course_parts_html` when the list was rendered (a page save renews both).
    parts: dict[str, str]
    chunks: tuple[str, ...]
    boxes: tuple[SessionFacts, ...]
    #: The box of each of `boxes` as a teacher who may book it sees it, with
    #: `BOX_CSRF` and `BOX_NEXT` for her CSRF token and the page's address.
    open_boxes: tuple[str, ...]
    upcoming: tuple[SessionFacts, ...]
    past: tuple[SessionFacts, ...]
    #: The HTML list item of each material, public and for participants only.
    public_materials: tuple[str, ...]
    participant_materials: tuple[str, ...]
    json_ld: str
    #: The end of the first upcoming session: from then on the list is outdated.
    valid_until: datetime | None

    def is_current(self, now: datetime) -> bool:
        return self.valid_until is None or now < self.valid_until


def _facts(session) -> SessionFacts:
    return SessionFacts(
        pk=session.pk,
        course_id=session.course_id,
        start=session.start,
        end=session.end,
        booking_deadline=session.booking_deadline,
        trainer_id=session.trainer_id,
        is_cancelled=session.is_cancelled,
        free_seats=session.free_seats,
    )


def render_booking_box(session: SessionFacts, actions, *, csrf_token, next_url) -> str:
    """The booking box of a session (`booking_display.SessionActions`)."""
    # A plain Context: the box needs no context processors.
    return get_template(BOX_TEMPLATE).template.render(
        Context(
            {
                "session": session,
                "actions": actions,
                "csrf_token": csrf_token,
                "next": next_url,
            }
        )
    )


def _open_box(session: SessionFacts) -> str:
    from courses.booking_display import open_actions

    return render_booking_box(
        session, open_actions(session), csrf_token=BOX_CSRF, next_url=BOX_NEXT
    )


def _render_materials(page, request: HttpRequest) -> tuple[list[str], list[str]]:
    public, restricted = [], []
    for material in page.materials.select_related("document"):
        material.href = (
            reverse("courses:material", args=[material.pk])
            if material.document_id
            else material.url
        )
        is_public = material.visibility == material.Visibility.PUBLIC
        html = render_to_string(
            MATERIAL_TEMPLATE,
            {"material": material, "restricted": not is_public},
            request=request,
        )
        (public if is_public else restricted).append(html)
    return public, restricted


def _render_course_sessions(page, request: HttpRequest) -> CourseSessionsPart:
    from courses.catalogue import course_json_ld, json_ld_script

    now = timezone.now()
    sessions = list(
        page.sessions.with_seat_counts().select_related("trainer").order_by("start")
    )
    upcoming = [s for s in sessions if s.end > now]
    past = [s for s in reversed(sessions) if s.end <= now]
    html = render_to_string(
        SESSIONS_TEMPLATE,
        {"upcoming_sessions": upcoming, "past_sessions": past},
        request=request,
    )
    pieces = BOOKING_BOX.split(html)
    by_pk = {s.pk: _facts(s) for s in sessions}
    public, restricted = _render_materials(page, request)
    scheduled = [s for s in upcoming if not s.is_cancelled]
    json_ld = course_json_ld(page=page, request=request, sessions=scheduled)
    boxes = tuple(by_pk[int(pk)] for pk in pieces[1::2])
    return CourseSessionsPart(
        parts=course_parts_html(page=page, request=request),
        chunks=tuple(pieces[0::2]),
        boxes=boxes,
        open_boxes=tuple(_open_box(session) for session in boxes),
        upcoming=tuple(by_pk[s.pk] for s in upcoming),
        past=tuple(by_pk[s.pk] for s in past),
        public_materials=tuple(public),
        participant_materials=tuple(restricted),
        json_ld=str(json_ld_script(json_ld)),
        valid_until=min((s.end for s in upcoming), default=None),
    )


def _sessions_generation(course_pk: int) -> Generation:
    return Generation(f"courses:sessions:{course_pk}")


def course_sessions_part(*, page, request: HttpRequest) -> CourseSessionsPart:
    """The shared part of a course page that bookings and sessions change.

    Like `Generation.cached`, but a kept list whose first upcoming session has
    ended is rendered again. The key is taken before rendering, so a list
    rendered while a booking commits is stored under the version it retires.
    """
    if getattr(request, "is_preview", False) or page.pk is None:
        return _render_course_sessions(page, request)
    # The URL path is in the key: a moved page's JSON-LD names its new address.
    language = translation.get_language()
    key = f"{PART_FORMAT}:{request.get_host()}:{page.url_path}:{language}"
    generation = _sessions_generation(page.pk)
    try:
        full_key = generation.key(key)
        part = cache.get(full_key)
    except Exception:  # noqa: BLE001 - any backend's connection error
        logger.warning("Cache unreachable: rendering the sessions of %s", page.pk)
        depends_on(request, generation, key, None)
        return _render_course_sessions(page, request)
    # The anonymous page cache serves the page only while this list is current.
    depends_on(request, generation, key, full_key)
    if part is None or not part.is_current(timezone.now()):
        part = _render_course_sessions(page, request)
        try:
            cache.set(full_key, part, COURSE_PARTS_SECONDS)
        except Exception:  # noqa: BLE001 - see above
            logger.warning("Cache unreachable: sessions of %s not stored", page.pk)
    return part


def forget_course_sessions(*course_pks: int) -> None:
    """The sessions, seats or materials of these courses changed (after commit)."""
    forget_all(_sessions_generation(pk) for pk in course_pks if pk is not None)


def _on_page_change(instance=None, **kwargs) -> None:
    if instance is not None and instance.pk is not None:
        _page_generation(instance.pk).forget()
        forget_course_sessions(instance.pk)


def _on_session_change(instance, **kwargs) -> None:
    forget_course_sessions(instance.course_id)


def _on_session_save(sender, instance, update_fields=None, **kwargs) -> None:
    """A session moved to another course leaves the list of the one it left."""
    if instance.pk is None or (
        update_fields is not None and not {"course", "course_id"} & set(update_fields)
    ):
        return
    forget_course_sessions(
        *sender.objects.filter(pk=instance.pk)
        .exclude(course_id=instance.course_id)
        .values_list("course_id", flat=True)
    )


def _on_material_change(instance, **kwargs) -> None:
    forget_course_sessions(instance.course_id)


def _on_registration_change(instance, **kwargs) -> None:
    from courses.models import CourseSession, Registration

    if Registration.session.is_cached(instance):
        forget_course_sessions(instance.session.course_id)
    else:
        forget_course_sessions(
            *CourseSession.objects.filter(pk=instance.session_id).values_list(
                "course_id", flat=True
            )
        )


def _on_document_change(instance, **kwargs) -> None:
    """A document's file (its type shows) changed, or the document goes."""
    from courses.models import CourseMaterial

    forget_course_sessions(
        *CourseMaterial.objects.filter(document_id=instance.pk).values_list(
            "course_id", flat=True
        )
    )


#: User fields that show on a course page: the trainer's name.
_NAME_FIELDS = {"full_name", "email", "is_anonymised"}


def _on_user_change(instance, update_fields=None, **kwargs) -> None:
    """A trainer's name shows on her sessions; a login changes nothing there."""
    from courses.models import CourseSession

    if update_fields is not None and not _NAME_FIELDS.intersection(update_fields):
        return
    forget_course_sessions(
        *CourseSession.objects.filter(trainer_id=instance.pk).values_list(
            "course_id", flat=True
        )
    )


def connect_signals() -> None:
    """Renew a course's parts on every save or deletion of its page, and its
    session list on every change of its sessions, registrations, materials and
    their documents and trainers. Called once from `CoursesConfig.ready()`."""
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
    from wagtail.documents import get_document_model

    from courses.models import CourseMaterial, CoursePage, CourseSession, Registration

    receivers = [
        (_on_page_change, CoursePage, (post_save, post_delete)),
        (_on_session_change, CourseSession, (post_save, post_delete)),
        (_on_session_save, CourseSession, (pre_save,)),
        (_on_registration_change, Registration, (post_save, post_delete)),
        (_on_material_change, CourseMaterial, (post_save, post_delete)),
        # Before the deletion: it empties the materials' document field.
        (_on_document_change, get_document_model(), (post_save, pre_delete)),
        (_on_user_change, get_user_model(), (post_save, pre_delete)),
    ]
    for receiver, sender, signals in receivers:
        for signal in signals:
            signal.connect(
                receiver,
                sender=sender,
                dispatch_uid=f"course-{receiver.__name__}-{id(signal)}",
            )
