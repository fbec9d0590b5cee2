"""Wagtail admin (viewsets, hooks) of the inventory part of support."""
