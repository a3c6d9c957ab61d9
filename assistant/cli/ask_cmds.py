"""Commands: ask (placeholder until implemented)."""
