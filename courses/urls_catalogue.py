"""URLs of the catalogue part of courses (the pages themselves are Wagtail's)."""

from django.urls import path

from courses.views import catalogue

urlpatterns = [
    path(
        "kursmaterial/<int:pk>/",
        catalogue.material_download,
        name="material",
    ),
]
