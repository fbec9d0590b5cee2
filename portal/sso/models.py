"""A school's iServ login: its OpenID Connect client and its group-to-role mapping.

The issuer URL, client id and secret live in allauth's `SocialApp` (provider
"openid_connect", `provider_id` unique per school); `IServConnection` ties that app to
exactly one school, which is how the portal knows a user's school: from the app that
authenticated her, never from a claim.
"""

from __future__ import annotations

from allauth.socialaccount.models import SocialApp
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from portal import roles


class IServConnectionQuerySet(models.QuerySet):
    def enabled(self) -> IServConnectionQuerySet:
        return self.filter(enabled=True)

    def for_app(self, app: SocialApp) -> IServConnection | None:
        """The connection of a SocialApp, or None when the app is no iServ of ours."""
        if not app or not app.pk:
            return None
        return (
            self.select_related("school", "app")
            .prefetch_related("role_mappings")
            .filter(app_id=app.pk)
            .first()
        )


class IServConnection(ClusterableModel):
    """One school's iServ as the OpenID Connect provider of its teachers."""

    school = models.OneToOneField(
        "schools.School",
        verbose_name=_("school"),
        on_delete=models.CASCADE,
        related_name="iserv_connection",
    )
    app = models.OneToOneField(
        SocialApp,
        verbose_name=_("OpenID Connect app"),
        on_delete=models.CASCADE,
        related_name="iserv_connection",
        editable=False,
    )
    enabled = models.BooleanField(
        _("enabled"),
        default=True,
        help_text=_("Only enabled schools are offered on the login page."),
    )
    groups_claim = models.CharField(
        _("claim with the groups"),
        max_length=64,
        default="groups",
        help_text=_("Name of the claim that lists the user's iServ groups."),
    )
    roles_claim = models.CharField(
        _("claim with the roles"),
        max_length=64,
        default="roles",
        blank=True,
        help_text=_("Name of the claim that lists the user's iServ roles."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = IServConnectionQuerySet.as_manager()

    class Meta:
        # Wagtail capitalises the first letter: start with a word, not "iServ".
        verbose_name = _("login with a school's iServ")
        verbose_name_plural = _("logins with schools' iServ")
        ordering = ["school__name"]

    def __str__(self) -> str:
        return str(self.school)

    @property
    def issuer(self) -> str:
        return self.app.settings.get("server_url", "") if self.app_id else ""

    def delete(self, *args, **kwargs):
        # The SocialApp exists only for this connection: removing the connection
        # removes the app (and, by cascade, this row).
        return self.app.delete(*args, **kwargs)


class RoleMapping(models.Model):
    """An iServ group or role whose members get a portal role."""

    class Kind(models.TextChoices):
        GROUP = "group", _("iServ group")
        ROLE = "role", _("iServ role")

    class PortalRole(models.TextChoices):
        TEACHER = roles.TEACHER, _("Teacher")
        COORDINATOR = roles.COORDINATOR, _("School IT coordinator")

    connection = ParentalKey(
        IServConnection,
        verbose_name=_("iServ login"),
        on_delete=models.CASCADE,
        related_name="role_mappings",
    )
    kind = models.CharField(
        _("kind"), max_length=8, choices=Kind.choices, default=Kind.GROUP
    )
    name = models.CharField(
        _("iServ name"),
        max_length=150,
        help_text=_(
            "Name or account of the group or role as iServ sends it, e.g. "
            "'Lehrer' or 'lehrer'. Upper and lower case do not matter."
        ),
    )
    role = models.CharField(_("portal role"), max_length=40, choices=PortalRole.choices)

    class Meta:
        verbose_name = _("role mapping")
        verbose_name_plural = _("role mappings")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                "connection",
                "kind",
                Lower("name"),
                "role",
                name="sso_rolemapping_unique_per_connection",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=[roles.TEACHER, roles.COORDINATOR]),
                name="sso_rolemapping_role_is_school_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name} → {self.get_role_display()}"
