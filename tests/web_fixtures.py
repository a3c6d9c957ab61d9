"""A real server on loopback and a real headless Chromium for the web page tests.

The server is the app users run (create_app, uvicorn) on a free port; the browser is Debian's
chromium driven through chromedriver by Selenium (`make browser`, part of `make test`). Chromium is told
not to phone home, so the only traffic is to the loopback server.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from api_server import serving  # the API tests' uvicorn-in-a-thread server on a free loopback port

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts" / "web"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PHONE = (390, 844)  # a common phone viewport in CSS pixels
DESKTOP = (1280, 900)


@contextmanager
def live_server(data_dir: Path, corpus_dir: Path, **settings: Any) -> Iterator[str]:
    """The app users run (create_app: API, web page) on this index and corpus."""
    from assistant.api.app import create_app
    from assistant.config import Settings

    config = Settings(data_dir=data_dir, corpus_dir=corpus_dir, **settings)
    with serving(create_app(config)) as url:
        yield url


def copy_data(tmp: Path) -> Path:
    """A private copy of the ingested index, so conversations and feedback stay out of .data."""
    source = ROOT / ".data"
    target = tmp / "data"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.lock"))
    return target


def chromium(width: int, height: int) -> Any:
    """Headless Chromium at this window size, or a clear failure saying how to install it."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        raise RuntimeError(
            "Chromium is not installed: run `make install` (it runs "
            "`apt-get install -y chromium chromium-driver`)."
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",  # the test may run as root in a container
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--lang=nl-NL",
        f"--window-size={width},{height}",
    ):
        options.add_argument(flag)
    # The driver path is given, so Selenium Manager (which would download a driver) is never run.
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


def screenshot(driver: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    assert driver.save_screenshot(str(path)) and path.stat().st_size > 1000, f"no screenshot at {path}"
    return path
