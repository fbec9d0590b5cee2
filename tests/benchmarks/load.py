"""The load run: nginx (deploy/nginx/schulportal.conf, TLS) in front of gunicorn
(deploy/gunicorn.conf.py) with production settings on PostgreSQL and Redis,
driven by wrk for BENCH_SECONDS (default 60) per scenario:

- ok: the trivial view /bench/ok, the yardstick of this machine and this run,
  timed again for a quarter of that after each scenario: each scenario is
  compared with the mean of the trivial runs just before and just after it;
- anonymous: catalogue and course pages;
- teachers: logged-in teachers browsing and booking (POST with CSRF);
- helpdesk: school staff filing tickets, agents working the queue.

After the teachers' run the bookings are checked (no seat sold twice, no double
registration, every booking recorded). Results: bench-output/load.json.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from tests.benchmarks import databases as dbs
from tests.benchmarks.nginx_site import (
    APP_PORT,
    BASE_URL,
    DEPLOY,
    certificate,
    check_proxy,
    nginx_main_config,
)
from tests.benchmarks.report import (
    ANONYMOUS_RATIO,
    LOGGED_IN_RATIO,
    print_load_table,
)

HERE = Path(__file__).resolve().parent
OUT = dbs.OUTPUT / "load"
THREADS = 2
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
DATABASE = "bench_load"

SCENARIOS = [
    ("ok", "Trivial view /bench/ok", None),
    ("anonymous", "(a) anonymous catalogue + courses", ANONYMOUS_RATIO),
    ("teachers", "(b) teachers browsing + booking", LOGGED_IN_RATIO),
    ("helpdesk", "(c) tickets filed + queue worked", LOGGED_IN_RATIO),
]


def server_env() -> dict[str, str]:
    return dbs.django_env(
        "postgres",
        DATABASE,
        BENCH_CACHE_PREFIX="bench-load",
        SECURE_SSL_REDIRECT="True",
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO",
        REQUEST_LOG_LEVEL="INFO",
        LOG_FORMAT="json",
        GUNICORN_BIND=f"127.0.0.1:{APP_PORT}",
    )


def _wait_healthy(url: str, timeout: float = 60) -> None:
    import ssl

    context = ssl._create_unverified_context()  # noqa: S323 - our self-signed cert
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, context=context, timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer within {timeout} s")
        time.sleep(0.5)


def _wrk(name: str, seconds: int) -> dict:
    cmd = [
        "wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(HERE / "wrk" / "scenario.lua"),
        BASE_URL,
        "--",
        str(OUT / f"{name}.lua"),
    ]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    line = next(x for x in done.stdout.splitlines() if x.startswith("BENCH-JSON "))
    raw = json.loads(line.removeprefix("BENCH-JSON "))
    errors = (
        raw["connect_errors"]
        + raw["read_errors"]
        + raw["write_errors"]
        + raw["status_errors"]
        + raw["timeouts"]
    )
    return {
        "scenario": name,
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "errors": errors,
        "raw": raw,
    }


#: What a request of the scenarios answers when it did its work: a page, or the
#: redirect after a successful form. Anything else (a redirect to the login or to
#: the MFA enrolment, a form error, a server error) counts as an error, because
#: wrk alone counts only 4xx/5xx answers and would time the wrong thing.
EXPECTED_STATUS = {"GET": 200, "HEAD": 200, "POST": 302}


def _unexpected_answers(log: Path, offset: int) -> dict[str, int]:
    """Requests logged by the app since `offset` whose status was not expected."""
    found: dict[str, int] = {}
    with log.open("rb") as f:
        f.seek(offset)
        for line in f:
            if not line.startswith(b"{"):
                continue
            entry = json.loads(line)
            if entry.get("message") != "request" or entry["path"] == "/healthz":
                continue
            if entry["status"] != EXPECTED_STATUS.get(entry["method"]):
                key = f"{entry['method']} {entry['status']}"
                found[key] = found.get(key, 0) + 1
    return found


def _prepare_database(scale: float, rebuild: bool) -> None:
    source = f"bench_{scale:g}x".replace(".", "_")
    import psycopg

    with psycopg.connect(f"{dbs.POSTGRES}/postgres", autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [source]
        ).fetchone()
    if rebuild or not exists:
        template = dbs.migrated_template("postgres")
        dbs.copy_database("postgres", template, source)
        dbs.run(
            [dbs.PYTHON, "-m", "tests.benchmarks.run", "build", "--scale", str(scale)],
            dbs.django_env("postgres", source),
        )
        dbs.drop("postgres", template)
    dbs.copy_database("postgres", source, DATABASE)


def _start(cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        cmd,
        env=env,
        cwd=dbs.ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


#: What the systemd units start, run once after the load against the same database.
COMMANDS = [
    ["db_worker", "--batch", "--max-tasks", "2000"],
    ["send_session_reminders"],
    ["close_resolved_tickets"],
    ["clearsessions"],
    ["prune_db_task_results"],
]


def run_commands(env: dict[str, str]) -> list[dict]:
    """Run the worker (the e-mails the load queued) and the timers' commands."""
    results = []
    for command in COMMANDS:
        started = time.perf_counter()
        with (OUT / f"{command[0]}.log").open("w") as log:
            done = subprocess.run(
                [dbs.PYTHON, "manage.py", *command],
                env={**env, "EMAIL_URL": "dummymail://"},
                cwd=dbs.ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                check=False,
            )
        results.append(
            {
                "command": " ".join(command),
                "exit": done.returncode,
                "seconds": round(time.perf_counter() - started, 1),
            }
        )
    return results


def main(
    *,
    seconds: int = 60,
    scale: float = 1,
    rebuild: bool = False,
    scenarios: list[str] | None = None,
) -> dict:
    chosen = [
        s for s in SCENARIOS if s[0] == "ok" or not scenarios or s[0] in scenarios
    ]
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"== load: PostgreSQL dataset {scale:g}x into {DATABASE}", flush=True)  # noqa: T201
    _prepare_database(scale, rebuild)
    dbs.flush_cache()
    env = server_env()
    if not (dbs.OUTPUT / "staticfiles" / "staticfiles.json").exists():
        dbs.run([dbs.PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    certificate(OUT)
    prepared = dbs.run(
        [dbs.PYTHON, "-m", "tests.benchmarks.load_data", "prepare", str(OUT), BASE_URL],
        env,
        capture_output=True,
        text=True,
    )
    print(f"   prepared requests: {prepared.stdout.strip()}", flush=True)  # noqa: T201
    gunicorn = _start(
        [
            str(Path(dbs.PYTHON).parent / "gunicorn"),
            "-c",
            str(DEPLOY / "gunicorn.conf.py"),
            "portal.wsgi",
        ],
        env,
        OUT / "gunicorn.log",
    )
    nginx = _start(
        [
            "nginx",
            "-c",
            str(nginx_main_config(OUT)),
            "-p",
            str(OUT),
            "-g",
            "daemon off;",
        ],
        env,
        OUT / "nginx.stdout.log",
    )
    report = {
        "seconds": seconds,
        "connections": CONNECTIONS,
        "threads": THREADS,
        "workers": int(env.get("WEB_CONCURRENCY", os.cpu_count() * 2 + 1)),
        "scale": scale,
        "scenarios": [],
    }
    try:
        _wait_healthy(f"{BASE_URL}/healthz")
        report["checks"] = check_proxy()
        # Warm every worker (imports, template caches, page cache) before timing.
        for name, _label, _target in chosen:
            _wrk(name, 3)
        # The trivial view's rate just before the next scenario.
        before = None
        bracket = max(5, seconds // 4)
        for name, label, target in chosen:
            print(f"== load: {label} for {seconds} s", flush=True)  # noqa: T201
            since = datetime.now(tz=UTC)
            log_offset = (OUT / "gunicorn.log").stat().st_size
            row = _wrk(name, seconds)
            time.sleep(1)  # let the workers write their last log lines
            row["unexpected"] = _unexpected_answers(OUT / "gunicorn.log", log_offset)
            row["errors"] += sum(row["unexpected"].values())
            row.update(name=label, target=target)
            if name == "ok":
                before = row["rps"]
            else:
                # This machine's speed drifts from minute to minute: a scenario
                # is compared with the trivial view timed just before and just
                # after it, not with one run minutes earlier.
                print(f"   trivial view again for {bracket} s", flush=True)  # noqa: T201
                after = _wrk("ok", bracket)
                row["baseline_rps"] = (before + after["rps"]) / 2
                row["baseline_errors"] = after["errors"]
                row["ratio"] = row["rps"] / row["baseline_rps"]
                before = after["rps"]
            report["scenarios"].append(row)
            if name == "helpdesk":
                checked = dbs.run(
                    [
                        dbs.PYTHON,
                        "-m",
                        "tests.benchmarks.load_data",
                        "verify-helpdesk",
                        since.isoformat(),
                    ],
                    env,
                    capture_output=True,
                    text=True,
                )
                report["helpdesk_check"] = json.loads(checked.stdout.strip())
            if name == "teachers":
                checked = dbs.run(
                    [
                        dbs.PYTHON,
                        "-m",
                        "tests.benchmarks.load_data",
                        "verify",
                        since.isoformat(),
                    ],
                    env,
                    capture_output=True,
                    text=True,
                )
                report["booking_check"] = json.loads(checked.stdout.strip())
    finally:
        _stop(nginx)
        _stop(gunicorn)
    report["commands"] = run_commands(env)
    (dbs.OUTPUT / "load.json").write_text(json.dumps(report, indent=2))
    print_load_table(report)
    return report
