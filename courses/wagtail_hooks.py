"""Wagtail admin of courses: each part registers its viewsets and hooks on import."""

from courses import admin_booking, admin_catalogue  # noqa: F401
