"""Configuration profiles of the schools (the "image"), versioned."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

__all__ = ["ConfigurationProfile", "ProfileApp", "WifiSecurity"]


class WifiSecurity(models.TextChoices):
    WPA2_PERSONAL = "wpa2_personal", _("WPA2 Personal")
    WPA3_PERSONAL = "wpa3_personal", _("WPA3 Personal")
    WPA2_ENTERPRISE = "wpa2_enterprise", _("WPA2 Enterprise (802.1X)")
    WPA3_ENTERPRISE = "wpa3_enterprise", _("WPA3 Enterprise (802.1X)")
    OPEN = "open", _("Open (no encryption)")


class ProfileQuerySet(models.QuerySet):
    def current(self) -> ProfileQuerySet:
        return self.filter(is_current=True)

    def for_user(self, user) -> ProfileQuerySet:
        from support.permissions import schools_with_internals_for

        return self.filter(school__in=schools_with_internals_for(user))


class ConfigurationProfile(ClusterableModel):
    """One version of a school's configuration image. Versions are never edited:
    every change makes a new version (`support.devices.create_profile_version`),
    and exactly one version per school is marked current."""

    WifiSecurity = WifiSecurity

    school = models.ForeignKey(
        "schools.School",
        on_delete=models.CASCADE,
        related_name="profiles",
        verbose_name=_("school"),
    )
    version = models.PositiveIntegerField(_("version"))
    is_current = models.BooleanField(_("current version"), default=False)
    wifi_name = models.CharField(
        _("WLAN name (SSID)"),
        max_length=64,
        blank=True,
        help_text=_("Only the network name. A WLAN password is never stored here."),
    )
    wifi_security = models.CharField(
        _("WLAN security"),
        max_length=32,
        choices=WifiSecurity.choices,
        default=WifiSecurity.WPA2_ENTERPRISE,
    )
    settings_restrictions = models.TextField(
        _("default settings and restrictions"),
        blank=True,
        help_text=_("One setting per line, e.g. “AirDrop: off”."),
    )
    pupil_permissions = models.TextField(
        _("what pupils may do"), blank=True, help_text=_("One rule per line.")
    )
    teacher_permissions = models.TextField(
        _("what teachers may do"), blank=True, help_text=_("One rule per line.")
    )
    change_note = models.TextField(
        _("change note"),
        blank=True,
        help_text=_("What changed compared with the previous version, and why."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("configuration profile")
        verbose_name_plural = _("configuration profiles")
        ordering = ["school__name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "version"], name="profile_unique_school_version"
            ),
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(is_current=True),
                name="profile_one_current_per_school",
            ),
        ]

    def __str__(self) -> str:
        return _("%(school)s, version %(version)s") % {
            "school": self.school.name,
            "version": self.version,
        }

    @property
    def settings_lines(self) -> list[str]:
        return [s for s in self.settings_restrictions.splitlines() if s.strip()]

    @property
    def pupil_lines(self) -> list[str]:
        return [s for s in self.pupil_permissions.splitlines() if s.strip()]

    @property
    def teacher_lines(self) -> list[str]:
        return [s for s in self.teacher_permissions.splitlines() if s.strip()]


class ProfileApp(models.Model):
    """An app installed by a profile version (copied into every new version)."""

    profile = ParentalKey(
        ConfigurationProfile,
        on_delete=models.CASCADE,
        related_name="apps",
        verbose_name=_("profile"),
    )
    name = models.CharField(_("app name"), max_length=120)
    bundle_id = models.CharField(
        _("bundle ID"),
        max_length=200,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$",
                _("Enter a bundle ID such as com.apple.Keynote."),
            )
        ],
        help_text=_("The app's identifier, e.g. com.apple.Keynote."),
    )

    class Meta:
        verbose_name = _("installed app")
        verbose_name_plural = _("installed apps")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "bundle_id"], name="profileapp_unique_bundle"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.bundle_id})"
