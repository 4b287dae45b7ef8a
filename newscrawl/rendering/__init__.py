"""Rendering with scrapy-playwright, only for pages whose content scripts fill in."""
