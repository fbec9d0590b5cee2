"""A GET with the number of queries it cost."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def get_counting_queries(client, url: str):
    """(response, number of queries) of `client.get(url)`."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


#: What the session store reads first on every logged-in request: the session
#: and its user's entry, together (portal/accounts/sessions.py).
SESSION_KEY_PREFIX = "django.contrib.sessions.cached_db"


def page_round_trips(get_many) -> int:
    """`get_many` calls of a request (a mock wrapping it), besides the one that
    reads the session with its user."""
    session_reads = [
        call
        for call in get_many.call_args_list
        if any(str(key).startswith(SESSION_KEY_PREFIX) for key in call.args[0])
    ]
    assert len(session_reads) <= 1
    return get_many.call_count - len(session_reads)
