import json
import logging

import pytest

from portal.request_log import JsonFormatter

pytestmark = pytest.mark.django_db


def test_one_structured_line_per_request_without_personal_data(client, teacher, caplog):
    client.force_login(teacher)
    with caplog.at_level(logging.INFO, logger="portal.request"):
        client.get("/?q=Lea+Lehrerin")
    records = [r for r in caplog.records if r.name == "portal.request"]
    assert len(records) == 1
    line = JsonFormatter().format(records[0])
    data = json.loads(line)
    assert data["status"] == 200
    assert data["path"] == "/"
    assert data["user_id"] == teacher.pk
    assert data["duration_ms"] >= 0
    assert "Lea" not in line and teacher.email not in line


def test_anonymous_request_has_no_user_id(client, caplog):
    with caplog.at_level(logging.INFO, logger="portal.request"):
        client.get("/healthz")
    record = next(r for r in caplog.records if r.name == "portal.request")
    assert record.http["user_id"] is None
