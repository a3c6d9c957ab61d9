"""Evaluation harness: question sets with gold quotes, retrieval metrics, saved reports."""
