"""Benchmark the bots: time from a chat event to the posted answer, with many events in flight.

    python scripts/bench_bots.py [--platform slack|teams|both] [--events 120] [--in-flight 20]
                                 [--workers 8] [--processes 1] [--json OUT]

A real server (create_app with both bots on uvicorn, loopback, in its own process) over a scratch
copy of .data, in extractive mode; this process runs the loopback stubs of the tests standing in for
Slack's Web API and Microsoft's Bot Connector, and the load.
Questions come from the project's own tuning set, each event in its own thread. Slack events are
signed; every fifth one is sent again as Slack's retry (same event_id, X-Slack-Retry-Num: 1), so a
duplicated answer would show. Teams activities carry a Bot Connector JWT (signed by the loopback
JWKS). `--in-flight` events are outstanding at any moment: a sender posts the next event when one
of its answers has arrived. Reports p50/p95/max from event sent to answer received by the stub,
the HTTP acknowledgement p95, and lost (no answer within 60 s) and duplicated answers. The first
4 events per server process warm it and are not counted.
`--processes N` (Slack only) runs `assistant serve --workers N` instead: N processes, each with its
own engine, sharing the bots' SQLite state (so a retry reaching another process is still dropped).
Writes bench/results/bots.json.
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

from bot_stubs import ConnectorStub, SlackApiStub, loopback_connections, slack_signature  # noqa: E402

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

    stub: Any

    def key(self, i: int) -> str:
        """The stub's index key of the answers to event i."""
        raise NotImplementedError

    def answers(self, i: int) -> list[float]:
        """Arrival times (monotonic) of the answers posted for event i."""
        return [c.at for c in self.stub.keyed(self.key(i))]


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

    def key(self, i: int) -> str:
        return f"post:C{i}"


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

    def key(self, i: int) -> str:
        return f"message:a:bench-{i}"


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
                platform.stub.wait_keyed(platform.key(i), timeout=TIMEOUT_S)

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


def prepare_data(work: Path) -> Path:
    """A scratch copy of .data whose stores exist before any server process starts (as in a data dir
    that has served before: N processes creating a fresh conversation store at once race on its schema)."""
    from assistant.bots.state import BotState
    from assistant.conversations import ConversationStore

    data = work / "data"
    shutil.copytree(
        ROOT / ".data", data, ignore=shutil.ignore_patterns("*.lock", "conversations.sqlite*", "bots.sqlite*")
    )
    ConversationStore(data / "conversations.sqlite")
    BotState(data / "bots.sqlite")
    return data


def serve_app(data: Path, slack_api: str, connector_url: str, workers: int, port: int) -> None:
    """`--serve`: the API app with both bots on uvicorn, in this (separate) process."""
    import uvicorn
    from microsoft_agents.hosting.core.authorization import _entra_issuers

    from assistant.api.app import create_app
    from assistant.bots import teams as teams_bot
    from assistant.config import Settings

    settings = Settings(
        data_dir=data,
        corpus_dir=ROOT / "corpus",
        llm_base_url=None,  # extractive mode
        slack_bot_token="xoxb-bench",
        slack_signing_secret=SECRET,
        slack_api_url=f"{slack_api}/api/",
        teams_app_id=APP_ID,
        bot_workers=workers,
    )
    # Microsoft's servers are the loopback stub: its JWKS signs incoming tokens, and outgoing calls
    # get a fixed token instead of one from Microsoft's token service.
    _entra_issuers.BOTFRAMEWORK_JWKS_URIS[ConnectorStub.ISSUER] = f"{connector_url}/keys"
    real_mount = teams_bot.mount
    manager = loopback_connections(teams_bot.auth_configuration(settings))
    teams_bot.mount = lambda app: real_mount(app, settings, manager)  # type: ignore[assignment]
    app = create_app(settings)
    app.state.services.ask("Wat doet het Werkgeversservicepunt?", groups=frozenset())  # warm: index, models
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def start_server(
    data: Path, slack: SlackApiStub, connector: ConnectorStub, workers: int, processes: int
) -> tuple[subprocess.Popen[bytes], str]:
    """The server in its own process(es), apart from the stubs and the load generator.

    One process: this script with --serve (both bots). N processes: `assistant serve --workers N`
    (Slack only: the Teams stand-ins for Microsoft's keys and token service are set in --serve)."""
    from bot_stubs import free_port

    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("ASSISTANT_LLM_BASE_URL", None)  # extractive mode
    if processes == 1:
        command = [sys.executable, __file__, "--serve", str(data), slack.url, connector.url, str(port)]
        command += ["--workers", str(workers)]
    else:
        env.update(
            ASSISTANT_DATA_DIR=str(data),
            ASSISTANT_CORPUS_DIR=str(ROOT / "corpus"),
            ASSISTANT_SLACK_BOT_TOKEN="xoxb-bench",
            ASSISTANT_SLACK_SIGNING_SECRET=SECRET,
            ASSISTANT_SLACK_API_URL=f"{slack.url}/api/",
            ASSISTANT_BOT_WORKERS=str(workers),
        )
        command = [
            sys.executable,
            "-c",
            "from assistant.cli import main; main()",
            "serve",
            "--port",
            str(port),
        ]
        command += ["--workers", str(processes)]
    server = subprocess.Popen(command, env=env, cwd=data.parent)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return server, base
        except httpx.HTTPError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("the server did not start")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--serve":
        data, slack_api, connector_url, port = sys.argv[2:6]
        workers = int(sys.argv[7]) if len(sys.argv) > 7 else 8
        serve_app(Path(data), slack_api, connector_url, workers, int(port))
        return
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
    if args.processes > 1 and args.platform != "slack":
        parser.error("--processes > 1 runs Slack only: add --platform slack")

    slack_stub, connector = SlackApiStub(), ConnectorStub(APP_ID)
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-bots-") as tmp:
        data = prepare_data(Path(tmp))
        server, base = start_server(data, slack_stub, connector, args.workers, args.processes)
        try:
            platforms: list[Platform] = []
            if args.platform in ("slack", "both"):
                platforms.append(SlackLoad(base, slack_stub))
            if args.platform in ("teams", "both"):
                platforms.append(TeamsLoad(base, connector))
            offset = 0
            for platform in platforms:
                warm = 4 * args.processes  # each process answers a few before the measured run
                drive(platform, questions(offset + warm), args.in_flight, first=offset)
                offset += warm
                result = drive(platform, questions(offset + args.events), args.in_flight, first=offset)
                offset += args.events
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


if __name__ == "__main__":
    main()
