from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home")

    def ready(self) -> None:
        from home.site_setup import ensure_home_page

        post_migrate.connect(
            ensure_home_page, sender=self, dispatch_uid="home_site_root"
        )
