"""Commands: search (placeholder until implemented)."""
