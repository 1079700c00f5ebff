"""Playwright fixtures: Debian's Chromium driven headless against pytest-django's live_server.

Playwright's own browser download does not work on our machines, so the system Chromium is
launched by path. Locally the browser tests skip when it is missing; in CI (CI=true) they fail.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import require_service

CHROMIUM = Path(os.environ.get("ZONGWU_CHROMIUM", "/usr/lib/chromium/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DEFAULT_TIMEOUT_MS = 10_000


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the item so `page` can take a screenshot when the test failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="package", autouse=True)
def allow_orm_beside_playwright_loop():
    """Playwright's sync API keeps an asyncio loop running in the main thread while the browser
    is open, so Django's ORM (seeding, the transactional flush) would refuse to run "from an
    async context". Allowed for this package only, so other tests keep Django's check.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="package")
def browser(allow_orm_beside_playwright_loop):
    """One Chromium for the browser tests. Package scope, not session: it is closed (and its
    event loop stopped) after the last browser test, before the rest of the suite runs.
    """
    if not CHROMIUM.exists():
        require_service(f"Chromium is not installed at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_service("the playwright Python package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_context_args():
    """Override in a test module (or parametrize indirectly) for another device."""
    return {
        "locale": "zh-CN",
        "timezone_id": "Asia/Shanghai",
        "viewport": PHONE,
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    }


@pytest.fixture
def artifacts_dir(tmp_path_factory) -> Path:
    """Screenshots go here: $BROWSER_ARTIFACTS_DIR (CI uploads it) or a pytest temp dir."""
    configured = os.environ.get("BROWSER_ARTIFACTS_DIR")
    if configured:
        path = Path(configured)
        path.mkdir(parents=True, exist_ok=True)
        return path
    return tmp_path_factory.mktemp("browser")


@pytest.fixture
def page(request, browser, browser_context_args, artifacts_dir):
    context = browser.new_context(**browser_context_args)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    # The Content-Security-Policy (core.middleware) must never block what the app itself ships.
    page.on(
        "console",
        lambda message: (
            problems.append(f"blocked by the CSP: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            problems.append(f"HTTP {response.status} for {response.url}")
            if response.status >= 500
            else None
        ),
    )
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        shot = artifacts_dir / f"{request.node.name}-failure.png"
        try:
            page.screenshot(path=str(shot), full_page=True)
            print(f"screenshot of the failure: {shot}")
        except Exception as exc:  # the page may be gone; the test's own error matters more
            print(f"could not take a failure screenshot: {exc}")
    context.close()
    if problems and not (report is not None and report.failed):
        pytest.fail("the browser saw problems:\n" + "\n".join(problems))
