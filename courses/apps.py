from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from portal import roles

SESSION_PERMS = {
    "courses.add_coursesession",
    "courses.change_coursesession",
    "courses.delete_coursesession",
    "courses.view_coursesession",
}


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")
    # Page and collection rights (catalogue, "Kursmaterial") are rows, not model
    # permissions: see courses/cms_permissions.py.
    role_permissions = {
        roles.TRAINER: SESSION_PERMS,
        roles.ADMINISTRATOR: SESSION_PERMS,
    }

    def ready(self) -> None:
        from courses.cms_permissions import sync_after_migrate

        # Not bound to a sender: the Wagtail permissions it grants are created by
        # apps that migrate after this one.
        post_migrate.connect(sync_after_migrate, dispatch_uid="courses_cms_permissions")

        from courses import booking_display, cache, calendar_feed, fragments, links

        booking_display.connect_signals()
        cache.connect_signals()
        fragments.connect_signals()
        links.connect_signals()
        calendar_feed.connect_signals()
