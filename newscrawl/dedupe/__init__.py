"""Deduplication: URL keys, content signatures, and the state that keeps them across runs."""
