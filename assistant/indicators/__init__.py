"""Indicators: figures and budgets from the documents as data with provenance, and the tools over them."""
