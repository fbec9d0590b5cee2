"""Wagtail admin (viewsets, hooks) of the catalogue part of courses."""
