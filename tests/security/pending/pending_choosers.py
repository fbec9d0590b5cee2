"""PENDING (finding for support): Wagtail snippet choosers of support models.

Run with `pytest tests/security/pending/pending_choosers.py` (not collected by
`make test`); move the namespaces from CMS_NOT_PROBED into
CMS_VIEWSETS (matrix.py) once it passes.
"""

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
