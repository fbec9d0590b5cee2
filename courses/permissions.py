"""Who may see and do what with courses, sessions and materials.

Plain predicates (`can_...`, `is_...`) and getters that answer 404 for what a user
may not see. Templates receive the answers as flags; they never decide.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from portal.permissions import is_administrator, is_trainer

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from wagtail.documents.models import Document

    from courses.models import CourseMaterial, CoursePage, CourseSession

#: Registrations that make a teacher a participant of a course.
PARTICIPANT_STATUSES = ("confirmed", "attended")


def is_participant(user, course: CoursePage) -> bool:
    """A confirmed or attended registration on any session of this course."""
    from courses.models import Registration

    if not user.is_authenticated:
        return False
    return Registration.objects.filter(
        teacher=user,
        session__course=course,
        status__in=[Registration.Status.CONFIRMED, Registration.Status.ATTENDED],
    ).exists()


def holds_participant_registration(registrations) -> bool:
    """`is_participant` answered from the user's registrations on the course."""
    return any(r.status in PARTICIPANT_STATUSES for r in registrations)


def is_course_trainer(user, course: CoursePage) -> bool:
    """The user is named as trainer on the course."""
    if not user.is_authenticated:
        return False
    return course.trainers.filter(pk=user.pk).exists()


def can_manage_all_sessions(user) -> bool:
    """Administrators manage every session; trainers only those of their courses."""
    return is_administrator(user)


def can_manage_course_sessions(user, course: CoursePage) -> bool:
    """Add, change or cancel sessions of this course."""
    if can_manage_all_sessions(user):
        return True
    return is_trainer(user) and is_course_trainer(user, course)


def manageable_sessions(user) -> QuerySet[CourseSession]:
    """The sessions a user may manage in the CMS."""
    from courses.models import CourseSession

    sessions = CourseSession.objects.all()
    if can_manage_all_sessions(user):
        return sessions
    if is_trainer(user):
        return sessions.filter(course__trainers=user).distinct()
    return sessions.none()


def manageable_courses(user) -> QuerySet[CoursePage]:
    """Courses for which the user may add sessions."""
    from courses.models import CoursePage

    courses = CoursePage.objects.order_by("title")
    if can_manage_all_sessions(user):
        return courses
    if is_trainer(user):
        return courses.filter(trainers=user).distinct()
    return courses.none()


def can_view_material(user, material: CourseMaterial) -> bool:
    """Public material for everyone; the rest for participants, trainers, admins."""
    if material.visibility == material.Visibility.PUBLIC:
        return True
    return is_cms_course_staff(user) or is_participant(user, material.course)


def is_cms_course_staff(user) -> bool:
    """Trainers and administrators, who manage course material in the CMS."""
    return is_trainer(user) or is_administrator(user)


def get_material_for_user(user, pk: int) -> CourseMaterial:
    """A live course's document material the user may download, or 404."""
    from courses.models import CourseMaterial

    material = (
        CourseMaterial.objects.select_related("course", "document")
        .filter(pk=pk, course__live=True, document__isnull=False)
        .first()
    )
    if material is None or not can_view_material(user, material):
        raise Http404
    return material


def can_download_document(user, document: Document) -> bool:
    """Guard of Wagtail's own document route (/dokumente/...).

    Secure by default for course material: a document attached anywhere as
    participant-only material is served only to participants of such a course (and
    course staff); a document of the "Kursmaterial" collection that is not released
    as public material yet is served to course staff only. Other documents are
    served as Wagtail does.
    """
    from courses.cms_permissions import is_material_collection
    from courses.models import CourseMaterial

    if is_cms_course_staff(user):
        return True
    materials = list(
        CourseMaterial.objects.filter(document=document).select_related("course")
    )
    restricted = [m for m in materials if m.visibility != m.Visibility.PUBLIC]
    if restricted:
        return any(is_participant(user, m.course) for m in restricted)
    if is_material_collection(document.collection):
        return any(m.course.live for m in materials)
    return True


def can_run_session(user, session: CourseSession) -> bool:
    """The session's trainer, the other trainers of its course, administrators."""
    if not user.is_authenticated:
        return False
    if is_administrator(user):
        return True
    if not is_trainer(user):
        return False
    if session.trainer_id == user.pk:
        return True
    return is_course_trainer(user, session.course)


def can_view_participants(user, session: CourseSession) -> bool:
    """Who sees a session's participants, waiting list and attendance."""
    return can_run_session(user, session)


def get_session_for_trainer(user, pk: int) -> CourseSession:
    """A session whose participants the user may see and manage, or 404."""
    from courses.models import CourseSession

    session = (
        CourseSession.objects.select_related("course", "trainer").filter(pk=pk).first()
    )
    if session is None or not can_view_participants(user, session):
        raise Http404
    return session


def get_registration_for_teacher(user, pk: int):
    """One of the user's own registrations, or 404."""
    from courses.models import Registration

    registration = (
        Registration.objects.with_session().filter(pk=pk, teacher_id=user.pk).first()
        if user.is_authenticated
        else None
    )
    if registration is None:
        raise Http404
    return registration


def trainer_sessions(user) -> QuerySet[CourseSession] | None:
    """Sessions the user runs, with seat counts; None for users who run none."""
    from django.db.models import Q

    from courses.models import CourseSession

    sessions = CourseSession.objects.select_related("course").with_seat_counts()
    if is_administrator(user):
        return sessions
    if not is_trainer(user):
        return None
    return sessions.filter(Q(course__trainers=user) | Q(trainer=user)).distinct()
