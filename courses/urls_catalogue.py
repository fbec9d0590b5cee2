"""URLs of the catalogue part of courses."""

urlpatterns: list = []
