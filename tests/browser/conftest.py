"""Browser tests: Playwright driving Debian's Chromium against Django's live server.

Every test here is marked `browser` (run with `make test-browser`). On failure the
test's pages are saved as screenshot and HTML under test-output/browser/<test>/.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by
# the test itself (fixtures, assertions) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 900},
}
OUTPUT = Path(settings.BASE_DIR) / "test-output" / "browser"
VNU_JAR = (
    Path(__file__).parent
    / "tools"
    / "node_modules"
    / "vnu-jar"
    / "build"
    / "dist"
    / "vnu.jar"
)
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    here = str(Path(__file__).parent)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}. Install Debian's browser with "
            "`sudo apt-get install chromium` (or set CHROMIUM_PATH)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _live_database(transactional_db):
    """The live server runs in another thread: tests need real transactions."""


class PageFactory:
    def __init__(self, browser, base_url: str):
        self.browser = browser
        self.base_url = base_url
        self.pages: list = []
        self.dialogs: list[str] = []

    def __call__(self, viewport: str = "desktop", locale: str = "de-DE"):
        context = self.browser.new_context(
            viewport=VIEWPORTS[viewport],
            locale=locale,
            base_url=self.base_url,
            accept_downloads=True,
            is_mobile=viewport == "phone",
            has_touch=viewport == "phone",
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on("dialog", self._on_dialog)
        self.pages.append(page)
        return page

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def save_artifacts(self, name: str) -> None:
        folder = OUTPUT / re.sub(r"[^\w.-]+", "_", name)
        folder.mkdir(parents=True, exist_ok=True)
        for index, page in enumerate(self.pages):
            try:
                page.screenshot(path=str(folder / f"page{index}.png"), full_page=True)
                (folder / f"page{index}.html").write_text(
                    page.content(), encoding="utf-8"
                )
            except Exception as exc:  # noqa: BLE001 - never hide the real failure
                (folder / f"page{index}.error.txt").write_text(repr(exc))

    def close(self) -> None:
        for page in self.pages:
            page.context.close()


@pytest.fixture
def new_page(browser, live_server, request):
    """Open a page in a fresh browser context: `new_page("phone")`, `new_page()`."""
    factory = PageFactory(browser, live_server.url)
    yield factory
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        factory.save_artifacts(request.node.nodeid)
    factory.close()


def log_in(page, email: str, password: str) -> None:
    page.goto("/konto/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    # Enter submits the password's own form, not the iServ choice above it.
    page.locator("#id_password").press("Enter")
    page.wait_for_load_state("networkidle")


def switch_to_english(page) -> None:
    page.locator(".language-switch button[value=en]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"


def submit_main_form(page, index: int = 0) -> None:
    page.locator("main form button[type=submit]").nth(index).click()
    page.wait_for_load_state("networkidle")


def check_accessibility(page, name: str) -> list[dict]:
    """Run axe-core on the page; fail on serious or critical violations.

    The full report (all impacts) is written to test-output/browser/axe/<name>.json.
    """
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"resultTypes": ["violations"]})
    violations = results.response["violations"]
    folder = OUTPUT / "axe"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(
        json.dumps({"url": page.url, "violations": violations}, indent=2),
        encoding="utf-8",
    )
    blocking = [
        f"{v['id']} ({v['impact']}): {v['help']} – "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in violations
        if v["impact"] in BLOCKING_IMPACTS
    ]
    assert not blocking, f"axe on {name} ({page.url}):\n" + "\n".join(blocking)
    return violations


def check_markup(documents: dict[str, str]) -> None:
    """Validate rendered HTML documents with the Nu HTML Checker; fail on any error."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        pytest.fail(
            "The Nu HTML Checker needs Java and vnu.jar: run "
            "`npm ci --prefix tests/browser/tools` and install a Java runtime."
        )
    folder = OUTPUT / "vnu"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, html in documents.items():
        (folder / f"{name}.html").write_text(html, encoding="utf-8")
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')[
        "messages"
    ]
    (OUTPUT / "vnu-report.json").write_text(
        json.dumps(messages, indent=2), encoding="utf-8"
    )
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert not errors, "Nu HTML Checker errors:\n" + "\n".join(errors)


def raw_html(page, path: str | None = None) -> str:
    """The HTML as the server sent it (with the page's cookies), not the live DOM."""
    response = page.context.request.get(path or page.url)
    return response.text()
