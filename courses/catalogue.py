"""Read side of the catalogue: filters, search and the context of the pages."""

from __future__ import annotations


def catalogue_context(*, page, request) -> dict:
    return {}


def course_context(*, page, request) -> dict:
    return {}
