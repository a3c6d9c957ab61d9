"""Commands: indicator (placeholder until implemented)."""
