"""Commands: eval (placeholder until implemented)."""
