"""Query budgets of the pages `make bench` times: the number of queries of each page
stays the same when the data grows, and within the budget written here.

The dataset is the benchmark's (tests/benchmarks/dataset.py) at a small scale,
then grown by more teachers, courses, sessions, registrations, devices, loans and
tickets; the named accounts see the same rows of their own in both.
"""

import pytest
from django.core.cache import cache
from django.test import Client

from portal.accounts.models import User
from tests.benchmarks import dataset
from tests.benchmarks.pages import PAGES, query_count

#: Queries per page: the count measured when the budget was set (in brackets),
#: plus two for room. A page over budget: look for a query inside a loop.
BUDGETS = {
    "catalogue": 12,  # (10)
    "course": 16,  # (14)
    "my_courses": 10,  # (8)
    "queue": 14,  # (12)
    "queue_filtered": 14,  # (12)
    "long_ticket": 16,  # (14)
    "devices": 17,  # (15) the Wagtail snippet listing
    "my_school": 12,  # (10)
    # (10) when it counts: grouped counts per school and per batch, never a
    # correlated subquery; (3) while the last count is less than a minute old.
    "delivery": 12,
}


def _counts() -> dict[str, tuple[int, int]]:
    result = {}
    for spec in PAGES:
        url = spec.resolve()
        assert url, f"{spec.key}: its URL name does not exist"
        client = Client()
        if spec.user:
            client.force_login(User.objects.get(email=spec.user))
        client.get(url)  # warm-up: per-process caches (site root, content types)
        cache.clear()  # the anonymous page cache must not hide the queries
        result[spec.key] = query_count(client, url)
    return result


@pytest.mark.django_db
def test_every_page_keeps_its_query_count_when_the_data_grows():
    dataset.Builder(0.002, courses=4).build()
    small = _counts()
    dataset.Builder(0.02, courses=16, tag="b").build()
    large = _counts()

    problems = []
    for key, (status, queries) in small.items():
        grown_status, grown = large[key]
        if status != 200 or grown_status != 200:
            problems.append(f"{key}: HTTP {status} / {grown_status}")
        if grown != queries:
            problems.append(f"{key}: {queries} queries, {grown} with more data")
        if grown > BUDGETS[key]:
            problems.append(f"{key}: {grown} queries, budget {BUDGETS[key]}")
    assert not problems, "\n".join(problems)
