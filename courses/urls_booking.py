"""URLs of the booking part of courses."""

from django.urls import path

from courses.views import booking, booking_teacher, booking_trainer

urlpatterns = [
    path("kurse/termine/<int:pk>/buchen/", booking.book, name="book_session"),
    path(
        "meine-fortbildungen/<int:pk>/stornieren/",
        booking.cancel,
        name="cancel_registration",
    ),
    path("meine-fortbildungen/", booking_teacher.my_courses, name="my_courses"),
    path(
        "meine-fortbildungen/<int:pk>/kalender.ics",
        booking_teacher.registration_ics,
        name="registration_ics",
    ),
    path(
        "meine-fortbildungen/<int:pk>/bescheinigung.pdf",
        booking_teacher.certificate,
        name="certificate",
    ),
    path(
        "meine-fortbildungen/kalender-abo/",
        booking_teacher.manage_feed,
        name="manage_calendar_feed",
    ),
    path("kalender/<str:token>.ics", booking_teacher.feed, name="calendar_feed"),
    path(
        "bescheinigung/pruefen/",
        booking_teacher.verify_certificate,
        name="verify_certificate",
    ),
    path("meine-termine/", booking_trainer.my_sessions, name="trainer_sessions"),
    path(
        "kurse/termine/<int:pk>/teilnehmende/",
        booking_trainer.participants,
        name="session_participants",
    ),
    path(
        "kurse/termine/<int:pk>/anwesenheit/",
        booking_trainer.attendance,
        name="session_attendance",
    ),
    path(
        "kurse/termine/<int:pk>/teilnehmende.<str:fmt>",
        booking_trainer.export,
        name="session_export",
    ),
    path(
        "kurse/termine/<int:pk>/unterschriftenliste/",
        booking_trainer.sign_in_sheet,
        name="session_sign_in_sheet",
    ),
    path(
        "kurse/termine/<int:pk>/nachricht/",
        booking_trainer.message,
        name="session_message",
    ),
    path(
        "kurse/termine/<int:pk>/teilnehmende/<int:registration_pk>/verschieben/",
        booking_trainer.move,
        name="session_move",
    ),
    path(
        "kurse/termine/<int:pk>/plaetze/",
        booking_trainer.capacity,
        name="session_capacity",
    ),
    path(
        "kurse/termine/<int:pk>/absagen/",
        booking_trainer.cancel_session,
        name="session_cancel",
    ),
]
