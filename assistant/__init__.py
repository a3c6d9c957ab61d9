"""The Werk & Participatie assistant: hybrid search, indicator tools and a cited answer engine."""
