"""factory_boy factories shared by every test module."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from portal import roles
from portal.accounts.models import User
from portal.schools.models import School, SchoolType

TEST_PASSWORD = "Test-Passwort-123!"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ("school_number",)

    school_number = factory.Sequence(lambda n: f"{200000 + n:06d}")
    name = factory.Sequence(lambda n: f"Testschule {n}")
    school_type = SchoolType.GRUNDSCHULE
    district = "Innenstadt-West"
    city = "Dortmund"
    pupils = 300
    social_index = 5
    devices_allotted = 100


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@schule.example")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    school = factory.SubFactory(SchoolFactory)
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create:
            return
        self.save()
        for role in extracted or [roles.TEACHER]:
            self.groups.add(Group.objects.get(name=role))
        EmailAddress.objects.get_or_create(
            user=self, email=self.email, defaults={"verified": True, "primary": True}
        )


def enable_mfa(user: User) -> User:
    """Give a staff user a TOTP authenticator, as after enrolment."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    return user


def staff_user(role: str, **kwargs) -> User:
    return enable_mfa(UserFactory(school=None, roles=[role], **kwargs))
