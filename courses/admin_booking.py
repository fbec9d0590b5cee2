"""Wagtail admin (viewsets, hooks) of the booking part of courses."""
