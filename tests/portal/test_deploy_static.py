"""Static files as production serves them: `collectstatic` with the production
settings writes hashed names with gzip and brotli copies, and whitenoise serves a
hashed file compressed, cacheable for (at least) a year and immutable.

collectstatic runs in a subprocess, because the production settings module can
only be loaded with production's environment (a real SECRET_KEY). To keep the test
quick it collects the project's own static folder (STATICFILES_DIRS), not the
hundreds of Wagtail admin files: the storage and its post-processing are the same.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from whitenoise.middleware import WhiteNoiseMiddleware

ROOT = Path(__file__).resolve().parents[2]
YEAR = 31536000

COLLECT = """
import importlib, json, sys
from django.conf import settings
production = importlib.import_module("portal.settings.production")
conf = {name: getattr(production, name) for name in dir(production) if name.isupper()}
conf["STATIC_ROOT"] = sys.argv[1]
conf["STATICFILES_FINDERS"] = ["django.contrib.staticfiles.finders.FileSystemFinder"]
settings.configure(**conf)
import django
django.setup()
from django.core.management import call_command
call_command("collectstatic", "--noinput", verbosity=0)
print(json.dumps({
    "STORAGES": conf["STORAGES"],
    "WHITENOISE_MAX_AGE": conf["WHITENOISE_MAX_AGE"],
    "STATIC_URL": conf["STATIC_URL"],
}))
"""


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    root = tmp_path_factory.mktemp("staticfiles")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "static-test-" + "s" * 50,
    }
    done = subprocess.run(
        [sys.executable, "-c", COLLECT, str(root)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    production = json.loads(done.stdout.strip().splitlines()[-1])
    manifest = json.loads((root / "staticfiles.json").read_text())["paths"]
    return root, production, manifest


def test_collectstatic_writes_hashed_names_with_gzip_and_brotli(collected):
    root, _production, manifest = collected
    hashed = manifest["css/portal.css"]
    assert hashed != "css/portal.css"
    assert hashed.startswith("css/portal.") and hashed.endswith(".css")
    for suffix in ("", ".gz", ".br"):
        assert (root / f"{hashed}{suffix}").is_file(), f"{hashed}{suffix} missing"


@pytest.fixture
def whitenoise(collected, settings):
    root, production, _manifest = collected
    settings.STATIC_ROOT = root
    settings.STATIC_URL = production["STATIC_URL"]
    settings.STORAGES = production["STORAGES"]
    settings.WHITENOISE_MAX_AGE = production["WHITENOISE_MAX_AGE"]
    settings.DEBUG = False
    return WhiteNoiseMiddleware(lambda request: HttpResponse("not static"))


def _max_age(response) -> int:
    directives = dict(
        part.strip().partition("=")[::2]
        for part in response["Cache-Control"].split(",")
    )
    return int(directives["max-age"])


def test_whitenoise_serves_a_hashed_file_compressed_immutable_for_a_year(
    collected, whitenoise
):
    _root, _production, manifest = collected
    request = RequestFactory().get(
        "/static/" + manifest["css/portal.css"], HTTP_ACCEPT_ENCODING="gzip, br"
    )
    response = whitenoise(request)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert "immutable" in response["Cache-Control"]
    assert _max_age(response) >= YEAR


def test_unhashed_name_is_not_marked_immutable(whitenoise):
    response = whitenoise(RequestFactory().get("/static/css/portal.css"))
    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]


def test_each_address_is_looked_up_once_and_a_missing_file_still_fails(
    collected, whitenoise
):
    from unittest import mock

    from portal.static_storage import StaticFilesStorage

    root, production, manifest = collected
    assert production["STORAGES"]["staticfiles"]["BACKEND"] == (
        "portal.static_storage.StaticFilesStorage"
    )
    storage = StaticFilesStorage(location=root, base_url="/static/")
    expected = "/static/" + manifest["css/portal.css"]
    with mock.patch.object(
        storage, "stored_name", wraps=storage.stored_name
    ) as stored_name:
        assert storage.url("css/portal.css") == expected
        assert storage.url("css/portal.css") == expected
    assert stored_name.call_count == 1
    for _attempt in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/nowhere.css")
