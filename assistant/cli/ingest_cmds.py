"""Commands: ingest (placeholder until implemented)."""
