"""The deploy/ examples are checked by the tools that will run them: systemd's
`systemd-analyze verify` for the units and timers, `nginx -t` for the nginx site
(the load run of `make bench` also serves through it), gunicorn's config check,
and every command the timers start exists.

The files name production paths (/srv/schulportal/...); the test points them at
this checkout, as an installation would, and verifies the result.
"""

import os
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import get_commands

from tests.benchmarks.nginx_site import certificate, nginx_main_config

ROOT = Path(__file__).resolve().parents[2]
SYSTEMD = ROOT / "deploy" / "systemd"


@pytest.fixture
def installed_units(tmp_path):
    env_file = tmp_path / "env"
    env_file.write_text("DJANGO_SETTINGS_MODULE=portal.settings.production\n")
    paths = {
        "/srv/schulportal/app": str(ROOT),
        "/srv/schulportal/venv": str(Path(sys.executable).parent.parent),
        "/var/lib/schulportal/media": str(tmp_path),
        "/etc/schulportal/env": str(env_file),
    }
    for unit in SYSTEMD.iterdir():
        text = unit.read_text()
        for production, here in paths.items():
            text = text.replace(production, here)
        (tmp_path / unit.name).write_text(text)
    return tmp_path


def test_systemd_units_and_timers_verify_cleanly(installed_units):
    units = sorted(p.name for p in installed_units.glob("*.service"))
    units += sorted(p.name for p in installed_units.glob("*.timer"))
    instances = [
        re.search(r"^Unit=(.+)$", (installed_units / t).read_text(), re.M).group(1)
        for t in units
        if t.endswith(".timer")
    ]
    done = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *units, *instances],
        cwd=installed_units,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", done.stderr


def test_every_command_the_timers_start_exists():
    commands = set(get_commands())
    for timer in SYSTEMD.glob("*.timer"):
        unit = re.search(
            r"^Unit=schulportal-command@(.+)\.service$", timer.read_text(), re.M
        )
        assert unit, f"{timer.name} starts no schulportal-command@…"
        assert unit.group(1) in commands, f"{timer.name}: no command {unit.group(1)}"
    assert "db_worker" in commands


def test_gunicorn_config_loads_with_settings_from_the_environment():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "WEB_CONCURRENCY": "3",
        "GUNICORN_TIMEOUT": "45",
    }
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "--print-config",
            "portal.wsgi",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    config = {
        key.strip(): value.strip()
        for key, _sep, value in (
            line.partition("=") for line in done.stdout.splitlines() if "=" in line
        )
    }
    assert config["workers"] == "3"
    assert config["timeout"] == "45"
    assert config["preload_app"] == "True"
    # Recycled rarely: a new worker starts cold (docs/deploy.md).
    assert config["max_requests"] == "50000"
    assert config["max_requests_jitter"] == "25000"


def test_warm_up_compiles_every_portal_template_without_database_or_cache():
    from django.template import engines

    from portal import warmup

    names = warmup.portal_template_names()
    assert "base.html" in names
    assert "courses/course_page.html" in names
    assert any(name.startswith("support/tickets/") for name in names)
    loader = engines["django"].engine.template_loaders[0]
    loader.reset()
    with (
        mock.patch("django.core.cache.cache.get", side_effect=AssertionError),
        mock.patch("django.core.cache.cache.set", side_effect=AssertionError),
    ):
        warmup.warm_up()  # no database either: this test has no django_db mark
    assert set(names) <= set(loader.get_template_cache)


def test_the_loaded_objects_are_frozen_out_of_the_collectors_scans():
    import gc

    from portal import warmup

    assert "freeze_loaded_objects()" in (ROOT / "deploy/gunicorn.conf.py").read_text()
    before = gc.get_freeze_count()
    try:
        warmup.freeze_loaded_objects()
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()


def test_nginx_example_passes_nginx_t(tmp_path):
    certificate(tmp_path)
    main = nginx_main_config(tmp_path)
    site = (tmp_path / "schulportal.conf").read_text()
    assert "client_max_body_size 55m;" in site
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    done = subprocess.run(
        ["nginx", "-t", "-c", str(main), "-p", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
