"""Spiders: they wire requests to extractors and nothing more."""
