"""The page's own files over real HTTP: served from the package with the right types and a
self-only Content-Security-Policy, nothing else reachable, nothing loaded from elsewhere, and no
script that could parse document text as HTML."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from web_fixtures import ROOT, serving

from assistant.web.routes import router

STATIC = ROOT / "assistant" / "web" / "static"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    app = FastAPI()
    app.include_router(router)
    with serving(app) as url:
        yield url


def test_the_page_is_served_at_the_root_with_a_self_only_policy(base_url: str) -> None:
    response = httpx.get(base_url + "/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy and "object-src 'none'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert '<html lang="nl">' in response.text


def _referenced(name: str, text: str) -> set[str]:
    if name.endswith(".html"):
        return {m.rsplit("/", 1)[-1] for m in re.findall(r'(?:src|href)="(/static/[^"]+)"', text)}
    return set(re.findall(r'from "\./([\w.-]+)"', text)) | set(
        re.findall(r"import\('/static/([\w.-]+)'\)", text)
    )


def test_every_file_the_page_loads_is_served_with_its_type(base_url: str) -> None:
    types = {".js": "text/javascript", ".css": "text/css"}
    wanted = _referenced("index.html", (STATIC / "index.html").read_text(encoding="utf-8"))
    seen: set[str] = set()
    while wanted - seen:
        name = sorted(wanted - seen)[0]
        seen.add(name)
        response = httpx.get(f"{base_url}/static/{name}")
        assert response.status_code == 200, name
        assert response.headers["content-type"].startswith(types[Path(name).suffix]), name
        wanted |= _referenced(name, response.text)
    assert {"app.js", "app.css", "api.js", "answer.js", "viewer.js", "locate.js", "dom.js"} <= seen


@pytest.mark.parametrize(
    "path",
    [
        "/static/nope.js",
        "/static/routes.py",  # a file of the package that is not a page file
        "/static/..%2Froutes.py",
        "/static/..%2F..%2F..%2Fpyproject.toml",
        "/static/%2Fetc%2Fpasswd",
        "/static/",
    ],
)
def test_nothing_but_the_shipped_page_files_is_reachable(base_url: str, path: str) -> None:
    response = httpx.get(base_url + path)
    assert response.status_code == 404
    assert "root:" not in response.text and "[project]" not in response.text


def test_the_page_loads_nothing_from_elsewhere() -> None:
    # Offline use: no CDN, no web font, no remote image; every reference is to this server.
    for path in STATIC.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.IGNORECASE), path.name


def test_no_script_parses_text_as_html() -> None:
    # Document text goes in through textContent only; these would parse it as markup.
    sinks = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(")
    for path in STATIC.glob("*.js"):
        assert not sinks.search(path.read_text(encoding="utf-8")), path.name


def test_the_package_data_ships_every_page_file() -> None:
    # setuptools expands package-data patterns with glob, relative to the package directory.
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    package = ROOT / "assistant"
    shipped = {
        p
        for pattern in config["tool"]["setuptools"]["package-data"]["assistant"]
        for p in package.glob(pattern)
    }
    assert set(STATIC.iterdir()) <= shipped
