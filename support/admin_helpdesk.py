"""Wagtail admin (viewsets, hooks) of the helpdesk part of support."""
