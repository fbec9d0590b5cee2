"""The load benchmark counts answers that did not do the work as errors."""

import json

from tests.benchmarks.load import _unexpected_answers


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
