"""Ingestion: load corpus files, chunk them by structure, embed them and store them in Chroma + BM25."""
