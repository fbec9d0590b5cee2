"""Views of the catalogue that are not Wagtail pages: material downloads."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest
from django.views.decorators.http import require_GET

from courses.permissions import get_material_for_user


@require_GET
def material_download(request: HttpRequest, pk: int) -> FileResponse:
    """Serve a course document after the permission check (404 for others)."""
    material = get_material_for_user(request.user, pk)
    document = material.document
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.filename,
        content_type=document.content_type,
    )
    # Participant-only files must not land in shared caches.
    response["Cache-Control"] = "private, no-store"
    return response
