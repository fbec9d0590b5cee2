"""The benchmark harness: answers that did not do the work count as errors under
load, and rounds of the page timing are pooled."""

import json

from tests.benchmarks.load import _unexpected_answers
from tests.benchmarks.stats import merge_rounds


def _line(method: str, path: str, status: int) -> str:
    entry = {"message": "request", "method": method, "path": path, "status": status}
    return json.dumps(entry) + "\n"


def test_redirects_of_pages_and_form_errors_count_only_after_the_offset(tmp_path):
    log = tmp_path / "gunicorn.log"
    log.write_text(_line("GET", "/alt/", 500))
    offset = log.stat().st_size
    with log.open("a") as f:
        f.write("[2026-11-21 10:00:00] [1] [INFO] Booting worker\n")
        f.write(_line("GET", "/kurse/", 200))
        f.write(_line("GET", "/support/warteschlange/", 302))  # sent to MFA
        f.write(_line("POST", "/support/melden/", 302))  # filed
        f.write(_line("POST", "/support/melden/", 200))  # form error
        f.write(_line("GET", "/healthz", 503))  # the harness's own probe
    assert _unexpected_answers(log, offset) == {"GET 302": 1, "POST 200": 1}


def test_rounds_of_the_page_timing_are_pooled_into_one_run():
    def run(samples, status="ok", queries=3):
        page = {"key": "queue", "label": "Queue", "status": status}
        if status == "ok":
            page.update(samples_ms=samples, queries=queries)
        return {"engine": "postgresql", "pages": [page]}

    merged = merge_rounds([run([10, 12, 14]), run([30, 31, 32], queries=4)])
    (page,) = merged["pages"]
    assert page["samples_ms"] == [10, 12, 14, 30, 31, 32]
    assert page["median_ms"] == 22.0
    assert page["p95_ms"] == 32
    assert page["queries"] == 4
    failed = merge_rounds([run([10]), run([], status="HTTP 500")])
    assert failed["pages"][0]["status"] == "HTTP 500"
