"""Wagtail admin of support: each part registers its viewsets and hooks on import."""

from support import admin_helpdesk, admin_inventory  # noqa: F401
