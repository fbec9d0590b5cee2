"""Security headers on every public page type, and HTTPS in production settings."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from support.models import HelpArticlePage, HelpIndexPage

pytestmark = pytest.mark.django_db


def _help_article() -> HelpArticlePage:
    index = HelpIndexPage.objects.get()
    return index.add_child(
        instance=HelpArticlePage(
            title="iPad neu starten",
            slug="ipad-neu-starten",
            category="other",
            summary="So starten Sie ein iPad neu.",
            body=[("paragraph", "<p>Seitentaste gedrückt halten.</p>")],
        )
    )


@pytest.fixture
def public_pages(world):
    return {
        "home": "/",
        "catalogue": world.course.get_parent().url,
        "catalogue filtered": world.course.get_parent().url + "?topic=ipad&q=Keynote",
        "course": world.course.url,
        "help index": HelpIndexPage.objects.get().url,
        "help article": _help_article().url,
        "login": reverse("account_login"),
        "sign-up": reverse("account_signup"),
        "certificate check": reverse("courses:verify_certificate"),
        # Logged in as the teacher:
        "ticket form": reverse("support:report"),
        "ticket": reverse("support:ticket", args=[world.ticket.reference]),
        "my courses": reverse("courses:my_courses"),
    }


def _directives(policy: str) -> dict[str, list[str]]:
    result = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            result[words[0]] = words[1:]
    return result


def test_every_public_page_type_sends_the_security_headers(
    client, public_pages, teacher
):
    problems = []
    for label, url in public_pages.items():
        if label == "ticket form":
            client.force_login(teacher)
        response = client.get(url)
        if response.status_code != 200:
            problems.append(f"{label} {url}: status {response.status_code}")
            continue
        csp = _directives(response.get("Content-Security-Policy", ""))
        script_src = csp.get("script-src", csp.get("default-src", []))
        if not script_src or {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(
            script_src
        ):
            problems.append(f"{label}: script-src {script_src}")
        if csp.get("object-src") != ["'none'"]:
            problems.append(f"{label}: object-src {csp.get('object-src')}")
        if csp.get("frame-ancestors") != ["'none'"]:
            problems.append(f"{label}: frame-ancestors {csp.get('frame-ancestors')}")
        if response.get("X-Frame-Options") != "DENY":
            problems.append(
                f"{label}: X-Frame-Options {response.get('X-Frame-Options')}"
            )
        if response.get("X-Content-Type-Options") != "nosniff":
            problems.append(f"{label}: no X-Content-Type-Options: nosniff")
        if response.get("Referrer-Policy") not in {"same-origin", "no-referrer"}:
            problems.append(
                f"{label}: Referrer-Policy {response.get('Referrer-Policy')}"
            )
    assert not problems, "\n".join(problems)


def test_pages_with_personal_data_are_not_cached_by_shared_caches(client, world):
    client.force_login(world.users["teacher"])
    for url in (
        reverse("support:ticket", args=[world.ticket.reference]),
        reverse("courses:my_courses"),
        reverse("accounts:profile"),
    ):
        response = client.get(url)
        cache_control = response.get("Cache-Control", "")
        assert "public" not in cache_control, url
        assert "Cookie" in response.get("Vary", ""), url


PRODUCTION_PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
response = Client().get("/healthz", secure=True, headers={"host": "portal.example"})
plain = Client().get("/kurse/", headers={"host": "portal.example"})
print(json.dumps({
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "session_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
    "hsts": response.get("Strict-Transport-Security", ""),
    "redirect": [plain.status_code, plain.get("Location", "")],
    "debug": settings.DEBUG,
}))
"""


def test_production_settings_enforce_https_and_secure_cookies(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "s" * 20 + "-production-secret-key-for-the-check-only-0123456789",
        "ALLOWED_HOSTS": "portal.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "SITE_URL": "https://portal.example",
        "LOG_LEVEL": "CRITICAL",
    }
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        capture_output=True,
        text=True,
        env=env,
        cwd=settings.BASE_DIR,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert facts["session_secure"] and facts["session_httponly"]
    assert facts["csrf_secure"]
    assert not facts["debug"]
    assert "max-age=31536000" in facts["hsts"]
    assert "includeSubDomains" in facts["hsts"]
    assert facts["redirect"] == [301, "https://portal.example/kurse/"]


def test_downloads_are_attachments_that_are_never_sniffed(world, clients):
    downloads = {
        "teacher": [
            reverse("courses:material", args=[world.material.pk]),
            reverse("courses:registration_ics", args=[world.registration.pk]),
            reverse("courses:certificate", args=[world.attended.pk]),
            reverse(
                "support:ticket_attachment",
                args=[world.ticket.reference, world.attachment.pk],
            ),
        ],
        "trainer": [
            reverse("courses:session_export", args=[world.session.pk, "csv"]),
            reverse("courses:session_export", args=[world.session.pk, "xlsx"]),
        ],
        "agent": [reverse("support:queue_export"), reverse("support:reports_csv")],
    }
    problems = []
    for role, urls in downloads.items():
        for url in urls:
            response = clients[role].get(url)
            disposition = response.get("Content-Disposition", "")
            if response.status_code != 200 or not disposition.startswith("attachment"):
                problems.append(f"{url}: {response.status_code} {disposition!r}")
            if response.get("X-Content-Type-Options") != "nosniff":
                problems.append(f"{url}: no nosniff")
            if "public" in response.get("Cache-Control", ""):
                problems.append(f"{url}: Cache-Control {response['Cache-Control']}")
    assert not problems, "\n".join(problems)
