"""Fixtures for the site tests: the built book, a local server, and a sealed browser page.

The tests run against ``_build/html`` (built by ``make book``; ``make test`` builds it
before this folder runs). Fixtures, reusable by every test module under ``tests/site``:

``site_dir``
    :class:`pathlib.Path` of ``_build/html``; the test fails with "run make book first"
    when the site has not been built.
``site_url``
    Session-scoped base URL ``"http://127.0.0.1:PORT/"`` of a static HTTP server over
    ``site_dir``, started in a background thread for the session.
``browser``
    Session-scoped Playwright browser: Debian's ``chromium``, headless. Without chromium
    the browser tests are skipped with a message saying how to install it, except with
    ``CI=true``, where they fail instead (CI must never pass without them).
``page``
    A :class:`SitePage` for one test: a fresh browser context whose every request that
    leaves ``site_url`` is aborted (``route.abort``) and recorded. Use it like a Playwright
    page (attribute access is delegated: ``page.goto``, ``page.locator``, ...); the real
    page is ``page.pw``. It collects

    - ``page.console_errors``: console messages of type ``error`` and uncaught page errors;
    - ``page.blocked_requests``: URLs outside the site the page tried to load (aborted);
    - ``page.failed_requests``: local requests that failed or answered HTTP >= 400.

    ``page.open("chapters/intro.html")`` navigates relative to ``site_url`` and waits for
    the network to go idle; ``page.assert_clean()`` fails listing every console error,
    blocked and failed request. Any blocked request also fails the test at teardown,
    whether or not the test called ``assert_clean``.
``site_report``
    A list of lines printed in the terminal summary (e.g. how many links were checked).
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from built_site import SITE_DIR

CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
#: URL schemes that never leave the machine
LOCAL_SCHEMES = ("data:", "blob:", "about:")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


_REPORT = pytest.StashKey[list]()


def pytest_configure(config):
    config.stash[_REPORT] = []


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    lines = config.stash.get(_REPORT, [])
    if lines:
        terminalreporter.section("site")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def site_report(pytestconfig) -> list[str]:
    return pytestconfig.stash[_REPORT]


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE_DIR / "index.html").is_file():
        pytest.fail(f"{SITE_DIR} has no index.html: run make book first", pytrace=False)
    return SITE_DIR


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture(scope="session")
def site_url(site_dir: Path):
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        message = "chromium is not installed: run `apt-get install chromium` to enable the browser tests"
        if in_ci():
            pytest.fail(f"CI=true but {message}", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class SitePage:
    """A Playwright page sealed to the local site, recording what went wrong (see module doc)."""

    def __init__(self, pw_page, site_url: str):
        self.pw = pw_page
        self.site_url = site_url
        self.console_errors: list[str] = []
        self.blocked_requests: list[str] = []
        self.failed_requests: list[str] = []
        origin = urlsplit(site_url)
        self._origin = (origin.scheme, origin.netloc)
        pw_page.route("**/*", self._route)
        pw_page.on("console", self._on_console)
        pw_page.on("pageerror", lambda error: self.console_errors.append(f"uncaught: {error}"))
        pw_page.on("requestfailed", self._on_request_failed)
        pw_page.on("response", self._on_response)

    def is_local(self, url: str) -> bool:
        if url.startswith(LOCAL_SCHEMES):
            return True
        parts = urlsplit(url)
        return (parts.scheme, parts.netloc) == self._origin

    def _route(self, route):
        url = route.request.url
        if self.is_local(url):
            route.continue_()
        else:
            self.blocked_requests.append(url)
            route.abort("blockedbyclient")

    def _on_console(self, message):
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            self.console_errors.append(f"{message.text} ({where})" if where else message.text)

    def _on_request_failed(self, request):
        if self.is_local(request.url):
            self.failed_requests.append(f"{request.url}: {request.failure}")

    def _on_response(self, response):
        if response.status >= 400 and self.is_local(response.url):
            self.failed_requests.append(f"{response.url}: HTTP {response.status}")

    def url_of(self, path: str) -> str:
        return urljoin(self.site_url, path)

    def open(self, path: str, wait_until: str = "networkidle"):
        """Navigate to ``path`` (relative to the site root) and return the response."""
        return self.pw.goto(self.url_of(path), wait_until=wait_until)

    def problems(self) -> list[str]:
        return ([f"console error: {e}" for e in self.console_errors]
                + [f"blocked external request: {u}" for u in self.blocked_requests]
                + [f"failed request: {u}" for u in self.failed_requests])

    def assert_clean(self) -> None:
        problems = self.problems()
        assert not problems, f"{self.pw.url}:\n  " + "\n  ".join(problems)

    def __getattr__(self, name):
        return getattr(self.pw, name)


@pytest.fixture
def page(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    site_page = SitePage(context.new_page(), site_url)
    yield site_page
    context.close()
    if site_page.blocked_requests:
        pytest.fail("the page requested URLs outside the site (blocked):\n  "
                    + "\n  ".join(site_page.blocked_requests), pytrace=False)
