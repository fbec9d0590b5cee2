"""URLs of the inventory part of support."""

urlpatterns: list = []
