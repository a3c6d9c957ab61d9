"""API keys (stored hashed), roles, access groups, per-key rate limits and the bind-address rule.

Keys are configured as SHA-256 hashes (ASSISTANT_API_KEYS, see `assistant keys new`); a request
sends the key itself as `Authorization: Bearer <key>` (or `X-API-Key`). Without any configured key
the server is open, but binds to 127.0.0.1 only: every caller on this machine is an admin without
group restrictions.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Literal

from fastapi import Request

from assistant.api.errors import ApiError
from assistant.config import ApiKeySpec, Settings

Role = Literal["reader", "admin"]
KEY_PREFIX = "wpa_"


@dataclass(frozen=True, slots=True)
class Caller:
    name: str
    role: Role
    groups: frozenset[str] | None  # None: sees every document (an admin without groups, or no keys)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


LOCAL_CALLER = Caller("local", "admin", None)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def is_loopback(host: str) -> bool:
    if host in {"localhost", "localhost.localdomain"}:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class BindRefused(Exception):
    """Binding beyond loopback without API keys: anyone on the network could read every document."""


def check_bind(settings: Settings, host: str) -> str:
    """The start-up line about access; raises BindRefused for a non-loopback host without keys."""
    if settings.api_keys:
        return f"API-sleutels: {len(settings.api_keys)} geconfigureerd; toegang alleen met sleutel."
    if not is_loopback(host):
        raise BindRefused(
            f"Weigering om op {host} te luisteren zonder API-sleutels: iedereen in het netwerk zou alle "
            "documenten kunnen lezen. Configureer ASSISTANT_API_KEYS (zie `assistant keys new`) of "
            "gebruik --host 127.0.0.1 (refusing to bind beyond loopback without API keys)."
        )
    return (
        "Geen API-sleutels geconfigureerd: de server luistert alleen op 127.0.0.1 en iedereen op deze "
        "machine is beheerder (no API keys: loopback only, every local caller is admin)."
    )


class KeyRing:
    """The configured keys by hash; verifying a key is one hash and a constant-time compare."""

    def __init__(self, specs: list[ApiKeySpec]) -> None:
        self.specs = {s.sha256.lower(): s for s in specs}

    @property
    def open(self) -> bool:
        return not self.specs

    def caller(self, request: Request) -> Caller:
        if self.open:
            return LOCAL_CALLER
        key = _presented_key(request)
        if not key:
            raise ApiError(401, "Geen API-sleutel meegestuurd (missing API key).", "missing_key")
        digest = hash_key(key)
        spec = next((s for h, s in self.specs.items() if hmac.compare_digest(h, digest)), None)
        if spec is None:
            raise ApiError(401, "Onbekende API-sleutel (invalid API key).", "invalid_key")
        groups = frozenset(spec.groups) if spec.groups or spec.role == "reader" else None
        return Caller(spec.name, spec.role, groups)


def _presented_key(request: Request) -> str:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.headers.get("x-api-key", "").strip()


class RateLimiter:
    """At most `per_minute` requests per caller in any 60-second window (0 disables the limit)."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, who: str) -> None:
        if self.per_minute <= 0:
            return
        now = time.monotonic()
        with self._lock:
            hits = self._hits.setdefault(who, deque())
            while hits and now - hits[0] > 60.0:
                hits.popleft()
            if len(hits) >= self.per_minute:
                wait = max(1, int(60.0 - (now - hits[0])) + 1)
                raise ApiError(
                    429,
                    f"Te veel verzoeken: maximaal {self.per_minute} per minuut per sleutel "
                    f"(rate limit exceeded; retry in {wait} s).",
                    hint=f"Probeer het over {wait} seconden opnieuw (retry in {wait} s).",
                )
            hits.append(now)
