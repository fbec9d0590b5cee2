"""Schools of the school authority."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


class SchoolType(models.TextChoices):
    """School types of North Rhine-Westphalia."""

    GRUNDSCHULE = "grundschule", _("Primary school (Grundschule)")
    HAUPTSCHULE = "hauptschule", _("Hauptschule")
    REALSCHULE = "realschule", _("Realschule")
    SEKUNDARSCHULE = "sekundarschule", _("Sekundarschule")
    GESAMTSCHULE = "gesamtschule", _("Comprehensive school (Gesamtschule)")
    GYMNASIUM = "gymnasium", _("Gymnasium")
    FOERDERSCHULE = "foerderschule", _("Special needs school (Förderschule)")
    BERUFSKOLLEG = "berufskolleg", _("Vocational college (Berufskolleg)")
    WEITERBILDUNGSKOLLEG = "weiterbildungskolleg", _("Adult education college")


school_number_validator = RegexValidator(
    r"^\d{6}$",
    _("Enter the official school number: exactly six digits, for example 123456."),
)


class SchoolQuerySet(models.QuerySet):
    def for_user(self, user) -> SchoolQuerySet:
        """Schools the user may see: all for the IT service, her own for staff."""
        from portal.permissions import sees_all_schools

        if sees_all_schools(user):
            return self
        if user.is_authenticated and user.school_id:
            return self.filter(pk=user.school_id)
        return self.none()


class School(index.Indexed, models.Model):
    """A school: official data, contact and what it was allotted."""

    school_number = models.CharField(
        _("school number"),
        max_length=6,
        unique=True,
        validators=[school_number_validator],
        help_text=_("The six-digit official school number (Schulnummer)."),
    )
    name = models.CharField(_("name"), max_length=200)
    school_type = models.CharField(
        _("school type"), max_length=32, choices=SchoolType.choices
    )
    district = models.CharField(_("district"), max_length=100, db_index=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    pupils = models.PositiveIntegerField(_("number of pupils"), default=0)
    social_index = models.PositiveSmallIntegerField(
        _("social index"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_("School social index of NRW from 1 (low) to 9 (high burden)."),
    )
    iserv_url = models.URLField(_("iServ address"), blank=True)
    devices_allotted = models.PositiveIntegerField(_("devices allotted"), default=0)

    objects = SchoolQuerySet.as_manager()

    search_fields = [
        index.SearchField("name"),
        index.SearchField("school_number"),
        index.AutocompleteField("name"),
        index.FilterField("school_type"),
        index.FilterField("district"),
    ]

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(social_index__isnull=True)
                | models.Q(social_index__gte=1, social_index__lte=9),
                name="school_social_index_1_to_9",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.school_number})"

    @property
    def address(self) -> str:
        return ", ".join(
            p for p in [self.street, f"{self.postal_code} {self.city}".strip()] if p
        )
