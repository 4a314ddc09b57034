"""Fixtures for the JupyterLab tests: a real JupyterLab server and headless chromium driving it.

``lab_server``
    Session-scoped :class:`jupyterlab_driver.LabServer`: ``jupyter lab`` started from this
    virtual environment on 127.0.0.1 and a free port, with token authentication, over a
    temporary folder holding *copies* of ``chapters/`` and ``exercises/student/`` (JupyterLab
    saves what it runs; the committed notebooks are never touched). Its settings, workspace,
    runtime and data folders are temporary too, so neither the tester's own JupyterLab set-up
    nor a ``python3`` kernel of theirs can leak in; notebook windowing is off so every cell
    is in the page.
``browser``
    Session-scoped Playwright browser: Debian's ``chromium``, headless. Without chromium the
    tests are skipped with a message saying how to install it, except with ``CI=true``,
    where they fail instead (CI must never pass without them), as in ``tests/site``.
``lab``
    A :class:`jupyterlab_driver.LabPage` for one test: JupyterLab loaded in a fresh browser
    page, ready to open notebooks.
``lab_report``
    Lines printed in the terminal summary (per-notebook Run All times).
"""
from __future__ import annotations

import os
import shutil

import pytest

from jupyterlab_driver import SCREENSHOTS, LabPage, LabServer

CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

_REPORT = pytest.StashKey[list]()


def pytest_configure(config):
    config.stash[_REPORT] = []


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    lines = config.stash.get(_REPORT, [])
    if lines:
        terminalreporter.section("JupyterLab")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def lab_report(pytestconfig) -> list[str]:
    return pytestconfig.stash[_REPORT]


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        message = "chromium is not installed: run `apt-get install chromium` to enable the JupyterLab tests"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {message}", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def lab_server(browser, tmp_path_factory):
    server = LabServer(tmp_path_factory.mktemp("jupyterlab"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def lab(browser, lab_server):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    page = LabPage(context.new_page(), lab_server)
    yield page
    context.close()
