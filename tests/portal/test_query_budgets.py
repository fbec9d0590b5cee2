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

#: Queries per page, (cold, warm): cold is the first request after the shared
#: cache was emptied (every kept route, fragment and count computed), warm the
#: next one, as nearly every request is in production. Each budget is the count
#: measured when it was set plus up to two for room. A page over budget: look for
#: a query inside a loop, or for something no longer kept.
BUDGETS = {
    "catalogue": (13, 1),  # (12, 0) warm: the anonymous page cache
    "course": (16, 1),  # (15, 0)
    "catalogue_teacher": (17, 2),  # (16, 1) warm: the route is known, not its page
    "course_teacher": (21, 3),  # (20, 2)
    "my_courses": (9, 3),  # (8, 2)
    "queue": (13, 3),  # (12, 2)
    "queue_filtered": (13, 3),  # (12, 2)
    "long_ticket": (14, 6),  # (13, 5)
    "devices": (16, 10),  # (15, 9) the Wagtail snippet listing
    "my_school": (13, 9),  # (12, 8)
    # (13) when it counts: grouped counts per school and per batch, never a
    # correlated subquery; (1) while the last count is less than a minute old.
    "delivery": (14, 2),
}


def _counts() -> dict[str, tuple[int, int, int]]:
    """Per page: (status, queries cold, queries warm)."""
    result = {}
    for spec in PAGES:
        url = spec.resolve()
        assert url, f"{spec.key}: its URL name does not exist"
        client = Client()
        if spec.user:
            client.force_login(User.objects.get(email=spec.user))
        client.get(url)  # warm-up: per-process caches (site root, content types)
        cache.clear()  # the anonymous page cache must not hide the queries
        status, cold = query_count(client, url)
        _status, warm = query_count(client, url)
        result[spec.key] = (status, cold, warm)
    return result


@pytest.mark.django_db
def test_every_page_keeps_its_query_count_when_the_data_grows():
    dataset.Builder(0.002, courses=4).build()
    small = _counts()
    dataset.Builder(0.02, courses=16, tag="b").build()
    large = _counts()

    problems = []
    for key, (status, cold, warm) in small.items():
        grown_status, grown_cold, grown_warm = large[key]
        if status != 200 or grown_status != 200:
            problems.append(f"{key}: HTTP {status} / {grown_status}")
        if (grown_cold, grown_warm) != (cold, warm):
            problems.append(
                f"{key}: {cold}/{warm} queries cold/warm, "
                f"{grown_cold}/{grown_warm} with more data"
            )
        cold_budget, warm_budget = BUDGETS[key]
        if grown_cold > cold_budget or grown_warm > warm_budget:
            problems.append(
                f"{key}: {grown_cold}/{grown_warm} queries cold/warm, "
                f"budget {cold_budget}/{warm_budget}"
            )
    assert not problems, "\n".join(problems)
