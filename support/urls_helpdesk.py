"""URLs of the helpdesk part of support."""

urlpatterns: list = []
