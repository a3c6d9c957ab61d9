"""Loads the LLM prompts from the repository's prompts/*.md files (prompts never live inline in Python)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

# assistant/answer/llm/prompts.py -> repo root is three packages up; the prompts are versioned next to the code.
PROMPTS_DIR = Path(__file__).resolve().parents[3] / "prompts"

_SECTION = re.compile(r"^## +(\S+)[ \t]*$", re.MULTILINE)


def _path(name: str, prompts_dir: Path | None) -> Path:
    base = prompts_dir or PROMPTS_DIR
    filename = name if name.endswith(".md") else f"{name}.md"
    path = base / filename
    if not path.is_file():
        raise FileNotFoundError(
            f"Prompt file {path} is missing. Prompts are read from the repository's prompts/ directory; "
            "run the assistant from a checkout of the repository (or an editable install) so that "
            f"{base} exists."
        )
    return path


@lru_cache(maxsize=32)
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8").strip()


def load_prompt(name: str, prompts_dir: Path | None = None) -> str:
    """Return prompts/<name>.md as text (e.g. load_prompt("system"))."""
    return _read(_path(name, prompts_dir))


def load_sections(name: str, prompts_dir: Path | None = None) -> dict[str, str]:
    """Return {key: text} from the `## key` sections of prompts/<name>.md (the text above them is a note)."""
    parts = _SECTION.split(load_prompt(name, prompts_dir))
    # re.split with one group yields [preamble, key1, body1, key2, body2, ...].
    return {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}


def load_tool_descriptions(prompts_dir: Path | None = None) -> dict[str, str]:
    """Return {tool name: description} from prompts/tool_descriptions.md."""
    return load_sections("tool_descriptions", prompts_dir)
