"""A finding, fixed: Wagtail's snippet choosers let every CMS user (trainers) list
all schools' devices, loans, profiles and batches (support/admin_choosers.py)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

MODELS = ["device", "loan", "configurationprofile", "deliverybatch", "batchallocation"]


@pytest.mark.parametrize("model", MODELS)
def test_trainers_can_not_list_support_objects_in_the_chooser(world, clients, model):
    for role in ("trainer", "other_trainer"):
        for route in ("choose", "choose_results"):
            url = reverse(f"wagtailsnippetchoosers_support_{model}:{route}")
            response = clients[role].get(url)
            body = response.content.decode()
            assert response.status_code in (302, 403, 404), (
                url,
                role,
                response.status_code,
            )
            assert world.device.serial not in body
