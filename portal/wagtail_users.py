"""Wagtail's user admin app, with the portal's user forms (see accounts.viewsets)."""

from wagtail.users.apps import WagtailUsersAppConfig


class PortalUsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "portal.accounts.viewsets.PortalUserViewSet"
