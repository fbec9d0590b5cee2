"""Configuration profiles: every change a new version, one current per school."""

import pytest
from django.db import IntegrityError

from support.devices import create_profile_version
from support.models import ConfigurationProfile
from tests.support.factories import ConfigurationProfileFactory


def make(school, agent, **kwargs):
    defaults = {
        "wifi_name": "GS-PARK",
        "wifi_security": ConfigurationProfile.WifiSecurity.WPA2_ENTERPRISE,
        "apps": [("Keynote", "com.apple.Keynote")],
    }
    return create_profile_version(school=school, by=agent, **{**defaults, **kwargs})


def test_each_change_makes_the_next_current_version(school, agent):
    first = make(school, agent)
    second = make(
        school,
        agent,
        wifi_security=ConfigurationProfile.WifiSecurity.WPA3_ENTERPRISE,
        apps=[("Keynote", "com.apple.Keynote"), ("GeoGebra", "org.geogebra.ios")],
        change_note="WPA3",
    )
    first.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert not first.is_current and second.is_current
    assert first.wifi_security == "wpa2_enterprise"
    assert [a.bundle_id for a in first.apps.all()] == ["com.apple.Keynote"]
    assert second.apps.count() == 2


def test_versions_count_per_school(school, other_school, agent):
    make(school, agent)
    assert make(other_school, agent).version == 1


def test_database_keeps_one_current_version_per_school(school):
    ConfigurationProfileFactory(school=school, version=1, is_current=True)
    with pytest.raises(IntegrityError):
        ConfigurationProfileFactory(school=school, version=2, is_current=True)


def test_version_numbers_are_unique_per_school(school):
    ConfigurationProfileFactory(school=school, version=1, is_current=False)
    with pytest.raises(IntegrityError):
        ConfigurationProfileFactory(school=school, version=1, is_current=False)


def test_profile_has_no_password_field():
    names = {f.name for f in ConfigurationProfile._meta.get_fields()}
    assert not any("password" in n or "psk" in n for n in names)


def test_new_version_is_logged(school, agent):
    from wagtail.models import ModelLogEntry

    profile = make(school, agent)
    entry = ModelLogEntry.objects.get(action="support.profile.version")
    assert entry.user == agent and entry.object_id == str(profile.pk)
