"""URLs of the booking part of courses."""

urlpatterns: list = []
