"""The HTTP API over real HTTP on loopback: contract, access groups through every endpoint, bad input.

One server over a copy of the real corpus in which one document is restricted to the group
'bestuur' (ingested with the embedding cache of .data, so nothing is embedded again).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api_server import serving
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

RESTRICTED = "voorstel-pow-2019"
KEYS = {"reader": "wpa_reader_key", "bestuur": "wpa_bestuur_key", "admin": "wpa_admin_key"}


def _spec(name: str, role: str, groups: list[str]) -> dict[str, Any]:
    import hashlib

    return {
        "name": name,
        "sha256": hashlib.sha256(KEYS[name].encode()).hexdigest(),
        "role": role,
        "groups": groups,
    }


def auth(name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {KEYS[name]}"}


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    from assistant.api.app import create_app
    from assistant.config import ApiKeySpec, Settings
    from ingest.pipeline import ingest_corpus

    base = tmp_path_factory.mktemp("api")
    corpus, data = base / "corpus", base / "data"
    shutil.copytree(ROOT / "corpus", corpus)
    manifest = (corpus / "documents.toml").read_text(encoding="utf-8")
    marker = f'id = "{RESTRICTED}"\n'
    (corpus / "documents.toml").write_text(
        manifest.replace(marker, marker + 'groups = ["bestuur"]\n'), "utf-8"
    )
    data.mkdir()
    shutil.copy(ROOT / ".data" / "embeddings.sqlite", data / "embeddings.sqlite")
    ingest_corpus(corpus, data, "e5", indicators_db=data / "indicators.sqlite")
    settings = Settings(
        corpus_dir=corpus,
        data_dir=data,
        api_keys=[
            ApiKeySpec(**_spec("reader", "reader", [])),
            ApiKeySpec(**_spec("bestuur", "reader", ["bestuur"])),
            ApiKeySpec(**_spec("admin", "admin", [])),
        ],
        rate_limit_per_minute=0,
        body_timeout_s=1.5,
    )
    app = create_app(settings)
    with serving(app) as url, httpx.Client(base_url=url, timeout=120) as client:
        yield {"url": url, "client": client, "settings": settings, "app": app, "corpus": corpus, "data": data}


def _error(r: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    """Every error has one shape, and never a trace or a server path."""
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "hint"}
    assert body["error"]["message"] and body["error"]["hint"]
    if code:
        assert body["error"]["code"] == code
    assert "Traceback" not in r.text and "/tmp" not in r.text and str(ROOT) not in r.text
    return dict(body["error"])


# --- contract ---------------------------------------------------------------------------------------
def test_health_ready_and_docs(env: dict[str, Any]) -> None:
    c = env["client"]
    assert c.get("/healthz").json() == {"status": "ok"}
    ready = c.get("/readyz").json()
    assert ready["ready"] and ready["generation"] and ready["indicators"]
    assert c.get("/docs").status_code == 200
    paths = c.get("/openapi.json").json()["paths"]
    for path in ("/v1/ask", "/v1/ask/stream", "/v1/search", "/v1/feedback", "/v1/ingest", "/v1/budget"):
        assert path in paths


def _cli(env: dict[str, Any], *args: str) -> dict[str, Any]:
    s = env["settings"]
    run_env = {**os.environ, "ASSISTANT_DATA_DIR": str(s.data_dir), "ASSISTANT_CORPUS_DIR": str(s.corpus_dir)}
    out = subprocess.run(
        [sys.executable, "-c", "from assistant.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=run_env,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    return dict(json.loads(out.stdout))


def test_ask_and_search_return_the_cli_json(env: dict[str, Any]) -> None:
    c = env["client"]
    question = "Hoe lang duurt de nazorg na plaatsing?"
    api = c.post("/v1/ask", json={"question": question}, headers=auth("admin")).json()
    cli = _cli(env, "ask", "--json", question)
    assert api.pop("answer_id")
    api.pop("conversation_id"), cli.pop("conversation_id")
    assert api == cli
    body = {"query": "werkgeversservicepunt", "k": 3, "filters": {"doc_type": "programmaplan"}}
    api_search = c.post("/v1/search", json=body, headers=auth("admin")).json()
    assert api_search == _cli(env, "search", "--json", "-k", "3", "--type", "programmaplan", body["query"])


def test_feedback_is_stored_with_the_audit_record(env: dict[str, Any]) -> None:
    c = env["client"]
    answer = c.post(
        "/v1/ask", json={"question": "Wat doet het werkgeversservicepunt?"}, headers=auth("reader")
    )
    answer_id = answer.json()["answer_id"]
    r = c.post(
        "/v1/feedback",
        json={"answer_id": answer_id, "vote": "down", "comment": "te kort"},
        headers=auth("reader"),
    )
    assert r.status_code == 200
    record = c.get(f"/v1/answers/{answer_id}", headers=auth("reader")).json()
    assert record["question"] == "Wat doet het werkgeversservicepunt?"
    assert record["generation"] == c.get("/readyz").json()["generation"]
    assert record["chunk_ids"] == [x["chunk_id"] for x in answer.json()["citations"]]
    assert record["mode"] == "extractive" and record["resolved_question"] and record["created"]
    assert record["feedback"][0] | {"created": 0} == {
        "vote": "down",
        "comment": "te kort",
        "who": "reader",
        "created": 0,
    }
    turns = c.get(f"/v1/conversations/{record['conversation_id']}", headers=auth("reader")).json()["turns"]
    assert [t["answer_id"] for t in turns] == [answer_id]


def test_stream_reports_progress_then_the_answer(env: dict[str, Any]) -> None:
    events = []
    with env["client"].stream(
        "POST",
        "/v1/ask/stream",
        json={"question": "Hoeveel banen zijn er in 2020 gerealiseerd?"},
        headers=auth("reader"),
    ) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        kind = None
        for line in r.iter_lines():
            if line.startswith("event: "):
                kind = line[7:]
            elif line.startswith("data: "):
                events.append((kind, json.loads(line[6:])))
    stages = [d["stage"] for k, d in events if k == "progress"]
    assert stages[0] == "searching" and "answer" in stages
    assert events[-1][0] == "answer" and events[-1][1]["answer_id"] and events[-1][1]["status"]


def test_document_views_and_file(env: dict[str, Any]) -> None:
    c = env["client"]
    docs = c.get("/v1/documents", headers=auth("admin")).json()["documents"]
    assert {"programma-wp-2022", "programma-wp-2022/programma"} <= {d["id"] for d in docs}
    view = c.get("/v1/documents/programma-wp-2022/programma", headers=auth("admin")).json()
    assert view["document"]["title"].startswith("Programma") and view["first_line"] == 47
    anchor = view["anchors"][0]
    chunk = c.get(f"/v1/chunks/{anchor['chunk_id']}", headers=auth("admin")).json()
    lines = view["text"].split("\n")
    assert chunk["text"].split("\n")[0].strip() in "\n".join(
        lines[anchor["line_start"] - view["first_line"] : anchor["line_end"] - view["first_line"] + 1]
    )
    f = c.get("/v1/documents/programma-wp-2022/file", headers=auth("admin"))
    assert (
        f.status_code == 200
        and f.content == (env["corpus"] / "programma-werk-en-participatie-2022-2026.txt").read_bytes()
    )


# --- access groups through every endpoint ------------------------------------------------------------
def _cites_restricted(answer: dict[str, Any]) -> bool:
    return any(c["document_id"].startswith(RESTRICTED) for c in answer["citations"]) or any(
        f["source"].get("document_id", "").startswith(RESTRICTED) for f in answer["figures"]
    )


def test_a_restricted_document_reaches_no_unauthorised_endpoint(env: dict[str, Any]) -> None:
    c = env["client"]
    question = {"question": "Wat is het budget voor Perspectief op Werk in 2019?"}
    search = {"query": "voorstel perspectief op werk 2019 budget", "k": 10}
    # Someone in the group sees it: the test is not vacuous.
    insider = c.post("/v1/ask", json=question, headers=auth("bestuur")).json()
    assert _cites_restricted(insider)
    hits = c.post("/v1/search", json=search, headers=auth("bestuur")).json()["results"]
    assert any(h["document_id"].startswith(RESTRICTED) for h in hits)
    restricted_chunk = next(h["chunk_id"] for h in hits if h["document_id"].startswith(RESTRICTED))

    for who in ("reader",):
        h = auth(who)
        answer = c.post("/v1/ask", json=question, headers=h).json()
        assert not _cites_restricted(answer)
        assert RESTRICTED not in json.dumps(answer["tool_calls"])
        results = c.post("/v1/search", json=search, headers=h).json()["results"]
        assert results and not any(r["document_id"].startswith(RESTRICTED) for r in results)
        _error(
            c.post("/v1/search", json={"query": "budget", "filters": {"document": RESTRICTED}}, headers=h),
            400,
        )
        assert RESTRICTED not in {d["id"] for d in c.get("/v1/documents", headers=h).json()["documents"]}
        _error(c.get(f"/v1/documents/{RESTRICTED}", headers=h), 404, "not_found")
        _error(c.get(f"/v1/documents/{RESTRICTED}/file", headers=h), 404, "not_found")
        _error(c.get(f"/v1/chunks/{restricted_chunk}", headers=h), 404, "not_found")
        indicators = c.get("/v1/indicators", params={"query": "perspectief op werk"}, headers=h).json()
        assert indicators["indicators"] and not any(
            r["source"]["document_id"].startswith(RESTRICTED) for r in indicators["indicators"]
        )
        everything = c.get("/v1/indicators", headers=h).json()["indicators"]
        assert not any(r["source"]["document_id"].startswith(RESTRICTED) for r in everything)
        budget = c.get("/v1/budget", params={"programme": "Perspectief op Werk"}, headers=h).json()
        assert RESTRICTED not in json.dumps(budget)
        _error(c.get(f"/v1/answers/{insider['answer_id']}", headers=h), 404, "not_found")
        _error(c.post("/v1/feedback", json={"answer_id": insider["answer_id"], "vote": "up"}, headers=h), 404)
        turns = c.get(f"/v1/conversations/{insider['conversation_id']}", headers=h).json()["turns"]
        assert turns == []
        _error(
            c.post("/v1/ask", json={**question, "conversation_id": insider["conversation_id"]}, headers=h),
            404,
        )
    # The insider's own records are intact.
    assert c.get(f"/v1/answers/{insider['answer_id']}", headers=auth("bestuur")).json()["answer_id"]
    budget_all = c.get(
        "/v1/budget", params={"programme": "Perspectief op Werk"}, headers=auth("bestuur")
    ).json()
    assert RESTRICTED in json.dumps(budget_all)


# --- bad input, each a test ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "content_type", "status", "code"),
    [
        (b'{"question": "nazorg', "application/json", 400, "invalid_json"),
        (b"question=nazorg", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    ],
    ids=["malformed_json", "wrong_content_type"],
)
def test_a_body_that_is_not_json(
    env: dict[str, Any], content: bytes, content_type: str, status: int, code: str
) -> None:
    r = env["client"].post(
        "/v1/ask", content=content, headers={**auth("reader"), "content-type": content_type}
    )
    _error(r, status, code)


def test_missing_and_wrong_key(env: dict[str, Any]) -> None:
    c = env["client"]
    assert _error(c.post("/v1/search", json={"query": "nazorg"}), 401, "missing_key")
    assert c.post("/v1/search", json={"query": "nazorg"}).headers["www-authenticate"] == "Bearer"
    _error(
        c.post("/v1/search", json={"query": "nazorg"}, headers={"Authorization": "Bearer wpa_wrong"}),
        401,
        "invalid_key",
    )
    _error(c.get("/v1/documents", headers={"X-API-Key": "nope"}), 401, "invalid_key")


def test_reader_key_cannot_ingest_or_import(env: dict[str, Any]) -> None:
    c = env["client"]
    _error(c.post("/v1/ingest", json={"rebuild": False}, headers=auth("reader")), 403, "forbidden")
    _error(c.post("/v1/indicators/import?filename=x.csv", content=b"a,b\n", headers=auth("reader")), 403)


def test_an_upload_that_is_not_a_document(env: dict[str, Any]) -> None:
    c, corpus = env["client"], env["corpus"]
    before = sorted(p.name for p in corpus.iterdir() if not p.name.startswith("."))
    junk = bytes(range(256)) * 40
    r = c.post(
        "/v1/ingest?filename=rapport.pdf",
        content=junk,
        headers={**auth("admin"), "content-type": "application/pdf"},
    )
    _error(r, 422, "not_a_document")
    _error(
        c.post("/v1/ingest?filename=tool.exe", content=b"MZ...", headers=auth("admin")),
        415,
        "unsupported_file_type",
    )
    assert sorted(p.name for p in corpus.iterdir() if not p.name.startswith(".")) == before
    assert not list((corpus / ".uploads").iterdir())


def test_a_60_mb_upload(env: dict[str, Any]) -> None:
    # Its own connection: the server answers 413 and closes while the client is still sending.
    c = httpx.Client(base_url=env["url"], timeout=60)
    big = b"a" * (60 * 1024 * 1024)
    _error(c.post("/v1/ingest?filename=groot.txt", content=big, headers=auth("admin")), 413, "too_large")

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while it streams in
        for _ in range(60):
            yield b"a" * (1024 * 1024)

    _error(c.post("/v1/ingest?filename=groot.txt", content=chunks(), headers=auth("admin")), 413, "too_large")
    c.close()
    assert not (env["corpus"] / "groot.txt").exists()
    assert env["client"].get("/healthz").status_code == 200


def test_path_traversal(env: dict[str, Any]) -> None:
    c = env["client"]
    for doc in ("../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "programma-wp-2022/../../../etc/passwd"):
        _error(c.get(f"/v1/documents/{doc}/file", headers=auth("admin")), 404)
        _error(c.get(f"/v1/documents/{doc}", headers=auth("admin")), 404)
    for name in ("../evil.txt", "..\\evil.txt", "/etc/evil.txt", "sub/evil.txt"):
        r = c.post("/v1/ingest", params={"filename": name}, content=b"tekst", headers=auth("admin"))
        _error(r, 400, "invalid_filename")
    assert not (env["corpus"].parent / "evil.txt").exists()


def test_unknown_conversation_and_answer_ids(env: dict[str, Any]) -> None:
    c = env["client"]
    _error(
        c.post(
            "/v1/ask", json={"question": "nazorg?", "conversation_id": "doesnotexist"}, headers=auth("reader")
        ),
        404,
    )
    _error(c.get("/v1/conversations/doesnotexist", headers=auth("reader")), 404, "not_found")
    _error(c.get("/v1/answers/doesnotexist", headers=auth("reader")), 404, "not_found")
    _error(
        c.post("/v1/feedback", json={"answer_id": "doesnotexist", "vote": "up"}, headers=auth("reader")), 404
    )
    _error(c.post("/v1/feedback", json={"answer_id": "x", "vote": "maybe"}, headers=auth("reader")), 422)


def test_too_long_question_and_unknown_route(env: dict[str, Any]) -> None:
    c = env["client"]
    _error(
        c.post("/v1/ask", json={"question": "nazorg " * 2000}, headers=auth("reader")),
        413,
        "question_too_long",
    )
    _error(c.post("/v1/ask", json={"question": "x" * 200_000}, headers=auth("reader")), 413, "too_large")
    _error(c.get("/v1/nothing", headers=auth("reader")), 404)


def test_a_slow_client_holds_no_worker(env: dict[str, Any]) -> None:
    host, port = env["url"].removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as slow:
        slow.sendall(
            b"POST /v1/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Authorization: Bearer " + KEYS["reader"].encode() + b'\r\nContent-Length: 100\r\n\r\n{"query"'
        )
        started = time.monotonic()
        fast = env["client"].post("/v1/search", json={"query": "nazorg"}, headers=auth("reader"))
        assert fast.status_code == 200 and time.monotonic() - started < 10
        slow.settimeout(20)
        reply = slow.recv(4096).decode()
    assert reply.startswith("HTTP/1.1 408") and '"request_timeout"' in reply


def test_a_client_that_disconnects_mid_stream(env: dict[str, Any]) -> None:
    c = env["client"]
    first = c.post(
        "/v1/ask", json={"question": "Wat doet het werkgeversservicepunt?"}, headers=auth("reader")
    ).json()
    conversation = first["conversation_id"]
    with (
        httpx.Client(base_url=env["url"], timeout=60) as other,
        other.stream(
            "POST",
            "/v1/ask/stream",
            json={"question": "En hoe lang duurt de nazorg?", "conversation_id": conversation},
            headers=auth("reader"),
        ) as r,
    ):
        for line in r.iter_lines():
            if line.startswith("event: progress"):
                break  # hang up after the first event
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # the answer is still finished and recorded
        turns = c.get(f"/v1/conversations/{conversation}", headers=auth("reader")).json()["turns"]
        if len(turns) == 2:
            break
        time.sleep(0.2)
    assert [t["turn"] for t in turns] == [1, 2]
    assert c.get("/healthz").status_code == 200


def test_rate_limit_timeout_and_cors(env: dict[str, Any]) -> None:
    from assistant.api.app import create_app

    services = env["app"].state.services
    limited = create_app(env["settings"].model_copy(update={"rate_limit_per_minute": 3}), services)
    with serving(limited) as url, httpx.Client(base_url=url, timeout=60) as c:
        codes = [c.get("/v1/documents", headers=auth("reader")).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        _error(c.get("/v1/documents", headers=auth("reader")), 429, "rate_limited")
        assert c.get("/v1/documents", headers=auth("admin")).status_code == 200  # per key
        r = c.options(
            "/v1/ask", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
        )
        assert "access-control-allow-origin" not in r.headers
    slow = create_app(env["settings"].model_copy(update={"request_timeout_s": 0.001}), services)
    with serving(slow) as url, httpx.Client(base_url=url, timeout=60) as c:
        _error(
            c.post("/v1/ask", json={"question": "Wat doet het WSP?"}, headers=auth("reader")), 504, "timeout"
        )
    cors = create_app(
        env["settings"].model_copy(update={"cors_origins": ["https://intranet.example"]}), services
    )
    with serving(cors) as url, httpx.Client(base_url=url, timeout=60) as c:
        r = c.options(
            "/v1/ask", headers={"Origin": "https://intranet.example", "Access-Control-Request-Method": "POST"}
        )
        assert r.headers["access-control-allow-origin"] == "https://intranet.example"


def test_admin_uploads_a_document_and_new_requests_find_it(env: dict[str, Any]) -> None:
    c = env["client"]
    before = c.get("/readyz").json()["generation"]
    earlier = c.post("/v1/ask", json={"question": "Hoe lang duurt de nazorg?"}, headers=auth("reader")).json()
    text = (
        "Fietsplan\n\nIedere deelnemer aan het fietsproject krijgt een opgeknapte fiets van de werkplaats.\n"
    )
    r = c.post(
        "/v1/ingest?filename=fietsplan.txt",
        content=text.encode(),
        headers={**auth("admin"), "content-type": "text/plain"},
    )
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["added"] == ["fietsplan.txt"] and report["generation"] != before
    assert c.get("/readyz").json()["generation"] == report["generation"]
    hits = c.post(
        "/v1/search", json={"query": "opgeknapte fiets werkplaats", "k": 1}, headers=auth("reader")
    ).json()
    assert hits["results"][0]["source_path"].endswith("fietsplan.txt")
    again = c.post("/v1/ingest", json={"rebuild": False}, headers=auth("admin")).json()
    assert again["unchanged"] and not again["added"]
    # The audit record of an answer from the replaced generation stays readable, as it was given.
    record = c.get(f"/v1/answers/{earlier['answer_id']}", headers=auth("reader")).json()
    assert record["generation"] == before and record["answer"]["answer"] == earlier["answer"]
    assert not (env["data"] / "index" / before).exists()  # no reader held it: deleted


def test_errors_name_no_server_paths(tmp_path: Path) -> None:
    from assistant.api.app import create_app
    from assistant.config import Settings

    settings = Settings(corpus_dir=tmp_path / "corpus", data_dir=tmp_path / "data")
    with serving(create_app(settings)) as url, httpx.Client(base_url=url, timeout=30) as c:
        for r in (c.get("/v1/indicators"), c.post("/v1/search", json={"query": "nazorg"}), c.get("/readyz")):
            assert r.status_code == 503 and str(tmp_path) not in r.text, r.text
        _error(c.get("/v1/indicators"), 503, "not_ready")
