"""The device listing's kept rows and filter lists (support/device_counts.py):
the same page, and every change that shows on it shows at once."""

import re
from unittest import mock

import pytest
from django.urls import reverse

from support import device_counts
from support.models import Device
from tests.support.factories import DeviceFactory

pytestmark = pytest.mark.django_db

DEVICES = "/cms/snippets/support/device/"


def _rows(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    html = re.sub(r'value="[A-Za-z0-9]{32,64}"', 'value=""', html)  # CSRF tokens
    return html[html.index('id="listing-results"') :]


def _delete_url(device) -> str:
    return reverse("wagtailsnippets_support_device:delete", args=[device.pk])


def test_kept_rows_are_the_rows_drawn(client, agent, device):
    client.force_login(agent)
    drawn = _rows(client.get(DEVICES))
    kept = _rows(client.get(DEVICES))
    assert kept == drawn
    assert device.serial in kept


def test_a_changed_device_shows_at_once(
    client, agent, device, django_capture_on_commit_callbacks
):
    client.force_login(agent)
    assert "Verloren" not in _rows(client.get(DEVICES))
    with django_capture_on_commit_callbacks(execute=True):
        device.status = Device.Status.LOST
        device.save()
    assert "Verloren" in _rows(client.get(DEVICES))


def test_a_new_device_shows_at_once(
    client, agent, device, school, batch, django_capture_on_commit_callbacks
):
    client.force_login(agent)
    client.get(DEVICES)
    with django_capture_on_commit_callbacks(execute=True):
        DeviceFactory(school=school, batch=batch, serial="C02XK1ABCD99")
    assert "C02XK1ABCD99" in _rows(client.get(DEVICES))


def test_a_renamed_school_and_batch_show_in_rows_and_filters(
    client, agent, device, school, batch, django_capture_on_commit_callbacks
):
    client.force_login(agent)
    client.get(DEVICES)
    with django_capture_on_commit_callbacks(execute=True):
        school.name = "Grundschule Am Stadtpark"
        school.save()
        batch.number = 77
        batch.save()
    html = client.get(DEVICES).content.decode()
    assert "Grundschule Am Stadtpark" in _rows(client.get(DEVICES))
    assert f'<option value="{school.pk}">Grundschule Am Stadtpark' in html
    assert f'<option value="{batch.pk}">Lieferung 77' in html


def test_rows_kept_for_an_administrator_never_give_an_agent_her_actions(
    client, agent, admin, device
):
    client.force_login(admin)
    assert _delete_url(device) in _rows(client.get(DEVICES))
    client.force_login(agent)  # may not delete devices
    assert _delete_url(device) not in _rows(client.get(DEVICES))
    client.force_login(admin)
    assert _delete_url(device) in _rows(client.get(DEVICES))


def test_filters_and_pages_are_kept_apart(client, agent, device, other_device):
    client.force_login(agent)
    mine = _rows(client.get(DEVICES, {"school": device.school_id}))
    theirs = _rows(client.get(DEVICES, {"school": other_device.school_id}))
    assert device.serial in mine and other_device.serial not in mine
    assert other_device.serial in theirs and device.serial not in theirs


def test_a_search_is_never_kept(client, agent, device):
    client.force_login(agent)
    with mock.patch("portal.templatetags.portal_cache.cache.set") as stored:
        found = _rows(client.get(DEVICES, {"q": device.serial[:6]}))
    assert device.serial in found
    assert not [c for c in stored.call_args_list if ":rows:" in c.args[0]]


def test_the_listing_is_drawn_while_the_cache_is_away(client, agent, device):
    client.force_login(agent)
    down = mock.Mock(
        **{
            f"{m}.side_effect": ConnectionError("down")
            for m in ("get", "get_many", "set", "add")
        }
    )
    with (
        mock.patch("portal.derived.cache", down),
        mock.patch("portal.templatetags.portal_cache.cache", down),
    ):
        assert device.serial in _rows(client.get(DEVICES))
    assert device_counts.school_choices()  # and the cache works again after
