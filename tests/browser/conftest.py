"""A real Streamlit server on the demo SQLite file and a real headless Chromium."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Browser, Page, Route
from sqlalchemy import Engine

from charts.export import chromium_path
from config import ROOT

CHROMIUM = chromium_path() or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    """A TCP port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def start_app(
    env: dict[str, str], port: int | None = None, args: tuple[str, ...] = ()
) -> Iterator[str]:
    """`streamlit run app.py` on a port (a free one by default) with this environment (and
    these extra command-line options, such as --secrets.files)."""
    port = port or _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            *args,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("streamlit did not start within 60 s")
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="session")
def app_url(sqlite_engine: Engine) -> Iterator[str]:
    """The dashboard on the tests' demo SQLite file."""
    with start_app(dict(os.environ)) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright (no browser download)."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def sign_in(page: Page, username: str = "demo_admin", password: str = "demo-admin-2024") -> None:
    """Fill the sign-in form with a demo account and wait for the dashboard."""
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.get_by_text("当前用户").first.wait_for(timeout=60_000)


LOCAL = re.compile(r"^(https?|wss?)://(127\.0\.0\.1|localhost)[:/]")


def offline_page(
    browser: Browser,
    url: str,
    *,
    height: int = 1800,
    console_errors: bool = False,
    signed_in: bool = True,
) -> tuple[Page, list[str], list[str]]:
    """A new page that refuses and records requests leaving the machine and page errors.

    Returns (page, outside, errors); with console_errors, console errors count as errors too.
    """
    page = browser.new_page(viewport={"width": 1500, "height": height}, accept_downloads=True)
    outside: list[str] = []
    errors: list[str] = []

    def guard(route: Route) -> None:
        request_url = route.request.url
        if LOCAL.match(request_url) or request_url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(request_url)
            route.abort()

    page.route("**/*", guard)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    if console_errors:
        page.on(
            "console",
            lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None,
        )
    page.goto(url)
    if signed_in:
        sign_in(page)
    return page, outside, errors
