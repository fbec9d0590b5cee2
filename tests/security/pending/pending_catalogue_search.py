"""PENDING (finding for courses): catalogue search on SQLite answers 500 for a
query with an unbalanced double quote or `word:(...)` (FTS5 syntax error raised
through Wagtail's database search backend). Add "q" back to the catalogue
parameters in test_reflected_xss.py once this passes.

Run with `pytest tests/security/pending/pending_catalogue_search.py`
(not collected by `make test`);
move it into the suite once it passes.
"""

import pytest
from django.test import Client

from tests.security.payloads import PAYLOADS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query", ['"iPad', "javascript:alert(1)", "Keynote (Folien", *PAYLOADS[:8]]
)
def test_catalogue_search_never_fails(world, query):
    client = Client(raise_request_exception=False)
    response = client.get(world.course.get_parent().url, {"q": query})
    assert response.status_code == 200, response.status_code
