"""A GET with the number of queries it cost."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def get_counting_queries(client, url: str):
    """(response, number of queries) of `client.get(url)`."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)
