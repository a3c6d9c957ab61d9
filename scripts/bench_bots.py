"""Benchmark the bots: time from a chat event to the posted answer, with many events in flight.

    python scripts/bench_bots.py [--platform slack|teams|both] [--events 120] [--in-flight 20]
                                 [--workers 8] [--processes 1] [--json OUT]

A real server (create_app on uvicorn, loopback) over a scratch copy of .data, in extractive mode,
and the loopback stubs of the tests standing in for Slack's Web API and Microsoft's Bot Connector.
Questions come from the project's own tuning set, each event in its own thread. Slack events are
signed; every fifth one is sent again as Slack's retry (same event_id, X-Slack-Retry-Num: 1), so a
duplicated answer would show. Teams activities carry a Bot Connector JWT (signed by the loopback
JWKS). `--in-flight` events are outstanding at any moment: a sender posts the next event when one
of its answers has arrived. Reports p50/p95/max from event sent to answer received by the stub,
the HTTP acknowledgement p95, and lost (no answer within 60 s) and duplicated answers.
`--processes N` (Slack only) runs the server as `assistant serve --workers N` in a subprocess
instead: N processes, each with its own engine, sharing the bots' SQLite state (so a retry
reaching another process is still dropped); the first 4*N events warm the processes and are
not counted. Writes bench/results/bots.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bot_stubs import ConnectorStub, SlackApiStub, loopback_connections, serve, slack_signature  # noqa: E402

SECRET = "bench-signing-secret"
APP_ID = "00000000-0000-0000-0000-0000000000bb"
TIMEOUT_S = 60.0


def pctl(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def questions(n: int) -> list[str]:
    rows = [
        json.loads(line)
        for line in (ROOT / "evals/own-tuning.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    qs = [str(r["question"]) for r in rows if r.get("question")]
    return [qs[i % len(qs)] for i in range(n)]


class Platform:
    name = ""

    def send(self, i: int, question: str, client: httpx.Client) -> float:
        """Send event i; returns the seconds the HTTP acknowledgement took."""
        raise NotImplementedError

    def answers(self, i: int) -> list[float]:
        """Arrival times (monotonic) of the answers posted for event i."""
        raise NotImplementedError


class SlackLoad(Platform):
    name = "slack"

    def __init__(self, base: str, stub: SlackApiStub) -> None:
        self.url = f"{base}/slack/events"
        self.stub = stub

    def _post(self, body: str, client: httpx.Client, retry: int = 0) -> float:
        ts = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": slack_signature(SECRET, ts, body),
        }
        if retry:
            headers["X-Slack-Retry-Num"] = str(retry)
        started = time.monotonic()
        response = client.post(self.url, content=body.encode(), headers=headers)
        response.raise_for_status()
        return time.monotonic() - started

    def send(self, i: int, question: str, client: httpx.Client) -> float:
        ts = f"1700000000.{i:06d}"
        event = {
            "type": "app_mention",
            "user": "U1",
            "text": f"<@UBOT> {question}",
            "ts": ts,
            "channel": f"C{i}",
        }
        body = json.dumps(
            {"type": "event_callback", "event_id": f"EvBench{i}", "event": event, "team_id": "T1"}
        )
        ack = self._post(body, client)
        if i % 5 == 0:
            self._post(body, client, retry=1)  # Slack's retry of the same event
        return ack

    def answers(self, i: int) -> list[float]:
        return [c.at for c in self.stub.matching("chat.postMessage", channel=f"C{i}")]


class TeamsLoad(Platform):
    name = "teams"

    def __init__(self, base: str, stub: ConnectorStub) -> None:
        self.url = f"{base}/api/messages"
        self.stub = stub

    def send(self, i: int, question: str, client: httpx.Client) -> float:
        activity = {
            "type": "message",
            "id": f"m{i}",
            "channelId": "msteams",
            "serviceUrl": self.stub.service_url,
            "from": {"id": "29:u1", "aadObjectId": "aad-1"},
            "conversation": {"id": f"a:bench-{i}", "conversationType": "personal"},
            "recipient": {"id": f"28:{APP_ID}"},
            "text": question,
        }
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {self.stub.token()}"}
        started = time.monotonic()
        client.post(
            self.url, content=json.dumps(activity), headers=headers, timeout=TIMEOUT_S
        ).raise_for_status()
        return time.monotonic() - started

    def answers(self, i: int) -> list[float]:
        return [c.at for c in self.stub.messages(f"a:bench-{i}")]


def drive(platform: Platform, qs: list[str], in_flight: int, first: int = 0) -> dict[str, Any]:
    """Events first..len(qs)-1 (ids unique across calls), in_flight of them outstanding at once."""
    sent: dict[int, float] = {}
    acks: list[float] = []
    lock = threading.Lock()
    next_i = iter(range(first, len(qs)))

    def sender() -> None:
        with httpx.Client(timeout=TIMEOUT_S) as client:
            while True:
                with lock:
                    i = next(next_i, None)
                if i is None:
                    return
                sent[i] = time.monotonic()
                acks.append(platform.send(i, qs[i], client))
                deadline = sent[i] + TIMEOUT_S
                while not platform.answers(i) and time.monotonic() < deadline:
                    time.sleep(0.005)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=in_flight) as pool:
        futures = [pool.submit(sender) for _ in range(in_flight)]
    for future in futures:
        future.result()  # a sender's error (a refused request) fails the run loudly
    wall = time.monotonic() - started
    time.sleep(1.0)  # a late duplicate would arrive now
    latencies, lost, duplicated = [], 0, 0
    for i, t0 in sent.items():
        arrivals = platform.answers(i)
        if not arrivals:
            lost += 1
            continue
        duplicated += len(arrivals) - 1
        latencies.append(min(arrivals) - t0)
    return {
        "platform": platform.name,
        "events": len(qs) - first,
        "in_flight": in_flight,
        "p50_s": round(pctl(latencies, 0.5), 3),
        "p95_s": round(pctl(latencies, 0.95), 3),
        "max_s": round(max(latencies), 3) if latencies else None,
        "ack_p95_s": round(pctl(acks, 0.95), 3),
        "lost": lost,
        "duplicated": duplicated,
        "answers_per_s": round(len(latencies) / wall, 2),
    }


def build_app(work: Path, slack_stub: SlackApiStub, connector: ConnectorStub, workers: int) -> Any:
    from microsoft_agents.hosting.core.authorization import _entra_issuers

    from assistant.api.app import create_app
    from assistant.bots import teams as teams_bot
    from assistant.config import Settings

    data = work / "data"
    shutil.copytree(
        ROOT / ".data", data, ignore=shutil.ignore_patterns("*.lock", "conversations.sqlite*", "bots.sqlite*")
    )
    settings = Settings(
        data_dir=data,
        corpus_dir=ROOT / "corpus",
        llm_base_url=None,  # extractive mode
        slack_bot_token="xoxb-bench",
        slack_signing_secret=SECRET,
        slack_api_url=f"{slack_stub.url}/api/",
        teams_app_id=APP_ID,
        bot_workers=workers,
    )
    # Microsoft's servers are the loopback stub: its JWKS signs incoming tokens, and outgoing calls
    # get a fixed token instead of one from Microsoft's token service.
    _entra_issuers.BOTFRAMEWORK_JWKS_URIS[ConnectorStub.ISSUER] = f"{connector.url}/keys"
    real_mount = teams_bot.mount
    config = teams_bot.auth_configuration(settings)
    manager = loopback_connections(config)
    teams_bot.mount = lambda app: real_mount(app, settings, manager)  # type: ignore[assignment]
    app = create_app(settings)
    app.state.services.ask("Wat doet het Werkgeversservicepunt?", groups=frozenset())  # warm: index, models
    return app


def slack_server(
    work: Path, stub: SlackApiStub, processes: int, workers: int
) -> tuple[subprocess.Popen[bytes], str]:
    """`assistant serve --workers N` over a scratch copy of .data, Slack pointed at the stub."""
    from bot_stubs import free_port

    data = work / "data"
    shutil.copytree(
        ROOT / ".data", data, ignore=shutil.ignore_patterns("*.lock", "conversations.sqlite*", "bots.sqlite*")
    )
    # The stores exist before the processes start, as in a data dir that has served before (N
    # processes creating a fresh conversation store at the same instant race on its schema).
    from assistant.bots.state import BotState
    from assistant.conversations import ConversationStore

    ConversationStore(data / "conversations.sqlite")
    BotState(data / "bots.sqlite")
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "ASSISTANT_DATA_DIR": str(data),
        "ASSISTANT_CORPUS_DIR": str(ROOT / "corpus"),
        "ASSISTANT_SLACK_BOT_TOKEN": "xoxb-bench",
        "ASSISTANT_SLACK_SIGNING_SECRET": SECRET,
        "ASSISTANT_SLACK_API_URL": f"{stub.url}/api/",
        "ASSISTANT_BOT_WORKERS": str(workers),
    }
    env.pop("ASSISTANT_LLM_BASE_URL", None)  # extractive mode
    command = [sys.executable, "-c", "from assistant.cli import main; main()", "serve", "--port", str(port)]
    server = subprocess.Popen([*command, "--workers", str(processes)], env=env, cwd=work)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return server, base
        except httpx.HTTPError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--platform", choices=["slack", "teams", "both"], default="both")
    parser.add_argument("--events", type=int, default=120)
    parser.add_argument("--in-flight", type=int, default=20)
    parser.add_argument("--workers", type=int, default=8, help="ASSISTANT_BOT_WORKERS for the run")
    parser.add_argument("--processes", type=int, default=1, help="server processes (Slack only when > 1)")
    parser.add_argument("--json", type=Path, default=ROOT / "bench/results/bots.json")
    args = parser.parse_args()

    slack_stub, connector = SlackApiStub(), ConnectorStub(APP_ID)
    results = []
    if args.processes > 1:
        with tempfile.TemporaryDirectory(prefix="bench-bots-") as tmp:
            server, base = slack_server(Path(tmp), slack_stub, args.processes, args.workers)
            try:
                warm = 4 * args.processes
                load = SlackLoad(base, slack_stub)
                drive(load, questions(warm), args.in_flight)
                qs = questions(warm + args.events)
                result = drive(load, qs, args.in_flight, first=warm)
                result.update(workers=args.workers, processes=args.processes)
                results.append(result)
                print(json.dumps(result))
            finally:
                server.terminate()
                server.wait(timeout=30)
        slack_stub.close()
        connector.close()
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        return
    with tempfile.TemporaryDirectory(prefix="bench-bots-") as tmp:
        app = build_app(Path(tmp), slack_stub, connector, args.workers)
        with serve(app) as base:
            platforms: list[Platform] = []
            if args.platform in ("slack", "both"):
                platforms.append(SlackLoad(base, slack_stub))
            if args.platform in ("teams", "both"):
                platforms.append(TeamsLoad(base, connector))
            for platform in platforms:
                result = drive(platform, questions(args.events), args.in_flight)
                result.update(workers=args.workers, processes=1)
                results.append(result)
                print(json.dumps(result))
    slack_stub.close()
    connector.close()
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
